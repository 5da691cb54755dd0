package output

import (
	"io/fs"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// statIn stats names in the open folder dir without following a symbolic link
// (fstatat), sparing the kernel the lookup of the folder's path for every file. The
// standard library's one stat-at-a-folder, os.Root.Lstat, resolves each name step by
// step: a single-goroutine walk of the real output (309,271 files) took 2.3-2.5 s with it,
// 1.5-1.6 s with os.Lstat of paths and 1.3-1.4 s with fstatat, hence the FileInfo below.
func statIn(dir *os.File) func(name string) (fs.FileInfo, error) {
	fd := int(dir.Fd())
	return func(name string) (fs.FileInfo, error) {
		var st unix.Stat_t
		if err := unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return nil, &fs.PathError{Op: "lstat", Path: dir.Name() + "/" + name, Err: err}
		}
		return statInfo{name: name, st: st}, nil
	}
}

// statInfo is an fs.FileInfo of a unix.Stat_t.
type statInfo struct {
	name string
	st   unix.Stat_t
}

func (i statInfo) Name() string       { return i.name }
func (i statInfo) Size() int64        { return i.st.Size }
func (i statInfo) ModTime() time.Time { return time.Unix(i.st.Mtim.Unix()) }
func (i statInfo) IsDir() bool        { return i.Mode().IsDir() }
func (i statInfo) Sys() any           { return &i.st }

func (i statInfo) Mode() fs.FileMode {
	m := fs.FileMode(i.st.Mode & 0o777)
	switch i.st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		m |= fs.ModeDir
	case unix.S_IFLNK:
		m |= fs.ModeSymlink
	case unix.S_IFIFO:
		m |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		m |= fs.ModeSocket
	case unix.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		m |= fs.ModeDevice
	}
	if i.st.Mode&unix.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if i.st.Mode&unix.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if i.st.Mode&unix.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
