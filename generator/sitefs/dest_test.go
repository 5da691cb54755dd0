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
