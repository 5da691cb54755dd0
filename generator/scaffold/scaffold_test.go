package scaffold

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/site"
)

var today = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// newTestSite writes a new site into a temporary folder and returns it.
func newTestSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "s")
	wrote, err := NewSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(wrote) < 8 {
		t.Fatalf("NewSite wrote %v", wrote)
	}
	return dir
}

// buildErr builds the site in dir (with the built-in theme) and returns the error.
func buildErr(t *testing.T, dir string) error {
	t.Helper()
	_, err := site.Build(context.Background(), site.Options{Source: dir, Dest: filepath.Join(t.TempDir(), "public"), Now: today})
	return err
}

func TestNewSiteBuilds(t *testing.T) {
	dir := newTestSite(t)
	for _, f := range []string{"README.md", "content/site.yaml", "content/data/cities.yaml", "content/companies/example-software-house.md",
		"content/parks/lahore-technology-park.md", "content/pages/about.md", "content/news/welcome.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("new site lacks %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "themes")); err == nil {
		t.Error("a new site has a copy of the theme: it should use the built-in one")
	}
	if err := buildErr(t, dir); err != nil {
		t.Fatalf("a new site does not build: %v", err)
	}
	// Never over what is there.
	var usage *UsageError
	if _, err := NewSite(dir); !errors.As(err, &usage) || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("new site into a full folder: %v", err)
	}
}

func TestNewEntries(t *testing.T) {
	dir := newTestSite(t)
	tests := []struct {
		req      Request
		path     string
		contains []string
		missing  []string
	}{
		{Request{Kind: "company", Name: "Acme Soft", City: "lahore", Services: []string{"ai-ml", "fintech"}},
			"content/companies/acme-soft.md", []string{`name: "Acme Soft"`, "city: lahore", "services: [ai-ml, fintech]",
				`summary: "Acme Soft, a software company in Lahore: AI and Machine Learning, Fintech."`,
				"# employees: \"11-50\" # one of 1-10, 11-50, 51-200, 201-500, 501-1000, 1000+", "# park: lahore-technology-park",
				"- **Fintech**"}, nil},
		{Request{Kind: "company", Name: "Ñandú & Söhne (Pvt.) Ltd.", City: "quetta", Services: []string{"bpo"}, Certifications: []string{"iso-9001"}, Park: "lahore-technology-park", Bundle: true},
			"content/companies/nandu-and-sohne-pvt-ltd/index.md", []string{`name: "Ñandú & Söhne (Pvt.) Ltd."`, "park: lahore-technology-park", "certifications: [iso-9001]"}, nil},
		{Request{Kind: "company", Name: "智能软件", City: "karachi", Services: []string{"ai-ml"}},
			"content/companies/zhi-neng-ruan-jian.md", []string{`name: "智能软件"`}, nil},
		{Request{Kind: "company", Name: `He said "<script>"`, City: "karachi", Services: []string{"ai-ml"}},
			"content/companies/he-said-script.md", []string{`name: "He said \"<script>\""`}, nil},
		{Request{Kind: "park", Name: "Bannu Software Technology Park", City: "bannu"},
			"content/parks/bannu-software-technology-park.md", []string{"status: planned", "# expected_opening:", `summary: "Bannu Software Technology Park, a software technology park in Bannu."`}, nil},
		{Request{Kind: "park", Name: "Quetta Park", City: "quetta", Status: "operational"},
			"content/parks/quetta-park.md", []string{"status: operational", "# opened:"}, nil},
		{Request{Kind: "page", Name: "Contact us", Menu: 70}, "content/pages/contact-us.md", []string{`title: "Contact us"`, "menu: 70"}, nil},
		{Request{Kind: "page", Name: "Companies"}, "content/pages/companies-2.md", []string{`title: "Companies"`}, nil}, // a section's name
		{Request{Kind: "news", Name: "Hyderabad park approved"}, "content/news/hyderabad-park-approved.md", []string{"date: 2026-12-07", `summary: "Hyderabad park approved"`}, nil},
		{Request{Kind: "news", Name: "Old news", Date: "2025-03-01"}, "content/news/old-news.md", []string{"date: 2025-03-01"}, nil},
		{Request{Kind: "company", Name: "Example Software House", City: "lahore", Services: []string{"bpo"}},
			"content/companies/example-software-house-2.md", []string{`name: "Example Software House"`}, nil},
	}
	for _, tt := range tests {
		tt.req.Now = today
		res, err := NewEntry(dir, tt.req)
		if err != nil {
			t.Errorf("%+v: %v", tt.req, err)
			continue
		}
		if res.Path != tt.path {
			t.Errorf("%s %q went to %s, want %s", tt.req.Kind, tt.req.Name, res.Path, tt.path)
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, res.Path))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range tt.contains {
			if !strings.Contains(string(data), want) {
				t.Errorf("%s lacks %q:\n%s", res.Path, want, data)
			}
		}
	}
	if err := buildErr(t, dir); err != nil {
		t.Fatalf("the site with the new files does not build: %v", err)
	}
}

func TestNewEntryLeavesRequiredFieldsToFill(t *testing.T) {
	dir := newTestSite(t)
	res, err := NewEntry(dir, Request{Kind: "company", Name: "Half Done", Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Missing, ",") != "city,services" {
		t.Errorf("missing = %v", res.Missing)
	}
	// The build names the file and the lines to fill in.
	err = buildErr(t, dir)
	for _, want := range []string{"content/companies/half-done.md:3:", "content/companies/half-done.md:4:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("build of a profile without city and services: %v, want %q", err, want)
		}
	}
}

func TestNewEntryRefuses(t *testing.T) {
	dir := newTestSite(t)
	tests := []struct {
		req  Request
		want string
	}{
		{Request{Kind: "compnay", Name: "X"}, `unknown kind "compnay" (did you mean "company"?)`},
		{Request{Kind: "company", Name: "  "}, "needs a name"},
		{Request{Kind: "company", Name: "!!!"}, "makes no file name"},
		{Request{Kind: "company", Name: "X", City: "lahor"}, `--city lahor: not in content/data/cities.yaml (did you mean "lahore"?)`},
		{Request{Kind: "company", Name: "X", Services: []string{"ai-ml", "fintek"}}, `--services fintek: not in content/data/services.yaml (did you mean "fintech"?)`},
		{Request{Kind: "company", Name: "X", Certifications: []string{"iso27001"}}, `--certifications iso27001`},
		{Request{Kind: "company", Name: "X", Park: "lahore-park"}, `--park lahore-park: not in content/parks/`},
		{Request{Kind: "park", Name: "X", Status: "open"}, "--status open: use one of operational, under-construction, planned"},
		{Request{Kind: "news", Name: "X", Date: "7/12/2026"}, "--date 7/12/2026: not a date"},
		{Request{Kind: "page", Name: "X", City: "lahore"}, "--city: a page has no city field"},
		{Request{Kind: "company", Name: "Example Software House", Lang: "zh"}, "--lang zh: the site has one language"},
	}
	for _, tt := range tests {
		tt.req.Now = today
		_, err := NewEntry(dir, tt.req)
		var usage *UsageError
		if !errors.As(err, &usage) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: got %v, want a usage error containing %q", tt.req, err, tt.want)
		}
	}
	if _, err := NewEntry(t.TempDir(), Request{Kind: "page", Name: "X"}); err == nil || !strings.Contains(err.Error(), "no content/site.yaml") {
		t.Errorf("outside a site: %v", err)
	}
}

func TestNewTranslation(t *testing.T) {
	dir := newTestSite(t)
	cfg := filepath.Join(dir, "content", "site.yaml")
	data, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append(data, "languages:\n  - code: zh\n    title: 巴基斯坦\n  - code: ar\n    title: باكستان\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := NewEntry(dir, Request{Kind: "company", Name: "Example Software House", Lang: "zh", Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != "content/companies/example-software-house.zh.md" {
		t.Errorf("translation at %s", res.Path)
	}
	text, _ := os.ReadFile(filepath.Join(dir, res.Path))
	for _, want := range []string{`# name: "Example Software House"`, "# summary: \"An example profile"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("translation lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(string(text), "city:") {
		t.Errorf("a translation gives only translatable fields:\n%s", text)
	}
	for _, tt := range []struct {
		req  Request
		want string
	}{
		{Request{Kind: "company", Name: "Example Software House", Lang: "zh"}, "already exists"},
		{Request{Kind: "company", Name: "Example Software House", Lang: "ur"}, "--lang ur: not one of the site's other languages (zh, ar)"},
		{Request{Kind: "company", Name: "Nobody Ltd", Lang: "ar"}, `no company "nobody-ltd" to translate`},
	} {
		if _, err := NewEntry(dir, tt.req); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.req, err, tt.want)
		}
	}
	if _, err := NewEntry(dir, Request{Kind: "park", Name: "Lahore Technology Park", Lang: "ar", Now: today}); err != nil {
		t.Fatal(err)
	}
	if err := buildErr(t, dir); err != nil {
		t.Fatalf("the site with the new translations does not build: %v", err)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Acme Soft":                 "acme-soft",
		"Café Déjà Vu":              "cafe-deja-vu",
		"智能软件":                      "zhi-neng-ruan-jian",
		"  Systems   (Pvt.)  Ltd. ": "systems-pvt-ltd",
		"A & B":                     "a-and-b",
		"!!!":                       "",
		strings.Repeat("word ", 30): "word-word-word-word-word-word-word-word-word-word-word-word",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
