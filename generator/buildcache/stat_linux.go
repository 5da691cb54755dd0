package buildcache

import (
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
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

// statter stats paths below an open folder (fstatat): no path joined, no FileInfo made,
// for the third of a million files and folders of PSEB's output.
type statter struct{ fd int }

func openStatter(dir string) (*statter, error) {
	for {
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
		}
		return &statter{fd: fd}, nil
	}
}

func (s *statter) close() { unix.Close(s.fd) }

// stat stats rel, a slash-separated path below the folder, not following a last link.
func (s *statter) stat(rel string) (fileStat, error) {
	var st unix.Stat_t
	for {
		err := unix.Fstatat(s.fd, rel, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fileStat{}, &fs.PathError{Op: "lstat", Path: rel, Err: err}
		}
		mode := st.Mode & unix.S_IFMT
		return fileStat{dir: mode == unix.S_IFDIR, regular: mode == unix.S_IFREG, size: st.Size, nsec: st.Mtim.Nano()}, nil
	}
}
