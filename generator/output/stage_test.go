package output

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// staged changes a staged copy of dest (from, when given): writes files, removes others,
// and commits, returning the journal's paths and the replaced site.
func staged(t *testing.T, dest string, from *Replaced, write map[string]string, remove ...string) *Replaced {
	t.Helper()
	d, err := Stage(dest, false, from)
	if err != nil {
		t.Fatal(err)
	}
	j := &Journal{}
	d.SetJournal(j)
	for _, p := range remove { // first: a file may take the place of a removed folder
		if err := d.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	for p, data := range write {
		if err := d.WriteFile(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return &Replaced{Name: d.Replaced(), Changed: j.Paths()}
}

// TestStageFromTheReplacedSite: staged builds one after the other, each starting from the
// site the one before replaced (relinking what that one changed), publish what a copy of
// the whole site would, and never change a file of the published site in place.
func TestStageFromTheReplacedSite(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"index.html": "<p>home</p>", "a/index.html": "<p>a</p>", "b/index.html": "<p>b</p>", "b/x/deep.txt": "deep"})
	want := tree(t, dest)
	var from *Replaced
	for i, step := range []struct {
		write  map[string]string
		remove []string
	}{
		{map[string]string{"a/index.html": "<p>a2</p>", "c/index.html": "<p>c</p>"}, []string{"b/x/deep.txt"}},
		{map[string]string{"index.html": "<p>home2</p>"}, []string{"c/index.html"}},
		{map[string]string{"c/index.html": "<p>c again</p>", "b/x/deep.txt": "back"}, nil},
		{nil, []string{"a/index.html", "b/index.html"}},
	} {
		published := tree(t, dest)
		from = staged(t, dest, from, step.write, step.remove...)
		maps.Copy(want, step.write)
		for _, p := range step.remove {
			delete(want, p)
		}
		if got := tree(t, dest); !maps.Equal(got, want) {
			t.Fatalf("build %d: %v, want %v", i, got, want)
		}
		// The replaced site is the one published before: no write went through a link.
		if got := tree(t, filepath.Join(filepath.Dir(dest), from.Name)); !maps.Equal(got, published) {
			t.Fatalf("build %d: the replaced site is %v, want %v", i, got, published)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, "a")); !os.IsNotExist(err) {
		t.Errorf("a folder emptied by the build is still there: %v", err)
	}
}

// TestStageIgnoresAStrangeReplacedSite: a name that is not a replaced site beside dest, or
// a changed path outside the tree, never reaches the file system.
func TestStageIgnoresAStrangeReplacedSite(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	build(t, dest, map[string]string{"index.html": "<p>home</p>"})
	os.MkdirAll(filepath.Join(dir, "elsewhere"), 0o755)
	os.WriteFile(filepath.Join(dir, "elsewhere", "keep.txt"), []byte("keep"), 0o644)
	for _, name := range []string{"elsewhere", "../elsewhere", ".public.sitegen-previous-missing"} {
		d, err := Stage(dest, false, &Replaced{Name: name, Changed: []string{"keep.txt"}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := tree(t, d.Root()); !maps.Equal(got, map[string]string{"index.html": "<p>home</p>"}) {
			t.Fatalf("%s: staged %v", name, got)
		}
		d.Abort()
	}
	if data, err := os.ReadFile(filepath.Join(dir, "elsewhere", "keep.txt")); err != nil || string(data) != "keep" {
		t.Fatalf("a folder named as the replaced site was touched: %q, %v", data, err)
	}
	staged(t, dest, nil, map[string]string{"a.txt": "a"})
	prev := previousSites(dest)
	if len(prev) != 1 {
		t.Fatalf("replaced sites %v", prev)
	}
	if _, err := Stage(dest, false, &Replaced{Name: filepath.Base(prev[0]), Changed: []string{"../escape"}}); err == nil {
		t.Fatal("a changed path outside the tree was taken")
	}
}

// TestRemovalsStayInsideTheTree: a symbolic link planted in a tree a build writes over (the
// replaced site it starts from, the folder it removes a page from) never leads a removal
// out of it.
func TestRemovalsStayInsideTheTree(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside")
	os.MkdirAll(outside, 0o755)
	keep := filepath.Join(outside, "index.html")
	os.WriteFile(keep, []byte("keep"), 0o644)
	dest := filepath.Join(dir, "public")
	build(t, dest, map[string]string{"index.html": "<p>home</p>", "a/index.html": "<p>a</p>"})
	from := staged(t, dest, nil, map[string]string{"index.html": "<p>home2</p>"}, "a/index.html")

	// The replaced site's "a" is now a link to the outside folder, absolute or relative
	// (a folder beside the site: the sources); the last build removed a/index.html, so the
	// next one relinks (removes) it there.
	for _, target := range []string{outside, "../outside"} {
		replaced := filepath.Join(dir, from.Name)
		os.RemoveAll(filepath.Join(replaced, "a"))
		if err := os.Symlink(target, filepath.Join(replaced, "a")); err != nil {
			t.Fatal(err)
		}
		d, err := Stage(dest, false, from)
		if data, rerr := os.ReadFile(keep); rerr != nil || string(data) != "keep" {
			t.Fatalf("relinking through a link to %s removed a file outside the tree: %q, %v", target, data, rerr)
		}
		if err != nil {
			t.Fatalf("link to %s: %v", target, err)
		}
		if got := tree(t, d.Root()); !maps.Equal(got, map[string]string{"index.html": "<p>home2</p>"}) {
			t.Fatalf("link to %s: staged %v", target, got)
		}
		d.Abort()
		from = staged(t, dest, nil, map[string]string{"a/index.html": "<p>a</p>"})
		from = staged(t, dest, from, nil, "a/index.html")
	}

	// A page removed below a folder that is a link.
	tree := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(tree, "b")); err != nil {
		t.Fatal(err)
	}
	if err := InPlace(tree, false).Remove("b/index.html"); err == nil {
		t.Error("a removal through a link reported no error")
	}
	if data, err := os.ReadFile(keep); err != nil || string(data) != "keep" {
		t.Fatalf("Remove deleted a file outside the tree: %q, %v", data, err)
	}
}

// TestStageRandomBuilds: many staged builds in a row, each writing and removing random
// files of a few nested folders (folders emptied and made again, many files of one
// folder at once, files taking the place of folders and back), each starting from the site
// the one before replaced: every published site is the one written, and no folder is left
// empty.
func TestStageRandomBuilds(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	r := rand.New(rand.NewPCG(7, 8))
	// "a/b" and "e/f" are also files, in the rounds where their folders are not there.
	paths := []string{"index.html", "a/b", "e/f"}
	for _, d := range []string{"a", "a/b", "a/b/c", "d", "e/f"} {
		for i := range 3 {
			paths = append(paths, fmt.Sprintf("%s/%d.html", d, i))
		}
	}
	// clashes reports whether p and q cannot both be files (one is a folder of the other).
	clashes := func(p, q string) bool { return strings.HasPrefix(q, p+"/") || strings.HasPrefix(p, q+"/") }
	want := map[string]string{"index.html": "home"}
	build(t, dest, want)
	var from *Replaced
	for round := range 60 {
		write := map[string]string{}
		var remove []string
		for range 1 + r.IntN(12) {
			p := paths[r.IntN(len(paths))]
			if _, ok := want[p]; ok && r.IntN(2) == 0 {
				if _, written := write[p]; !written && !slices.Contains(remove, p) {
					remove = append(remove, p)
				}
				continue
			}
			if slices.Contains(remove, p) || slices.ContainsFunc(slices.Collect(maps.Keys(write)), func(q string) bool { return clashes(p, q) }) {
				continue
			}
			// What stands in its way goes in the same build.
			for q := range want {
				if clashes(p, q) && !slices.Contains(remove, q) {
					remove = append(remove, q)
				}
			}
			write[p] = fmt.Sprintf("%s in round %d", p, round)
		}
		from = staged(t, dest, from, write, remove...)
		maps.Copy(want, write)
		for _, p := range remove {
			delete(want, p)
		}
		if got := tree(t, dest); !maps.Equal(got, want) {
			t.Fatalf("round %d: published %v, want %v", round, got, want)
		}
		filepath.WalkDir(dest, func(p string, e os.DirEntry, err error) error {
			if e.IsDir() && p != dest {
				if ents, _ := os.ReadDir(p); len(ents) == 0 {
					t.Fatalf("round %d: %s is an empty folder", round, p)
				}
			}
			return nil
		})
	}
}

// A path that was a file and is now a folder, and back, in staged builds each starting
// from the site the one before replaced.
func TestStageFileBecomesFolder(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, map[string]string{"index.html": "home", "x": "a file"})
	var from *Replaced
	for i, step := range []struct {
		write  map[string]string
		remove []string
		want   map[string]string
	}{
		{map[string]string{"y.html": "y"}, nil, map[string]string{"index.html": "home", "x": "a file", "y.html": "y"}},
		{map[string]string{"x/index.html": "a folder"}, []string{"x"}, map[string]string{"index.html": "home", "x/index.html": "a folder", "y.html": "y"}},
		{map[string]string{"z.html": "z"}, nil, map[string]string{"index.html": "home", "x/index.html": "a folder", "y.html": "y", "z.html": "z"}},
		{map[string]string{"x": "a file again"}, []string{"x/index.html"}, map[string]string{"index.html": "home", "x": "a file again", "y.html": "y", "z.html": "z"}},
		{map[string]string{"w.html": "w"}, nil, map[string]string{"index.html": "home", "x": "a file again", "y.html": "y", "z.html": "z", "w.html": "w"}},
	} {
		d, err := Stage(dest, false, from)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		j := &Journal{}
		d.SetJournal(j)
		for _, p := range step.remove {
			if err := d.Remove(p); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		for p, data := range step.write {
			if err := d.WriteFile(p, []byte(data)); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		from = &Replaced{Name: d.Replaced(), Changed: j.Paths()}
		if got := tree(t, dest); !maps.Equal(got, step.want) {
			t.Fatalf("step %d: published %v, want %v", i, got, step.want)
		}
	}
}
