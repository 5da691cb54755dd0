package rollout

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCompute(t *testing.T) {
	parks := []Park{
		{Operational: day("2004-06-15")}, // before the plan: the baseline
		{Planned: day("2025-11-02"), Building: day("2026-02-10"), Operational: day("2026-05-31")},
		{Planned: day("2026-01-20"), Building: day("2026-04-01")},
		{Planned: day("2026-03-31")},
		{}, // no dates
	}
	s := Compute(parks, &Plan{Start: day("2026-01-01"), PerMonth: 2}, day("2026-06-15"))
	if s.Undated != 1 {
		t.Errorf("undated = %d", s.Undated)
	}
	// The programme's first step (November 2025) starts it; the 2004 park is the baseline.
	if got, want := s.Months[0].Month, day("2025-10-01"); !got.Equal(want) {
		t.Errorf("first month %v, want %v", got, want)
	}
	type row struct {
		month                   string
		op, build, plan, target int
		hasTarget               bool
	}
	want := map[string]row{
		"2025-10-01": {"2025-10-01", 1, 0, 0, 0, false},
		"2025-11-01": {"2025-11-01", 1, 0, 1, 0, false},
		"2026-01-01": {"2026-01-01", 1, 0, 2, 3, true}, // baseline 1 + 2
		"2026-02-01": {"2026-02-01", 1, 1, 1, 5, true},
		"2026-03-01": {"2026-03-01", 1, 1, 2, 7, true},
		"2026-04-01": {"2026-04-01", 1, 2, 1, 9, true},
		"2026-05-01": {"2026-05-01", 2, 1, 1, 11, true}, // operational on the month's last day
		"2026-06-01": {"2026-06-01", 2, 1, 1, 13, true},
	}
	seen := 0
	for _, m := range s.Months {
		w, ok := want[m.Month.Format(time.DateOnly)]
		if !ok {
			continue
		}
		seen++
		if m.Operational != w.op || m.Building != w.build || m.Planned != w.plan || m.Target != w.target || m.HasTarget != w.hasTarget {
			t.Errorf("%s: got %+v, want %+v", w.month, m, w)
		}
	}
	if seen != len(want) {
		t.Errorf("only %d of the months checked are in the series", seen)
	}
	if gap, ok := s.Gap(); !ok || gap != 11 {
		t.Errorf("gap = %d, %v; want 11 behind", gap, ok)
	}
	if got := s.Latest().Month; !got.Equal(day("2026-06-01")) {
		t.Errorf("last month %v", got)
	}
}

func TestComputeWithoutPlanOrDates(t *testing.T) {
	// Without a plan, five years back at most.
	if s := Compute([]Park{{Operational: day("2004-06-15")}}, nil, day("2026-06-15")); len(s.Months) != MaxMonths || !s.Months[0].Month.Equal(day("2021-07-01")) {
		t.Errorf("a 2004 park without a plan: %d months from %v", len(s.Months), s.Months[0].Month)
	}
	if s := Compute([]Park{{}, {}}, nil, day("2026-06-01")); len(s.Months) != 0 || s.Undated != 2 {
		t.Errorf("no dates: %+v", s)
	}
	s := Compute([]Park{{Planned: day("2026-05-02")}}, nil, day("2026-06-01"))
	if len(s.Months) != 2 || s.Months[1].HasTarget {
		t.Errorf("without a plan: %+v", s)
	}
	if _, ok := s.Gap(); ok {
		t.Error("a gap without a plan")
	}
	// A pace of 1.5 a month: 1, 3, 4, 6 ...
	s = Compute(nil, &Plan{Start: day("2026-01-01"), PerMonth: 1.5}, day("2026-04-30"))
	var targets []int
	for _, m := range s.Months {
		if m.HasTarget {
			targets = append(targets, m.Target)
		}
	}
	if len(s.Months) != 7 {
		t.Errorf("a plan from January to April is drawn from the October before: %d months", len(s.Months))
	}
	if len(targets) != 4 || targets[0] != 1 || targets[1] != 3 || targets[2] != 4 || targets[3] != 6 {
		t.Errorf("targets at 1.5 a month: %v", targets)
	}
}
