package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestProbe: a company file read on its own is taken when its page depends on the file
// alone, and refused (for the whole site to be loaded again) when not.
func TestProbe(t *testing.T) {
	company := func(fm string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nservices: [fintech]\nsummary: S.\n" + fm + "---\n\nBody.\n")}
	}
	for _, tt := range []struct {
		name  string
		files fstest.MapFS
		probe string
		want  bool
	}{
		{"renamed", fstest.MapFS{"content/companies/acme.md": company("name: Acme Two\npark: lahore-park\ncity: lahore\n")}, "content/companies/acme.md", true},
		{"moved to another city, out of its park", fstest.MapFS{"content/companies/acme.md": company("name: Acme\ncity: bannu\n")}, "content/companies/acme.md", true},
		{"new", fstest.MapFS{"content/companies/beta.md": company("name: Beta\ncity: lahore\n")}, "content/companies/beta.md", true},
		{"new slug", fstest.MapFS{"content/companies/acme.md": company("name: Acme\nslug: acme-ltd\ncity: lahore\n")}, "content/companies/acme.md", false},
		{"slug of another company", fstest.MapFS{"content/companies/beta.md": company("name: Beta\nslug: acme\ncity: lahore\n")}, "content/companies/beta.md", false},
		{"unknown park", fstest.MapFS{"content/companies/acme.md": company("name: Acme\npark: nowhere-park\ncity: lahore\n")}, "content/companies/acme.md", false},
		{"error in a field", fstest.MapFS{"content/companies/acme.md": company("name: Acme\nemployees: many\ncity: lahore\n")}, "content/companies/acme.md", false},
		{"draft", fstest.MapFS{"content/companies/beta.md": company("name: Beta\ndraft: true\ncity: lahore\n")}, "content/companies/beta.md", false},
		{"new with an alias", fstest.MapFS{"content/companies/beta.md": company("name: Beta\naliases: [/old/]\ncity: lahore\n")}, "content/companies/beta.md", false},
		{"new bundle", fstest.MapFS{"content/companies/beta/index.md": company("name: Beta\ncity: lahore\n")}, "content/companies/beta/index.md", false},
		{"a park", fstest.MapFS{}, "content/parks/lahore-park.md", false},
		{"gone", fstest.MapFS{}, "content/companies/gone.md", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validSite()
			site := loaded(t, fsys)
			for p, f := range tt.files {
				fsys[p] = f
			}
			c, ok := site.Probe(fsys, tt.probe, Options{Now: testNow})
			if ok != tt.want {
				t.Fatalf("Probe(%s) = %v, want %v", tt.probe, ok, tt.want)
			}
			if !ok {
				return
			}
			if c.Source != tt.probe || (c.parkSlug != "") != (c.Park != nil) {
				t.Errorf("probed %s: source %s, park %q linked to %v", tt.probe, c.Source, c.parkSlug, c.Park)
			}
			if site.CompanyBySource(tt.probe) != nil && site.CompanyBySource(tt.probe) == c {
				t.Error("Probe changed the site's company in place")
			}
		})
	}
}

// TestProbeTranslation: a company's new or edited translation is read on its own into the
// company in that language; anything else is refused.
func TestProbeTranslation(t *testing.T) {
	fsys := validSite()
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: Test\nbase_url: https://example.org/\nlanguages:\n  - code: zh\n    title: 测试\n")}
	site := loaded(t, fsys)
	site.Localized("zh")
	for _, tt := range []struct {
		name, path, data string
		want             bool
	}{
		{"new", "content/companies/acme.zh.md", "---\nname: 阿克米\n---\n\n正文。\n", true},
		{"a field that is not translated", "content/companies/acme.zh.md", "---\nname: 阿克米\ncity: bannu\n---\n", false},
		{"of a company that does not exist", "content/companies/nobody.zh.md", "---\nname: 无\n---\n", false},
		{"into a language the site lacks", "content/companies/acme.ar.md", "---\nname: أكمي\n---\n", false},
		{"of a park", "content/parks/lahore-park.zh.md", "---\nname: 拉合尔园区\n---\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys[tt.path] = &fstest.MapFile{Data: []byte(tt.data)}
			defer delete(fsys, tt.path)
			c, code, ok := site.ProbeTranslation(fsys, tt.path, Options{Now: testNow})
			if ok != tt.want {
				t.Fatalf("ProbeTranslation(%s) = %v, want %v", tt.path, ok, tt.want)
			}
			if ok && (code != "zh" || c.Name != "阿克米" || c.TextSource != tt.path || c.Fallback || c.Park == nil || c.Park.Lang != "zh") {
				t.Errorf("probed: lang %q, name %q, text from %s, fallback %v, park %+v", code, c.Name, c.TextSource, c.Fallback, c.Park)
			}
		})
	}
}

// TestProbePark: an edited park is read on its own, with the site's parks in the order its
// new name gives them; anything else is refused.
func TestProbePark(t *testing.T) {
	park := func(fm string) string {
		return "---\ncity: lahore\nstatus: operational\nsummary: A park.\nlocation: {lat: 31.5, lng: 74.3}\n" + fm + "---\n"
	}
	for _, tt := range []struct {
		name, data string
		want       bool
		order      []string
	}{
		{"renamed to the end", park("name: Zeta Park\n"), true, []string{"bannu-park", "lahore-park"}},
		{"renamed to the front", park("name: Aardvark Park\n"), true, []string{"lahore-park", "bannu-park"}},
		{"new slug", park("name: Lahore Park\nslug: lahore-2\n"), false, nil},
		{"an error", park("name: Lahore Park\narea_sqft: big\n"), false, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validSite()
			fsys["content/parks/bannu-park.md"] = &fstest.MapFile{Data: []byte(strings.Replace(park("name: Bannu Park\n"), "lahore", "bannu", 1))}
			site := loaded(t, fsys)
			fsys["content/parks/lahore-park.md"] = &fstest.MapFile{Data: []byte(tt.data)}
			p, parks, ok := site.ProbePark(fsys, "content/parks/lahore-park.md", Options{Now: testNow})
			if ok != tt.want {
				t.Fatalf("ProbePark = %v, want %v", ok, tt.want)
			}
			if !ok {
				return
			}
			var order []string
			for _, x := range parks {
				order = append(order, x.Slug)
			}
			if !slices.Equal(order, tt.order) || !slices.Contains(parks, p) || slices.Contains(parks, site.ParkBySlug("lahore-park")) {
				t.Errorf("parks %v, want %v with the probed park in place of the site's", order, tt.order)
			}
		})
	}
	if _, _, ok := loaded(t, validSite()).ProbePark(validSite(), "content/companies/acme.md", Options{Now: testNow}); ok {
		t.Error("a company probed as a park")
	}
}

// loaded loads fsys and fails the test on any error.
func loaded(t *testing.T, fsys fstest.MapFS) *Site {
	t.Helper()
	site, errs := load(t, fsys, Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return site
}

// TestProbeDatasets: the datasets read again, with the pages that chart the edited one;
// refused when a dataset has an error or a chart no longer finds its data.
func TestProbeDatasets(t *testing.T) {
	fsys := validSite()
	fsys["content/data/grads.csv"] = &fstest.MapFile{Data: []byte("Province,Graduates\nPunjab,100\nSindh,50\n")}
	fsys["content/pages/why.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Why\n---\n\n{{< chart data=\"grads\" title=\"Graduates\" >}}\n")}
	site := loaded(t, fsys)
	fsys["content/data/grads.csv"] = &fstest.MapFile{Data: []byte("Province,Graduates\nPunjab,120\nSindh,50\n")}
	s, pages, ok := site.ProbeDatasets(fsys, "content/data/grads.csv")
	if !ok || len(pages) != 1 || pages[0].Slug != "why" {
		t.Fatalf("ProbeDatasets = %v, %d page(s): want the page charting grads", ok, len(pages))
	}
	if s == site || s.Datasets["grads"] == site.Datasets["grads"] || s.Datasets["grads"].Points[0].Value != 120 {
		t.Errorf("the probed site does not hold the dataset read again: %+v", s.Datasets["grads"])
	}
	fsys["content/data/grads.csv"] = &fstest.MapFile{Data: []byte("Province,Graduates\nPunjab,many\n")}
	if _, _, ok := site.ProbeDatasets(fsys, "content/data/grads.csv"); ok {
		t.Error("a dataset with an error was probed")
	}
	delete(fsys, "content/data/grads.csv")
	if _, _, ok := site.ProbeDatasets(fsys, "content/data/grads.csv"); ok {
		t.Error("a chart of a dataset that is gone was probed")
	}
}
