package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/benchcorpus"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/pseb/sitegen/generator/internal/browsertest"
)

// gzipped serves text responses gzip-compressed at the best level, as a CDN does, so that
// Chromium's transfer sizes are what a visitor would download.
func gzipped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		body := rec.Body.Bytes()
		ct := rec.Header().Get("Content-Type")
		if rec.Code == http.StatusOK && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") &&
			(strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "javascript") || strings.Contains(ct, "svg")) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			body = buf.Bytes()
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Del("Content-Length")
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// servedBenchCorpus builds the benchmarks' corpus of n companies (benchcorpus) and serves
// it, gzip-compressed, on 127.0.0.1.
func servedBenchCorpus(tb testing.TB, n int) *httptest.Server {
	return servedCorpus(tb, benchcorpus.Options{Companies: n})
}

// servedCorpus builds a bench corpus and serves it, gzip-compressed, on 127.0.0.1.
func servedCorpus(tb testing.TB, opts benchcorpus.Options) *httptest.Server {
	tb.Helper()
	srv, _ := servedCorpusDir(tb, opts)
	return srv
}

// servedCorpusDir is servedCorpus, and the folder it serves.
func servedCorpusDir(tb testing.TB, opts benchcorpus.Options) (*httptest.Server, string) {
	tb.Helper()
	src := filepath.Join(tb.TempDir(), "site")
	if err := benchcorpus.Write(src, opts); err != nil {
		tb.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(src, "themes"), os.DirFS("../../themes")); err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(tb.TempDir(), "public")
	srv := httptest.NewServer(gzipped(http.FileServer(http.Dir(dir))))
	tb.Cleanup(srv.Close)
	if _, err := Build(context.Background(), Options{Source: src, Dest: dir, BaseURL: srv.URL + "/"}); err != nil {
		tb.Fatal(err)
	}
	return srv, dir
}

// transfers adds up the bytes Chromium received per URL (headers and compressed body).
type transfers struct {
	mu    sync.Mutex
	urls  map[network.RequestID]string
	bytes map[string]float64
}

func (tr *transfers) listen(ev any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		tr.urls[e.RequestID] = e.Request.URL
	case *network.EventLoadingFinished:
		tr.bytes[tr.urls[e.RequestID]] += e.EncodedDataLength
	}
}

func (tr *transfers) reset() {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.urls, tr.bytes = map[network.RequestID]string{}, map[string]float64{}
}

// split returns the bytes of the search index files and of everything else.
func (tr *transfers) split() (index, page float64, files int) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for u, b := range tr.bytes {
		if strings.Contains(u, "/search/") {
			index += b
			files++
		} else {
			page += b
		}
	}
	return index, page, files
}

// typeQuery types q into the directory's search box one character at a time, as input
// events, at the pace of a fast typist (a key every 100 ms once the page has drawn the
// previous answer), and returns for each keystroke the milliseconds until the results
// were answered (the script's aria-busy on them cleared; fetching any shard the new prefix
// needs and rendering included), measured inside the page.
func typeQuery(ctx context.Context, q string) ([]float64, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(async (q) => {
		const input = document.querySelector('#directory-q'), results = document.querySelector('.results');
		const times = [];
		for (const ch of q) {
			const changed = new Promise(res => {
				const mo = new MutationObserver(() => {
					if (!results.hasAttribute('aria-busy')) { mo.disconnect(); res(); }
				});
				mo.observe(results, {attributes: true, attributeFilter: ['aria-busy']});
			});
			const t0 = performance.now();
			input.value += ch;
			input.dispatchEvent(new Event('input', {bubbles: true}));
			await changed;
			times.push(performance.now() - t0);
			await new Promise(res => requestAnimationFrame(() => requestAnimationFrame(res)));
			await new Promise(res => setTimeout(res, 100));
		}
		return times;
	})(%q)`, q), chromedp.EvalAwaitPromise))
}

// firstSearch loads the directory, types q and waits until every shown result has its
// snippet; it returns the keystroke times.
func firstSearch(ctx context.Context, directory, q string) ([]float64, error) {
	// The index loads when the visitor reaches for the search: click it first.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(directory),
		chromedp.Click(chromedp.CSS(`#directory-q`)), chromedp.WaitVisible(chromedp.CSS(`.facet-form`))); err != nil {
		return nil, err
	}
	times, err := typeQuery(ctx, q)
	if err != nil {
		return nil, err
	}
	// Snippets load for the cards in view (and 200px beyond).
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const list = document.querySelector('.results .cards');
		return !list.hasAttribute('aria-busy') && list.children.length > 0 && [...list.querySelectorAll('.summary')]
			.filter(p => p.getBoundingClientRect().top < innerHeight + 200).every(p => p.textContent !== '');
	})()`, chromedp.WithPollingTimeout(20*time.Second)))
	time.Sleep(300 * time.Millisecond) // the last loadingFinished events
	return times, err
}

// firstSearchQuery is what the budget is measured with: two words, so two term lookups
// (and the prefixes typed on the way), and a page of results whose cards and snippets
// come from many chunks.
const firstSearchQuery = "secure cloud"

// firstSearchBudget is the most a first search may transfer, in all, gzipped (issue 17's
// bar at 20,000 companies; the test measures 10,000).
const firstSearchBudget = 60_000

// byKind adds up the bytes of the index's files by kind (terms, prefix, node, cards,
// texts, set, vocab, slugs, the manifest) and of the rest (page).
func (tr *transfers) byKind() map[string]float64 {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	out := map[string]float64{}
	for u, b := range tr.bytes {
		_, name, ok := strings.Cut(u, "/search/")
		kind := "page"
		if ok {
			kind = strings.TrimRight(strings.SplitN(name, ".", 2)[0], "0123456789")
		}
		out[kind] += b
	}
	return out
}

func kinds(m map[string]float64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %.1f", k, m[k]/1000))
	}
	return strings.Join(parts, ", ")
}

// TestSearchTransferBudget: at 10,000 companies (the bench corpus), loading the directory
// and running a first search must transfer at most 60 KB, gzipped, in all: page,
// stylesheet, scripts, manifest, tree nodes, term shards and summaries, cards and texts.
// Reaching for a filter then loads its counts.
func TestSearchTransferBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("building 10,000 companies under the race detector is too slow; this runs in the plain go test")
	}
	ctx := browsertest.Start(t)
	srv := servedBenchCorpus(t, 10000)
	tr := &transfers{}
	tr.reset()
	if err := chromedp.Listen(ctx, tr.listen); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	times, err := firstSearch(ctx, srv.URL+"/companies/", firstSearchQuery)
	if err != nil {
		t.Fatal(err)
	}
	index, page, files := tr.split()
	t.Logf("first search %q at 10,000 companies: %.1f KB in all (page, CSS, JS %.1f KB; %d index files %.1f KB: %s); keystrokes %v ms",
		firstSearchQuery, (index+page)/1000, page/1000, files, index/1000, kinds(tr.byKind()), roundAll(times))
	if testing.Verbose() {
		tr.mu.Lock()
		for u, b := range tr.bytes {
			t.Logf("%8.1f KB %s", b/1000, strings.TrimPrefix(u, srv.URL))
		}
		tr.mu.Unlock()
	}
	if total := index + page; total > firstSearchBudget {
		t.Errorf("the first search transferred %.1f KB, over the %d KB budget", total/1000, firstSearchBudget/1000)
	}
	if index == 0 || page == 0 {
		t.Errorf("transfers not recorded: index %.0f, page %.0f", index, page)
	}

	// The counts of a facet load when the visitor reaches for it: none are shown during
	// the search until then, and every match has one city, so the cities' counts then add
	// up to the matches.
	blank, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('[data-facet="city"] .count')].every(c => c.textContent === '')`))
	if err != nil {
		t.Fatal(err)
	}
	if !blank {
		t.Errorf("the cities' counts were shown before their sets were fetched")
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`[data-facet="city"] input`))); err != nil {
		t.Fatal(err)
	}
	sums, err := chromedp.Run(ctx, chromedp.Poll[[]int](`(() => {
			const counts = [...document.querySelectorAll('[data-facet="city"] li:not([hidden]) .count')];
			if (!counts.length || counts.some(c => c.textContent === '')) return null;
			const n = s => +s.replace(/\D/g, '');
			return [counts.reduce((a, c) => a + n(c.textContent), 0), n(document.querySelector('.result-count').textContent)];
		})()`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("the cities' counts did not load on focus: %v", err)
	}
	if len(sums) != 2 || sums[0] != sums[1] || sums[1] == 0 {
		t.Errorf("the cities' counts add up to %v, want the number of matches", sums)
	}
}

func roundAll(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(int(x*10+.5)) / 10
	}
	return out
}

// firstSearchSites are the sites and queries the first-search benchmarks measure, the
// directory's and Pagefind's alike.
var firstSearchSites = []struct {
	name string
	lang benchLang
	q    string
	opts benchcorpus.Options
}{
	{"1000", "en", firstSearchQuery, benchcorpus.Options{Companies: 1000, Vocab: 20000}},
	{"10000", "en", firstSearchQuery, benchcorpus.Options{Companies: 10000, Vocab: 20000}},
	{"20000", "en", firstSearchQuery, benchcorpus.Options{Companies: 20000, Vocab: 20000}},
	{"20000-real", "en", firstSearchQuery, benchcorpus.Real(20000)},
	{"20000-zh", "zh", "安全 云计算", benchcorpus.Real(20000)},
	{"20000-ar", "ar", "آمن سحابة", benchcorpus.Real(20000)},
}

// benchLang is a language of a bench corpus; its pages are below Prefix.
type benchLang string

func (l benchLang) Prefix() string {
	if l == "en" {
		return ""
	}
	return "/" + string(l)
}

// benchSites serves the bench corpora of a benchmark's runs: a multilingual one (the real
// corpus) is built once for all its languages, and kept until the benchmark ends.
type benchSites struct {
	parent        *testing.B
	multi         *httptest.Server
	multiDir      string
	multiLanguage []string
}

func (s *benchSites) serve(b *testing.B, opts benchcorpus.Options) (*httptest.Server, string) {
	if len(opts.Languages) == 0 {
		return servedCorpusDir(b, opts)
	}
	if s.multi == nil {
		s.multi, s.multiDir = servedCorpusDir(s.parent, opts)
		s.multiLanguage = opts.Languages
	} else if !slices.Equal(s.multiLanguage, opts.Languages) {
		b.Fatalf("one multilingual corpus a benchmark: %v, then %v", s.multiLanguage, opts.Languages)
	}
	return s.multi, s.multiDir
}

// BenchmarkFirstSearch measures, in Chromium, a first search of the directory at 1,000,
// 10,000 and 20,000 companies of the real shape (benchcorpus.Real's 20,000 extra words,
// English only), and of the English, Chinese and Arabic directories of the real corpus at
// 20,000 (three languages, a quarter of the profiles translated): what it transfers in all
// (KB/first-search, gzipped, headers included), and how long each keystroke takes to
// update the results (median and slowest of the query's keystrokes, fetches included).
//
//	go test ./generator/site -run '^$' -bench '^BenchmarkFirstSearch$' -benchtime 3x
func BenchmarkFirstSearch(b *testing.B) {
	sites := &benchSites{parent: b}
	for _, tc := range firstSearchSites {
		b.Run(tc.name, func(b *testing.B) {
			ctx := browsertest.Start(b)
			srv, _ := sites.serve(b, tc.opts)
			tr := &transfers{}
			tr.reset()
			if err := chromedp.Listen(ctx, tr.listen); err != nil {
				b.Fatal(err)
			}
			var all, slowest, kb []float64
			for b.Loop() {
				tr.reset()
				// A fresh browser cache each time: this is a first search.
				if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
					b.Fatal(err)
				}
				times, err := firstSearch(ctx, srv.URL+tc.lang.Prefix()+"/companies/", tc.q)
				if err != nil {
					b.Fatal(err)
				}
				index, page, files := tr.split()
				b.Logf("%s, %q: %.1f KB (page %.1f; %d index files %.1f: %s); keystrokes %v ms",
					tc.name, tc.q, (index+page)/1000, page/1000, files, index/1000, kinds(tr.byKind()), roundAll(times))
				if testing.Verbose() {
					tr.mu.Lock()
					for u, size := range tr.bytes {
						b.Logf("%8.1f KB %s", size/1000, strings.TrimPrefix(u, srv.URL))
					}
					tr.mu.Unlock()
				}
				all = append(all, times...)
				slowest = append(slowest, slices.Max(times))
				kb = append(kb, (index+page)/1000)
			}
			slices.Sort(all)
			slices.Sort(slowest)
			slices.Sort(kb)
			b.ReportMetric(all[len(all)/2], "ms/keystroke")
			b.ReportMetric(slowest[len(slowest)/2], "ms-slowest/op")
			b.ReportMetric(kb[len(kb)/2], "KB/first-search")
		})
	}
}

// TestScriptBudget: all the theme's script, as published (minified), is at most 12 KB
// gzipped, and minification really happened.
func TestScriptBudget(t *testing.T) {
	t.Parallel() // builds (or serves) the sample: its first build encodes the photos while others run
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: "../..", Dest: dest, CacheDir: testCacheDir}); err != nil {
		t.Fatal(err)
	}
	scripts, err := filepath.Glob(filepath.Join(dest, "js", "*.js"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts published (%v)", err)
	}
	total := 0
	for _, p := range scripts {
		data, _ := os.ReadFile(p)
		src, _ := os.ReadFile(filepath.Join("../../themes/default/static/js", filepath.Base(p)))
		if len(data) >= len(src)*3/4 {
			t.Errorf("%s: %d bytes published from %d: not minified", filepath.Base(p), len(data), len(src))
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		t.Logf("%s: %d bytes, %d gzipped", filepath.Base(p), len(data), buf.Len())
		total += buf.Len()
	}
	if total > 12*1024 {
		t.Errorf("scripts total %d bytes gzipped, over the 12 KB budget", total)
	}
}
