// Package watch owns noticing edits to a site's sources. fsnotify watches single folders on
// Linux, so the watcher adds every folder below its roots, follows folders that are created,
// renamed or deleted while it runs, and reports the files of a new folder that were written
// before its watch was in place. Events are coalesced into change sets after a short quiet
// window, so an editor's save (or a checkout that switches 500 files) becomes one rebuild.
// It knows nothing of what the files mean: callers get sorted paths.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is how long the watcher waits after the last event before it reports a
// change set: long enough to join the events of one save, short enough not to be noticed.
const DefaultQuiet = 10 * time.Millisecond

// DefaultMaxDelay bounds how long a steady stream of events can hold a change set back.
const DefaultMaxDelay = 200 * time.Millisecond

// Option configures a Watcher.
type Option func(*Watcher)

// WithIgnore skips files and folders whose base name matches (editor backups, swap files).
func WithIgnore(ignore func(name string) bool) Option { return func(w *Watcher) { w.ignore = ignore } }

// Watcher reports changed paths below its roots.
type Watcher struct {
	fsw      *fsnotify.Watcher
	quiet    time.Duration
	maxDelay time.Duration
	ignore   func(string) bool
	changes  chan []string
	errs     chan error
	done     chan struct{}
	wg       sync.WaitGroup
}

// New watches every folder below roots. Roots must exist.
func New(roots []string, opts ...Option) (*Watcher, error) {
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, err
	}
	w := &Watcher{fsw: fsw, quiet: DefaultQuiet, maxDelay: DefaultMaxDelay, ignore: func(string) bool { return false },
		changes: make(chan []string, 16), errs: make(chan error, 16), done: make(chan struct{})}
	for _, o := range opts {
		o(w)
	}
	for _, r := range roots {
		if _, err := w.addTree(r); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Changes delivers change sets: the sorted, de-duplicated paths that were created, written,
// removed, renamed or touched. A removed or renamed folder is reported by its own path only
// (treat it as "everything below changed"). A set is never empty.
func (w *Watcher) Changes() <-chan []string { return w.changes }

// Errors delivers problems the watcher could not handle itself (it keeps running).
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching; Changes is closed after the last set.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	err := w.fsw.Close()
	w.wg.Wait()
	return err
}

// addTree watches dir and every folder below it, and returns the files found, which may
// have been written before the watch was in place. A link to a folder is watched by its
// own path (a build follows such links, so an edit below one must be seen too); seen
// holds the real paths of the roots and of the links' folders already walked, so a loop
// of links ends. Plain folders are not resolved: a site has thousands of them.
func (w *Watcher) addTree(dir string) ([]string, error) {
	return w.addTreeSeen(dir, map[string]bool{})
}

func (w *Watcher) addTreeSeen(dir string, seen map[string]bool) ([]string, error) {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if seen[real] {
			return nil, nil
		}
		seen[real] = true
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p != dir {
				return nil // removed while walking
			}
			return err
		}
		if p != dir && w.ignore(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			p = filepath.Clean(p)
			if err := w.fsw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				// A trailing separator makes the walk enter the link's folder; its files
				// keep the link's path.
				below, err := w.addTreeSeen(p+string(filepath.Separator), seen)
				files = append(files, below...)
				if err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				return nil
			}
		}
		files = append(files, p)
		return nil
	})
	return files, err
}

func (w *Watcher) loop() {
	defer w.wg.Done()
	defer close(w.changes)
	pending := map[string]bool{}
	var quiet, deadline <-chan time.Time
	flush := func() {
		if len(pending) == 0 {
			return
		}
		set := make([]string, 0, len(pending))
		for p := range pending {
			set = append(set, p)
		}
		slices.Sort(set)
		clear(pending)
		quiet, deadline = nil, nil
		select {
		case w.changes <- set:
		case <-w.done:
		}
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				flush()
				return
			}
			for _, p := range w.handle(ev) {
				pending[p] = true
			}
			if len(pending) > 0 {
				quiet = time.After(w.quiet)
				if deadline == nil {
					deadline = time.After(w.maxDelay)
				}
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			// An overflowed event queue means events were lost: report everything as
			// possibly changed by sending the error, so the caller rebuilds in full.
			select {
			case w.errs <- err:
			default:
			}
		case <-quiet:
			flush()
		case <-deadline:
			flush()
		}
	}
}

// handle turns one event into the paths it changed, following new folders.
func (w *Watcher) handle(ev fsnotify.Event) []string {
	if ev.Name == "" || w.ignore(filepath.Base(ev.Name)) {
		return nil
	}
	paths := []string{ev.Name}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			// A new folder (created, or renamed into place): watch it and everything in it,
			// and report its files, which may predate the watch.
			files, err := w.addTree(ev.Name)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				select {
				case w.errs <- err:
				default:
				}
			}
			paths = append(paths, files...)
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// A folder that went away, or moved (its new name arrives as a Create), must not keep
		// watches under the old name: inotify follows the moved folder, and its events
		// would carry the old path. The new name is watched afresh.
		prefix := ev.Name + string(filepath.Separator)
		for _, p := range w.fsw.WatchList() {
			if p == ev.Name || strings.HasPrefix(p, prefix) {
				_ = w.fsw.Remove(p)
			}
		}
	}
	return paths
}
