package geo

import (
	"math"
	"slices"
	"unicode/utf8"
)

// Markers and their labels on a map: drawn apart when places are too close to tell apart,
// labels where they overlap nothing. Pure geometry in map units.

// Spread moves points closer than min apart until none is, each pair pushed away
// from each other along the line between them (straight down and up when they coincide),
// and keeps them inside the width x height map; points far from all others stay put.
func Spread(at [][2]float64, min, width, height float64) [][2]float64 {
	pos := slices.Clone(at)
	for range 50 {
		moved := false
		for i := range pos {
			for j := i + 1; j < len(pos); j++ {
				dx, dy := pos[j][0]-pos[i][0], pos[j][1]-pos[i][1]
				d := math.Hypot(dx, dy)
				if d >= min-1e-9 {
					continue
				}
				if d < 1e-9 {
					dx, dy, d = 0, 1, 1
				}
				push := (min - d) / 2
				ux, uy := dx/d*push, dy/d*push
				pos[i][0], pos[i][1] = pos[i][0]-ux, pos[i][1]-uy
				pos[j][0], pos[j][1] = pos[j][0]+ux, pos[j][1]+uy
				moved = true
			}
		}
		for i := range pos {
			pos[i][0] = math.Max(12, math.Min(width-12, pos[i][0]))
			pos[i][1] = math.Max(12, math.Min(height-12, pos[i][1]))
		}
		if !moved {
			break
		}
	}
	return pos
}

// LabelSpot is where a label's text is drawn: its anchor point and SVG text-anchor.
type LabelSpot struct {
	X, Y   float64
	Anchor string // "start", "end" or "middle"
}

// PlaceLabels puts each marker's label to its right, else to its left, below or above:
// the first place that stays on the map and clear of every marker and of the labels
// already placed (a label's width judged from its length at font size size); the right
// when none is.
func PlaceLabels(pos [][2]float64, text func(int) string, width, size float64) []LabelSpot {
	type box struct{ x0, y0, x1, y1 float64 }
	const r = 11 // a marker's half size
	var taken []box
	for _, p := range pos {
		taken = append(taken, box{p[0] - r, p[1] - r, p[0] + r, p[1] + r})
	}
	out := make([]LabelSpot, len(pos))
	for i, p := range pos {
		w, h := float64(utf8.RuneCountInString(text(i)))*size*0.6, size*1.0
		base := p[1] + size*0.35 // the text's baseline when centred on the marker
		tries := []struct {
			b    box
			spot LabelSpot
		}{
			{box{p[0] + r + 2, p[1] - h/2, p[0] + r + 2 + w, p[1] + h/2}, LabelSpot{p[0] + r + 2, base, "start"}},
			{box{p[0] - r - 2 - w, p[1] - h/2, p[0] - r - 2, p[1] + h/2}, LabelSpot{p[0] - r - 2, base, "end"}},
			{box{p[0] - w/2, p[1] + r + 1, p[0] + w/2, p[1] + r + 1 + h}, LabelSpot{p[0], p[1] + r + size, "middle"}},
			{box{p[0] - w/2, p[1] - r - 1 - h, p[0] + w/2, p[1] - r - 1}, LabelSpot{p[0], p[1] - r - 4, "middle"}},
		}
		clash := func(b box, self int) bool {
			if b.x0 < 0 || b.x1 > width {
				return true
			}
			for k, o := range taken {
				if k != self && b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1 {
					return true
				}
			}
			return false
		}
		pick := 0
		for k, t := range tries {
			if !clash(t.b, i) {
				pick = k
				break
			}
		}
		taken = append(taken, tries[pick].b)
		out[i] = tries[pick].spot
	}
	return out
}
