package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestWalk compares Walk's entries, and their Info, with filepath.WalkDir and os.Lstat.
func TestWalk(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"index.html", "a/index.html", "a/index.html.gz", "a/b/c/deep.txt", "zh/a/index.html"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Repeat("x", len(f))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o700); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 2, 3, 4, 5, 600, time.UTC)
	if err := os.Chtimes(filepath.Join(root, "a", "index.html"), old, old); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if err := os.Symlink("index.html", filepath.Join(root, "a", "link")); err != nil {
			t.Fatal(err)
		}
	}

	want := map[string]fs.FileInfo{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if p != root {
			rel, _ := filepath.Rel(root, p)
			fi, err := os.Lstat(p)
			if err != nil {
				t.Fatal(err)
			}
			want[filepath.ToSlash(rel)] = fi
		}
		return nil
	})

	var mu sync.Mutex
	got := map[string]fs.FileInfo{}
	err := Walk(root, func(rel string, d fs.DirEntry) error {
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if fi.Name() != d.Name() || fi.IsDir() != d.IsDir() || fi.Mode().Type() != d.Type() {
			t.Errorf("%s: Info %s (dir %v, %v) against the entry's %s (dir %v, %v)", rel, fi.Name(), fi.IsDir(), fi.Mode().Type(), d.Name(), d.IsDir(), d.Type())
		}
		mu.Lock()
		defer mu.Unlock()
		if _, seen := got[rel]; seen {
			t.Errorf("%s visited twice", rel)
		}
		got[rel] = fi
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("walked %d entries, want %d", len(got), len(want))
	}
	for rel, w := range want {
		g, ok := got[rel]
		switch {
		case !ok:
			t.Errorf("%s not visited", rel)
		case g.Mode() != w.Mode() || g.ModTime() != w.ModTime() || (!w.IsDir() && g.Size() != w.Size()):
			t.Errorf("%s: mode %v, time %v, size %d; os.Lstat says %v, %v, %d", rel, g.Mode(), g.ModTime(), g.Size(), w.Mode(), w.ModTime(), w.Size())
		}
	}
	if g := got["a/index.html"]; g == nil || !g.ModTime().Equal(old) {
		t.Errorf("a/index.html's time is not the one set")
	}
}

// TestWalkStops: the first error visit returns ends the walk and is Walk's.
func TestWalkStops(t *testing.T) {
	root := t.TempDir()
	for i := range 50 {
		d := filepath.Join(root, "d"+strings.Repeat("x", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "f"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("stop")
	var mu sync.Mutex
	visits := 0
	err := Walk(root, func(rel string, d fs.DirEntry) error {
		mu.Lock()
		defer mu.Unlock()
		visits++
		if !d.IsDir() {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Walk = %v, want the visit's error", err)
	}
	if visits == 100 {
		t.Errorf("every entry was visited after the error")
	}
	if err := Walk(filepath.Join(root, "missing"), func(string, fs.DirEntry) error { return nil }); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Walk of a missing folder = %v", err)
	}
}

// TestWalkEntryKept: an entry kept past its visit still stats its own file (by path, the
// folder being closed), not whatever a reused descriptor names.
func TestWalkEntryKept(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"a/one.txt", "b/two.txt"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	kept := map[string]fs.DirEntry{}
	if err := Walk(root, func(rel string, d fs.DirEntry) error {
		mu.Lock()
		defer mu.Unlock()
		kept[rel] = d
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"a/one.txt", "b/two.txt"} {
		fi, err := kept[rel].Info()
		if err != nil || fi.Size() != int64(len(rel)) {
			t.Errorf("%s's Info after the walk: %v, %v", rel, fi, err)
		}
	}
}

// TestWalkLargeFolder: a folder whose entries take several reads of the kernel's listing
// is walked whole, each entry once, with its type.
func TestWalkLargeFolder(t *testing.T) {
	root := t.TempDir()
	const files = 3000
	for i := range files {
		name := filepath.Join(root, fmt.Sprintf("%s-%04d.html", strings.Repeat("n", i%40), i))
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	dirs := 0
	if err := Walk(root, func(rel string, d fs.DirEntry) error {
		mu.Lock()
		defer mu.Unlock()
		if seen[rel] {
			t.Errorf("%s visited twice", rel)
		}
		seen[rel] = true
		if d.IsDir() {
			dirs++
		} else if d.Type() != 0 {
			t.Errorf("%s: type %v", rel, d.Type())
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != files+1 || dirs != 1 {
		t.Fatalf("%d entries (%d folders), want %d and 1", len(seen), dirs, files+1)
	}
}
