package render

import (
	"fmt"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/geo"
)

// MapView is a park map: the country outline and a marker per park with a location, each
// a link. Status is shown by shape as well as colour (circle operational, square under
// construction, triangle planned), and the legend says it in words.
type MapView struct {
	ID            string // unique on the page
	Width, Height int
	Outline       string // SVG path data
	Markers       []Marker
	Legend        []LegendItem
	HitRadius     int // MarkerHitRadius
}

// Marker is one park on the map.
type Marker struct {
	Name, URL, Status, StatusLabel string
	Shape                          string // SVG path data, centred on the park
	X, Y                           string // the marker's centre, for the area a tap hits
	Current                        bool   // the page is this park's
	// Moved is set when the marker was moved off the park's place (another park is too
	// close to tell apart); Leader is then the line from the place to the marker.
	Moved  bool
	Leader string
	// Label is the park's city, drawn beside the marker at LabelX, LabelY, anchored at
	// its start or end (Anchor) so that it stays on the map and clear of other labels.
	Label, LabelX, LabelY, Anchor string
}

// MarkerHitRadius is the radius, in map units, of the invisible disc around each marker
// that takes taps: 50 units are 24 CSS pixels (WCAG 2.2's minimum target) on a map drawn
// 288 px wide, a 320 px phone's.
const MarkerHitRadius = 25

// LegendItem explains one status.
type LegendItem struct {
	Status, Label string
	Shape         string // the marker's shape, centred in a 20 x 20 box
	Count         int
}

// markerShape draws a status's marker around (x, y), about 18 units across.
func markerShape(status string, x, y float64) string {
	c := geo.Coord
	switch status {
	case "operational":
		return fmt.Sprintf("M%s %sa9 9 0 1 0 18 0a9 9 0 1 0-18 0Z", c(x-9), c(y))
	case "under-construction":
		return fmt.Sprintf("M%s %sh16v16h-16Z", c(x-8), c(y-8))
	default: // planned
		return fmt.Sprintf("M%s %sl10 17h-20Z", c(x), c(y-11))
	}
}

// MarkerSpacing is the least distance between two markers' centres, in map units: two
// parks closer than that (Islamabad and Rawalpindi) are drawn apart, each with a line to
// its place, so that both can be seen and tapped.
const MarkerSpacing = 30

// LabelSize is the labels' font size in map units (the theme's CSS draws them at it).
const LabelSize = 17

// spreadMarkers moves points closer than min apart until none is, each pair pushed away
// from each other along the line between them (straight down and up when they coincide),
// and keeps them inside the width x height map; points far from all others stay put.
func spreadMarkers(at [][2]float64, min, width, height float64) [][2]float64 {
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

type labelSpot struct {
	x, y   float64
	anchor string // "start" or "end"
}

// placeLabels puts each marker's label to its right, else to its left, below or above:
// the first place that stays on the map and clear of every marker and of the labels
// already placed (a label's width judged from its length); the right when none is.
func placeLabels(pos [][2]float64, text func(int) string, width float64) []labelSpot {
	type box struct{ x0, y0, x1, y1 float64 }
	const r = 11 // a marker's half size
	var taken []box
	for _, p := range pos {
		taken = append(taken, box{p[0] - r, p[1] - r, p[0] + r, p[1] + r})
	}
	out := make([]labelSpot, len(pos))
	for i, p := range pos {
		w, h := float64(utf8.RuneCountInString(text(i)))*LabelSize*0.6, LabelSize*1.0
		base := p[1] + LabelSize*0.35 // the text's baseline when centred on the marker
		tries := []struct {
			b    box
			spot labelSpot
		}{
			{box{p[0] + r + 2, p[1] - h/2, p[0] + r + 2 + w, p[1] + h/2}, labelSpot{p[0] + r + 2, base, "start"}},
			{box{p[0] - r - 2 - w, p[1] - h/2, p[0] - r - 2, p[1] + h/2}, labelSpot{p[0] - r - 2, base, "end"}},
			{box{p[0] - w/2, p[1] + r + 1, p[0] + w/2, p[1] + r + 1 + h}, labelSpot{p[0], p[1] + r + LabelSize, "middle"}},
			{box{p[0] - w/2, p[1] - r - 1 - h, p[0] + w/2, p[1] - r - 1}, labelSpot{p[0], p[1] - r - 4, "middle"}},
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

// parkMap draws every park with a location; current, when not nil, is marked as the
// page's own.
func (r *Renderer) parkMap(current *content.Park) *MapView {
	return r.parkMapOf(r.site.Parks, current)
}

// parkMapOf draws parks, in their order, on the map.
func (r *Renderer) parkMapOf(parks []*content.Park, current *content.Park) *MapView {
	m := r.theme.Map
	if m == nil {
		return nil
	}
	v := &MapView{ID: "park-map", Width: geo.Width, Height: int(m.Height), Outline: m.Path(), HitRadius: MarkerHitRadius}
	counts := map[string]int{}
	var placed []*content.Park
	var at, pos [][2]float64
	for _, p := range parks {
		if p.Location == nil {
			continue
		}
		x, y := m.Project(p.Location.Lat, p.Location.Lng)
		placed = append(placed, p)
		at = append(at, [2]float64{x, y})
		counts[p.Status]++
	}
	pos = spreadMarkers(at, MarkerSpacing, float64(geo.Width), m.Height)
	labels := placeLabels(pos, func(i int) string { return placed[i].City.Name }, float64(geo.Width))
	for i, p := range placed {
		x, y := pos[i][0], pos[i][1]
		mk := Marker{Name: p.Name, URL: r.theme.URL(parkPath(p)), Status: p.Status,
			StatusLabel: r.str("status_" + p.Status), Shape: markerShape(p.Status, x, y), X: geo.Coord(x), Y: geo.Coord(y), Current: p == current,
			Label: p.City.Name, LabelX: geo.Coord(labels[i].x), LabelY: geo.Coord(labels[i].y), Anchor: labels[i].anchor}
		if x != at[i][0] || y != at[i][1] {
			mk.Moved = true
			mk.Leader = fmt.Sprintf("M%s %sL%s %s", geo.Coord(at[i][0]), geo.Coord(at[i][1]), geo.Coord(x), geo.Coord(y))
		}
		v.Markers = append(v.Markers, mk)
	}
	if len(v.Markers) == 0 {
		return nil
	}
	// The page's own park is drawn last, on top of its neighbours.
	for i, mk := range v.Markers {
		if mk.Current {
			v.Markers = append(append(v.Markers[:i:i], v.Markers[i+1:]...), mk)
			break
		}
	}
	for _, st := range content.ParkStatuses {
		if counts[st] > 0 {
			v.Legend = append(v.Legend, LegendItem{Status: st, Label: r.str("status_" + st), Shape: markerShape(st, 10, 10), Count: counts[st]})
		}
	}
	return v
}
