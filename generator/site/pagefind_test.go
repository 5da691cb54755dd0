package site

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/pseb/sitegen/generator/benchcorpus"
	"github.com/pseb/sitegen/generator/internal/browsertest"
)

// The directory's search beside Pagefind (npm package pagefind, installed in .quality),
// the tool a Hugo site would use, over the same built site and measured the same way.

// withPagefind runs Pagefind over the company profiles of the built site in dir (every
// language's) and writes /pagefind-search/, a page with Pagefind's default UI searching
// the index of lang.
func withPagefind(tb testing.TB, dir, lang string) {
	tb.Helper()
	bin := qualityTool(tb, ".bin/pagefind")
	cmd := exec.Command(bin, "--site", dir, "--glob", "{companies,*/companies}/*/index.html", "--silent")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("pagefind: %v\n%s", err, out)
	}
	page := `<!doctype html><html lang="` + lang + `"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Search</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>addEventListener('DOMContentLoaded', () =>
new PagefindUI({element: '#search', showSubResults: false, showImages: false}));</script></body></html>`
	if err := os.MkdirAll(filepath.Join(dir, "pagefind-search"), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pagefind-search", "index.html"), []byte(page), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// pagefindFirstSearch loads the Pagefind page, types q at the pace of typeQuery's typist
// (a key every 130 ms or so) and waits until the results show with their excerpts.
func pagefindFirstSearch(ctx context.Context, pageURL, q string) error {
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(pageURL),
		chromedp.WaitVisible(chromedp.CSS(`.pagefind-ui__search-input`)), chromedp.Click(chromedp.CSS(`.pagefind-ui__search-input`))); err != nil {
		return err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(async (q) => {
		const input = document.querySelector('.pagefind-ui__search-input');
		for (const ch of q) {
			input.value += ch;
			input.dispatchEvent(new Event('input', {bubbles: true}));
			await new Promise(res => setTimeout(res, 130));
		}
		return true;
	})(%q)`, q), chromedp.EvalAwaitPromise)); err != nil {
		return err
	}
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const rs = [...document.querySelectorAll('.pagefind-ui__result')];
		return rs.length > 0 && rs.every(r => (r.querySelector('.pagefind-ui__result-excerpt') || {}).textContent);
	})()`, chromedp.WithPollingTimeout(60*time.Second)))
	time.Sleep(500 * time.Millisecond) // the last loadingFinished events
	return err
}

// BenchmarkPagefindFirstSearch is BenchmarkFirstSearch for Pagefind 1.6.0 over the same
// sites (its index of the company profiles, its default UI on a page of its own): what a
// first search transfers in all, gzipped, headers included. Pagefind shows 5 results with
// their excerpts; the directory 12 cards and the snippets of those in view.
//
//	go test ./generator/site -run '^$' -bench PagefindFirstSearch -benchtime 3x
func BenchmarkPagefindFirstSearch(b *testing.B) {
	sites := &benchSites{parent: b}
	for _, tc := range firstSearchSites {
		b.Run(tc.name, func(b *testing.B) {
			ctx := browsertest.Start(b)
			srv, dir := sites.serve(b, tc.opts)
			withPagefind(b, dir, string(tc.lang))
			// Pagefind searches in a web worker, whose fetches Chromium reports to the
			// worker's target, not the page's: without Worker it runs the same code, and
			// fetches the same files, on the page (its own fallback), where they are counted.
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
				page.AddScriptToEvaluateOnNewDocumentParams{Source: `delete window.Worker;`}); err != nil {
				b.Fatal(err)
			}
			tr := &transfers{}
			tr.reset()
			if err := chromedp.Listen(ctx, tr.listen); err != nil {
				b.Fatal(err)
			}
			var kb []float64
			for b.Loop() {
				tr.reset()
				if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
					b.Fatal(err)
				}
				if err := pagefindFirstSearch(ctx, srv.URL+"/pagefind-search/", tc.q); err != nil {
					b.Fatal(err)
				}
				var total, pf float64
				var files int
				tr.mu.Lock()
				for u, size := range tr.bytes {
					total += size
					if strings.Contains(u, "/pagefind/") {
						pf += size
						files++
					}
					if testing.Verbose() {
						b.Logf("%8.1f KB %s", size/1000, strings.TrimPrefix(u, srv.URL))
					}
				}
				tr.mu.Unlock()
				b.Logf("Pagefind, %s, %q: %.1f KB (%d Pagefind files %.1f KB)", tc.name, tc.q, total/1000, files, pf/1000)
				if files < 5 {
					b.Fatalf("only %d of Pagefind's files were counted: its index was not", files)
				}
				kb = append(kb, total/1000)
			}
			slices.Sort(kb)
			b.ReportMetric(kb[len(kb)/2], "KB/first-search")
		})
	}
}

// BenchmarkPagefindTypoRecall runs TestTypoRecall's table against Pagefind's index of the
// same sites (through its JavaScript API, the first 12 results as the directory's first
// page) and reports the share that finds its target.
//
//	go test ./generator/site -run '^$' -bench PagefindTypoRecall -benchtime 1x
func BenchmarkPagefindTypoRecall(b *testing.B) {
	ctx := browsertest.Start(b)
	total, hits := 0, 0
	for b.Loop() {
		total, hits = 0, 0
		for _, s := range pagefindTypoSites(b) {
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url)); err != nil {
				b.Fatal(err)
			}
			// The same table spelled right first: the harness must find those.
			correct := slices.Clone(s.qs)
			for i := range correct {
				correct[i].Q = strings.ToLower(correct[i].Correct)
			}
			s.qs = append(correct, s.qs...)
			texts, err := json.Marshal(queryTexts(s.qs))
			if err != nil {
				b.Fatal(err)
			}
			pages, err := chromedp.Run(ctx, chromedp.Evaluate[[]firstPage](`(async (queries) => {
				const pf = await import('/pagefind/pagefind.js');
				await pf.init();
				const out = [];
				for (const q of queries) {
					const r = await pf.search(q);
					const data = await Promise.all(r.results.slice(0, 12).map(x => x.data()));
					out.push(data.map(d => [d.meta.title || '', d.content, d.content]));
				}
				return out;
			})(`+string(texts)+`)`, chromedp.EvalAwaitPromise))
			if err != nil {
				b.Fatal(err)
			}
			right := 0
			for i, q := range correct {
				if q.foundIn(pages[i]) {
					right++
				}
			}
			pages, s.qs = pages[len(correct):], s.qs[len(correct):]
			n := 0
			for i, q := range s.qs {
				if q.foundIn(pages[i]) {
					n++
				}
			}
			b.Logf("Pagefind, %s: %d of %d misspelled queries find their target in the first 12 results (spelled right: %d)",
				s.name, n, len(s.qs), right)
			if right*2 < len(correct) {
				b.Fatalf("Pagefind finds only %d of %d targets spelled right: the harness is wrong", right, len(correct))
			}
			total, hits = total+len(s.qs), hits+n
		}
	}
	b.ReportMetric(100*float64(hits)/float64(total), "%found")
}

// foundIn is found for Pagefind's results: the company's page among them, or a first
// result whose text names the city or the service.
func (q typoQuery) foundIn(page firstPage) bool {
	switch {
	case q.Company != "":
		return slices.ContainsFunc(page, func(c [3]string) bool { return strings.HasPrefix(c[0], q.Company) })
	case len(page) == 0:
		return false
	case q.City != "":
		return strings.Contains(page[0][1], q.City)
	default:
		return strings.Contains(page[0][1], q.Service)
	}
}

// pagefindTypoSites builds the typo table's sites (typoSites) with a Pagefind index each.
func pagefindTypoSites(b *testing.B) []struct {
	name, url string
	qs        []typoQuery
} {
	sampleDir := filepath.Join(b.TempDir(), "public")
	sample := httptest.NewServer(gzipped(http.FileServer(http.Dir(sampleDir))))
	b.Cleanup(sample.Close)
	if _, err := Build(context.Background(), Options{Source: "../..", Dest: sampleDir, BaseURL: sample.URL + "/", CacheDir: testCacheDir}); err != nil {
		b.Fatal(err)
	}
	withPagefind(b, sampleDir, "en")
	opts := benchcorpus.Options{Companies: 1000, Vocab: benchcorpus.Real(1000).Vocab}
	bench, benchDir := servedCorpusDir(b, opts)
	withPagefind(b, benchDir, "en")
	tables := typoTables(b, opts)
	return []struct {
		name, url string
		qs        []typoQuery
	}{
		{"sample", sample.URL + "/pagefind-search/", tables[0]},
		{"bench corpus, 1,000 companies", bench.URL + "/pagefind-search/", tables[1]},
	}
}
