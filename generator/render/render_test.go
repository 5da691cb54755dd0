package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/feed"
	"github.com/pseb/sitegen/generator/theme"
)

// testStrings defines x and every string the views use from Go.
var testStrings = "x: y\nmonths: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\n" + func() string {
	var b strings.Builder
	for _, k := range theme.RequiredStrings {
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
	for _, l := range append([]string{"baseof.html"}, theme.Layouts...) {
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
	th := theme.Load(fsys, site.Config, site.Data, site.Config.Languages[0], &errs)
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
	// Only a listing's first page shows the filter links with the site's counts.
	if rt := byPath["companies/page/2/"]; len(rt.Sources) != 2 || rt.AllSources || rt.Listed != 5 || rt.Panel {
		t.Errorf("listing page 2: sources %v, all sources %v, listed %d, panel %v", rt.Sources, rt.AllSources, rt.Listed, rt.Panel)
	}
	for _, p := range []string{"companies/", "services/web/"} {
		if !byPath[p].Panel {
			t.Errorf("first page %s: no panel", p)
		}
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
	for _, p := range r.views.Pager("companies/", 10, 20).Pages {
		got = append(got, p.Number)
	}
	want := []int{1, 0, 8, 9, 10, 11, 12, 0, 20}
	if !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v (0 is a gap)", got, want)
	}
	p := r.views.Pager("companies/", 1, 3)
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

func TestFeedAndSitemapAreValidXML(t *testing.T) {
	r := testRenderer(t, 2, fstest.MapFS{"content/news/n.md": {Data: []byte("---\ntitle: A & B <c>\ndate: 2025-05-01\nsummary: S & T.\n---\n")}})
	for _, gen := range []func(*Renderer) ([]byte, error){(*Renderer).sitemap, (*Renderer).newsFeed} {
		out, err := gen(r)
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		if strings.Contains(s, "<c>") || !strings.HasPrefix(s, "<?xml") {
			t.Errorf("bad XML: %s", s)
		}
	}
	news, _ := r.newsFeed()
	if !strings.Contains(string(news), "<updated>2025-05-01T00:00:00Z</updated>") || !strings.Contains(string(news), "A &amp; B &lt;c&gt;") {
		t.Errorf("feed: %s", news)
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

// A site with more pages than one sitemap may list (feed.SitemapLimit) gets a sitemap index at
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
	defer func(n int) { feed.SitemapLimit = n }(feed.SitemapLimit)
	feed.SitemapLimit = 10
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
