// Package deploy owns publishing a built site to object storage (S3 and S3-compatible
// stores, Google Cloud Storage, Azure Blob Storage, or a folder): it compares the output
// folder with the remote listing, uploads only new and changed files in an order that never
// shows a page before its assets, and deletes what is gone, within a limit.
package deploy

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gocloud.dev/blob"
	"golang.org/x/sync/errgroup"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/hostpolicy"
)

// DefaultMaxDeletes is how many remote files a deploy may delete unless forced: more usually
// means the wrong --dest or --target, not a smaller site.
const DefaultMaxDeletes = 256

// DefaultWorkers is how many uploads run at once unless --workers says.
const DefaultWorkers = 16

// Metadata keys stored on every upload. Listings of multipart uploads carry no MD5, and no
// listing carries headers, so both are kept with the object.
const (
	metaMD5     = "sitegen-md5"
	metaHeaders = "sitegen-headers"
)

// Options says what to deploy where.
type Options struct {
	// Target is a gocloud.dev/blob URL: s3://, gs://, azblob:// or file://.
	Target string
	// Dir is the built site (the build's --dest). A symbolic link is resolved first, so
	// the folder checked is the folder scanned.
	Dir string
	// Protected are folders a file:// target must not overlap besides Dir: the site's
	// source and the build cache.
	Protected []string
	// Rules are site.yaml's deploy.rules.
	Rules []config.DeployRule
	// BasePath is the path of the site's base URL ("/" or "/en-site/"), for ChangedList.
	BasePath string
	// BrotliQuality compresses pages that a rule stores as br (fingerprinted files get 11).
	BrotliQuality int
	DryRun        bool
	// MaxDeletes refuses a deploy that would delete more files, unless Force.
	MaxDeletes int
	Force      bool
	Workers    int
	// ChangedList, when set, receives the URL paths of the pages and other files with stable
	// names that were uploaded or deleted, one a line, for a CDN invalidation.
	ChangedList string
	// Interrupt, once closed, stops starting uploads and deletes; those in flight finish.
	Interrupt <-chan struct{}
	// Progress, when set (a terminal), gets a line of files and bytes done, redrawn in place.
	Progress io.Writer
	// Timeout bounds each attempt of an upload, delete or metadata read.
	Timeout time.Duration
}

// Plan is what a deploy does.
type Plan struct {
	Uploads   []*file
	Deletes   []string
	Unchanged int
	// Verified is how many objects' metadata was read because the last deploy's manifest
	// could not vouch for them.
	Verified int
	// Bytes is the size of the uploads.
	Bytes int64
}

// Result is what a deploy did.
type Result struct {
	Plan     Plan
	Uploaded int
	Bytes    int64
	Deleted  int
	// Changed are the URL paths written to ChangedList.
	Changed []string
	Elapsed time.Duration
}

// TooManyDeletesError refuses a deploy that would delete more than the limit.
type TooManyDeletesError struct{ Deletes, Max int }

func (e *TooManyDeletesError) Error() string {
	return fmt.Sprintf("refusing to delete %d remote files (more than --max-deletes %d); nothing was changed. Check --dest and --target, or run again with --force", e.Deletes, e.Max)
}

// ErrInterrupted is returned when Interrupt stopped the deploy before the end.
var ErrInterrupted = errors.New("interrupted: the files in flight were finished and nothing was deleted; run the deploy again to finish")

type deployer struct {
	opts   Options
	bucket *blob.Bucket
	res    Result
	mu     sync.Mutex // guards res.Changed during the run
	// progress
	doneFiles, doneBytes atomic.Int64
	phase                atomic.Int32
}

// Run deploys opts.Dir to opts.Target.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.MaxDeletes < 0 {
		return nil, fmt.Errorf("--max-deletes %d is negative", opts.MaxDeletes)
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * time.Minute
	}
	if opts.BrotliQuality == 0 {
		opts.BrotliQuality = config.DefaultBrotliQuality
	}
	start := time.Now()
	if err := CheckTarget(opts.Target, opts.Dir, opts.Protected...); err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(opts.Dir); err == nil {
		opts.Dir = real
	}
	d := &deployer{opts: opts}
	if err := checkDir(opts.Dir); err != nil {
		return nil, err
	}
	var err error
	d.bucket, err = open(ctx, opts.Target)
	if err != nil {
		return nil, err
	}
	defer d.bucket.Close()
	// Hashing the output folder and listing the store are independent: run them together.
	var local []*file
	var remote map[string]*blob.ListObject
	var g errgroup.Group
	g.Go(func() (err error) { local, err = d.scan(); return err })
	g.Go(func() (err error) { remote, err = d.list(ctx); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	plan, err := d.plan(ctx, local, remote)
	if err != nil {
		return nil, err
	}
	d.res.Plan = *plan
	if len(plan.Deletes) > opts.MaxDeletes && !opts.Force {
		return &d.res, &TooManyDeletesError{Deletes: len(plan.Deletes), Max: opts.MaxDeletes}
	}
	if opts.DryRun {
		for _, f := range plan.Uploads {
			d.changed(f.Key)
		}
		for _, k := range plan.Deletes {
			d.changed(k)
		}
	} else if err = d.apply(ctx, plan); err == nil && (len(plan.Uploads) > 0 || len(plan.Deletes) > 0 || plan.Verified > 0) {
		err = d.writeManifest(ctx, local)
	}
	d.res.Elapsed = time.Since(start)
	slices.Sort(d.res.Changed)
	d.res.Changed = slices.Compact(d.res.Changed)
	if opts.ChangedList != "" {
		if werr := writeLines(opts.ChangedList, d.res.Changed); werr != nil && err == nil {
			err = werr
		}
	}
	return &d.res, err
}

// plan compares each local file with the remote one: a different size, MD5 or header hash
// means an upload. Only when the size matches is the object's metadata read.
func (d *deployer) plan(ctx context.Context, local []*file, remote map[string]*blob.ListObject) (*Plan, error) {
	p := &Plan{}
	var same []*file
	var mu sync.Mutex
	_, hasManifest := remote[ManifestKey]
	delete(remote, ManifestKey)
	m := d.readManifest(ctx, hasManifest)
	for _, f := range local {
		r, ok := remote[f.Key]
		delete(remote, f.Key)
		e, known := m[f.Key]
		switch {
		// A listing's MD5 alone is not used: S3 reports an ETag that is no MD5 for
		// multipart uploads and for SSE-KMS objects, so the stored metadata decides.
		case !ok, r.Size != f.Size:
			p.Uploads = append(p.Uploads, f)
		case known && e.vouchesFor(r):
			if e.MD5 == hex.EncodeToString(f.md5) && e.Headers == f.Headers.hash() {
				p.Unchanged++
			} else {
				p.Uploads = append(p.Uploads, f)
			}
		default:
			same = append(same, f)
		}
	}
	p.Verified = len(same)
	var g errgroup.Group
	g.SetLimit(d.opts.Workers)
	for _, f := range same {
		g.Go(func() error {
			var attrs *blob.Attributes
			err := d.retry(ctx, func(ctx context.Context) (err error) {
				attrs, err = d.bucket.Attributes(ctx, f.Key)
				return err
			})
			if err != nil {
				return describe(d.opts.Target, f.Key, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if attrs.Metadata[metaMD5] == hex.EncodeToString(f.md5) && attrs.Metadata[metaHeaders] == f.Headers.hash() {
				p.Unchanged++
			} else {
				p.Uploads = append(p.Uploads, f)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	slices.SortFunc(p.Uploads, func(a, b *file) int {
		if a.phase != b.phase {
			return int(a.phase) - int(b.phase)
		}
		return strings.Compare(a.Key, b.Key)
	})
	for _, f := range p.Uploads {
		p.Bytes += f.Size
	}
	for k := range remote {
		p.Deletes = append(p.Deletes, k)
	}
	slices.Sort(p.Deletes)
	return p, nil
}

// apply uploads phase by phase, waiting for each to finish before the next, then deletes.
// After a failure or an interrupt nothing more starts, and nothing is deleted.
func (d *deployer) apply(ctx context.Context, p *Plan) error {
	stopProgress := d.showProgress(p)
	defer stopProgress()
	defer func() { d.res.Uploaded, d.res.Bytes = int(d.doneFiles.Load()), d.doneBytes.Load() }()
	for ph := phaseAssets; ph <= phaseIndexes; ph++ {
		d.phase.Store(int32(ph))
		var batch []*file
		for _, f := range p.Uploads {
			if f.phase == ph {
				batch = append(batch, f)
			}
		}
		err := d.each(len(batch), func(i int) error {
			f := batch[i]
			if err := d.upload(ctx, f); err != nil {
				return describe(d.opts.Target, f.Key, err)
			}
			testHookUploaded(d.doneFiles.Add(1))
			d.doneBytes.Add(f.Size)
			d.changed(f.Key)
			return nil
		})
		if err != nil {
			return err
		}
	}
	var deleted atomic.Int64
	err := d.each(len(p.Deletes), func(i int) error {
		k := p.Deletes[i]
		err := d.retry(ctx, func(ctx context.Context) error { return d.bucket.Delete(ctx, k) })
		if err != nil && !isNotFound(err) { // already gone: the goal is reached
			return describe(d.opts.Target, k, err)
		}
		deleted.Add(1)
		d.changed(k)
		return nil
	})
	d.res.Deleted = int(deleted.Load())
	return err
}

// each runs job(0..n-1) on the workers. After the first error or an interrupt it starts no
// more jobs, but lets those running finish: an upload cut off half-way is wasted work.
func (d *deployer) each(n int, job func(i int) error) error {
	var g errgroup.Group
	g.SetLimit(d.opts.Workers)
	var failed atomic.Bool
	var first error
	var once sync.Once
	for i := range n {
		if failed.Load() || d.interrupted() {
			break
		}
		g.Go(func() error {
			if err := job(i); err != nil {
				failed.Store(true)
				once.Do(func() { first = err })
			}
			return nil
		})
	}
	g.Wait()
	if first != nil {
		return first
	}
	if d.interrupted() {
		return ErrInterrupted
	}
	return nil
}

// testHookUploaded is told how many files are uploaded after each one, so that a test can
// interrupt a deploy part way whatever the speed of the machine.
var testHookUploaded = func(n int64) {}

func (d *deployer) interrupted() bool {
	select {
	case <-d.opts.Interrupt:
		return true
	default:
		return false
	}
}

// upload stores f with its headers, its MD5 (checked by the store) and the hashes that let
// the next deploy skip it.
func (d *deployer) upload(ctx context.Context, f *file) error {
	data, err := d.storedBytes(f)
	if err != nil {
		return err
	}
	if sum := md5sum(data); sum != hex.EncodeToString(f.md5) {
		return fmt.Errorf("changed while deploying (run the deploy again)")
	}
	opts := &blob.WriterOptions{
		ContentType:     f.Headers.ContentType,
		CacheControl:    f.Headers.CacheControl,
		ContentEncoding: f.Headers.ContentEncoding,
		ContentMD5:      f.md5,
		Metadata:        map[string]string{metaMD5: hex.EncodeToString(f.md5), metaHeaders: f.Headers.hash()},
	}
	return d.retry(ctx, func(ctx context.Context) error { return d.bucket.WriteAll(ctx, f.Key, data, opts) })
}

// changed records the URL path of a stored file whose content changed at a stable address.
func (d *deployer) changed(key string) {
	if hostpolicy.Immutable(key) {
		return // a new name: no cache holds it, and the old name's content never changed
	}
	d.mu.Lock()
	d.res.Changed = append(d.res.Changed, URLPath(d.opts.BasePath, key))
	d.mu.Unlock()
}

func writeLines(name string, lines []string) error {
	var b []byte
	for _, l := range lines {
		b = append(b, l...)
		b = append(b, '\n')
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("--changed-list: %w", err)
	}
	return nil
}
