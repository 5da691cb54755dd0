package rollout

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// words writes numbers plainly and names each string by its key.
type words struct{}

func (words) FormatNumber(v float64) string  { return fmt.Sprint(v) }
func (words) FormatMonth(t time.Time) string { return t.Format("2006-01") }
func (words) String(key string) string       { return key + " %v %v %v" }
func (words) StringFor(key string, n int) string {
	if n == 1 {
		return key + "_one %v %v %v"
	}
	return key + " %v %v %v"
}

func TestDraw(t *testing.T) {
	month := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	parks := []Park{
		{Planned: month(2025, 1), Building: month(2025, 3), Operational: month(2025, 6)},
		{Planned: month(2025, 2)},
		{},
	}
	s := Compute(parks, &Plan{Start: month(2025, 1), PerMonth: 0.5}, month(2025, 12))
	c := Draw(s, "rollout", true, words{})
	if len(c.Areas) != 3 || c.Areas[0].Status != "operational" || !strings.HasSuffix(c.Areas[0].Path, "Z") {
		t.Errorf("areas %+v", c.Areas)
	}
	if len(c.Rows) != len(s.Months) || c.Rows[len(c.Rows)-1].Month != "2025-12" || c.Rows[len(c.Rows)-1].Operational != "1" {
		t.Errorf("rows %+v", c.Rows)
	}
	if c.Target == "" || !c.HasPlan {
		t.Error("a plan draws its line")
	}
	// One park operational by December against the plan's six: behind by five, worded
	// with the key's form for one park.
	if !strings.HasPrefix(c.Sentence, "rollout_behind_one 1 5 2025-12") {
		t.Errorf("sentence %q", c.Sentence)
	}
	if c.Note != "rollout_undated 1 %!v(MISSING) %!v(MISSING)" {
		t.Errorf("note %q", c.Note)
	}
	// Ticks run bottom to top; every label is a month the table has.
	if len(c.Ticks) < 2 || c.Ticks[0].Label != "0" {
		t.Errorf("ticks %+v", c.Ticks)
	}
	for _, l := range c.Labels {
		if !strings.HasPrefix(l.Label, "202") {
			t.Errorf("label %+v", l)
		}
	}
	if c.Height != c.AxisY+chartBottom || c.PlotW <= 0 {
		t.Errorf("geometry %+v", c)
	}
}
