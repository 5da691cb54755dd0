package site

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/progress"
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
	old := progress.Delay
	defer func() { progress.Delay = old }()
	// A build shorter than the delay prints nothing.
	progress.Delay = time.Hour
	var quiet lockedBuffer
	if _, err := build(t, Options{Source: testSite(t), Dest: filepath.Join(t.TempDir(), "out"), Progress: &quiet}); err != nil {
		t.Fatal(err)
	}
	if quiet.String() != "" {
		t.Errorf("a short build drew progress: %q", quiet.String())
	}
	// A build past it shows its stages and files written, and clears the line at the end.
	progress.Delay = 0
	var loud lockedBuffer
	if _, err := build(t, Options{Source: testSite(t), Dest: filepath.Join(t.TempDir(), "out"), Progress: &loud}); err != nil {
		t.Fatal(err)
	}
	if got := loud.String(); !strings.Contains(got, "\r\x1b[Kbuild: ") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("progress of a build: %q", got)
	}
}
