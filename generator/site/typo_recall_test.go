package site

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/chromedp"

	"github.com/pseb/sitegen/generator/benchcorpus"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/internal/browsertest"
)

// typoQuery is a misspelled query and what it must find on the first page of results:
// the company named Company, or (City, Service) a first result in that city or offering
// that service.
type typoQuery struct {
	Q, Kind, Correct       string // Kind: how it was misspelled
	Company, City, Service string
}

// misspell makes the typist's mistakes of a word, at fixed places inside it (not the
// first letter, which the near misses keep, nor the end, which a prefix would forgive): a
// letter dropped (words of 5 letters or more, whose rest is still 4), two neighbours
// swapped (4 or more), and both (8 or more: two edits).
func misspell(w string) [][2]string {
	r := []rune(strings.ToLower(w))
	n := len(r)
	var out [][2]string
	if n >= 5 {
		at := n / 2
		out = append(out, [2]string{"dropped", string(slices.Concat(r[:at], r[at+1:]))})
	}
	if n >= 4 {
		at := (n - 1) / 2
		s := slices.Clone(r)
		s[at], s[at+1] = s[at+1], s[at]
		if string(s) != string(r) {
			out = append(out, [2]string{"swapped", string(s)})
		}
	}
	// Two edits are forgiven from 8 letters (of the word typed): a letter dropped and two
	// swapped in a word of 9 or more, two pairs swapped in one of 8.
	if n >= 8 {
		s := slices.Clone(r)
		if n >= 9 {
			s = slices.Concat(r[:2], r[3:]) // the third letter dropped
		} else {
			s[1], s[2] = s[2], s[1]
		}
		at := len(s) - 3
		s[at], s[at+1] = s[at+1], s[at]
		if string(s) != string(r) {
			out = append(out, [2]string{"two edits", string(s)})
		}
	}
	return out
}

func letters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// typoQueries builds the table from a site's content: for each company, the longest word of
// its name that no other name has (of 4 letters or more), misspelled; for each city and
// service, its longest word, misspelled. limit caps the companies taken (0: all).
func typoQueries(site *content.Site, limit int) []typoQuery {
	uses := map[string]int{}
	for _, c := range site.Companies {
		for _, w := range strings.Fields(strings.ToLower(c.Name)) {
			uses[w]++
		}
	}
	var out []typoQuery
	taken := 0
	for _, c := range site.Companies {
		if limit > 0 && taken == limit {
			break
		}
		best := ""
		for _, w := range strings.Fields(strings.ToLower(c.Name)) {
			if uses[w] == 1 && letters(w) && len([]rune(w)) >= 4 && len(w) > len(best) {
				best = w
			}
		}
		if best == "" {
			continue
		}
		taken++
		for _, m := range misspell(best) {
			out = append(out, typoQuery{Q: m[1], Kind: m[0], Correct: best, Company: c.Name})
		}
	}
	// A city's or service's longest word that no other label has: "development" would be
	// "Web Development" or "Game Development".
	labelUses := map[string]int{}
	for _, city := range site.Data.Cities {
		for _, w := range strings.Fields(strings.ToLower(city.Name)) {
			labelUses[w]++
		}
	}
	for _, s := range site.Data.Services {
		for _, w := range strings.Fields(strings.ToLower(s.Label)) {
			labelUses[w]++
		}
	}
	longest := func(s string) string {
		best := ""
		for _, w := range strings.Fields(strings.ToLower(s)) {
			if letters(w) && labelUses[w] == 1 && len(w) > len(best) {
				best = w
			}
		}
		return best
	}
	for _, city := range site.Data.Cities {
		for _, m := range misspell(longest(city.Name)) {
			out = append(out, typoQuery{Q: m[1], Kind: m[0], Correct: city.Name, City: city.Name})
		}
	}
	for _, s := range site.Data.Services {
		for _, m := range misspell(longest(s.Label)) {
			out = append(out, typoQuery{Q: m[1], Kind: m[0], Correct: s.Label, Service: s.Label})
		}
	}
	return out
}

// firstPage is a result card as the directory shows it.
type firstPage [][3]string // name, meta (city · employees), services joined by |

// runQueries answers each query in the open directory page (as its address would, through
// the script's popstate path) and returns the first page of results of each.
func runQueries(ctx context.Context, qs []typoQuery) ([]firstPage, error) {
	texts, err := json.Marshal(queryTexts(qs))
	if err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]firstPage](`(async (queries) => {
		const results = document.querySelector('.results'), list = results.querySelector('.cards');
		const out = [];
		for (const q of queries) {
			history.replaceState(null, '', '?q=' + encodeURIComponent(q));
			dispatchEvent(new PopStateEvent('popstate'));
			await new Promise(res => {
				const tick = () => !results.hasAttribute('aria-busy') && !list.hasAttribute('aria-busy') ? res() : setTimeout(tick, 5);
				tick();
			});
			out.push([...list.children].map(li => [li.querySelector('h3 a').textContent, li.querySelector('.meta').textContent,
				[...li.querySelectorAll('.tags li')].map(x => x.textContent).join('|')]));
		}
		return out;
	})(`+string(texts)+`)`, chromedp.EvalAwaitPromise))
}

// queryTexts are the queries of a table, as typed.
func queryTexts(qs []typoQuery) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Q)
	}
	return out
}

// found says whether a first page has the query's target.
func (q typoQuery) found(page firstPage) bool {
	switch {
	case q.Company != "":
		return slices.ContainsFunc(page, func(c [3]string) bool { return c[0] == q.Company })
	case len(page) == 0:
		return false
	case q.City != "":
		return strings.HasPrefix(page[0][1], q.City)
	default:
		return slices.Contains(strings.Split(page[0][2], "|"), q.Service)
	}
}

// typoTables are the tables of the sample and of the bench corpus of opts.
func typoTables(tb testing.TB, opts benchcorpus.Options) [2][]typoQuery {
	tb.Helper()
	sample, err := content.Load(context.Background(), os.DirFS("../.."), content.Options{Now: time.Now()})
	if err != nil {
		tb.Fatal(err)
	}
	src := filepath.Join(tb.TempDir(), "site")
	if err := benchcorpus.Write(src, opts); err != nil {
		tb.Fatal(err)
	}
	bench, err := content.Load(context.Background(), os.DirFS(src), content.Options{Now: time.Now()})
	if err != nil {
		tb.Fatal(err)
	}
	return [2][]typoQuery{typoQueries(sample, 0), typoQueries(bench, 40)}
}

// typoSites are the sites the table is made from: the sample, and 1,000 companies of the
// bench corpus (of the real shape: made-up words in the names and text), served.
func typoSites(t *testing.T) []struct {
	name string
	srv  *httptest.Server
	qs   []typoQuery
} {
	opts := benchcorpus.Options{Companies: 1000, Vocab: benchcorpus.Real(1000).Vocab}
	tables := typoTables(t, opts)
	return []struct {
		name string
		srv  *httptest.Server
		qs   []typoQuery
	}{
		{"sample", servedSample(t), tables[0]},
		{"bench corpus, 1,000 companies", servedCorpus(t, opts), tables[1]},
	}
}

// TestTypoRecall: misspelled company, city and service names (a letter dropped, two
// swapped, both in long words) find their target on the first page of results: at least
// 90% of the table, over the sample and the bench corpus.
func TestTypoRecall(t *testing.T) {
	if raceEnabled {
		t.Skip("building the bench corpus under the race detector is too slow; this runs in the plain go test")
	}
	ctx := browsertest.Start(t)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	total, hits := 0, 0
	for _, s := range typoSites(t) {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.srv.URL+"/companies/?q=start"),
			chromedp.WaitVisible(chromedp.CSS(`.facet-form`))); err != nil {
			t.Fatal(err)
		}
		pages, err := runQueries(ctx, s.qs)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for i, q := range s.qs {
			ok := q.found(pages[i])
			if ok {
				n++
			}
			if !ok || testing.Verbose() {
				var names []string
				for _, c := range pages[i] {
					names = append(names, c[0])
				}
				t.Logf("%s: %-20q (%s %s): found %v; first page %q", s.name, q.Q, q.Kind, q.Correct, ok, names[:min(3, len(names))])
			}
		}
		t.Logf("%s: %d of %d misspelled queries find their target on the first page", s.name, n, len(s.qs))
		total, hits = total+len(s.qs), hits+n
	}
	t.Logf("in all: %d of %d (%.1f%%)", hits, total, 100*float64(hits)/float64(total))
	if total < 100 {
		t.Errorf("the table has %d queries, want at least 100", total)
	}
	if hits*10 < total*9 {
		t.Errorf("%d of %d misspelled queries find their target, under 90%%", hits, total)
	}
}
