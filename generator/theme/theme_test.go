package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
)

// testStrings defines x and every string the renderer's views use from Go.
var testStrings = "x: y\nmonths: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]\n" + func() string {
	var b strings.Builder
	for _, k := range RequiredStrings {
		b.WriteString(k + ": \"" + k + " %v %v %v\"\n")
	}
	return b.String()
}()

// testConfig is a one-language site's configuration.
func testConfig(t *testing.T) *config.Site {
	t.Helper()
	var errs diagnostic.List
	cfg := config.LoadSite(fstest.MapFS{"content/site.yaml": {Data: []byte("title: T\nbase_url: https://example.org/sub/\npage_size: 2\n")}}, &errs)
	if errs.Len() > 0 || cfg == nil {
		t.Fatal(errs.Error())
	}
	return cfg
}

// testTheme is a theme whose layouts each show the page's title.
func testTheme(t *testing.T) *Theme {
	t.Helper()
	fsys := fstest.MapFS{
		"themes/default/i18n/en.yaml":        {Data: []byte(testStrings)},
		"themes/default/layouts/baseof.html": {Data: []byte(`{{block "main" .}}{{end}}`)},
	}
	for _, l := range Layouts {
		fsys["themes/default/layouts/"+l] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Title}}{{end}}`)}
	}
	cfg := testConfig(t)
	var errs diagnostic.List
	th := Load(fsys, cfg, nil, cfg.Languages[0], &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Error())
	}
	return th
}

// fakePage is a page as partialCached sees it.
type fakePage struct {
	Kind, Title string
	cache       *PartialCache
}

func (p *fakePage) PartialCache() *PartialCache { return p.cache }

// Execute draws a layout through baseof.html and names an unknown layout.
func TestExecute(t *testing.T) {
	th := testTheme(t)
	var buf bytes.Buffer
	if err := th.Execute(&buf, "page.html", &fakePage{Title: "Hello"}); err != nil || buf.String() != "Hello" {
		t.Errorf("Execute = %q, %v", buf.String(), err)
	}
	if err := th.Execute(&buf, "nope.html", nil); err == nil || !strings.Contains(err.Error(), `no layout "nope.html"`) {
		t.Errorf("unknown layout: %v", err)
	}
	if got := th.StringFor("x", 1); got != "y" {
		t.Errorf("StringFor without a _one form = %q", got)
	}
	th.strings["x_one"] = "one"
	if got, other := th.StringFor("x", 1), th.StringFor("x", 2); got != "one" || other != "y" {
		t.Errorf("StringFor = %q, %q", got, other)
	}
}

func TestMissingInterfaceStringIsReported(t *testing.T) {
	cfg := testConfig(t)
	fsys := fstest.MapFS{
		"themes/default/i18n/en.yaml":        {Data: []byte(testStrings)},
		"themes/default/layouts/baseof.html": {Data: []byte(`{{block "main" .}}{{end}}`)},
	}
	for _, l := range Layouts {
		fsys["themes/default/layouts/"+l] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
	}
	fsys["themes/default/layouts/page.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n{{T \"x\"}} {{T \"zzzzzzzz\"}}{{end}}")}
	var errs diagnostic.List
	th := Load(fsys, cfg, nil, cfg.Languages[0], &errs)
	if th != nil || errs.Error() != `themes/default/layouts/page.html:2:12: missing interface string "zzzzzzzz" (add it to themes/default/i18n/en.yaml)` {
		t.Errorf("errors: %s", errs.Error())
	}
}

func TestMissingGoStringIsReported(t *testing.T) {
	cfg := testConfig(t)
	fsys := fstest.MapFS{"themes/default/i18n/en.yaml": {Data: []byte(strings.Replace(testStrings, "city_intro:", "city_intr:", 1))}}
	for _, l := range append([]string{"baseof.html"}, Layouts...) {
		fsys["themes/default/layouts/"+l] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{end}}`)}
	}
	var errs diagnostic.List
	if Load(fsys, cfg, nil, cfg.Languages[0], &errs) != nil || !strings.Contains(errs.Error(), `themes/default/i18n/en.yaml: missing interface string "city_intro"`) {
		t.Errorf("errors: %s", errs.Error())
	}
}

// In another language, a string the templates or the views need and its i18n file lacks
// is an error naming the key and that file; a missing file is one too.
func TestMissingStringInAnotherLanguage(t *testing.T) {
	cfg := testConfig(t)
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
	if Load(fsys, cfg, nil, zh, &errs) != nil {
		t.Fatal("theme loaded")
	}
	for _, want := range []string{`themes/default/i18n/zh.yaml: missing interface string "city_intro"`,
		`themes/default/layouts/page.html:2:2: missing interface string "x" (add it to themes/default/i18n/zh.yaml)`} {
		if !strings.Contains(errs.Error(), want) {
			t.Errorf("errors:\n%s\nwant %s", errs.Error(), want)
		}
	}
	errs = diagnostic.List{}
	if Load(layouts(), cfg, nil, zh, &errs) != nil || !strings.Contains(errs.Error(), "themes/default/i18n/zh.yaml: cannot read") {
		t.Errorf("errors: %s", errs.Error())
	}
}

// Dates and numbers are written the way each language writes them.
func TestFormatsPerLanguage(t *testing.T) {
	th := testTheme(t)
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
	th := testTheme(t)
	var cache PartialCache
	var calls int
	th.base.Funcs(template.FuncMap{"count": func() int { calls++; return calls }})
	if _, err := th.base.New("partials/counted.html").Parse(`n{{count}} {{.Kind}}`); err != nil {
		t.Fatal(err)
	}
	page := func(kind string) *fakePage { return &fakePage{Kind: kind, cache: &cache} }
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
	var other PartialCache
	if got, _ := th.partialCached("partials/counted.html", &fakePage{Kind: "home", cache: &other}); got != "n4 home" {
		t.Errorf("another renderer's copy = %q, want n4 home", got)
	}
	if _, err := th.partialCached("partials/counted.html", &fakePage{}); err == nil || !strings.Contains(err.Error(), "must be the page") {
		t.Errorf("without a page: %v", err)
	}
}

// A layout copied from a theme older than the per-kind parts is told where a field went.
func TestMovedFieldHint(t *testing.T) {
	th := testTheme(t)
	e := th.TemplateError(fmt.Errorf(`template: company.html:2:10: executing "main" at <.Company>: can't evaluate field Company in type *view.Page`))
	if e.Line != 2 || !strings.Contains(e.Hint, "use .Profile.Company") {
		t.Errorf("error %+v", e)
	}
	if e := th.TemplateError(fmt.Errorf(`template: page.html:1:5: executing "main" at <.Nope>: can't evaluate field Nope in type *view.Page`)); e.Hint != "" {
		t.Errorf("a field that never was gets a hint: %q", e.Hint)
	}
}
