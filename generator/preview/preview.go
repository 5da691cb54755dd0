// Package preview owns the edit-preview loop behind `sitegen serve`: it builds the site into
// a temporary folder (never the site's public/), serves it with the dev server on a loopback
// address, watches the sources, and rebuilds on every change set, so that an open page
// reloads or shows the build's errors. A broken edit never stops the server: the last good
// build stays served until the next good one.
package preview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pseb/sitegen/generator/devserver"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/site"
	"github.com/pseb/sitegen/generator/sitefs"
	"github.com/pseb/sitegen/generator/watch"
)

// Options configure a preview.
type Options struct {
	Source string // site root
	Bind   string // address to listen on, default 127.0.0.1
	Port   int    // 0 picks a free port
	Drafts bool
	Log    io.Writer // progress and errors, for the terminal
	// Ready, when set, receives the URL once the first build is served.
	Ready func(url string)
}

// listenNetwork is the network to listen on for a --bind address: "tcp" on 0.0.0.0 would
// listen on every IPv6 address too ([::]), so an IPv4 address means IPv4 only.
func listenNetwork(bind string) string {
	ip := net.ParseIP(bind)
	switch {
	case ip == nil:
		return "tcp" // localhost: both loopbacks
	case ip.To4() != nil:
		return "tcp4"
	}
	return "tcp6"
}

// Run builds, serves and rebuilds until ctx is done.
func Run(ctx context.Context, opts Options) error {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	ln, err := net.Listen(listenNetwork(opts.Bind), net.JoinHostPort(opts.Bind, fmt.Sprint(opts.Port)))
	if err != nil {
		return err
	}
	defer ln.Close()
	url := "http://" + ln.Addr().String() + "/"
	work, err := os.MkdirTemp("", workPrefix)
	if err != nil {
		return err
	}
	if err := claim(work); err != nil {
		os.RemoveAll(work)
		return err
	}
	// What sessions stopped before they deleted their files left goes meanwhile (and is
	// waited for when this one ends).
	leftovers := make(chan struct{})
	go func() {
		defer close(leftovers)
		removeLeftovers(os.TempDir(), work, opts.Log, processAlive)
	}()
	defer func() { <-leftovers }()
	defer os.RemoveAll(work)

	srv := devserver.New()
	defer srv.Close()
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go httpSrv.Serve(ln)
	defer httpSrv.Close()

	// The site's files stay open while serve runs: company bodies are read from them when
	// their pages are rendered, long after the build that read the rest.
	fsys, closeSource, err := site.OpenSource(opts.Source)
	if err != nil {
		return err
	}
	defer closeSource()
	b := &builder{opts: opts, fsys: fsys, dest: filepath.Join(work, "site"), url: url, srv: srv}
	srv.SetReady(b.ready)
	first := b.buildAll(ctx, nil) // its pages are settled once serving, below

	// A site without its own themes/ folder uses the built-in theme, which does not change
	// while serve runs.
	roots := []string{filepath.Join(opts.Source, "content")}
	for _, extra := range []string{"themes", "layouts", "static"} {
		if fi, err := os.Stat(filepath.Join(opts.Source, extra)); err == nil && fi.IsDir() {
			roots = append(roots, filepath.Join(opts.Source, extra))
		}
	}
	w, err := watch.New(roots, watch.WithIgnore(sitefs.IsJunk))
	if err != nil {
		return fmt.Errorf("watch %s: %w", opts.Source, err)
	}
	defer w.Close()
	fmt.Fprintf(opts.Log, "Serving %s\n", url)
	if opts.Ready != nil {
		opts.Ready(url)
	}
	// One build at a time runs in its own goroutine, so saves are taken while it runs:
	// they are merged into the next build, and a whole-site build still running when one
	// arrives is cancelled (its result would be out of date) and started again.
	var (
		running  bool
		cancel   context.CancelFunc
		done     = make(chan struct{})
		next     []string
		nextAll  bool // the next build is a whole-site one
		haveNext bool
	)
	run := func(job func(context.Context)) {
		bctx, c := context.WithCancel(ctx)
		running, cancel = true, c
		b.queued.Store(false)
		go func() {
			defer c()
			job(bctx)
			done <- struct{}{}
		}()
	}
	// The work of an edit carries the profile label serve=edit (serve --cpuprofile; the
	// goroutines it starts inherit it): go tool pprof -tagfocus serve=edit shows the
	// edits apart from the first build.
	start := func(changed []string) {
		run(func(ctx context.Context) {
			pprof.Do(ctx, pprof.Labels("serve", "edit"), func(ctx context.Context) { b.build(ctx, changed) })
		})
	}
	// queue takes a change set; nil means everything.
	queue := func(changed []string) {
		haveNext = true
		nextAll = nextAll || changed == nil
		next = append(next, changed...)
		if running && b.full.Load() {
			cancel()
			nextAll = true
		}
		// The pages an edit left and the search index are written after the next change's
		// pages: a Settle running now is cancelled, one about to start is skipped.
		b.queued.Store(true)
		if running && b.settling.Load() {
			cancel()
		}
		if !running {
			start(takeNext(&next, &nextAll, &haveNext))
		}
	}
	if first != nil {
		// The first build's pages are written in the background, as a patch's are: a
		// save cancels it and its plan takes what is left.
		run(func(ctx context.Context) {
			defer limitMemory()()
			pprof.Do(ctx, pprof.Labels("serve", "first"), func(ctx context.Context) { b.settle(ctx, first) })
		})
	}
	for {
		select {
		case <-ctx.Done():
			if running {
				cancel()
				<-done
			}
			// Deleting the preview's files takes seconds on a large site (~16 s at PSEB's
			// size): say so, rather than seem to hang.
			fmt.Fprintf(opts.Log, "Stopping: deleting the preview's files (%s)\n", work)
			return nil
		case changed, ok := <-w.Changes():
			if !ok {
				if running {
					<-done
				}
				return nil
			}
			queue(changed)
		case err := <-w.Errors():
			fmt.Fprintf(opts.Log, "watch: %v; rebuilding everything\n", err)
			queue(nil)
		case <-done:
			running = false
			if haveNext {
				start(takeNext(&next, &nextAll, &haveNext))
			}
		}
	}
}

// takeNext returns the queued changes (nil for a whole-site build) and empties the queue.
func takeNext(next *[]string, all, have *bool) []string {
	changed := slices.Compact(slices.Sorted(slices.Values(*next)))
	if *all {
		changed = nil
	}
	*next, *all, *have = nil, false, false
	return changed
}

type builder struct {
	// freeing is set while returnMemory's collection runs.
	freeing atomic.Bool
	opts    Options
	fsys    fs.FS // the site's files, open while serve runs
	dest    string
	url     string
	srv     *devserver.Server
	// mu is held to change plan or to apply an edit to it; requests read it (to write
	// a pending page they ask for, see ready) under a read lock, and do not wait for it.
	mu   sync.RWMutex
	plan *site.Plan // the last good build, nil after a failed one
	// pending are the changes the last good build's plan could not take (the content was
	// broken), taken again with the next ones.
	pending []string
	// full is set while a whole-site build runs: a later save cancels it and starts
	// another, rather than waiting for a result that is already out of date.
	full atomic.Bool
	// settling is set while the pages a patch left pending and the search index are
	// written: a later save cancels it, and the next plan writes them after that save's
	// pages instead.
	settling atomic.Bool
	// queued is set when a change set waits for the running build: a patch then leaves its
	// pending pages to the next one instead of starting to settle them.
	queued atomic.Bool
}

// ready is the dev server's hook before it reads the file name: a page the last edit left
// pending is written now, ahead of the others, so the tree served is up to date as soon as
// Apply returns. While an edit is being applied the files are served as they are: the
// edited pages are written (and deleted ones removed) first, and the browser is told.
func (b *builder) ready(ctx context.Context, name string) {
	if !b.mu.TryRLock() {
		return
	}
	defer b.mu.RUnlock()
	if b.plan == nil {
		return
	}
	if err := b.plan.Ready(ctx, name); err != nil && ctx.Err() == nil {
		fmt.Fprintf(b.opts.Log, "%s: %v\n", name, err)
	}
}

// patch hands the changes to the last good build's plan (site.Plan.Apply), which writes
// what they reach. It reports false when the caller must build in full.
func (b *builder) patch(ctx context.Context, changed []string) bool {
	if b.plan == nil || len(changed) == 0 {
		return false
	}
	var sources []string
	for _, p := range changed {
		rel, err := filepath.Rel(b.opts.Source, p)
		if err != nil || !filepath.IsLocal(rel) {
			return false
		}
		if transient(p) {
			continue
		}
		sources = append(sources, filepath.ToSlash(rel))
	}
	// Changes since the last good build that a broken one could not take come along.
	sources = append(b.pending, sources...)
	if len(sources) == 0 {
		return true // only an editor's temporary files came and went
	}
	start := time.Now()
	fsys := b.fsys
	// Each batch of pages is announced as it is written: the open page reloads first.
	base := "/"
	if u, err := url.Parse(b.url); err == nil {
		base = strings.TrimSuffix(u.Path, "/") + "/"
	}
	announced := false
	var firstShown time.Duration
	shown := func(paths []string) {
		for i, p := range paths {
			paths[i] = base + p
		}
		b.srv.Changed(paths)
		if !announced {
			firstShown = time.Since(start)
		}
		announced = true
	}
	b.mu.Lock()
	plan, res, err := b.plan.Apply(ctx, fsys, b.dest, sources, shown)
	var list *diagnostic.List
	switch {
	case errors.As(err, &list):
		// The content is broken: the last good build stays served, and its plan takes
		// these changes again with the next ones.
		b.pending = sources
		b.mu.Unlock()
		lines := errorLines(err)
		fmt.Fprintln(b.opts.Log, strings.Join(lines, "\n"))
		b.srv.ShowErrors(lines)
		return true
	case err != nil && ctx.Err() != nil:
		// serve is stopping: nothing to report, and nothing to build again.
		b.plan = nil // the output may be half written
		b.mu.Unlock()
		return true
	case err != nil:
		b.plan = nil // the output may be half written
		b.mu.Unlock()
		fmt.Fprintf(b.opts.Log, "%v; rebuilding everything\n", err)
		return false
	case res.Full:
		b.mu.Unlock()
		return false
	}
	b.plan, b.pending = plan, nil
	b.mu.Unlock()
	if !announced {
		// Static files only: stylesheets swap in place, anything else reloads.
		if err := b.srv.SetRoot(b.dest, res.CSSOnly); err != nil {
			return false
		}
	}
	took := time.Since(start)
	fmt.Fprintf(b.opts.Log, "Rebuilt %d file(s), removed %d, in %s", res.Written, res.Removed, took.Round(time.Microsecond))
	if announced && took-firstShown > 50*time.Millisecond {
		// The page in front of the editor was shown before the rest was done.
		fmt.Fprintf(b.opts.Log, " (first shown after %s)", firstShown.Round(time.Microsecond))
	}
	fmt.Fprintf(b.opts.Log, "; %d left for later\n", plan.Pending())
	// The edited pages are shown and any other is written when it is asked for; the rest,
	// and the search index that only the directory's script reads, are written now.
	b.settle(ctx, plan)
	return true
}

// testHookBeforeSettle lets a test hold the background writer back, so that every page
// it asks for must be written on demand.
var testHookBeforeSettle = func() {}

// transient reports an editor's temporary file that came and went during a save: vim's
// writability probe ("4913", "5036"), an atomic save's "acme.md.tmp1234", JetBrains'
// "acme.md___jb_tmp___" and "___jb_old___", Kate's ".kate-swp". A save by rename then
// patches the saved file alone instead of rebuilding the site. Only names of those shapes
// that no longer exist count: anything else gone is a deletion (a folder's too).
func transient(p string) bool {
	if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	name := filepath.Base(p)
	ext := strings.ToLower(filepath.Ext(name))
	digits := name != "" && strings.Trim(name, "0123456789") == ""
	return digits || strings.Contains(name, "___jb_") || strings.HasPrefix(ext, ".tmp") || ext == ".kate-swp" || ext == ".crswap"
}

// build rebuilds the site after the changed paths (nil: everything) and tells the pages.
func (b *builder) build(ctx context.Context, changed []string) {
	if b.patch(ctx, changed) {
		return
	}
	if plan := b.buildAll(ctx, changed); plan != nil {
		b.settle(ctx, plan)
	}
}

// buildAll builds the whole site with its pages left pending and serves it; it returns
// the plan, or nil when the build failed or was superseded.
func (b *builder) buildAll(ctx context.Context, changed []string) *site.Plan {
	start := time.Now()
	b.mu.Lock()
	b.plan, b.pending = nil, nil
	b.mu.Unlock()
	b.full.Store(true)
	defer b.full.Store(false)
	// The build cache keeps encoded photos, so a rebuild does not encode them again. Pages
	// are written when asked for, and in the background once the site is served.
	sum, err := site.Build(ctx, site.Options{Source: b.opts.Source, FS: b.fsys, Dest: b.dest, Drafts: b.opts.Drafts, BaseURL: b.url,
		CacheDir: output.DefaultCacheDir(), PagesLater: true, LazyBodies: true})
	if ctx.Err() != nil {
		return nil // superseded by a later save (or serve is stopping): the last good build stays
	}
	if err != nil {
		lines := errorLines(err)
		fmt.Fprintln(b.opts.Log, strings.Join(lines, "\n"))
		b.srv.ShowErrors(lines)
		return nil
	}
	cssOnly := len(changed) > 0
	for _, p := range changed {
		cssOnly = cssOnly && strings.HasSuffix(p, ".css")
	}
	// The plan first: a page asked for as soon as the new folder is served is written.
	b.mu.Lock()
	b.plan = sum.Plan
	b.mu.Unlock()
	if err := b.srv.SetRoot(b.dest, cssOnly); err != nil {
		fmt.Fprintf(b.opts.Log, "serve: %v\n", err)
		b.mu.Lock()
		b.plan = nil
		b.mu.Unlock()
		return nil
	}
	fmt.Fprintf(b.opts.Log, "Built %d files in %s; %d pages written when asked for or in the background\n", sum.Files, time.Since(start).Round(time.Millisecond), sum.Plan.Pending())
	b.full.Store(false) // a save from now on is an edit of this plan
	return sum.Plan
}

// settle writes the pages plan left pending, and the search index, unless a change set is
// waiting: the next plan takes them then. A later save cancels it.
func (b *builder) settle(ctx context.Context, plan *site.Plan) {
	start := time.Now()
	b.settling.Store(true)
	if b.queued.Load() {
		b.settling.Store(false)
		return
	}
	testHookBeforeSettle()
	k, err := plan.Settle(ctx, b.dest)
	b.settling.Store(false)
	if ctx.Err() != nil {
		return // superseded: the plan still knows what is left to write
	}
	if err != nil {
		lines := errorLines(err)
		fmt.Fprintln(b.opts.Log, strings.Join(lines, "\n"))
		b.srv.ShowErrors(lines)
		return // the pages that failed stay pending, and are tried again after the next edit
	}
	if k > 0 {
		fmt.Fprintf(b.opts.Log, "Settled %d file(s) in %s\n", k, time.Since(start).Round(time.Microsecond))
	}
	b.returnMemory()
}

// limitMemory sets a soft memory limit while the first build's pages are written in the
// background, and returns what lifts it: the collector then runs before the heap doubles,
// and serve's peak is not the rendering garbage of tens of thousands of pages on top of
// what it keeps. The limit is four times the live heap once the site is loaded (~170 MB
// at PSEB's size, ~330 MB once the pages are written), 640 MiB at least. Measured there
// (peak, first settle): no limit 1,010-1,071 MiB, 57-64 s; 768 MiB: 843 MiB, 58 s; 640 MiB:
// 714 MiB, 71 s; 512 MiB: 662-665 MiB, 60-90 s.
//
// The limit is the process's: a Run that starts while another's first settle runs (tests
// run several) keeps the one set, and the last to end restores the limit there was.
func limitMemory() (lift func()) {
	limiting.mu.Lock()
	defer limiting.mu.Unlock()
	if limiting.n == 0 {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		live := int64(sample[0].Value.Uint64())
		limiting.prev = debug.SetMemoryLimit(max(live*4, 640<<20))
	}
	limiting.n++
	return sync.OnceFunc(func() {
		limiting.mu.Lock()
		defer limiting.mu.Unlock()
		if limiting.n--; limiting.n == 0 {
			debug.SetMemoryLimit(limiting.prev)
		}
	})
}

// limiting counts the first settles under limitMemory's limit, and keeps the limit there
// was before the first of them.
var limiting struct {
	mu   sync.Mutex
	n    int
	prev int64
}

// returnMemory gives the memory the collector freed back to the system once the tree has
// settled and no edit waits, in the background (an edit saved meanwhile is not held up):
// the first build's garbage otherwise stays resident for the session. At PSEB's size serve's
// RSS between edits went from ~900 MiB to ~540 MiB; its peak, during the first build, stays.
func (b *builder) returnMemory() {
	if b.queued.Load() || !b.freeing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer b.freeing.Store(false)
		debug.FreeOSMemory()
	}()
}

func errorLines(err error) []string {
	var list *diagnostic.List
	if errors.As(err, &list) {
		var lines []string
		for _, e := range list.Errors() {
			lines = append(lines, e.Error())
		}
		return append(lines, fmt.Sprintf("build failed: %s; still serving the last good build", diagnostic.Count(len(lines))))
	}
	return []string{err.Error()}
}
