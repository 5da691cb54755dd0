// Package rollout owns the arithmetic of PSEB's park roll-out: how many parks were planned,
// under construction and operational at the end of each month, from the dates their
// milestones give, how that compares with the plan's pace, and the stacked-area chart that
// draws it (Draw), worded by the caller's Words.
package rollout

import (
	"math"
	"time"
)

// Park is when a park entered each stage (zero: not yet, or not known).
type Park struct {
	Planned, Building, Operational time.Time
}

// Plan is the pace: from the month of Start, PerMonth more parks operational each month.
type Plan struct {
	Start    time.Time
	PerMonth float64
}

// Month is the state at the end of one month.
type Month struct {
	Month                          time.Time // its first day
	Operational, Building, Planned int
	// Target is how many parks the plan wants operational by the month's end; HasTarget is
	// false before the plan starts (or without a plan).
	Target    int
	HasTarget bool
}

// Series is the roll-out month by month, oldest first.
type Series struct {
	Months []Month
	// Undated counts the parks without a single date, which no month can hold.
	Undated int
}

// MaxMonths is the longest series drawn: five years of months stay readable.
const MaxMonths = 60

func monthOf(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }

// within reports whether t (non-zero) is on or before the end of the month m starts.
func within(t, m time.Time) bool { return !t.IsZero() && t.Before(m.AddDate(0, 1, 0)) }

// Compute returns the roll-out to the month of now, from the first month a park's dates
// give (at most MaxMonths back), or with a plan from its programme's start. plan may be nil.
func Compute(parks []Park, plan *Plan, now time.Time) Series {
	var s Series
	last := monthOf(now)
	first := time.Time{}
	earliest := func(t time.Time) {
		if !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = monthOf(t)
		}
	}
	for _, p := range parks {
		if p.Planned.IsZero() && p.Building.IsZero() && p.Operational.IsZero() {
			s.Undated++
			continue
		}
		earliest(p.Planned)
		earliest(p.Building)
		earliest(p.Operational)
	}
	if plan != nil {
		// With a plan the chart is about its programme: it starts a quarter before the plan
		// or at the first step of a park that was not yet open when the plan began, and the
		// parks open before then are the baseline the pace adds to.
		start := monthOf(plan.Start)
		first = start
		for _, p := range parks {
			if p.Operational.IsZero() || !p.Operational.Before(start) {
				for _, t := range []time.Time{p.Planned, p.Building, p.Operational} {
					if !t.IsZero() && t.Before(first) {
						first = monthOf(t)
					}
				}
			}
		}
		if lead := start.AddDate(0, -3, 0); lead.Before(first) {
			first = lead
		}
	}
	if first.IsZero() {
		return s
	}
	if limit := last.AddDate(0, -(MaxMonths - 1), 0); first.Before(limit) {
		first = limit
	}
	baseline := 0 // operational before the plan starts: what its pace adds to
	if plan != nil {
		for _, p := range parks {
			if !p.Operational.IsZero() && p.Operational.Before(monthOf(plan.Start)) {
				baseline++
			}
		}
	}
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		mo := Month{Month: m}
		for _, p := range parks {
			switch {
			case within(p.Operational, m):
				mo.Operational++
			case within(p.Building, m):
				mo.Building++
			case within(p.Planned, m):
				mo.Planned++
			}
		}
		if plan != nil && !m.Before(monthOf(plan.Start)) {
			k := monthsBetween(monthOf(plan.Start), m) + 1
			mo.Target, mo.HasTarget = baseline+int(math.Floor(plan.PerMonth*float64(k)+1e-9)), true
		}
		s.Months = append(s.Months, mo)
	}
	return s
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// Latest returns the last month of the series (the zero Month when it is empty).
func (s Series) Latest() Month {
	if len(s.Months) == 0 {
		return Month{}
	}
	return s.Months[len(s.Months)-1]
}

// Gap is how many parks the latest month is behind the plan's pace (negative: ahead);
// ok is false without a target.
func (s Series) Gap() (gap int, ok bool) {
	l := s.Latest()
	return l.Target - l.Operational, l.HasTarget
}
