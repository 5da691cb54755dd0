//go:build unix

package gitindex

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// repo makes a git repository in a temporary folder with files (slash path: content)
// written an hour ago and committed; it returns the folder and a git runner in it.
func repo(t *testing.T, files map[string]string) (dir string, git func(args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir = t.TempDir()
	git = func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "core.autocrlf=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	for name, data := range files {
		write(t, filepath.Join(dir, name), data, -time.Hour)
	}
	if len(files) > 0 {
		git("add", "-A")
		git("commit", "-q", "-m", "files")
	}
	return dir, git
}

// write writes data at path with its modification time age from now.
func write(t *testing.T, path, data string, age time.Duration) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	when := time.Now().Add(age)
	if err := os.Chtimes(path, when, when); err != nil {
		t.Fatal(err)
	}
}

func statOf(t *testing.T, path string) Stat {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return Stat{Size: st.Size, ModTime: st.Mtim.Nano(), ChangeTime: st.Ctim.Nano(), Device: uint64(st.Dev), Inode: st.Ino}
}

// TestBlobs: a committed file's blob is git's id of its bytes (what git hash-object says),
// found by its path below the folder opened (the site may be a subfolder of the working
// tree); a file whose stat changed, one the index does not have, a symbolic link and a
// file modified no earlier than the index was written (racily clean) get none.
func TestBlobs(t *testing.T) {
	dir, git := repo(t, map[string]string{
		"site/content/a.md": "---\nname: A\n---\nBody.\n",
		"site/content/b.md": "b",
		"site/themes/x.css": "p{}",
		"README.md":         "readme",
	})
	os.Symlink("a.md", filepath.Join(dir, "site/content/link.md"))
	write(t, filepath.Join(dir, "site/content/racy.md"), "racy", time.Hour) // modified after the index
	git("add", "-A")
	git("commit", "-q", "-m", "more")

	x, err := Open(filepath.Join(dir, "site"))
	if err != nil || x == nil {
		t.Fatalf("Open: %v, %v", x, err)
	}
	for _, name := range []string{"content/a.md", "content/b.md", "themes/x.css"} {
		path := filepath.Join(dir, "site", name)
		id, ok := x.Blob(name, statOf(t, path))
		data, _ := os.ReadFile(path)
		if want := git("hash-object", "--no-filters", path); !ok || id != BlobID(data) || strings.TrimSpace(want) != hexOf(id) {
			t.Errorf("%s: blob %x, %v; want %s", name, id, ok, want)
		}
	}
	for name, path := range map[string]string{"content/link.md": "site/content/link.md", "content/racy.md": "site/content/racy.md",
		"README.md": "README.md", "../README.md": "README.md"} {
		if id, ok := x.Blob(name, statOf(t, filepath.Join(dir, path))); ok {
			t.Errorf("%s: blob %x vouched for", name, id)
		}
	}
	// Edited (the stat changes), or its time set back: the stat is not git's.
	a := filepath.Join(dir, "site/content/a.md")
	before := statOf(t, a)
	write(t, a, "---\nname: B\n---\nBody.\n", -time.Hour)
	if _, ok := x.Blob("content/a.md", statOf(t, a)); ok {
		t.Error("an edited file vouched for")
	}
	if _, ok := x.Blob("content/a.md", before); !ok {
		t.Error("the stat git saw no longer matches")
	}
	var none *Index
	if _, ok := none.Blob("content/b.md", statOf(t, filepath.Join(dir, "site/content/b.md"))); ok || none.Len() != 0 {
		t.Error("a nil index vouched for a file")
	}
}

func hexOf(id ID) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	for _, c := range id {
		b.WriteByte(digits[c>>4])
		b.WriteByte(digits[c&15])
	}
	return b.String()
}

// TestOpenWhere: a folder in no working tree has no index (nil, no error); a linked
// worktree's .git file is followed; GIT_DIR set means the index is not the one found by
// looking up, so none is used; a damaged index is an error; a repository with nothing added
// has an empty one.
func TestOpenWhere(t *testing.T) {
	if x, err := Open(t.TempDir()); x != nil || err != nil {
		t.Errorf("outside a working tree: %v, %v", x, err)
	}
	dir, git := repo(t, map[string]string{"content/a.md": "a"})
	linked := filepath.Join(t.TempDir(), "linked")
	git("worktree", "add", "-q", linked)
	// The worktree's files were just written: a refresh in a later second vouches for them.
	past := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(linked, "content/a.md"), past, past)
	cmd := exec.Command("git", "update-index", "--refresh")
	cmd.Dir = linked
	cmd.Run()
	x, err := Open(linked)
	if err != nil {
		t.Fatal(err)
	}
	if id, ok := x.Blob("content/a.md", statOf(t, filepath.Join(linked, "content/a.md"))); !ok || id != BlobID([]byte("a")) {
		t.Errorf("linked worktree: %x, %v (%d entries)", id, ok, x.Len())
	}

	// A git folder another user owns is not read (git's safe.directory).
	other := filepath.Join(t.TempDir(), "other")
	os.CopyFS(other, os.DirFS(dir))
	if err := os.Chown(filepath.Join(other, ".git"), os.Geteuid()+4242, -1); err == nil {
		if x, err := Open(other); x != nil || err != nil {
			t.Errorf("a git folder of another user: %v, %v", x, err)
		}
	} else {
		t.Logf("not checked: only root makes a folder another user's (%v)", err)
	}

	t.Setenv("GIT_DIR", filepath.Join(dir, ".git"))
	if x, err := Open(dir); x != nil || err != nil {
		t.Errorf("with GIT_DIR set: %v, %v", x, err)
	}
	os.Unsetenv("GIT_DIR")

	// index.skipHash (git 2.40+) leaves the checksum zero: read as git reads it.
	idx := filepath.Join(dir, ".git", "index")
	data, _ := os.ReadFile(idx)
	fi, _ := os.Stat(idx)
	skipped := append(slices.Clone(data[:len(data)-20]), make([]byte, 20)...)
	os.WriteFile(idx, skipped, 0o644)
	os.Chtimes(idx, fi.ModTime(), fi.ModTime())
	if x, err := Open(dir); err != nil || x.Len() != 1 {
		t.Errorf("an index with no checksum (index.skipHash): %v entries, %v", x.Len(), err)
	}
	data[len(data)/2] ^= 0xff
	os.WriteFile(idx, data, 0o644)
	if _, err := Open(dir); err == nil {
		t.Error("a damaged index read")
	}

	empty, _ := repo(t, nil)
	if x, err := Open(empty); err != nil || x == nil || x.Len() != 0 {
		t.Errorf("a repository with nothing added: %v, %v", x, err)
	}
}
