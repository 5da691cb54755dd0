package site

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestProgress(t *testing.T) {
	old := progressDelay
	defer func() { progressDelay = old }()
	// A build shorter than the delay prints nothing.
	progressDelay = time.Hour
	var quiet lockedBuffer
	if _, err := build(t, Options{Source: testSite(t), Dest: filepath.Join(t.TempDir(), "out"), Progress: &quiet}); err != nil {
		t.Fatal(err)
	}
	if quiet.String() != "" {
		t.Errorf("a short build drew progress: %q", quiet.String())
	}
	// A build past it shows its stages and files written, and clears the line at the end.
	progressDelay = 0
	var loud lockedBuffer
	if _, err := build(t, Options{Source: testSite(t), Dest: filepath.Join(t.TempDir(), "out"), Progress: &loud}); err != nil {
		t.Fatal(err)
	}
	if got := loud.String(); !strings.Contains(got, "\r\x1b[Kbuild: ") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("progress of a build: %q", got)
	}

	var p progress
	p.setStage("writing")
	p.total.Store(200)
	p.add(50)
	var w lockedBuffer
	stop := p.show(&w)
	time.Sleep(50 * time.Millisecond)
	stop()
	got := w.String()
	if !strings.Contains(got, "\r\x1b[Kbuild: writing 50/200 files (") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("progress line %q", got)
	}
	// A nil progress (serve patches) and a nil writer do nothing.
	var none *progress
	none.add(1)
	none.setStage("x")
	none.show(nil)()
	p.show(nil)()
}
