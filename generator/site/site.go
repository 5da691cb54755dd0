// Package site owns one build from start to finish: load and validate the content, parse the
// theme, plan the routes, render them on a bounded pool of workers and publish the result
// atomically. It reports every content and template problem of a run together.
package site

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pseb/sitegen/generator/assets"
	"github.com/pseb/sitegen/generator/buildcache"
	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/progress"
	"github.com/pseb/sitegen/generator/render"
	"github.com/pseb/sitegen/generator/sitefs"
	"github.com/pseb/sitegen/generator/theme"
	"github.com/pseb/sitegen/generator/writer"
)

// Options configure a build.
type Options struct {
	Source  string // site root holding content/ and themes/
	Dest    string // output directory; default <Source>/public
	Drafts  bool
	BaseURL string // overrides base_url of site.yaml
	Now     time.Time
	Workers int // default GOMAXPROCS
	// NoMinify writes text files as rendered (for debugging templates).
	NoMinify bool
	// Fingerprint publishes the theme's static files and bundle resources under names made
	// from their content, with integrity hashes (production; the dev server keeps plain
	// names so a stylesheet can be swapped in place).
	Fingerprint bool
	// Precompress writes .gz and .br siblings of text files (also publish.precompress in
	// site.yaml); CacheDir keeps compressed bytes between builds ("" for none).
	Precompress bool
	CacheDir    string
	// Progress, when set (a terminal), gets a line redrawn in place while a build that
	// takes more than a second runs: its stage, files written of the total, the rate.
	Progress io.Writer
	// LazyBodies reads company bodies again from disk when they are rendered instead of
	// keeping them (see content.Options.LazyBodies): 149 MB of serve's live heap at PSEB's
	// size. A plan rendered after Build returns (PagesLater, Apply) needs FS.
	LazyBodies bool
	// FS, when set, is the site's files (Source opened with OpenSource), kept open by the
	// caller for as long as the plan renders pages: serve, whose pages are rendered after
	// Build returns. Without it Build opens Source and closes it when done.
	FS fs.FS
	// BuildCache is the folder of the build cache ("" for none): the state this build leaves
	// for the next, which then writes only what the changed sources reach (see
	// buildcache). It is not used with PagesLater or NoMinify.
	BuildCache string
	// NoCache builds in full without reading BuildCache or saving to it; its state is
	// forgotten, since the output it describes is replaced.
	NoCache bool
	// PagesLater writes the static files, photos and bundle files only, and leaves every
	// page pending (see Plan.Ready and Plan.Settle): the dev server serves at once and
	// writes each page when it is asked for or in the background.
	PagesLater bool
}

// Summary describes a finished build.
type Summary struct {
	Pages    map[content.Kind]int // content files published, per kind
	Routes   map[string]int       // output files per route kind
	Files    int64
	Bytes    int64
	Duration time.Duration
	// Plan is what was built, for a caller that patches the output later (the dev server).
	Plan *Plan
	// Cache says what the build did with Options.BuildCache.
	Cache CacheUse
	// Stages are the build's stages in order and the time each took (--timings).
	Stages []progress.Stage
}

// content, assets and precompress are what opts ask of loading, of the published files
// and of compression (nil: none) for the site configured as cfg.
func (opts Options) content() content.Options {
	return content.Options{Drafts: opts.Drafts, Now: opts.Now, BaseURL: opts.BaseURL, LazyBodies: opts.LazyBodies}
}

func (opts Options) assets(prog *progress.Line) *assets.Options {
	return &assets.Options{CacheDir: opts.CacheDir, Workers: opts.Workers, Fingerprint: opts.Fingerprint, Progress: prog}
}

func (opts Options) precompress(cfg *config.Site) *output.Precompress {
	if pub := cfg.Publish; opts.Precompress || pub.Precompress {
		return output.NewPrecompress(opts.CacheDir, pub.BrotliQuality)
	}
	return nil
}

// UsageError is a problem with the options themselves (exit status 2 in the CLI).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Build builds the site. Content and template problems come back as *diagnostic.List.
func Build(ctx context.Context, opts Options) (*Summary, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Source, "public")
	}
	if err := sitefs.CheckDest(opts.Source, opts.Dest); err != nil {
		return nil, &UsageError{Msg: err.Error()}
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if fi, err := os.Stat(opts.Source); err != nil || !fi.IsDir() {
		return nil, &UsageError{Msg: fmt.Sprintf("--source %s: not a directory", opts.Source)}
	}
	fsys := opts.FS
	if fsys == nil {
		var closeSource func()
		var err error
		if fsys, closeSource, err = OpenSource(opts.Source); err != nil {
			return nil, err
		}
		defer closeSource()
	}
	prog := &progress.Line{}
	defer prog.Show(opts.Progress, "build: ")()

	var cache *cacheRun
	if opts.BuildCache != "" && !opts.PagesLater && !opts.NoMinify && !opts.NoCache {
		if err := sitefs.CheckCache(opts.Source, opts.Dest, opts.BuildCache); err != nil {
			return nil, &UsageError{Msg: err.Error()}
		}
		if opts.Now.IsZero() {
			opts.Now = time.Now() // one instant for the cache's check and the content's
		}
		prog.SetStage("comparing with the cached build")
		var err error
		if cache, err = openCache(ctx, opts, fsys, opts.Dest); err != nil {
			return nil, err
		}
		if cache.state != nil {
			cache.progress = prog
			sum, err := cache.warm(ctx, opts, fsys, opts.Dest, start)
			if sum != nil {
				sum.Stages = prog.Stages()
			}
			var whole *errWhole
			if !errors.As(err, &whole) {
				if err != nil {
					cache.discard()
				}
				return sum, err
			}
			cache.use.Reason, cache.use.Changed = whole.reason, 0
			if cache.use.Corrupt {
				// The scan kept copies of unchanged files in the cache: damage found in
				// one must not be saved again for the next build.
				if err := cache.rescan(ctx, fsys); err != nil {
					return nil, err
				}
			}
		}
		defer cache.discard()
	}

	prog.SetStage("reading content")
	plan, err := prepare(ctx, fsys, opts.content(), opts.assets(prog))
	if err != nil {
		return nil, err
	}
	plan.progress = prog
	plan.cacheDir = opts.CacheDir
	if cache != nil {
		// The next build patches the search indexes this one makes (see cacheRun.save).
		plan.keepIndexMemos()
	}
	prog.SetStage("preparing the output folder")
	out, err := output.Begin(opts.Dest, !opts.NoMinify)
	if err != nil {
		return nil, err
	}
	if plan.precompress = opts.precompress(plan.Site.Config); plan.precompress != nil {
		out.SetPrecompress(plan.precompress)
	}
	write := plan
	if opts.PagesLater {
		copies := *plan
		copies.Routes = nil
		write = &copies
	}
	if err := write.Write(ctx, fsys, out, opts.Workers); err != nil {
		out.Abort()
		return nil, err
	}
	files, bytes := out.Stats()
	prog.SetStage("publishing")
	if opts.BuildCache != "" {
		if err := buildcache.Open(opts.BuildCache).Invalidate(); err != nil {
			out.Abort()
			return nil, err
		}
	}
	if err := out.Commit(); err != nil {
		return nil, err
	}
	if opts.PagesLater {
		plan.keepIndexMemos()
		pages := slices.DeleteFunc(slices.Clone(plan.Routes), render.Route.Late)
		plan.pend(opts.Dest, pages)
		plan.lateStale = true
	} else {
		plan.lateWritten = true
	}
	var use CacheUse
	if cache != nil {
		prog.SetStage("saving the build cache")
		if err := cache.save(plan, opts.Dest); err != nil {
			return nil, err
		}
		use = cache.use
	}
	return &Summary{Pages: plan.Site.Counts(), Routes: render.CountKinds(plan.Routes), Files: files, Bytes: bytes, Duration: time.Since(start), Plan: plan, Cache: use, Stages: prog.Stages()}, nil
}

// Plan is a loaded site ready to be written: the model, the theme and the routes.
type Plan struct {
	now  time.Time
	opts content.Options // what the site was loaded with, to load it again after an edit
	// themes are the theme in each language, the default first.
	themes []*theme.Theme
	// moved are the profiles (by source) whose related companies an edit changed, set on
	// a plan made by Apply.
	moved map[string]bool
	// cacheDir keeps encoded photos between builds ("" for none).
	cacheDir string
	// lateStale is set when a body edit (rerender) changed what late routes (the search
	// index) are made from; RerenderLate rewrites them.
	lateStale bool
	// lateWritten is set once the late routes are on disk: later ones, after an edit, are
	// made beside each other (see RerenderLate), the first one language at a time.
	lateWritten bool
	// sitemapInputs is Renderer.SitemapInputs of the routes, once: an edit compares the
	// plan after it with the one before (changedRoutes), which the edit before made.
	sitemapInputs func() [sha256.Size]byte
	// keepIndex: the renderers keep their search index memos (serve: its indexes are made
	// again after every edit, each from the one before); the plans after an edit too.
	keepIndex bool

	Site      *content.Site
	Theme     *theme.Theme     // in the default language
	Renderer  *render.Renderer // of the default language
	Routes    []render.Route   // of every language
	renderers map[string]*render.Renderer
	// Set is the photos and fingerprinted files the renderers were made with.
	assets.Set
	// pending are the pages an Apply left for Settle and Ready (nil: none yet).
	pending *unsettled
	// progress counts the files Build writes (nil in a Plan made by Prepare alone).
	progress *progress.Line
	// precompress, when set, gives the files written after Build (Apply, Settle) their
	// compressed siblings, as Build gave its own.
	precompress *output.Precompress
	// relatedUnknown is set on a plan whose profiles were never rendered (loaded from a
	// build cache): the related companies of each are found before an edit is compared
	// with it (see newPlan).
	relatedUnknown bool
	// journal, when set, records the files written and removed after Build (a build
	// cache's staged output).
	journal *output.Journal
	// listed, when set with journal, gives the size of each file the output held when the
	// build began, as the build cache checked it (output.Dir.Listed).
	listed func(rel string) (int64, bool)
}

// inPlace is the output folder dir of an earlier build of p, written over in place.
func (p *Plan) inPlace(dir string) *output.Dir {
	out := output.InPlace(dir, true)
	if p.precompress != nil {
		out.SetPrecompress(p.precompress)
	}
	if p.journal != nil {
		out.SetJournal(p.journal)
		if p.listed != nil {
			out.Listed(p.listed)
		}
	}
	return out
}

// OpenSource opens the site folder for reading, with the built-in themes beneath its own
// (sitefs). It is an os.Root: a symbolic link inside it is followed only while it stays
// inside, so a link to /etc/passwd named logo.png is an error, never a published file.
func OpenSource(dir string) (fs.FS, func(), error) {
	fsys, closeRoot, err := sitefs.Open(dir)
	if err != nil {
		return nil, nil, &UsageError{Msg: fmt.Sprintf("--source %s: %v", dir, err)}
	}
	return fsys, closeRoot, nil
}

// Prepare loads content and theme and plans the routes, with no page photos and plain
// file names (what check and the benchmarks need); nothing is written.
func Prepare(ctx context.Context, fsys fs.FS, opts content.Options) (*Plan, error) {
	return prepare(ctx, fsys, opts, nil)
}

// prepare is Prepare; with in it first makes the photos and, if asked, the fingerprinted
// names, which the renderers are then made with.
func prepare(ctx context.Context, fsys fs.FS, opts content.Options, in *assets.Options) (*Plan, error) {
	site, err := content.Load(ctx, fsys, opts)
	var list *diagnostic.List
	if err != nil && !errors.As(err, &list) {
		return nil, err
	}
	if list == nil {
		list = &diagnostic.List{}
	}
	// The theme is checked even when content has errors, so one run reports both.
	var themes []*theme.Theme
	if site != nil && site.Config.BaseURL != nil {
		themes = theme.LoadAll(fsys, site.Config, site.Data, list)
	}
	if list.Len() > 0 {
		return nil, list
	}
	var inputs *assets.Set
	if in != nil {
		if inputs, err = assets.Make(ctx, fsys, site, themes[0], *in); err != nil {
			return nil, err
		}
	}
	plan := newPlan(site, themes, opts, nil, nil, inputs)
	if err := plan.checkCollisions(); err != nil {
		return nil, err
	}
	return plan, nil
}

// newPlan makes the renderers and routes of site in the languages of themes, drawing the
// photos and naming the fingerprinted files of in (nil: none, plain names). With prev,
// the plan of the site before an edit, they take over what the edit left as it was (see
// render.Renderer.Inherit); the profiles whose related companies changed go to moved.
func newPlan(site *content.Site, themes []*theme.Theme, opts content.Options, prev *Plan, stale map[string]bool, in *assets.Set) *Plan {
	if prev != nil && prev.relatedUnknown {
		prev.Renderer.FindRelated(runtime.GOMAXPROCS(0))
		prev.relatedUnknown = false
	}
	plan := &Plan{now: opts.Now, opts: opts, Site: site, Theme: themes[0], themes: themes, renderers: map[string]*render.Renderer{}}
	if in != nil {
		plan.Set = *in
	}
	names := plan.Names()
	for i, th := range themes {
		s := site
		if i > 0 {
			s = site.Localized(th.Lang.Code)
		}
		th.SetAssets(names)
		r := render.New(s, th, plan.Photos)
		var old *render.Renderer
		if prev != nil {
			old = prev.renderers[th.Lang.Code]
		}
		switch {
		case i == 0 && old != nil:
			for _, c := range r.Inherit(old, stale) {
				if plan.moved == nil {
					plan.moved = map[string]bool{}
				}
				plan.moved[c.Source] = true
			}
		case i > 0:
			r.Share(plan.renderers[themes[0].Lang.Code])
			if old != nil {
				r.InheritDocs(old, stale)
			}
		}
		plan.renderers[th.Lang.Code] = r
		plan.Routes = append(plan.Routes, r.Routes()...)
	}
	plan.Renderer = plan.renderers[themes[0].Lang.Code]
	plan.sitemapInputs = sync.OnceValue(func() [sha256.Size]byte { return plan.Renderer.SitemapInputs(plan.Routes) })
	return plan
}

// keepIndexMemos makes p's renderers, and those of the plans after its edits, keep what
// they made of their search indexes (see render.Renderer.KeepIndexMemo).
func (p *Plan) keepIndexMemos() {
	p.keepIndex = true
	for _, r := range p.renderers {
		r.KeepIndexMemo()
	}
}

// checkCollisions reports a file that would be written where a page is, and an alias
// that is the address of a page or file (see writer.Collisions).
func (p *Plan) checkCollisions() error {
	return writer.Collisions(p.Routes, p.copies(), p.Site.Entries())
}

// Write renders every route and copies static files and bundle resources into out, on a
// pool of workers. All render errors are collected.
func (p *Plan) Write(ctx context.Context, fsys fs.FS, out *output.Dir, workers int) error {
	return p.write(ctx, fsys, out, workers, true)
}

func (p *Plan) writeRoutes(ctx context.Context, out *output.Dir, workers int) error {
	return p.write(ctx, nil, out, workers, false)
}

func (p *Plan) write(ctx context.Context, fsys fs.FS, out *output.Dir, workers int, withCopies bool) error {
	var copies []assets.Copy
	if withCopies {
		copies = p.copies()
	}
	return p.writer().All(ctx, fsys, out, p.Routes, copies, workers)
}

// writer writes the plan's routes with its renderers.
func (p *Plan) writer() *writer.Writer { return writer.New(p.renderers, p.Renderer, p.progress) }

// Render writes a route's file with the renderer of its language (not minified).
func (p *Plan) Render(w io.Writer, rt render.Route) error {
	return p.renderers[rt.Lang].Render(w, rt)
}

// rerender handles an edit to the bodies of sources, in the output folder dir of an earlier
// build of this plan, written in place. It reports false, writing nothing, unless every
// source is a published file whose front matter is unchanged and whose body appears on one
// page only; the caller then builds in full. It writes the edited pages (first) and returns
// the routes that show their cards (rest), which the caller leaves pending for Settle;
// after Settle the result equals a full build byte for byte.
func (p *Plan) rerender(ctx context.Context, fsys fs.FS, dir string, sources []string) (first, rest []render.Route, ok bool, err error) {
	for _, src := range sources {
		if p.Site.CompanyOf(src) != nil {
			p.lateStale = true // its words or facets are in the search index
		}
		found := false
		for _, rt := range p.Routes {
			if rt.Own == src {
				first, found = append(first, rt), true
			}
		}
		if found && p.Site.ReloadBody(fsys, src) {
			continue
		}
		c, ok := p.Site.ReloadCompanyFacts(fsys, src, p.now)
		if !ok {
			return nil, nil, false, nil
		}
		// Its card changed, in every language: every page that shows it, and the profiles
		// that list it as related; the home pages when it is featured.
		shows := map[string]bool{src: true}
		for _, r := range p.renderers {
			lc := r.Site().CompanyBySource(src)
			r.Forget(lc)
			for _, o := range r.RelatedOn(lc) {
				shows[o.Source] = true
			}
		}
		for _, rt := range p.Routes {
			if slices.Contains(rt.Sources, src) || shows[rt.Subject] || (c.Featured && rt.Local == "") {
				rest = append(rest, rt)
			}
		}
	}
	rest = slices.DeleteFunc(rest, func(rt render.Route) bool {
		return slices.ContainsFunc(first, func(x render.Route) bool { return x.File == rt.File })
	})
	// No late route shows a single source, so none is among them; Settle does those.
	subset := *p
	subset.Routes = first
	err = subset.writeRoutes(ctx, p.inPlace(dir), runtime.GOMAXPROCS(0))
	return first, rest, true, err
}

// RerenderLate rewrites the late routes (the search index) in dir after Rerender changed
// what they are made from, and deletes the files of theirs that the new ones replace. It
// reports how many files it wrote (not those it kept as they were).
func (p *Plan) RerenderLate(ctx context.Context, dir string) (int, error) {
	if !p.lateStale {
		return 0, nil
	}
	late := writer.LateRoutes(p.Routes)
	errs := &diagnostic.List{}
	written := map[string]bool{}
	// After an edit the tree is settled when the indexes are written: each language's
	// beside the others' (at the real size a body edit settles in 1.2-1.5 s instead of
	// 2.4-2.9 s), at the cost of a second index in memory for that time. The first ones,
	// written while the first build's pages are, are made one at a time: that is the peak.
	workers := 1
	if p.lateWritten {
		workers = runtime.GOMAXPROCS(0)
	}
	lateOut := p.inPlace(dir)
	switch err := p.writer().Late(ctx, lateOut, late, errs, written, true, workers); {
	case errors.Is(err, writer.ErrLeftForLater):
		return 0, nil // a file changed on disk: the Apply of that change writes them
	case err != nil:
		return 0, err
	}
	if err := errs.Err(); err != nil {
		return 0, err
	}
	p.lateWritten = true
	// Their names change with their content: remove the replaced ones from their folders.
	// A save meanwhile stops this; the index stays stale, so the next plan removes the
	// rest after writing its own.
	folders := map[string]bool{}
	for f := range written {
		folders[path.Dir(f)] = true
	}
	out := p.inPlace(dir)
	for _, folder := range slices.Sorted(maps.Keys(folders)) {
		ents, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(folder)))
		if err != nil {
			return 0, err
		}
		var gone []string
		for _, e := range ents {
			name := folder + "/" + e.Name()
			for _, ext := range output.SiblingExts {
				name = strings.TrimSuffix(name, ext) // a compressed sibling goes with its file
			}
			if !e.IsDir() && !written[name] {
				gone = append(gone, e.Name())
			}
		}
		if err := out.RemoveFrom(ctx, folder, gone); err != nil {
			return 0, err
		}
	}
	p.lateStale = false
	// The files of the index are counted as written when their bytes were: most of them
	// are kept as they were after an edit.
	return int(lateOut.Created()), nil
}

// RecopyStatic handles an edit to files of the theme's static/ folder (or the site's): it
// copies them, minified, over their earlier copies in dir. It reports false, writing
// nothing, unless every source is a static file the plan already publishes.
func (p *Plan) RecopyStatic(fsys fs.FS, dir string, sources []string) (bool, error) {
	bySource := map[string]string{}
	for dst, src := range p.Theme.Static {
		bySource[src] = dst
	}
	var jobs []assets.Copy
	for _, src := range sources {
		dst, ok := bySource[src]
		if !ok {
			return false, nil
		}
		jobs = append(jobs, assets.Copy{Src: src, Dst: dst})
	}
	out := p.inPlace(dir)
	for _, j := range jobs {
		if err := writer.CopyFile(fsys, j.Src, out, j.Dst); err != nil {
			return true, err
		}
	}
	return true, nil
}

// copies lists the theme's static files and the bundles' resources, sorted by destination.
func (p *Plan) copies() []assets.Copy { return p.Set.Copies(p.Site, p.Theme.Static) }
