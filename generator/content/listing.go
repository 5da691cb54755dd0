package content

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// listingFS is the source tree as findFiles sees it, keeping every folder listing it reads.
// Made for a Reload, it answers a folder the changes did not reach from the last load's
// listings, and patches a folder they did reach by looking at the changed names alone:
// listing content/companies/ with 20,000 profiles (a stat for each on file systems that
// do not give a file's type in the listing) is most of what a one-file edit would cost.
type listingFS struct {
	fs.FS
	prev    map[string][]fs.DirEntry // nil for a first load
	changes Changes
	mu      sync.Mutex
	seen    map[string][]fs.DirEntry
}

func newListingFS(fsys fs.FS, prev *Site, changes Changes) *listingFS {
	l := &listingFS{FS: fsys, changes: changes, seen: map[string][]fs.DirEntry{}}
	if prev != nil {
		l.prev = prev.listings
	}
	return l
}

// ReadDir lists dir, sorted by name as fs.ReadDir does.
func (l *listingFS) ReadDir(dir string) ([]fs.DirEntry, error) {
	entries, ok := l.prev[dir]
	switch {
	case ok && l.changes.Hit(dir):
		ok = false // the folder itself (or one above it) came, went or moved: read it
	case ok && l.changes.Inside(dir):
		entries, ok = l.patch(dir, entries)
	}
	if !ok {
		var err error
		if entries, err = fs.ReadDir(l.FS, dir); err != nil {
			return nil, err
		}
	}
	l.mu.Lock()
	l.seen[dir] = entries
	l.mu.Unlock()
	return slices.Clone(entries), nil
}

// patch brings the listing of dir up to date with the changes below it: each changed name
// in it is looked at again. It reports false when one cannot be (read the folder instead).
func (l *listingFS) patch(dir string, entries []fs.DirEntry) ([]fs.DirEntry, bool) {
	lstat, ok := l.FS.(fs.ReadLinkFS)
	if !ok {
		return nil, false
	}
	names := map[string]bool{}
	for p := range l.changes.paths {
		if rel, ok := strings.CutPrefix(p, dir+"/"); ok {
			name, _, _ := strings.Cut(rel, "/")
			names[name] = true
		}
	}
	out := slices.Clone(entries)
	for name := range names {
		i, found := slices.BinarySearchFunc(out, name, func(e fs.DirEntry, name string) int { return strings.Compare(e.Name(), name) })
		info, err := lstat.Lstat(path.Join(dir, name))
		switch {
		case err == nil && found:
			out[i] = fs.FileInfoToDirEntry(info)
		case err == nil:
			out = slices.Insert(out, i, fs.FileInfoToDirEntry(info))
		case !errors.Is(err, fs.ErrNotExist):
			return nil, false
		case found:
			out = slices.Delete(out, i, i+1)
		}
	}
	return out, true
}
