package site

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/internal/syncbuf"
	"github.com/pseb/sitegen/generator/progress"
)

func TestProgress(t *testing.T) {
	old := progress.Delay
	defer func() { progress.Delay = old }()
	// A build shorter than the delay prints nothing.
	progress.Delay = time.Hour
	var quiet syncbuf.Buffer
	if _, err := build(t, Options{Source: testSite(t), Dest: filepath.Join(t.TempDir(), "out"), Progress: &quiet}); err != nil {
		t.Fatal(err)
	}
	if quiet.String() != "" {
		t.Errorf("a short build drew progress: %q", quiet.String())
	}
	// A build past it shows its stages and files written, and clears the line at the end.
	progress.Delay = 0
	var loud syncbuf.Buffer
	if _, err := build(t, Options{Source: testSite(t), Dest: filepath.Join(t.TempDir(), "out"), Progress: &loud}); err != nil {
		t.Fatal(err)
	}
	if got := loud.String(); !strings.Contains(got, "\r\x1b[Kbuild: ") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("progress of a build: %q", got)
	}
}
