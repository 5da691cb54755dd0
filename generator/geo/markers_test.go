package geo

import (
	"math"
	"testing"
)

// Markers closer than the spacing are drawn apart (Islamabad and Rawalpindi), the others
// stay at their place, and no label lies on a marker or on another label.
func TestMapSpreadsMarkersAndLabels(t *testing.T) {
	const spacing, size = 30, 17 // the park map's
	at := [][2]float64{{100, 100}, {104, 108}, {300, 300}, {300, 300}, {580, 200}, {50, 400}}
	pos := Spread(at, spacing, 600, 500)
	for i := range pos {
		for j := i + 1; j < len(pos); j++ {
			if d := math.Hypot(pos[i][0]-pos[j][0], pos[i][1]-pos[j][1]); d < spacing-0.01 {
				t.Errorf("markers %d and %d are %.1f apart", i, j, d)
			}
		}
	}
	if pos[4] != at[4] || pos[5] != at[5] {
		t.Errorf("markers far from the others moved: %v -> %v", at[4:], pos[4:])
	}
	names := []string{"Islamabad", "Rawalpindi", "Lahore", "Faisalabad", "Gilgit", "Quetta"}
	spots := PlaceLabels(pos, func(i int) string { return names[i] }, 600, size)
	type box struct{ x0, y0, x1, y1 float64 }
	var boxes []box
	for i, s := range spots {
		w := float64(len(names[i])) * size * 0.6
		x0 := s.X
		switch s.Anchor {
		case "end":
			x0 = s.X - w
		case "middle":
			x0 = s.X - w/2
		}
		b := box{x0, s.Y - size*0.85, x0 + w, s.Y + size*0.15}
		if b.x0 < 0 || b.x1 > 600 {
			t.Errorf("label %q runs off the map: %+v", names[i], b)
		}
		for k, p := range pos {
			if b.x0 < p[0]+10 && p[0]-10 < b.x1 && b.y0 < p[1]+10 && p[1]-10 < b.y1 {
				t.Errorf("label %q lies on marker %d (%v): %+v", names[i], k, p, b)
			}
		}
		for k, o := range boxes {
			if b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1 {
				t.Errorf("labels %q and %q overlap", names[i], names[k])
			}
		}
		boxes = append(boxes, b)
	}
}
