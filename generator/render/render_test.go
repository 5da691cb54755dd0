package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
)

// testStrings defines x and every string the views use from Go.
var testStrings = "x: y\nmonths: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\n" + func() string {
	var b strings.Builder
	for _, k := range goStrings {
		b.WriteString(k + ": \"" + k + " %v %v %v\"\n")
	}
	return b.String()
}()

func testRenderer(t *testing.T, companies int, extra fstest.MapFS) *Renderer {
	t.Helper()
	fsys := fstest.MapFS{
		"content/site.yaml":                {Data: []byte("title: T\nbase_url: https://example.org/sub/\npage_size: 2\n")},
		"content/data/cities.yaml":         {Data: []byte("- id: lahore\n  name: Lahore\n  province: Punjab\n  underserved: false\n- id: bannu\n  name: Bannu\n  province: KP\n  underserved: true\n")},
		"content/data/services.yaml":       {Data: []byte("- id: web\n  label: Web\n- id: ai\n  label: AI\n- id: qa\n  label: QA\n")},
		"content/data/certifications.yaml": {Data: []byte("- id: iso\n  label: ISO\n")},
		"content/parks/p.md":               {Data: []byte("---\nname: P\ncity: lahore\nstatus: planned\nsummary: S.\n---\n")},
		"themes/default/i18n/en.yaml":      {Data: []byte(testStrings)},
	}
	services := [][]string{{"web"}, {"web", "ai"}, {"ai", "qa"}, {"qa"}, {"web", "ai", "qa"}}
	for i := 0; i < companies; i++ {
		park := ""
		if i%2 == 0 {
			park = "park: p\n"
		}
		fsys["content/companies/c"+string(rune('a'+i))+".md"] = &fstest.MapFile{Data: []byte("---\nname: C" + string(rune('A'+i)) +
			"\ncity: lahore\n" + park + "services: [" + strings.Join(services[i%len(services)], ", ") + "]\nsummary: S.\n---\n")}
	}
	for k, v := range extra {
		fsys[k] = v
	}
	for _, l := range append([]string{"baseof.html"}, Layouts...) {
		if _, ok := fsys["themes/default/layouts/"+l]; !ok {
			fsys["themes/default/layouts/"+l] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Title}}{{end}}`)}
		}
	}
	fsys["themes/default/layouts/baseof.html"] = &fstest.MapFile{Data: []byte(`{{block "main" .}}{{end}}`)}
	return loadRenderer(t, fsys, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
}

// loadRenderer loads the site in fsys and its theme in the default language.
func loadRenderer(t testing.TB, fsys fs.FS, now time.Time) *Renderer {
	t.Helper()
	site, err := content.Load(context.Background(), fsys, content.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var errs diagnostic.List
	th := LoadTheme(fsys, site.Config, site.Config.Languages[0], &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Error())
	}
	return New(site, th, nil)
}

func TestRoutesAndSources(t *testing.T) {
	r := testRenderer(t, 5, nil)
	routes := r.Routes()
	byPath := map[string]Route{}
	var files []string
	for _, rt := range routes {
		if _, dup := byPath[rt.Path]; dup {
			t.Errorf("two routes for %q", rt.Path)
		}
		byPath[rt.Path] = rt
		files = append(files, rt.File)
	}
	for _, p := range []string{"", "companies/", "companies/page/2/", "companies/page/3/", "companies/ca/", "parks/", "parks/p/",
		"cities/", "cities/lahore/", "cities/bannu/", "services/web/", "services/web/page/2/", "certifications/iso/", "news/", "404.html", "sitemap.xml", "robots.txt"} {
		if _, ok := byPath[p]; !ok {
			t.Errorf("no route for %q", p)
		}
	}
	if _, ok := byPath["companies/page/4/"]; ok {
		t.Error("5 companies at 2 a page make 3 pages, not 4")
	}
	if _, ok := byPath["feed.xml"]; ok {
		t.Error("no news, so no feed")
	}
	// A profile depends on its own file; a listing page on the files it lists.
	if got := byPath["companies/ca/"].Sources; !slices.Equal(got, []string{"content/companies/ca.md"}) {
		t.Errorf("profile sources %v", got)
	}
	if rt := byPath["companies/page/2/"]; len(rt.Sources) != 2 || rt.AllSources || rt.Listed != 5 || !rt.Panel {
		t.Errorf("listing page 2: sources %v, all sources %v, listed %d, panel %v", rt.Sources, rt.AllSources, rt.Listed, rt.Panel)
	}
	if !byPath[""].AllSources || !byPath["sitemap.xml"].AllSources {
		t.Error("home and sitemap depend on everything")
	}
	if !slices.IsSorted(files[1:6]) {
		t.Errorf("profiles are not in directory order: %v", files[1:6])
	}
}

func TestPagerWindow(t *testing.T) {
	r := testRenderer(t, 1, nil)
	var got []int
	for _, p := range r.pager("companies/", 10, 20).Pages {
		got = append(got, p.Number)
	}
	want := []int{1, 0, 8, 9, 10, 11, 12, 0, 20}
	if !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v (0 is a gap)", got, want)
	}
	p := r.pager("companies/", 1, 3)
	if p.Prev != "" || p.Next != "/sub/companies/page/2/" || p.Pages[0].URL != "/sub/companies/" || !p.Pages[0].Current {
		t.Errorf("first page: %+v", p)
	}
}

func TestRelated(t *testing.T) {
	r := testRenderer(t, 5, nil)
	s := r.site
	byName := map[string]*content.Company{}
	for _, c := range s.Companies {
		byName[c.Name] = c
	}
	// CE offers web, ai and qa: CB (web, ai; no park) and CC (ai, qa; same park) share two
	// services; the shared park puts CC first. CA and CD share one; CA has the park.
	var got []string
	for _, c := range r.related.Of(byName["CE"], 4) {
		got = append(got, c.Name)
	}
	if want := []string{"CC", "CB", "CA", "CD"}; !slices.Equal(got, want) {
		t.Errorf("related to CE: %v, want %v", got, want)
	}
	if rel := r.related.Of(byName["CA"], 4); slices.Contains(rel, byName["CA"]) {
		t.Error("a company is not related to itself")
	}
}

func TestMissingInterfaceStringIsReported(t *testing.T) {
	r := testRenderer(t, 1, nil)
	fsys := fstest.MapFS{
		"themes/default/i18n/en.yaml":        {Data: []byte(testStrings)},
		"themes/default/layouts/baseof.html": {Data: []byte(`{{block "main" .}}{{end}}`)},
	}
	for _, l := range Layouts {
		fsys["themes/default/layouts/"+l] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
	}
	fsys["themes/default/layouts/page.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n{{T \"x\"}} {{T \"zzzzzzzz\"}}{{end}}")}
	var errs diagnostic.List
	th := LoadTheme(fsys, r.site.Config, r.site.Config.Languages[0], &errs)
	if th != nil || errs.Error() != `themes/default/layouts/page.html:2:12: missing interface string "zzzzzzzz" (add it to themes/default/i18n/en.yaml)` {
		t.Errorf("errors: %s", errs.Error())
	}
}

func TestMissingGoStringIsReported(t *testing.T) {
	r := testRenderer(t, 1, nil)
	fsys := fstest.MapFS{"themes/default/i18n/en.yaml": {Data: []byte(strings.Replace(testStrings, "city_intro:", "city_intr:", 1))}}
	for _, l := range append([]string{"baseof.html"}, Layouts...) {
		fsys["themes/default/layouts/"+l] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
	}
	var errs diagnostic.List
	if LoadTheme(fsys, r.site.Config, r.site.Config.Languages[0], &errs) != nil || !strings.Contains(errs.Error(), `themes/default/i18n/en.yaml: missing interface string "city_intro"`) {
		t.Errorf("errors: %s", errs.Error())
	}
}

func TestFeedAndSitemapAreValidXML(t *testing.T) {
	r := testRenderer(t, 2, fstest.MapFS{"content/news/n.md": {Data: []byte("---\ntitle: A & B <c>\ndate: 2025-05-01\nsummary: S & T.\n---\n")}})
	for _, gen := range []func(*Renderer) ([]byte, error){(*Renderer).sitemap, (*Renderer).feed} {
		out, err := gen(r)
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		if strings.Contains(s, "<c>") || !strings.HasPrefix(s, "<?xml") {
			t.Errorf("bad XML: %s", s)
		}
	}
	feed, _ := r.feed()
	if !strings.Contains(string(feed), "<updated>2025-05-01T00:00:00Z</updated>") || !strings.Contains(string(feed), "A &amp; B &lt;c&gt;") {
		t.Errorf("feed: %s", feed)
	}
	sm, _ := r.sitemap()
	if !strings.Contains(string(sm), "<loc>https://example.org/sub/news/n/</loc><lastmod>2025-05-01</lastmod>") ||
		strings.Count(string(sm), "<lastmod>") != 1 || strings.Contains(string(sm), "404") {
		t.Errorf("sitemap: %s", sm)
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, Route{gen: (*Renderer).robots}); err != nil || !strings.Contains(buf.String(), "Sitemap: https://example.org/sub/sitemap.xml") {
		t.Errorf("robots: %q %v", buf.String(), err)
	}
}

// In another language, a string the templates or the views need and its i18n file lacks
// is an error naming the key and that file; a missing file is one too.
func TestMissingStringInAnotherLanguage(t *testing.T) {
	r := testRenderer(t, 1, nil)
	zh := config.Language{Code: "zh", Tag: language.Chinese, Prefix: "zh/", Dir: "ltr"}
	layouts := func() fstest.MapFS {
		fsys := fstest.MapFS{"themes/default/layouts/baseof.html": {Data: []byte(`{{block "main" .}}{{end}}`)}}
		for _, l := range Layouts {
			fsys["themes/default/layouts/"+l] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
		}
		fsys["themes/default/layouts/page.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n{{T \"x\"}}{{end}}")}
		return fsys
	}
	fsys := layouts()
	fsys["themes/default/i18n/zh.yaml"] = &fstest.MapFile{Data: []byte(strings.NewReplacer("x: y\n", "", "city_intro:", "city_intr:").Replace(testStrings))}
	var errs diagnostic.List
	if LoadTheme(fsys, r.site.Config, zh, &errs) != nil {
		t.Fatal("theme loaded")
	}
	for _, want := range []string{`themes/default/i18n/zh.yaml: missing interface string "city_intro"`,
		`themes/default/layouts/page.html:2:2: missing interface string "x" (add it to themes/default/i18n/zh.yaml)`} {
		if !strings.Contains(errs.Error(), want) {
			t.Errorf("errors:\n%s\nwant %s", errs.Error(), want)
		}
	}
	errs = diagnostic.List{}
	if LoadTheme(layouts(), r.site.Config, zh, &errs) != nil || !strings.Contains(errs.Error(), "themes/default/i18n/zh.yaml: cannot read") {
		t.Errorf("errors: %s", errs.Error())
	}
}

// Dates and numbers are written the way each language writes them.
func TestFormatsPerLanguage(t *testing.T) {
	r := testRenderer(t, 1, nil)
	th := r.theme
	th.strings["date_format"] = "2006年1月2日"
	if got := th.FormatDate(time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)); got != "2025年3月4日" {
		t.Errorf("zh-style date %q", got)
	}
	ar := &Theme{printer: message.NewPrinter(language.Arabic), strings: map[string]string{"date_format": "2 January 2006"},
		months: [12]string{"يناير", "فبراير", "مارس"}}
	if got := ar.FormatDate(time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)); got != "٤ مارس ٢٠٢٥" {
		t.Errorf("ar date %q", got)
	}
	if got := ar.FormatNumber(12500.5); got != "١٢٬٥٠٠٫٥" {
		t.Errorf("ar number %q", got)
	}
	if got := th.FormatNumber(12500); got != "12,500" {
		t.Errorf("en number %q", got)
	}
}

// partialCached draws a partial once per renderer and keys, and refuses anything but the
// page as its data.
func TestPartialCached(t *testing.T) {
	r := testRenderer(t, 3, nil)
	th := r.theme
	var calls int
	th.base.Funcs(template.FuncMap{"count": func() int { calls++; return calls }})
	if _, err := th.base.New("partials/counted.html").Parse(`n{{count}} {{.Kind}}`); err != nil {
		t.Fatal(err)
	}
	page := func(kind string) *View { return &View{Kind: kind, partials: &r.partials} }
	for _, tt := range []struct {
		kind string
		keys []any
		want template.HTML
	}{
		{"company", nil, "n1 company"},
		{"list", nil, "n1 company"}, // the first page's copy: no key tells them apart
		{"list", []any{"list"}, "n2 list"},
		{"home", []any{"home"}, "n3 home"},
		{"home", []any{"home"}, "n3 home"},
	} {
		got, err := th.partialCached("partials/counted.html", page(tt.kind), tt.keys...)
		if err != nil || got != tt.want {
			t.Errorf("partialCached(%s, %v) = %q, %v; want %q", tt.kind, tt.keys, got, err, tt.want)
		}
	}
	// Another renderer (another language or build) draws its own.
	var other sync.Map
	if got, _ := th.partialCached("partials/counted.html", &View{Kind: "home", partials: &other}); got != "n4 home" {
		t.Errorf("another renderer's copy = %q, want n4 home", got)
	}
	if _, err := th.partialCached("partials/counted.html", &View{}); err == nil || !strings.Contains(err.Error(), "must be the page") {
		t.Errorf("without a page: %v", err)
	}
}

// A site with more pages than one sitemap may list (sitemapLimit) gets a sitemap index at
// sitemap.xml naming files of at most that many URLs, which together list what one file
// would.
func TestSitemapSplitPastTheLimit(t *testing.T) {
	r := testRenderer(t, 20, nil)
	whole, err := r.sitemap()
	if err != nil {
		t.Fatal(err)
	}
	var all struct {
		URLs []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(whole, &all); err != nil || len(all.URLs) < 25 {
		t.Fatalf("one sitemap: %d URLs, %v", len(all.URLs), err)
	}
	defer func(n int) { sitemapLimit = n }(sitemapLimit)
	sitemapLimit = 10
	files := map[string][]byte{}
	for _, rt := range r.Routes() {
		if rt.Kind() != "sitemap" {
			continue
		}
		var buf bytes.Buffer
		if err := r.Render(&buf, rt); err != nil {
			t.Fatal(err)
		}
		files[rt.File] = buf.Bytes()
	}
	parts := (len(all.URLs) + 9) / 10
	if len(files) != parts+1 {
		t.Fatalf("%d sitemap files for %d URLs, want the index and %d parts", len(files), len(all.URLs), parts)
	}
	var index struct {
		XMLName xml.Name
		Locs    []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(files["sitemap.xml"], &index); err != nil || index.XMLName.Local != "sitemapindex" {
		t.Fatalf("sitemap.xml is not a sitemap index: %v\n%s", err, files["sitemap.xml"])
	}
	var listed []string
	for i, loc := range index.Locs {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if loc != "https://example.org/sub/"+name {
			t.Errorf("index entry %d is %s", i, loc)
		}
		var part struct {
			URLs []string `xml:"url>loc"`
		}
		if err := xml.Unmarshal(files[name], &part); err != nil || len(part.URLs) == 0 || len(part.URLs) > 10 {
			t.Errorf("%s: %d URLs, %v", name, len(part.URLs), err)
		}
		listed = append(listed, part.URLs...)
	}
	if !slices.Equal(listed, all.URLs) {
		t.Errorf("the parts list\n%v\nwant\n%v", listed, all.URLs)
	}
}
