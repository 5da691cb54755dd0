package render

import "testing"

func TestNiceStep(t *testing.T) {
	for _, tt := range []struct{ max, want float64 }{{0, 1}, {3, 1}, {9, 2}, {11, 5}, {24, 5}, {39, 10}, {120, 50}, {10000, 2000}} {
		if got := niceStep(tt.max); got != tt.want {
			t.Errorf("niceStep(%v) = %v, want %v", tt.max, got, tt.want)
		}
	}
}

func TestBarChart(t *testing.T) {
	if barChart("c", "T", "D", "Cat", "N", nil, nil) != nil {
		t.Error("a chart of nothing")
	}
	c := barChart("c", "T", "D", "Cat", "N", []string{"a", "b"}, []int{7, 3})
	// Ticks 0, 2, 4, 6, 8: the axis ends at 8, so the longest bar is 7/8 of the plot.
	if len(c.Ticks) != 5 || c.Ticks[4].Label != "8" {
		t.Errorf("ticks %+v", c.Ticks)
	}
	if want := "288.8"; c.Bars[0].W != want { // 7/8 of 330
		t.Errorf("bar width %s, want %s", c.Bars[0].W, want)
	}
	if c.Bars[1].Y != "36" || c.Height != c.AxisY+chartAxis || c.AxisY != 64 {
		t.Errorf("layout: bar 2 at %s, axis %d, height %d", c.Bars[1].Y, c.AxisY, c.Height)
	}
}
