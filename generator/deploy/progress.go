package deploy

import (
	"fmt"
	"time"
)

// showProgress redraws one line with the files and bytes uploaded so far, five times a
// second, until the returned func is called. Without a Progress writer (CI logs) it does
// nothing.
func (d *deployer) showProgress(p *Plan) (stop func()) {
	w := d.opts.Progress
	if w == nil || len(p.Uploads) == 0 {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	draw := func() {
		fmt.Fprintf(w, "\r\x1b[Kdeploy: %s, %d/%d files, %s/%s", phaseNames[d.phase.Load()], d.doneFiles.Load(), len(p.Uploads), FormatBytes(d.doneBytes.Load()), FormatBytes(p.Bytes))
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				draw()
			case <-done:
				fmt.Fprint(w, "\r\x1b[K")
				return
			}
		}
	}()
	return func() { close(done); <-finished }
}

// FormatBytes is n in B, KB or MB (powers of 1000, as hosts bill).
func FormatBytes(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}
