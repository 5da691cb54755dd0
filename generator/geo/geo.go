// Package geo owns the map of Pakistan: the country outline that a theme ships as GeoJSON
// (Natural Earth, via the npm package world-atlas, simplified), the projection from
// longitude and latitude to the map's SVG coordinates, whether a point lies inside the
// country, where markers and their labels go so that none hides another, and the park map
// drawn from places (Map.Draw). It knows nothing of content or HTML: a place is a name, a
// status and a point.
package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// Width is the width of every map in SVG units; the height follows from the outline.
const Width = 600

// pad is the margin around the outline, in SVG units.
const pad = 8

// Map is a country outline and the projection that draws it Width units wide. It is
// immutable and safe for concurrent use.
type Map struct {
	outline orb.MultiPolygon
	// The projection is equirectangular with its standard parallel at the outline's middle
	// latitude: x = (lng - west) * cos(lat0) * scale, y = (north - lat) * scale. Over a
	// country 14 degrees tall it keeps distances true to within a few per cent, and its
	// straight meridians and parallels make marker placement easy to check.
	west, north, cosLat0, scale float64
	Height                      float64
	path                        string // the outline as SVG path data, made once
}

// Load reads an outline: a GeoJSON FeatureCollection, Feature or geometry whose
// geometry is a Polygon or MultiPolygon of longitude/latitude.
func Load(data []byte) (*Map, error) {
	var g orb.Geometry
	if fc, err := geojson.UnmarshalFeatureCollection(data); err == nil && len(fc.Features) > 0 {
		g = fc.Features[0].Geometry
	} else if f, err := geojson.UnmarshalFeature(data); err == nil && f.Geometry != nil {
		g = f.Geometry
	} else if gm, err := geojson.UnmarshalGeometry(data); err == nil {
		g = gm.Geometry()
	} else {
		return nil, fmt.Errorf("not GeoJSON: %w", err)
	}
	var mp orb.MultiPolygon
	switch x := g.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{x}
	case orb.MultiPolygon:
		mp = x
	default:
		return nil, fmt.Errorf("the outline is a %s; want a Polygon or MultiPolygon", g.GeoJSONType())
	}
	b := mp.Bound()
	if b.IsEmpty() || b.Left() < -180 || b.Right() > 180 || b.Bottom() < -90 || b.Top() > 90 {
		return nil, fmt.Errorf("the outline's bounds %v are not longitude/latitude", b)
	}
	m := &Map{outline: mp, west: b.Left(), north: b.Top(), cosLat0: math.Cos((b.Top() + b.Bottom()) / 2 * math.Pi / 180)}
	m.scale = (Width - 2*pad) / ((b.Right() - b.Left()) * m.cosLat0)
	m.Height = math.Round((b.Top()-b.Bottom())*m.scale + 2*pad)
	m.path = m.outlinePath()
	return m, nil
}

// Project returns the SVG coordinates of a position.
func (m *Map) Project(lat, lng float64) (x, y float64) {
	return pad + (lng-m.west)*m.cosLat0*m.scale, pad + (m.north-lat)*m.scale
}

// Unproject is the inverse of Project.
func (m *Map) Unproject(x, y float64) (lat, lng float64) {
	return m.north - (y-pad)/m.scale, m.west + (x-pad)/(m.cosLat0*m.scale)
}

// Contains reports whether a position lies inside the outline.
func (m *Map) Contains(lat, lng float64) bool {
	return planar.MultiPolygonContains(m.outline, orb.Point{lng, lat})
}

// Path returns the outline as the d attribute of an SVG path, to 0.1 unit.
func (m *Map) Path() string { return m.path }

func (m *Map) outlinePath() string {
	var b strings.Builder
	for _, poly := range m.outline {
		for _, ring := range poly {
			for i, p := range ring {
				x, y := m.Project(p[1], p[0])
				if i == 0 {
					b.WriteByte('M')
				} else {
					b.WriteByte('L')
				}
				b.WriteString(Coord(x))
				b.WriteByte(' ')
				b.WriteString(Coord(y))
			}
			b.WriteByte('Z')
		}
	}
	return b.String()
}

// Coord formats an SVG coordinate with one decimal, the same on every machine.
func Coord(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
