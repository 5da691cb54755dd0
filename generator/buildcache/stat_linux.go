package buildcache

import (
	"io/fs"
	"syscall"
)

// statOf is what fi says of a file on Linux; zero (never trusted) for a file the system
// did not stat, such as one built into sitegen.
func statOf(fi fs.FileInfo) FileStat {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return FileStat{}
	}
	return FileStat{Size: st.Size, ModTime: st.Mtim.Nano(), ChangeTime: st.Ctim.Nano(), Device: st.Dev, Inode: st.Ino}
}
