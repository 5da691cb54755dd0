package contentdir

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// Changes are the paths (slash-separated, below the site root) of the files and folders
// that were created, edited, renamed or deleted since a site was loaded. A folder stands
// for everything in it: moved away and back, its files are at the same paths but may have
// changed meanwhile.
type Changes struct {
	paths  map[string]bool // the changed paths
	inside map[string]bool // every folder that holds a changed path
}

// NewChanges makes the change set of paths.
func NewChanges(paths []string) Changes {
	c := Changes{paths: map[string]bool{}, inside: map[string]bool{}}
	for _, p := range paths {
		c.paths[p] = true
		for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
			c.inside[d] = true
		}
	}
	return c
}

// Hit reports whether p, or a folder holding it, changed. It is asked for every file of
// the site after each edit, so it cuts p at its slashes rather than cleaning it.
func (c Changes) Hit(p string) bool {
	for {
		if c.paths[p] {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i <= 0 {
			return false
		}
		p = p[:i]
	}
}

// Any reports whether one of the changed paths satisfies f.
func (c Changes) Any(f func(path string) bool) bool {
	for p := range c.paths {
		if f(p) {
			return true
		}
	}
	return false
}

// Inside reports whether something in the folder dir changed.
func (c Changes) Inside(dir string) bool { return c.inside[dir] }

// Touches reports whether the change set reaches the file source or anything of its
// bundle folder ("" for none).
func (c Changes) Touches(source, bundle string) bool {
	return c.Hit(source) || (bundle != "" && c.Inside(bundle))
}

// ListingFS is the source tree as Find sees it, keeping every folder listing it reads.
// Made for a Reload, it answers a folder the changes did not reach from the last load's
// listings, and patches a folder they did reach by looking at the changed names alone:
// listing content/companies/ with 20,000 profiles (a stat for each on file systems that
// do not give a file's type in the listing) is most of what a one-file edit would cost.
type ListingFS struct {
	fs.FS
	prev    map[string][]fs.DirEntry // nil for a first load
	changes Changes
	mu      sync.Mutex
	seen    map[string][]fs.DirEntry
}

// NewListingFS reads fsys, answering from prev (the listings of the last load, nil for a
// first one) what the changes did not reach.
func NewListingFS(fsys fs.FS, prev map[string][]fs.DirEntry, changes Changes) *ListingFS {
	return &ListingFS{FS: fsys, prev: prev, changes: changes, seen: map[string][]fs.DirEntry{}}
}

// Seen are the folder listings read so far, by folder, for the next load.
func (l *ListingFS) Seen() map[string][]fs.DirEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen
}

// ReadDir lists dir, sorted by name as fs.ReadDir does.
func (l *ListingFS) ReadDir(dir string) ([]fs.DirEntry, error) {
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
func (l *ListingFS) patch(dir string, entries []fs.DirEntry) ([]fs.DirEntry, bool) {
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
