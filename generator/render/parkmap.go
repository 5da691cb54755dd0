package render

import (
	"fmt"

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
	pos = geo.Spread(at, MarkerSpacing, float64(geo.Width), m.Height)
	labels := geo.PlaceLabels(pos, func(i int) string { return placed[i].City.Name }, float64(geo.Width), LabelSize)
	for i, p := range placed {
		x, y := pos[i][0], pos[i][1]
		mk := Marker{Name: p.Name, URL: r.theme.URL(parkPath(p)), Status: p.Status,
			StatusLabel: r.str("status_" + p.Status), Shape: markerShape(p.Status, x, y), X: geo.Coord(x), Y: geo.Coord(y), Current: p == current,
			Label: p.City.Name, LabelX: geo.Coord(labels[i].X), LabelY: geo.Coord(labels[i].Y), Anchor: labels[i].Anchor}
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
