package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// multiLang is validSite published in zh and ar as well.
func multiLang() fstest.MapFS {
	fsys := validSite()
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: Test\nbase_url: https://example.org/\nlanguages:\n  - code: zh\n  - code: ar\n")}
	return fsys
}

func TestTranslationErrors(t *testing.T) {
	tests := []struct {
		name, path, data string
		want             []string
	}{
		{"structural field", "content/companies/acme.zh.md", "---\nname: 阿克米\ncity: lahore\nservices: [fintech]\n---\n", []string{
			`content/companies/acme.zh.md:3:1: field "city" cannot be translated (remove it: content/companies/acme.md sets it for every language; a translation gives only name, summary, alt)`,
			`content/companies/acme.zh.md:4:1: field "services" cannot be translated`}},
		{"unknown field", "content/pages/about.ar.md", "---\ntitel: x\n---\n", []string{`content/pages/about.ar.md:2:1: unknown field "titel" (did you mean "title"?)`}},
		{"draft flag", "content/news/launch.zh.md", "---\ndraft: true\n---\n", []string{`content/news/launch.zh.md:2:1: field "draft" cannot be translated`}},
		{"no original", "content/companies/nobody.zh.md", "---\nname: 无\n---\n", []string{
			`content/companies/nobody.zh.md: translation of content/companies/nobody.md, which does not exist (rename it after the file it translates, e.g. acme.zh.md beside acme.md)`}},
		{"language the site lacks", "content/companies/acme.fr.md", "---\nname: Acme\n---\n", []string{
			`content/companies/acme.fr.md: translation into "fr", which is not one of the site's languages (add it to languages: in content/site.yaml (the site has zh, ar))`}},
		{"summary too long", "content/parks/lahore-park.ar.md", "---\nsummary: \"" + strings.Repeat("ب", 201) + "\"\n---\n", []string{
			`content/parks/lahore-park.ar.md:2:1: summary is 201 characters long, the limit is 200`}},
		{"bad shortcode", "content/pages/about.zh.md", "---\ntitle: 关于\n---\n\n{{< chart data=\"nothing\" >}}\n", []string{
			`content/pages/about.zh.md:5:11: chart: data "nothing" does not exist`}},
		{"page named like a language", "content/pages/fr.md", "---\ntitle: Français\n---\n", nil},
		{"syntax", "content/_index.zh.md", "---\ntitle: [unclosed\n---\n", []string{`content/_index.zh.md:2:`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := multiLang()
			if tt.want == nil { // a site with French too
				fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: T\nbase_url: https://example.org/\nlanguages:\n  - code: fr\n")}
				tt.want = []string{`content/pages/fr.md:2: slug "fr" is the folder of one of the site's languages (choose another slug)`}
			}
			fsys[tt.path] = &fstest.MapFile{Data: []byte(tt.data)}
			_, got := load(t, fsys, Options{})
			joined := strings.Join(got, "\n")
			if len(got) != len(tt.want) {
				t.Errorf("got %d errors, want %d:\n%s", len(got), len(tt.want), joined)
			}
			for _, w := range tt.want {
				if !strings.Contains(joined, w) {
					t.Errorf("errors\n%s\nwant %q", joined, w)
				}
			}
		})
	}
}

func TestLocalized(t *testing.T) {
	fsys := multiLang()
	fsys["content/companies/acme.zh.md"] = &fstest.MapFile{Data: []byte("---\nname: 阿克米\n---\n\n中文正文。\n")}
	fsys["content/parks/lahore-park.zh.md"] = &fstest.MapFile{Data: []byte("---\nname: 拉合尔园区\namenities: [光纤]\n---\n")}
	fsys["content/pages/about.ar.md"] = &fstest.MapFile{Data: []byte("---\ntitle: من نحن\n---\n\nنص.\n")}
	// A translation of a draft goes with it, silently.
	fsys["content/news/wip.md"] = &fstest.MapFile{Data: []byte("---\ntitle: WIP\ndate: 2025-01-01\nsummary: S.\ndraft: true\n---\n")}
	fsys["content/news/wip.zh.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 草稿\n---\n")}
	site, errs := load(t, fsys, Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	zh := site.Localized("zh")
	if site.Localized("zh") != zh {
		t.Error("Localized is not kept")
	}
	c, p := zh.Companies[0], zh.Parks[0]
	switch {
	case c.Name != "阿克米" || c.Title != "阿克米" || c.Summary != "Web apps." || c.Fallback || string(c.Body) != "\n中文正文。\n":
		t.Errorf("zh company: %q %q %q fallback=%v body %q", c.Name, c.Title, c.Summary, c.Fallback, c.Body)
	case c.TextSource != "content/companies/acme.zh.md" || c.Source != "content/companies/acme.md" || c.Lang != "zh":
		t.Errorf("zh company sources: %s %s %s", c.TextSource, c.Source, c.Lang)
	case c.Park != p || zh.CompaniesByPark["lahore-park"][0] != c || zh.CompaniesByCity["lahore"][0] != c:
		t.Error("zh company is not linked to the zh park and indexes")
	case p.Name != "拉合尔园区" || p.Amenities[0] != "光纤" || !p.Fallback || p.TextSource != p.Source:
		t.Errorf("zh park: %q %q fallback=%v", p.Name, p.Amenities, p.Fallback)
	case site.Companies[0].Name != "Acme" || site.Companies[0].Park == p:
		t.Error("localizing changed the default language's site")
	}
	ar := site.Localized("ar")
	if pg := ar.Pages[0]; pg.Title != "من نحن" || pg.Fallback || ar.Companies[0].Name != "Acme" || !ar.Companies[0].Fallback {
		t.Errorf("ar: page %q fallback=%v, company %q", pg.Title, pg.Fallback, ar.Companies[0].Name)
	}
	if len(zh.News) != 1 {
		t.Errorf("zh news: %d items (the draft and its translation must be left out)", len(zh.News))
	}
}

func TestAliases(t *testing.T) {
	fsys := validSite()
	fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\naliases: [/about-us/, /old/about.html]\n---\n")}
	site, errs := load(t, fsys, Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	if a := site.Pages[0].Aliases; len(a) != 2 || a[0].Path != "about-us/" || a[1].Path != "old/about.html" || a[0].Line != 3 {
		t.Errorf("aliases %+v", a)
	}
	tests := []struct{ yaml, want string }{
		{"aliases: [https://example.org/x/]", `content/pages/about.md:3:11: alias "https://example.org/x/" is not a path on this site (write the old address from the site root, e.g. /old-name/)`},
		{"aliases: [old/]", `alias "old/" is not a path on this site`},
		{"aliases: [//evil.example/]", `alias "//evil.example/" is not a path on this site`},
		{`aliases: ["/old/?id=1"]`, `alias "/old/?id=1" is not a plain path`},
		{"aliases: [/a/../b/]", `alias "/a/../b/" is not a clean path (no //, . or ..) (write it as /b/)`},
		{"aliases: [/a//b/]", `is not a clean path`},
		{"aliases: [/]", `alias "/" is the site root`},
		{"aliases: [/old.php]", `alias "/old.php" names a file the redirect page cannot be (end it with a slash (/old.php/) or .html)`},
		{"aliases: [/x/, /x/]", `content/pages/about.md:3:16: alias "/x/" is also an alias of content/pages/about.md`},
	}
	for _, tt := range tests {
		fsys := validSite()
		fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n" + tt.yaml + "\n---\n")}
		_, got := load(t, fsys, Options{})
		if joined := strings.Join(got, "\n"); !strings.Contains(joined, tt.want) {
			t.Errorf("%s:\n got %s\nwant %s", tt.yaml, joined, tt.want)
		}
	}
	// Aliases are not text: a translation cannot have its own.
	ml := multiLang()
	ml["content/pages/about.zh.md"] = &fstest.MapFile{Data: []byte("---\naliases: [/zh/old/]\n---\n")}
	if _, got := load(t, ml, Options{}); !strings.Contains(strings.Join(got, "\n"), `field "aliases" cannot be translated`) {
		t.Errorf("translation with aliases: %v", got)
	}
}

// A translated company body left on disk (Options.LazyBodies) is read from the translation
// by the localized page, and a translation edited since is reported, not shown stale.
func TestLazyTranslationBody(t *testing.T) {
	fsys := multiLang()
	const tr = "content/companies/acme.zh.md"
	fsys[tr] = &fstest.MapFile{Data: []byte("---\nname: 阿克米\n---\n\n中文正文。\n")}
	site, errs := load(t, fsys, Options{LazyBodies: true})
	if errs != nil {
		t.Fatal(errs)
	}
	zh := site.Localized("zh")
	var acme *Company
	for _, c := range zh.Companies {
		if c.Source == "content/companies/acme.md" {
			acme = c
		}
	}
	if acme == nil || acme.Body != nil || acme.Fallback || acme.TextSource != tr {
		t.Fatalf("localized acme: %+v; want its body left on disk, read from %s", acme, tr)
	}
	body, err := zh.BodyOf(&acme.Entry)
	if err != nil || string(body) != "\n中文正文。\n" {
		t.Fatalf("BodyOf = %q, %v", body, err)
	}
	tb, err := site.TranslationBody(acme.Translations["zh"])
	if err != nil || string(tb) != string(body) {
		t.Fatalf("TranslationBody = %q, %v", tb, err)
	}
	fsys[tr] = &fstest.MapFile{Data: []byte("---\nname: 阿克米公司\n---\n\n中文正文。\n")}
	var changed *ChangedError
	if _, err := zh.BodyOf(&acme.Entry); !errors.As(err, &changed) || changed.Source != tr {
		t.Errorf("after the translation's front matter changed: %v, want a ChangedError for %s", err, tr)
	}
}
