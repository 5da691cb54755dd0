package output

import (
	"io/fs"
	"runtime"
	"sync"
)

// Walk calls visit for everything below root (not root itself), on a few goroutines, with
// slash-separated paths relative to root: a folder before what it holds, folders in no
// particular order. A site's output is tens of thousands of folders of one page each; a
// walk of it is system calls, which two cores make in little more than half the time of
// one. visit must be safe for concurrent use; the first error it or a read returns stops
// the walk and is returned. During the visit an entry's Info stats its name in the folder
// the walk holds open; after it, by path.
func Walk(root string, visit func(rel string, e fs.DirEntry) error) error {
	w := &walker{root: root, visit: visit, queue: []string{"."}, pending: 1}
	w.cond = sync.NewCond(&w.mu)
	var wg sync.WaitGroup
	for range walkers() {
		wg.Go(w.work)
	}
	wg.Wait()
	return w.err
}

// walkers is how many goroutines walk a tree: the system calls wait on the kernel as much
// as on a core.
func walkers() int { return 2 * runtime.GOMAXPROCS(0) }

type walker struct {
	root  string
	visit func(string, fs.DirEntry) error
	mu    sync.Mutex
	cond  *sync.Cond
	queue []string // folders to read
	// pending counts the folders queued or being read: the walk ends at zero.
	pending int
	err     error
}

func (w *walker) work() {
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && w.pending > 0 && w.err == nil {
			w.cond.Wait()
		}
		if w.pending == 0 || w.err != nil {
			w.mu.Unlock()
			return
		}
		dir := w.queue[len(w.queue)-1]
		w.queue = w.queue[:len(w.queue)-1]
		w.mu.Unlock()

		subdirs, err := w.read(dir)
		w.mu.Lock()
		if err != nil && w.err == nil {
			w.err = err
		}
		w.queue = append(w.queue, subdirs...)
		w.pending += len(subdirs) - 1
		w.cond.Broadcast()
		w.mu.Unlock()
	}
}
