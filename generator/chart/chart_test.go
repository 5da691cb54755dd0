package chart

import (
	"strconv"
	"testing"
)

func TestNiceStep(t *testing.T) {
	for _, tt := range []struct{ max, want float64 }{{0, 1}, {3, 1}, {9, 2}, {11, 5}, {24, 5}, {39, 10}, {120, 50}, {10000, 2000}} {
		if got := NiceStep(tt.max); got != tt.want {
			t.Errorf("NiceStep(%v) = %v, want %v", tt.max, got, tt.want)
		}
	}
}

func TestBarChart(t *testing.T) {
	if BarChart("c", "T", "D", "Cat", "N", nil, nil, format) != nil {
		t.Error("a chart of nothing")
	}
	c := BarChart("c", "T", "D", "Cat", "N", []string{"a", "b"}, []float64{7, 3}, format)
	// Ticks 0, 2, 4, 6, 8: the axis ends at 8, so the longest bar is 7/8 of the plot.
	if len(c.Ticks) != 5 || c.Ticks[4].Label != "8" {
		t.Errorf("ticks %+v", c.Ticks)
	}
	if want := "288.8"; c.Bars[0].W != want { // 7/8 of 330
		t.Errorf("bar width %s, want %s", c.Bars[0].W, want)
	}
	if c.Bars[1].Y != "54" || c.Height != c.AxisY+chartAxis || c.AxisY != 82 {
		t.Errorf("layout: bar 2 at %s, axis %d, height %d", c.Bars[1].Y, c.AxisY, c.Height)
	}
}

func format(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func TestLineChart(t *testing.T) {
	if LineChart("c", "T", "D", "X", "Y", []string{"a"}, []float64{1}, format) != nil {
		t.Error("a line of one point")
	}
	c := LineChart("c", "T", "D", "Year", "US$", []string{"2020", "2021", "2022"}, []float64{0, 50, 100}, format)
	// Axis 0..100 in steps of 20; the plot is 220 high from y=28, so 0 is at 248 and 100 at 28.
	if c.Line != "M88 248L312 138L536 28" {
		t.Errorf("line %q", c.Line)
	}
	if len(c.Ticks) != 6 || c.Ticks[5].Label != "100" || c.Ticks[5].X != "28" {
		t.Errorf("ticks %+v", c.Ticks)
	}
	if len(c.Labels) != 3 || len(c.Bars) != 3 || !c.Points[0].ShowValue {
		t.Errorf("labels %+v, table %+v", c.Labels, c.Bars)
	}
	// A long series labels every n-th category and writes no values at the points.
	labels := make([]string, 30)
	values := make([]float64, 30)
	for i := range labels {
		labels[i], values[i] = strconv.Itoa(1990+i), float64(i)
	}
	c = LineChart("c", "T", "D", "Year", "N", labels, values, format)
	if len(c.Labels) != 11 || c.Points[0].ShowValue || c.Labels[10].Label != "2019" {
		t.Errorf("%d labels, last %+v", len(c.Labels), c.Labels[len(c.Labels)-1])
	}
}
