// Package chart owns the geometry of the charts the site draws at build time as SVG: bar
// and line charts laid out from labels and values, with round value axes. Pure functions:
// the theme's templates draw the views, tested here without templates.
package chart

import (
	"math"
	"strings"

	"github.com/pseb/sitegen/generator/geo"
)

// View is a chart drawn at build time as SVG: a bar per category,
// the value axis with round ticks, and the same numbers as a table for screen readers
// (the drawing itself is one image with a title and a description).
type View struct {
	Kind          string // "bar" or "line"
	ID            string // unique on the page, for aria references
	Title, Desc   string
	Category      string // what the bars are (the table's first column)
	Measure       string // what the values count (the value axis label)
	Width, Height int
	LabelX        int // right edge of the category labels
	AxisY         int // the value axis's baseline
	PlotX, PlotW  int
	BarHeight     int
	Bars          []Bar
	Ticks         []Tick
	Note          string // where the numbers come from, shown under the chart

	// A line chart's points, joined by Line (SVG path data), its value ticks along the
	// left edge (Tick.X holds the y coordinate) and its labels along the bottom.
	Line   string
	Points []Point
	Labels []Tick
	PlotY  int // top of the plot
}

// Point is one point of a line chart.
type Point struct {
	Label, Value string
	X, Y, TextY  string
	ShowValue    bool // written beside the point (short series only)
}

// Bar is one bar, in SVG units.
type Bar struct {
	Label, Value string
	Y, W, TextY  string
	ValueX       string
}

// Tick is one mark of the value axis.
type Tick struct{ X, Label string }

// Width is every chart's width in SVG units (the page scales it): charts side by side in
// one column line up.
const Width = 600

// bar chart geometry, in SVG units.
const (
	chartLabelW = 230
	chartRight  = 40 // room for the value after the longest bar
	barHeight   = 20
	barGap      = 8
	chartTop    = 26 // room for the category axis's name above the labels
	chartAxis   = 44 // below the bars: ticks, their labels and the axis label
)

// NiceStep returns a round tick step (1, 2 or 5 times a power of ten) giving at most
// about five ticks up to max.
func NiceStep(max float64) float64 {
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

// AxisTop returns the tick step and the end of a value axis from zero past max.
func AxisTop(values []float64) (step, top float64) {
	max := 0.0
	for _, v := range values {
		max = math.Max(max, v)
	}
	step = NiceStep(max)
	return step, math.Max(step, math.Ceil(max/step)*step)
}

// BarChart lays out labels and values as a horizontal bar chart; format writes a number.
func BarChart(id, title, desc, category, measure string, labels []string, values []float64, format func(float64) string) *View {
	if len(labels) == 0 {
		return nil
	}
	step, top := AxisTop(values)
	plotW := float64(Width - chartLabelW - chartRight)
	c := &View{Kind: "bar", ID: id, Title: title, Desc: desc, Category: category, Measure: measure, Width: Width,
		LabelX: chartLabelW - 8, PlotX: chartLabelW, PlotW: int(plotW), BarHeight: barHeight}
	y := float64(chartTop)
	for i, l := range labels {
		w := values[i] / top * plotW
		c.Bars = append(c.Bars, Bar{Label: l, Value: format(values[i]), Y: geo.Coord(y), W: geo.Coord(w),
			TextY: geo.Coord(y + barHeight/2 + 5), ValueX: geo.Coord(chartLabelW + w + 6)})
		y += barHeight + barGap
	}
	c.AxisY = int(y)
	for v := 0.0; v <= top+1e-9; v += step {
		c.Ticks = append(c.Ticks, Tick{X: geo.Coord(chartLabelW + v/top*plotW), Label: format(v)})
	}
	c.Height = c.AxisY + chartAxis
	return c
}

// line chart geometry, in SVG units.
const (
	lineLeft   = 64 // room for the value ticks
	lineTop    = 28 // room for the axis label above the plot
	linePlotH  = 220
	lineBottom = 40 // the category labels
	lineInset  = 24 // between the axis and the first and last point
	// maxValueLabels is the longest series whose values are written at the points.
	maxValueLabels = 12
)

// LineChart lays out a series (at least two points) as a line chart.
func LineChart(id, title, desc, category, measure string, labels []string, values []float64, format func(float64) string) *View {
	if len(labels) < 2 {
		return nil
	}
	step, top := AxisTop(values)
	c := &View{Kind: "line", ID: id, Title: title, Desc: desc, Category: category, Measure: measure, Width: Width,
		PlotX: lineLeft, PlotY: lineTop, PlotW: Width - lineLeft - chartRight, AxisY: lineTop + linePlotH}
	c.Height = c.AxisY + lineBottom
	y := func(v float64) float64 { return float64(c.AxisY) - v/top*linePlotH }
	for v := 0.0; v <= top+1e-9; v += step {
		c.Ticks = append(c.Ticks, Tick{X: geo.Coord(y(v)), Label: format(v)})
	}
	span := float64(c.PlotW - 2*lineInset)
	every := (len(labels) + maxValueLabels - 1) / maxValueLabels // label every n-th category
	var pts [][2]float64
	for i, l := range labels {
		x := float64(lineLeft+lineInset) + float64(i)*span/float64(len(labels)-1)
		py := y(values[i])
		c.Bars = append(c.Bars, Bar{Label: l, Value: format(values[i])}) // the table
		c.Points = append(c.Points, Point{Label: l, Value: format(values[i]), X: geo.Coord(x), Y: geo.Coord(py),
			TextY: geo.Coord(py - 10), ShowValue: len(labels) <= maxValueLabels})
		if i%every == 0 || i == len(labels)-1 {
			c.Labels = append(c.Labels, Tick{X: geo.Coord(x), Label: l})
		}
		pts = append(pts, [2]float64{x, py})
	}
	c.Line = Path(pts)
	return c
}

// Path is SVG path data through pts in order: a move to the first, a line to each next.
func Path(pts [][2]float64) string {
	var d strings.Builder
	for i, p := range pts {
		if i == 0 {
			d.WriteString("M")
		} else {
			d.WriteString("L")
		}
		d.WriteString(geo.Coord(p[0]) + " " + geo.Coord(p[1]))
	}
	return d.String()
}
