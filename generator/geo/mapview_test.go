package geo

import (
	"strings"
	"testing"
)

// Draw marks each place, spreads the two that are too close (Islamabad and Rawalpindi) with
// a leader line, draws the current place last and lists only the statuses in use.
func TestDraw(t *testing.T) {
	m := sample(t)
	legend := []LegendItem{{Status: "operational", Label: "Open"}, {Status: "under-construction", Label: "Building"}, {Status: "planned", Label: "Planned"}}
	if m.Draw(nil, legend) != nil {
		t.Error("a map without places is drawn")
	}
	places := []Place{
		{Name: "Islamabad", URL: "/parks/islamabad/", Status: "operational", Label: "Islamabad", Lat: 33.6844, Lng: 73.0479, Current: true},
		{Name: "Rawalpindi", URL: "/parks/rawalpindi/", Status: "planned", Label: "Rawalpindi", Lat: 33.5651, Lng: 73.0169},
		{Name: "Karachi", URL: "/parks/karachi/", Status: "operational", Label: "Karachi", Lat: 24.8607, Lng: 67.0011},
	}
	v := m.Draw(places, legend)
	if len(v.Markers) != 3 || v.Markers[2].Name != "Islamabad" || !v.Markers[2].Current {
		t.Fatalf("markers %+v", v.Markers)
	}
	moved := 0
	for _, mk := range v.Markers {
		if mk.Moved {
			moved++
			if !strings.HasPrefix(mk.Leader, "M") {
				t.Errorf("a moved marker without its leader: %+v", mk)
			}
		}
		if mk.Shape == "" || mk.LabelX == "" || mk.Anchor == "" {
			t.Errorf("marker %+v", mk)
		}
	}
	if moved == 0 {
		t.Error("Islamabad and Rawalpindi overlap")
	}
	if len(v.Legend) != 2 || v.Legend[0].Count != 2 || v.Legend[1].Status != "planned" || v.Legend[1].Shape == "" {
		t.Errorf("legend %+v", v.Legend)
	}
	if v.Width != Width || v.Outline == "" || v.HitRadius != MarkerHitRadius {
		t.Errorf("map %+v", v)
	}
}
