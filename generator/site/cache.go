package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pseb/sitegen/generator/buildcache"
	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/progress"
	"github.com/pseb/sitegen/generator/render"
	"github.com/pseb/sitegen/generator/sitefs"
	"golang.org/x/sync/errgroup"
)

// CacheUse says what a build did with its build cache (Options.BuildCache).
type CacheUse struct {
	// Used is set when the build started from the cached one and wrote only what changed.
	Used bool
	// Reason says why the cache was not used ("" when it was, or when there is none).
	Reason string
	// Corrupt is set when the cache was damaged: it was ignored, and replaced.
	Corrupt bool
	// Changed counts the sources changed since the cached build; Written and Removed the
	// output files written and deleted.
	Changed, Written, Removed int
	// Sources counts the source files on disk (not those built into sitegen), Read those
	// the build read to compare them with the cache's copies (the others' stats, or the
	// Git index, vouched for them).
	Sources, Read int
}

// cacheRun is one build's use of the build cache.
type cacheRun struct {
	cache *buildcache.Cache
	key   string
	scan  *buildcache.Scan
	state *buildcache.State // nil when the cache cannot be used
	use   CacheUse
	// replaced is the site this build replaced, for the next one's copy.
	replaced *output.Replaced
	// keptSearch is the cached search documents, kept for the next build as they are
	// when this one changed no company.
	keptSearch *buildcache.File
	// progress names warm's stages (nil: none).
	progress *progress.Line
	// sameOutput waits for the check that the output folder is the cached build's
	// (buildcache.Start.SameOutput).
	sameOutput func() error
	// heads is the front matter a warm build's loads parsed or found, saved for the next
	// (nil in a whole build: it keeps none, and its peak stays as it was).
	heads *content.Heads
	// headsSaved is closed once saveHeadsNow wrote the heads (or failed: headsErr); the
	// files to keep are headsFiles (headsFile, and headsAddedFile when only what the base
	// lacks was written).
	headsSaved chan struct{}
	headsFiles map[string]buildcache.File
	headsErr   error
}

// openCache scans the sources and loads the state the last build left (buildcache.Begin).
// A cache that cannot be used is reported in use and the build goes on in full; only a
// cancelled context is an error.
func openCache(ctx context.Context, opts Options, fsys fs.FS, dest string) (*cacheRun, error) {
	destRel := dest
	if rel, err := filepath.Rel(opts.Source, dest); err == nil {
		destRel = filepath.ToSlash(rel)
	}
	st, err := buildcache.Begin(ctx, opts.BuildCache, []string{"drafts=" + strconv.FormatBool(opts.Drafts), "base-url=" + opts.BaseURL,
		"fingerprint=" + strconv.FormatBool(opts.Fingerprint), "precompress=" + strconv.FormatBool(opts.Precompress), "dest=" + destRel},
		fsys, sitefs.SourceRoots, sitefs.IsJunk, dest, opts.Now, opts.Source)
	if err != nil {
		return nil, err
	}
	run := &cacheRun{cache: st.Cache, key: st.Key, scan: st.Scan, state: st.State, use: CacheUse{Reason: st.Reason, Corrupt: st.Corrupt},
		sameOutput: st.SameOutput}
	if st.Scan != nil {
		run.use.Sources, run.use.Read = st.Scan.OnDisk, st.Scan.Read
	}
	return run, nil
}

// rescan reads every source again into a new pack, keeping no copy the cache held. Only a
// cancelled context is an error: without a scan the build saves no state.
func (run *cacheRun) rescan(ctx context.Context, fsys fs.FS) error {
	if run.scan != nil {
		run.scan.Discard()
	}
	run.scan = nil
	scan, err := run.cache.ScanSources(ctx, fsys, sitefs.SourceRoots, sitefs.IsJunk, nil)
	if err != nil {
		return ctx.Err()
	}
	run.scan = scan
	run.use.Sources, run.use.Read = scan.OnDisk, scan.Read
	return nil
}

// errWhole is warm's answer when the changes need a whole build.
type errWhole struct{ reason string }

func (e *errWhole) Error() string { return e.reason }

// warm brings the output the cached build wrote up to date with the changed sources: the
// site is loaded as that build read it, the changes are applied to a copy of the output
// (output.Stage), every page they reach is written, and the copy replaces the output.
// The result equals a whole build of the sources byte for byte.
func (run *cacheRun) warm(ctx context.Context, opts Options, fsys fs.FS, dest string, start time.Time) (*Summary, error) {
	// The output is checked while the cached site loads; whatever warm returns, it is after
	// the check's answer.
	defer run.sameOutput()
	changes := run.state.Changes(run.scan.Sources)
	run.use.Changed = len(changes)
	if len(changes) == 0 {
		if err := run.sameOutput(); err != nil {
			return nil, &errWhole{reason: err.Error()}
		}
		// The output and the state stand as they are.
		run.scan.Discard()
		run.scan, run.use.Used = nil, true
		sum := &Summary{Pages: map[content.Kind]int{}, Routes: run.state.Routes, Duration: time.Since(start), Cache: run.use}
		for k, n := range run.state.Pages {
			sum.Pages[content.Kind(k)] = n
		}
		sum.Files, sum.Bytes = run.state.Totals()
		return sum, nil
	}
	for _, c := range changes {
		if !strings.HasPrefix(c, "content/") || c == config.SiteFile || (strings.HasPrefix(c, config.DataDir+"/") && !config.IsDataset(c)) {
			return nil, &errWhole{reason: c + " changed"}
		}
	}
	run.progress.SetStage("loading the site as the cached build read it")
	// Related companies and the search index are made from the companies (and the parks
	// they are in): other edits leave both as they are.
	companies := slices.ContainsFunc(changes, func(c string) bool {
		return strings.HasPrefix(c, "content/companies/") || strings.HasPrefix(c, "content/parks/")
	})
	var docs *docsRead
	if companies {
		docs = run.readDocs()
		defer docs.stop()
	}
	oldFS := run.cache.Before(run.state, run.scan)
	defer oldFS.Close()
	if err := run.loadHeads(); err != nil {
		return nil, err
	}
	copts := opts.content()
	copts.Heads = run.heads
	// Company bodies stay on disk (read again when a profile the changes reach renders):
	// with the heads, most files are then not read at all (content.SumFS), and the ~150 MB
	// of bodies a warm build held at PSEB's size are not.
	copts.LazyBodies = true
	old, err := prepare(ctx, oldFS, copts, opts.assets(nil))
	if err != nil {
		if buildcache.Damaged(oldFS) {
			run.use.Corrupt = true
			return nil, &errWhole{reason: "a copy of a source in it is damaged"}
		}
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, &errWhole{reason: "the cached sources do not load: " + err.Error()}
	}
	// The front matter of the files as they were is in the model now: unless this build
	// writes the heads whole, only the changed files' are needed again (Apply's loads).
	run.heads.Trim(len(changes))
	old.cacheDir = opts.CacheDir
	// The model is of the sources as they were; bodies read from here on are the ones the
	// changes name (Apply reads them as they are now).
	old.Site.ReadFrom(fsys)
	old.precompress = opts.precompress(old.Site.Config)
	old.lateWritten = true
	// The search indexes are made from the ones the cached build made (their memos are
	// loaded with the search documents), and kept for the next build.
	old.keepIndexMemos()
	if companies {
		run.progress.SetStage("loading the cached search documents")
		if err := run.companiesBefore(old, docs); err != nil {
			return nil, err
		}
	} else if f, ok := run.state.Files[searchFile]; ok {
		run.keptSearch = &f // still the documents of every company
	}

	if err := run.sameOutput(); err != nil {
		return nil, &errWhole{reason: err.Error()}
	}
	run.progress.SetStage("copying the output")
	out, err := output.Stage(dest, true, run.state.Replaced)
	if err != nil {
		return nil, err
	}
	old.journal = &output.Journal{}
	// The output is the cached build's, as checked (sameOutput): the files the search
	// index keeps need not be looked at again.
	listed := run.state.Output
	old.listed = func(rel string) (int64, bool) {
		s, ok := listed[rel]
		return s.Size, ok
	}
	run.progress.SetStage("writing the pages the changes reach")
	np, res, err := old.Apply(ctx, fsys, out.Root(), changes, nil)
	if err == nil && res.Full {
		err = &errWhole{reason: "the changes reach the whole site"}
	}
	if err != nil {
		out.Abort()
		return nil, err
	}
	// The front matter is final once the changes are applied: it is written while the
	// rest is, and what trees Trim left are let go before the search indexes are made.
	run.saveHeadsNow()
	run.progress.SetStage("writing the rest (listings, search index)")
	if _, err := np.Settle(ctx, out.Root()); err != nil {
		out.Abort()
		return nil, err
	}
	// The files written and removed, compressed siblings included, as the summary's total
	// counts them; index files kept as they were are not written.
	run.use.Written, run.use.Removed = np.journal.Counts()
	if err := run.cache.Invalidate(); err != nil {
		out.Abort()
		return nil, err
	}
	run.progress.SetStage("publishing")
	if err := out.Commit(); err != nil {
		return nil, err
	}
	if name := out.Replaced(); name != "" {
		run.replaced = &output.Replaced{Name: name, Changed: np.journal.Paths()}
	}
	return run.summary(np, dest, start)
}

// saveHeadsNow starts writing the front matter to the cache, once (none when the build
// kept none); save takes the file, and any error, from waitHeads, and discard waits too.
func (run *cacheRun) saveHeadsNow() {
	heads := run.heads
	if heads == nil {
		return
	}
	run.heads = nil
	done := make(chan struct{})
	run.headsSaved = done
	var base buildcache.File
	kept := false
	if run.state != nil {
		base, kept = run.state.Files[headsFile]
	}
	go func() {
		defer close(done)
		defer heads.Release()
		// The base the cached build kept stays, and only the records it lacks are written
		// (a few after one edit, against 30,000 trees of ~24 MB at PSEB's size), until the
		// additions, or the base's records no load read, are an eighth of what was read.
		if kept && heads.KeepsBase() {
			f, err := run.cache.WriteFile(headsAddedFile, heads.EncodeAdded)
			run.headsFiles, run.headsErr = map[string]buildcache.File{headsFile: base, headsAddedFile: f}, err
			return
		}
		f, err := run.cache.WriteFile(headsFile, heads.Encode)
		run.headsFiles, run.headsErr = map[string]buildcache.File{headsFile: f}, err
	}()
}

// waitHeads waits for the writing saveHeadsNow started, if any.
func (run *cacheRun) waitHeads() {
	if run.headsSaved != nil {
		<-run.headsSaved
	}
}

// loadHeads reads the front matter the cached build's loads parsed (content.Heads); a
// cache without it (made by a whole build, which keeps none) gives an empty one, and the
// site is parsed as it is read. A damaged one means a whole build.
func (run *cacheRun) loadHeads() error {
	kept, err := run.readKept(headsFile, "its front matter is damaged", func(r io.Reader) error {
		var err error
		run.heads, err = content.DecodeHeads(r)
		return err
	})
	if err == nil && !kept {
		run.heads = content.NewHeads()
		return nil
	}
	if err == nil {
		_, err = run.readKept(headsAddedFile, "its front matter is damaged", run.heads.DecodeAdded)
	}
	return err
}

// readKept gives read the file the cache keeps as what (buildcache.Cache.ReadFile); kept
// is false when the cache holds none. A damaged file, or one read cannot decode (damaged
// says so, read's error follows), is an *errWhole and marks the cache corrupt.
func (run *cacheRun) readKept(what, damaged string, read func(io.Reader) error) (kept bool, err error) {
	return run.kept(run.cache.ReadFile(run.state, what, read), damaged)
}

// kept is readKept's answer for what ReadFile returned.
func (run *cacheRun) kept(err error, damaged string) (bool, error) {
	var bad *buildcache.Unusable
	switch {
	case errors.As(err, &bad) && bad.Corrupt:
		run.use.Corrupt = true
		return false, &errWhole{reason: bad.Reason}
	case errors.As(err, &bad):
		return false, nil
	case err != nil:
		run.use.Corrupt = true
		return false, &errWhole{reason: damaged + ": " + err.Error()}
	}
	return true, nil
}

// docsRead is the reading of the cached search documents (readDocs), begun before the
// site they belong to is loaded.
type docsRead struct {
	into chan *Plan // the site loaded; nil when it will not be (stop)
	done chan error // what the cache's ReadFile returned
	once sync.Once  // into is sent on once
	err  error      // done's value, once received
	got  bool       // err is done's value
}

// errNoSite ends a reading of search documents whose site did not load.
var errNoSite = errors.New("the site was not loaded")

// readDocs begins reading the search documents the cache keeps (~90 MB of gob at PSEB's
// size, half a second), so that their decoding runs while the site loads: they go to the
// site's renderers once companiesBefore hands it over (render.DecodeDocsInto).
func (run *cacheRun) readDocs() *docsRead {
	d := &docsRead{into: make(chan *Plan, 1), done: make(chan error, 1)}
	st := run.state
	go func() {
		d.done <- run.cache.ReadFile(st, searchFile, func(r io.Reader) error {
			return render.DecodeDocsInto(r, func() (*render.Renderer, map[string]*render.Renderer, error) {
				p := <-d.into
				if p == nil {
					return nil, nil, errNoSite
				}
				return p.Renderer, p.renderers, nil
			})
		})
	}()
	return d
}

// wait hands the reading p (nil: none) and waits for its end.
func (d *docsRead) wait(p *Plan) error {
	d.once.Do(func() { d.into <- p })
	if !d.got {
		d.err, d.got = <-d.done, true
	}
	return d.err
}

// stop ends a reading that was not waited for, and waits for it: nothing of it outlives
// warm.
func (d *docsRead) stop() { d.wait(nil) }

// companiesBefore gives old, the site as the cached build read it (never rendered), what
// rendering its profiles would have left for an edit of companies to start from: each
// profile's related companies (found when an edit changes a company: otherwise every
// profile would count as moved) and the search documents (from the cache, docs: making
// them again means converting every body).
func (run *cacheRun) companiesBefore(old *Plan, docs *docsRead) error {
	old.relatedUnknown = true
	// Without them, they are made again where the index needs them.
	_, err := run.kept(docs.wait(old), "its search documents are damaged")
	return err
}

// summary saves the state of the build of p in dest and describes it.
func (run *cacheRun) summary(p *Plan, dest string, start time.Time) (*Summary, error) {
	run.progress.SetStage("saving the build cache")
	if err := run.save(p, dest); err != nil {
		return nil, err
	}
	files, bytes := run.state.Totals()
	run.use.Used = true
	return &Summary{Pages: p.Site.Counts(), Routes: render.CountKinds(p.Routes), Files: files, Bytes: bytes,
		Duration: time.Since(start), Plan: p, Cache: run.use}, nil
}

// save records the build of p, now in dest, for the next one.
func (run *cacheRun) save(p *Plan, dest string) error {
	if run.scan == nil || run.key == "" {
		return nil
	}
	// Writes that share nothing, side by side: the list of the output (after a warm
	// build, only what it wrote or removed is looked at again), the search documents and
	// index memos (~90 MB at PSEB's size) and the parsed front matter (saveHeadsNow, which
	// warm started already). The state that names them is written last.
	var (
		stamps  map[string]buildcache.Stamp
		folders map[string]int64
		mu      sync.Mutex
		files   = map[string]buildcache.File{}
		g       errgroup.Group
	)
	g.Go(func() error {
		var err error
		if p.journal != nil && run.state != nil && run.state.Folders != nil {
			stamps, folders = maps.Clone(run.state.Output), maps.Clone(run.state.Folders)
			err = buildcache.Restamp(stamps, folders, dest, p.journal.Paths())
		} else {
			stamps, folders, err = buildcache.ListOutput(dest)
		}
		return err
	})
	keep := func(what string, write func(io.Writer) error) {
		g.Go(func() error {
			f, err := run.cache.WriteFile(what, write)
			if err != nil {
				return err
			}
			mu.Lock()
			files[what] = f
			mu.Unlock()
			return nil
		})
	}
	if run.keptSearch != nil {
		files[searchFile] = *run.keptSearch
	} else if p.lateWritten {
		keep(searchFile, p.saveDocs)
	}
	run.saveHeadsNow() // unless warm started it already
	err := g.Wait()
	if run.headsSaved != nil {
		run.waitHeads()
		if err == nil {
			err = run.headsErr
		}
		maps.Copy(files, run.headsFiles)
	}
	if err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	pages := map[string]int{}
	for k, n := range p.Site.Counts() {
		pages[string(k)] = n
	}
	run.state = &buildcache.State{Key: run.key, Sources: run.scan.Sources, Base: run.scan.Base, Output: stamps, Folders: folders,
		NextScheduled: p.Site.NextScheduled(), Files: files, Pages: pages, Routes: render.CountKinds(p.Routes), Replaced: run.replaced}
	if err := run.cache.Save(run.state); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	run.scan = nil // kept
	return nil
}

// discard throws away what this run scanned, when nothing is saved.
func (run *cacheRun) discard() {
	if run == nil {
		return
	}
	run.waitHeads() // a file being written to the cache folder is left to nothing
	if run.scan != nil {
		run.scan.Discard()
	}
}

// searchFile is what the cache keeps the search documents' bodies as; headsFile the
// parsed front matter of the sources, and headsAddedFile what later builds parsed that
// headsFile lacks.
const searchFile, headsFile, headsAddedFile = "search", "heads", "heads-added"

// saveDocs writes the search documents of p in every language, and its search index
// memos, for the cache (only once p's search index was written: p.lateWritten).
func (p *Plan) saveDocs(w io.Writer) error { return render.EncodeDocs(w, p.Renderer, p.renderers) }
