// Command illustrate draws the sample site's pictures: park buildings and teams at work,
// as flat illustrations, deterministically (the same seed gives the same bytes). The sample
// has no photographs PSEB may publish; these stand in for them, are credited in
// content/CREDITS.md and say in their alt text that they are illustrations.
//
//	go run ./.sample/illustrate -kind park -seed 3 -o content/parks/x/hero.jpg
//	go run ./.sample/illustrate -kind team -seed 5 -o content/companies/y/team.jpg
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"os"

	"golang.org/x/image/vector"
)

func main() {
	kind := flag.String("kind", "park", "what to draw: park or team")
	seed := flag.Uint64("seed", 1, "variant: the same seed draws the same picture")
	out := flag.String("o", "", "JPEG file to write")
	width := flag.Int("w", 1600, "width in pixels")
	height := flag.Int("h", 900, "height in pixels")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "illustrate: -o FILE is required")
		os.Exit(2)
	}
	c := newCanvas(*width, *height, *seed)
	switch *kind {
	case "park":
		c.park()
	case "team":
		c.team()
	default:
		fmt.Fprintf(os.Stderr, "illustrate: -kind %q: want park or team\n", *kind)
		os.Exit(2)
	}
	f, err := os.Create(*out)
	if err == nil {
		err = jpeg.Encode(f, c.img, &jpeg.Options{Quality: 86})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "illustrate:", err)
		os.Exit(1)
	}
}

type canvas struct {
	img  *image.RGBA
	w, h float32
	rnd  *rand.Rand
}

func newCanvas(w, h int, seed uint64) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), w: float32(w), h: float32(h), rnd: rand.New(rand.NewPCG(seed, 0x5eed))}
}

// fill draws one anti-aliased path given as a function of a rasterizer.
func (c *canvas) fill(col color.Color, path func(z *vector.Rasterizer)) {
	z := vector.NewRasterizer(c.img.Bounds().Dx(), c.img.Bounds().Dy())
	path(z)
	z.ClosePath()
	z.Draw(c.img, c.img.Bounds(), image.NewUniform(col), image.Point{})
}

func (c *canvas) rect(x0, y0, x1, y1 float32, col color.Color) {
	c.fill(col, func(z *vector.Rasterizer) {
		z.MoveTo(x0, y0)
		z.LineTo(x1, y0)
		z.LineTo(x1, y1)
		z.LineTo(x0, y1)
	})
}

func (c *canvas) roundRect(x0, y0, x1, y1, r float32, col color.Color) {
	const k = 0.5523 // cubic approximation of a quarter circle
	c.fill(col, func(z *vector.Rasterizer) {
		z.MoveTo(x0+r, y0)
		z.LineTo(x1-r, y0)
		z.CubeTo(x1-r+r*k, y0, x1, y0+r-r*k, x1, y0+r)
		z.LineTo(x1, y1-r)
		z.CubeTo(x1, y1-r+r*k, x1-r+r*k, y1, x1-r, y1)
		z.LineTo(x0+r, y1)
		z.CubeTo(x0+r-r*k, y1, x0, y1-r+r*k, x0, y1-r)
		z.LineTo(x0, y0+r)
		z.CubeTo(x0, y0+r-r*k, x0+r-r*k, y0, x0+r, y0)
	})
}

func (c *canvas) circle(cx, cy, r float32, col color.Color) {
	c.roundRect(cx-r, cy-r, cx+r, cy+r, r, col)
}

func (c *canvas) polygon(col color.Color, pts ...float32) {
	c.fill(col, func(z *vector.Rasterizer) {
		z.MoveTo(pts[0], pts[1])
		for i := 2; i+1 < len(pts); i += 2 {
			z.LineTo(pts[i], pts[i+1])
		}
	})
}

// gradient fills rows y0..y1 from colour a to colour b.
func (c *canvas) gradient(y0, y1 int, a, b color.RGBA) {
	for y := y0; y < y1; y++ {
		t := float64(y-y0) / float64(max(1, y1-y0-1))
		col := mix(a, b, t)
		draw.Draw(c.img, image.Rect(0, y, c.img.Bounds().Dx(), y+1), image.NewUniform(col), image.Point{}, draw.Src)
	}
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

func rgb(hex uint32) color.RGBA {
	return color.RGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 255}
}

func (c *canvas) between(lo, hi float32) float32 { return lo + c.rnd.Float32()*(hi-lo) }

func (c *canvas) pick(cols ...uint32) color.RGBA { return rgb(cols[c.rnd.IntN(len(cols))]) }

// park draws a technology park seen from across its forecourt: sky, far hills, two or three
// office blocks with glass fronts, trees, a lawn and a few people walking.
func (c *canvas) park() {
	w, h := c.w, c.h
	horizon := h * c.between(0.62, 0.68)
	c.gradient(0, int(horizon), c.pick(0x8cc4e8, 0x9fd0ef, 0xa9c9e0), rgb(0xeaf4f8))
	// Far hills (the Margalla, the Salt Range ...): two bands of soft green-grey.
	for band, col := range []uint32{0xa7b9a6, 0x8ea58d} {
		base := horizon - float32(band)*h*0.01
		pts := []float32{0, horizon}
		for x := float32(0); x <= w; x += w / 8 {
			pts = append(pts, x, base-c.between(h*0.06, h*0.16)/float32(band+1))
		}
		pts = append(pts, w, horizon)
		c.polygon(rgb(col), pts...)
	}
	// The lawn, and the path up to the entrance.
	c.rect(0, horizon, w, h, rgb(0x7fae6a))
	c.polygon(rgb(0xd8d2c4), w*0.35, h, w*0.47, horizon, w*0.53, horizon, w*0.65, h)
	// Buildings: a tower and one or two lower blocks, left to right.
	x := w * c.between(0.08, 0.16)
	blocks := 2 + c.rnd.IntN(2)
	for i := range blocks {
		bw := w * c.between(0.16, 0.24)
		floors := 4 + c.rnd.IntN(4)
		if i == 1 {
			floors += 4 + c.rnd.IntN(4)
		}
		floorH := h * 0.045
		top := horizon - float32(floors)*floorH - h*0.03
		c.building(x, top, x+bw, horizon, floors, c.pick(0x5b8db8, 0x4f7ea8, 0x6a9cc4))
		x += bw + w*c.between(0.02, 0.06)
		if x > w*0.85 {
			break
		}
	}
	// Trees along the front, on either side of the path.
	for range 9 + c.rnd.IntN(5) {
		tx := c.between(0, w)
		if tx > w*0.38 && tx < w*0.62 {
			continue
		}
		ty := horizon + c.between(h*0.02, h*0.12)
		r := h * c.between(0.05, 0.08)
		c.rect(tx-r*0.08, ty, tx+r*0.08, ty+r*1.1, rgb(0x6b4f35))
		c.circle(tx, ty-r*0.2, r, c.pick(0x2f6b3a, 0x3b7a43, 0x2a5e34))
		c.circle(tx-r*0.45, ty+r*0.1, r*0.7, c.pick(0x2f6b3a, 0x3b7a43))
	}
	// People on the path: a head and a coat, small.
	for range 4 + c.rnd.IntN(3) {
		px := c.between(w*0.42, w*0.58)
		py := c.between(horizon+h*0.1, h*0.95)
		s := (py - horizon) / (h - horizon) * h * 0.09
		c.person(px, py, s)
	}
}

// building draws an office block: a frame, bands of glass per floor and mullions.
func (c *canvas) building(x0, y0, x1, y1 float32, floors int, glass color.RGBA) {
	c.rect(x0, y0, x1, y1, rgb(0xe7e3da))
	c.rect(x0, y0, x1, y0+(y1-y0)*0.03, rgb(0xc9c3b6)) // roof line
	floorH := (y1 - y0 - (y1-y0)*0.05) / float32(floors)
	for f := range floors {
		top := y0 + (y1-y0)*0.04 + float32(f)*floorH
		light := mix(glass, rgb(0xdff0fb), float64(f)/float64(floors)*0.5)
		c.rect(x0+(x1-x0)*0.05, top+floorH*0.15, x1-(x1-x0)*0.05, top+floorH*0.85, light)
		for m := x0 + (x1-x0)*0.05; m < x1-(x1-x0)*0.05; m += (x1 - x0) / 7 {
			c.rect(m, top+floorH*0.15, m+2.5, top+floorH*0.85, rgb(0xc9c3b6))
		}
	}
	// The entrance: a darker glass door at ground level.
	mid := (x0 + x1) / 2
	c.rect(mid-(x1-x0)*0.08, y1-floorH*0.9, mid+(x1-x0)*0.08, y1, rgb(0x2d4a63))
}

func (c *canvas) person(x, y, s float32) {
	skin := c.pick(0x8d5524, 0xc68642, 0xe0ac69, 0xa0662f)
	coat := c.pick(0x1f3b5a, 0x7a1f2b, 0x2e2e2e, 0x3d6b4f, 0xb5651d, 0x5b4a8a)
	c.roundRect(x-s*0.22, y-s*0.75, x+s*0.22, y, s*0.1, coat)
	c.circle(x, y-s*0.88, s*0.14, skin)
}

// team draws an open office: a wall with a window on the city, a whiteboard with notes,
// a long desk with laptops and four to six people at it.
func (c *canvas) team() {
	w, h := c.w, c.h
	c.rect(0, 0, w, h, c.pick(0xf1ece3, 0xeef2ee, 0xf3efe8))
	floor := h * 0.78
	c.rect(0, floor, w, h, c.pick(0xb88a5a, 0xa57c52, 0x9c7b5b))
	// A window with the city behind it.
	wx0, wx1 := w*c.between(0.05, 0.1), w*c.between(0.42, 0.5)
	c.rect(wx0, h*0.08, wx1, h*0.55, rgb(0xbfdcef))
	for bx := wx0 + 10; bx < wx1-20; bx += c.between(30, 70) {
		bh := c.between(h*0.08, h*0.3)
		c.rect(bx, h*0.55-bh, bx+c.between(24, 50), h*0.55, c.pick(0x9bb3c6, 0x8aa4b8, 0xa9bccb))
	}
	c.rect(wx0-8, h*0.08-8, wx1+8, h*0.08, rgb(0xffffff))
	c.rect(wx0-8, h*0.55, wx1+8, h*0.55+10, rgb(0xffffff))
	c.rect((wx0+wx1)/2-4, h*0.08, (wx0+wx1)/2+4, h*0.55, rgb(0xffffff))
	// A whiteboard with sticky notes in columns (a board of tasks).
	bx0, bx1 := w*0.56, w*0.92
	c.rect(bx0, h*0.1, bx1, h*0.5, rgb(0xfdfdfd))
	c.rect(bx0, h*0.5, bx1, h*0.515, rgb(0xb0b0b0))
	for col := range 4 {
		cx := bx0 + (bx1-bx0)*(0.06+float32(col)*0.24)
		c.rect(cx, h*0.13, cx+(bx1-bx0)*0.16, h*0.145, rgb(0x555555))
		for n := range 1 + c.rnd.IntN(4) {
			ny := h*0.17 + float32(n)*h*0.075
			c.rect(cx, ny, cx+(bx1-bx0)*0.16, ny+h*0.06, c.pick(0xffe27a, 0xa7e3a1, 0xf7b2c0, 0x9fd3f2))
		}
	}
	// A plant in the corner.
	px := w * c.between(0.93, 0.97)
	c.roundRect(px-30, floor-70, px+30, floor, 8, rgb(0x8a5a3c))
	for i := range 5 {
		a := float64(i)/4*math.Pi*0.8 + math.Pi*0.6
		c.circle(px+float32(math.Cos(a))*40, floor-90-float32(math.Sin(a))*40, 30, c.pick(0x2f6b3a, 0x3b7a43))
	}
	// People behind the desk, then the desk in front of them, then laptops.
	deskTop := h * 0.66
	n := 4 + c.rnd.IntN(3)
	for i := range n {
		x := w*0.12 + (w*0.76)*(float32(i)+0.5)/float32(n) + c.between(-20, 20)
		s := h * c.between(0.3, 0.36)
		skin := c.pick(0x8d5524, 0xc68642, 0xe0ac69, 0xa0662f, 0xd1a074)
		shirt := c.pick(0x1f3b5a, 0x7a1f2b, 0x2e6f6a, 0x3d6b4f, 0xb5651d, 0x5b4a8a, 0xdedede)
		c.roundRect(x-s*0.22, deskTop-s*0.5, x+s*0.22, deskTop+s*0.1, s*0.12, shirt)
		c.circle(x, deskTop-s*0.66, s*0.14, skin)
		if c.rnd.IntN(2) == 0 { // hair or a scarf
			c.fill(c.pick(0x1d1a17, 0x2b1d14, 0x3a2a1d), func(z *vector.Rasterizer) {
				z.MoveTo(x-s*0.15, deskTop-s*0.66)
				z.CubeTo(x-s*0.16, deskTop-s*0.86, x+s*0.16, deskTop-s*0.86, x+s*0.15, deskTop-s*0.66)
				z.LineTo(x+s*0.1, deskTop-s*0.74)
				z.LineTo(x-s*0.1, deskTop-s*0.74)
			})
		}
	}
	c.roundRect(w*0.06, deskTop, w*0.94, deskTop+h*0.04, 6, rgb(0xe9dcc6))
	c.rect(w*0.1, deskTop+h*0.04, w*0.11, floor+h*0.1, rgb(0x777777))
	c.rect(w*0.89, deskTop+h*0.04, w*0.9, floor+h*0.1, rgb(0x777777))
	for i := range n {
		x := w*0.12 + (w*0.76)*(float32(i)+0.5)/float32(n)
		lw := h * 0.11
		c.polygon(rgb(0x3a3f44), x-lw*0.6, deskTop, x+lw*0.6, deskTop, x+lw*0.5, deskTop-lw*0.7, x-lw*0.5, deskTop-lw*0.7)
		c.circle(x, deskTop-lw*0.36, lw*0.07, rgb(0xd9dde1))
	}
}
