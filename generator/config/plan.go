package config

import (
	"errors"
	"io/fs"
	"strings"
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
)

// PlanFile holds the pace of PSEB's park roll-out (optional): the parks pages draw their
// roll-out chart against it, so the pace can change without code.
const PlanFile = "content/data/parks-plan.yaml"

// Plan is the roll-out plan: from the month of Start, ParksPerMonth parks more open each
// month.
type Plan struct {
	Start         time.Time // the first day of the plan's first month
	ParksPerMonth float64
	// Note is shown under the chart: where the plan comes from, or that it is a sample.
	Note string
	Line int // of start:, for errors that need a place
}

// LoadPlan reads PlanFile; nil when the site has none.
func LoadPlan(fsys fs.FS, errs *diagnostic.List) *Plan {
	if _, err := fs.Stat(fsys, PlanFile); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	r := readYAML(fsys, PlanFile, errs)
	if r == nil {
		return nil
	}
	r.CheckUnknown([]string{"start", "parks_per_month", "note"})
	start, okStart := r.Date("start", true)
	pace, okPace := r.Float("parks_per_month", true)
	if okPace && (pace <= 0 || pace > 100) {
		r.Errorf("parks_per_month", "give the plan's pace, e.g. parks_per_month: 2", "parks_per_month %v is not a pace", pace)
		okPace = false
	}
	if !okStart || !okPace {
		return nil
	}
	return &Plan{Start: time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC), ParksPerMonth: pace,
		Note: strings.TrimSpace(r.String("note", false)), Line: r.Line("start")}
}
