package geo

import "fmt"

// MapView is a park map: the country outline and a marker per place (park), each a link. Status is shown by shape as well as colour (circle operational, square under
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
	c := Coord
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

// Place is a park to mark: where it is and what its marker says.
type Place struct {
	Name, URL string
	Status    string // operational, under-construction or planned: the marker's shape
	// StatusLabel is Status in the page's language; Label is drawn beside the marker (the
	// park's city).
	StatusLabel, Label string
	Lat, Lng           float64
	Current            bool // the page is this park's
}

// Draw draws places, in their order, on m: each marker spread from its neighbours, its
// label placed clear of the others, the current place's drawn last (on top). legend names
// the statuses in the order the legend lists them, each with its label; only the statuses
// of some place are listed. nil when there is no place.
func (m *Map) Draw(places []Place, legend []LegendItem) *MapView {
	if len(places) == 0 {
		return nil
	}
	v := &MapView{ID: "park-map", Width: Width, Height: int(m.Height), Outline: m.Path(), HitRadius: MarkerHitRadius}
	counts := map[string]int{}
	at := make([][2]float64, len(places))
	for i, p := range places {
		x, y := m.Project(p.Lat, p.Lng)
		at[i] = [2]float64{x, y}
		counts[p.Status]++
	}
	pos := Spread(at, MarkerSpacing, float64(Width), m.Height)
	labels := PlaceLabels(pos, func(i int) string { return places[i].Label }, float64(Width), LabelSize)
	for i, p := range places {
		x, y := pos[i][0], pos[i][1]
		mk := Marker{Name: p.Name, URL: p.URL, Status: p.Status, StatusLabel: p.StatusLabel, Shape: markerShape(p.Status, x, y),
			X: Coord(x), Y: Coord(y), Current: p.Current,
			Label: p.Label, LabelX: Coord(labels[i].X), LabelY: Coord(labels[i].Y), Anchor: labels[i].Anchor}
		if x != at[i][0] || y != at[i][1] {
			mk.Moved = true
			mk.Leader = fmt.Sprintf("M%s %sL%s %s", Coord(at[i][0]), Coord(at[i][1]), Coord(x), Coord(y))
		}
		v.Markers = append(v.Markers, mk)
	}
	// The page's own park is drawn last, on top of its neighbours.
	for i, mk := range v.Markers {
		if mk.Current {
			v.Markers = append(append(v.Markers[:i:i], v.Markers[i+1:]...), mk)
			break
		}
	}
	for _, item := range legend {
		if n := counts[item.Status]; n > 0 {
			item.Shape, item.Count = markerShape(item.Status, 10, 10), n
			v.Legend = append(v.Legend, item)
		}
	}
	return v
}
