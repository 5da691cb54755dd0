package preview

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/internal/syncbuf"
)

// TestRemoveLeftovers: a work folder whose owner is gone is deleted (links in it removed,
// never followed); one whose owner lives, one without an owner file, this session's own
// and folders of other names stay.
func TestRemoveLeftovers(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("owners are not checked on Windows: nothing is deleted")
	}
	tmp := t.TempDir()
	outside := filepath.Join(t.TempDir(), "keep.txt")
	if err := os.WriteFile(outside, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	mk := func(name, owner string) string {
		dir := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Join(dir, "site", "companies", "acme"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "site", "companies", "acme", "index.html"), []byte("<p>acme"), 0o644); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(owner), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	const dead, living = 4_000_001, 4_000_002
	gone := mk(workPrefix+"1", strconv.Itoa(dead))
	if err := os.Symlink(outside, filepath.Join(gone, "site", "link")); err != nil {
		t.Fatal(err)
	}
	kept := []string{
		mk(workPrefix+"2", strconv.Itoa(living)),
		mk(workPrefix+"3", ""),             // no owner yet, or an older sitegen's
		mk(workPrefix+"4", "not a number"), // not ours to judge
		mk("other-"+workPrefix+"5", strconv.Itoa(dead)),
	}
	self := mk(workPrefix+"6", strconv.Itoa(dead))
	kept = append(kept, self)

	log := &syncbuf.Buffer{}
	removeLeftovers(tmp, self, log, func(pid int) bool { return pid == living })
	if _, err := os.Lstat(gone); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s, whose owner is gone, is still there (%v)", gone, err)
	}
	if !strings.Contains(log.String(), "Deleted "+gone) {
		t.Errorf("the log does not say what was deleted:\n%s", log.String())
	}
	for _, dir := range kept {
		if _, err := os.Stat(filepath.Join(dir, "site", "companies", "acme", "index.html")); err != nil {
			t.Errorf("%s was deleted: %v", dir, err)
		}
	}
	if b, err := os.ReadFile(outside); err != nil || string(b) != "keep" {
		t.Errorf("the file a link in a deleted folder pointed at: %q, %v", b, err)
	}
}

// TestProcessAlive: this process lives; an ended child, even before it is reaped (a
// zombie), does not.
func TestProcessAlive(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("owners are not checked on Windows")
	}
	if !processAlive(os.Getpid()) {
		t.Fatal("processAlive says this process is gone")
	}
	cmd := exec.Command("sh", "-c", "exit 0")
	if err := cmd.Start(); err != nil {
		t.Skip("no sh:", err)
	}
	pid := cmd.Process.Pid
	// Not waited for yet: once it has exited it is a zombie until Wait reaps it.
	deadline := time.Now().Add(5 * time.Second)
	for processAlive(pid) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	alive := processAlive(pid)
	cmd.Wait()
	if alive && runtime.GOOS == "linux" {
		t.Errorf("an exited, unreaped child (pid %d) counts as alive", pid)
	}
	if processAlive(pid) {
		t.Errorf("a reaped child (pid %d) counts as alive", pid)
	}
}
