package buildcache

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pseb/sitegen/generator/gitindex"
	"github.com/pseb/sitegen/generator/output"
)

func scanOf(t *testing.T, c *Cache, fsys fs.FS) *Scan { return scanAfter(t, c, fsys, nil) }

func scanAfter(t *testing.T, c *Cache, fsys fs.FS, prev *State) *Scan {
	t.Helper()
	s, err := c.ScanSources(context.Background(), fsys, []string{"content", "themes", "static"}, func(name string) bool { return strings.HasPrefix(name, ".") }, prev)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBeforeIsTheTreeAsScanned: after files are edited, created and deleted, Before shows
// the tree as the saved scan saw it (checked by fstest.TestFS, which also checks ReadDir,
// Stat and Open agree), and Changes names exactly the edits.
func TestBeforeIsTheTreeAsScanned(t *testing.T) {
	then := fstest.MapFS{
		"content/site.yaml":               {Data: []byte("title: T\n")},
		"content/companies/acme.md":       {Data: []byte("---\nname: Acme\n---\nBody.\n")},
		"content/companies/gone/index.md": {Data: []byte("---\nname: Gone\n---\n")},
		"content/companies/gone/logo.png": {Data: []byte("png")},
		"content/companies/.acme.md.swp":  {Data: []byte("junk")},
		"themes/default/layouts/a.html":   {Data: []byte("<p>{{.}}</p>")},
		"content/empty.md":                {Data: []byte{}},
	}
	c := Open(t.TempDir())
	scan := scanOf(t, c, then)
	st := &State{Key: "k", Sources: scan.Sources, Base: scan.Base}
	if err := c.Save(st); err != nil {
		t.Fatal(err)
	}
	now := fstest.MapFS{
		"content/site.yaml":             {Data: []byte("title: T\n")},
		"content/companies/acme.md":     {Data: []byte("---\nname: Acme Two\n---\nBody.\n")},
		"content/companies/new.md":      {Data: []byte("---\nname: New\n---\n")},
		"themes/default/layouts/a.html": {Data: []byte("<p>{{.}}</p>")},
		"content/empty.md":              {Data: []byte{}},
	}
	later := scanOf(t, c, now)
	loaded, err := c.Load("k")
	if err != nil {
		t.Fatal(err)
	}
	changes := loaded.Changes(later.Sources)
	slices.Sort(changes)
	want := []string{"content/companies/acme.md", "content/companies/gone/index.md", "content/companies/gone/logo.png", "content/companies/new.md"}
	if !slices.Equal(changes, want) {
		t.Fatalf("changes %v, want %v", changes, want)
	}
	b := c.Before(loaded, later)
	defer b.Close()
	var files []string
	for p := range then {
		if !strings.Contains(p, "/.") {
			files = append(files, p)
		}
	}
	if err := fstest.TestFS(b, files...); err != nil {
		t.Fatal(err)
	}
	for _, p := range files {
		got, err := fs.ReadFile(b, p)
		if err != nil || string(got) != string(then[p].Data) {
			t.Errorf("%s: %q, %v; want %q", p, got, err, then[p].Data)
		}
	}
	if _, err := fs.Stat(b, "content/companies/new.md"); err == nil {
		t.Error("a file created since is in the tree before")
	}
	later.Discard()
}

// TestLoadRefuses: a state for another key, of another format or pointing outside the cache
// is not used; only damage is reported as such.
func TestLoadRefuses(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	scan := scanOf(t, c, fstest.MapFS{"content/a.md": {Data: []byte("a")}})
	if err := c.Save(&State{Key: "k", Sources: scan.Sources, Base: scan.Base}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Load("k"); err != nil {
		t.Fatal(err)
	}
	var bad *Unusable
	if _, err := c.Load("other"); !asUnusable(err, &bad) || bad.Corrupt {
		t.Fatalf("other key: %v", err)
	}
	if err := c.Invalidate(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Load("k"); !asUnusable(err, &bad) || bad.Corrupt || bad.Reason != "no earlier build is cached" {
		t.Fatalf("after Invalidate: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, scan.Pack)); err != nil {
		t.Fatalf("the saved pack is gone: %v", err)
	}
	if err := c.Save(&State{Key: "k", Sources: scan.Sources, Base: "../escape.pack"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Load("k"); !asUnusable(err, &bad) || !bad.Corrupt {
		t.Fatalf("pack outside the cache: %v", err)
	}
}

func asUnusable(err error, target **Unusable) bool {
	u, ok := err.(*Unusable)
	*target = u
	return ok
}

// TestSameOutput names the first difference between a folder and its stamps: a file
// changed, missing or added anywhere, a compressed sibling missing or added; a folder
// renamed away and back, or its times restored from an archive (whole seconds), is the
// same output.
func TestSameOutput(t *testing.T) {
	dir := t.TempDir()
	var st *State
	reset := func() {
		os.RemoveAll(dir)
		os.MkdirAll(filepath.Join(dir, "a/b"), 0o755)
		os.WriteFile(filepath.Join(dir, "a/index.html"), []byte("<p>a</p>"), 0o644)
		os.WriteFile(filepath.Join(dir, "a/b/index.html"), []byte("<p>b</p>"), 0o644)
		os.WriteFile(filepath.Join(dir, "b.css"), []byte("b{}"), 0o644)
		os.WriteFile(filepath.Join(dir, "b.css.gz"), []byte("gz"), 0o644)
		// Stamped an hour ago, so that a change now moves a folder's time whatever the
		// clock's step.
		then := time.Now().Add(-time.Hour)
		for _, p := range []string{"a/b/index.html", "a/index.html", "b.css", "b.css.gz", "a/b", "a", "."} {
			os.Chtimes(filepath.Join(dir, p), then, then)
		}
		files, folders, err := ListOutput(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 4 || len(folders) != 3 {
			t.Fatalf("listed %v and %v", files, folders)
		}
		st = &State{Output: files, Folders: folders}
	}
	reset()
	if err := st.SameOutput(dir); err != nil {
		t.Fatal(err)
	}
	write := func(p, data string) func() {
		return func() { os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644) }
	}
	for _, tc := range []struct {
		name   string
		change func()
		want   string
	}{
		{"longer", write("b.css", "b{x:y}"), "b.css was changed"},
		{"same size, in place", func() {
			f, _ := os.OpenFile(filepath.Join(dir, "a/b/index.html"), os.O_WRONLY, 0)
			f.WriteAt([]byte("<p>c</p>"), 0)
			f.Close()
		}, "a/b/index.html was changed"},
		{"gone", func() { os.Remove(filepath.Join(dir, "a/index.html")) }, "a/index.html is missing"},
		{"added", write("c.js", ""), "c.js was added"},
		{"added deep", write("a/b/extra.html", ""), "a/b/extra.html was added"},
		{"sibling gone", func() { os.Remove(filepath.Join(dir, "b.css.gz")) }, "b.css.gz is missing"},
		{"sibling added", write("a/b/index.html.br", "br"), "a/b/index.html.br was added"},
		{"folder replaced", func() {
			os.RemoveAll(filepath.Join(dir, "a/b"))
			os.MkdirAll(filepath.Join(dir, "a/b"), 0o755)
			os.WriteFile(filepath.Join(dir, "a/b/other.html"), nil, 0o644)
		}, "a/b/index.html is missing"},
		{"folder renamed away and back", func() {
			os.Rename(filepath.Join(dir, "a/b"), filepath.Join(dir, "x"))
			os.Rename(filepath.Join(dir, "x"), filepath.Join(dir, "a/b"))
		}, ""},
		{"restored from an archive", func() {
			for p, ns := range st.Folders {
				whole := time.Unix(ns/1e9, 0)
				os.Chtimes(filepath.Join(dir, p), whole, whole)
			}
		}, ""},
	} {
		tc.change()
		err := st.SameOutput(dir)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || err.Error() != tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		reset()
	}
}

// TestRestamp: the stamps of a folder brought up to date after files were written and
// removed (a new folder, a folder emptied, a folder replaced by a file) are the ones
// listing it gives.
func TestRestamp(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a/b"), 0o755)
	os.WriteFile(filepath.Join(dir, "a/b/index.html"), []byte("<p>b</p>"), 0o644)
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<p>home</p>"), 0o644)
	files, folders, err := ListOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "c/d"), 0o755)
	os.WriteFile(filepath.Join(dir, "c/d/index.html"), []byte("<p>d</p>"), 0o644)
	os.Remove(filepath.Join(dir, "a/b/index.html"))
	os.Remove(filepath.Join(dir, "a/b"))
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<p>home, longer</p>"), 0o644)
	// A folder's name taken by a file.
	os.WriteFile(filepath.Join(dir, "a/b"), []byte("b"), 0o644)
	if err := Restamp(files, folders, dir, []string{"c/d/index.html", "a/b/index.html", "a/b", "index.html"}); err != nil {
		t.Fatal(err)
	}
	wantFiles, wantFolders, _ := ListOutput(dir)
	if !maps.Equal(files, wantFiles) || !maps.Equal(folders, wantFolders) {
		t.Errorf("restamped %v %v, listed %v %v", files, folders, wantFiles, wantFolders)
	}
	if err := (&State{Output: files, Folders: folders}).SameOutput(dir); err != nil {
		t.Error(err)
	}
}

// A kept file is read back as written; one damaged anywhere, even past what the reader
// took, is Unusable and Corrupt whatever the reader made of it; a reader's own error comes
// back as it is.
func TestKeptFiles(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	data := strings.Repeat("search documents ", 100_000)
	f, err := c.WriteFile("search", func(w io.Writer) error { _, err := io.WriteString(w, data); return err })
	if err != nil {
		t.Fatal(err)
	}
	st := &State{Files: map[string]File{"search": f}}
	readAll := func(got *string) func(io.Reader) error {
		return func(r io.Reader) error {
			b, err := io.ReadAll(r)
			*got = string(b)
			return err
		}
	}
	var got string
	if err := c.ReadFile(st, "search", readAll(&got)); err != nil || got != data {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	head := func(r io.Reader) error { _, err := r.Read(make([]byte, 10)); return err }
	if err := c.ReadFile(st, "search", head); err != nil {
		t.Fatalf("a reader that stops early: %v", err)
	}
	mine := errors.New("not a gob")
	if err := c.ReadFile(st, "search", func(io.Reader) error { return mine }); err != mine {
		t.Fatalf("the reader's error: got %v", err)
	}
	if _, err := c.WriteFile("x", func(io.Writer) error { return mine }); err != mine {
		t.Fatalf("the writer's error: got %v", err)
	}
	// Only the kept file is left in the folder: a failed write leaves nothing.
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("cache folder holds %d files, want 1", len(ents))
	}
	p := filepath.Join(dir, f.Name)
	raw, _ := os.ReadFile(p)
	raw[len(raw)-1] ^= 1 // past what head reads
	os.WriteFile(p, raw, 0o600)
	for _, read := range []func(io.Reader) error{readAll(&got), head} {
		var bad *Unusable
		if err := c.ReadFile(st, "search", read); !errors.As(err, &bad) || !bad.Corrupt {
			t.Errorf("damaged file: got %v, want a corrupt Unusable", err)
		}
	}
	os.Remove(p)
	var bad *Unusable
	if err := c.ReadFile(st, "search", head); !errors.As(err, &bad) || !bad.Corrupt {
		t.Errorf("missing file: got %v", err)
	}
	if err := c.ReadFile(st, "other", head); !errors.As(err, &bad) || bad.Corrupt {
		t.Errorf("a file never kept: got %v, want a plain Unusable", err)
	}
}

// readCounter counts the files read through it.
type readCounter struct {
	fs.FS
	mu    sync.Mutex
	reads map[string]int
}

func (r *readCounter) ReadFile(name string) ([]byte, error) {
	r.mu.Lock()
	r.reads[name]++
	r.mu.Unlock()
	return fs.ReadFile(r.FS, name)
}

func (r *readCounter) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(r.FS, name) }

func (r *readCounter) read() []string { return slices.Sorted(maps.Keys(r.reads)) }

// settledSite makes a site folder for scans, opened as a root, with write to put files in
// it, a cache, and a clock a minute ahead: every file written is settled (its stat
// trusted). All of it is undone when the test ends.
func settledSite(t *testing.T) (site string, root *os.Root, write func(p, data string), c *Cache) {
	site = t.TempDir()
	write = func(p, data string) {
		t.Helper()
		full := filepath.Join(site, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(site)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	clock = func() time.Time { return time.Now().Add(time.Minute) }
	t.Cleanup(func() { clock = time.Now })
	return site, root, write, Open(t.TempDir())
}

// TestScanKeepsUnchangedCopies: a scan after a saved one reads only the files whose stat
// changed (an edit that keeps the size and sets the modification time back included) and
// those outside the base pack; copies it kept are checked when read; once most of the base
// pack is stale every file is read into a new base; files changed too recently to trust
// their stat are read again by the next scan; Save deletes the packs no state names.
func TestScanKeepsUnchangedCopies(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("stats are trusted on Linux only")
	}
	site, root, write, c := settledSite(t)
	body := strings.Repeat("x", 1000)
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		write("content/"+name+".md", name+body)
	}
	scanFrom := func(prev *State) (*Scan, []string) {
		t.Helper()
		fsys := &readCounter{FS: root.FS(), reads: map[string]int{}}
		return scanAfter(t, c, fsys, prev), fsys.read()
	}
	save := func(s *Scan) *State {
		t.Helper()
		if err := c.Save(&State{Key: "k", Sources: s.Sources, Base: s.Base}); err != nil {
			t.Fatal(err)
		}
		st, err := c.Load("k")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	packs := func() []string {
		got, _ := filepath.Glob(filepath.Join(c.dir, "sources-*.pack"))
		for i := range got {
			got[i] = filepath.Base(got[i])
		}
		return got
	}

	first, read := scanFrom(nil)
	if len(read) != 8 || first.Base != first.Pack {
		t.Fatalf("first scan read %v, base %s of pack %s", read, first.Base, first.Pack)
	}
	st1 := save(first)

	write("content/a.md", "a edited")
	fi, _ := os.Stat(filepath.Join(site, "content/b.md"))
	write("content/b.md", "B"+body) // the same size, and the time set back
	os.Chtimes(filepath.Join(site, "content/b.md"), fi.ModTime(), fi.ModTime())
	write("content/new.md", "new")
	os.Remove(filepath.Join(site, "content/c.md"))
	second, read := scanFrom(st1)
	if want := []string{"content/a.md", "content/b.md", "content/new.md"}; !slices.Equal(read, want) {
		t.Fatalf("second scan read %v, want %v", read, want)
	}
	changes := st1.Changes(second.Sources)
	slices.Sort(changes)
	if want := []string{"content/a.md", "content/b.md", "content/c.md", "content/new.md"}; !slices.Equal(changes, want) {
		t.Fatalf("changes %v, want %v", changes, want)
	}
	if second.Base != first.Pack || second.Sources["content/d.md"].Pack != first.Pack {
		t.Fatalf("the unchanged files' copies moved: base %s, d in %s", second.Base, second.Sources["content/d.md"].Pack)
	}
	b := c.Before(st1, second)
	for name, want := range map[string]string{"content/a.md": "a" + body, "content/b.md": "b" + body, "content/c.md": "c" + body, "content/d.md": "d" + body} {
		if got, err := fs.ReadFile(b, name); err != nil || string(got) != want {
			t.Errorf("before: %s = %.10q, %v", name, got, err)
		}
	}
	b.Close()
	st2 := save(second)
	if got := packs(); len(got) != 2 {
		t.Fatalf("packs after the second save: %v", got)
	}

	// Files outside the base are read again; the pack of the scan before goes.
	third, read := scanFrom(st2)
	if want := []string{"content/a.md", "content/b.md", "content/new.md"}; !slices.Equal(read, want) {
		t.Fatalf("third scan read %v, want %v", read, want)
	}
	if changes := st2.Changes(third.Sources); len(changes) != 0 {
		t.Fatalf("changes with nothing edited: %v", changes)
	}
	st3 := save(third)
	if got := packs(); !slices.Equal(got, slices.Sorted(slices.Values([]string{first.Pack, third.Pack}))) {
		t.Fatalf("packs after the third save: %v, want %s and %s", got, first.Pack, third.Pack)
	}

	// A kept copy damaged in the base pack: found when read.
	d := st3.Sources["content/d.md"]
	raw, _ := os.ReadFile(filepath.Join(c.dir, d.Pack))
	raw[d.Offset] ^= 1
	os.WriteFile(filepath.Join(c.dir, d.Pack), raw, 0o600)
	write("content/e.md", "e edited")
	fourth, _ := scanFrom(st3)
	b = c.Before(st3, fourth)
	if _, err := fs.ReadFile(b, "content/d.md"); err == nil || !Damaged(b) {
		t.Errorf("a damaged kept copy read back: %v", err)
	}
	b.Close()
	fourth.Discard()

	// Most of the base stale (of its eight copies, d to h are current; d, e and f change):
	// every file is read into a new base.
	for _, name := range []string{"d", "e", "f"} {
		write("content/"+name+".md", name+" edited")
	}
	fifth, read := scanFrom(st3)
	if len(read) != 8 || fifth.Base != fifth.Pack {
		t.Fatalf("scan of a mostly stale base read %v, base %s of pack %s", read, fifth.Base, fifth.Pack)
	}
	if fifth.Read != 8 || fifth.OnDisk != 8 {
		t.Errorf("the scan counts %d of %d files read, want each of the 8 once", fifth.Read, fifth.OnDisk)
	}
	st5 := save(fifth)
	if got := packs(); !slices.Equal(got, []string{fifth.Pack}) {
		t.Fatalf("packs after a new base: %v", got)
	}

	// Files changed within the racy window keep no stat: read again next time.
	clock = time.Now
	write("content/a.md", "a again")
	sixth, _ := scanFrom(st5)
	if sixth.Sources["content/a.md"].Stat != (FileStat{}) {
		t.Error("a file written just now kept its stat")
	}
	st6 := save(sixth)
	clock = func() time.Time { return time.Now().Add(time.Minute) }
	if _, read := scanFrom(st6); !slices.Contains(read, "content/a.md") {
		t.Errorf("a file with no trusted stat was not read again: read %v", read)
	}
}

// TestStateRoundTrip: a saved state reads back as it was, its lists included; a body
// whose hash matches but whose lists do not read (cut short, or with bytes after them) is
// corrupt, never a shorter list.
func TestStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	scan := scanOf(t, c, fstest.MapFS{"content/a.md": {Data: []byte("a")}, "content/b/c.md": {Data: []byte("bc")}})
	a := scan.Sources["content/a.md"]
	a.Blob = gitindex.BlobID([]byte("a"))
	scan.Sources["content/a.md"] = a
	st := &State{Key: "k", Sources: scan.Sources, Base: scan.Base,
		Output:        map[string]Stamp{"index.html": {Size: 10, ModTime: 1700000000}, "a/b/index.html.gz": {Size: 0, ModTime: -3}},
		NextScheduled: time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC),
		Files:         map[string]File{"search": {Name: "search-1.dat", Hash: "ab"}},
		Pages:         map[string]int{"company": 2}, Routes: map[string]int{"list": 1},
		Replaced: &output.Replaced{Name: ".public.previous", Changed: []string{"index.html"}},
	}
	if err := c.Save(st); err != nil {
		t.Fatal(err)
	}
	got, err := c.Load("k")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, st) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, st)
	}
	body, err := encodeState(st)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{body[:len(body)-1], append(slices.Clone(body), 0)} {
		if err := os.WriteFile(filepath.Join(dir, stateFile), append([]byte(hashOf(bad)+"\n"), bad...), 0o644); err != nil {
			t.Fatal(err)
		}
		var u *Unusable
		if _, err := c.Load("k"); !asUnusable(err, &u) || !u.Corrupt {
			t.Fatalf("a body of %d bytes of %d: %v", len(bad), len(body), err)
		}
	}
}

// folderFS opens folders of a MapFS as fs.Sub, counting them, as sitefs opens the site's.
type folderFS struct {
	fstest.MapFS
	opened, closed int
	refuse         string // a folder that does not open
}

func (f *folderFS) OpenFolder(dir string) (fs.FS, func() error, bool, error) {
	if dir == f.refuse {
		return nil, nil, false, errors.New("refused")
	}
	sub, err := fs.Sub(f.MapFS, dir)
	f.opened++
	return sub, func() error { f.closed++; return nil }, true, err
}

// TestScanReadsInFolders: the files of a folder of many are read in it, opened once (and
// closed by the scan), and hashed as if read by path; a folder that does not open, and one
// of few files, are read through the file system.
func TestScanReadsInFolders(t *testing.T) {
	fsys := &folderFS{MapFS: fstest.MapFS{}, refuse: "content/parks"}
	for i := range manyFiles + 10 {
		fsys.MapFS[fmt.Sprintf("content/companies/c%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("company %d", i))}
		fsys.MapFS[fmt.Sprintf("content/parks/p%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("park %d", i))}
	}
	fsys.MapFS["content/pages/about.md"] = &fstest.MapFile{Data: []byte("about")}
	c := Open(t.TempDir())
	scan := scanOf(t, c, fsys)
	defer scan.Discard()
	if fsys.opened != 1 || fsys.closed != 1 {
		t.Fatalf("%d folders opened, %d closed; want the companies' folder, once", fsys.opened, fsys.closed)
	}
	if len(scan.Sources) != len(fsys.MapFS) {
		t.Fatalf("%d sources scanned, want %d", len(scan.Sources), len(fsys.MapFS))
	}
	for name, f := range fsys.MapFS {
		if got := scan.Sources[name].Hash; got != hashOf(f.Data) {
			t.Errorf("%s: hash %s, want that of its bytes", name, got)
		}
	}
}

// TestScanCheckoutKeepsBase: after a fresh checkout (every file's stat new, CI's case) a
// scan reads every file, and those whose bytes the base pack has keep that copy: nothing is
// copied into a new pack, the base stays, and nothing counts as changed; an edited file
// alone is copied. When most of the base turns out stale, every file is copied into a new
// base after all.
func TestScanCheckoutKeepsBase(t *testing.T) {
	site, root, write, c := settledSite(t)
	names := []string{"a", "b", "c", "d", "e", "f"}
	for _, n := range names {
		write("content/"+n+".md", n+strings.Repeat("x", 500))
	}
	checkout := func() {
		t.Helper()
		later := time.Now().Add(time.Duration(rand.IntN(1000)+1) * time.Second)
		for _, n := range names {
			if err := os.Chtimes(filepath.Join(site, "content", n+".md"), later, later); err != nil {
				t.Fatal(err)
			}
		}
	}
	first := scanOf(t, c, root.FS())
	if err := c.Save(&State{Key: "k", Sources: first.Sources, Base: first.Base}); err != nil {
		t.Fatal(err)
	}
	st, _ := c.Load("k")

	checkout()
	write("content/a.md", "a edited")
	second := scanAfter(t, c, root.FS(), st)
	if second.Base != first.Base {
		t.Fatalf("base %s, want the first scan's %s", second.Base, first.Base)
	}
	for _, n := range names[1:] {
		if s := second.Sources["content/"+n+".md"]; s.Pack != first.Pack || s.Hash != st.Sources["content/"+n+".md"].Hash {
			t.Errorf("%s: copy in %s, want the base's", n, s.Pack)
		}
	}
	if s := second.Sources["content/a.md"]; s.Pack != second.Pack || s.Len != int64(len("a edited")) {
		t.Errorf("the edited file's copy: %+v", s)
	}
	if fi, err := os.Stat(filepath.Join(c.dir, second.Pack)); err != nil || fi.Size() != int64(len("a edited")) {
		t.Errorf("the new pack holds %v bytes (%v), want the edited file's alone", fi.Size(), err)
	}
	if changes := st.Changes(second.Sources); !slices.Equal(changes, []string{"content/a.md"}) {
		t.Errorf("changes %v", changes)
	}
	b := c.Before(st, second)
	if got, err := fs.ReadFile(b, "content/b.md"); err != nil || string(got) != "b"+strings.Repeat("x", 500) {
		t.Errorf("before: b = %.10q, %v", got, err)
	}
	b.Close()
	second.Discard()

	// Four of the six copies stale once read: every file goes to a new base.
	checkout()
	for _, n := range []string{"b", "c", "d"} {
		write("content/"+n+".md", n+" edited")
	}
	third := scanAfter(t, c, root.FS(), st)
	if third.Base != third.Pack {
		t.Fatalf("base %s, want the new pack %s", third.Base, third.Pack)
	}
	if third.Read != len(names) || third.OnDisk != len(names) {
		t.Errorf("the scan counts %d of %d files read, want each of the %d once (some were read twice)", third.Read, third.OnDisk, len(names))
	}
	for p, s := range third.Sources {
		data, _ := fs.ReadFile(root.FS(), p)
		if s.Pack != third.Pack || s.Hash != hashOf(data) {
			t.Errorf("%s: %+v, want a copy of its bytes in the new base", p, s)
		}
	}
	third.Discard()
}

// TestScanTrustsGitCheckout: in a Git working tree a scan records each file's blob id, and
// after a fresh checkout (every stat new, CI's case) the next scan reads only the files
// git's index does not vouch for: the one edited and committed, and one changed behind
// git's back with its modification time set back (its change time is not git's). The
// others keep their base copies and their new stats; nothing else counts as changed.
func TestScanTrustsGitCheckout(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("stats are trusted on Linux only")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	site, root, write, c := settledSite(t)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = site
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+site)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	names := []string{"a", "b", "c", "d", "e", "f"}
	// checkout writes every file anew, with the time set back (the index is written in a
	// later second: git vouches for them), and has git record them.
	checkout := func(data map[string]string) {
		t.Helper()
		then := time.Now().Add(-time.Duration(rand.IntN(1000)+10) * time.Minute)
		for _, n := range names {
			p := "content/" + n + ".md"
			os.Remove(filepath.Join(site, p))
			write(p, data[n])
			if err := os.Chtimes(filepath.Join(site, p), then, then); err != nil {
				t.Fatal(err)
			}
		}
		git("add", "-A")
		git("commit", "-q", "--allow-empty", "-m", "checkout")
	}
	useGit := func() {
		t.Helper()
		x, err := gitindex.Open(site)
		if err != nil || x.Len() != len(names) {
			t.Fatalf("the index: %v entries, %v", x.Len(), err)
		}
		c.UseGit(x)
	}
	data := map[string]string{}
	for _, n := range names {
		data[n] = n + strings.Repeat("x", 500)
	}
	git("init", "-q")
	checkout(data)
	useGit()
	first := scanOf(t, c, root.FS())
	for _, n := range names {
		if s := first.Sources["content/"+n+".md"]; s.Blob != gitindex.BlobID([]byte(data[n])) {
			t.Fatalf("%s: blob %x, want git's id of its bytes", n, s.Blob)
		}
	}
	if err := c.Save(&State{Key: "k", Sources: first.Sources, Base: first.Base}); err != nil {
		t.Fatal(err)
	}
	st, err := c.Load("k")
	if err != nil {
		t.Fatal(err)
	}

	data["a"] = "a edited"
	checkout(data)
	// b changes behind git's back: its size and modification time are the ones git saw.
	bPath := filepath.Join(site, "content/b.md")
	fi, _ := os.Stat(bPath)
	write("content/b.md", "B"+strings.Repeat("x", 500))
	os.Chtimes(bPath, fi.ModTime(), fi.ModTime())
	useGit()
	fsys := &readCounter{FS: root.FS(), reads: map[string]int{}}
	second := scanAfter(t, c, fsys, st)
	defer second.Discard()
	if want := []string{"content/a.md", "content/b.md"}; !slices.Equal(fsys.read(), want) {
		t.Fatalf("read %v, want %v", fsys.read(), want)
	}
	if changes := slices.Sorted(slices.Values(st.Changes(second.Sources))); !slices.Equal(changes, []string{"content/a.md", "content/b.md"}) {
		t.Errorf("changes %v", changes)
	}
	for _, n := range names[2:] {
		p := "content/" + n + ".md"
		s := second.Sources[p]
		fi, _ := os.Stat(filepath.Join(site, p))
		if s.Pack != first.Pack || s.Hash != st.Sources[p].Hash || s.Stat != statOf(fi) {
			t.Errorf("%s: %+v, want the base's copy with the new stat", n, s)
		}
	}
	b := c.Before(st, second)
	defer b.Close()
	if got, err := fs.ReadFile(b, "content/c.md"); err != nil || string(got) != data["c"] {
		t.Errorf("before: c = %.10q, %v", got, err)
	}

	// Outside a working tree the same checkout reads every file.
	c.UseGit(nil)
	checkout(data)
	fsys = &readCounter{FS: root.FS(), reads: map[string]int{}}
	third := scanAfter(t, c, fsys, st)
	defer third.Discard()
	if len(fsys.read()) != len(names) {
		t.Errorf("without git, read %v", fsys.read())
	}
}
