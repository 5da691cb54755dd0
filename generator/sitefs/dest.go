package sitefs

import (
	"fmt"
	"os"
	"path/filepath"
)

// OverrideDir is where a site overrides single files of its theme: layouts/<name>.html,
// layouts/partials/<name>.html (see package theme).
const OverrideDir = "layouts"

// SourceRoots are the folders of a site a build reads: never written, no output or cache
// folder may be inside one, and all a build cache copies.
var SourceRoots = []string{"content", "themes", OverrideDir, "static"}

// CheckCache refuses a cache folder a build would destroy or read as a source.
func CheckCache(source, dest, cache string) error {
	c := resolved(cache)
	if within(destPath(dest), c) {
		return fmt.Errorf("build cache %s: is inside the output folder %s, which the build replaces (choose another --cache-dir)", cache, dest)
	}
	for _, root := range SourceRoots {
		if within(resolved(filepath.Join(source, root)), c) {
			return fmt.Errorf("build cache %s: is inside the source folder %s/ (choose another --cache-dir)", cache, root)
		}
	}
	return nil
}

// within reports whether the folder p is parent or below it (both absolute and resolved).
func within(parent, p string) bool {
	rel, err := filepath.Rel(parent, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// resolved is p made absolute with the symbolic links of its existing part followed: a
// folder reached through a link is the folder it leads to (an output folder below a link
// to content/ is inside content/). The part that does not exist yet is kept as written.
func resolved(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	rest := ""
	for cur := abs; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs
		}
		rest, cur = filepath.Join(filepath.Base(cur), rest), parent
	}
}

// destPath is the output folder as a build replaces it: the build makes its new folder
// beside dest and swaps the two names, so dest itself may be a link (the link is replaced,
// not what it leads to), but the folder it is in is written wherever a link leads.
func destPath(dest string) string {
	abs, err := filepath.Abs(dest)
	if err != nil || abs == filepath.Dir(abs) {
		return abs
	}
	return filepath.Join(resolved(filepath.Dir(abs)), filepath.Base(abs))
}

// CheckDest refuses output directories whose replacement would destroy the sources.
func CheckDest(source, dest string) error {
	if _, err := filepath.Abs(dest); err != nil {
		return err
	}
	dst := destPath(dest)
	if dst == filepath.Dir(dst) {
		return fmt.Errorf("--dest %s: refusing to replace a file system root", dest)
	}
	if home, err := os.UserHomeDir(); err == nil && dst == resolved(home) {
		return fmt.Errorf("--dest %s: refusing to replace the home directory", dest)
	}
	if within(dst, resolved(source)) {
		return fmt.Errorf("--dest %s: contains the source folder %s; the build would replace it", dest, source)
	}
	for _, keep := range SourceRoots {
		if within(resolved(filepath.Join(source, keep)), dst) {
			return fmt.Errorf("--dest %s: is inside the source folder %s/", dest, keep)
		}
	}
	return nil
}
