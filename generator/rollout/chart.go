package rollout

import (
	"fmt"
	"slices"
	"time"

	"github.com/pseb/sitegen/generator/chart"
	"github.com/pseb/sitegen/generator/geo"
)

// Words writes the chart's numbers, months and sentences in the page's language (a theme).
type Words interface {
	FormatNumber(v float64) string
	FormatMonth(t time.Time) string
	String(key string) string
	// StringFor is the key's string for a count of n (its _one form for one park).
	StringFor(key string, n int) string
}

// Chart is the park roll-out chart: parks by stage at the end of each month, stacked,
// and the plan's pace as a line; the same numbers as a table, and a sentence in words.
type Chart struct {
	ID, Title, Desc string
	Width, Height   int
	PlotX, PlotY    int
	PlotW, AxisY    int
	// Areas are the stages' shapes, bottom first (SVG path data), with their legend names.
	Areas  []Area
	Target string // the plan's line (SVG path data), "" without a plan
	Ticks  []chart.Tick
	Labels []chart.Tick
	Rows   []Row // the table, oldest month first
	// Sentence says where the roll-out stands ("14 parks operational, 6 behind the plan's
	// pace for November 2026"); Headline is the number of parks operational.
	Sentence string
	Headline string
	HasPlan  bool
	Note     string // which parks are left out, and the plan's own note
	// NoteLang is the language of the plan's note when it is not the page's ("" when it is).
	NoteLang string
}

// Area is one stage of the stack: Status is the park status it counts (the colour).
type Area struct{ Status, Name, Path string }

// Row is one month of the table.
type Row struct{ Month, Operational, Building, Planned, Target string }

const (
	chartLeft   = 48
	chartTop    = 24
	chartPlotH  = 200
	chartBottom = 36
)

// Draw draws s, which has at least one month, in the words of w; hasPlan says s was
// computed with a plan (its target line and sentence). Note is the caller's to complete.
func Draw(s Series, id string, hasPlan bool, w Words) *Chart {
	v := &Chart{ID: id, Title: w.String("rollout_title"), Desc: w.String("rollout_desc"), Width: chart.Width,
		PlotX: chartLeft, PlotY: chartTop, PlotW: chart.Width - chartLeft - 16, AxisY: chartTop + chartPlotH, HasPlan: hasPlan}
	v.Height = v.AxisY + chartBottom
	var tops []float64
	for _, m := range s.Months {
		tops = append(tops, float64(m.Operational+m.Building+m.Planned))
		if m.HasTarget {
			tops = append(tops, float64(m.Target))
		}
	}
	step, top := chart.AxisTop(tops)
	yOf := func(n float64) float64 { return float64(v.AxisY) - n/top*chartPlotH }
	for t := 0.0; t <= top+1e-9; t += step {
		v.Ticks = append(v.Ticks, chart.Tick{X: geo.Coord(yOf(t)), Label: w.FormatNumber(t)})
	}
	n := len(s.Months)
	xOf := func(i int) float64 {
		if n == 1 {
			return float64(v.PlotX) + float64(v.PlotW)/2
		}
		return float64(v.PlotX) + float64(i)*float64(v.PlotW)/float64(n-1)
	}
	// Stacked stages: each area runs along the top of its stage and back along the top of
	// the one below it.
	stages := []struct {
		status string
		count  func(Month) int
	}{
		{"operational", func(m Month) int { return m.Operational }},
		{"under-construction", func(m Month) int { return m.Building }},
		{"planned", func(m Month) int { return m.Planned }},
	}
	below := make([]float64, n)
	for _, st := range stages {
		upper := make([]float64, n)
		for i, m := range s.Months {
			upper[i] = below[i] + float64(st.count(m))
		}
		outline := make([][2]float64, 0, 2*n)
		for i := range n {
			outline = append(outline, [2]float64{xOf(i), yOf(upper[i])})
		}
		for i := n - 1; i >= 0; i-- {
			outline = append(outline, [2]float64{xOf(i), yOf(below[i])})
		}
		v.Areas = append(v.Areas, Area{Status: st.status, Name: w.String("status_" + st.status), Path: chart.Path(outline) + "Z"})
		below = upper
	}
	var target [][2]float64
	for i, m := range s.Months {
		if m.HasTarget {
			target = append(target, [2]float64{xOf(i), yOf(float64(m.Target))})
		}
	}
	v.Target = chart.Path(target)
	// A label at each January (every quarter in a short series), and at the first month
	// when the first of those is not near.
	labelled := func(m Month) bool {
		return m.Month.Month() == time.January || (n <= 18 && int(m.Month.Month())%3 == 1)
	}
	if next := slices.IndexFunc(s.Months, labelled); next != 0 && (next < 0 || xOf(next)-xOf(0) >= 110) {
		v.Labels = append(v.Labels, chart.Tick{X: geo.Coord(xOf(0)), Label: w.FormatMonth(s.Months[0].Month)})
	}
	for i, m := range s.Months {
		if labelled(m) {
			v.Labels = append(v.Labels, chart.Tick{X: geo.Coord(xOf(i)), Label: w.FormatMonth(m.Month)})
		}
	}
	for _, m := range s.Months {
		row := Row{Month: w.FormatMonth(m.Month), Operational: w.FormatNumber(float64(m.Operational)),
			Building: w.FormatNumber(float64(m.Building)), Planned: w.FormatNumber(float64(m.Planned))}
		if m.HasTarget {
			row.Target = w.FormatNumber(float64(m.Target))
		}
		v.Rows = append(v.Rows, row)
	}
	latest := s.Latest()
	op, month := w.FormatNumber(float64(latest.Operational)), w.FormatMonth(latest.Month)
	v.Headline = op
	// The sentence's first number is the parks operational: one park takes the key's _one
	// form where the language has one.
	say := func(key string) string { return w.StringFor(key, latest.Operational) }
	switch gap, ok := s.Gap(); {
	case !ok:
		v.Sentence = fmt.Sprintf(say("rollout_no_plan"), op)
	case gap > 0:
		v.Sentence = fmt.Sprintf(say("rollout_behind"), op, w.FormatNumber(float64(gap)), month)
	case gap < 0:
		v.Sentence = fmt.Sprintf(say("rollout_ahead"), op, w.FormatNumber(float64(-gap)), month)
	default:
		v.Sentence = fmt.Sprintf(say("rollout_on_pace"), op, month)
	}
	if s.Undated > 0 {
		v.Note = fmt.Sprintf(w.String("rollout_undated"), w.FormatNumber(float64(s.Undated)))
	}
	return v
}
