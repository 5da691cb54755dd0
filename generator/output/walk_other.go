//go:build !linux

package output

import (
	"io/fs"
	"os"
	"path/filepath"
)

// read lists dir, visits its entries and returns its folders. An entry's Info is the os
// package's.
func (w *walker) read(dir string) ([]string, error) {
	f, err := os.Open(filepath.Join(w.root, filepath.FromSlash(dir)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Unsorted: the walk has no order to keep.
	ents, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	var subdirs []string
	for _, e := range ents {
		rel := prefix + e.Name()
		if err := w.visit(rel, e); err != nil {
			return nil, err
		}
		if e.IsDir() {
			subdirs = append(subdirs, rel)
		}
	}
	return subdirs, nil
}

// Tree stats paths below a folder. It is safe for concurrent use.
type Tree struct{ dir string }

// OpenTree opens dir for Lstat.
func OpenTree(dir string) (*Tree, error) { return &Tree{dir: dir}, nil }

// Lstat stats rel, a slash-separated path below the folder, without following a last link.
func (t *Tree) Lstat(rel string) (fs.FileInfo, error) {
	return os.Lstat(filepath.Join(t.dir, filepath.FromSlash(rel)))
}

// Close lets the folder go.
func (t *Tree) Close() {}
