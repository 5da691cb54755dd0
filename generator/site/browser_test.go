package site

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pseb/sitegen/generator/internal/browsertest"
)

// sharedSample is the repository's sample site, built once for every browser test of the
// package that only reads it (25 of them: a build each took most of their time, and under
// the race detector most of the package's ten minutes). TestMain stops it.
var sharedSample struct {
	once sync.Once
	srv  *httptest.Server
	dir  string
	err  error
}

// servedSample serves the repository's sample site, built once for the loopback server.
// Tests must not change what it serves.
func servedSample(t *testing.T) *httptest.Server {
	t.Helper()
	sharedSample.once.Do(func() {
		sharedSample.dir, sharedSample.err = os.MkdirTemp("", "sitegen-sample-")
		if sharedSample.err == nil {
			sharedSample.srv, sharedSample.err = startSite("../..", sharedSample.dir, t)
		}
	})
	if sharedSample.err != nil {
		t.Fatal(sharedSample.err)
	}
	return sharedSample.srv
}

// stopSharedSample closes the shared sample's server and removes its files.
func stopSharedSample() {
	if sharedSample.srv != nil {
		sharedSample.srv.Close()
	}
	if sharedSample.dir != "" {
		os.RemoveAll(sharedSample.dir)
	}
}

// startSite builds the site at src into a folder below tmp for a loopback server and
// serves it; t reports a _headers file the server cannot read (it is read once, here).
func startSite(src, tmp string, t testing.TB) (*httptest.Server, error) {
	dir := filepath.Join(tmp, "public")
	var rules []headerRule
	files := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Send the headers the site's _headers gives, as Netlify and Cloudflare Pages do: the
		// pages must work under the Content-Security-Policy it declares.
		for _, rule := range rules {
			if strings.HasPrefix(r.URL.Path, rule.prefix) {
				for _, h := range rule.headers {
					w.Header().Set(h[0], h[1])
				}
			}
		}
		// Serve 404.html for missing pages, as the CDN does.
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(r.URL.Path), "index.html")); err != nil && !strings.Contains(r.URL.Path, ".") {
			w.WriteHeader(http.StatusNotFound)
			data, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Write(data)
			return
		}
		http.FileServer(http.Dir(dir)).ServeHTTP(w, r)
	})
	// Listens on 127.0.0.1 and compresses as a CDN does. The site is built for the server's address and its rules read before it serves.
	srv := httptest.NewUnstartedServer(gzipped(files))
	base := "http://" + srv.Listener.Addr().String() + "/"
	if _, err := Build(context.Background(), Options{Source: src, Dest: dir, BaseURL: base, Now: testNow, Fingerprint: true, CacheDir: testCacheDir}); err != nil {
		srv.Close()
		return nil, err
	}
	rules = hostHeaders(t, filepath.Join(dir, "_headers"))
	srv.Start()
	return srv, nil
}

// servedSite builds the site at src for a loopback server and serves it until the test ends.
func servedSite(t *testing.T, src string) *httptest.Server {
	t.Helper()
	srv, err := startSite(src, t.TempDir(), t)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// headerRule is a rule of a _headers file whose path ends in a splat.
type headerRule struct {
	prefix  string
	headers [][2]string
}

// hostHeaders reads a _headers file (the subset sitegen writes: "/path/*" rules).
func hostHeaders(t testing.TB, file string) []headerRule {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	var rules []headerRule
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "":
		case strings.HasPrefix(line, "/"):
			if !strings.HasSuffix(line, "*") {
				t.Fatalf("_headers rule %q: this test server only knows splat rules", line)
			}
			rules = append(rules, headerRule{prefix: strings.TrimSuffix(line, "*")})
		default:
			k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok || len(rules) == 0 {
				t.Fatalf("_headers line %q", line)
			}
			rules[len(rules)-1].headers = append(rules[len(rules)-1].headers, [2]string{k, v})
		}
	}
	return rules
}

// recordCSPViolations makes every page the browser opens keep the Content-Security-Policy
// violations it sees in window.cspViolations.
func recordCSPViolations(t testing.TB, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`,
	}); err != nil {
		t.Fatal(err)
	}
}

// qualityTool is a file of the published quality tools in .quality/node_modules (npm ci
// --prefix .quality). Tests that need one skip without it, and fail instead when
// SITEGEN_REQUIRE_QUALITY is set, as CI does. Under -short they skip: the full lane runs them.
func qualityTool(t testing.TB, rel string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the quality tools run in the full lane (go test ./...)")
	}
	p := filepath.Join("..", "..", ".quality", "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("SITEGEN_REQUIRE_QUALITY") != "" {
			t.Fatalf("%s is not installed and SITEGEN_REQUIRE_QUALITY is set", p)
		}
		t.Skipf("%s is not installed: npm ci --prefix .quality to run this check", p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// axeViolation is one rule axe-core found broken, with the elements that break it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var targets []string
	for i, n := range v.Nodes {
		if i == 3 {
			targets = append(targets, "...")
			break
		}
		targets = append(targets, fmt.Sprint(n.Target...))
	}
	return fmt.Sprintf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
}

// axeTags are the WCAG 2.2 A and AA rules (axe tags each rule with the version that added it).
const axeTags = `["wcag2a","wcag2aa","wcag21a","wcag21aa","wcag22a","wcag22aa"]`

// runAxe runs axe-core in the page and returns its violations of axeTags.
func runAxe(ctx context.Context, source string) ([]axeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](source+";true")); err != nil {
		return nil, fmt.Errorf("injecting axe-core: %w", err)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {runOnly: {type: "tag", values: `+axeTags+`}, resultTypes: ["violations"]}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
}

type pageRecord struct {
	mu       sync.Mutex
	requests []string
	problems []string
}

// reportProblems fails t with the exceptions and console errors the pages had.
func (p *pageRecord) reportProblems(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.problems) > 0 {
		t.Errorf("script problems: %v", p.problems)
	}
}

func (p *pageRecord) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, e.Request.URL)
	case *runtime.EventExceptionThrown:
		p.problems = append(p.problems, "exception: "+e.ExceptionDetails.Text)
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
			p.problems = append(p.problems, "console: "+string(e.Type))
		}
	}
}

// TestPagesInBrowser loads every kind of page in Chromium, on a phone and a desktop screen:
// it must have a title, one h1, a language, no script errors, no request to any other
// origin, no image without dimensions, and no horizontal scrolling.
func TestPagesInBrowser(t *testing.T) {
	axeFile := qualityTool(t, "axe-core/axe.min.js")
	axeSource, err := os.ReadFile(axeFile)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	rec := &pageRecord{}
	if err := chromedp.Listen(ctx, rec.listen); err != nil {
		t.Fatal(err)
	}
	recordCSPViolations(t, ctx)
	pages := []string{"/", "/companies/", "/companies/page/2/", "/companies/indus-code-works/", "/companies/kemari-secure/",
		"/parks/", "/parks/bannu-software-technology-park/", "/cities/", "/cities/bannu/", "/services/",
		"/services/fintech/", "/certifications/iso-27001/", "/news/", "/news/bannu-park-announced/",
		"/why-pakistan/", "/register/", "/shortlist/", "/companies/?q=cloud&service=cybersecurity", "/no-such-page/",
		"/zh/", "/zh/companies/", "/zh/companies/?q=cloud&service=cybersecurity", "/zh/companies/khyber-code/", "/zh/why-pakistan/", "/zh/news/",
		"/zh/parks/", "/zh/parks/bannu-software-technology-park/", "/zh/cities/bannu/", "/zh/shortlist/",
		"/zh/services/fintech/", "/zh/certifications/iso-27001/", "/zh/news/bannu-park-announced/", "/zh/register/", "/zh/companies/page/2/", "/zh/404.html",
		"/ar/", "/ar/companies/?q=cloud", "/ar/services/fintech/", "/ar/news/", "/ar/shortlist/",
		"/ar/companies/", "/ar/companies/?q=cloud&service=cybersecurity", "/ar/cities/bannu/", "/ar/certifications/iso-27001/", "/ar/news/bannu-park-announced/", "/ar/404.html", "/ar/companies/margalla-ai/", "/ar/parks/", "/ar/parks/bannu-software-technology-park/", "/ar/why-pakistan/", "/ar/register/",
		"/ur/", "/ur/companies/", "/ur/companies/?q=cloud&service=cybersecurity", "/ur/companies/margalla-ai/", "/ur/parks/",
		"/ur/parks/bannu-software-technology-park/", "/ur/parks/islamabad-software-technology-park/", "/ur/why-pakistan/", "/ur/register/",
		"/ur/cities/bannu/", "/ur/news/", "/ur/shortlist/", "/ur/404.html"}
	for _, vp := range []struct {
		name string
		w, h int64
	}{{"phone", 375, 740}, {"desktop", 1280, 900}} {
		for _, p := range pages {
			t.Run(vp.name+p, func(t *testing.T) {
				rec.mu.Lock()
				rec.requests, rec.problems = nil, nil
				rec.mu.Unlock()
				tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
				defer cancel()
				if err := chromedp.Do(tctx, chromedp.EmulateViewport(vp.w, vp.h), chromedp.Navigate(srv.URL+p)); err != nil {
					t.Fatal(err)
				}
				type facts struct {
					Title        string   `json:"title"`
					Lang         string   `json:"lang"`
					H1           int      `json:"h1"`
					Main         int      `json:"main"`
					Overflow     bool     `json:"overflow"`
					ImgNoSize    int      `json:"imgNoSize"`
					Description  string   `json:"description"`
					EmptyLinks   int      `json:"emptyLinks"`
					FirstLinkTxt string   `json:"firstLink"`
					CSP          []string `json:"csp"`
					Policy       bool     `json:"policy"`
				}
				f, err := chromedp.Run(tctx, chromedp.Evaluate[facts](`({
					title: document.title,
					lang: document.documentElement.lang,
					h1: document.querySelectorAll("h1").length,
					main: document.querySelectorAll("main").length,
					overflow: document.documentElement.scrollWidth > window.innerWidth,
					imgNoSize: [...document.images].filter(i => !i.getAttribute("width") || !i.getAttribute("height")).length,
					description: (document.querySelector('meta[name=description]') || {}).content || "",
					emptyLinks: [...document.links].filter(a => !a.textContent.trim() && !a.getAttribute("aria-label")).length,
					firstLink: (document.querySelector("body a") || {}).textContent || "",
					csp: window.cspViolations || ["(not recorded)"],
				})`))
				if err != nil {
					t.Fatal(err)
				}
				lang, skip := "en", "Skip to content"
				if code, _, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/"); ok && (code == "zh" || code == "ar" || code == "ur") {
					lang, skip = code, map[string]string{"zh": "跳到正文", "ar": "انتقل إلى المحتوى", "ur": "مواد پر جائیں"}[code]
				}
				switch {
				case f.Title == "" || f.Lang != lang || f.Description == "":
					t.Errorf("title %q, lang %q, description %q", f.Title, f.Lang, f.Description)
				case f.H1 != 1 || f.Main != 1:
					t.Errorf("%d h1 and %d main elements, want 1 each", f.H1, f.Main)
				case f.Overflow:
					t.Errorf("the page scrolls sideways at %dpx", vp.w)
				case f.ImgNoSize > 0:
					t.Errorf("%d images without width and height", f.ImgNoSize)
				case f.EmptyLinks > 0:
					t.Errorf("%d links without text", f.EmptyLinks)
				case len(f.CSP) > 0:
					t.Errorf("Content-Security-Policy violations: %q", f.CSP)
				case f.FirstLinkTxt != skip:
					t.Errorf("first link is %q, want the skip link", f.FirstLinkTxt)
				}
				rec.mu.Lock()
				defer rec.mu.Unlock()
				origin, _ := url.Parse(srv.URL)
				sawStylesheet := false
				for _, r := range rec.requests {
					sawStylesheet = sawStylesheet || (strings.Contains(r, "/css/style.") && strings.HasSuffix(r, ".css"))
					u, err := url.Parse(r)
					if err != nil || (u.Host != origin.Host && u.Scheme != "data") {
						t.Errorf("request to another origin: %s", r)
					}
				}
				if !sawStylesheet {
					t.Errorf("no request for the stylesheet was seen, so requests are not being recorded: %v", rec.requests)
				}
				if len(rec.problems) > 0 {
					t.Errorf("script problems: %v", rec.problems)
				}
				rec.mu.Unlock()
				violations, err := runAxe(tctx, string(axeSource))
				rec.mu.Lock()
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range violations {
					t.Errorf("axe: %s", v)
				}
			})
		}
	}
}

// TestKeyboardAndLinks: the skip link is the first Tab stop and moves focus to the main
// content; following links from the home page reaches a profile.
func TestKeyboardAndLinks(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/"), chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	focused, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.activeElement.textContent`))
	if err != nil || focused != "Skip to content" {
		t.Fatalf("first Tab focuses %q (%v)", focused, err)
	}
	outline, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
	if outline == "none" {
		t.Errorf("focused skip link has no visible outline")
	}
	if err := chromedp.Do(tctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(tctx, chromedp.Location())
	if !strings.HasSuffix(loc, "#main") {
		t.Errorf("after Enter on the skip link the location is %s", loc)
	}

	// Home -> directory -> page 2 -> a profile, by clicking.
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(srv.URL + "/"),
		chromedp.Click(chromedp.CSS(`nav.main-nav a[href$="/companies/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[rel=next]`)),
		chromedp.Click(chromedp.CSS(`a[rel=next]`)),
		// Page 2 has a link back that page 1 lacks: until it shows, the cards found could be
		// page 1's, gone by the time they are clicked (seen under -race in CI).
		chromedp.WaitVisible(chromedp.CSS(`a[rel=prev]`)),
		chromedp.WaitVisible(chromedp.CSS(`.cards .card h3 a`)),
		chromedp.Click(chromedp.CSS(`.cards .card h3 a`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
	}
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatal(err)
	}
	loc, _ = chromedp.Run(tctx, chromedp.Location())
	if !strings.Contains(loc, "/companies/") || strings.Contains(loc, "/page/") {
		t.Errorf("ended at %s, want a company profile", loc)
	}
}

// TestParkMapInBrowser: every park with a location is a link on the /parks/ map with its
// name and status as accessible name; clicking one reaches its page, whose map marks it.
func TestParkMapInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 800), chromedp.Navigate(srv.URL+"/parks/")); err != nil {
		t.Fatal(err)
	}
	labels, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.park-map svg a.marker')].map(a => a.getAttribute('aria-label'))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 11 || !slices.Contains(labels, "Bannu Software Technology Park (Planned)") {
		t.Errorf("map markers %q, want the 11 sample parks with their status", labels)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.park-map a.marker[href$="/parks/bannu-software-technology-park/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.park-map a.marker[aria-current=page]`))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	current, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.park-map a[aria-current=page]').getAttribute('aria-label')`))
	if !strings.HasSuffix(loc, "/parks/bannu-software-technology-park/") || current != "Bannu Software Technology Park (Planned)" {
		t.Errorf("after clicking Bannu's marker: at %s, marked %q", loc, current)
	}
}

// TestVideoLoadsOnClick: a video shortcode asks nothing of the video host until the reader
// clicks, and then becomes the player, keyboard focus included.
func TestVideoLoadsOnClick(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSite(t, testSite(t))
	rec := &pageRecord{}
	if err := chromedp.Listen(ctx, rec.listen); err != nil {
		t.Fatal(err)
	}
	recordCSPViolations(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/showcase/"), chromedp.WaitVisible(chromedp.CSS(".video-start"))); err != nil {
		t.Fatal(err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll(".video iframe").length + " " + document.querySelector(".video-start").href`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".video-start")), chromedp.WaitVisible(chromedp.CSS(".video iframe"))); err != nil {
		t.Fatal(err)
	}
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(f => f.src + " | " + f.title)(document.querySelector(".video iframe"))`))
	focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.tagName`))
	// The site's CSP lets exactly this player in (frame-src); nothing else was refused.
	if csp, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.cspViolations`)); len(csp) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", csp)
	}
	if before != "0 https://www.youtube.com/watch?v=aqz-KE-bpKQ" {
		t.Errorf("before the click: %s", before)
	}
	if after != "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1 | Big Buck Bunny" || focused != "IFRAME" {
		t.Errorf("after the click: %s, focus on %s", after, focused)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i, u := range rec.requests {
		if !strings.HasPrefix(u, srv.URL) && !strings.HasPrefix(u, "data:") {
			// Only the player, and only after the click (it is the last thing asked for).
			if !strings.HasPrefix(u, "https://www.youtube-nocookie.com/") {
				t.Errorf("request %d to another origin: %s", i, u)
			}
		}
	}
}

// TestArabicInBrowser opens the Arabic home page: the layout runs right to left (the
// brand at the right edge, text right-aligned), the map's markers are links with Arabic
// names that reach the Arabic park pages, and the language switcher leads to the same
// page in English.
func TestArabicInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	ctx, cancel := context.WithTimeout(ctx, 40*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/ar/")); err != nil {
		t.Fatal(err)
	}
	type layout struct {
		Dir, Lang, TextAlign         string
		BrandLeft, BrandRight, Width float64
		Overflow                     bool
	}
	l, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`(() => {
		const b = document.querySelector('.brand').getBoundingClientRect();
		return {Dir: getComputedStyle(document.body).direction, Lang: document.documentElement.lang,
			TextAlign: getComputedStyle(document.querySelector('main p')).textAlign,
			BrandLeft: b.left, BrandRight: b.right, Width: document.documentElement.clientWidth,
			Overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if l.Dir != "rtl" || l.Lang != "ar" || l.Overflow || l.BrandLeft < l.Width/2 || (l.TextAlign != "start" && l.TextAlign != "right") {
		t.Errorf("/ar/ layout %+v: want right to left, the brand on the right, no sideways scroll", l)
	}
	type marker struct{ Label, Href string }
	markers, err := chromedp.Run(ctx, chromedp.Evaluate[[]marker](`[...document.querySelectorAll('.park-map svg a.marker')].map(a => ({Label: a.getAttribute('aria-label'), Href: a.getAttribute('href')}))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(markers) != 11 {
		t.Fatalf("%d markers on the Arabic map, want 11", len(markers))
	}
	bannu := slices.IndexFunc(markers, func(m marker) bool { return strings.HasSuffix(m.Href, "/ar/parks/bannu-software-technology-park/") })
	if bannu < 0 || markers[bannu].Label != "مجمع بنو لتكنولوجيا البرمجيات (مخطط له)" {
		t.Fatalf("markers %+v: want Bannu's, named in Arabic, linking to its Arabic page", markers)
	}
	for _, m := range markers {
		if !strings.Contains(m.Href, "/ar/parks/") {
			t.Errorf("marker %q links to %s, outside the Arabic site", m.Label, m.Href)
		}
	}
	// The Arabic directory finds برمجيات (software) in البرمجيات (the software): the index
	// holds Arabic words without their article too. Four profiles have the word in their
	// Arabic text; Lyallpur ERP is in the Faisalabad park, whose Arabic name has it; the
	// rest offer custom software, البرمجيات المخصصة in services.ar.yaml.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/ar/companies/"), chromedp.WaitVisible(chromedp.CSS(`#directory-q`)),
		chromedp.SendKeys(chromedp.CSS(`#directory-q`), "برمجيات")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector('.results').hidden && document.querySelector('.results').getAttribute('aria-busy') !== 'true' && document.querySelectorAll('.results .cards h3 a').length > 0`,
		chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatal(err)
	}
	names, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results .cards h3 a')].map(a => a.textContent)`))
	slices.Sort(names)
	if want := []string{"Abbottabad Embedded Systems", "Blue Area Systems", "Gwadar Logistics Software", "Indus Code Works", "Indus River Software",
		"Karakoram Remote Teams", "Khyber Code", "Lyallpur ERP Solutions", "Multan Softworks", "Sialkot Smart Manufacturing", "Sukkur Software House"}; !slices.Equal(names, want) {
		t.Errorf("Arabic search for برمجيات found %q, want %q (the profiles whose Arabic text, park or service has the word)", names, want)
	}
	// حكومة (government) finds للحكومات (for the governments) and الحكومية (governmental):
	// prefixes and suffixes are taken off both the text and the query (analysis.ArabicForms),
	// and the word found is marked in the snippet.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/ar/companies/"), chromedp.WaitVisible(chromedp.CSS(`#directory-q`)),
		chromedp.SendKeys(chromedp.CSS(`#directory-q`), "حكومة")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.results').getAttribute('aria-busy') !== 'true' && document.querySelectorAll('.results .cards h3 a').length === 2 && document.querySelector('.results .summary mark') !== null`,
		chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		found, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results .cards h3 a')].map(a => a.textContent)`))
		t.Fatalf("Arabic search for حكومة: found %q, want Blue Area Systems and Margalla AI with the word marked (%v)", found, err)
	}
	names, _ = chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results .cards h3 a')].map(a => a.textContent)`))
	marks, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results .summary mark')].map(m => m.textContent)`))
	slices.Sort(names)
	if !slices.Equal(names, []string{"Blue Area Systems", "Margalla AI"}) || !slices.Contains(marks, "للحكومات") {
		t.Errorf("Arabic search for حكومة found %q with %q marked, want Blue Area Systems and Margalla AI, للحكومات marked", names, marks)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/ar/")); err != nil {
		t.Fatal(err)
	}
	// Follow the marker as a reader would, then switch language.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.park-map a.marker[href$="/ar/parks/bannu-software-technology-park/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.park-map a.marker[aria-current=page]`))); err != nil {
		t.Fatal(err)
	}
	h1, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('h1').textContent + ' | ' + document.documentElement.dir`))
	if h1 != "مجمع بنو لتكنولوجيا البرمجيات | rtl" {
		t.Errorf("after the marker: %q", h1)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.languages a[hreflang=en]`)), chromedp.WaitVisible(chromedp.CSS(`html[lang=en]`))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	title, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('h1').textContent + ' | ' + document.documentElement.dir`))
	if !strings.HasSuffix(loc, "/parks/bannu-software-technology-park/") || strings.Contains(loc, "/ar/") || title != "Bannu Software Technology Park | ltr" {
		t.Errorf("the switcher led to %s (%q)", loc, title)
	}
}

// TestChineseSearchInBrowser: the Chinese directory searches its own index, where Chinese
// text is indexed as character pairs, and marks what matched.
func TestChineseSearchInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	ctx, cancel := context.WithTimeout(ctx, 40*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/zh/companies/"),
		chromedp.WaitVisible(chromedp.CSS(`#directory-q`)), chromedp.SendKeys(chromedp.CSS(`#directory-q`), "金融科技")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector('.results').hidden && document.querySelector('.results').getAttribute('aria-busy') !== 'true' && document.querySelectorAll('.results .cards h3 a').length > 0`,
		chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatal(err)
	}
	// Snippets come a moment later, for the cards in view.
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('.results mark').length > 0`, chromedp.WithPollingTimeout(5*time.Second)))
	type found struct{ Names, Marks, Links []string }
	f, err := chromedp.Run(ctx, chromedp.Evaluate[found](`({
		Names: [...document.querySelectorAll('.results .cards h3 a')].map(a => a.textContent),
		Marks: [...document.querySelectorAll('.results mark')].map(m => m.textContent),
		Links: [...document.querySelectorAll('.results .cards h3 a')].map(a => a.getAttribute('href')),
	})`))
	if err != nil {
		t.Fatal(err)
	}
	// Clifton's Chinese profile says 金融科技 (fintech) in its text, so it comes first;
	// Lahore Fintech Studio, English only, offers the service services.zh.yaml names so.
	if !slices.Equal(f.Names, []string{"Clifton Fintech Labs", "Lahore Fintech Studio"}) || !strings.HasSuffix(f.Links[0], "/zh/companies/clifton-fintech-labs/") {
		t.Errorf("results %q at %q, want Clifton's Chinese profile, then Lahore Fintech Studio", f.Names, f.Links)
	}
	if strings.Join(f.Marks, "") != "金融科技" && !slices.Contains(f.Marks, "金融") {
		t.Errorf("marks %q", f.Marks)
	}
}

// TestWithoutJavaScript: with scripts disabled, the pages a buyer starts from are complete
// and lead on: cards, facet links that filter by following them, the profile's facts and
// contact, the parks, and the compare page's way back to the directory.
func TestWithoutJavaScript(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Call(tctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	type facts struct {
		H1         string   `json:"h1"`
		Cards      int      `json:"cards"`
		ScriptOnly int      `json:"scriptOnly"`
		Links      []string `json:"links"`
		Text       string   `json:"text"`
	}
	read := func(t *testing.T, path, linkSel string) facts {
		t.Helper()
		if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+path)); err != nil {
			t.Fatal(err)
		}
		f, err := chromedp.Run(tctx, chromedp.Evaluate[facts](`({
			h1: (document.querySelector("h1") || {}).textContent || "",
			cards: document.querySelectorAll("main .cards > li").length,
			links: [...document.querySelectorAll(`+"`"+linkSel+"`"+`)].filter(a => a.offsetParent !== null).map(a => a.getAttribute("href")),
			text: document.querySelector("main").innerText,
			scriptOnly: [...document.querySelectorAll(".script-only")].filter(e => e.offsetParent !== null).length,
		})`))
		if err != nil {
			t.Fatal(err)
		}
		if f.ScriptOnly > 0 {
			t.Errorf("%s: %d controls that need JavaScript are shown without it", path, f.ScriptOnly)
		}
		return f
	}
	t.Run("home", func(t *testing.T) {
		f := read(t, "/", "main a[href*='/companies/']")
		if f.H1 == "" || f.Cards == 0 || len(f.Links) < 3 {
			t.Errorf("home: h1 %q, %d cards, links to companies %v", f.H1, f.Cards, f.Links)
		}
	})
	t.Run("urdu", func(t *testing.T) {
		f := read(t, "/ur/", "main a[href*='/ur/companies/']")
		if f.H1 == "" || f.Cards == 0 || len(f.Links) < 3 || !strings.Contains(f.Text, "پارک فعال") {
			t.Errorf("/ur/: h1 %q, %d cards, links to companies %v, roll-out sentence in %.300q", f.H1, f.Cards, f.Links, f.Text)
		}
		g := read(t, "/ur/parks/", "main a[href*='/ur/parks/']")
		if g.H1 == "" || g.Cards == 0 || !strings.Contains(g.Text, "منصوبے کی رفتار") {
			t.Errorf("/ur/parks/: h1 %q, %d cards, roll-out in %.300q", g.H1, g.Cards, g.Text)
		}
	})
	t.Run("directory and a facet link", func(t *testing.T) {
		f := read(t, "/companies/", ".facet-links a[href*='/services/']")
		if f.Cards == 0 || len(f.Links) == 0 {
			t.Fatalf("directory: %d cards, visible facet links %v", f.Cards, f.Links)
		}
		all := f.Cards
		g := read(t, f.Links[0], "main .cards a")
		if g.Cards == 0 || g.Cards > all || !strings.Contains(g.Text, g.H1) {
			t.Errorf("following %s: %d cards (of %d), h1 %q", f.Links[0], g.Cards, all, g.H1)
		}
	})
	t.Run("profile", func(t *testing.T) {
		f := read(t, "/companies/margalla-ai/", "main a[href^='mailto:']")
		if f.H1 != "Margalla AI" || len(f.Links) == 0 || !strings.Contains(f.Text, "Islamabad") {
			t.Errorf("profile: h1 %q, mail links %v, text %.200q", f.H1, f.Links, f.Text)
		}
	})
	t.Run("parks", func(t *testing.T) {
		f := read(t, "/parks/", "main a[href*='/parks/']")
		if f.Cards == 0 || len(f.Links) < 3 {
			t.Errorf("parks: %d cards, park links %v", f.Cards, f.Links)
		}
		g := read(t, f.Links[0], "main a")
		if g.H1 == "" || len(g.Links) == 0 {
			t.Errorf("park %s: h1 %q, links %v", f.Links[0], g.H1, g.Links)
		}
	})
	t.Run("compare falls back to the directory", func(t *testing.T) {
		f := read(t, "/shortlist/", ".needs-js a")
		if len(f.Links) != 1 || !strings.HasSuffix(f.Links[0], "/companies/") || !strings.Contains(f.Text, "JavaScript") {
			t.Errorf("shortlist without JS: links %v, text %.200q", f.Links, f.Text)
		}
	})
}

// TestTabReachesEveryControl: on each kind of page, pressing Tab visits every visible link,
// button, field and scroll region once (nothing unreachable, no trap), and each shows a
// visible focus indicator when it is reached.
func TestTabReachesEveryControl(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	for _, p := range []string{"/", "/companies/", "/companies/margalla-ai/", "/parks/", "/parks/bannu-software-technology-park/",
		"/why-pakistan/", "/news/", "/shortlist/", "/ar/", "/ar/companies/margalla-ai/", "/zh/companies/"} {
		t.Run(p, func(t *testing.T) {
			tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+p)); err != nil {
				t.Fatal(err)
			}
			// The directory turns its filter links into a form when a visitor reaches for it:
			// do so, and let the scripts settle.
			if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`!!document.querySelector('.directory')?.dispatchEvent(new Event('pointerover'))`)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			controls, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`(() => {
				const sel = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
				const all = [...document.querySelectorAll(sel)].filter(e => e.checkVisibility() && !e.closest('[inert], template'));
				// A radio group is one Tab stop: keep its checked (or first) button.
				const seen = new Set();
				const stops = all.filter(e => {
					if (e.type !== 'radio') return true;
					if (seen.has(e.name)) return false;
					seen.add(e.name); return true;
				});
				stops.forEach((e, i) => e.dataset.kbd = i);
				return stops.map(e => e.outerHTML.slice(0, 80));
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			type stop struct {
				ID      string `json:"id"`
				Visible bool   `json:"visible"`
				HTML    string `json:"html"`
			}
			reached := map[string]bool{}
			for i := 0; i < len(controls)+5; i++ {
				if err := chromedp.Do(tctx, chromedp.KeyEvent("\t")); err != nil {
					t.Fatal(err)
				}
				s, err := chromedp.Run(tctx, chromedp.Evaluate[stop](`(() => {
					const e = document.activeElement, cs = getComputedStyle(e);
					// An outline or a shadow; map markers (SVG) thicken their outline stroke instead.
					const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none' ||
						(e instanceof SVGElement && [...e.querySelectorAll('path')].some(x => parseFloat(getComputedStyle(x).strokeWidth) >= 4));
					return {id: e.dataset ? (e.dataset.kbd || '') : '', visible: e.matches(':focus-visible') && ring, html: e.outerHTML.slice(0, 80)};
				})()`))
				if err != nil {
					t.Fatal(err)
				}
				if s.ID == "" {
					if s.HTML != "" && !strings.HasPrefix(s.HTML, "<body") {
						t.Errorf("Tab reached %s, which is not a visible control", s.HTML)
					}
					continue
				}
				if !s.Visible {
					t.Errorf("no visible focus on %s", s.HTML)
				}
				reached[s.ID] = true
			}
			for i, c := range controls {
				if !reached[strconv.Itoa(i)] {
					t.Errorf("Tab never reaches %s", c)
				}
			}
		})
	}
}

// TestUrduSearchInBrowser: the Urdu directory searches its own index, and what a visitor
// types finds what the editor wrote whichever keyboard wrote it: لاهور with Arabic heh
// finds the companies of لاہور (Urdu's heh goal), as does ٹیک for Arabic-Indic digits
// and Urdu ones alike (analysis.foldArabicScript in the index, fold in the script).
func TestUrduSearchInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	search := func(q string) []string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/ur/companies/"),
			chromedp.WaitVisible(chromedp.CSS(`#directory-q`)), chromedp.SendKeys(chromedp.CSS(`#directory-q`), q)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector('.results').hidden && document.querySelector('.results').getAttribute('aria-busy') !== 'true' && document.querySelectorAll('.results .cards h3 a').length > 0`,
			chromedp.WithPollingTimeout(15*time.Second))); err != nil {
			t.Fatalf("Urdu search for %s: %v", q, err)
		}
		for range 20 { // all pages of results
			more, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const b = document.querySelector('.results .more'); if (b && !b.hidden) { b.click(); return true } return false })()`))
			if !more {
				break
			}
			time.Sleep(300 * time.Millisecond)
		}
		names, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results .cards h3 a')].map(a => a.textContent)`))
		slices.Sort(names)
		return names
	}
	urdu, arabic := search("لاہور"), search("لاهور")
	if len(urdu) != 6 || !slices.Equal(urdu, arabic) {
		t.Errorf("لاہور found %d companies %q, لاهور (Arabic heh) %q: want the 6 in Lahore both ways", len(urdu), urdu, arabic)
	}
	if fintech := search("فن ٹیک"); !slices.Contains(fintech, "Lahore Fintech Studio") {
		t.Errorf("فن ٹیک (fintech, as services.ur.yaml names it) found %q", fintech)
	}
	count, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#results-title').textContent`))
	if !strings.ContainsAny(count, "۰۱۲۳۴۵۶۷۸۹") || strings.ContainsAny(count, "0123456789") {
		t.Errorf("the Urdu result count %q is not in Urdu digits", count)
	}
}
