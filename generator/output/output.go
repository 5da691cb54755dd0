// Package output owns writing a build to disk: every file goes into a fresh temporary
// directory beside the destination, text files are minified on the way (one tdewolff minifier
// per media type on a single *minify.M), and only a complete build replaces the destination,
// in one atomic swap. A failed build is thrown away and the previous site stays as it was.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"golang.org/x/sync/errgroup"
)

// NewMinifier returns the minifier for every text format the site emits.
func NewMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// MediaType returns the media type minified for a file name, or "" for files copied as they are.
func MediaType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml"
	}
	return ""
}

// Dir is a build in progress. Its methods are safe for concurrent use.
type Dir struct {
	dest, tmp string
	m         *minify.M
	minify    bool
	files     atomic.Int64
	bytes     atomic.Int64
	dirs      sync.Map // directories already created
	bufs      sync.Pool
}

// Begin starts a build that will replace dest. The parent of dest is created if needed.
func Begin(dest string, minifyText bool) (*Dir, error) {
	dest = filepath.Clean(dest)
	if fi, err := os.Stat(dest); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s: exists and is not a directory", dest)
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".sitegen-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	d := &Dir{dest: dest, tmp: tmp, m: NewMinifier(), minify: minifyText}
	d.bufs.New = func() any { return new(bytes.Buffer) }
	return d, nil
}

// ErrOutsideOutput is returned for a path that would leave the output directory.
var ErrOutsideOutput = errors.New("path leaves the output directory")

func (d *Dir) path(rel string) (string, error) {
	if !filepath.IsLocal(rel) || strings.Contains(rel, "\\") || path.Clean(rel) != rel || rel == "." {
		return "", fmt.Errorf("%q: %w", rel, ErrOutsideOutput)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(rel))
	dir := filepath.Dir(p)
	if _, done := d.dirs.Load(dir); !done {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", err
		}
		d.dirs.Store(dir, true)
	}
	return p, nil
}

// Create returns a writer for the file rel (slash-separated, relative to the output root).
// Text formats are minified when the writer is closed; the file is complete only then.
func (d *Dir) Create(rel string) (io.WriteCloser, error) {
	p, err := d.path(rel)
	if err != nil {
		return nil, err
	}
	buf := d.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	return &fileWriter{d: d, rel: rel, path: p, buf: buf}, nil
}

// WriteFile writes data to rel, minifying text formats.
func (d *Dir) WriteFile(rel string, data []byte) error {
	w, err := d.Create(rel)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

type fileWriter struct {
	d    *Dir
	rel  string
	path string
	buf  *bytes.Buffer
}

func (w *fileWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }

func (w *fileWriter) Close() error {
	defer w.d.bufs.Put(w.buf)
	data := w.buf.Bytes()
	if mt := MediaType(w.rel); w.d.minify && mt != "" {
		// The minifier writes in small pieces: collect them, then write the file at once.
		min := w.d.bufs.Get().(*bytes.Buffer)
		defer w.d.bufs.Put(min)
		min.Reset()
		// Passing the buffer itself (it has Bytes()) lets the minifier read it without a copy.
		if err := w.d.m.Minify(mt, min, w.buf); err != nil {
			return fmt.Errorf("minify %s: %w", w.rel, err)
		}
		data = min.Bytes()
	}
	if err := os.WriteFile(w.path, data, 0o644); err != nil {
		return err
	}
	w.d.files.Add(1)
	w.d.bytes.Add(int64(len(data)))
	return nil
}

// Stats reports the files and bytes written so far.
func (d *Dir) Stats() (files, bytes int64) { return d.files.Load(), d.bytes.Load() }

// Root is the temporary directory being written (for tests and diagnostics).
func (d *Dir) Root() string { return d.tmp }

// Commit replaces dest with the build: atomically where the system can exchange two
// directories, otherwise by two renames in quick succession.
func (d *Dir) Commit() error {
	_, err := os.Lstat(d.dest)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.Rename(d.tmp, d.dest); err != nil {
			d.Abort()
			return err
		}
		return nil
	case err != nil:
		d.Abort()
		return err
	}
	if err := exchange(d.tmp, d.dest); err != nil {
		d.Abort()
		return fmt.Errorf("replace %s: %w", d.dest, err)
	}
	// d.tmp now holds the previous site.
	return removeAll(d.tmp)
}

// removeAll deletes a tree with a few goroutines, one top-level entry each: deleting is
// bound by file-system latency, not CPU, and a site has tens of thousands of files.
func removeAll(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	var g errgroup.Group
	g.SetLimit(8)
	for _, e := range ents {
		g.Go(func() error { return os.RemoveAll(filepath.Join(dir, e.Name())) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}

// Abort throws the build away.
func (d *Dir) Abort() { os.RemoveAll(d.tmp) }
