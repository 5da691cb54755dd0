package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func start(t *testing.T) (string, *Watcher) {
	t.Helper()
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "content", "companies"), 0o755)
	os.WriteFile(filepath.Join(root, "content", "companies", "acme.md"), []byte("v1"), 0o644)
	w, err := New([]string{root}, WithIgnore(func(name string) bool {
		return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp")
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return root, w
}

// waitFor collects change sets until every wanted path has been seen, and returns how many
// sets that took.
func waitFor(t *testing.T, w *Watcher, want ...string) int {
	t.Helper()
	seen := map[string]bool{}
	sets := 0
	timeout := time.After(5 * time.Second)
	for {
		missing := slices.DeleteFunc(slices.Clone(want), func(p string) bool { return seen[p] })
		if len(missing) == 0 {
			return sets
		}
		select {
		case set := <-w.Changes():
			sets++
			for _, p := range set {
				seen[p] = true
			}
		case err := <-w.Errors():
			t.Fatalf("watcher error: %v", err)
		case <-timeout:
			t.Fatalf("not seen within 5s: %v (saw %v)", missing, seen)
		}
	}
}

func TestEditorSavePatterns(t *testing.T) {
	root, w := start(t)
	file := filepath.Join(root, "content", "companies", "acme.md")
	dir := filepath.Dir(file)
	tests := []struct {
		name string
		save func()
	}{
		{"write in place", func() { os.WriteFile(file, []byte("v2"), 0o644) }},
		{"temp file renamed over (vim, JetBrains, VS Code)", func() {
			tmp := filepath.Join(dir, ".acme.md.tmp~")
			os.WriteFile(tmp, []byte("v3"), 0o644)
			os.Rename(tmp, file)
		}},
		{"backup, delete then create", func() {
			os.Rename(file, file+"~")
			os.WriteFile(file, []byte("v4"), 0o644)
		}},
		{"touch", func() {
			now := time.Now().Add(time.Hour)
			os.Chtimes(file, now, now)
		}},
		{"delete", func() { os.Remove(file) }},
		{"create", func() { os.WriteFile(file, []byte("v5"), 0o644) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.save()
			waitFor(t, w, file)
		})
	}
}

func TestIgnoredFilesAreNotReported(t *testing.T) {
	root, w := start(t)
	dir := filepath.Join(root, "content", "companies")
	os.WriteFile(filepath.Join(dir, ".acme.md.swp"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "acme.md~"), []byte("x"), 0o644)
	real := filepath.Join(dir, "beta.md")
	os.WriteFile(real, []byte("x"), 0o644)
	select {
	case set := <-w.Changes():
		if !slices.Equal(set, []string{real}) {
			t.Errorf("change set %v, want only %s", set, real)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no change reported")
	}
}

func TestFoldersCreatedRenamedAndDeleted(t *testing.T) {
	root, w := start(t)
	// A new nested folder whose file is written at once, maybe before the watch exists.
	nested := filepath.Join(root, "content", "companies", "beta", "assets")
	os.MkdirAll(nested, 0o755)
	logo := filepath.Join(nested, "logo.svg")
	os.WriteFile(logo, []byte("<svg/>"), 0o644)
	waitFor(t, w, logo)

	// Later writes inside the new folder are seen too.
	os.WriteFile(logo, []byte("<svg></svg>"), 0o644)
	waitFor(t, w, logo)

	// Renamed: the new name is watched.
	renamed := filepath.Join(root, "content", "companies", "gamma")
	if err := os.Rename(filepath.Join(root, "content", "companies", "beta"), renamed); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, renamed)
	moved := filepath.Join(renamed, "assets", "logo.svg")
	os.WriteFile(moved, []byte("<svg>2</svg>"), 0o644)
	waitFor(t, w, moved)

	// Deleted and made again.
	os.RemoveAll(renamed)
	waitFor(t, w, renamed)
	os.MkdirAll(filepath.Join(renamed, "assets"), 0o755)
	again := filepath.Join(renamed, "index.md")
	os.WriteFile(again, []byte("back"), 0o644)
	waitFor(t, w, again)
}

// TestBurst: a checkout that switches 500 files comes as a few change sets, and none of the
// files is missed.
func TestBurst(t *testing.T) {
	root, w := start(t)
	dir := filepath.Join(root, "content", "companies")
	var want []string
	for i := 0; i < 500; i++ {
		p := filepath.Join(dir, fmt.Sprintf("c%03d.md", i))
		want = append(want, p)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	sets := waitFor(t, w, want...)
	// How many sets depends on scheduling (a loaded CI machine with -race can pause the
	// writer for longer than the quiet window); far fewer sets than files shows coalescing.
	if sets > 50 {
		t.Errorf("500 files took %d change sets; they should be coalesced", sets)
	}
	t.Logf("500 files in %d change sets", sets)
}

func TestCloseEndsChanges(t *testing.T) {
	_, w := start(t)
	w.Close()
	select {
	case _, ok := <-w.Changes():
		if ok {
			t.Error("a change set after Close")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Changes not closed")
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestSaveDuringRebuild: a save that lands while the consumer is still busy with the last
// change set (a rebuild) is delivered afterwards, not lost.
func TestSaveDuringRebuild(t *testing.T) {
	root, w := start(t)
	dir := filepath.Join(root, "content", "companies")
	first := filepath.Join(dir, "first.md")
	os.WriteFile(first, []byte("1"), 0o644)
	waitFor(t, w, first)
	// "Rebuilding": nobody reads Changes while these saves land.
	second := filepath.Join(dir, "acme.md")
	os.WriteFile(second, []byte("during the rebuild"), 0o644)
	time.Sleep(300 * time.Millisecond)
	os.WriteFile(first, []byte("2"), 0o644)
	time.Sleep(300 * time.Millisecond)
	waitFor(t, w, second, first)
}

// A folder linked into the watched tree (a build follows such links) is watched under the
// link's path; a loop of links ends.
func TestLinkedFolderIsWatched(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	os.MkdirAll(content, 0o755)
	shared := filepath.Join(root, "shared-news")
	os.MkdirAll(shared, 0o755)
	if err := os.Symlink(shared, filepath.Join(content, "news")); err != nil {
		t.Skip(err)
	}
	os.Symlink(content, filepath.Join(shared, "loop"))
	w, err := New([]string{content})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	os.WriteFile(filepath.Join(shared, "launch.md"), []byte("x"), 0o644)
	waitFor(t, w, filepath.Join(content, "news", "launch.md"))
}
