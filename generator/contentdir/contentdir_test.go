package contentdir

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pseb/sitegen/generator/diagnostic"
)

func TestFind(t *testing.T) {
	md := &fstest.MapFile{Data: []byte("---\nname: x\n---\n")}
	fsys := fstest.MapFS{
		"content/_index.md":                     md,
		"content/_index.zh.md":                  md,
		"content/README.md":                     md, // notes about the content
		"content/stray.md":                      md, // not in a section
		"content/companies/acme.md":             md,
		"content/companies/acme.zh.md":          md,
		"content/companies/acme.fr.md":          md, // not a language of the site
		"content/companies/acme.md~":            md, // an editor's backup
		"content/companies/beta/index.md":       md,
		"content/companies/beta/index.ar.md":    md,
		"content/companies/beta/logo.png":       {Data: []byte("png")},
		"content/companies/beta/brochure.html":  {Data: []byte("<p>")},
		"content/companies/beta/.DS_Store":      {Data: []byte("x")},
		"content/companies/gamma/notes.txt":     {Data: []byte("no index.md")},
		"content/parks/bannu.md":                md,
		"content/data/cities.yaml":              {Data: []byte("[]")},
		"content/blog/post.md":                  md, // an unknown section
		"content/companies/beta/safe.svg":       {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`)},
		"content/companies/beta/hostile.svg":    {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
		"content/companies/beta/sub/figure.jpg": {Data: []byte("jpg")},
	}
	var errs diagnostic.List
	files, err := Find(fsys, []string{"en", "zh", "ar"}, &errs)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s|%v", f.Section, f.Path, f.Bundle, f.Lang, f.Orig, f.Resources))
	}
	want := []string{
		"|content/_index.md||||[]",
		"|content/_index.zh.md||zh|content/_index.md|[]",
		"companies|content/companies/acme.md||||[]",
		"companies|content/companies/acme.zh.md||zh|content/companies/acme.md|[]",
		"companies|content/companies/beta/index.md|content/companies/beta|||[logo.png safe.svg sub/figure.jpg]",
		"companies|content/companies/beta/index.ar.md|content/companies/beta|ar|content/companies/beta/index.md|[]",
		"parks|content/parks/bannu.md||||[]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, msg := range []string{
		`content/stray.md: Markdown files belong in a section folder`,
		`content/companies/acme.fr.md: translation into "fr", which is not one of the site's languages`,
		`content/companies/beta/brochure.html: ".html" files are not published from a bundle`,
		`content/companies/beta/hostile.svg:1:`,
		`content/companies/gamma: folder has no index.md`,
		`content/blog: unknown section folder "blog"`,
	} {
		if !strings.Contains(errs.Error(), msg) {
			t.Errorf("errors lack %q:\n%s", msg, errs.Error())
		}
	}
	if strings.Contains(errs.Error(), "README") || strings.Contains(errs.Error(), "DS_Store") || strings.Contains(errs.Error(), "acme.md~") {
		t.Errorf("notes or junk reported:\n%s", errs.Error())
	}
}

func TestTranslationOf(t *testing.T) {
	langs := []string{"en", "zh"}
	for _, tt := range []struct{ name, want string }{
		{"acme.zh.md", "zh"}, {"acme.md", ""}, {"index.zh.md", "zh"}, {"acme.v2.md", ""}, {"acme.fr.md", NotOurs}, {"acme.zh.txt", ""},
	} {
		var errs diagnostic.List
		if got := TranslationOf(tt.name, langs, "p", &errs); got != tt.want || (errs.Len() > 0) != (tt.want == NotOurs) {
			t.Errorf("TranslationOf(%s) = %q (%s), want %q", tt.name, got, errs.Error(), tt.want)
		}
	}
}

func TestChanges(t *testing.T) {
	c := NewChanges([]string{"content/companies/acme", "content/parks/bannu.md"})
	for _, tc := range []struct {
		path        string
		hit, inside bool
	}{
		{"content/companies/acme", true, false},
		{"content/companies/acme/index.md", true, false},
		{"content/companies/acme.md", false, false},
		{"content/parks/bannu.md", true, false},
		{"content/parks", false, true},
		{"content", false, true},
		{"content/companies/beta.md", false, false},
	} {
		if got := c.Hit(tc.path); got != tc.hit {
			t.Errorf("Hit(%q) = %v", tc.path, got)
		}
		if got := c.Inside(tc.path); got != tc.inside {
			t.Errorf("Inside(%q) = %v", tc.path, got)
		}
	}
	logo := NewChanges([]string{"content/companies/acme/logo.svg"})
	if !logo.Touches("content/companies/acme/index.md", "content/companies/acme") {
		t.Error("a bundle file's change does not touch its page")
	}
	if logo.Touches("content/companies/beta.md", "") {
		t.Error("a change touches an unrelated page")
	}
}
