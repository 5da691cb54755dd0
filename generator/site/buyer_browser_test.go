package site

import (
	"context"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/internal/browsertest"
)

// The browser tests of issue 18: what a buyer sees in the first minute, on a 390x844 phone
// and on a desktop.

const phoneW, phoneH = 390, 844

// buyerBrowser starts a browser for a test of this file, with a deadline, on the shared
// sample site (skipped under -race, see skipUnderRace).
func buyerBrowser(t *testing.T, timeout time.Duration) (context.Context, *httptest.Server) {
	t.Helper()
	skipUnderRace(t)
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	return ctx, srv
}

// skipUnderRace skips a test of layout and script behaviour under the race detector: the
// Go code it runs is the shared file server and a build other tests run under -race, and
// the package's ten minutes are needed by the build tests there. The plain run (the
// README's go test ./..., in CI) runs it.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("a browser layout test: run without -race (go test ./generator/site)")
	}
}

// phone emulates a 390x844 touch screen (a mid-size phone).
func phone() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))
}

// rect is an element's box in CSS pixels, relative to the viewport.
type rect struct {
	Top, Left, Width, Height float64
	What                     string
}

func boxOf(t *testing.T, ctx context.Context, selector string) (rect, bool) {
	t.Helper()
	js := `(() => { const e = document.querySelector(` + jsString(selector) + `);
		if (!e || !e.checkVisibility()) return null;
		const r = e.getBoundingClientRect(); return {Top: r.top, Left: r.left, Width: r.width, Height: r.height, What: e.textContent.trim().slice(0, 200)}; })()`
	r, err := chromedp.Run(ctx, chromedp.Evaluate[*rect](js))
	if err != nil {
		t.Fatal(err)
	}
	if r == nil {
		return rect{}, false
	}
	return *r, true
}

// barVisibility is the computed visibility of a profile's action bar after the next frame
// (a scroll-driven animation sets it).
func barVisibility(t *testing.T, ctx context.Context) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() =>
		r(getComputedStyle(document.querySelector('.action-bar')).visibility))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Issue 18.1 and 18.5: on a phone, a profile's e-mail and website are in the first screen
// and stay in reach (a bar at the bottom) while the profile is read; the header is one row
// of at most 80 px whose menu opens from one control, with the languages beside it.
func TestPhoneProfileFirstScreen(t *testing.T) {
	ctx, srv := buyerBrowser(t, 60*time.Second)
	for _, lang := range []string{"", "/ar"} {
		if err := chromedp.Do(ctx, phone(), chromedp.Navigate(srv.URL+lang+"/companies/margalla-ai/"), chromedp.WaitVisible(chromedp.CSS(`dl.facts`))); err != nil {
			t.Fatal(err)
		}
		header, _ := boxOf(t, ctx, ".site-header")
		if header.Height > 80 {
			t.Errorf("%s: the header is %.0f px tall on a phone with the menu closed, want at most 80", lang, header.Height)
		}
		for _, sel := range []string{`.profile-actions a[href^="mailto:"]`, `.profile-actions a[href^="https:"]`} {
			b, ok := boxOf(t, ctx, sel)
			if !ok || b.Top < 0 || b.Top+b.Height > phoneH {
				t.Errorf("%s: %s is not in the first screen: %+v", lang, sel, b)
			}
		}
		if mark, ok := boxOf(t, ctx, ".profile-head .registered"); !ok || !strings.Contains(mark.What, "PSEB/IT/") {
			t.Errorf("%s: no registration mark by the name: %+v", lang, mark)
		}
		// The bar does not repeat the actions while they are on screen by the name.
		if v := barVisibility(t, ctx); v != "hidden" {
			t.Errorf("%s: at the top of the profile the action bar's visibility is %q, want hidden (the actions are by the name)", lang, v)
		}
		// Languages one tap away, the menu folded.
		if b, ok := boxOf(t, ctx, `.languages a[hreflang="zh"]`); !ok || b.Top+b.Height > header.Top+header.Height {
			t.Errorf("%s: the language switch is not in the header row: %+v", lang, b)
		}
		if _, shown := boxOf(t, ctx, `.main-nav a`); shown {
			t.Errorf("%s: the menu's links show on a phone before the menu is opened", lang)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.menu > summary`))); err != nil {
			t.Fatal(err)
		}
		if b, shown := boxOf(t, ctx, `.main-nav a[href$="/companies/"]`); !shown || b.Width < 24 || b.Height < 24 {
			t.Errorf("%s: after opening the menu its link to the directory is %+v", lang, b)
		}
		// Half way down the profile the actions are still on screen, in the bar.
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.menu > summary`))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(window.scrollTo(0, document.querySelector('.contact-block').offsetTop - innerHeight), true)`)); err != nil {
			t.Fatal(err)
		}
		bar, ok := boxOf(t, ctx, `.action-bar a[href^="mailto:"]`)
		if v := barVisibility(t, ctx); v != "visible" {
			t.Errorf("%s: scrolled down, the action bar's visibility is %q", lang, v)
		}
		if !ok || bar.Top < phoneH/2 || bar.Top+bar.Height > phoneH {
			t.Errorf("%s: scrolled down, the bar's e-mail action is at %+v, want on screen at the bottom", lang, bar)
		}
	}
	// On a desktop the bar is not drawn and the menu is open without a toggle.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/companies/margalla-ai/"), chromedp.WaitVisible(chromedp.CSS(`dl.facts`))); err != nil {
		t.Fatal(err)
	}
	if _, shown := boxOf(t, ctx, `.action-bar`); shown {
		t.Error("the phone's action bar shows on a desktop")
	}
	if _, shown := boxOf(t, ctx, `.menu > summary`); shown {
		t.Error("the menu's toggle shows on a desktop")
	}
	if _, shown := boxOf(t, ctx, `.main-nav a[href$="/companies/"]`); !shown {
		t.Error("the menu's links are hidden on a desktop")
	}
	// Two rows on a desktop: the brand with search, shortlist and languages, then every menu
	// link on one line (beside the brand they wrapped to three rows).
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`new Set([...document.querySelectorAll('.main-nav a')].map(a => Math.round(a.getBoundingClientRect().top))).size`))
	if err != nil {
		t.Fatal(err)
	}
	if header, _ := boxOf(t, ctx, `.site-header`); rows != 1 || header.Height > 112 {
		t.Errorf("on a desktop the menu's links take %d rows and the header is %.0f px tall, want 1 row in a header of at most 112 px", rows, header.Height)
	}
}

// Issue 18.5: the home page's first screen has a search box that takes the words to the
// directory.
func TestHomeSearchBox(t *testing.T) {
	ctx, srv := buyerBrowser(t, 60*time.Second)
	if err := chromedp.Do(ctx, phone(), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#home-q`))); err != nil {
		t.Fatal(err)
	}
	b, _ := boxOf(t, ctx, "#home-q")
	if b.Top < 0 || b.Top+b.Height > phoneH {
		t.Errorf("the home page's search box is at %+v, not in a phone's first screen", b)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#home-q`), "salesforce\r"), chromedp.WaitVisible(chromedp.CSS(`.results .cards .card`))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/companies/?q=salesforce") {
		t.Errorf("the home search led to %s", loc)
	}
	// "salesforce" is a technology, not a service: the profiles that name it are found.
	names, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results .card h3')].map(h => h.textContent)`))
	if len(names) == 0 {
		t.Error("searching for a technology found nothing")
	}
}

// Issue 18.9 and the bar "no control a visitor taps is smaller than 24x24 px": every link,
// button, toggle and field on the key pages, on a phone, except links inside a sentence
// (WCAG 2.2's inline exception).
func TestTapTargets(t *testing.T) {
	ctx, srv := buyerBrowser(t, 90*time.Second)
	const small = `(() => {
		const out = [];
		const inline = e => e.closest('p, .prose li, td, figcaption, .note, dd > .credentials li, .fallback-note') && !e.closest('.actions, .pager, .tags, .facet-links');
		for (const e of document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea')) {
			if (!e.checkVisibility() || inline(e) || e.closest('.visually-hidden, [hidden]')) continue;
			if (e.matches('input[type=checkbox], input[type=radio]')) {
				// A box is tapped through its label: the label must be big enough.
				const l = e.closest('label') || document.querySelector('label[for="' + e.id + '"]');
				if (l) { const r = l.getBoundingClientRect(); if (r.width >= 24 && r.height >= 24) continue; }
			}
			const r = e.getBoundingClientRect();
			if (r.width < 24 || r.height < 24) out.push(Math.round(r.width) + 'x' + Math.round(r.height) + ' ' + e.outerHTML.slice(0, 100));
		}
		return out;
	})()`
	for _, p := range []string{"/", "/companies/", "/companies/margalla-ai/", "/parks/", "/parks/bannu-software-technology-park/", "/news/", "/ar/companies/khyber-code/", "/zh/"} {
		if err := chromedp.Do(ctx, phone(), chromedp.Navigate(srv.URL+p), chromedp.WaitReady(chromedp.CSS(`footer`))); err != nil {
			t.Fatal(err)
		}
		bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](small))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			t.Errorf("%s: a control smaller than 24x24 px: %s", p, b)
		}
	}
}

// Issue 18.2 and 18.4: cards show certifications (the server's and the script's, so a
// search filtered by ISO 27001 shows it on every card), and a search that finds nothing
// offers PSEB's introduction by e-mail with the words in the subject.
func TestCardsShowWhatBuyersFilterBy(t *testing.T) {
	ctx, srv := buyerBrowser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/certifications/iso-27001/"), chromedp.WaitVisible(chromedp.CSS(`.listing .card`))); err != nil {
		t.Fatal(err)
	}
	certs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.listing .card')].map(c => (c.querySelector('.certs') || {}).textContent || '')`))
	for i, c := range certs {
		if !strings.Contains(c, "27001") {
			t.Errorf("listing card %d of ISO 27001 says %q", i, c)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/companies/?certification=iso-27001&q=software"), chromedp.WaitVisible(chromedp.CSS(`.results .card .certs`))); err != nil {
		t.Fatal(err)
	}
	found, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results .card')].map(c => c.querySelector('.certs').hidden ? '' : c.querySelector('.certs').textContent)`))
	if len(found) == 0 {
		t.Fatal("no results for software with ISO 27001")
	}
	for i, c := range found {
		if !strings.Contains(c, "27001") {
			t.Errorf("search card %d filtered by ISO 27001 says %q", i, c)
		}
	}
	// The script's cards say when a company was founded, as the server's do (with the texts
	// a card fetches when it comes into view).
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(`.results .card`)), chromedp.WaitVisible(chromedp.CSS(`.results .card .meta[data-founded]`))); err != nil {
		t.Fatal(err)
	}
	metas, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results .card .meta[data-founded]')].map(m => m.dataset.founded + '|' + m.textContent)`))
	for _, m := range metas {
		year, text, _ := strings.Cut(m, "|")
		if !strings.HasSuffix(text, "Founded "+year) {
			t.Errorf("a search card's facts end %q, want the founding year %s", text, year)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/companies/?q=quantum+submarines"), chromedp.WaitVisible(chromedp.CSS(`.intro-offer a`))); err != nil {
		t.Fatal(err)
	}
	href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.intro-offer a').href`))
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "mailto" || !strings.Contains(u.Query().Get("subject"), "quantum submarines") {
		t.Errorf("the empty state's introduction link is %q", href)
	}
}

var screenshotsDir = flag.String("screenshots", "", "write screenshots of the key pages at phone and desktop width to this folder (TestScreenshots)")

// TestScreenshots writes the key pages at phone and desktop width as PNG files for a
// reviewer (docs/screenshots.md links them): go test ./generator/site -run TestScreenshots
// -screenshots "$PWD/docs/screenshots". Without the flag it only checks that a shot can be
// taken.
func TestScreenshots(t *testing.T) {
	ctx, srv := buyerBrowser(t, 120*time.Second)
	pages := []struct{ name, path string }{
		{"home", "/"}, {"directory", "/companies/"}, {"profile", "/companies/margalla-ai/"},
		{"parks", "/parks/"}, {"park", "/parks/bannu-software-technology-park/"}, {"profile-ar", "/ar/companies/khyber-code/"},
	}
	if *screenshotsDir == "" {
		pages = pages[:1]
	}
	for _, p := range pages {
		for _, size := range []struct {
			name string
			view chromedp.Action[chromedp.Void]
		}{{"phone", phone()}, {"desktop", chromedp.EmulateViewport(1280, 900)}} {
			if err := chromedp.Do(ctx, size.view, chromedp.Navigate(srv.URL+p.path), chromedp.WaitReady(chromedp.CSS(`footer`))); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if len(png) < 1000 {
				t.Fatalf("%s at %s: a screenshot of %d bytes", p.path, size.name, len(png))
			}
			if *screenshotsDir != "" {
				if err := os.WriteFile(filepath.Join(*screenshotsDir, p.name+"-"+size.name+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// Issue 18.6: on a phone, the shortlist's row labels take a narrow column and stay in view
// while six companies scroll past them, and the names stay above the rows.
func TestPhoneShortlist(t *testing.T) {
	ctx, srv := buyerBrowser(t, 60*time.Second)
	six := `["abbottabad-embedded","bannu-digital","blue-area-systems","bolan-tech","capital-health-tech","margalla-ai"]`
	if err := chromedp.Do(ctx, phone(), chromedp.Navigate(srv.URL+"/shortlist/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(localStorage.setItem('sitegen-shortlist', `+jsString(six)+`), true)`)); err != nil {
		t.Fatal(err)
	}
	// Opened again, not reloaded: a Reload can return before the new document's context
	// exists, and the poll below then fails with "Cannot find context" (seen once in CI).
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/shortlist/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('.compare thead th').length === 6`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	label, _ := boxOf(t, ctx, `.compare th[scope=row]`)
	if label.Width > 0.4*phoneW {
		t.Errorf("the row labels take %.0f of %d px", label.Width, phoneW)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const w = document.querySelector('.table-wrap'); w.scrollLeft = 1200; w.scrollTop = 300; return true; })()`)); err != nil {
		t.Fatal(err)
	}
	after, _ := boxOf(t, ctx, `.compare tbody tr:last-child th[scope=row]`)
	wrap, _ := boxOf(t, ctx, `.table-wrap`)
	if after.Left < wrap.Left-1 || after.Left > wrap.Left+1 {
		t.Errorf("scrolled sideways, a row label is at x=%.0f, want the table's edge %.0f", after.Left, wrap.Left)
	}
	name, _ := boxOf(t, ctx, `.compare thead th:last-child`)
	if name.Top < wrap.Top-1 || name.Top > wrap.Top+1 {
		t.Errorf("scrolled down, the names are at y=%.0f, want the table's top %.0f", name.Top, wrap.Top)
	}
}

// Issue 18.3: on a phone the open filters cover the screen with a "Show results (N)"
// button whose N is the number of results; once closed, the ticked filters are chips
// above the results (a removable button each) and their number is on the Filters control;
// a shared link with filters shows its chips at once.
func TestPhoneFilterSheet(t *testing.T) {
	ctx, srv := buyerBrowser(t, 60*time.Second)
	if err := chromedp.Do(ctx, phone(), chromedp.Navigate(srv.URL+"/companies/"), chromedp.WaitVisible(chromedp.CSS(`.filters > summary`)),
		chromedp.Click(chromedp.CSS(`.filters > summary`)), chromedp.WaitVisible(chromedp.CSS(`.facet-form input[value="iso-27001"]`))); err != nil {
		t.Fatal(err)
	}
	sheet, _ := boxOf(t, ctx, `.filters`)
	if sheet.Top > 1 || sheet.Height < phoneH-1 {
		t.Errorf("the open filters are %+v, want the whole %dx%d screen", sheet, phoneW, phoneH)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.facet-form input[value="iso-27001"]`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`/\(\d+\)/.test(document.querySelector('.show-results').textContent)`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	button, _ := boxOf(t, ctx, `.show-results`)
	if button.Top+button.Height > phoneH || button.Top < phoneH/2 {
		t.Errorf("the show-results button is at %+v, want at the bottom of the sheet, on screen", button)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.show-results`))); err != nil {
		t.Fatal(err)
	}
	type view struct {
		Open            bool
		Button, Heading string
		Chips           []string
		Count, Focused  string
		Cards           int
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[view](`({
		Open: document.querySelector('.filters').open,
		Button: document.querySelector('.show-results').textContent,
		Heading: document.querySelector('.result-count').textContent,
		Chips: [...document.querySelectorAll('.active-filters:not([hidden]) .chip')].map(b => b.getAttribute('aria-label')),
		Count: document.querySelector('.filter-count').hidden ? '' : document.querySelector('.filter-count').textContent,
		Focused: document.activeElement.className,
		Cards: document.querySelectorAll('.results .cards .card').length,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	n := strings.Trim(v.Button[strings.LastIndex(v.Button, "(")+1:], ")")
	if v.Open || !strings.HasPrefix(v.Heading, n+" ") || v.Count != "(1)" || len(v.Chips) != 1 || !strings.Contains(v.Chips[0], "27001") || v.Focused != "result-count" {
		t.Errorf("after Show results: %+v (want the sheet closed, %s results, one chip, (1) on Filters, focus on the count)", v, n)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.chip`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.active-filters').hidden && document.querySelector('.filter-count').hidden && !location.search.includes('certification')`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("removing the chip left the filter on: %v", err)
	}
	// A shared link with filters.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/companies/?service=fintech&certification=pci-dss")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('.active-filters:not([hidden]) .chip').length === 2 && document.querySelector('.filter-count').textContent === '(2)'`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("a link with two filters shows no chips: %v", err)
	}
}

// Issue 18.4: the results can be ordered by name, size and founding year, the order is
// kept in the address, and companies that do not say come last.
func TestSortResults(t *testing.T) {
	oracle := newDirectoryOracle(t, "../..")
	ctx, srv := buyerBrowser(t, 60*time.Second)
	bySlug := map[string]*content.Company{}
	for _, c := range oracle.companies {
		bySlug[c.Slug] = c
	}
	bands := map[string]int{"": -1}
	for i, b := range content.EmployeeBands {
		bands[b] = i
	}
	for _, tc := range []struct {
		sort string
		ok   func(a, b *content.Company) bool // a may come before b
	}{
		{"name", func(a, b *content.Company) bool { return a.Name <= b.Name }},
		{"size", func(a, b *content.Company) bool { return b.Employees == "" || bands[a.Employees] >= bands[b.Employees] }},
		{"oldest", func(a, b *content.Company) bool { return b.Founded == 0 || (a.Founded != 0 && a.Founded <= b.Founded) }},
		{"newest", func(a, b *content.Company) bool { return b.Founded == 0 || a.Founded >= b.Founded }},
	} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/companies/?q=software&sort="+tc.sort)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.results').getAttribute('aria-busy') !== 'true' && document.querySelectorAll('.results .cards .card').length > 3`,
			chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatal(err)
		}
		// All the hits, not only the first page.
		_, _ = chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => { let b; while ((b = document.querySelector('.results .more')) && !b.hidden) { b.click(); await new Promise(r => setTimeout(r, 300)); } return true; })()`, chromedp.EvalAwaitPromise))
		type state struct {
			Slugs  []string
			Select string
		}
		st, err := chromedp.Run(ctx, chromedp.Evaluate[state](`({Slugs: [...document.querySelectorAll('.results .card h3 a')].map(a => a.getAttribute('href').split('/').filter(Boolean).pop()), Select: document.querySelector('#directory-sort').value})`))
		if err != nil {
			t.Fatal(err)
		}
		if st.Select != tc.sort || len(st.Slugs) < 4 {
			t.Errorf("sort=%s: the select says %q, %d results", tc.sort, st.Select, len(st.Slugs))
			continue
		}
		for i := 1; i < len(st.Slugs); i++ {
			a, b := bySlug[st.Slugs[i-1]], bySlug[st.Slugs[i]]
			if a == nil || b == nil || !tc.ok(a, b) {
				t.Errorf("sort=%s: %s before %s", tc.sort, st.Slugs[i-1], st.Slugs[i])
			}
		}
	}
	// Choosing an order puts it in the address.
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#directory-sort`), "size")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('#directory-sort').dispatchEvent(new Event('change')), true)`)); err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "sort=size") {
		t.Errorf("after choosing size the address is %s", loc)
	}
}

// Issue 18.7: a park's page gives investors what they weigh (for a park not yet open: the
// expected date, space and rent), a named contact and a way to register interest by
// e-mail; a planned park does not invite buyers to visit it; on the map Islamabad's and
// Rawalpindi's markers are apart and every marker is labelled.
func TestParksForInvestors(t *testing.T) {
	ctx, srv := buyerBrowser(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/parks/rawalpindi-software-technology-park/"), chromedp.WaitVisible(chromedp.CSS(`dl.facts`))); err != nil {
		t.Fatal(err)
	}
	type park struct {
		Facts    []string
		Contact  string
		Interest string
		Body     string
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[park](`({
		Facts: [...document.querySelectorAll('.facts dt')].map(d => d.textContent),
		Contact: document.querySelector('.contact-block p').textContent,
		Interest: (document.querySelector('.contact-block .actions a') || {}).href || '',
		Body: document.querySelector('.prose').textContent,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Expected to open", "Space available", "Rent"} {
		if !slices.Contains(p.Facts, want) {
			t.Errorf("the under-construction park's facts %q lack %q", p.Facts, want)
		}
	}
	if !strings.Contains(p.Contact, "Project director") || !strings.HasPrefix(p.Interest, "mailto:") || !strings.Contains(p.Interest, "subject=Interest%20in%20space") {
		t.Errorf("contact %q, interest link %q", p.Contact, p.Interest)
	}
	if strings.Contains(p.Body, "meet several vendors") {
		t.Error("a park not yet open invites buyers to visit it to meet vendors")
	}
	if err := chromedp.Do(ctx, phone(), chromedp.Navigate(srv.URL+"/parks/"), chromedp.WaitVisible(chromedp.CSS(`.park-map`))); err != nil {
		t.Fatal(err)
	}
	isb, _ := boxOf(t, ctx, `.park-map a.marker[href$="/islamabad-software-technology-park/"]`)
	rwp, _ := boxOf(t, ctx, `.park-map a.marker[href$="/rawalpindi-software-technology-park/"]`)
	// The markers' shapes (not their tap discs, which may touch) are apart.
	shape := func(sel string) rect { r, _ := boxOf(t, ctx, sel+` path`); return r }
	a, b := shape(`.park-map a.marker[href$="/islamabad-software-technology-park/"]`), shape(`.park-map a.marker[href$="/rawalpindi-software-technology-park/"]`)
	if a.Top < b.Top+b.Height && b.Top < a.Top+a.Height && a.Left < b.Left+b.Width && b.Left < a.Left+a.Width {
		t.Errorf("Islamabad's marker %+v and Rawalpindi's %+v overlap", a, b)
	}
	if isb.Width < 24 || rwp.Width < 24 {
		t.Errorf("markers narrower than 24 px to tap: %+v %+v", isb, rwp)
	}
	labels, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.park-map .map-labels text')].map(t => t.textContent)`))
	markers, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.park-map a.marker').length`))
	if len(labels) != markers || !slices.Contains(labels, "Rawalpindi") {
		t.Errorf("labels %q for %d markers", labels, markers)
	}
}
