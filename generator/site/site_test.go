package site

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/pseb/sitegen/generator/diagnostic"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// copyTree copies src into dst (both directories).
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testSite lays out testdata/site with the repository's themes in a temporary folder.
func testSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, "testdata/site", dir)
	copyTree(t, "../../themes", filepath.Join(dir, "themes"))
	return dir
}

func build(t testing.TB, opts Options) (*Summary, error) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	return Build(context.Background(), opts)
}

// readTree returns every file under dir by slash path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden compares representative pages, rendered without minification so diffs are
// readable, with testdata/golden. Run `go test ./generator/site -run TestGolden -update`
// after an intended change and review the diff.
func TestGolden(t *testing.T) {
	src := testSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest, NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	pages := []string{
		"index.html", "companies/acme/index.html", "companies/beta/index.html", "companies/index.html",
		"companies/page/2/index.html", "parks/index.html", "parks/lahore-park/index.html", "cities/index.html",
		"cities/bannu/index.html", "services/index.html", "about/index.html", "news/index.html",
		"news/launch/index.html", "shortlist/index.html", "showcase/index.html", "about-us/index.html", "old/about.html", "_headers", "_redirects", "404.html", "sitemap.xml", "feed.xml", "robots.txt", "search/index.json",
	}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dest, p))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; run with -update and review the diff\n%s", p, golden, firstDiff(got, want))
			}
		})
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

func TestOutputFiles(t *testing.T) {
	src := testSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	sum, err := build(t, Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dest)
	for _, want := range []string{
		"index.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml", "css/style.css", "favicon.svg",
		"companies/index.html", "companies/page/2/index.html", "companies/acme/index.html", "companies/acme/logo.svg",
		"companies/beta/index.html", "companies/gamma/index.html", "parks/index.html", "parks/lahore-park/index.html",
		"parks/bannu-park/index.html", "cities/index.html", "cities/lahore/index.html", "cities/bannu/index.html",
		"services/index.html", "services/web-development/index.html", "services/fintech/index.html",
		"certifications/index.html", "certifications/iso-27001/index.html", "about/index.html", "news/index.html",
		"news/launch/index.html",
	} {
		if _, ok := files[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	for _, unwanted := range []string{"news/future/index.html", "news/wip/index.html", "companies/page/1/index.html"} {
		if _, ok := files[unwanted]; ok {
			t.Errorf("%s must not be published", unwanted)
		}
	}
	if sum.Files != int64(len(files)) {
		t.Errorf("summary counts %d files, %d written", sum.Files, len(files))
	}
	// Minified: no indentation or blank lines survive in HTML, CSS or SVG.
	for _, p := range []string{"index.html", "css/style.css", "companies/acme/logo.svg"} {
		if bytes.Contains(files[p], []byte("\n\n")) || bytes.Contains(files[p], []byte("  ")) {
			t.Errorf("%s is not minified", p)
		}
	}
	// With --drafts, drafts and future news are published.
	dest2 := filepath.Join(t.TempDir(), "drafts")
	if _, err := build(t, Options{Source: src, Dest: dest2, Drafts: true}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"news/future/index.html", "news/wip/index.html"} {
		if _, err := os.Stat(filepath.Join(dest2, p)); err != nil {
			t.Errorf("--drafts: %v", err)
		}
	}
}

// TestEscaping parses every page as a browser would: untrusted text from front matter and
// Markdown must never become markup, scripts, event handlers or javascript: links.
func TestEscaping(t *testing.T) {
	src := testSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	for p, data := range readTree(t, dest) {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "script":
				// JSON-LD, or the theme's own files; never inline code.
				src := attr(n, "src")
				if attr(n, "type") != "application/ld+json" && (!strings.HasPrefix(src, "/pseb/js/") || n.FirstChild != nil) {
					t.Errorf("%s: a <script> element that is neither JSON-LD nor a theme script: src %q", p, src)
				}
			case "b":
				t.Errorf("%s: markup from front matter became a <b> element", p)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event handler attribute %s", p, a.Key)
				}
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					t.Errorf("%s: javascript: URL", p)
				}
			}
		}
	}
	beta, _ := os.ReadFile(filepath.Join(dest, "companies/beta/index.html"))
	doc, _ := html.Parse(bytes.NewReader(beta))
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "h1" && n.FirstChild != nil {
			if got := n.FirstChild.Data; got != "Beta <script>alert(1)</script> & Sons" {
				t.Errorf("h1 text = %q, want the name as plain text", got)
			}
		}
	}
	// JSON-LD must escape < so the text cannot close the script element.
	if !strings.Contains(string(beta), `\u003cscript\u003e`) {
		t.Errorf("JSON-LD does not escape <")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	src := testSite(t)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, err := build(t, Options{Source: src, Dest: a, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, Options{Source: src, Dest: b, Workers: 8}); err != nil {
		t.Fatal(err)
	}
	sameTree(t, a, b)
}

// sameTree fails t unless the folders a and b hold the same files with the same bytes.
func sameTree(t *testing.T, a, b string) {
	t.Helper()
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files vs %d", len(ta), len(tb))
	}
	for p, data := range ta {
		if !bytes.Equal(data, tb[p]) {
			t.Errorf("%s differs between builds: %s", p, firstDiff(tb[p], data))
		}
	}
}

func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	src := testSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dest)

	// A content error and, separately, a template error: neither may touch dest.
	breakers := map[string]func(){
		"content": func() {
			os.WriteFile(filepath.Join(src, "content/companies/gamma.md"), []byte("---\nname: G\ncity: nowhere\n---\n"), 0o644)
		},
		"template": func() {
			os.WriteFile(filepath.Join(src, "themes/default/layouts/park.html"), []byte(`{{define "main"}}{{.ParkPage.Park.NoSuchField}}{{end}}`), 0o644)
		},
	}
	for name, breakIt := range breakers {
		t.Run(name, func(t *testing.T) {
			fresh := testSite(t)
			src = fresh
			breakIt()
			_, err := build(t, Options{Source: fresh, Dest: dest})
			var list *diagnostic.List
			if !errors.As(err, &list) {
				t.Fatalf("want diagnostics, got %v", err)
			}
			after := readTree(t, dest)
			if len(after) != len(before) {
				t.Fatalf("dest changed: %d files, had %d", len(after), len(before))
			}
			for p, data := range before {
				if !bytes.Equal(after[p], data) {
					t.Errorf("%s changed", p)
				}
			}
			// No temporary folders are left beside dest.
			ents, _ := os.ReadDir(filepath.Dir(dest))
			if len(ents) != 1 {
				t.Errorf("leftovers beside dest: %v", ents)
			}
		})
	}
}

func TestInterruptedBuildKeepsPreviousOutput(t *testing.T) {
	src := testSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dest)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if Ctrl-C arrived at once
	if _, err := Build(ctx, Options{Source: src, Dest: dest, Now: testNow}); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	after := readTree(t, dest)
	if len(after) != len(before) {
		t.Fatalf("dest changed")
	}
	if ents, _ := os.ReadDir(filepath.Dir(dest)); len(ents) != 1 {
		t.Errorf("leftovers beside dest: %v", ents)
	}
}

func TestTemplateErrorsNameTheFile(t *testing.T) {
	src := testSite(t)
	os.WriteFile(filepath.Join(src, "themes/default/layouts/park.html"), []byte("{{define \"main\"}}\n<p>{{.ParkPage.Park.NoSuchField}}</p>\n{{end}}\n"), 0o644)
	os.WriteFile(filepath.Join(src, "themes/default/layouts/news.html"), []byte("{{define \"main\"}}\n{{if}}\n{{end}}\n"), 0o644)
	os.WriteFile(filepath.Join(src, "themes/default/layouts/page.html"), []byte("{{define \"main\"}}\n\n{{T \"no_such_key\"}}{{end}}\n"), 0o644)
	_, err := build(t, Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
	if err == nil {
		t.Fatal("want errors")
	}
	got := err.Error()
	for _, want := range []string{
		"themes/default/layouts/news.html:2: template: missing value for if",
		`themes/default/layouts/page.html:3:2: missing interface string "no_such_key" (add it to themes/default/i18n/en.yaml)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	// Execution errors are found when pages render: fix the parse errors and build again.
	os.WriteFile(filepath.Join(src, "themes/default/layouts/news.html"), []byte("{{define \"main\"}}{{end}}\n"), 0o644)
	os.WriteFile(filepath.Join(src, "themes/default/layouts/page.html"), []byte("{{define \"main\"}}{{end}}\n"), 0o644)
	_, err = build(t, Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
	if err == nil || !strings.Contains(err.Error(), `themes/default/layouts/park.html:2:14: template: executing "main" at <.ParkPage.Park.NoSuchField>: can't evaluate field NoSuchField`) {
		t.Errorf("execution error: %v", err)
	}
}

func TestSiteOverridesTemplate(t *testing.T) {
	src := testSite(t)
	os.MkdirAll(filepath.Join(src, "layouts", "partials"), 0o755)
	os.WriteFile(filepath.Join(src, "layouts/page.html"), []byte(`{{define "main"}}<p class="override">{{.Title}}</p>{{end}}`), 0o644)
	os.WriteFile(filepath.Join(src, "layouts/partials/company-card.html"), []byte(`<li class="my-card">{{.Name}}</li>`), 0o644)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dest)
	if !strings.Contains(string(files["about/index.html"]), `class="override"`) {
		t.Errorf("page layout not overridden: %s", files["about/index.html"])
	}
	if !strings.Contains(string(files["companies/index.html"]), `class="my-card"`) {
		t.Errorf("partial not overridden")
	}
}

func TestStaticFileCannotOverwriteAPage(t *testing.T) {
	src := testSite(t)
	os.MkdirAll(filepath.Join(src, "static", "companies"), 0o755)
	os.WriteFile(filepath.Join(src, "static", "companies", "index.html"), []byte("x"), 0o644)
	_, err := build(t, Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
	if err == nil || err.Error() != "static/companies/index.html: would overwrite the generated companies/index.html (rename or move it)" {
		t.Errorf("got %v", err)
	}
}

func TestDestSafety(t *testing.T) {
	src := testSite(t)
	for _, dest := range []string{src, filepath.Dir(src), filepath.Join(src, "content"), filepath.Join(src, "themes", "x"), "/"} {
		_, err := build(t, Options{Source: src, Dest: dest})
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("--dest %s: want a usage error, got %v", dest, err)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "content", "site.yaml")); err != nil {
		t.Fatal("source damaged")
	}
}

// TestSampleSiteBuilds builds the repository's own content/ and themes/.
func TestSampleSiteBuilds(t *testing.T) {
	t.Parallel() // builds (or serves) the sample: its first build encodes the photos while others run
	dest := filepath.Join(t.TempDir(), "public")
	sum, err := Build(context.Background(), Options{Source: "../..", Dest: dest, CacheDir: testCacheDir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Pages["company"] < 36 || sum.Pages["park"] < 10 {
		t.Errorf("sample site too small: %v", sum.Pages)
	}
}

// TestRerenderEqualsFullBuild: after body edits patched in place, the output is byte for byte
// what a fresh full build makes; an edit to front matter is refused (the caller rebuilds).
func TestRerenderEqualsFullBuild(t *testing.T) {
	src := testSite(t)
	patched := filepath.Join(t.TempDir(), "patched")
	sum, err := build(t, Options{Source: src, Dest: patched})
	if err != nil {
		t.Fatal(err)
	}
	plan := sum.Plan
	edits := []struct {
		file, from, to string
		ok             bool
	}{
		{"content/companies/gamma.md", "Gamma's body.", "Gamma's new body, with **bold** text.", true},
		{"content/parks/lahore-park.md", "The park's body.", "The park, described again.", true},
		{"content/companies/acme/index.md", "Acme builds", "Acme designs and builds", true},
		{"content/pages/about.md", "Text with a footnote.", "Changed text with a footnote.", true},
		{"content/companies/gamma.md", `name = "Gamma Labs"`, `name = "Gamma Laboratories"`, false},
		{"content/companies/gamma.md", `services = ["web-development"]`, `services = ["fintech"]`, false},
		{"content/companies/gamma.md", `city = "lahore"`, `city = "bannu"`, false},
		{"content/companies/beta.md", `summary: "A \"quoted\" summary`, `summary: "A new \"quoted\" summary`, true},
		{"content/_index.md", "The home page pitch.", "A new pitch.", false},
	}
	for _, e := range edits {
		p := filepath.Join(src, e.file)
		data, _ := os.ReadFile(p)
		if !strings.Contains(string(data), e.from) {
			t.Fatalf("%s does not contain %q", e.file, e.from)
		}
		os.WriteFile(p, []byte(strings.Replace(string(data), e.from, e.to, 1)), 0o644)
		if !e.ok {
			if _, ok, _ := rerenderPending(plan, context.Background(), os.DirFS(src), patched, []string{e.file}); ok {
				t.Errorf("%s: a front-matter or home edit was patched", e.file)
			}
			os.WriteFile(p, data, 0o644) // undo, and go on patching bodies
			continue
		}
		n, ok, err := rerenderPending(plan, context.Background(), os.DirFS(src), patched, []string{e.file})
		if err != nil || !ok || n < 1 {
			t.Fatalf("%s: Rerender = %d, %v, %v", e.file, n, ok, err)
		}
		if _, err := plan.Settle(context.Background(), patched); err != nil {
			t.Fatalf("%s: Settle: %v", e.file, err)
		}
	}
	// A stylesheet edit is copied over its earlier copy; a layout edit is refused.
	css := filepath.Join(src, "themes/default/static/css/style.css")
	cssData, _ := os.ReadFile(css)
	os.WriteFile(css, append(cssData, []byte("\n.extra { color: #123456; }\n")...), 0o644)
	if ok, err := plan.RecopyStatic(os.DirFS(src), patched, []string{"themes/default/static/css/style.css"}); !ok || err != nil {
		t.Fatalf("RecopyStatic: %v %v", ok, err)
	}
	if ok, _ := plan.RecopyStatic(os.DirFS(src), patched, []string{"themes/default/layouts/page.html"}); ok {
		t.Error("a layout edit was treated as a static file")
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := build(t, Options{Source: src, Dest: fresh}); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, patched), readTree(t, fresh)
	if !strings.Contains(string(a["css/style.css"]), "#123456") {
		t.Error("the stylesheet edit was not copied")
	}
	if len(a) != len(b) {
		t.Fatalf("%d files patched, %d fresh", len(a), len(b))
	}
	for p := range b {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs from a full build", p)
		}
	}
	if !strings.Contains(string(a["companies/gamma/index.html"]), "Gamma&rsquo;s new body") {
		t.Error("the patched page does not show the edit")
	}
}

// Issue 18.8: the sample site's Chinese and Arabic pages name cities, provinces and services
// in their language (from the data files' translations), have no English menu item, write a
// phone number left to right on a right-to-left page, and one kind of digits per page.
func TestSampleSiteSpeaksEachLanguage(t *testing.T) {
	t.Parallel()    // reads the shared build of the sample, whose first build encodes the photos
	servedSample(t) // the browser tests' build of the sample; only its files are read here
	dest := filepath.Join(sharedSample.dir, "public")
	read := func(p string) string {
		data, err := os.ReadFile(filepath.Join(dest, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	zh, ar := read("zh/companies/khyber-code/index.html"), read("ar/companies/khyber-code/index.html")
	for _, want := range []string{">白沙瓦</a>、开伯尔-普赫图赫瓦省<", ">网站开发</a>"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the Chinese profile has no %q", want)
		}
	}
	for _, want := range []string{">بيشاور</a>، خيبر بختونخوا<", `<a href="tel:+923000000000" dir="ltr">`} {
		if !strings.Contains(ar, want) {
			t.Errorf("the Arabic profile has no %q", want)
		}
	}
	menu := regexp.MustCompile(`(?s)<nav class="main-nav".*?</nav>`)
	item := regexp.MustCompile(`<a [^>]*>([^<]*)</a>`)
	for _, lang := range []string{"zh", "ar"} {
		nav := menu.FindString(read(lang + "/index.html"))
		for _, m := range item.FindAllStringSubmatch(nav, -1) {
			if regexp.MustCompile(`^[A-Za-z ]+$`).MatchString(m[1]) {
				t.Errorf("%s: the menu item %q is in English", lang, m[1])
			}
		}
	}
	// On an Arabic page the theme writes Arabic-Indic digits (dates, counts, years, size
	// bands); Western digits there come only from what editors wrote (names, addresses).
	main := regexp.MustCompile(`(?s)<dl class="facts">.*?</dl>`).FindString(ar)
	if regexp.MustCompile(`<dd>[^<]*[0-9]`).MatchString(main) {
		t.Errorf("the Arabic profile's facts mix Western digits in:\n%s", main)
	}
}

// Issue 18.10: the header's logo is a slot, static/logo.svg: the theme's by default, the
// site's own when it has one, published under a name made from its bytes.
func TestLogoSlot(t *testing.T) {
	src := testSite(t)
	// The path below the site's base path: logo.svg, or assets/logo.<hash>.svg when the
	// build names files after their content.
	logo := regexp.MustCompile(`<img class="brand-mark" src="/(?:pseb/)?((?:assets/)?logo(?:\.[0-9a-f]+)?\.svg)"`)
	served := func(dest string) string {
		page, err := os.ReadFile(filepath.Join(dest, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		m := logo.FindSubmatch(page)
		if m == nil {
			t.Fatalf("no logo in the header of %s", dest)
		}
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(string(m[1]))))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	dest := filepath.Join(t.TempDir(), "theme")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	if got := served(dest); !strings.Contains(got, "<svg") || strings.Contains(got, "Own logo") {
		t.Errorf("the theme's logo is not published: %q", got)
	}
	writeFile(t, src, "static/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 32"><title>Own logo</title><rect width="96" height="32" fill="#fff"/></svg>`)
	dest = filepath.Join(t.TempDir(), "own")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	if got := served(dest); !strings.Contains(got, "Own logo") {
		t.Errorf("the site's own logo does not replace the theme's: %q", got)
	}
	// A static SVG is served from the site's origin: one that could run script is an error
	// at its line, and the build publishes nothing.
	writeFile(t, src, "static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 96 32\">\n<rect width=\"96\" height=\"32\" onclick=\"alert(1)\"/></svg>")
	writeFile(t, src, "static/brand/mark.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n\n<script>alert(1)</script></svg>")
	dest = filepath.Join(t.TempDir(), "hostile")
	_, err := build(t, Options{Source: src, Dest: dest})
	for _, want := range []string{"static/logo.svg:2:1: event handler attribute onclick", "static/brand/mark.svg:3:1: <script> is not allowed"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("a static SVG with script: got %v, want an error containing %q", err, want)
		}
	}
	if _, statErr := os.Stat(filepath.Join(dest, "index.html")); statErr == nil {
		t.Error("a build with a hostile static SVG published the site")
	}
}

// rerenderPending is what Apply does with a body-only edit: write the edited pages and
// leave those showing their cards pending. It returns how many pages it wrote.
func rerenderPending(p *Plan, ctx context.Context, fsys fs.FS, dir string, sources []string) (int, bool, error) {
	first, rest, ok, err := p.rerender(ctx, fsys, dir, sources)
	if ok && err == nil {
		p.pend(dir, rest)
	}
	return len(first), ok, err
}
