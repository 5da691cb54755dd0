package site

import (
	"fmt"
	"io"
	"sync/atomic"
	"time"
)

// progress counts a build's work for a line redrawn on a terminal: the stage, and files
// written of the total once writing starts. Workers only add to counters; one goroutine
// draws.
type progress struct {
	stage       atomic.Value // string
	done, total atomic.Int64
}

func (p *progress) setStage(s string) {
	if p != nil {
		p.stage.Store(s)
	}
}

func (p *progress) add(n int64) {
	if p != nil {
		p.done.Add(n)
	}
}

// progressDelay is how long a build runs before it shows progress: a build that ends
// sooner prints nothing but its summary.
var progressDelay = time.Second

// show draws p on w five times a second after progressDelay, until the returned func is
// called, which clears the line. With a nil w (not a terminal, CI, --quiet) it does
// nothing.
func (p *progress) show(w io.Writer) (stop func()) {
	if w == nil || p == nil {
		return func() {}
	}
	start := time.Now()
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		wait := time.NewTimer(progressDelay)
		defer wait.Stop()
		select {
		case <-wait.C:
		case <-done:
			return
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			stage, _ := p.stage.Load().(string)
			line := "build: " + stage
			if total := p.total.Load(); total > 0 {
				n := p.done.Load()
				rate := float64(n) / time.Since(start).Seconds()
				line = fmt.Sprintf("build: %s %d/%d files (%.0f/s)", stage, n, total, rate)
			}
			fmt.Fprintf(w, "\r\x1b[K%s", line)
			select {
			case <-tick.C:
			case <-done:
				fmt.Fprint(w, "\r\x1b[K")
				return
			}
		}
	}()
	return func() { close(done); <-finished }
}
