package writer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pseb/sitegen/generator/assets"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/render"
	"github.com/pseb/sitegen/generator/theme"
)

func TestBySubject(t *testing.T) {
	subjects := []string{"a", "", "b", "a", "", "b", "c"}
	got := BySubject(len(subjects), func(i int) string { return subjects[i] })
	if want := "[[0 3] [1] [2 5] [4] [6]]"; fmt.Sprint(got) != want {
		t.Errorf("groups %v, want %s", got, want)
	}
}

// site is a two-language site whose theme draws each page's title; broken names a layout
// that fails when executed.
func site(t *testing.T, broken string) (map[string]*render.Renderer, *render.Renderer, []render.Route) {
	t.Helper()
	strs := "months: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\n"
	for _, k := range theme.RequiredStrings {
		strs += k + ": \"" + k + " %v %v %v\"\n"
	}
	fsys := fstest.MapFS{
		"content/site.yaml":                  {Data: []byte("title: T\nbase_url: https://example.org/\nlanguages:\n  - code: zh\n    title: T\n")},
		"content/data/cities.yaml":           {Data: []byte("- {id: lahore, name: Lahore, province: Punjab, underserved: false}\n")},
		"content/data/services.yaml":         {Data: []byte("- {id: web, label: Web}\n")},
		"content/data/certifications.yaml":   {Data: []byte("- {id: iso, label: ISO}\n")},
		"content/companies/acme.md":          {Data: []byte("---\nname: Acme\ncity: lahore\nservices: [web]\nsummary: S.\n---\nBody.\n")},
		"content/pages/about.md":             {Data: []byte("---\ntitle: About\n---\nAbout.\n")},
		"themes/default/i18n/en.yaml":        {Data: []byte(strs)},
		"themes/default/i18n/zh.yaml":        {Data: []byte(strs)},
		"themes/default/layouts/baseof.html": {Data: []byte(`{{block "main" .}}{{end}}`)},
	}
	for _, l := range theme.Layouts {
		fsys["themes/default/layouts/"+l] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1>{{.Title}}</h1>{{end}}`)}
	}
	if broken != "" {
		fsys["themes/default/layouts/"+broken] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Title.Nope}}{{end}}`)}
	}
	s, err := content.Load(context.Background(), fsys, content.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	renderers := map[string]*render.Renderer{}
	var def *render.Renderer
	var routes []render.Route
	for i, l := range s.Config.Languages {
		var errs diagnostic.List
		th := theme.Load(fsys, s.Config, s.Data, l, &errs)
		if errs.Len() > 0 {
			t.Fatal(errs.Error())
		}
		ls := s
		if i > 0 {
			ls = s.Localized(l.Code)
		}
		r := render.New(ls, th, nil)
		if def == nil {
			def = r
		} else {
			r.Share(def)
		}
		renderers[l.Code] = r
		routes = append(routes, r.Routes()...)
	}
	return renderers, def, routes
}

// All writes every route of every language; a page whose layout fails is reported with
// its template's line (once, though it fails in each language) and left unwritten; the others
// are written.
func TestAll(t *testing.T) {
	for _, broken := range []string{"", "page.html"} {
		renderers, def, routes := site(t, broken)
		dest := filepath.Join(t.TempDir(), "public")
		out, err := output.Begin(dest, false)
		if err != nil {
			t.Fatal(err)
		}
		err = New(renderers, def, nil).All(context.Background(), nil, out, routes, nil, 2)
		if broken == "" && err != nil {
			t.Fatal(err)
		}
		if broken != "" && (err == nil || !strings.Contains(err.Error(), "themes/default/layouts/page.html:1:")) {
			t.Fatalf("a failing layout: %v", err)
		}
		if err := out.Commit(); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"companies/acme/index.html", "zh/companies/acme/index.html", "index.html", "zh/index.html"} {
			if data, err := os.ReadFile(filepath.Join(dest, f)); err != nil || !strings.Contains(string(data), "<h1>") {
				t.Errorf("%s: %q %v", f, data, err)
			}
		}
		_, err = os.Stat(filepath.Join(dest, "about/index.html"))
		if (broken == "") != (err == nil) {
			t.Errorf("broken %q: about page written: %v", broken, err)
		}
	}
}

// A copy over a page, and an alias at a page's or a file's address, are errors at their
// sources; an alias elsewhere is not.
func TestCollisions(t *testing.T) {
	_, _, routes := site(t, "")
	copies := []assets.Copy{{Src: "static/about/index.html", Dst: "about/index.html"}, {Src: "static/brochure.pdf", Dst: "brochure.pdf"}}
	entries := []*content.Entry{{Source: "content/pages/old.md", Aliases: []fields.Alias{
		{Path: "companies/acme/", Line: 3, Col: 5}, {Path: "brochure.pdf", Line: 4, Col: 5}, {Path: "old-about/", Line: 5, Col: 5}}}}
	err := Collisions(routes, copies, entries)
	for _, want := range []string{
		"static/about/index.html: would overwrite the generated about/index.html (rename or move it)",
		`content/pages/old.md:3:5: alias "/companies/acme/" is the address of a page of the site (/companies/acme/)`,
		`content/pages/old.md:4:5: alias "/brochure.pdf" is the address of a file of the site`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
	if err != nil && strings.Contains(err.Error(), "old-about") {
		t.Errorf("a free old address is reported: %v", err)
	}
	if err := Collisions(routes, nil, nil); err != nil {
		t.Errorf("no copies, no aliases: %v", err)
	}
}

// Unchanged tells which replaced files still hold what was written; Restore puts back
// what each held, removing a file that was not there.
func TestReplacedRestore(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/index.html", "new a")
	write("b/index.html", "newer b") // written again since
	write("c/index.html", "new c")
	replaced := []Replaced{
		{Route: render.Route{File: "a/index.html", Path: "a/"}, Written: []byte("new a"), Before: []byte("old a")},
		{Route: render.Route{File: "b/index.html", Path: "b/"}, Written: []byte("new b"), Before: []byte("old b")},
		{Route: render.Route{File: "c/index.html", Path: "c/"}, Written: []byte("new c")},
	}
	same, err := Unchanged(dir, replaced)
	if err != nil || !same["a/index.html"] || same["b/index.html"] || !same["c/index.html"] {
		t.Errorf("unchanged %v %v", same, err)
	}
	paths, err := Restore(dir, replaced)
	if err != nil || strings.Join(paths, " ") != "a/ b/ c/" {
		t.Fatalf("restored %v %v", paths, err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a", "index.html")); string(data) != "old a" {
		t.Errorf("a holds %q", data)
	}
	if _, err := os.Stat(filepath.Join(dir, "c", "index.html")); err == nil {
		t.Error("a page that was not there before is still there")
	}
}
