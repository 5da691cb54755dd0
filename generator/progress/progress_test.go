package progress

import (
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/internal/syncbuf"
)

// The line shows the stage, the count and the rate, and is cleared at the end.
func TestLine(t *testing.T) {
	old := Delay
	defer func() { Delay = old }()
	Delay = 0
	var p Line
	p.SetStage("writing")
	p.SetTotal(200)
	p.Add(50)
	var w syncbuf.Buffer
	stop := p.Show(&w, "build: ")
	time.Sleep(50 * time.Millisecond)
	stop()
	got := w.String()
	if !strings.Contains(got, "\r\x1b[Kbuild: writing 50/200 files (") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("progress line %q", got)
	}
	// A nil progress (serve patches) and a nil writer do nothing.
	var none *Line
	none.Add(1)
	none.SetStage("x")
	none.SetTotal(3)
	none.Show(nil, "x")()
	p.Show(nil, "x")()
}

// Each stage takes the time until the next begins; the last one runs until Stages.
func TestStages(t *testing.T) {
	var p Line
	p.SetStage("reading")
	time.Sleep(20 * time.Millisecond)
	p.SetStage("writing")
	got := p.Stages()
	if len(got) != 2 || got[0].Name != "reading" || got[1].Name != "writing" {
		t.Fatalf("stages %+v", got)
	}
	if got[0].Took < 20*time.Millisecond || got[1].Took < 0 || got[1].Took > got[0].Took+time.Minute {
		t.Errorf("durations %+v", got)
	}
	var none *Line
	if none.Stages() != nil {
		t.Error("a nil line has stages")
	}
}
