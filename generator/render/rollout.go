package render

import (
	"strings"
	"time"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/rollout"
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
func (r *Renderer) rolloutView(id string) *rollout.Chart {
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
	v := rollout.Draw(s, id, plan != nil, r.theme)
	v.HasFeed = r.hasParksFeed()
	var notes []string
	if v.Note != "" {
		notes = append(notes, v.Note)
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
