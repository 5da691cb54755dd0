// Package gitindex reads the index of the Git working tree a site is in, for what it says
// of each file git checked out or added: the id of the file's blob and the stat git saw the
// file with. CI builds in a fresh checkout, where every file has a new stat and a build
// cache that trusts stats would read all of them again (142 MB at PSEB's size); while a
// file's stat is the one git recorded, git's blob id tells, without reading it, whether
// the file holds the bytes the cache read before.
//
// The trust is git's own (`git status` relies on the same stat match, here compared to the
// nanosecond): an entry whose modification time is not before the index's is "racily
// clean" and not trusted, since the file could have changed after git looked at it without
// its times changing. The times are compared at the precision the index and the file
// system keep, as git does when built with USE_NSEC (a stock git compares seconds, and so
// distrusts the files of a checkout's last second: 5,438 of 30,363 in one fresh clone of
// PSEB's sources). A file changed after the index was written has a time no earlier than
// the index's, which is later than the entry's.
package gitindex

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// ID is a git object id (SHA-1); the zero ID is no id.
type ID [sha1.Size]byte

// BlobID is the id git gives a blob of data (`git hash-object --no-filters`).
func BlobID(data []byte) ID {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(data)) + "\x00"))
	h.Write(data)
	var id ID
	h.Sum(id[:0])
	return id
}

// Stat is what the file system says of a file now, as the build cache keeps it.
type Stat struct {
	Size                int64
	ModTime, ChangeTime int64 // nanoseconds since 1970
	Device, Inode       uint64
}

// Index is the part of a working tree's index below one folder.
type Index struct {
	entries map[string]entry // by slash path below the folder
}

// entry is what the index records of a file: its blob and the stat git saw.
type entry struct {
	blob                ID
	size                uint32
	modTime, changeTime int64 // nanoseconds
	device, inode       uint32
}

// Open reads the index of the working tree that holds dir, keeping the entries below dir.
// It returns nil and no error when dir is in no working tree, or in one this package does
// not read with confidence (GIT_DIR, GIT_INDEX_FILE or GIT_WORK_TREE set: another index
// than the one found by looking up from dir; a git folder another user owns). An index
// that does not decode (a format go-git does not read, such as a split or sparse index,
// or damage) is an error.
func Open(dir string) (*Index, error) {
	if os.Getenv("GIT_DIR") != "" || os.Getenv("GIT_INDEX_FILE") != "" || os.Getenv("GIT_WORK_TREE") != "" {
		return nil, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	top, gitDir, err := findGitDir(abs)
	if err != nil || gitDir == "" {
		return nil, err
	}
	if fi, err := os.Stat(gitDir); err != nil || !ownedByUs(fi) {
		return nil, err
	}
	prefix, err := filepath.Rel(top, abs)
	if err != nil {
		return nil, err
	}
	prefix = filepath.ToSlash(prefix)
	if prefix == "." {
		prefix = ""
	} else {
		prefix += "/"
	}
	return read(filepath.Join(gitDir, "index"), prefix)
}

// findGitDir looks up from dir for the folder with .git in it: the working tree's top and
// its git folder (.git itself, or where a .git file of a linked worktree or submodule
// points). Both are empty when there is none.
func findGitDir(dir string) (top, gitDir string, err error) {
	for d := dir; ; d = filepath.Dir(d) {
		dotGit := filepath.Join(d, ".git")
		fi, err := os.Stat(dotGit)
		switch {
		case err == nil && fi.IsDir():
			return d, dotGit, nil
		case err == nil:
			data, err := os.ReadFile(dotGit)
			if err != nil {
				return "", "", err
			}
			target, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
			if !ok {
				return "", "", fmt.Errorf("%s: not a git folder link", dotGit)
			}
			target = strings.TrimSpace(target)
			if !filepath.IsAbs(target) {
				target = filepath.Join(d, target)
			}
			return d, target, nil
		case !errors.Is(err, os.ErrNotExist):
			return "", "", err
		}
		if filepath.Dir(d) == d {
			return "", "", nil
		}
	}
}

// read decodes the index file at path, keeping the entries below prefix that can be
// trusted: files (not links or submodules) at stage 0, neither skipped in the worktree nor
// only intended to be added, and not racily clean (modified no earlier than the index).
func read(path, prefix string) (*Index, error) {
	// The index's time is taken before it is read: an index written meanwhile is judged
	// by the older time, which trusts fewer of its entries, never more.
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return &Index{entries: map[string]entry{}}, nil // a repository with nothing added
	}
	if err != nil {
		return nil, err
	}
	written := fi.ModTime()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	// With index.skipHash (git 2.40+, part of feature.manyFiles) git leaves the trailing
	// checksum zero, which go-git's decoder refuses: such an index is read as git reads
	// it, unchecked.
	if n := len(data) - sha1.Size; n > 0 && bytes.Equal(data[n:], make([]byte, sha1.Size)) {
		sum := sha1.Sum(data[:n])
		data = append(data[:n:n], sum[:]...)
	}
	var idx index.Index
	if err := index.NewDecoder(bytes.NewReader(data)).Decode(&idx); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	x := &Index{entries: make(map[string]entry, len(idx.Entries))}
	for _, e := range idx.Entries {
		name, ok := strings.CutPrefix(e.Name, prefix)
		if !ok || e.Stage != 0 || e.SkipWorktree || e.IntentToAdd || (e.Mode != filemode.Regular && e.Mode != filemode.Executable) {
			continue
		}
		if e.ModifiedAt.IsZero() || !e.ModifiedAt.Before(written) {
			continue
		}
		var changed int64
		if !e.CreatedAt.IsZero() {
			changed = e.CreatedAt.UnixNano()
		}
		x.entries[name] = entry{blob: ID(e.Hash), size: e.Size, modTime: e.ModifiedAt.UnixNano(), changeTime: changed,
			device: e.Dev, inode: e.Inode}
	}
	return x, nil
}

// Blob returns the id of the blob git recorded for the file name (a slash path below the
// folder Open was given) when st is still the stat git saw it with; ok is false for a file
// the index does not have or does not vouch for, and for every file of a nil Index. Git
// keeps 32 bits of the size, device and inode; the size is compared in full by the caller
// against what it knows of the blob.
func (x *Index) Blob(name string, st Stat) (blob ID, ok bool) {
	if x == nil {
		return ID{}, false
	}
	e, ok := x.entries[name]
	if !ok || e.size != uint32(st.Size) || e.modTime != st.ModTime || e.changeTime != st.ChangeTime ||
		e.device != uint32(st.Device) || e.inode != uint32(st.Inode) {
		return ID{}, false
	}
	return e.blob, true
}

// Len is how many entries the index vouches for (for reports and tests).
func (x *Index) Len() int {
	if x == nil {
		return 0
	}
	return len(x.entries)
}
