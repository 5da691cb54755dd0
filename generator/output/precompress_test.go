package output

import (
	"bytes"
	stdgzip "compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	r, err := stdgzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "" || !r.ModTime.IsZero() {
		t.Errorf("gzip header carries name %q, time %v", r.Name, r.ModTime)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func unbrotli(t *testing.T, data []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(data)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// buildWith writes files through a Dir with precompression and returns the output tree.
func buildWith(t *testing.T, dest string, pre *Precompress, files map[string][]byte) map[string][]byte {
	t.Helper()
	d, err := Begin(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	d.SetPrecompress(pre)
	for name, data := range files {
		if err := d.WriteFile(name, data); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	filepath.WalkDir(dest, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(dest, p)
			out[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return nil
	})
	return out
}

func TestPrecompress(t *testing.T) {
	page := []byte("<!DOCTYPE html><p>" + strings.Repeat("Software technology parks of Pakistan. ", 100) + "</p>")
	noise := make([]byte, 4096)
	rand.New(rand.NewSource(1)).Read(noise)
	files := map[string][]byte{
		"index.html":                        page,
		"assets/css/style.3f9a1c2b7d.css":   []byte(strings.Repeat("body{margin:0;padding:0}.card{display:grid}", 60)),
		"small.html":                        []byte("<p>tiny</p>"),
		"logo.png":                          bytes.Repeat([]byte("png"), 1000),
		"search/terms.json":                 []byte(`{"t":"` + strings.Repeat("cloud ", 400) + `"}`),
		"noise.txt":                         noise, // random bytes: compressing makes them larger
		"nested/page/index.html":            page,
		"feed.xml":                          []byte("<feed>" + strings.Repeat("<entry>news</entry>", 100) + "</feed>"),
		"sitemap.xml":                       []byte("<urlset>" + strings.Repeat("<url><loc>https://example.org/x/</loc></url>", 50) + "</urlset>"),
		"assets/js/directory.0123456789.js": []byte(strings.Repeat("function f(a){return a+1}", 80)),
	}
	cache := t.TempDir()
	out := buildWith(t, filepath.Join(t.TempDir(), "public"), &Precompress{CacheDir: cache, PageQuality: 5, BestDir: "assets/"}, files)
	for name, data := range files {
		gz, hasGz := out[name+".gz"]
		br, hasBr := out[name+".br"]
		wantSiblings := len(data) >= MinPrecompressSize && name != "logo.png"
		switch {
		case !wantSiblings && (hasGz || hasBr):
			t.Errorf("%s (%d bytes) has compressed siblings", name, len(data))
		case name == "noise.txt":
			if hasGz || hasBr {
				t.Errorf("noise.txt: a sibling no smaller than the file was kept")
			}
		case wantSiblings && (!hasGz || !hasBr):
			t.Errorf("%s: siblings .gz %v .br %v", name, hasGz, hasBr)
		case wantSiblings:
			if !bytes.Equal(gunzip(t, gz), data) || !bytes.Equal(unbrotli(t, br), data) {
				t.Errorf("%s: a sibling does not decompress to the file", name)
			}
		}
	}
	// Fingerprinted assets get brotli's best quality: smaller than a page-quality pass.
	css := files["assets/css/style.3f9a1c2b7d.css"]
	q5, _ := brotliAt(css, 5)
	if len(out["assets/css/style.3f9a1c2b7d.css.br"]) > len(q5) {
		t.Errorf("fingerprinted CSS compressed to %d bytes, quality 5 gives %d", len(out["assets/css/style.3f9a1c2b7d.css.br"]), len(q5))
	}

	// A second build takes what it can from the cache: prove it by planting a cached result.
	sum := sha256.Sum256(page)
	h := hex.EncodeToString(sum[:])
	entryPath := filepath.Join(cache, h[:2], h[2:]+".kgz8br5-2")
	if _, err := os.Stat(entryPath); err != nil {
		t.Fatalf("no cache entry for index.html: %v", err)
	}
	gz, _ := gzipBest(page)
	planted, _ := brotliAt([]byte("planted"), 5)
	entry := append(binary.BigEndian.AppendUint32(nil, uint32(len(gz))), gz...)
	if err := os.WriteFile(entryPath, append(entry, planted...), 0o644); err != nil {
		t.Fatal(err)
	}
	again := buildWith(t, filepath.Join(t.TempDir(), "public"), &Precompress{CacheDir: cache, PageQuality: 5}, files)
	if string(unbrotli(t, again["index.html.br"])) != "planted" || !bytes.Equal(gunzip(t, again["index.html.gz"]), page) {
		t.Error("the second build compressed index.html again instead of using the cache")
	}
	// Without a cache, the same input gives the same bytes.
	a := buildWith(t, filepath.Join(t.TempDir(), "a"), &Precompress{PageQuality: 5}, files)
	b := buildWith(t, filepath.Join(t.TempDir(), "b"), &Precompress{PageQuality: 5}, files)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// Rebuilding over an earlier tree keeps the siblings of unchanged files, replaces those of
// changed ones and drops those of files that are gone or now too small.
func TestPrecompressReusedTree(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	page := func(s string) []byte { return []byte("<p>" + strings.Repeat(s+" ", 400) + "</p>") }
	pre := &Precompress{PageQuality: 4}
	buildWith(t, dest, pre, map[string][]byte{"a.html": page("alpha"), "b.html": page("beta"), "c.html": page("gamma")})
	buildWith(t, dest, pre, map[string][]byte{"a.html": page("alpha"), "b.html": page("beta"), "c.html": page("gamma")})
	out := buildWith(t, dest, pre, map[string][]byte{"a.html": page("alpha"), "b.html": page("BETA"), "c.html": []byte("<p>now small</p>")})
	want := []string{"a.html", "a.html.br", "a.html.gz", "b.html", "b.html.br", "b.html.gz", "c.html"}
	var got []string
	for name := range out {
		got = append(got, name)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("files %q, want %q", got, want)
	}
	if !bytes.Equal(unbrotli(t, out["b.html.br"]), page("BETA")) || !bytes.Equal(gunzip(t, out["a.html.gz"]), page("alpha")) {
		t.Error("a sibling does not match its file after the rebuild")
	}
}

// TestBrotliSameAfterALargeFile: a file's .br does not depend on what was compressed
// before it (andybalholm/brotli keeps a writer's hasher, chosen for its first input's
// size, across Reset).
func TestBrotliSameAfterALargeFile(t *testing.T) {
	small := bytes.Repeat([]byte("<p>Lahore software park, 40 companies. </p>\n"), 120)
	fresh := func(data []byte, q int) []byte {
		var buf bytes.Buffer
		w := brotli.NewWriterLevel(&buf, q)
		w.Write(data)
		w.Close()
		return buf.Bytes()
	}
	large := make([]byte, brotliLarge+1000)
	for i := range large {
		large[i] = "abcdefghij<>/ \n"[(i*7+i/13)%15]
	}
	for _, q := range []int{4, 6, 11} {
		want := fresh(small, q)
		for range 3 { // the pool may hand out any writer: use several
			if _, err := brotliAt(large, q); err != nil {
				t.Fatal(err)
			}
			got, err := brotliAt(small, q)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("quality %d: %d bytes after a large file, %d from a fresh writer", q, len(got), len(want))
			}
		}
	}
}

// TestGzipSameWhateverCameBefore: a file's .gz does not depend on what the pooled writer
// compressed before it (a large file, random bytes, a file of its own kind), and reads back
// with the standard library's reader.
func TestGzipSameWhateverCameBefore(t *testing.T) {
	page := bytes.Repeat([]byte("<li><a href=/companies/acme/>Acme Software</a> Lahore, fintech</li>\n"), 200)
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzipLevel)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(page)
	w.Close()
	want := buf.Bytes()
	rng := rand.New(rand.NewSource(1))
	noise := make([]byte, 3<<20)
	rng.Read(noise)
	for _, before := range [][]byte{noise, bytes.Repeat([]byte("abc<>/ \n"), 1<<18), page[:500], nil} {
		for range 3 { // the pool may hand out any writer: use several
			if _, err := gzipBest(before); err != nil {
				t.Fatal(err)
			}
			got, err := gzipBest(page)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%d bytes after %d bytes of other input, %d from a fresh writer", len(got), len(before), len(want))
			}
			if !bytes.Equal(gunzip(t, got), page) {
				t.Fatal("does not read back")
			}
		}
	}
}
