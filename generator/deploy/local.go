package deploy

import (
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/output"
)

// file is one output file as it will be stored: the bytes after any content encoding, and the
// headers it gets.
type file struct {
	Key     string // slash path relative to the output folder, and to the target
	path    string // on disk
	Size    int64  // of the stored bytes
	md5     []byte // of the stored bytes
	Headers Headers
	phase   phase
}

// hostFiles are for hosts that read them (Netlify, Cloudflare Pages); object storage would
// only serve them as pages.
var hostFiles = map[string]bool{"_headers": true, "_redirects": true}

// precompressedSuffixes name the siblings a build writes for servers that pick them by
// Accept-Encoding; a bucket serves one body per key, so they are not stored (a deploy rule
// with content_encoding stores the compressed bytes under the plain name instead).
var precompressedSuffixes = []string{".gz", ".br"}

// checkDir refuses an output folder that is missing, empty or not a built site: deploying
// it would delete the live site.
func checkDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s does not exist: run sitegen build first", dir)
	case err != nil:
		return err
	case len(entries) == 0:
		return fmt.Errorf("%s is empty: run sitegen build first (refusing to deploy an empty site, which would delete the live one)", dir)
	}
	if info, err := os.Stat(filepath.Join(dir, "index.html")); err != nil || !info.Mode().IsRegular() {
		return fmt.Errorf("%s has no index.html: it is not a built site (check --dest)", dir)
	}
	return nil
}

// scan lists the output folder and works out each file's stored bytes, size and MD5.
func (d *deployer) scan() ([]*file, error) {
	dir := d.opts.Dir
	present := map[string]bool{}
	var rels []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		if !e.Type().IsRegular() {
			// A build writes no links or devices. Skipping one would delete the remote
			// copy of what it points to, so it is an error.
			return fmt.Errorf("%s is not a regular file (a symbolic link?): a built site has none; build again into a fresh --dest", p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		present[rel] = true
		rels = append(rels, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(rels) == 0 {
		return nil, fmt.Errorf("%s: no files found: refusing to deploy an empty site, which would delete the live one", dir)
	}
	var files []*file
	for _, rel := range rels {
		if hostFiles[rel] || d.isSibling(rel, present) {
			continue
		}
		files = append(files, &file{Key: rel, path: filepath.Join(dir, filepath.FromSlash(rel)), Headers: headersFor(rel, d.opts.Rules), phase: phaseOf(rel)})
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, f := range files {
		g.Go(func() error { return d.hash(f) })
	}
	return files, g.Wait()
}

// copyBuffers stream files through MD5 without holding them: a site is hundreds of
// megabytes, and reading each file whole made the garbage collector a third of a no-op
// deploy.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// hash sets f's stored size and MD5.
func (d *deployer) hash(f *file) error {
	h := md5.New()
	if f.Headers.ContentEncoding != "" {
		data, err := d.storedBytes(f)
		if err != nil {
			return err
		}
		h.Write(data)
		f.md5, f.Size = h.Sum(nil), int64(len(data))
		return nil
	}
	r, err := os.Open(f.path)
	if err != nil {
		return err
	}
	defer r.Close()
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	n, err := io.CopyBuffer(h, r, *buf)
	if err != nil {
		return fmt.Errorf("%s: %w", f.path, err)
	}
	f.md5, f.Size = h.Sum(nil), n
	return nil
}

func (d *deployer) isSibling(rel string, present map[string]bool) bool {
	for _, s := range precompressedSuffixes {
		if orig, ok := strings.CutSuffix(rel, s); ok && present[orig] {
			return true
		}
	}
	return false
}

// storedBytes reads f and applies its content encoding. A build's precompressed sibling is
// used when there is one; it has the very bytes output.Gzip would make.
func (d *deployer) storedBytes(f *file) ([]byte, error) {
	enc := f.Headers.ContentEncoding
	if enc != "" {
		if b, err := os.ReadFile(f.path + map[string]string{"gzip": ".gz", "br": ".br"}[enc]); err == nil {
			return b, nil
		}
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		return nil, err
	}
	switch enc {
	case "gzip":
		data, err = output.Gzip(data)
	case "br":
		q := d.opts.BrotliQuality
		if hostpolicy.Immutable(f.Key) {
			q = 11
		}
		data, err = output.Brotli(data, q)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.path, err)
	}
	return data, nil
}
