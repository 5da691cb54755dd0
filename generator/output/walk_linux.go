package output

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// On Linux the walk reads folders with getdents64 itself and stats each name in the folder
// it holds open (fstatat), sparing the kernel the lookup of the folder's path for every
// file, and sparing the os package's per-folder poller registration and per-entry
// allocations. The standard library's one stat-at-a-folder, os.Root.Lstat, resolves each
// name step by step: a single-goroutine walk of the real output (309,271 files) took
// 2.3-2.5 s with it, 1.5-1.6 s with os.Lstat of paths and 1.3-1.4 s with fstatat.

// direntBuffers are getdents64 buffers, one a folder being read.
var direntBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// read lists dir, visits its entries and returns its folders.
func (w *walker) read(dir string) ([]string, error) {
	path := filepath.Join(w.root, filepath.FromSlash(dir))
	flags := unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC
	if dir != "." {
		// A folder swapped for a link since its parent was read is not followed out of
		// the tree.
		flags |= unix.O_NOFOLLOW
	}
	fd, err := retryEINTR(func() (int, error) { return unix.Open(path, flags, 0) })
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	in := &openFolder{fd: fd, path: path}
	defer in.close()
	bufp := direntBuffers.Get().(*[]byte)
	defer direntBuffers.Put(bufp)
	buf := *bufp
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	var subdirs []string
	for {
		n, err := retryEINTR(func() (int, error) { return unix.Getdents(fd, buf) })
		if err != nil {
			return nil, &fs.PathError{Op: "readdirent", Path: path, Err: err}
		}
		if n <= 0 {
			return subdirs, nil
		}
		for off := 0; off < n; {
			// struct linux_dirent64: ino (8 bytes), off (8), reclen (2), type (1), name.
			if n-off < 19 {
				return nil, fmt.Errorf("%s: a folder entry cut short", path)
			}
			reclen := int(binary.NativeEndian.Uint16(buf[off+16:]))
			if reclen < 19 || off+reclen > n {
				return nil, fmt.Errorf("%s: a folder entry of %d bytes", path, reclen)
			}
			typ, name := buf[off+18], buf[off+19:off+reclen]
			off += reclen
			for i, c := range name {
				if c == 0 {
					name = name[:i]
					break
				}
			}
			if string(name) == "." || string(name) == ".." {
				continue
			}
			rel := prefix + string(name)
			e := &dirEntry{name: rel[len(prefix):], in: in}
			if e.typ, err = in.modeType(e.name, typ); err != nil {
				return nil, err
			}
			if err := w.visit(rel, e); err != nil {
				return nil, err
			}
			if e.typ == fs.ModeDir {
				subdirs = append(subdirs, rel)
			}
		}
	}
}

// retryEINTR calls f until it is not interrupted by a signal (the Go runtime's preemption
// sends them).
func retryEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if !errors.Is(err, unix.EINTR) {
			return n, err
		}
	}
}

// openFolder is a folder the walk holds open: entries stat their names in it until it is
// closed, and by path after (an entry kept past its visit).
type openFolder struct {
	fd     int
	path   string
	mu     sync.RWMutex // held for reading while fd is used, for writing to close it
	closed bool
}

func (f *openFolder) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	unix.Close(f.fd)
}

// lstat stats name in the folder, without following a link.
func (f *openFolder) lstat(name string) (fs.FileInfo, error) {
	f.mu.RLock()
	if f.closed {
		f.mu.RUnlock()
		return os.Lstat(filepath.Join(f.path, name))
	}
	defer f.mu.RUnlock()
	var st unix.Stat_t
	if _, err := retryEINTR(func() (int, error) { return 0, unix.Fstatat(f.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) }); err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: filepath.Join(f.path, name), Err: err}
	}
	return statInfo{name: name, size: st.Size, mtime: st.Mtim, mode: st.Mode}, nil
}

// modeType is the type of name in the folder from its entry's d_type: the kernel gives
// it on every common filesystem; when it does not (DT_UNKNOWN), a stat does.
func (f *openFolder) modeType(name string, typ uint8) (fs.FileMode, error) {
	switch typ {
	case unix.DT_REG:
		return 0, nil
	case unix.DT_DIR:
		return fs.ModeDir, nil
	case unix.DT_LNK:
		return fs.ModeSymlink, nil
	case unix.DT_FIFO:
		return fs.ModeNamedPipe, nil
	case unix.DT_SOCK:
		return fs.ModeSocket, nil
	case unix.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, nil
	case unix.DT_BLK:
		return fs.ModeDevice, nil
	}
	fi, err := f.lstat(name)
	if err != nil {
		return 0, err
	}
	return fi.Mode().Type(), nil
}

// dirEntry is an entry of a folder the walk read.
type dirEntry struct {
	name string
	typ  fs.FileMode
	in   *openFolder
}

func (e *dirEntry) Name() string               { return e.name }
func (e *dirEntry) IsDir() bool                { return e.typ == fs.ModeDir }
func (e *dirEntry) Type() fs.FileMode          { return e.typ }
func (e *dirEntry) Info() (fs.FileInfo, error) { return e.in.lstat(e.name) }
func (e *dirEntry) String() string             { return fs.FormatDirEntry(e) }

// statInfo is an fs.FileInfo of what fstatat gave (the fields a walk's callers read:
// copying the whole unix.Stat_t, 144 bytes, into every entry's Info made ~45 MB of garbage
// a walk of 309,268 files, by arithmetic, not a measurement).
type statInfo struct {
	name  string
	size  int64
	mtime unix.Timespec
	mode  uint32
}

func (i statInfo) Name() string       { return i.name }
func (i statInfo) Size() int64        { return i.size }
func (i statInfo) ModTime() time.Time { return time.Unix(i.mtime.Unix()) }
func (i statInfo) IsDir() bool        { return i.Mode().IsDir() }
func (i statInfo) Sys() any           { return nil }

func (i statInfo) Mode() fs.FileMode {
	m := fs.FileMode(i.mode & 0o777)
	switch i.mode & unix.S_IFMT {
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
	if i.mode&unix.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if i.mode&unix.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if i.mode&unix.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}

// Tree stats paths below a folder it holds open (fstatat: no path lookup from the root of
// the file system for each, as the walk's entries do), for a check of a third of a
// million files and folders against a list. It is safe for concurrent use.
type Tree struct{ in *openFolder }

// OpenTree opens dir for Lstat.
func OpenTree(dir string) (*Tree, error) {
	fd, err := retryEINTR(func() (int, error) { return unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return &Tree{in: &openFolder{fd: fd, path: dir}}, nil
}

// Lstat stats rel, a slash-separated path below the folder, without following a last link.
func (t *Tree) Lstat(rel string) (fs.FileInfo, error) { return t.in.lstat(rel) }

// Close lets the folder go; Lstat then stats by path.
func (t *Tree) Close() { t.in.close() }
