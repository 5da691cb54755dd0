package output

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCommitReplacesAtomically(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	os.MkdirAll(filepath.Join(dest, "old"), 0o755)
	os.WriteFile(filepath.Join(dest, "old", "index.html"), []byte("old"), 0o644)

	d, err := Begin(dest, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("new/index.html", []byte("<p>  new   page </p>\n\n")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("data.bin", []byte("  raw  ")); err != nil {
		t.Fatal(err)
	}
	// Until Commit, dest is untouched.
	if _, err := os.Stat(filepath.Join(dest, "old", "index.html")); err != nil {
		t.Fatal("dest changed before Commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dest, "new", "index.html"))
	if string(got) != "<p>new page</p>" {
		t.Errorf("minified page = %q", got)
	}
	raw, _ := os.ReadFile(filepath.Join(dest, "data.bin"))
	if string(raw) != "  raw  " {
		t.Errorf("unknown types must be copied as they are: %q", raw)
	}
	if _, err := os.Stat(filepath.Join(dest, "old")); !os.IsNotExist(err) {
		t.Error("old files survived the swap")
	}
	// The replaced site is kept beside dest until the next build deletes it.
	if got := names(t, parent); len(got) != 2 || got[0] != ".public.sitegen-previous-"+strings.TrimPrefix(filepath.Base(d.Root()), ".public.sitegen-") {
		t.Errorf("beside dest: %v", got)
	}
	if files, bytes := d.Stats(); files != 2 || bytes != int64(len("<p>new page</p>")+7) {
		t.Errorf("stats %d files %d bytes", files, bytes)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestNextBuildDeletesPreviousSite(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	var roots []string
	for i := 0; i < 3; i++ {
		d, err := Begin(dest, false)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, d.Root())
		d.WriteFile("index.html", []byte{byte('0' + i)})
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	// Build 1 made dest; build 2 kept build 1's site; build 3 deleted that and kept build 2's.
	want := []string{".public.sitegen-previous-" + strings.TrimPrefix(filepath.Base(roots[2]), ".public.sitegen-"), "public"}
	if got := names(t, parent); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("beside dest: %v, want %v", got, want)
	}
	data, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	if string(data) != "2" {
		t.Errorf("dest holds build %q", data)
	}
	// A build in progress elsewhere (a temporary folder without "previous-") is left alone.
	busy := filepath.Join(parent, ".public.sitegen-999")
	os.Mkdir(busy, 0o755)
	d, _ := Begin(dest, false)
	d.Abort()
	if _, err := os.Stat(busy); err != nil {
		t.Error("another build's temporary folder was deleted")
	}
}

func TestAbortLeavesDestAlone(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	d, err := Begin(dest, true)
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("x"))
	d.Abort()
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Errorf("abort left %v", ents)
	}
}

func TestPathsStayInside(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, bad := range []string{"../x.html", "/etc/passwd", "a/../../x", "", ".", `a\..\..\x`} {
		if _, err := d.Create(bad); !errors.Is(err, ErrOutsideOutput) {
			t.Errorf("Create(%q) = %v, want ErrOutsideOutput", bad, err)
		}
	}
}

func TestMinifierPerType(t *testing.T) {
	m := NewMinifier()
	tests := map[string]string{
		"text/css":               "a { color : red ; }",
		"application/javascript": "var  x = 1 ;\n\n",
		"image/svg+xml":          "<svg>  <rect width=\"10\" />  </svg>",
		"application/json":       "{ \"a\" : 1 }",
		"application/xml":        "<a>\n  <b/>\n</a>",
	}
	for mt, in := range tests {
		out, err := m.String(mt, in)
		if err != nil || len(out) >= len(in) || strings.Contains(out, "  ") {
			t.Errorf("%s: %q -> %q (%v)", mt, in, out, err)
		}
	}
}

func TestRelativeDest(t *testing.T) {
	t.Chdir(t.TempDir())
	d, err := Begin("public", true)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a/b/index.html", []byte("<p>x</p>")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("public/a/b/index.html"); err != nil {
		t.Fatal(err)
	}
}

// tree lists the files under dir with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !e.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return out
}

func build(t *testing.T, dest string, files map[string]string) *Dir {
	t.Helper()
	d, err := Begin(dest, false)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range files {
		if err := d.WriteFile(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

// A build over the previous site must end up with exactly its own files.
func TestReusedTreeHoldsExactlyTheNewBuild(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"a.html": "A1", "b/index.html": "B1", "c/d/e.html": "E1", "keep/x.css": "X1"})
	build(t, dest, map[string]string{"a.html": "A2", "other/index.html": "O2"})
	third := map[string]string{"a.html": "A3", "b": "B is a file now", "c/d": "D is a file now", "keep/x.css": "X3", "z/index.html": "Z3"}
	d := build(t, dest, third)
	if !d.reused {
		t.Fatal("the third build should have reused the first build's tree")
	}
	got := tree(t, dest)
	if len(got) != len(third) {
		t.Errorf("dest has %v, want exactly %v", got, third)
	}
	for p, want := range third {
		if got[p] != want {
			t.Errorf("%s = %q, want %q", p, got[p], want)
		}
	}
}

// A symbolic link planted in the kept previous site must not redirect any write.
func TestReusedTreeNeverFollowsLinks(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "secret"), []byte("untouched"), 0o644)
	dest := filepath.Join(root, "site", "public")
	build(t, dest, map[string]string{"index.html": "1"})
	build(t, dest, map[string]string{"index.html": "2"})
	prev := previousSites(dest)
	if len(prev) != 1 {
		t.Fatalf("previous sites: %v", prev)
	}
	os.Symlink(outside, filepath.Join(prev[0], "dir"))
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(prev[0], "file.html"))
	build(t, dest, map[string]string{"dir/index.html": "written", "file.html": "written", "index.html": "3"})
	data, _ := os.ReadFile(filepath.Join(outside, "secret"))
	if string(data) != "untouched" {
		t.Errorf("a write went through a link: %q", data)
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 1 {
		t.Errorf("files appeared outside: %v", ents)
	}
	if got := tree(t, dest); got["dir/index.html"] != "written" || got["file.html"] != "written" {
		t.Errorf("dest: %v", got)
	}
}

// Files a build would write unchanged into a reused tree are left alone (no write, same
// modification time); changed ones are written.
func TestReusedTreeSkipsUnchangedFiles(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"same.html": "same", "changed.html": "v1"}
	build(t, dest, files)
	build(t, dest, files)
	prev := previousSites(dest)[0]
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for p := range files {
		os.Chtimes(filepath.Join(prev, p), old, old)
	}
	files["changed.html"] = "v2"
	build(t, dest, files)
	same, _ := os.Stat(filepath.Join(dest, "same.html"))
	changed, _ := os.Stat(filepath.Join(dest, "changed.html"))
	if !same.ModTime().Equal(old) {
		t.Errorf("an unchanged file was written again (mtime %v)", same.ModTime())
	}
	if changed.ModTime().Equal(old) {
		t.Error("a changed file was not written")
	}
	if got := tree(t, dest); got["changed.html"] != "v2" || got["same.html"] != "same" {
		t.Errorf("dest: %v", got)
	}
}

// A large file's buffers are not kept for the next file: a pool holds what it is given for
// two collections, and buffers grown for a 23 MB sitemap were 100 MB of a build's peak.
func TestLargeBuffersAreNotPooled(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	large := bytes.Repeat([]byte("<p>x</p>\n"), 2*pooledBufMax/9)
	if err := d.WriteFile("large.html", large); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("small.html", []byte("<p>x</p>")); err != nil {
		t.Fatal(err)
	}
	for range 8 {
		if buf := d.bufs.Get().(*bytes.Buffer); buf.Cap() > pooledBufMax {
			t.Fatalf("a buffer of %d bytes came back from the pool (most %d)", buf.Cap(), pooledBufMax)
		}
	}
}

// WriteNamed leaves a file of the same name and size in a reused tree as it is, without
// reading it (its name is made from its content), and writes any other.
func TestWriteNamedLeavesTheNamedFile(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for name, data := range map[string]string{"a.1234.json": "[1,2]", "b.5678.json": "[1]"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	d := InPlace(dir, true)
	for _, tt := range []struct{ name, data string }{
		{"a.1234.json", "[1,2]"},  // there: left
		{"b.5678.json", "[1,22]"}, // another size: written
		{"c.9abc.json", "[3]"},    // new
	} {
		if err := d.WriteNamed(tt.name, []byte(tt.data)); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := os.Stat(filepath.Join(dir, "a.1234.json"))
	b, _ := os.Stat(filepath.Join(dir, "b.5678.json"))
	if !a.ModTime().Equal(old) || b.ModTime().Equal(old) {
		t.Errorf("mtimes: the one there %v (want %v), the other size %v", a.ModTime(), old, b.ModTime())
	}
	if got := tree(t, dir); got["b.5678.json"] != "[1,22]" || got["c.9abc.json"] != "[3]" || got["a.1234.json"] != "[1,2]" {
		t.Errorf("dir: %v", got)
	}
	if err := d.WriteNamed("../out.json", []byte("x")); err == nil {
		t.Error("a name outside the tree was written")
	}
	// Without the bytes: kept only when there with the size given.
	for _, tt := range []struct {
		name string
		size int
		want bool
	}{{"a.1234.json", 5, true}, {"a.1234.json", 6, false}, {"d.0000.json", 3, false}} {
		if got, err := d.KeepNamed(tt.name, tt.size); err != nil || got != tt.want {
			t.Errorf("KeepNamed(%s, %d) = %v, %v; want %v", tt.name, tt.size, got, err, tt.want)
		}
	}
	if _, err := d.KeepNamed("../a.json", 1); err == nil {
		t.Error("KeepNamed of a name outside the tree")
	}
}

// RemoveFrom deletes the named files of a folder (an emptied folder goes too), refuses
// names that are paths and a folder that is a link out of the tree, and stops when
// cancelled.
func TestRemoveFrom(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	for _, f := range []string{"search/a.json", "search/a.json.gz", "search/b.json", "search/keep.json", "only/x.json", "../" + filepath.Base(outside) + "/victim.json"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Symlink(outside, filepath.Join(dir, "link"))
	d := InPlace(dir, true)
	ctx := context.Background()
	if err := d.RemoveFrom(ctx, "search", []string{"a.json", "a.json.gz", "b.json", "gone-already.json"}); err != nil {
		t.Fatal(err)
	}
	if err := d.RemoveFrom(ctx, "only", []string{"x.json"}); err != nil {
		t.Fatal(err)
	}
	if err := d.RemoveFrom(ctx, "never/made", []string{"x.json"}); err != nil {
		t.Errorf("a folder that is not there: %v", err)
	}
	got := tree(t, dir)
	delete(got, "link")
	if _, ok := got["search/keep.json"]; !ok || len(got) != 1 {
		t.Errorf("left: %v, want search/keep.json alone", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "only")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the emptied folder is still there")
	}
	for _, tt := range []struct{ folder, name string }{
		{"link", "victim.json"}, {"..", filepath.Base(outside)}, {"search", "../search/keep.json"}, {"search", ".."},
	} {
		if err := d.RemoveFrom(ctx, tt.folder, []string{tt.name}); err == nil {
			t.Errorf("%s in %s: removed", tt.name, tt.folder)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "victim.json")); err != nil {
		t.Errorf("a file outside the tree: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := d.RemoveFrom(cancelled, "search", []string{"keep.json"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, ok := tree(t, dir)["search/keep.json"]; !ok {
		t.Error("cancelled, yet removed")
	}
}

// With compressed siblings, a named file is kept without its bytes only when both of its
// siblings are there (a small or binary one needs none); otherwise its bytes are asked for.
func TestKeepNamedWithSiblings(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("[1,2,3]", 200) // over MinPrecompressSize
	files := map[string]string{
		"both.1.json": big, "both.1.json.gz": "gz", "both.1.json.br": "br",
		"one.2.json": big, "one.2.json.gz": "gz",
		"small.3.json": "[1]",
		"photo.4.webp": big,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := InPlace(dir, true)
	d.SetPrecompress(NewPrecompress("", 0))
	for _, tt := range []struct {
		name string
		size int
		want bool
	}{
		{"both.1.json", len(big), true},
		{"one.2.json", len(big), false}, // a sibling is missing: made again from the bytes
		{"small.3.json", 3, true},
		{"photo.4.webp", len(big), true},
		{"both.1.json", len(big) + 1, false},
	} {
		if got, err := d.KeepNamed(tt.name, tt.size); err != nil || got != tt.want {
			t.Errorf("KeepNamed(%s, %d) = %v, %v; want %v", tt.name, tt.size, got, err, tt.want)
		}
	}
	// The kept siblings count as written: a commit of the tree keeps them.
	for _, name := range []string{"both.1.json.gz", "both.1.json.br"} {
		if _, ok := d.written.Load(filepath.Join(dir, name)); !ok {
			t.Errorf("%s not counted as written", name)
		}
	}
	// But no bytes went to disk: Created counts what is written, siblings included.
	if n := d.Created(); n != 0 {
		t.Errorf("Created = %d after keeping files, want 0", n)
	}
	if err := d.WriteNamed("one.2.json", []byte(big)); err != nil {
		t.Fatal(err)
	}
	if n := d.Created(); n != 2 {
		t.Errorf("Created = %d, want 2: one.2.json was there as it is, its .gz (other bytes) and missing .br were written", n)
	}
}

// TestKeepNamedListed: with the list of the tree as the build began (Listed), a listed
// file and its siblings are kept by their listed sizes without being looked at (here they
// are not even there: the list is what the caller checked); a file or sibling the list
// does not hold, or one this build wrote or removed since, is looked at as without a list.
func TestKeepNamedListed(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("[1,2,3]", 200) // over MinPrecompressSize
	on := map[string]string{"sub/gone.5.json": big, "sub/gone.5.json.gz": "gz", "sub/gone.5.json.br": "br",
		"disk.6.json": big, "disk.6.json.gz": "gz", "disk.6.json.br": "br"}
	for name, data := range on {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	list := map[string]int64{
		"listed.1.json": int64(len(big)), "listed.1.json.gz": 2, "listed.1.json.br": 2,
		"nosib.2.json": int64(len(big)), "nosib.2.json.gz": 2, // its .br is not listed
		"small.3.json":    3,
		"sub/gone.5.json": int64(len(big)), "sub/gone.5.json.gz": 2, "sub/gone.5.json.br": 2,
	}
	d := InPlace(dir, true)
	d.SetPrecompress(NewPrecompress("", 0))
	j := &Journal{}
	d.SetJournal(j)
	d.Listed(func(rel string) (int64, bool) { s, ok := list[rel]; return s, ok })
	if err := d.Remove("sub/gone.5.json"); err != nil { // removed by this build: looked at
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		size int
		want bool
	}{
		{"listed.1.json", len(big), true},      // by the list alone
		{"listed.1.json", len(big) + 1, false}, // another size: written again
		{"nosib.2.json", len(big), false},      // a sibling unlisted and not there
		{"small.3.json", 3, true},
		{"disk.6.json", len(big), true},      // not listed: looked at, and there
		{"sub/gone.5.json", len(big), false}, // listed, but removed since
	} {
		if got, err := d.KeepNamed(tt.name, tt.size); err != nil || got != tt.want {
			t.Errorf("KeepNamed(%s, %d) = %v, %v; want %v", tt.name, tt.size, got, err, tt.want)
		}
	}
	for _, name := range []string{"listed.1.json", "listed.1.json.gz", "listed.1.json.br"} {
		if _, ok := d.written.Load(filepath.Join(dir, name)); !ok {
			t.Errorf("%s not counted as written", name)
		}
	}
	// Without a journal the list is not used: nothing says what the build did since.
	plain := InPlace(dir, true)
	plain.Listed(func(rel string) (int64, bool) { s, ok := list[rel]; return s, ok })
	if got, _ := plain.KeepNamed("small.3.json", 3); got {
		t.Error("a listed file kept by a tree without a journal")
	}
}
