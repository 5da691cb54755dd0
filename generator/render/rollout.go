package render

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pseb/sitegen/generator/chart"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/geo"
	"github.com/pseb/sitegen/generator/rollout"
)

// RolloutView is the park roll-out chart: parks by stage at the end of each month, stacked,
// and the plan's pace as a line; the same numbers as a table, and a sentence in words.
type RolloutView struct {
	ID, Title, Desc string
	Width, Height   int
	PlotX, PlotY    int
	PlotW, AxisY    int
	// Areas are the stages' shapes, bottom first (SVG path data), with their legend names.
	Areas  []RolloutArea
	Target string // the plan's line (SVG path data), "" without a plan
	Ticks  []chart.Tick
	Labels []chart.Tick
	Rows   []RolloutRow // the table, oldest month first
	// Sentence says where the roll-out stands ("14 parks operational, 6 behind the plan's
	// pace for November 2026"); Headline is the number of parks operational.
	Sentence string
	Headline string
	HasPlan  bool
	HasFeed  bool   // the milestones have a feed to link
	Note     string // which parks are left out, and the plan's own note
	// NoteLang is the language of the plan's note when it is not the page's ("" when it is).
	NoteLang string
}

// RolloutArea is one stage of the stack: Status is the park status it counts (the colour).
type RolloutArea struct{ Status, Name, Path string }

// RolloutRow is one month of the table.
type RolloutRow struct{ Month, Operational, Building, Planned, Target string }

const (
	rolloutLeft   = 48
	rolloutTop    = 24
	rolloutPlotH  = 200
	rolloutBottom = 36
)

// rolloutOf is each park's stage dates: its milestones, or opened for a park without them.
func rolloutOf(parks []*content.Park) []rollout.Park {
	out := make([]rollout.Park, len(parks))
	for i, p := range parks {
		rp := rollout.Park{
			Planned:     p.MilestoneDate("announced"),
			Building:    p.MilestoneDate("construction_started"),
			Operational: p.MilestoneDate("operational"),
		}
		if rp.Planned.IsZero() {
			rp.Planned = p.MilestoneDate("approved")
		}
		if rp.Operational.IsZero() && p.Status == "operational" {
			rp.Operational = p.Opened
		}
		out[i] = rp
	}
	return out
}

// rolloutView draws the roll-out of the site's parks to the build's month; nil without a
// plan or a milestone, or when no park has a date.
func (r *Renderer) rolloutView(id string) *RolloutView {
	var plan *rollout.Plan
	if p := r.site.Data.Plan; p != nil {
		plan = &rollout.Plan{Start: p.Start, PerMonth: p.ParksPerMonth}
	}
	if plan == nil && !r.hasParksFeed() {
		return nil // no milestone and no plan: nothing is rolling out
	}
	now := r.site.Now
	if now.IsZero() {
		now = time.Now()
	}
	s := rollout.Compute(rolloutOf(r.site.Parks), plan, now)
	if len(s.Months) == 0 {
		return nil
	}
	v := &RolloutView{ID: id, Title: r.str("rollout_title"), Desc: r.str("rollout_desc"), Width: chart.Width,
		PlotX: rolloutLeft, PlotY: rolloutTop, PlotW: chart.Width - rolloutLeft - 16, AxisY: rolloutTop + rolloutPlotH, HasPlan: plan != nil,
		HasFeed: r.hasParksFeed()}
	v.Height = v.AxisY + rolloutBottom
	var tops []float64
	for _, m := range s.Months {
		tops = append(tops, float64(m.Operational+m.Building+m.Planned))
		if m.HasTarget {
			tops = append(tops, float64(m.Target))
		}
	}
	step, top := chart.AxisTop(tops)
	yOf := func(n float64) float64 { return float64(v.AxisY) - n/top*rolloutPlotH }
	for t := 0.0; t <= top+1e-9; t += step {
		v.Ticks = append(v.Ticks, chart.Tick{X: geo.Coord(yOf(t)), Label: r.theme.FormatNumber(t)})
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
		count  func(rollout.Month) int
	}{
		{"operational", func(m rollout.Month) int { return m.Operational }},
		{"under-construction", func(m rollout.Month) int { return m.Building }},
		{"planned", func(m rollout.Month) int { return m.Planned }},
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
		v.Areas = append(v.Areas, RolloutArea{Status: st.status, Name: r.str("status_" + st.status), Path: chart.Path(outline) + "Z"})
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
	labelled := func(m rollout.Month) bool {
		return m.Month.Month() == time.January || (n <= 18 && int(m.Month.Month())%3 == 1)
	}
	if next := slices.IndexFunc(s.Months, labelled); next != 0 && (next < 0 || xOf(next)-xOf(0) >= 110) {
		v.Labels = append(v.Labels, chart.Tick{X: geo.Coord(xOf(0)), Label: r.theme.FormatMonth(s.Months[0].Month)})
	}
	for i, m := range s.Months {
		if labelled(m) {
			v.Labels = append(v.Labels, chart.Tick{X: geo.Coord(xOf(i)), Label: r.theme.FormatMonth(m.Month)})
		}
	}
	for _, m := range s.Months {
		row := RolloutRow{Month: r.theme.FormatMonth(m.Month), Operational: r.theme.FormatNumber(float64(m.Operational)),
			Building: r.theme.FormatNumber(float64(m.Building)), Planned: r.theme.FormatNumber(float64(m.Planned))}
		if m.HasTarget {
			row.Target = r.theme.FormatNumber(float64(m.Target))
		}
		v.Rows = append(v.Rows, row)
	}
	latest := s.Latest()
	op, month := r.theme.FormatNumber(float64(latest.Operational)), r.theme.FormatMonth(latest.Month)
	v.Headline = op
	// The sentence's first number is the parks operational: one park takes the key's _one
	// form where the language has one.
	say := func(key string) string {
		if one, ok := r.theme.strings[key+"_one"]; ok && latest.Operational == 1 {
			return one
		}
		return r.str(key)
	}
	switch gap, ok := s.Gap(); {
	case !ok:
		v.Sentence = fmt.Sprintf(say("rollout_no_plan"), op)
	case gap > 0:
		v.Sentence = fmt.Sprintf(say("rollout_behind"), op, r.theme.FormatNumber(float64(gap)), month)
	case gap < 0:
		v.Sentence = fmt.Sprintf(say("rollout_ahead"), op, r.theme.FormatNumber(float64(-gap)), month)
	default:
		v.Sentence = fmt.Sprintf(say("rollout_on_pace"), op, month)
	}
	var notes []string
	if s.Undated > 0 {
		notes = append(notes, fmt.Sprintf(r.str("rollout_undated"), r.theme.FormatNumber(float64(s.Undated))))
	}
	if p := r.site.Data.Plan; p != nil && p.Note != "" {
		notes = append(notes, p.Note)
		if def := r.site.Config.Languages[0]; def.Code != r.theme.Lang.Code {
			v.NoteLang = def.Code // data files are written in the site's first language
		}
	}
	v.Note = strings.Join(notes, " ")
	return v
}
