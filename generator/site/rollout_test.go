package site

import (
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
)

// Issue 20's roll-out on the sample site (built at testNow, 1 June 2026): /parks/ in every
// language has the chart with the plan's line, its table and the sentence; the home page the
// sentence; a park page its timeline; /parks/feed.xml is Atom in every language; a park's
// last milestone is its sitemap lastmod; the registration page lists the underserved
// cities the data marks.
func TestParksRollout(t *testing.T) {
	t.Parallel() // builds (or serves) the sample: its first build encodes the photos while others run
	read := sampleOutput(t)
	sentences := map[string]string{
		"":    "4 parks operational, 20 behind the plan's pace for June 2026.",
		"zh/": "已运营园区 4 个，落后于2026年6月的计划进度 20 个。",
		"ar/": "٤ مجمعات عاملة، متأخرة عن وتيرة الخطة لشهر يونيو ٢٠٢٦ بعدد ٢٠.",
	}
	for prefix, sentence := range sentences {
		parks := read(prefix + "parks/index.html")
		for _, want := range []string{`<svg`, `class="area status-operational"`, `class="area status-under-construction"`, `class="area status-planned"`,
			`<path class="target" d="M`, `<p class="rollout-sentence">` + sentence + `</p>`, `href="/` + prefix + `parks/feed.xml"`} {
			if !strings.Contains(parks, want) {
				t.Errorf("/%sparks/ has no %q", prefix, want)
			}
		}
		// The table: one row a month, from the quarter before the plan's start (June 2025)
		// to the build's month.
		rows := regexp.MustCompile(`(?s)<section class="rollout".*?<tbody>(.*?)</tbody>`).FindStringSubmatch(parks)
		if rows == nil || strings.Count(rows[1], "<tr>") != 13 {
			t.Errorf("/%sparks/: the roll-out table has %d rows, want 13 (June 2025 to June 2026)", prefix, strings.Count(rows[len(rows)-1], "<tr>"))
		}
		if home := read(prefix + "index.html"); !strings.Contains(home, sentence) {
			t.Errorf("/%s: the home page lacks the roll-out sentence %q", prefix, sentence)
		}
		checkAtom(t, prefix+"parks/feed.xml", read(prefix+"parks/feed.xml"), 28)
	}
	park := read("parks/faisalabad-software-technology-park/index.html")
	timeline := regexp.MustCompile(`(?s)<ol class="timeline">(.*?)</ol>`).FindStringSubmatch(park)
	if timeline == nil {
		t.Fatal("the Faisalabad park has no timeline")
	}
	for _, want := range []string{`<li class="done"><time datetime="2025-08-14">14 August 2025</time> <span>Announced</span>`,
		`<time datetime="2026-01-12">12 January 2026</time> <span>Construction started</span>`,
		`<li class="expected"><time datetime="2027-03-31">31 March 2027</time> <span>Expected to open</span>`} {
		if !strings.Contains(timeline[1], want) {
			t.Errorf("the timeline lacks %q:\n%s", want, timeline[1])
		}
	}
	if sm := read("sitemap.xml"); !strings.Contains(sm, `/parks/faisalabad-software-technology-park/</loc><lastmod>2026-01-12</lastmod>`) {
		t.Error("the sitemap's lastmod of a park is not its last milestone")
	}
	// The registration page's list is the data's underserved cities, in the data's order.
	var errs diagnostic.List
	data := config.LoadData(os.DirFS("../.."), &errs)
	var want []string
	for _, c := range data.Cities {
		if c.Underserved {
			want = append(want, `<a href="/cities/`+c.ID+`/">`+c.Name+`</a>`)
		}
	}
	list := regexp.MustCompile(`(?s)<ul class="city-list">(.*?)</ul>`).FindStringSubmatch(read("register/index.html"))
	if len(want) < 3 || list == nil {
		t.Fatalf("no underserved cities listed on the registration page (%d in the data)", len(want))
	}
	got := regexp.MustCompile(`<a href="[^"]*">[^<]*</a>`).FindAllString(list[1], -1)
	if strings.Join(got, "") != strings.Join(want, "") {
		t.Errorf("the registration page lists\n%v\nwant the data's\n%v", got, want)
	}
}

// sampleOutput returns a reader of the files of the browser tests' shared build of the
// sample (built at testNow), by slash path.
func sampleOutput(t *testing.T) func(string) string {
	servedSample(t)
	dest := filepath.Join(sharedSample.dir, "public")
	return func(p string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
}

// checkAtom checks a feed against RFC 4287's requirements: a feed id, title, updated and
// author; each entry an id, a title, an updated date (RFC 3339), an alternate link and a
// summary; ids absolute IRIs and unique; entries newest first.
func checkAtom(t *testing.T, name, text string, wantEntries int) {
	t.Helper()
	var f struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  string   `xml:"author>name"`
		Links   []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(text), &f); err != nil {
		t.Fatalf("%s: not Atom XML: %v", name, err)
	}
	absolute := func(s string) bool { u, err := url.Parse(s); return err == nil && u.IsAbs() }
	if !absolute(f.ID) || f.Title == "" || f.Author == "" {
		t.Errorf("%s: feed id %q, title %q, author %q", name, f.ID, f.Title, f.Author)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("%s: feed updated %q: %v", name, f.Updated, err)
	}
	self := false
	for _, l := range f.Links {
		self = self || (l.Rel == "self" && absolute(l.Href))
	}
	if !self {
		t.Errorf("%s: no rel=self link", name)
	}
	if len(f.Entries) != wantEntries {
		t.Errorf("%s: %d entries, want %d", name, len(f.Entries), wantEntries)
	}
	ids := map[string]bool{}
	last := ""
	for _, e := range f.Entries {
		if !absolute(e.ID) || ids[e.ID] || e.Title == "" || e.Summary == "" || !absolute(e.Link.Href) {
			t.Errorf("%s: entry %+v", name, e)
		}
		ids[e.ID] = true
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("%s: entry updated %q: %v", name, e.Updated, err)
		}
		if last != "" && e.Updated > last {
			t.Errorf("%s: entries not newest first (%s after %s)", name, e.Updated, last)
		}
		last = e.Updated
	}
}

// Issue 20's Urdu: /ur/ is right to left in Urdu with Urdu digits, every page names its
// four languages (hreflang, in the page and the sitemap), and the translated pages are
// Urdu while the rest fall back marked as English.
func TestUrdu(t *testing.T) {
	t.Parallel() // reads the shared build of the sample, whose first build encodes the photos
	read := sampleOutput(t)
	home := read("ur/index.html")
	for _, want := range []string{`<html lang="ur" dir="rtl" data-number-locale="ur-u-nu-arabext">`, `<h1 id="hero-title" dir="auto">پاکستان میں اپنی سافٹ ویئر ٹیم بنائیں</h1>`,
		`<strong>۳۹</strong>`, `hreflang="en"`, `hreflang="zh"`, `hreflang="ar"`, `hreflang="ur"`, `<p class="rollout-sentence"><a href="/ur/parks/#rollout-heading">۴ پارک فعال`} {
		if !strings.Contains(home, want) {
			t.Errorf("/ur/ has no %q", want)
		}
	}
	if strings.ContainsAny(regexp.MustCompile(`(?s)<ul class="stats">.*?</ul>`).FindString(home), "0123456789") {
		t.Error("/ur/'s key figures mix Latin digits with Urdu ones")
	}
	park := read("ur/parks/bannu-software-technology-park/index.html")
	for _, want := range []string{`<h1 dir="auto">بنوں سافٹ ویئر ٹیکنالوجی پارک</h1>`, `<time datetime="2025-08-14">۱۴ اگست ۲۰۲۵</time> <span>اعلان</span>`} {
		if !strings.Contains(park, want) {
			t.Errorf("the Urdu Bannu park page has no %q", want)
		}
	}
	// Not translated: shown in English, marked as such.
	if p := read("ur/parks/islamabad-software-technology-park/index.html"); !strings.Contains(p, `lang="en"`) || !strings.Contains(p, "یہ متن ابھی اردو میں دستیاب نہیں۔") {
		t.Error("an untranslated park is not marked as English on /ur/")
	}
	if sm := read("sitemap.xml"); strings.Count(sm, `hreflang="ur"`) < 100 || !strings.Contains(sm, `/ur/parks/</loc>`) {
		t.Error("the sitemap does not list the Urdu pages as alternates")
	}
	if reg := read("ur/register/index.html"); !strings.Contains(reg, `<a href="/ur/cities/bannu/">بنوں</a>`) {
		t.Error("the Urdu registration page's underserved cities are not in Urdu")
	}
}
