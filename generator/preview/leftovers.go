package preview

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// workPrefix names the temporary folders serve builds into, in os.TempDir.
const workPrefix = "sitegen-serve-"

// ownerFile, in a work folder, holds the process ID of the serve that made it.
const ownerFile = ".owner"

// claim records in work that this process owns it.
func claim(work string) error {
	return os.WriteFile(filepath.Join(work, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o600)
}

// removeLeftovers deletes the work folders in tmp (but self) that serve sessions left
// behind: a second Ctrl-C, while serve deletes its files (~16 s at PSEB's size), ends it
// at once and leaves them (1.5 GB at that size). A folder is left behind when the process
// its owner file names is gone; one without an owner file (a serve starting, or one of a
// sitegen before owner files) is left alone, and only folders of the user running serve
// are looked at. It reports what it deleted to log.
func removeLeftovers(tmp, self string, log io.Writer, alive func(pid int) bool) {
	ents, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), workPrefix) {
			continue
		}
		dir := filepath.Join(tmp, e.Name())
		if dir == self || !ownedByUs(dir) {
			continue
		}
		if pid, err := readOwner(dir); err != nil || alive(pid) {
			continue
		}
		if err := os.RemoveAll(dir); err == nil {
			fmt.Fprintf(log, "Deleted %s, left by a serve that was stopped before it could\n", dir)
		}
	}
}

// readOwner reads the process ID in dir's owner file.
func readOwner(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0, fs.ErrInvalid
	}
	return pid, nil
}
