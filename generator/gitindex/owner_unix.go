//go:build unix

package gitindex

import (
	"io/fs"
	"os"
	"syscall"
)

// ownedByUs reports whether the git folder belongs to the user sitegen runs as: an index
// in a folder someone else owns (a .git planted in a shared parent such as /tmp) could
// vouch for files it never saw, so it is not read (git refuses such a repository too,
// unless safe.directory names it).
func ownedByUs(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}
