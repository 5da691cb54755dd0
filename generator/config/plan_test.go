package config

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
)

func TestLoadPlan(t *testing.T) {
	tests := []struct {
		name, data string
		want       *Plan
		err        string
	}{
		{"a plan", "start: 2025-09-14\nparks_per_month: 2\nnote: Sample.\n", &Plan{Start: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), ParksPerMonth: 2, Note: "Sample.", Line: 1}, ""},
		{"a pace of one and a half", "start: 2026-01-01\nparks_per_month: 1.5\n", &Plan{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ParksPerMonth: 1.5, Line: 1}, ""},
		{"no pace", "start: 2026-01-01\nparks_per_month: 0\n", nil, "content/data/parks-plan.yaml:2:1: parks_per_month 0 is not a pace (give the plan's pace, e.g. parks_per_month: 2)"},
		{"no start", "parks_per_month: 2\n", nil, `content/data/parks-plan.yaml:1: missing required field "start"`},
		{"not a date", "start: September\nparks_per_month: 2\n", nil, `content/data/parks-plan.yaml:1:1: field "start" must be a date`},
		{"unknown key", "start: 2026-01-01\nparks_per_month: 2\npace: 3\n", nil, `content/data/parks-plan.yaml:3:1: unknown field "pace"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diagnostic.List
			got := LoadPlan(fstest.MapFS{PlanFile: {Data: []byte(tt.data)}}, &errs)
			if tt.err != "" {
				if errs.Len() == 0 || !strings.Contains(errs.Error(), tt.err) {
					t.Errorf("errors %q, want %q", errs.Error(), tt.err)
				}
				return
			}
			if errs.Len() > 0 || got == nil || *got != *tt.want {
				t.Errorf("got %+v (%v), want %+v", got, errs.Error(), tt.want)
			}
		})
	}
	var errs diagnostic.List
	if p := LoadPlan(fstest.MapFS{}, &errs); p != nil || errs.Len() > 0 {
		t.Errorf("a site without a plan: %+v, %v", p, errs.Error())
	}
	if IsDataset(PlanFile) {
		t.Error("the plan is read as a chart's dataset")
	}
}
