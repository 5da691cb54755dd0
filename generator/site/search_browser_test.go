package site

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/internal/browsertest"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/search/analysis"
)

// directoryOracle answers directory queries in Go, from the content model, by the rules
// the page promises (every query word is the start of a word of the company's name,
// summary, facts or profile text; values of one filter add up, filters narrow each other;
// counts are what ticking a value would show), so the browser's answers are checked
// against an independent computation rather than against themselves.
type directoryOracle struct {
	companies []*content.Company
	words     [][]string            // per company, its words
	values    []map[string][]string // per company, facet -> values
}

func newDirectoryOracle(t *testing.T, root string) *directoryOracle {
	t.Helper()
	site, err := content.Load(context.Background(), os.DirFS(root), content.Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	names := display.English.Regions()
	o := &directoryOracle{companies: site.Companies}
	for _, c := range site.Companies {
		text := []string{c.Name, c.Summary, c.City.Name, c.City.Province, markdown.PlainText(c.Body)}
		v := map[string][]string{"city": {c.City.ID}}
		if c.Park != nil {
			text = append(text, c.Park.Name)
			v["park"] = []string{c.Park.Slug}
		}
		for _, s := range c.Services {
			text = append(text, s.Label)
			v["service"] = append(v["service"], s.ID)
		}
		for _, ct := range c.Certifications {
			text = append(text, ct.Label)
			v["certification"] = append(v["certification"], ct.ID)
		}
		for _, m := range c.ExportMarkets {
			text = append(text, names.Name(language.MustParseRegion(m)))
			v["market"] = append(v["market"], m)
		}
		text = append(text, c.Technologies...)
		text = append(text, c.Clients...)
		for _, cs := range c.CaseStudies {
			text = append(text, cs.Title, cs.Client)
		}
		if c.Employees != "" {
			v["employees"] = []string{c.Employees}
		}
		if c.Founded > 0 {
			d := c.Founded / 10 * 10
			v["founded"] = []string{fmt.Sprintf("%d-%d", d, d+9)}
		}
		o.words = append(o.words, analysis.Terms(strings.Join(text, " ")))
		o.values = append(o.values, v)
	}
	return o
}

func (o *directoryOracle) matches(i int, q string, filters map[string][]string, except string, withNear bool) bool {
	for _, t := range analysis.Terms(q) {
		var near []string
		if withNear {
			near = o.nearMisses(t)
		}
		if !slices.ContainsFunc(o.words[i], func(w string) bool { return strings.HasPrefix(w, t) || slices.Contains(near, w) }) {
			return false
		}
	}
	for f, want := range filters {
		if f != except && len(want) > 0 && !slices.ContainsFunc(o.values[i][f], func(v string) bool { return slices.Contains(want, v) }) {
			return false
		}
	}
	return true
}

// nearMisses is the script's nearMisses over the companies' words: for t of 4 letters or
// more, the 8 words nearest to starting with t (one edit, two from 8 letters; words of 3
// letters or more with t's first letter, in order), leaving out those that start with t.
func (o *directoryOracle) nearMisses(t string) []string {
	rs := []rune(t)
	if len(rs) < 4 {
		return nil
	}
	limit := 1
	if len(rs) >= 8 {
		limit = 2
	}
	seen := map[string]bool{}
	type miss struct {
		word string
		d    int
	}
	var near []miss
	for _, words := range o.words {
		for _, w := range words {
			wr := []rune(w)
			if seen[w] || len(wr) < 3 || wr[0] != rs[0] || strings.HasPrefix(w, t) {
				continue
			}
			seen[w] = true
			if d := prefixDistance(rs, wr); d <= limit {
				near = append(near, miss{w, d})
			}
		}
	}
	slices.SortFunc(near, func(a, b miss) int { return cmp.Or(a.d-b.d, strings.Compare(a.word, b.word)) })
	var out []string
	for _, m := range near[:min(8, len(near))] {
		out = append(out, m.word)
	}
	return out
}

// prefixDistance is the distance from a to the nearest prefix of b: letters inserted,
// deleted or changed, and neighbours swapped (optimal string alignment), as the script's.
func prefixDistance(a, b []rune) int {
	prev2, prev := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := 1
			if a[i-1] == b[j-1] {
				sub = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+sub)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev = prev, cur
	}
	return slices.Min(prev)
}

// query returns the names of the matching companies, sorted, and the count shown beside
// every filter value ("facet=value"), leaving out zero counts of values not ticked.
//
// Near misses count only when the words themselves find fewer companies than a page of
// results (12), as in the script.
func (o *directoryOracle) query(q string, filters map[string][]string) ([]string, map[string]int) {
	direct := 0
	for i := range o.companies {
		if o.matches(i, q, filters, "", false) {
			direct++
		}
	}
	withNear := len(analysis.Terms(q)) > 0 && direct < 12
	var names []string
	counts := map[string]int{}
	for i, c := range o.companies {
		if o.matches(i, q, filters, "", withNear) {
			names = append(names, c.Name)
		}
		for f, vals := range o.values[i] {
			if o.matches(i, q, filters, f, withNear) {
				for _, v := range vals {
					counts[f+"="+v]++
				}
			}
		}
	}
	for f, vals := range filters {
		for _, v := range vals {
			counts[f+"="+v] += 0
		}
	}
	slices.Sort(names)
	return names, counts
}

// directoryView is what the directory shows, read from the page.
type directoryView struct {
	Heading string         `json:"heading"`
	Names   []string       `json:"names"`
	Counts  map[string]int `json:"counts"`
	Checked []string       `json:"checked"`
	Query   string         `json:"query"`
	Static  bool           `json:"static"` // the server-rendered listing is shown
}

const readDirectory = `(() => {
	const shown = el => el && !el.closest('[hidden]');
	const counts = {};
	document.querySelectorAll('.facet-form input[type=checkbox]').forEach(cb => {
		if (shown(cb)) counts[cb.name + '=' + cb.value] = +cb.closest('label').querySelector('.count').textContent.replace(/\D/g, '');
	});
	return {
		heading: document.querySelector('.results').hidden ? '' : document.querySelector('.result-count').textContent,
		names: [...document.querySelectorAll('.results .cards h3 a')].map(a => a.textContent),
		counts,
		checked: [...document.querySelectorAll('.facet-form input:checked')].map(cb => cb.name + '=' + cb.value),
		query: document.querySelector('#directory-q').value,
		static: shown(document.querySelector('.listing')),
	};
})()`

// waitHeading waits until the results heading reads want and the cards are shown.
func waitHeading(ctx context.Context, want string) error {
	var err error
	// A poll started while a navigation replaces the document loses its context; that is
	// not an answer, so poll again in the new document.
	for range 3 {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
			`!document.querySelector('.results').hidden && document.querySelector('.result-count').textContent === %q &&
			!document.querySelector('.results .cards').hasAttribute('aria-busy')`, want),
			chromedp.WithPollingTimeout(10*time.Second)))
		if err == nil || !strings.Contains(err.Error(), "Cannot find context") {
			break
		}
	}
	if err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.result-count').textContent`))
		return fmt.Errorf("waiting for the heading %q (it reads %q): %w", want, got, err)
	}
	return nil
}

// checkView waits for the results of q and filters and compares them, and the counts and
// ticked boxes, with the oracle's. The facet fixed by the listing page has no boxes.
func checkView(t *testing.T, ctx context.Context, o *directoryOracle, q string, filters map[string][]string, fixed ...string) directoryView {
	t.Helper()
	names, counts := o.query(q, filters)
	for k := range counts {
		if f, _, _ := strings.Cut(k, "="); slices.Contains(fixed, f) {
			delete(counts, k)
		}
	}
	noun := "companies match"
	if len(names) == 1 {
		noun = "company matches"
	}
	if err := waitHeading(ctx, fmt.Sprintf("%d %s", len(names), noun)); err != nil {
		t.Fatal(err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[directoryView](readDirectory))
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(v.Names))
	if !slices.Equal(got, names) {
		t.Errorf("q=%q %v: results %q, want %q", q, filters, got, names)
	}
	if !maps.Equal(v.Counts, counts) {
		for _, k := range slices.Sorted(maps.Keys(counts)) {
			if v.Counts[k] != counts[k] {
				t.Errorf("q=%q %v: count of %s is %d, want %d", q, filters, k, v.Counts[k], counts[k])
			}
		}
		for k := range v.Counts {
			if _, ok := counts[k]; !ok {
				t.Errorf("q=%q %v: %s is shown (count %d) but no match has it", q, filters, k, v.Counts[k])
			}
		}
	}
	var want []string
	for f, vals := range filters {
		for _, val := range vals {
			if !slices.Contains(fixed, f) {
				want = append(want, f+"="+val)
			}
		}
	}
	slices.Sort(want)
	if gotChecked := slices.Sorted(slices.Values(v.Checked)); !slices.Equal(gotChecked, want) {
		t.Errorf("ticked %q, want %q", gotChecked, want)
	}
	return v
}

// TestDirectorySearchInBrowser types a query and ticks two filters on the sample site, and
// checks the exact results and every count against the oracle, then the shared URL, the
// back button and the page's console.
func TestDirectorySearchInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	oracle := newDirectoryOracle(t, "../..")
	rec := &pageRecord{}
	if err := chromedp.Listen(ctx, rec.listen); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	// The index loads when the visitor reaches for the search or filters.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/companies/"),
		chromedp.Click(chromedp.CSS(`#directory-q`)), chromedp.WaitVisible(chromedp.CSS(`.facet-form`)),
		chromedp.SendKeys(chromedp.CSS(`#directory-q`), "cloud")); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", nil)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[name=certification][value=iso-27001]`))); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", map[string][]string{"certification": {"iso-27001"}})
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[name=employees][value="51-200"]`))); err != nil {
		t.Fatal(err)
	}
	two := map[string][]string{"certification": {"iso-27001"}, "employees": {"51-200"}}
	v := checkView(t, ctx, oracle, "cloud", two)
	// Ranked: the company with "Cloud" in its name first.
	if want := []string{"Faizabad Cloud", "Margalla AI"}; !slices.Equal(v.Names, want) {
		t.Errorf("ranked results %q, want %q", v.Names, want)
	}
	marks, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.results mark')].map(m => m.textContent)`))
	if len(marks) == 0 || !slices.ContainsFunc(marks, func(m string) bool { return strings.EqualFold(m, "cloud") }) {
		t.Errorf("no highlighted match in the results: %q", marks)
	}

	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if want := srv.URL + "/companies/?q=cloud&certification=iso-27001&employees=51-200"; loc != want {
		t.Errorf("URL %s, want %s", loc, want)
	}
	// The copied link reproduces the view, in a fresh load.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.Navigate(loc)); err != nil {
		t.Fatal(err)
	}
	if v := checkView(t, ctx, oracle, "cloud", two); v.Query != "cloud" || v.Static {
		t.Errorf("shared URL: query %q, static listing shown %v", v.Query, v.Static)
	}
	// Back: to the home page; back again would leave. Use a fresh history: tick, then back.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[name=service][value=ai-ml]`))); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", map[string][]string{"certification": {"iso-27001"}, "employees": {"51-200"}, "service": {"ai-ml"}})
	// history.back() as the Back button does; the ticks were pushed in this document, so
	// it stays (chromedp's NavigateBack waits for a new document and raced with it).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`history.back()`)); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", two)
	// Clearing everything brings back the static listing.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.facet-form .clear`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector('.listing').hidden && document.querySelector('.results').hidden && location.search === ''`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("after clearing, the static listing is not back: %v", err)
	}
	// A listing page with its own filter: the city is fixed (a city in the URL is ignored),
	// the others narrow it.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/cities/islamabad/?q=cloud&city=karachi"),
		chromedp.WaitVisible(chromedp.CSS(`.facet-form`))); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", map[string][]string{"city": {"islamabad"}}, "city")

	rec.reportProblems(t)
}

// TestShortlistInBrowser adds three companies from the directory, checks the header count
// and the announcement, then the comparison table, its CSV and its mail link against the
// content model, and removes one by keyboard.
func TestShortlistInBrowser(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	// The test reads the CSV download with fetch(blob:), which the site's CSP (connect-src
	// 'self') rightly refuses; a reader's click on the link is a download, not a fetch.
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	site, err := content.Load(context.Background(), os.DirFS("../.."), content.Options{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	rec := &pageRecord{}
	if err := chromedp.Listen(ctx, rec.listen); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/companies/"),
		chromedp.WaitVisible(chromedp.CSS(`.listing button[data-shortlist]`))); err != nil {
		t.Fatal(err)
	}
	picked := site.Companies[:3] // the first three cards of the directory, which sorts by name
	for i, c := range picked {
		sel := fmt.Sprintf(`.listing button[data-shortlist=%q]`, c.Slug)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("Added %s to your shortlist (%d of 6).", c.Name, i+1)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById('announcer').textContent === %q`, want),
			chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Errorf("announcement %q not made: %v", want, err)
		}
	}
	type state struct {
		Count   string   `json:"count"`
		Pressed []string `json:"pressed"`
		Label   string   `json:"label"`
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[state](`({
		count: document.querySelector('.shortlist-link .count').textContent,
		pressed: [...document.querySelectorAll('.listing button.on')].map(b => b.dataset.shortlist),
		label: document.querySelector('.listing button.on').getAttribute('aria-label'),
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if st.Count != "3" || len(st.Pressed) != 3 || st.Label != "Remove from shortlist: "+picked[0].Name {
		t.Errorf("after adding three: %+v", st)
	}

	// The comparison page, read as rows of cells.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/shortlist/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('.compare thead th').length === 3`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("comparison table not shown: %v", err)
	}
	type table struct {
		Heads []string            `json:"heads"`
		Rows  map[string][]string `json:"rows"`
		Same  []string            `json:"same"`
		CSV   string              `json:"csv"`
		Mail  string              `json:"mail"`
		NoJS  bool                `json:"noJS"`
	}
	tb, err := chromedp.Run(ctx, chromedp.Evaluate[table](`(async () => {
		const rows = {};
		document.querySelectorAll('.compare tbody tr').forEach(tr => rows[tr.dataset.row] = [...tr.cells].slice(1).map(td => td.textContent));
		const dl = document.querySelector('.compare .download');
		return {
			heads: [...document.querySelectorAll('.compare thead th a')].map(a => a.textContent),
			rows,
			same: [...document.querySelectorAll('.compare tr.same')].filter(tr => !tr.querySelector('.badge').hidden).map(tr => tr.dataset.row),
			csv: new TextDecoder('utf-8', {ignoreBOM: true}).decode(await (await fetch(dl.href)).arrayBuffer()),
			mail: document.querySelector('.compare .mail-all').href,
			noJS: !document.querySelector('.needs-js').hidden,
		};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	dash := func(s string) string { return cmp.Or(s, "—") }
	want := map[string][]string{}
	var emails []string
	csv := []string{`"` + strings.Join([]string{"Name", "Summary", "City", "Technology park", "Services", "Certifications", "Founded",
		"Employees", "Export markets", "Website", "Email", "Phone", "Profile"}, `","`) + `"`}
	// Services and certifications in the data files' order, the same for every column.
	for _, c := range picked {
		var services, certs []string
		for _, s := range site.Data.Services {
			if slices.Contains(c.Services, s) {
				services = append(services, s.Label)
			}
		}
		for _, x := range site.Data.Certifications {
			if slices.ContainsFunc(c.Certifications, func(cr fields.Credential) bool { return cr.Certification == x }) {
				certs = append(certs, x.Label)
			}
		}
		var markets []string
		for _, m := range c.ExportMarkets {
			markets = append(markets, display.English.Regions().Name(language.MustParseRegion(m)))
		}
		slices.Sort(markets) // the facet's order, by name
		park, founded := "", ""
		if c.Park != nil {
			park = c.Park.Name
		}
		if c.Founded > 0 {
			founded = fmt.Sprint(c.Founded)
		}
		cells := map[string]string{"summary": c.Summary, "city": c.City.Name + ", " + c.City.Province, "park": park,
			"services": strings.Join(services, ", "), "certifications": strings.Join(certs, ", "), "founded": founded,
			"employees": c.Employees, "markets": strings.Join(markets, ", "), "website": c.Website, "email": c.Email, "phone": c.Phone}
		line := []string{c.Name}
		for _, row := range []string{"summary", "city", "park", "services", "certifications", "founded", "employees", "markets", "website", "email", "phone"} {
			want[row] = append(want[row], dash(cells[row]))
			cell := strings.ReplaceAll(cells[row], `"`, `""`)
			switch {
			case row == "phone" && cell != "":
				cell = `=""` + cell + `""` // shown as typed, not as a sum or with an apostrophe
			case strings.ContainsAny(cell[:min(1, len(cell))], "=+-@"):
				cell = "'" + cell // a spreadsheet must not evaluate it
			}
			line = append(line, cell)
		}
		line = append(line, srv.URL+"/companies/"+c.Slug+"/")
		csv = append(csv, `"`+strings.Join(line, `","`)+`"`)
		if c.Email != "" {
			emails = append(emails, c.Email)
		}
	}
	if names := []string{picked[0].Name, picked[1].Name, picked[2].Name}; !slices.Equal(tb.Heads, names) {
		t.Errorf("columns %q, want %q", tb.Heads, names)
	}
	for row, cells := range want {
		if !slices.Equal(tb.Rows[row], cells) {
			t.Errorf("row %s = %q, want %q", row, tb.Rows[row], cells)
		}
		same := !slices.ContainsFunc(cells, func(c string) bool { return c != cells[0] })
		if slices.Contains(tb.Same, row) != same {
			t.Errorf("row %s marked as the same for all: %v, want %v", row, !same, same)
		}
	}
	if got, want := tb.CSV, "\ufeff"+strings.Join(csv, "\r\n")+"\r\n"; got != want {
		t.Errorf("CSV:\n%q\nwant\n%q", got, want)
	}
	if !strings.HasPrefix(tb.Mail, "mailto:?bcc="+strings.Join(emails, ",")+"&subject=") || len(emails) == 0 {
		t.Errorf("mail link %q, want all of %q in Bcc", tb.Mail, emails)
	}
	// "Hide rows that are the same for all" leaves the rows that differ.
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { document.querySelector('.hide-same input').click();
		return [...document.querySelectorAll('.compare tbody tr')].filter(tr => tr.checkVisibility()).map(tr => tr.dataset.row); })()`))
	if err != nil {
		t.Fatal(err)
	}
	for row := range want {
		if slices.Contains(tb.Same, row) == slices.Contains(shown, row) {
			t.Errorf("with identical rows hidden, row %s shown: %v (same for all: %v)", row, slices.Contains(shown, row), slices.Contains(tb.Same, row))
		}
	}
	if tb.NoJS {
		t.Error("the no-JavaScript notice is still shown")
	}

	// Remove the first company with the keyboard; focus moves to the next remove button.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.compare button.remove`)), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('.compare thead th').length === 2 && document.activeElement.matches('button.remove')`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("after removing one by keyboard: %v", err)
	}

	// Two are left; four more fill it, and a seventh is refused with a message.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/companies/"), chromedp.WaitVisible(chromedp.CSS(`.listing button[data-shortlist]`))); err != nil {
		t.Fatal(err)
	}
	for _, c := range site.Companies[3:8] {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.listing button[data-shortlist=%q]`, c.Slug)))); err != nil {
			t.Fatal(err)
		}
	}
	full := "Your shortlist is full: it holds 6 companies. Remove one to add another."
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById('announcer').textContent === %q && document.querySelector('.shortlist-link .count').textContent === '6'`, full),
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("a seventh company was not refused with %q: %v", full, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/shortlist/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('.compare thead th').length === 6`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("a full shortlist does not compare six companies: %v", err)
	}
	rec.reportProblems(t)
}

// tabTo presses Tab until the focused element matches sel, at most limit times.
func tabTo(ctx context.Context, sel string, limit int) error {
	for range limit {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.activeElement.matches(%q)`, sel)))
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			return err
		}
	}
	return fmt.Errorf("%d Tab presses did not reach %s", limit, sel)
}

// TestDirectoryKeyboard uses the directory on a phone with the keyboard only: Tab to the
// search box, type, open the filters, tick a value with Space, clear with Enter.
func TestDirectoryKeyboard(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	oracle := newDirectoryOracle(t, "../..")
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 740), chromedp.Navigate(srv.URL+"/companies/")); err != nil {
		t.Fatal(err)
	}
	// Tabbing into the search loads the index and turns the filter links into the form.
	if err := tabTo(ctx, "#directory-q", 40); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`.facet-form:not([hidden])`))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("cloud")); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", nil)
	// The filters are closed on a phone: Tab to their summary and open them with Enter.
	if err := tabTo(ctx, ".filters summary", 5); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if err := tabTo(ctx, `input[name=certification][value=iso-27001]`, 40); err != nil {
		t.Fatal(err)
	}
	outline, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
	if outline == "none" || outline == "" {
		t.Errorf("the focused checkbox shows no outline (%q)", outline)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", map[string][]string{"certification": {"iso-27001"}})
	if err := tabTo(ctx, ".facet-form .clear", 40); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement.id === 'directory-q' && document.activeElement.value === '' && !document.querySelector('.listing').hidden`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("Enter on Clear did not reset the search and return focus to it: %v", err)
	}
}

// TestDirectoryWithoutJavaScript: with scripts off, the directory is the static listing
// with its pages and facet links, and the shortlist page says what it needs.
func TestDirectoryWithoutJavaScript(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/companies/"), chromedp.Click(chromedp.CSS(`.filters summary`))); err != nil {
		t.Fatal(err)
	}
	type page struct {
		Cards       int      `json:"cards"`
		Pager       int      `json:"pager"`
		Links       []string `json:"links"`
		SearchShown bool     `json:"searchShown"`
		Buttons     int      `json:"buttons"`
	}
	visible := `el => !!el && el.getClientRects().length > 0`
	p, err := chromedp.Run(ctx, chromedp.Evaluate[page](`(() => { const visible = `+visible+`; return {
		cards: [...document.querySelectorAll('.listing .card')].filter(visible).length,
		pager: [...document.querySelectorAll('.pager a')].filter(visible).length,
		links: [...document.querySelectorAll('.facet-links a')].filter(visible).map(a => a.getAttribute('href')),
		searchShown: visible(document.querySelector('.search-form')) || visible(document.querySelector('.facet-form')),
		buttons: [...document.querySelectorAll('button')].filter(visible).length,
	}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Cards != 12 || p.Pager < 2 || p.SearchShown || p.Buttons != 0 {
		t.Errorf("without JavaScript: %d cards, %d pager links, search shown %v, %d buttons shown", p.Cards, p.Pager, p.SearchShown, p.Buttons)
	}
	for _, want := range []string{"/services/fintech/", "/cities/bannu/", "/certifications/iso-27001/", "/parks/lahore-software-technology-park/"} {
		if !slices.Contains(p.Links, want) {
			t.Errorf("facet link %s missing from %q", want, p.Links)
		}
	}
	// Following a facet link reaches its listing.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.facet-links a[href="/services/fintech/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.listing .card`))); err != nil {
		t.Fatal(err)
	}
	if h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); h1 != "Fintech" {
		t.Errorf("the fintech link led to %q", h1)
	}
	// A later page of a listing links to the first page's filter links (the counts are
	// drawn there only), and following the link shows them, the panel opened.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/companies/page/2/"), chromedp.Click(chromedp.CSS(`.filters summary`))); err != nil {
		t.Fatal(err)
	}
	later, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.facet-links a')].filter(`+visible+`).map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(later, []string{"/companies/#filter-links"}) {
		t.Errorf("page 2's filter links: %q, want one link to the first page's", later)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.facet-links a`)), chromedp.WaitVisible(chromedp.CSS(`.facet-links a[href="/services/fintech/"]`))); err != nil {
		t.Errorf("the first page's filter links are not shown after following page 2's link: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/shortlist/")); err != nil {
		t.Fatal(err)
	}
	note, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`(`+visible+`)(document.querySelector('.needs-js')) && !(`+visible+`)(document.querySelector('.compare'))`))
	if !note {
		t.Error("the shortlist page does not explain that it needs JavaScript")
	}
}

// TestTypoTolerance: a word of 4 letters or more also finds the words one edit away from
// starting with it (two from 8 letters), ranked below the word's own matches, without the
// whole vocabulary (the vocab file of its first letter and the near misses' shards).
func TestTypoTolerance(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	oracle := newDirectoryOracle(t, "../..")
	rec := &pageRecord{}
	if err := chromedp.Listen(ctx, rec.listen); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for _, tt := range []struct{ q, want string }{
		{"cybersecurty", "Neelum Cyber"}, // cybersecurity, one letter left out
		{"fintek", "Clifton Fintech Labs"},
		{"clowd", "Faizabad Cloud"},
	} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/companies/?q="+tt.q),
			chromedp.WaitVisible(chromedp.CSS(`.facet-form`))); err != nil {
			t.Fatal(err)
		}
		v := checkView(t, ctx, oracle, tt.q, nil)
		if !slices.Contains(v.Names, tt.want) {
			t.Errorf("%q found %q, want %s among them", tt.q, v.Names, tt.want)
		}
	}
	// Nothing matches "clowdz" (two edits from cloud: no near miss at 6 letters), so the
	// directory offers the nearest word, and its link searches for it.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/companies/?q=clowdz"), chromedp.WaitVisible(chromedp.CSS(`.did-you-mean a`))); err != nil {
		t.Fatal(err)
	}
	offer, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.did-you-mean').textContent + ' | ' + document.querySelector('.no-results').hidden`))
	if offer != "Did you mean: cloud | false" {
		t.Errorf("no results for clowdz show %q, want the offer of cloud beside the no-results note", offer)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.did-you-mean a`)), chromedp.WaitVisible(chromedp.CSS(`.facet-form`))); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", nil)
	// A word's own matches rank above its near misses: "cloud" puts every company with a
	// word starting with cloud before any that has only a near miss.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/companies/?q=cloud"), chromedp.WaitVisible(chromedp.CSS(`.facet-form`))); err != nil {
		t.Fatal(err)
	}
	v := checkView(t, ctx, oracle, "cloud", nil)
	direct, _ := oracle.query("clou", nil) // prefix matches only: no near misses below 4 letters
	for i, name := range v.Names {
		if i >= len(direct) {
			break
		}
		if !slices.Contains(direct, name) {
			t.Errorf("result %d %q has only a near miss of cloud, ranked above a direct match (%q)", i, name, v.Names)
		}
	}
	rec.reportProblems(t)
}

// TestRanking: queries a buyer types and the companies they expect first (field-weighted
// BM25: a word in the name before one in the summary, the facts or the text; a whole word
// before a longer word it starts; rarer words weigh more). Each row gives the expected top
// results as a set, in any order among themselves, then optionally what must come next.
func TestRanking(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	oracle := newDirectoryOracle(t, "../..")
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	tests := []struct {
		q   string
		top []string // the first len(top) results, in any order
	}{
		{"cloud", []string{"Faizabad Cloud"}},
		{"fintech", []string{"Clifton Fintech Labs", "Lahore Fintech Studio"}},
		{"lahore fintech", []string{"Lahore Fintech Studio"}},
		{"health", []string{"Capital Health Tech", "Karachi Health Systems"}},
		{"software", []string{"Gwadar Logistics Software", "Indus River Software", "Sukkur Software House"}},
		{"cyber", []string{"Neelum Cyber"}},
		{"game", []string{"Lahore Game Forge"}},
		{"erp", []string{"Lyallpur ERP Solutions"}},
		{"analytics", []string{"Quetta Geo Analytics", "Ravi Analytics"}},
		{"data", []string{"Sindh Data House"}},
		{"ai", []string{"Margalla AI"}},
		{"erp systems", []string{"Blue Area Systems"}}, // ERP in its summary, Systems in its name
		{"mobile apps lahore", []string{"Shalimar Mobile"}},
	}
	for _, tt := range tests {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/companies/?q="+url.QueryEscape(tt.q)),
			chromedp.WaitVisible(chromedp.CSS(`.facet-form`))); err != nil {
			t.Fatal(err)
		}
		// The first page of results (the oracle checks the matches; this, their order).
		all, _ := oracle.query(tt.q, nil)
		noun := "companies match"
		if len(all) == 1 {
			noun = "company matches"
		}
		if err := waitHeading(ctx, fmt.Sprintf("%d %s", len(all), noun)); err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[directoryView](readDirectory))
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Names) < len(tt.top) {
			t.Errorf("%q: %q, want %q first", tt.q, v.Names, tt.top)
			continue
		}
		got := slices.Clone(v.Names[:len(tt.top)])
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tt.top))
		if !slices.Equal(got, want) {
			t.Errorf("%q ranks %q first, want %q", tt.q, v.Names[:min(len(v.Names), len(tt.top)+2)], tt.top)
		}
	}
}

// TestHeaderSearch: every page but the directory's has a search box in its header that
// takes the query to the directory of the page's language, which answers it; without
// JavaScript the box is hidden (the menu's link to the directory stays).
func TestHeaderSearch(t *testing.T) {
	ctx := browsertest.Start(t)
	srv := servedSample(t)
	oracle := newDirectoryOracle(t, "../..")
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	// On a phone the box is in the menu, one tap away.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+"/parks/"),
		chromedp.Click(chromedp.CSS(`.menu > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#site-q`)), chromedp.SendKeys(chromedp.CSS(`#site-q`), "cloud\r"),
		chromedp.WaitVisible(chromedp.CSS(`#directory-q`))); err != nil {
		t.Fatal(err)
	}
	checkView(t, ctx, oracle, "cloud", nil)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if want := srv.URL + "/companies/?q=cloud"; loc != want {
		t.Errorf("the header search led to %s, want %s", loc, want)
	}
	boxes, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#site-q, .header-search-link').length`))
	if boxes != 0 {
		t.Errorf("the directory has the header's search box too (%d): it has its own", boxes)
	}
	// On a phone the box fits the header's width.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/ar/news/"), chromedp.Click(chromedp.CSS(`.menu > summary`))); err != nil {
		t.Fatal(err)
	}
	form, _ := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector('.header-search').getBoundingClientRect(); return [r.left, r.right, innerWidth]; })()`))
	if len(form) != 3 || form[0] < 0 || form[1] > form[2] {
		t.Errorf("the header search box spans [left, right, screen width] %v on a phone", form)
	}
	action, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.header-search').action`))
	if action != srv.URL+"/ar/companies/" {
		t.Errorf("the Arabic header searches %s, want the Arabic directory", action)
	}
	if linkShown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('.header-search-link').getClientRects().length > 0`)); linkShown {
		t.Error("with JavaScript the header shows the link that stands in for the search box")
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/about/"), chromedp.Click(chromedp.CSS(`.menu > summary`))); err != nil {
		t.Fatal(err)
	}
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('.header-search').getClientRects().length > 0 || !document.querySelector('.main-nav a[href="/companies/"]')`))
	if shown {
		t.Error("without JavaScript the header search is shown, or the menu has no link to the directory")
	}
	// In its place, a link to the directory.
	link, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.querySelector('.header-search-link');
		return a && a.getClientRects().length > 0 ? a.getAttribute('href') + ' ' + a.textContent : ''; })()`))
	if link != "/companies/ Search companies" {
		t.Errorf("without JavaScript the header shows %q, want a link to the directory in the search box's place", link)
	}
}
