package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	site := fstest.MapFS{
		"content/_index.md":                   {Data: []byte("home")},
		"themes/default/layouts/company.html": {Data: []byte("site's company")},
		"themes/default/static/css/extra.css": {Data: []byte("site's extra")},
		"themes/other/layouts/baseof.html":    {Data: []byte("other theme")},
		"static/logo.svg":                     {Data: []byte("site logo")},
	}
	builtIn := fstest.MapFS{
		"default/layouts/company.html": {Data: []byte("built-in company")},
		"default/layouts/baseof.html":  {Data: []byte("built-in baseof")},
		"default/static/css/style.css": {Data: []byte("built-in style")},
		"default/theme.yaml":           {Data: []byte("name: default")},
	}
	o := Overlay(site, builtIn)
	for _, tc := range []struct {
		name, want string // want "" for not found
	}{
		{"content/_index.md", "home"},
		{"themes/default/layouts/company.html", "site's company"}, // the site's file wins
		{"themes/default/layouts/baseof.html", "built-in baseof"}, // what the site lacks
		{"themes/default/static/css/style.css", "built-in style"},
		{"themes/default/static/css/extra.css", "site's extra"},
		{"themes/other/layouts/baseof.html", "other theme"},
		{"themes/other/layouts/company.html", ""}, // another theme gets nothing built in
		{"static/logo.svg", "site logo"},
		{"default/theme.yaml", ""}, // the built-in themes are only under themes/
		{"content/missing.md", ""},
	} {
		data, err := fs.ReadFile(o, tc.name)
		if tc.want == "" {
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("ReadFile(%s) = %q, %v; want not found", tc.name, data, err)
			}
			if _, err := o.Open(tc.name); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Open(%s): %v, want not found", tc.name, err)
			}
			continue
		}
		if err != nil || string(data) != tc.want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", tc.name, data, err, tc.want)
		}
		f, err := o.Open(tc.name)
		if err != nil {
			t.Errorf("Open(%s): %v", tc.name, err)
			continue
		}
		f.Close()
		if fi, err := fs.Stat(o, tc.name); err != nil || fi.IsDir() {
			t.Errorf("Stat(%s) = %v, %v", tc.name, fi, err)
		}
	}

	// A walk sees both, once each: what the theme loader and the build cache do.
	var files []string
	if err := fs.WalkDir(o, "themes", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"themes/default/layouts/baseof.html", "themes/default/layouts/company.html",
		"themes/default/static/css/extra.css", "themes/default/static/css/style.css",
		"themes/default/theme.yaml", "themes/other/layouts/baseof.html",
	}
	if !slices.Equal(files, want) {
		t.Errorf("walk of themes/:\n got %q\nwant %q", files, want)
	}
	if fi, err := fs.Stat(o, "themes/default"); err != nil || !fi.IsDir() {
		t.Errorf("themes/default: %v, %v", fi, err)
	}

	// A site with no themes/ folder at all has the built-in one.
	bare := Overlay(fstest.MapFS{"content/_index.md": {Data: []byte("home")}}, builtIn)
	names, err := fs.ReadDir(bare, "themes")
	if err != nil || len(names) != 1 || names[0].Name() != "default" {
		t.Errorf("themes/ of a bare site: %v, %v", names, err)
	}
	if _, err := fs.ReadDir(bare, "layouts"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("layouts/ of a bare site: %v, want not found", err)
	}
}

// The real built-in theme is complete: every layout a theme must have, its strings and
// its description.
func TestBuiltInTheme(t *testing.T) {
	o := Overlay(fstest.MapFS{}, builtInForTest())
	for _, p := range []string{"themes/default/layouts/baseof.html", "themes/default/i18n/en.yaml", "themes/default/static/css/style.css", "themes/default/theme.yaml"} {
		if _, err := fs.Stat(o, p); err != nil {
			t.Errorf("the built-in theme lacks %s: %v", p, err)
		}
	}
}

func builtInForTest() fs.FS { return themesFS }

// TestOverlayLstat: the overlay is an fs.ReadLinkFS over a site that is one (an os.Root):
// a link is described, not followed; a path only the built-in themes have is theirs; a
// site without links support says so (contentdir.ListingFS then lists the folder).
func TestOverlayLstat(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("a"), 0o644)
	if err := os.Symlink("a.md", filepath.Join(dir, "content/link.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	fsys, closeRoot, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer closeRoot()
	l, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		t.Fatal("the overlay is not an fs.ReadLinkFS")
	}
	if fi, err := l.Lstat("content/a.md"); err != nil || !fi.Mode().IsRegular() || fi.Size() != 1 {
		t.Errorf("Lstat of a file: %v, %v", fi, err)
	}
	if fi, err := l.Lstat("content/link.md"); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat of a link: %v, %v; want the link itself", fi, err)
	}
	if to, err := l.ReadLink("content/link.md"); err != nil || to != "a.md" {
		t.Errorf("ReadLink: %q, %v", to, err)
	}
	if _, err := l.Lstat("content/gone.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Lstat of nothing: %v", err)
	}
	if fi, err := l.Lstat("themes/default/layouts/baseof.html"); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("Lstat of a built-in theme file: %v, %v", fi, err)
	}
	bare := Overlay(struct{ fs.FS }{fstest.MapFS{"content/a.md": {Data: []byte("a")}}}, themesFS).(fs.ReadLinkFS)
	if _, err := bare.Lstat("content/a.md"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Lstat over a site without links support: %v", err)
	}
}

// TestOpenFolder: a site folder opened on its own reads its files by name and nothing
// outside it; the themes' folders (where the built-in themes show through) and sites Open
// did not make are not opened that way.
func TestOpenFolder(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	for name, data := range map[string]string{"content/companies/acme.md": "acme", "content/site.yaml": "title: T",
		"themes/default/layouts/x.html": "x"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content", "away")); err != nil {
		t.Fatal(err)
	}
	fsys, closeSite, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSite()
	opener := fsys.(interface {
		OpenFolder(string) (fs.FS, func() error, bool, error)
	})
	folder, closeFolder, ok, err := opener.OpenFolder("content/companies")
	if err != nil || !ok {
		t.Fatalf("OpenFolder: %v, %v", ok, err)
	}
	if data, err := fs.ReadFile(folder, "acme.md"); err != nil || string(data) != "acme" {
		t.Errorf("acme.md in the folder: %q, %v", data, err)
	}
	if _, err := fs.ReadFile(folder, "../site.yaml"); err == nil {
		t.Error("a file outside the folder was read through it")
	}
	if err := closeFolder(); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := opener.OpenFolder("content/away"); ok || err == nil {
		t.Errorf("a link out of the site opened as a folder: %v, %v", ok, err)
	}
	if _, _, ok, err := opener.OpenFolder("themes/default/layouts"); ok || err != nil {
		t.Errorf("a themes folder opened on its own: %v, %v", ok, err)
	}
	bare := Overlay(fstest.MapFS{"content/a.md": {Data: []byte("a")}}, themesFS).(interface {
		OpenFolder(string) (fs.FS, func() error, bool, error)
	})
	if _, _, ok, err := bare.OpenFolder("content"); ok || err != nil {
		t.Errorf("a folder of a site Open did not make: %v, %v", ok, err)
	}
}
