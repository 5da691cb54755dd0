package buildcache

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/pseb/sitegen/generator/output"
)

// The output check. A warm build trusts the output folder to be what the cached build
// left there, so it checks that first; at PSEB's size that is 299,824 files in 69,014
// folders. Listing every folder (open, read, close) and statting every file took 1.5 s of
// CPU, which a warm build's loading waited for on two cores (without the check a body
// edit took 2.3-2.45 s, with it 2.9-3.3 s). A folder's modification time changes whenever
// a name in it is added, removed or renamed, so the folders' times stand for their
// listings, and only files are statted beside them; a compressed sibling (.gz, .br of a
// file the output has) is not: it is written with its file, and an edit of the output
// in place (a script that rewrites pages) rewrites the file, which is statted.

// ListOutput stamps every regular file below dir, and the modification time (in
// nanoseconds) of every folder there, dir itself as "." (slash-separated paths).
func ListOutput(dir string) (files map[string]Stamp, folders map[string]int64, err error) {
	var mu sync.Mutex
	files, folders = map[string]Stamp{}, map[string]int64{}
	err = output.Walk(dir, func(rel string, d fs.DirEntry) error {
		fi, err := d.Info()
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		switch {
		case fi.IsDir():
			folders[rel] = fi.ModTime().UnixNano()
		case fi.Mode().IsRegular():
			files[rel] = stampOf(fi)
		default:
			return fmt.Errorf("%s: not a regular file", rel)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	root, err := os.Lstat(dir)
	if err != nil {
		return nil, nil, err
	}
	folders["."] = root.ModTime().UnixNano()
	return files, folders, nil
}

// Restamp brings files and folders, the lists of dir's files and folders before some files
// (paths) were written or removed, up to date. Every folder is looked at again: a build's
// staging (output.Stage) relinks files of folders its writes do not name.
func Restamp(files map[string]Stamp, folders map[string]int64, dir string, paths []string) error {
	tree, err := output.OpenTree(dir)
	if err != nil {
		return err
	}
	defer tree.Close()
	for _, p := range paths {
		fi, err := tree.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR): // a folder of it is a file now
			delete(files, p)
		case err != nil:
			return err
		case !fi.Mode().IsRegular():
			return fmt.Errorf("%s: not a regular file", p)
		default:
			files[p] = stampOf(fi)
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if _, ok := folders[d]; ok {
				break
			}
			folders[d] = 0 // a new folder: looked at below
		}
	}
	folders["."] = 0
	names := slices.Collect(maps.Keys(folders))
	times := make([]int64, len(names)) // -1: no folder there now
	err = eachStat(tree, names, func(i int, fi fs.FileInfo, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR), err == nil && !fi.IsDir():
			times[i] = -1 // gone, or a file of that name now: listed as one
		case err != nil:
			return err
		default:
			times[i] = fi.ModTime().UnixNano()
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, name := range names {
		if times[i] == -1 {
			delete(folders, name)
		} else {
			folders[name] = times[i]
		}
	}
	return nil
}

// Totals counts the output's files and their bytes.
func (st *State) Totals() (files, bytes int64) {
	for _, s := range st.Output {
		files++
		bytes += s.Size
	}
	return files, bytes
}

// SameOutput reports, as an error naming the first difference, whether dir holds exactly
// the files st's build left there: its folders with the modification times they had
// (nothing added, removed or renamed in them), and its files, but for compressed
// siblings, with their sizes and modification times.
func (st *State) SameOutput(dir string) error {
	if st.Folders == nil {
		return st.firstDifference(dir)
	}
	tree, err := output.OpenTree(dir)
	if err != nil {
		return err
	}
	defer tree.Close()
	names := make([]string, 0, len(st.Folders)+len(st.Output)/3)
	for name := range st.Folders {
		names = append(names, name)
	}
	folders := len(names)
	for name := range st.Output {
		if !isSibling(name, st.Output) {
			names = append(names, name)
		}
	}
	err = eachStat(tree, names, func(i int, got fs.FileInfo, err error) error {
		switch {
		case err != nil,
			i < folders && (!got.IsDir() || !sameFolderTime(st.Folders[names[i]], got.ModTime().UnixNano())),
			i >= folders && (!got.Mode().IsRegular() || stampOf(got) != st.Output[names[i]]):
			return errDiffers
		}
		return nil
	})
	if err != nil {
		return st.firstDifference(dir) // names the first difference, in path order
	}
	return nil
}

// errDiffers stops SameOutput's stats at the first difference.
var errDiffers = errors.New("differs")

// isSibling reports whether name is the compressed sibling of a file of files.
func isSibling(name string, files map[string]Stamp) bool {
	base, ok := strings.CutSuffix(name, ".gz")
	if !ok {
		base, ok = strings.CutSuffix(name, ".br")
	}
	if !ok {
		return false
	}
	_, ok = files[base]
	return ok
}

// sameFolderTime reports whether a folder's modification time is the one recorded: to
// the nanosecond, or to the second when it has none finer (restored from an archive: CI
// caches keep whole seconds).
func sameFolderTime(want, got int64) bool {
	const second = 1_000_000_000
	return got == want || got%second == 0 && got/second == want/second
}

// firstDifference names the first difference between dir and st's list, in path order.
func (st *State) firstDifference(dir string) error {
	now, _, err := ListOutput(dir)
	if err != nil {
		return err
	}
	for _, p := range slices.Sorted(maps.Keys(st.Output)) {
		got, ok := now[p]
		switch {
		case !ok:
			return fmt.Errorf("%s is missing", p)
		case got != st.Output[p]:
			return fmt.Errorf("%s was changed", p)
		}
	}
	if len(now) != len(st.Output) {
		for _, p := range slices.Sorted(maps.Keys(now)) {
			if _, ok := st.Output[p]; !ok {
				return fmt.Errorf("%s was added", p)
			}
		}
	}
	return nil
}

// stampOf is a file's Stamp.
func stampOf(fi fs.FileInfo) Stamp { return Stamp{Size: fi.Size(), ModTime: fi.ModTime().Unix()} }

// eachStat calls visit with each name's stat below tree's folder, on as many goroutines as
// there are cores (the calls wait on the kernel: two cores make them in about half the
// time), until one returns an error, which it returns. visit must be safe for concurrent
// use.
func eachStat(tree *output.Tree, names []string, visit func(i int, fi fs.FileInfo, err error) error) error {
	workers := runtime.GOMAXPROCS(0)
	var (
		wg      sync.WaitGroup
		stopped atomic.Bool
		first   error
		once    sync.Once
	)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(names) && !stopped.Load(); i += workers {
				fi, err := tree.Lstat(names[i])
				if err := visit(i, fi, err); err != nil {
					once.Do(func() { first = err })
					stopped.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return first
}
