package geo

import (
	"math"
	"os"
	"strings"
	"testing"
)

func sample(t *testing.T) *Map {
	t.Helper()
	data, err := os.ReadFile(outlineFile)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type place struct {
	name     string
	lat, lng float64
}

var (
	karachi   = place{"Karachi", 24.8607, 67.0011}
	lahore    = place{"Lahore", 31.5204, 74.3587}
	islamabad = place{"Islamabad", 33.6844, 73.0479}
	peshawar  = place{"Peshawar", 34.0151, 71.5249}
	quetta    = place{"Quetta", 30.1798, 66.9750}
	gilgit    = place{"Gilgit", 35.9208, 74.3080}
	bannu     = place{"Bannu", 32.9889, 70.6056}
	hyderabad = place{"Hyderabad", 25.3960, 68.3578}
	// Gwadar's headland is too small for Natural Earth's 1:50m coastline; Turbat stands
	// for the far west.
	turbat = place{"Turbat", 26.0023, 63.0440}
)

// Cities land inside the outline, and foreign capitals outside it.
func TestContains(t *testing.T) {
	m := sample(t)
	for _, p := range []place{karachi, lahore, islamabad, peshawar, quetta, gilgit, bannu, hyderabad, turbat} {
		if !m.Contains(p.lat, p.lng) {
			t.Errorf("%s (%v, %v) is outside the outline", p.name, p.lat, p.lng)
		}
	}
	for _, p := range []place{{"Delhi", 28.6139, 77.2090}, {"Kabul", 34.5553, 69.2075}, {"Muscat", 23.5880, 58.3829},
		{"Zahedan", 29.4963, 60.8629}, {"Srinagar", 34.0837, 74.7973}} {
		if m.Contains(p.lat, p.lng) {
			t.Errorf("%s (%v, %v) is inside the outline", p.name, p.lat, p.lng)
		}
	}
}

// haversine is the great-circle distance in km.
func haversine(a, b place) float64 {
	rad := math.Pi / 180
	dlat, dlng := (b.lat-a.lat)*rad, (b.lng-a.lng)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(a.lat*rad)*math.Cos(b.lat*rad)*math.Sin(dlng/2)*math.Sin(dlng/2)
	return 2 * 6371 * math.Asin(math.Sqrt(h))
}

// The projection puts cities where they are: compass directions hold, distances on the
// map are proportional to the true distances within 4 %, and it inverts exactly.
func TestProjection(t *testing.T) {
	m := sample(t)
	xy := func(p place) (float64, float64) { return m.Project(p.lat, p.lng) }
	kx, ky := xy(karachi)
	lx, ly := xy(lahore)
	_, gy := xy(gilgit)
	qx, _ := xy(quetta)
	if !(kx < lx && ky > ly) {
		t.Errorf("Karachi (%v,%v) is not south-west of Lahore (%v,%v)", kx, ky, lx, ly)
	}
	if !(gy < ly && gy < ky) {
		t.Errorf("Gilgit (y %v) is not north of Lahore and Karachi", gy)
	}
	if !(qx < lx) || math.Abs(qx-kx) > 10 {
		t.Errorf("Quetta (x %v) should be west of Lahore and about above Karachi (x %v)", qx, kx)
	}
	for _, p := range []place{karachi, lahore, gilgit, turbat} {
		x, y := xy(p)
		if x < 0 || x > Width || y < 0 || y > m.Height {
			t.Errorf("%s at (%v, %v) is off the %v x %v map", p.name, x, y, Width, m.Height)
		}
		lat, lng := m.Unproject(x, y)
		if math.Abs(lat-p.lat) > 1e-9 || math.Abs(lng-p.lng) > 1e-9 {
			t.Errorf("%s does not invert: %v, %v", p.name, lat, lng)
		}
	}
	// km per map unit, from Karachi-Lahore, must hold for other pairs.
	unit := func(a, b place) float64 {
		ax, ay := xy(a)
		bx, by := xy(b)
		return haversine(a, b) / math.Hypot(bx-ax, by-ay)
	}
	ref := unit(karachi, lahore)
	for _, pair := range [][2]place{{gilgit, turbat}, {peshawar, hyderabad}, {quetta, islamabad}, {bannu, karachi}} {
		if r := unit(pair[0], pair[1]) / ref; r < 0.96 || r > 1.04 {
			t.Errorf("%s-%s: scale %.3f of Karachi-Lahore's", pair[0].name, pair[1].name, r)
		}
	}
}

func TestPathAndLoadErrors(t *testing.T) {
	m := sample(t)
	d := m.Path()
	if !strings.HasPrefix(d, "M") || !strings.HasSuffix(d, "Z") || strings.Contains(d, "e") || len(d) > 6000 {
		t.Errorf("path of %d bytes: %.80s...", len(d), d)
	}
	if m.Path() != d {
		t.Error("the path is not deterministic")
	}
	for _, bad := range []string{``, `{}`, `{"type":"Point","coordinates":[70,30]}`,
		`{"type":"Polygon","coordinates":[[[700,30],[71,30],[71,31],[700,30]]]}`} {
		if _, err := Load([]byte(bad)); err == nil {
			t.Errorf("Load(%s) accepted", bad)
		}
	}
}
