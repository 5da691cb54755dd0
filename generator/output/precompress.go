package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/pseb/sitegen/generator/hostpolicy"
)

// Precompress configures the .gz and .br siblings written beside every text file, for
// servers that send them as they are (nginx gzip_static/brotli_static, Caddy
// precompressed, object storage with Content-Encoding set).
type Precompress struct {
	// CacheDir keeps compressed bytes by the hash of what was compressed, so a rebuild
	// compresses only files whose bytes changed; "" compresses everything every time.
	CacheDir string
	// PageQuality is brotli's quality for pages and data (0-11). Files below BestDir (the
	// fingerprinted assets: few, fetched by every page, cached for a year) get 11, the
	// best and slowest.
	PageQuality int
	BestDir     string
}

// NewPrecompress gives files compressed siblings, pages and data at pageQuality and the
// fingerprinted assets (below hostpolicy.AssetDir) at the best quality, keeping compressed
// bytes in cacheDir ("" for none).
func NewPrecompress(cacheDir string, pageQuality int) *Precompress {
	return &Precompress{CacheDir: cacheDir, PageQuality: pageQuality, BestDir: hostpolicy.AssetDir}
}

// MinPrecompressSize is the smallest file given siblings: below it, the compressed form
// saves less than a packet and costs a file.
const MinPrecompressSize = 1024

var compressible = map[string]bool{".html": true, ".css": true, ".js": true, ".svg": true, ".xml": true,
	".json": true, ".txt": true, ".webmanifest": true}

// SetPrecompress makes the build write compressed siblings of the text files it writes.
func (d *Dir) SetPrecompress(p *Precompress) { d.pre = p }

// precompress writes rel's .gz and .br siblings (each only when smaller than data). When
// the file was unchanged in a reused tree, siblings already beside it are kept as they
// are: they were made from the same bytes.
func (d *Dir) precompress(rel, p string, data []byte, unchanged bool) error {
	if d.pre == nil || !compressible[strings.ToLower(path.Ext(rel))] {
		return nil
	}
	if len(data) < MinPrecompressSize {
		if d.reused && !unchanged {
			// Made from earlier bytes of the file.
			for _, ext := range SiblingExts {
				if err := d.removeFile(p + ext); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if unchanged {
		kept := 0
		for _, ext := range []string{".gz", ".br"} {
			if fi, err := os.Lstat(p + ext); err == nil && fi.Mode().IsRegular() {
				d.written.Store(p+ext, true)
				d.files.Add(1)
				d.bytes.Add(fi.Size())
				kept++
			}
		}
		if kept == 2 {
			return nil
		}
	}
	quality := d.pre.PageQuality
	if d.pre.BestDir != "" && strings.HasPrefix(rel, d.pre.BestDir) {
		quality = brotli.BestCompression
	}
	gz, br, err := d.pre.compress(data, quality)
	if err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	for _, c := range []struct {
		ext string
		z   []byte
	}{{".gz", gz}, {".br", br}} {
		if len(c.z) >= len(data) {
			if d.reused {
				// Made from earlier bytes of the file: a server would send it instead.
				if err := d.removeFile(p + c.ext); err != nil {
					return err
				}
			}
			continue
		}
		if err := d.writeFile(p+c.ext, c.z); err != nil {
			return err
		}
		d.files.Add(1)
		d.bytes.Add(int64(len(c.z)))
	}
	return nil
}

// SiblingExts are the extensions of the compressed siblings Precompress writes.
var SiblingExts = []string{".gz", ".br"}

// compress returns data gzipped and brotli-compressed at quality, from the cache when an
// earlier build made them. One cache file holds both: a build writes as few files as it can.
func (p *Precompress) compress(data []byte, quality int) (gz, br []byte, err error) {
	compressBoth := func() ([]byte, []byte, error) {
		gz, err := gzipBest(data)
		if err != nil {
			return nil, nil, err
		}
		br, err := brotliAt(data, quality)
		return gz, br, err
	}
	if p.CacheDir == "" {
		return compressBoth()
	}
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	// "-2": entries before brotliLarge may hold bytes of a writer that had seen a large file;
	// "kgz8": gzipped by klauspost/compress at level 8, not compress/gzip at 9 ("gz9").
	file := filepath.Join(p.CacheDir, h[:2], fmt.Sprintf("%s.kgz%dbr%d-2", h[2:], gzipLevel, quality))
	if entry, err := os.ReadFile(file); err == nil && len(entry) >= 4 {
		n := int(binary.BigEndian.Uint32(entry))
		if n <= len(entry)-4 {
			return entry[4 : 4+n], entry[4+n:], nil
		}
	}
	gz, br, err = compressBoth()
	if err != nil {
		return nil, nil, err
	}
	entry := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(gz)+len(br)), uint32(len(gz)))
	entry = append(append(entry, gz...), br...)
	// A cache that cannot be written only costs time: the build goes on.
	if os.MkdirAll(filepath.Dir(file), 0o755) == nil {
		if tmp, err := os.CreateTemp(filepath.Dir(file), ".tmp-*"); err == nil {
			_, werr := tmp.Write(entry)
			cerr := tmp.Close()
			if werr != nil || cerr != nil || os.Rename(tmp.Name(), file) != nil {
				os.Remove(tmp.Name())
			}
		}
	}
	return gz, br, nil
}

// Compressors keep megabytes of state; a build compresses thousands of files, so they are
// reused (Reset) rather than made for each.
var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipLevel); return w }}
	brotliWriters [brotli.BestCompression + 1]sync.Pool
)

// gzipLevel is klauspost/compress's (v1.20.5) level 8. Against compress/gzip's best level,
// on the real-size output (throwaway benchmarks, one core): 170 search index files and
// listing pages 69-88 MB/s against 40-44, 0.6% more bytes; 300 company pages 59-72 MB/s
// against 46-48, the same bytes within 0.02%. Its level 9 gives 0.2-0.7% fewer bytes at
// 48-65 MB/s. A deleted company's warm build gzips ~100,000 index files (5.5 s of its 45 s
// of CPU with compress/gzip), and a .gz is sent only to clients without brotli.
const gzipLevel = 8

// gzipBest compresses at gzipLevel with nothing of the file's name or time in the header,
// so the same bytes always give the same file.
func gzipBest(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data) / 3)
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// brotliLarge is the input size from which andybalholm/brotli (1.3.0) picks another hasher.
// It picks a writer's hasher for its first stream and keeps it across Reset, so a pooled
// writer that once compressed a large file compresses small ones into other (valid) bytes:
// the siblings would depend on which goroutine compressed what before. Large inputs get a
// writer of their own; the pool holds writers that only ever saw small ones.
const brotliLarge = 1 << 20

func brotliAt(data []byte, quality int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data) / 3)
	pool := &brotliWriters[quality]
	w, _ := pool.Get().(*brotli.Writer)
	switch {
	case len(data) >= brotliLarge:
		if w != nil {
			pool.Put(w)
		}
		w = brotli.NewWriterLevel(&buf, quality)
	case w == nil:
		w = brotli.NewWriterLevel(&buf, quality)
		defer pool.Put(w)
	default:
		w.Reset(&buf)
		defer pool.Put(w)
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DefaultCacheDir is where compressed files are kept between builds: the user's cache
// folder (e.g. ~/.cache/sitegen/compress).
func DefaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "sitegen", "compress")
}

// Gzip is data at gzip's best level with a header free of names and times: the bytes of the
// .gz sibling a build writes, so a deploy that stores files gzip-encoded can reuse them.
func Gzip(data []byte) ([]byte, error) { return gzipBest(data) }

// Brotli is data compressed by brotli at quality (0-11).
func Brotli(data []byte, quality int) ([]byte, error) {
	if quality < brotli.BestSpeed || quality > brotli.BestCompression {
		return nil, fmt.Errorf("brotli quality %d is out of range", quality)
	}
	return brotliAt(data, quality)
}
