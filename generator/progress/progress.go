// Package progress owns the one-line progress report of long work on a terminal: the
// stage, and items done of the total with their rate, redrawn five times a second once the
// work has run for Delay, and cleared at the end; and the time each stage took, for
// `sitegen build --timings`. Workers only add to counters; one goroutine draws. A nil *Line
// does nothing, so callers need not check.
package progress

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Line counts work for a line redrawn on a terminal: the stage, and files written of the
// total once the total is set.
type Line struct {
	stage       atomic.Value // string
	done, total atomic.Int64

	mu     sync.Mutex
	stages []Stage
	began  time.Time // when the last of stages began
}

// Stage is a stage of the work and how long it took (until the next one began, or until
// Stages was called).
type Stage struct {
	Name string
	Took time.Duration
}

// SetStage names what the work is doing now.
func (p *Line) SetStage(s string) {
	if p == nil {
		return
	}
	p.stage.Store(s)
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if k := len(p.stages) - 1; k >= 0 {
		p.stages[k].Took = now.Sub(p.began)
	}
	p.stages = append(p.stages, Stage{Name: s})
	p.began = now
}

// Stages returns the stages so far, in order, each with the time it took; the last one's
// runs until now. A stage named again counts again.
func (p *Line) Stages() []Stage {
	if p == nil {
		return nil
	}
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Stage, len(p.stages))
	copy(out, p.stages)
	if k := len(out) - 1; k >= 0 {
		out[k].Took = now.Sub(p.began)
	}
	return out
}

// Add counts n more items done.
func (p *Line) Add(n int64) {
	if p != nil {
		p.done.Add(n)
	}
}

// SetTotal sets how many items the work has, from when it starts counting them.
func (p *Line) SetTotal(n int64) {
	if p != nil {
		p.total.Store(n)
	}
}

// Delay is how long work runs before it shows progress: work that ends sooner prints
// nothing (a build, only its summary).
var Delay = time.Second

// Show draws p on w, after label ("build: "), five times a second after Delay, until the
// returned func is called, which clears the line. With a nil w (not a terminal, CI,
// --quiet) it does nothing.
func (p *Line) Show(w io.Writer, label string) (stop func()) {
	if w == nil || p == nil {
		return func() {}
	}
	start := time.Now()
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		wait := time.NewTimer(Delay)
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
			line := label + stage
			if total := p.total.Load(); total > 0 {
				n := p.done.Load()
				rate := float64(n) / time.Since(start).Seconds()
				line = fmt.Sprintf("%s%s %d/%d files (%.0f/s)", label, stage, n, total, rate)
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
