package buildcache

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func scanOf(t *testing.T, c *Cache, fsys fs.FS) *Scan {
	t.Helper()
	s, err := c.ScanSources(context.Background(), fsys, []string{"content", "themes", "static"}, func(name string) bool { return strings.HasPrefix(name, ".") })
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
	st := &State{Key: "k", Sources: scan.Sources, Pack: scan.Pack}
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
	if err := c.Save(&State{Key: "k", Sources: scan.Sources, Pack: scan.Pack}); err != nil {
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
	if err := c.Save(&State{Key: "k", Sources: scan.Sources, Pack: "../escape.pack"}); err != nil {
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

// TestSameOutput names the first difference between a folder and its stamps.
func TestSameOutput(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, "a/index.html"), []byte("<p>a</p>"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.css"), []byte("b{}"), 0o644)
	stamps, err := ListOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := &State{Output: stamps}
	if err := st.SameOutput(dir); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		change func()
		want   string
	}{
		{"longer", func() { os.WriteFile(filepath.Join(dir, "b.css"), []byte("b{x:y}"), 0o644) }, "b.css was changed"},
		{"gone", func() { os.Remove(filepath.Join(dir, "a/index.html")) }, "a/index.html is missing"},
		{"added", func() { os.WriteFile(filepath.Join(dir, "c.js"), nil, 0o644) }, "c.js was added"},
	} {
		tc.change()
		if err := st.SameOutput(dir); err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		os.RemoveAll(dir)
		os.MkdirAll(filepath.Join(dir, "a"), 0o755)
		os.WriteFile(filepath.Join(dir, "a/index.html"), []byte("<p>a</p>"), 0o644)
		os.WriteFile(filepath.Join(dir, "b.css"), []byte("b{}"), 0o644)
		stamps, _ := ListOutput(dir)
		st = &State{Output: stamps}
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
