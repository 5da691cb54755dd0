package sitefs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckDestAndCache(t *testing.T) {
	src := t.TempDir()
	home, _ := os.UserHomeDir()
	for _, tt := range []struct {
		dest, cache string
		err         string // "" when allowed
	}{
		{filepath.Join(src, "public"), "", ""},
		{filepath.Join(t.TempDir(), "out"), "", ""},
		{"/", "", "refusing to replace a file system root"},
		{home, "", "refusing to replace the home directory"},
		{filepath.Dir(src), "", "contains the source folder"},
		{src, "", "contains the source folder"},
		{filepath.Join(src, "content", "out"), "", "is inside the source folder content/"},
		{filepath.Join(src, "layouts"), "", "is inside the source folder layouts/"},
		{filepath.Join(src, "public"), filepath.Join(src, ".sitegen-cache"), ""},
		{filepath.Join(src, "public"), filepath.Join(src, "public", "cache"), "is inside the output folder"},
		{filepath.Join(src, "public"), filepath.Join(src, "static", "cache"), "is inside the source folder static/"},
	} {
		var err error
		if tt.cache == "" {
			err = CheckDest(src, tt.dest)
		} else {
			err = CheckCache(src, tt.dest, tt.cache)
		}
		if (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("dest %s, cache %s: %v, want %q", tt.dest, tt.cache, err, tt.err)
		}
	}
}

// A folder reached through a symbolic link is the folder it leads to: an output or cache
// folder below a link into the sources is inside the sources.
func TestCheckThroughLinks(t *testing.T) {
	src := t.TempDir()
	for _, d := range []string{"content", "static"} {
		if err := os.Mkdir(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	elsewhere := t.TempDir()
	links := map[string]string{"to-content": filepath.Join(src, "content"), "to-static": filepath.Join(src, "static"), "to-src": src}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(elsewhere, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	if err := CheckDest(src, filepath.Join(elsewhere, "to-content", "out")); err == nil || !strings.Contains(err.Error(), "inside the source folder content/") {
		t.Errorf("an output folder through a link into content/: %v", err)
	}
	if err := CheckCache(src, filepath.Join(src, "public"), filepath.Join(elsewhere, "to-static", "cache")); err == nil || !strings.Contains(err.Error(), "inside the source folder static/") {
		t.Errorf("a cache through a link into static/: %v", err)
	}
	// The output folder may itself be a link: the build replaces the link, not its target.
	if err := CheckDest(src, filepath.Join(elsewhere, "to-src")); err != nil {
		t.Errorf("an output folder that is a link: %v", err)
	}
	if err := CheckDest(filepath.Join(elsewhere, "to-src"), filepath.Join(src, "public")); err != nil {
		t.Errorf("sources named through a link: %v", err)
	}
	if err := CheckDest(filepath.Join(elsewhere, "to-src"), filepath.Join(src, "content", "out")); err == nil {
		t.Error("sources named through a link, output inside them: allowed")
	}
}
