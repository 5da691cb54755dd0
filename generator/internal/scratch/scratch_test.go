package scratch

import (
	"os"
	"testing"
)

func TestInMemoryKeepsTheUsersTMPDIR(t *testing.T) {
	t.Setenv("TMPDIR", "/somewhere/else")
	cleanup := InMemory()
	defer cleanup()
	if got := os.Getenv("TMPDIR"); got != "/somewhere/else" {
		t.Errorf("TMPDIR = %q, want the user's", got)
	}
}

func TestInMemoryPointsAtAFolderItRemoves(t *testing.T) {
	t.Setenv("TMPDIR", "")
	os.Unsetenv("TMPDIR")
	cleanup := InMemory()
	dir := os.Getenv("TMPDIR")
	if _, ok := memoryRoot(); !ok {
		if dir != "" {
			t.Errorf("no memory file system here, yet TMPDIR = %q", dir)
		}
		cleanup()
		return
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("TMPDIR = %q is not a folder (%v)", dir, err)
	}
	cleanup()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s is left after cleanup (%v)", dir, err)
	}
}
