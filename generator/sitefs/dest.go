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
	if within(dest, cache) {
		return fmt.Errorf("build cache %s: is inside the output folder %s, which the build replaces (choose another --cache-dir)", cache, dest)
	}
	for _, root := range SourceRoots {
		if within(filepath.Join(source, root), cache) {
			return fmt.Errorf("build cache %s: is inside the source folder %s/ (choose another --cache-dir)", cache, root)
		}
	}
	return nil
}

// within reports whether the folder p is parent or below it (both made absolute).
func within(parent, p string) bool {
	a, err := filepath.Abs(parent)
	if err != nil {
		return false
	}
	b, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(a, b)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// CheckDest refuses output directories whose replacement would destroy the sources.
func CheckDest(source, dest string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	dst, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if dst == filepath.Dir(dst) {
		return fmt.Errorf("--dest %s: refusing to replace a file system root", dest)
	}
	if home, err := os.UserHomeDir(); err == nil && dst == filepath.Clean(home) {
		return fmt.Errorf("--dest %s: refusing to replace the home directory", dest)
	}
	if within(dst, src) {
		return fmt.Errorf("--dest %s: contains the source folder %s; the build would replace it", dest, source)
	}
	for _, keep := range SourceRoots {
		if within(filepath.Join(src, keep), dst) {
			return fmt.Errorf("--dest %s: is inside the source folder %s/", dest, keep)
		}
	}
	return nil
}
