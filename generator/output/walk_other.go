//go:build !linux

package output

import (
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
