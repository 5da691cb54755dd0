package render

import (
	"math"
	"strconv"

	"github.com/pseb/sitegen/generator/geo"
)

// ChartView is a horizontal bar chart drawn at build time as SVG: a bar per category,
// the value axis with round ticks, and the same numbers as a table for screen readers
// (the drawing itself is one image with a title and a description).
type ChartView struct {
	ID            string // unique on the page, for aria references
	Title, Desc   string
	Category      string // what the bars are (the table's first column)
	Measure       string // what the values count (the value axis label)
	Width, Height int
	LabelX        int // right edge of the category labels
	AxisY         int // the value axis's baseline
	PlotX, PlotW  int
	BarHeight     int
	Bars          []BarView
	Ticks         []TickView
}

// BarView is one bar, in SVG units.
type BarView struct {
	Label, Value string
	Y, W, TextY  string
	ValueX       string
}

// TickView is one mark of the value axis.
type TickView struct{ X, Label string }

// chart geometry, in SVG units.
const (
	chartWidth  = 600
	chartLabelW = 230
	chartRight  = 40 // room for the value after the longest bar
	barHeight   = 20
	barGap      = 8
	chartTop    = 8
	chartAxis   = 44 // below the bars: ticks, their labels and the axis label
)

// niceStep returns a round tick step (1, 2 or 5 times a power of ten) giving at most
// about five ticks up to max.
func niceStep(max float64) float64 {
	if max <= 0 {
		return 1
	}
	raw := max / 5
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return math.Max(1, m*pow)
		}
	}
	return math.Max(1, 10*pow)
}

// barChart lays out labels and values (counts) as a ChartView.
func barChart(id, title, desc, category, measure string, labels []string, values []int) *ChartView {
	if len(labels) == 0 {
		return nil
	}
	max := 0
	for _, v := range values {
		max = int(math.Max(float64(max), float64(v)))
	}
	step := niceStep(float64(max))
	top := math.Max(step, math.Ceil(float64(max)/step)*step)
	plotW := float64(chartWidth - chartLabelW - chartRight)
	c := &ChartView{ID: id, Title: title, Desc: desc, Category: category, Measure: measure, Width: chartWidth,
		LabelX: chartLabelW - 8, PlotX: chartLabelW, PlotW: int(plotW), BarHeight: barHeight}
	y := float64(chartTop)
	for i, l := range labels {
		w := float64(values[i]) / top * plotW
		c.Bars = append(c.Bars, BarView{Label: l, Value: strconv.Itoa(values[i]), Y: geo.Coord(y), W: geo.Coord(w),
			TextY: geo.Coord(y + barHeight/2 + 5), ValueX: geo.Coord(chartLabelW + w + 6)})
		y += barHeight + barGap
	}
	c.AxisY = int(y)
	for v := 0.0; v <= top+1e-9; v += step {
		c.Ticks = append(c.Ticks, TickView{X: geo.Coord(chartLabelW + v/top*plotW), Label: strconv.Itoa(int(v))})
	}
	c.Height = c.AxisY + chartAxis
	return c
}
