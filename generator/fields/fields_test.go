package fields

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
)

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

var bundle = Bundle{Source: "content/parks/bannu/index.md", Dir: "content/parks/bannu", Resources: []string{"hero.jpg", "logo.svg"}}

// cities is reference data with one city.
func cities(t *testing.T) *config.Data {
	var errs diagnostic.List
	d := config.LoadData(fstest.MapFS{
		config.CitiesFile:         {Data: []byte("- {id: lahore, name: Lahore, province: Punjab, underserved: false}\n")},
		config.ServicesFile:       {Data: []byte("- {id: web, label: Web}\n")},
		config.CertificationsFile: {Data: []byte("- {id: iso, label: ISO}\n")},
	}, &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Error())
	}
	return d
}

// read decodes yaml and runs f on a reader of it, returning f's value and the errors.
func read(t *testing.T, yaml string, f func(r *meta.Reader) any) (any, string) {
	t.Helper()
	v, err := meta.ParseYAML([]byte(yaml), 0)
	if err != nil {
		t.Fatal(err)
	}
	var errs diagnostic.List
	got := f(meta.NewReader("f.md", v, 1, &errs))
	return got, errs.Error()
}

// Each reader keeps a valid value and reports an invalid one at its line, with a hint.
func TestReaders(t *testing.T) {
	for _, tt := range []struct {
		name, yaml string
		read       func(r *meta.Reader) any
		want       string // the value, printed with %v
		err        string // a part of the errors, "" for none
	}{
		{"email", "email: info@example.com", func(r *meta.Reader) any { return Email(r, "email") }, "info@example.com", ""},
		{"bad email", "email: info at example", func(r *meta.Reader) any { return Email(r, "email") }, "", `f.md:1:1: "info at example" is not an email address (write a bare address`},
		{"phone", "phone: +92 51 9205 444", func(r *meta.Reader) any { return Phone(r, "phone") }, "+92 51 9205 444", ""},
		{"bad phone", "phone: call us", func(r *meta.Reader) any { return Phone(r, "phone") }, "", `"call us" is not a phone number`},
		{"labels", "t: [Go, go, Rust]", func(r *meta.Reader) any { return Labels(r, "t", 5, 10) }, "[Go Rust]", `t item "go" is listed twice`},
		{"long label", "t: [abcdefghijk]", func(r *meta.Reader) any { return Labels(r, "t", 5, 10) }, "[]", "t item is 11 characters long"},
		{"too many labels", "t: [a, b, c]", func(r *meta.Reader) any { return Labels(r, "t", 2, 10) }, "[a b]", "t lists more than 2 items"},
		{"registration", "registration: {number: PSEB/IT/2019/0423, checked: 2026-05-14}", func(r *meta.Reader) any { return *ReadRegistration(r, now) },
			"{PSEB/IT/2019/0423 2026-05-14 00:00:00 +0000 UTC}", ""},
		{"future check", "registration: {number: PSEB/IT/2019/0423, checked: 2027-01-01}", func(r *meta.Reader) any { return ReadRegistration(r, now) == nil },
			"true", "checked date 2027-01-01 is in the future"},
		{"case study", "case_studies: [{title: T, summary: S, year: 2024, url: 'https://e.org/w'}]", func(r *meta.Reader) any { return ReadCaseStudies(r, now) },
			"[{T  2024 S https://e.org/w}]", ""},
		{"case study url", "case_studies: [{title: T, summary: S, url: 'javascript:alert(1)'}]", func(r *meta.Reader) any { return ReadCaseStudies(r, now) },
			"[]", "is not an http or https address"},
		{"rent", "rent: {min: 45, currency: usd}", func(r *meta.Reader) any { return *ReadRent(r) }, "{45 45 USD}", ""},
		{"bad rent", "rent: {min: 50, max: 40, currency: XYZ1}", func(r *meta.Reader) any { return ReadRent(r) == nil }, "true", "rent max 40 is below min 50"},
		{"incentives", "incentives: [Tax holiday, {text: Duty free, url: 'https://e.org/p'}]", func(r *meta.Reader) any {
			texts, links := Incentives(r)
			return fmt.Sprintf("%v %d %s", texts, len(links), links[1])
		}, "[Tax holiday Duty free] 2 https://e.org/p", ""},
		{"aliases", "aliases: [/old/, /a/b.html]", func(r *meta.Reader) any { return Aliases(r) }, "[{old/ 1 11} {a/b.html 1 18}]", ""},
		{"bad aliases", "aliases: ['https://e.org/x/', '/x/../y/', '/', '/x?y', '/x']", func(r *meta.Reader) any { return len(Aliases(r)) }, "0", "is not a path on this site"},
		{"summary", "summary: " + strings.Repeat("x", MaxSummary+3), func(r *meta.Reader) any { return len(Summary(r, true)) }, fmt.Sprint(MaxSummary + 3),
			"shorten it by 3 characters"},
		{"no summary", "x: 1", func(r *meta.Reader) any { return Summary(r, true) }, "", `missing required field "summary"`},
		{"references", "services: [web, wbe, web]", func(r *meta.Reader) any {
			web := "Web"
			lookup := func(id string) *string {
				if id == "web" {
					return &web
				}
				return nil
			}
			return len(References(r, "services", true, "service", lookup, func() []string { return []string{"ai", "web"} }, "content/data/services.yaml"))
		}, "1", `unknown service "wbe" (did you mean "web"?)`},
		{"repeated reference", "services: [web, web]", func(r *meta.Reader) any {
			web := "Web"
			return len(References(r, "services", true, "service", func(string) *string { return &web }, func() []string { return nil }, "f"))
		}, "1", `service "web" is listed twice`},
		{"photo", "image: hero.jpg\nalt: The office.", func(r *meta.Reader) any { return *Photo(r, bundle) }, "{hero.jpg The office. 1}", ""},
		{"photo without alt", "image: hero.jpg", func(r *meta.Reader) any { return Photo(r, bundle) == nil }, "true", `image "hero.jpg" has no alt text`},
		{"photo not in bundle", "image: hero.jpeg\nalt: A.", func(r *meta.Reader) any { return Photo(r, bundle) == nil }, "true", `image file "hero.jpeg" is not in the bundle (did you mean "hero.jpg"?)`},
		{"photo not a photo", "image: logo.svg\nalt: A.", func(r *meta.Reader) any { return Photo(r, bundle) == nil }, "true", `image "logo.svg" is not a JPEG or PNG`},
		{"photo without a bundle", "image: hero.jpg\nalt: A.", func(r *meta.Reader) any { return Photo(r, Bundle{Source: "content/pages/a.md"}) == nil }, "true",
			"make it a bundle: move content/pages/a.md to content/pages/a/index.md"},
		{"year", "founded: 2011", func(r *meta.Reader) any { y, ok := Year(r, "founded", "founded year", now); return fmt.Sprint(y, ok) }, "2011 true", ""},
		{"future year", "founded: 2031", func(r *meta.Reader) any { y, ok := Year(r, "founded", "founded year", now); return fmt.Sprint(y, ok) }, "0 false",
			"founded year 2031 is out of range (use a year from 1900 to 2026)"},
		{"one of", "status: plannd", func(r *meta.Reader) any {
			return OneOf(r, "status", true, []string{"planned", "operational"}, "a park status")
		}, "",
			`status "plannd" is not a park status (did you mean "planned"?)`},
		{"one of, far", "employees: many", func(r *meta.Reader) any {
			return OneOf(r, "employees", false, []string{"1-10", "11-50"}, "a size band")
		}, "",
			"(use one of 1-10, 11-50)"},
		{"country codes", "m: [us, DE, XX, de]", func(r *meta.Reader) any { return CountryCodes(r, "m", "export market") }, "[US DE]", `export market "XX" is not a country code`},
		{"web url", "website: ' https://e.org/ '", func(r *meta.Reader) any { u, ok := WebURL(r, "website", "h"); return fmt.Sprintf("%s %v", u, ok) }, "https://e.org/ true", ""},
		{"bad web url", "website: ftp://e.org/", func(r *meta.Reader) any {
			u, ok := WebURL(r, "website", "write it")
			return fmt.Sprintf("%s %v", u, ok)
		}, " false",
			`website "ftp://e.org/" is not an http or https address (write it)`},
		{"slug", "slug: Bad_Slug", func(r *meta.Reader) any { return Slug(r, bundle) }, "Bad_Slug", `slug "Bad_Slug" is not valid`},
		{"slug from the folder", "x: 1", func(r *meta.Reader) any { return Slug(r, bundle) }, "bannu", ""},
		{"slug from the file", "x: 1", func(r *meta.Reader) any { return Slug(r, Bundle{Source: "content/news/Big News.md"}) }, "Big News",
			`file name "Big News" is not a valid slug and no slug: field is given`},
		{"city", "city: lahor", func(r *meta.Reader) any { return City(r, cities(t)) == nil }, "true", `unknown city "lahor" (did you mean "lahore"?)`},
		{"space", "area_sqft: 1000\nspace_available_sqft: 200\noccupancy: 80", func(r *meta.Reader) any { return ReadSpace(r) }, "{1000 200 true 80 true}", ""},
		{"full park", "space_available_sqft: 0", func(r *meta.Reader) any { return ReadSpace(r) }, "{0 0 true 0 false}", ""},
		{"space past the area", "area_sqft: 100\nspace_available_sqft: 200\noccupancy: 120", func(r *meta.Reader) any { return ReadSpace(r) }, "{100 0 false 0 false}",
			"space_available_sqft 200 is more than the park's area (it cannot exceed area_sqft (100))"},
		{"contact", "contact: {name: Ayesha Khan, role: Manager, email: a@e.org}", func(r *meta.Reader) any { return ReadContact(r, "contact") }, "{Ayesha Khan Manager a@e.org }", ""},
		{"role without a name", "contact: {role: Manager, phone: '+92 51 9205 444'}", func(r *meta.Reader) any { return ReadContact(r, "contact") }, "{ Manager  +92 51 9205 444}",
			"role without a name"},
		{"location", "location: {lat: 33.0, lng: 70.6}", func(r *meta.Reader) any { return *Location(r) }, "{33 70.6}", ""},
		{"swapped location", "location: {lat: 70.6, lng: 33.0}", func(r *meta.Reader) any { return Location(r) == nil }, "true", "check that lat and lng are not swapped"},
	} {
		got, errs := read(t, tt.yaml, tt.read)
		if fmt.Sprint(got) != tt.want {
			t.Errorf("%s: got %v, want %s", tt.name, got, tt.want)
		}
		if (tt.err == "") != (errs == "") || !strings.Contains(errs, tt.err) {
			t.Errorf("%s: errors %q, want %q", tt.name, errs, tt.err)
		}
	}
}

// Milestones must come in the roll-out's order, be dated in the past, and agree with the
// park's status; the operational one dates the opening.
func TestReadMilestones(t *testing.T) {
	for _, tt := range []struct {
		yaml, status string
		want         int
		err          string
	}{
		{"milestones: [{event: announced, date: 2024-01-01}, {event: operational, date: 2025-02-01}]", "operational", 2, ""},
		{"milestones: [{event: approved, date: 2024-01-01}]", "operational", 1, `status "operational" does not match the milestones`},
		{"milestones: [{event: operational, date: 2024-01-01}, {event: announced, date: 2025-01-01}]", "", 1, "milestone announced comes after operational"},
		{"milestones: [{event: announced, date: 2027-01-01}]", "", 0, "in the future"},
		{"milestones: [{event: opened, date: 2024-01-01}]", "", 0, `milestone "opened" is not a roll-out step`},
	} {
		var opened time.Time
		got, errs := read(t, tt.yaml, func(r *meta.Reader) any { return ReadMilestones(r, tt.status, &opened, now) })
		if ms := got.([]Milestone); len(ms) != tt.want || !strings.Contains(errs, tt.err) || (tt.err == "") != (errs == "") {
			t.Errorf("%s: %v %q, want %d milestones, error %q", tt.yaml, ms, errs, tt.want, tt.err)
		}
		if tt.err == "" && !opened.Equal(time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("opened %v", opened)
		}
	}
	if !IsCountryCode("DE") || IsCountryCode("EU") || IsCountryCode("de") || IsWebURL("https://user@e.org/") || !IsWebURL("http://e.org") {
		t.Error("IsCountryCode / IsWebURL")
	}
}

func TestFitSummary(t *testing.T) {
	short := "Acme builds web sites."
	if FitSummary(short) != short {
		t.Error("a short summary changed")
	}
	long := strings.Repeat("ب", MaxSummary+10)
	got := []rune(FitSummary(long))
	if len(got) != MaxSummary || got[len(got)-1] != '…' {
		t.Errorf("%d runes, last %q", len(got), got[len(got)-1])
	}
}
