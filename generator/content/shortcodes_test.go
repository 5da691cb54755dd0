package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Shortcodes are checked with the rest of the content: what they say wrong in themselves
// and what they refer to, at the file line of the shortcode.
func TestShortcodeErrors(t *testing.T) {
	page := "content/pages/about.md"
	head := "---\ntitle: About\n---\n\nIntro.\n\n" // the body's line 3 is the file's line 7
	tests := []struct {
		name, body string
		want       []string
	}{
		{"unknown shortcode", `{{< chrat data="a" >}}`, []string{`content/pages/about.md:7:1: unknown shortcode "chrat" (did you mean "chart"?)`}},
		{"bad argument", `{{< chart data="exports" type="pie" >}}`, []string{`content/pages/about.md:7:26: type="pie" is not allowed (use one of bar, line)`}},
		{"unclosed callout", "{{< callout >}}\ntext", []string{`content/pages/about.md:7:1: callout is not closed (add a line {{< /callout >}} after its text)`}},
		{"unknown dataset", `{{< chart data="exprots" >}}`, []string{`content/pages/about.md:7:11: chart: data "exprots" does not exist (did you mean "exports"?)`}},
		{"csv without title", `{{< chart data="grads" >}}`, []string{`content/pages/about.md:7:1: chart of content/data/grads.csv has no title (add title="..." (a CSV file has no title of its own))`}},
		{"line of one point", `{{< chart data="grads" type="line" title="G" >}}`, []string{`content/pages/about.md:7:24: a line chart needs at least two points; content/data/grads.csv has 1 (use type="bar")`}},
		{"unknown park on map", `{{< park-map park="lahore-prak" >}}`, []string{`content/pages/about.md:7:14: park-map: park "lahore-prak" does not exist (did you mean "lahore-park"?)`}},
		{"unknown service", `{{< companies service="web-devlopment" >}}`, []string{`content/pages/about.md:7:15: companies: service "web-devlopment" does not exist (did you mean "web-development"?)`}},
		{"unknown city and certification", `{{< companies city="karachi" certification="iso-9001" >}}`, []string{
			`content/pages/about.md:7:15: companies: city "karachi" does not exist (use an id from content/data/cities.yaml)`,
			`content/pages/about.md:7:30: companies: certification "iso-9001" does not exist (did you mean "iso-27001"?)`}},
		{"contact with no address", `{{< contact label="Write" >}}`, []string{`content/pages/about.md:7:1: contact: no address to write to (add email="..." or contact.email to content/site.yaml)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validSite()
			fsys["content/data/exports.yaml"] = &fstest.MapFile{Data: []byte("title: E\nx: Y\ny: N\npoints:\n  - {label: a, value: 1}\n  - {label: b, value: 2}\n")}
			fsys["content/data/grads.csv"] = &fstest.MapFile{Data: []byte("City,N\nLahore,3\n")}
			fsys[page] = &fstest.MapFile{Data: []byte(head + tt.body + "\n")}
			_, got := load(t, fsys, Options{})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n got: %s\nwant: %s", strings.Join(got, "\n      "), strings.Join(tt.want, "\n      "))
			}
		})
	}
}

func TestShortcodesKeptOnEntries(t *testing.T) {
	fsys := validSite()
	fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\n{{< park-map park=\"lahore-park\" >}}\n{{< video vimeo=\"76979871\" title=\"T\" >}}\n")}
	site, errs := load(t, fsys, Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	p := site.Pages[0]
	if len(p.Shortcodes) != 2 || p.Shortcodes[0].Line != 4 || !p.HasShortcode("video") || p.HasShortcode("chart") {
		t.Errorf("shortcodes %+v", p.Shortcodes)
	}
}
