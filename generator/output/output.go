// Package output owns writing a build to disk: every file goes into a temporary directory
// beside the destination (fresh, or the site an earlier build replaced, written over and
// pruned), text files are minified on the way (one tdewolff minifier per media type on a
// single *minify.M), and only a complete build replaces the destination, in one atomic
// swap. A failed build is thrown away and the previous site stays as it was.
package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/tdewolff/minify/v2"

	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// NewMinifier returns the minifier for every text format the site emits.
func NewMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// minified are the media types the minifier is run on; other files are copied as they are.
var minified = map[string]bool{"text/html": true, "text/css": true, "text/javascript": true,
	"image/svg+xml": true, "application/json": true, "application/xml": true}

// MediaType returns the media type minified for a file name (hostpolicy's table), or "" for
// files copied as they are.
func MediaType(name string) string {
	if mt := hostpolicy.MediaType(name); minified[mt] {
		return mt
	}
	return ""
}

// Dir is a build in progress. Its methods are safe for concurrent use.
type Dir struct {
	dest, tmp string
	m         *minify.M
	minify    bool
	files     atomic.Int64
	bytes     atomic.Int64
	created   atomic.Int64 // files whose bytes went to disk (see Created)
	dirs      sync.Map     // directories already created
	bufs      sync.Pool
	cleaned   chan struct{} // closed when earlier builds' previous sites are deleted
	// reused is set when tmp started as the site an earlier build replaced: files are
	// overwritten in place and what this build did not write is pruned before the swap.
	reused  bool
	written sync.Map // files written, when reused
	// staged is set on a Stage: the tree holds every file of dest, and only what the
	// build removes itself goes.
	staged bool
	// journal, when set, records every file written or removed.
	journal *Journal
	// replaced is Replaced.
	replaced string
	pre      *Precompress
	// listed, when set, gives the size of each file the tree held when the build began
	// (Listed).
	listed func(rel string) (size int64, ok bool)
}

// Begin starts a build that will replace dest. The parent of dest is created if needed.
// The site replaced by an earlier build (kept beside dest, see Commit) becomes this build's
// temporary directory; any others are deleted in the background while this build renders.
func Begin(dest string, minifyText bool) (*Dir, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dest); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s: exists and is not a directory", dest)
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, tempPrefix(dest))
	if err != nil {
		return nil, err
	}
	d := &Dir{dest: dest, tmp: tmp, m: NewMinifier(), minify: minifyText, cleaned: make(chan struct{})}
	d.bufs.New = func() any { return new(bytes.Buffer) }
	previous := previousSites(dest)
	if len(previous) > 0 && os.Remove(tmp) == nil {
		// Build over the site an earlier build replaced: overwriting files that mostly exist
		// costs far less than deleting tens of thousands and creating them again. The rename
		// claims it, so two builds never share one.
		if os.Rename(previous[0], tmp) == nil {
			d.reused, previous = true, previous[1:]
		} else if err := os.Mkdir(tmp, 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	go d.removePrevious(previous)
	return d, nil
}

// InPlace writes over the files of an existing folder with no swap: for a private folder,
// such as the dev server's, when only a few pages change. Commit and Abort must not be used.
func InPlace(dir string, minifyText bool) *Dir {
	d := &Dir{dest: dir, tmp: dir, m: NewMinifier(), minify: minifyText, cleaned: make(chan struct{}), reused: true}
	d.bufs.New = func() any { return new(bytes.Buffer) }
	close(d.cleaned)
	return d
}

// Stage starts a build that changes a few files of dest and replaces it as Begin's does:
// the temporary directory starts as a copy of dest made of hard links (a second name for
// every file, no bytes copied), which the build writes over (each file it writes gets a
// file of its own, dest's stays as it was) and prunes nothing from; Commit swaps it in.
// Where links cannot be made (another file system), files are copied.
//
// With from, the site an earlier staged build replaced (see Replaced) is made the copy by
// linking again only the files that build changed, instead of linking every file.
func Stage(dest string, minifyText bool, from *Replaced) (*Dir, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	previous := previousSites(dest)
	tmp, err := os.MkdirTemp(filepath.Dir(dest), tempPrefix(dest))
	if err != nil {
		return nil, err
	}
	d := &Dir{dest: dest, tmp: tmp, m: NewMinifier(), minify: minifyText, cleaned: make(chan struct{}), reused: true, staged: true}
	d.bufs.New = func() any { return new(bytes.Buffer) }
	reused := from != nil && from.reuse(dest, tmp)
	if reused {
		previous = slices.DeleteFunc(previous, func(p string) bool { return filepath.Base(p) == from.Name })
		switch err := from.sync(dest, tmp); {
		case errors.Is(err, ErrOutsideOutput):
			os.RemoveAll(tmp)
			return nil, fmt.Errorf("copy %s: %w", dest, err)
		case err != nil:
			// Not the site a build left (a link planted in it, a file made unreadable):
			// dropped, and the copy made whole. RemoveAll removes links, never follows them.
			if err := os.RemoveAll(tmp); err != nil {
				return nil, fmt.Errorf("copy %s: %w", dest, err)
			}
			if err := os.Mkdir(tmp, 0o755); err != nil {
				return nil, fmt.Errorf("copy %s: %w", dest, err)
			}
			reused = false
		}
	}
	if !reused {
		if err := linkTree(dest, tmp); err != nil {
			os.RemoveAll(tmp)
			return nil, fmt.Errorf("copy %s: %w", dest, err)
		}
	}
	// Earlier sites are deleted in the background and not waited for (a staged build is
	// over in seconds; deleting a large site takes longer): what is left when the process
	// ends is deleted by the next build.
	close(d.cleaned)
	go removeSites(previous)
	return d, nil
}

// Replaced is a site a staged build replaced, kept beside dest, and the files (slash-
// separated) that build wrote or removed: what make it the site at dest again.
type Replaced struct {
	Name    string // of its folder, beside dest
	Changed []string
}

// reuse moves the replaced site to tmp (an empty folder), reporting whether it could.
func (r *Replaced) reuse(dest, tmp string) bool {
	if !strings.HasPrefix(r.Name, previousPrefix(dest)) || strings.ContainsAny(r.Name, `/\`) {
		return false
	}
	from := filepath.Join(filepath.Dir(dest), r.Name)
	if fi, err := os.Lstat(from); err != nil || !fi.IsDir() || os.Remove(tmp) != nil {
		return false
	}
	if os.Rename(from, tmp) != nil {
		os.Mkdir(tmp, 0o755)
		return false
	}
	return true
}

// sync makes each changed file of tmp what it is in dest: a link to it, or gone (with the
// folders that leaves empty, as Dir.Remove does), on a few goroutines. Both are folders
// of one parent, opened as an os.Root: a symbolic link inside either never leads out.
func (r *Replaced) sync(dest, tmp string) error {
	for _, rel := range r.Changed {
		if !filepath.IsLocal(rel) || strings.Contains(rel, "\\") {
			return fmt.Errorf("%q: %w", rel, ErrOutsideOutput)
		}
	}
	root, err := os.OpenRoot(filepath.Dir(dest))
	if err != nil {
		return err
	}
	defer root.Close()
	return relinkAll(root, filepath.Base(dest), filepath.Base(tmp), r.Changed)
}

// relinkEach is relinkAll one path at a time, each through root from its top, in order:
// where a folder cannot be opened once for all of its files. (On a few goroutines, a
// path that is a file in one tree and a folder in the other could see its folder removed
// as empty just as a file took its name.)
func relinkEach(root *os.Root, from, to string, changed []string) error {
	for _, rel := range changed {
		if err := relink(root, from, to, rel); err != nil {
			return err
		}
	}
	return nil
}

// relink makes the file rel of folder to (in root) a link to from's, or removes it when
// from has none. A path may have been a file in one tree and a folder in the other: a
// folder of from is left to the paths of its own files (they are changed too), and what
// stands in the way of the link (a folder where the file goes, a file where one of its
// folders goes) is removed first.
func relink(root *os.Root, from, to, rel string) error {
	src, target := path.Join(from, rel), path.Join(to, rel)
	// A link on target's way (a build never writes one) goes first, outermost first: every
	// step below then stays in the tree to, not in a folder beside it that root holds.
	if err := removeOnTheWay(root, target, to, func(m fs.FileMode) bool { return m&fs.ModeSymlink != 0 }); err != nil {
		return err
	}
	fi, err := root.Lstat(src)
	switch {
	case err == nil && fi.IsDir():
		// Published as a folder: only a file of to in its place goes.
		if tfi, err := root.Lstat(target); err == nil && !tfi.IsDir() {
			if err := root.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	case err == nil && !fi.Mode().IsRegular():
		return fmt.Errorf("%s: not a regular file", rel)
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		// Gone from the published site (or a file is where its folder was).
		if err := removeUnlessFolderInWay(root, target); err != nil {
			return err
		}
		removeEmptyParents(root, target, to)
		return nil
	case err != nil:
		return err
	}
	// A file where one of target's folders goes would make every step below fail.
	if err := removeOnTheWay(root, target, to, func(m fs.FileMode) bool { return !m.IsDir() }); err != nil {
		return err
	}
	if err := root.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
		if err := root.RemoveAll(target); err != nil { // a folder where the file goes
			return err
		}
	}
	if err := root.MkdirAll(path.Dir(target), 0o755); err != nil {
		return err
	}
	return linkOrCopy(root, src, target)
}

// removeOnTheWay removes, outermost first, each of the folders of name below stop (in
// root) that is there but is what inWay says (by its Lstat mode) must not stand there.
func removeOnTheWay(root *os.Root, name, stop string, inWay func(fs.FileMode) bool) error {
	var dirs []string
	for dir := path.Dir(name); dir != stop && dir != "."; dir = path.Dir(dir) {
		dirs = append(dirs, dir)
	}
	for _, dir := range slices.Backward(dirs) {
		if fi, err := root.Lstat(dir); err == nil && inWay(fi.Mode()) {
			if err := root.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// removeUnlessFolderInWay removes the file target of root; nothing when it is not there or
// a file stands where one of its folders goes (then it cannot be there either).
func removeUnlessFolderInWay(root *os.Root, target string) error {
	err := root.Remove(target)
	if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil
	}
	if fi, lerr := root.Lstat(target); lerr == nil && fi.IsDir() {
		return root.RemoveAll(target) // a folder that held more than the file did
	}
	return err
}

// linker is where linkOrCopy works: an *os.Root, or osFiles.
type linker interface {
	Link(oldname, newname string) error
	ReadFile(name string) ([]byte, error)
	WriteFile(name string, data []byte, perm fs.FileMode) error
}

// osFiles is the os package's functions as a linker, for paths that need no os.Root.
type osFiles struct{}

func (osFiles) Link(oldname, newname string) error   { return os.Link(oldname, newname) }
func (osFiles) ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }
func (osFiles) WriteFile(name string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(name, data, perm)
}

// linkOrCopy makes newname a hard link to oldname, or a copy where links cannot be made
// (another file system).
func linkOrCopy(l linker, oldname, newname string) error {
	err := l.Link(oldname, newname)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return err
	}
	data, err := l.ReadFile(oldname)
	if err != nil {
		return err
	}
	return l.WriteFile(newname, data, 0o644)
}

// removeEmptyParents removes the folders of name (in root) that are empty, up to stop, and
// returns them.
func removeEmptyParents(root *os.Root, name, stop string) []string {
	var removed []string
	for dir := path.Dir(name); dir != stop && dir != "."; dir = path.Dir(dir) {
		// Only a folder: a file may stand where a folder was (it trades places with it).
		if fi, err := root.Lstat(dir); err != nil || !fi.IsDir() || root.Remove(dir) != nil {
			break // not empty, or not there
		}
		removed = append(removed, dir)
	}
	return removed
}

// Replaced names the folder beside dest holding the site Commit replaced ("" before a
// Commit, or when there was none).
func (d *Dir) Replaced() string { return d.replaced }

// linkTree fills the empty folder to with hard links to the files below from, folders
// made anew. Only folders and regular files are taken (a link is never followed: a build
// writes nothing else), and everything in to is made by this walk: plain paths are safe.
// (Through an os.Root the copy of 231,811 files took 3.5 s instead of 2.7 s, one run each.)
func linkTree(from, to string) error {
	return Walk(from, func(rel string, e fs.DirEntry) error {
		target := filepath.Join(to, filepath.FromSlash(rel))
		switch {
		case e.IsDir():
			return os.Mkdir(target, 0o755)
		case e.Type().IsRegular():
			return linkOrCopy(osFiles{}, filepath.Join(from, filepath.FromSlash(rel)), target)
		}
		return nil
	})
}

// tempPrefix names the folders beside dest that a build writes: ".public.sitegen-*".
func tempPrefix(dest string) string { return "." + filepath.Base(dest) + ".sitegen-" }

// previousPrefix names the folders that hold a site replaced by a finished build. Only these
// are deleted by later builds; a build in progress elsewhere keeps its own temporary folder.
func previousPrefix(dest string) string { return tempPrefix(dest) + "previous-" }

// previousSites lists the folders of sites replaced by earlier builds. It runs before this
// build can commit, so its own replaced site is never on the list.
func previousSites(dest string) []string {
	parent := filepath.Dir(dest)
	ents, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), previousPrefix(dest)) {
			out = append(out, filepath.Join(parent, e.Name()))
		}
	}
	return out
}

func (d *Dir) removePrevious(dirs []string) {
	defer close(d.cleaned)
	removeSites(dirs)
}

// removeSites deletes the folders of replaced sites; best effort: a folder that cannot be
// removed now is tried again by the next build.
func removeSites(dirs []string) {
	for _, dir := range dirs {
		_ = os.RemoveAll(dir)
	}
}

// ErrOutsideOutput is returned for a path that would leave the output directory.
var ErrOutsideOutput = errors.New("path leaves the output directory")

func (d *Dir) path(rel string) (string, error) {
	if !filepath.IsLocal(rel) || strings.Contains(rel, "\\") || path.Clean(rel) != rel || rel == "." {
		return "", fmt.Errorf("%q: %w", rel, ErrOutsideOutput)
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(rel))
	if err := d.mkdir(filepath.Dir(p)); err != nil {
		return "", err
	}
	return p, nil
}

// mkdir creates dir and its parents below the build root, remembering what exists so that
// each folder costs one system call.
func (d *Dir) mkdir(dir string) error {
	if dir == d.tmp {
		return nil
	}
	if dir == filepath.Dir(dir) {
		return fmt.Errorf("%s: %w", dir, ErrOutsideOutput)
	}
	if _, done := d.dirs.Load(dir); done {
		return nil
	}
	if err := d.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
		// In a reused tree the name may hold a file or a symbolic link: never write
		// through a link, replace it with a real folder.
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
		}
	}
	d.dirs.Store(dir, true)
	return nil
}

// writeFile writes data at path, replacing whatever a reused tree has there. O_NOFOLLOW
// keeps a symbolic link at path from redirecting the write; its folders were checked by mkdir.
func (d *Dir) writeFile(path string, data []byte) error {
	_, err := d.write(path, data)
	return err
}

// write is writeFile, also reporting whether the file was left as it was.
func (d *Dir) write(path string, data []byte) (unchanged bool, err error) {
	if d.reused && sameContent(path, data) {
		// Unchanged since the build that wrote this tree: leave the file (and its mtime,
		// which sync tools compare) alone, and write nothing the disk must flush.
		d.written.Store(path, true)
		return true, nil
	}
	return false, d.create(path, data)
}

func (d *Dir) create(path string, data []byte) error {
	if d.reused {
		// A reused or linked tree may share this file with the published site (a hard link,
		// see Stage): give the new bytes a file of their own instead of writing through it.
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.EISDIR) && !errors.Is(err, syscall.ENOTEMPTY) {
			return err
		}
	}
	d.note(path, true)
	d.created.Add(1)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|noFollow, 0o644)
	if err != nil && d.reused {
		// A folder or a link where the file goes: remove it and try once more.
		if rmErr := os.RemoveAll(path); rmErr != nil {
			return rmErr
		}
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|noFollow, 0o644)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if d.reused {
		d.written.Store(path, true)
	}
	return nil
}

// Journal records the files a build writes to or removes from a tree, so that what it
// changed is known without reading the tree again (a build cache's list of the output).
// It is safe for concurrent use; one Journal may serve several Dirs of one tree.
type Journal struct {
	mu    sync.Mutex
	paths map[string]bool // true: written last, false: removed
}

// Paths are the files written or removed, slash-separated, relative to the tree.
func (j *Journal) Paths() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]string, 0, len(j.paths))
	for p := range j.paths {
		out = append(out, p)
	}
	return out
}

// Counts says how many of the journal's files were last written, and how many removed.
func (j *Journal) Counts() (written, removed int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, w := range j.paths {
		if w {
			written++
		} else {
			removed++
		}
	}
	return written, removed
}

// SetJournal makes d record in j what it writes and removes.
func (d *Dir) SetJournal(j *Journal) { d.journal = j }

// note records the file at path (below d.tmp) in the journal, as written or removed.
func (d *Dir) note(path string, written bool) {
	if d.journal == nil {
		return
	}
	rel, err := filepath.Rel(d.tmp, path)
	if err != nil {
		return
	}
	d.journal.mu.Lock()
	if d.journal.paths == nil {
		d.journal.paths = map[string]bool{}
	}
	d.journal.paths[filepath.ToSlash(rel)] = written
	d.journal.mu.Unlock()
}

// Remove deletes the file rel (slash-separated), its compressed siblings and the folders
// it leaves empty; a file that is not there is no error. The tree is opened as an
// os.Root: a symbolic link in it never leads a removal out of it.
func (d *Dir) Remove(rel string) error {
	if !filepath.IsLocal(rel) || strings.Contains(rel, "\\") {
		return fmt.Errorf("%q: %w", rel, ErrOutsideOutput)
	}
	name := path.Base(rel)
	return d.RemoveFrom(context.Background(), path.Dir(rel), []string{name, name + SiblingExts[0], name + SiblingExts[1]})
}

// RemoveFrom deletes the files names (each a name in folder, not a path) from folder,
// opened once: a system call a file where Remove makes about 18 (serve removes the ~44,000
// files of a search index replaced whole). It stops with ctx's error when ctx is
// cancelled; then some of names are left.
func (d *Dir) RemoveFrom(ctx context.Context, folder string, names []string) error {
	if len(names) == 0 {
		return nil
	}
	if !filepath.IsLocal(folder) || strings.Contains(folder, "\\") {
		return fmt.Errorf("%q: %w", folder, ErrOutsideOutput)
	}
	root, err := os.OpenRoot(d.tmp)
	if err != nil {
		return err
	}
	defer root.Close()
	dir, err := root.OpenRoot(folder) // inside the tree, whatever links it holds
	if errors.Is(err, fs.ErrNotExist) {
		return nil // nothing there to remove
	}
	if err != nil {
		return err
	}
	defer dir.Close()
	for i, name := range names {
		if i%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\") {
			return fmt.Errorf("%q in %q: %w", name, folder, ErrOutsideOutput)
		}
		switch err := dir.Remove(name); {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		default:
			d.note(filepath.Join(d.tmp, filepath.FromSlash(folder), name), false)
		}
	}
	for _, gone := range removeEmptyParents(root, folder+"/"+names[0], ".") {
		d.dirs.Delete(filepath.Join(d.tmp, filepath.FromSlash(gone)))
	}
	return nil
}

// removeFile deletes the file at path (below d.tmp), if any, and notes it.
func (d *Dir) removeFile(path string) error {
	err := os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		d.note(path, false)
	}
	return err
}

// sameContent reports whether path is a regular file (not a link) holding exactly data.
func sameContent(path string, data []byte) bool {
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	old := make([]byte, len(data))
	if _, err := io.ReadFull(f, old); err != nil {
		return false
	}
	return bytes.Equal(old, data)
}

// prune removes from a reused tree everything this build did not write.
func (d *Dir) prune() error {
	return filepath.WalkDir(d.tmp, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == d.tmp {
			return nil
		}
		if e.IsDir() {
			if _, keep := d.dirs.Load(p); keep {
				return nil
			}
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			return fs.SkipDir
		}
		if _, keep := d.written.Load(p); !keep {
			return os.Remove(p)
		}
		return nil
	})
}

// Writer is a file being written: Close completes it; Discard drops it, writing nothing
// (a page whose rendering failed half way must not replace the one served).
type Writer interface {
	io.WriteCloser
	Discard()
}

// Create returns a writer for the file rel (slash-separated, relative to the output root).
// Text formats are minified when the writer is closed; the file is complete only then.
func (d *Dir) Create(rel string) (Writer, error) {
	p, err := d.path(rel)
	if err != nil {
		return nil, err
	}
	buf := d.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	return &fileWriter{d: d, rel: rel, path: p, buf: buf}, nil
}

// WriteFile writes data to rel, minifying text formats.
func (d *Dir) WriteFile(rel string, data []byte) error {
	w, err := d.Create(rel)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// WriteFinal writes data to rel exactly as given, not minified: for bytes already final
// (a fingerprinted asset, whose name and integrity hash are of these bytes).
func (d *Dir) WriteFinal(rel string, data []byte) error {
	p, err := d.path(rel)
	if err != nil {
		return err
	}
	unchanged, err := d.write(p, data)
	if err != nil {
		return err
	}
	d.files.Add(1)
	d.bytes.Add(int64(len(data)))
	return d.precompress(rel, p, data, unchanged)
}

// WriteNamed is WriteFinal for data whose file name is made from its content (a content
// hash): in a reused tree, a regular file of that name and size already holds these
// bytes, and is left without being read. After an edit serve writes a search index of
// ~15,000 such files a language, nearly all of them there already.
func (d *Dir) WriteNamed(rel string, data []byte) error {
	p, err := d.path(rel)
	if err != nil {
		return err
	}
	if d.namedThere(p, len(data)) {
		return d.precompress(rel, p, data, true)
	}
	return d.WriteFinal(rel, data)
}

// Listed tells d the files its tree held when the build began, as the caller checked them
// (a build cache compares the output with the list its build left, by size and time,
// before the build starts): the size of each, by slash-separated path. KeepNamed then
// takes a listed file that d's journal (SetJournal, required) does not show written or
// removed since as there, instead of looking: a search index keeps ~45,000 files at
// PSEB's size, three system calls each.
func (d *Dir) Listed(sizes func(rel string) (size int64, ok bool)) { d.listed = sizes }

// listedSize is the size Listed gives rel, when the journal shows nothing done to it.
func (d *Dir) listedSize(rel string) (int64, bool) {
	if d.listed == nil || d.journal == nil || !d.reused {
		return 0, false
	}
	d.journal.mu.Lock()
	_, touched := d.journal.paths[rel]
	d.journal.mu.Unlock()
	if touched {
		return 0, false
	}
	return d.listed(rel)
}

// KeepNamed is WriteNamed for a caller that does not hold the bytes of rel, only their
// size (a search index keeps the files the index before wrote): it reports whether the
// file is there and kept. When files get compressed siblings and rel is one that has them,
// both must be there too (a name made from the content means they were made from the same
// bytes); otherwise the caller writes the bytes, and they are made.
func (d *Dir) KeepNamed(rel string, size int) (bool, error) {
	p, err := d.path(rel)
	if err != nil {
		return false, err
	}
	precompressed := d.pre != nil && size >= MinPrecompressSize && compressible[strings.ToLower(path.Ext(rel))]
	if d.listed != nil {
		if kept, known := d.keepListed(rel, p, size, precompressed); known {
			return kept, nil
		}
	}
	if precompressed {
		sizes := make([]int64, len(SiblingExts))
		for i, ext := range SiblingExts {
			fi, err := os.Lstat(p + ext)
			if err != nil || !fi.Mode().IsRegular() {
				return false, nil
			}
			sizes[i] = fi.Size()
		}
		if !d.namedThere(p, size) {
			return false, nil
		}
		for i, ext := range SiblingExts {
			d.written.Store(p+ext, true)
			d.files.Add(1)
			d.bytes.Add(sizes[i])
		}
		return true, nil
	}
	return d.namedThere(p, size), nil
}

// keepListed is KeepNamed of rel (at p) by the list Listed gave: known is false when the
// list cannot say (rel, or a sibling, not listed or touched since), and the tree is looked at.
func (d *Dir) keepListed(rel, p string, size int, precompressed bool) (kept, known bool) {
	got, ok := d.listedSize(rel)
	if !ok {
		return false, false
	}
	if got != int64(size) {
		return false, true // another file by that name: written again
	}
	names, sizes := []string{p}, []int64{got}
	if precompressed {
		for _, ext := range SiblingExts {
			s, ok := d.listedSize(rel + ext)
			if !ok {
				return false, false
			}
			names, sizes = append(names, p+ext), append(sizes, s)
		}
	}
	for i, name := range names {
		d.written.Store(name, true)
		d.files.Add(1)
		d.bytes.Add(sizes[i])
	}
	return true, true
}

// namedThere reports whether the reused tree has a regular file of size bytes at p, whose
// name is made from its content, and if so counts it as written.
func (d *Dir) namedThere(p string, size int) bool {
	if !d.reused {
		return false
	}
	if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(size) {
		return false
	}
	d.written.Store(p, true)
	d.files.Add(1)
	d.bytes.Add(int64(size))
	return true
}

type fileWriter struct {
	d    *Dir
	rel  string
	path string
	buf  *bytes.Buffer
}

func (w *fileWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }

func (w *fileWriter) Discard() { w.d.putBuf(w.buf) }

func (w *fileWriter) Close() error {
	defer w.d.putBuf(w.buf)
	data := w.buf.Bytes()
	if mt := MediaType(w.rel); w.d.minify && mt != "" {
		// The minifier writes in small pieces: collect them, then write the file at once.
		min := w.d.bufs.Get().(*bytes.Buffer)
		defer w.d.putBuf(min)
		min.Reset()
		// Passing the buffer itself (it has Bytes()) lets the minifier read it without a copy.
		if err := w.d.m.Minify(mt, min, w.buf); err != nil {
			return fmt.Errorf("minify %s: %w", w.rel, err)
		}
		data = min.Bytes()
	}
	unchanged, err := w.d.write(w.path, data)
	if err != nil {
		return err
	}
	w.d.files.Add(1)
	w.d.bytes.Add(int64(len(data)))
	return w.d.precompress(w.rel, w.path, data, unchanged)
}

// pooledBufMax is the largest buffer kept for the next file. A pool keeps what it is given
// until two collections later: the 23 MB sitemap of PSEB's site, grown by doubling, left
// 100 MB in it at the build's peak. Pages are tens of kilobytes.
const pooledBufMax = 1 << 20

// putBuf returns buf to the pool unless it is large.
func (d *Dir) putBuf(buf *bytes.Buffer) {
	if buf.Cap() <= pooledBufMax {
		d.bufs.Put(buf)
	}
}

// Stats reports the files and bytes written so far.
func (d *Dir) Stats() (files, bytes int64) { return d.files.Load(), d.bytes.Load() }

// Created counts the files whose bytes d wrote to disk, compressed siblings included; Stats
// counts besides the files left as they were (the same bytes, or kept by KeepNamed).
func (d *Dir) Created() int64 { return d.created.Load() }

// Root is the temporary directory being written (for tests and diagnostics).
func (d *Dir) Root() string { return d.tmp }

// Commit replaces dest with the build: atomically where the system can exchange two
// directories, otherwise by renames in quick succession. The replaced site is moved to a
// hidden ".<dest>.sitegen-previous-*" folder beside dest, which the next build writes over
// (see Begin): deleting tens of thousands of files and creating them again takes seconds on
// many file systems.
func (d *Dir) Commit() error {
	defer func() { <-d.cleaned }()
	if d.reused && !d.staged {
		if err := d.prune(); err != nil {
			os.RemoveAll(d.tmp)
			return fmt.Errorf("prune %s: %w", d.tmp, err)
		}
	}
	_, err := os.Lstat(d.dest)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.Rename(d.tmp, d.dest); err != nil {
			os.RemoveAll(d.tmp)
			return err
		}
		return nil
	case err != nil:
		os.RemoveAll(d.tmp)
		return err
	}
	if err := exchange(d.tmp, d.dest); err != nil {
		os.RemoveAll(d.tmp)
		return fmt.Errorf("replace %s: %w", d.dest, err)
	}
	// d.tmp now holds the previous site.
	previous := filepath.Join(filepath.Dir(d.tmp), previousPrefix(d.dest)+strings.TrimPrefix(filepath.Base(d.tmp), tempPrefix(d.dest)))
	if err := os.Rename(d.tmp, previous); err != nil {
		return os.RemoveAll(d.tmp)
	}
	d.replaced = filepath.Base(previous)
	return nil
}

// Abort throws the build away.
func (d *Dir) Abort() {
	os.RemoveAll(d.tmp)
	<-d.cleaned
}
