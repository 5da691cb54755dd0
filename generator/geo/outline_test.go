package geo

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"
)

// outlineFile is the default theme's outline of Pakistan.
const outlineFile = "../../themes/default/data/pakistan.geojson"

var worldAtlas = flag.String("world-atlas", "", "countries-50m.json of the npm package world-atlas@2: rewrite "+outlineFile+" from it")

// topology is the part of a TopoJSON file (world-atlas) needed to read one country.
type topology struct {
	Transform struct{ Scale, Translate [2]float64 } `json:"transform"`
	Arcs      [][][2]float64                        `json:"arcs"`
	Objects   struct {
		Countries struct {
			Geometries []struct {
				ID   string          `json:"id"`
				Type string          `json:"type"`
				Arcs json.RawMessage `json:"arcs"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

// arc decodes arc i (^i for reversed) of a quantized, delta-encoded topology.
func (t *topology) arc(i int) orb.LineString {
	rev := i < 0
	if rev {
		i = ^i
	}
	var ls orb.LineString
	x, y := 0.0, 0.0
	for _, d := range t.Arcs[i] {
		x, y = x+d[0], y+d[1]
		ls = append(ls, orb.Point{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]})
	}
	if rev {
		ls.Reverse()
	}
	return ls
}

func (t *topology) ring(arcs []int) orb.Ring {
	var r orb.Ring
	for k, a := range arcs {
		pts := t.arc(a)
		if k > 0 {
			pts = pts[1:] // arcs share their end points
		}
		r = append(r, pts...)
	}
	return r
}

// TestOutlineData checks the shipped outline, and with -world-atlas rewrites it: Pakistan
// (ISO 3166 numeric 586) from Natural Earth 1:50m, simplified with Douglas-Peucker to
// 0.02 degrees (about 2 km), coordinates rounded to 0.001 degree (4.7 KB). No TopoJSON reader for
// Go is reachable here, so the few lines that decode arcs are above; the simplification is
// orb's.
func TestOutlineData(t *testing.T) {
	if *worldAtlas != "" {
		data, err := os.ReadFile(*worldAtlas)
		if err != nil {
			t.Fatal(err)
		}
		var topo topology
		if err := json.Unmarshal(data, &topo); err != nil {
			t.Fatal(err)
		}
		var mp orb.MultiPolygon
		for _, g := range topo.Objects.Countries.Geometries {
			if g.ID != "586" {
				continue
			}
			var polys [][][]int
			switch g.Type {
			case "Polygon":
				var p [][]int
				json.Unmarshal(g.Arcs, &p)
				polys = [][][]int{p}
			case "MultiPolygon":
				json.Unmarshal(g.Arcs, &polys)
			}
			for _, p := range polys {
				var poly orb.Polygon
				for _, r := range p {
					poly = append(poly, topo.ring(r))
				}
				mp = append(mp, poly)
			}
		}
		if len(mp) == 0 {
			t.Fatal("no geometry with id 586 in " + *worldAtlas)
		}
		simple := simplify.DouglasPeucker(0.02).MultiPolygon(mp.Clone())
		orb.Round(simple, 1000)
		fc := geojson.NewFeatureCollection()
		f := geojson.NewFeature(simple)
		f.Properties["name"] = "Pakistan"
		f.Properties["source"] = "Natural Earth 1:50m Admin 0 countries (public domain), via world-atlas 2.0.2; simplified"
		fc.Append(f)
		out, err := json.Marshal(fc)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(outlineFile, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(outlineFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 8<<10 {
		t.Errorf("%s is %d bytes; the outline should be a few KB", outlineFile, len(data))
	}
	m, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Height < 400 || m.Height > 700 {
		t.Errorf("map height %v for width %d", m.Height, Width)
	}
}
