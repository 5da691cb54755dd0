// Package images owns turning a photo of a page bundle into the responsive set a page
// serves: turned upright by its EXIF orientation, resized to a few widths (never up),
// encoded as WebP and in its own format with no metadata (a phone photo's GPS position
// stays on the editor's disk), bounded in pixels and in how many are decoded at once, and
// cached by content hash so an unchanged photo is never encoded again.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/disintegration/imaging"
	"github.com/gen2brain/webp"
)

// MaxPixels is the largest photo accepted: 40 megapixels decode to 160 MB.
const MaxPixels = 40_000_000

// DefaultWidths are the widths a photo is offered in: a phone, a tablet or half a desktop,
// a wide desktop.
var DefaultWidths = []int{480, 960, 1600}

// Quality is the JPEG and WebP quality: photos on the web rarely gain from more.
const Quality = 80

// version names the encoding in cache keys: change it when the output of the same input
// changes (new widths are part of the key already).
const version = "images-1"

// Variant is one encoded size of a photo.
type Variant struct {
	Width, Height int
	// Format is "webp", "jpeg" or "png".
	Format string
	Data   []byte
}

// Set is a photo's variants, narrowest first, WebP and the original format at each width.
type Set struct {
	// Width and Height are the photo's size upright, before resizing.
	Width, Height int
	// Format is the photo's own format ("jpeg" or "png"): the fallback for browsers
	// without WebP.
	Format   string
	Variants []Variant
}

// Error is a photo that cannot be used, with what to do about it.
type Error struct {
	Problem, Hint string
}

func (e *Error) Error() string { return e.Problem + " (" + e.Hint + ")" }

// Processor makes Sets. Its methods are safe for concurrent use; it decodes at most
// Decoders photos at a time, since each holds its full decoded size in memory.
type Processor struct {
	widths   []int
	cacheDir string
	decoders chan struct{}
}

// Option configures a Processor.
type Option func(*Processor)

// WithWidths sets the widths offered (default DefaultWidths).
func WithWidths(w ...int) Option {
	return func(p *Processor) { p.widths = slices.Sorted(slices.Values(w)) }
}

// WithCache keeps encoded sets below dir (shared with the build's compression cache root).
func WithCache(dir string) Option { return func(p *Processor) { p.cacheDir = dir } }

// New returns a Processor.
func New(opts ...Option) *Processor {
	p := &Processor{widths: DefaultWidths, decoders: make(chan struct{}, max(runtime.GOMAXPROCS(0)/2, 1))}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Process makes the Set of a photo's bytes.
func (p *Processor) Process(data []byte) (*Set, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{"cannot read the image: " + err.Error(), "save it as JPEG or PNG"}
	}
	if format != "jpeg" && format != "png" {
		return nil, &Error{fmt.Sprintf("%s images are not supported", format), "save it as JPEG (photos) or PNG (drawings)"}
	}
	if px := cfg.Width * cfg.Height; px > MaxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, &Error{fmt.Sprintf("the image is %dx%d (%.1f megapixels); the limit is %d", cfg.Width, cfg.Height, float64(px)/1e6, MaxPixels/1_000_000),
			"scale it down to 4000 pixels wide or less before adding it"}
	}
	key := p.key(data)
	if set, ok := p.cached(key); ok {
		return set, nil
	}
	set, err := p.encode(data, format)
	if err != nil {
		return nil, err
	}
	p.store(key, set)
	return set, nil
}

func (p *Processor) encode(data []byte, format string) (*Set, error) {
	p.decoders <- struct{}{}
	img, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		<-p.decoders
		return nil, &Error{"cannot read the image: " + err.Error(), "the file may be damaged; export it again as JPEG or PNG"}
	}
	b := img.Bounds()
	set := &Set{Width: b.Dx(), Height: b.Dy(), Format: format}
	// Widest first, each from the one before: resizing 4000 pixels to 480 costs as much as
	// to 1600, resizing 1600 to 480 a sixth of it.
	targets := p.targetWidths(set.Width)
	sized := make([]image.Image, len(targets))
	from := img
	for i := len(targets) - 1; i >= 0; i-- {
		if targets[i] != from.Bounds().Dx() {
			from = imaging.Resize(from, targets[i], 0, imaging.Lanczos)
		}
		sized[i] = from
	}
	img, from = nil, nil // the resized copies are all that is needed now
	<-p.decoders
	for _, m := range sized {
		w, h := m.Bounds().Dx(), m.Bounds().Dy()
		var wb, ob bytes.Buffer
		if err := webp.Encode(&wb, m, webp.Options{Quality: Quality, Method: 4}); err != nil {
			return nil, fmt.Errorf("webp: %w", err)
		}
		switch format {
		case "jpeg":
			err = jpeg.Encode(&ob, m, &jpeg.Options{Quality: Quality})
		case "png":
			err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&ob, m)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", format, err)
		}
		set.Variants = append(set.Variants, Variant{w, h, "webp", wb.Bytes()}, Variant{w, h, format, ob.Bytes()})
	}
	return set, nil
}

// targetWidths are the configured widths the photo covers, and its own width when it is
// narrower than the widest: a photo is never scaled up.
func (p *Processor) targetWidths(width int) []int {
	var out []int
	for _, w := range p.widths {
		if w < width {
			out = append(out, w)
		}
	}
	if width <= p.widths[len(p.widths)-1] {
		out = append(out, width)
	}
	return out
}

func (p *Processor) key(data []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s %v %d\n", version, p.widths, Quality)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// A cached set is a folder: set.json (sizes and formats) and one file per variant.
type cachedSet struct {
	Width, Height int
	Format        string
	Variants      []struct {
		Width, Height int
		Format        string
	}
}

func (p *Processor) cacheFolder(key string) string {
	return filepath.Join(p.cacheDir, "images", key[:2], key)
}

func (p *Processor) cached(key string) (*Set, bool) {
	if p.cacheDir == "" {
		return nil, false
	}
	dir := p.cacheFolder(key)
	data, err := os.ReadFile(filepath.Join(dir, "set.json"))
	if err != nil {
		return nil, false
	}
	var c cachedSet
	if json.Unmarshal(data, &c) != nil {
		return nil, false
	}
	set := &Set{Width: c.Width, Height: c.Height, Format: c.Format}
	for i, v := range c.Variants {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%d.%s", i, v.Format)))
		if err != nil {
			return nil, false
		}
		set.Variants = append(set.Variants, Variant{v.Width, v.Height, v.Format, b})
	}
	return set, true
}

// store writes the set to the cache. A failure only costs the next build an encoding, so
// it is not an error; set.json is written last, so a half-written entry is never read.
func (p *Processor) store(key string, set *Set) {
	if p.cacheDir == "" {
		return
	}
	dir := p.cacheFolder(key)
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	c := cachedSet{Width: set.Width, Height: set.Height, Format: set.Format}
	for i, v := range set.Variants {
		if writeAtomic(filepath.Join(dir, fmt.Sprintf("%d.%s", i, v.Format)), v.Data) != nil {
			return
		}
		c.Variants = append(c.Variants, struct {
			Width, Height int
			Format        string
		}{v.Width, v.Height, v.Format})
	}
	data, _ := json.Marshal(c)
	writeAtomic(filepath.Join(dir, "set.json"), data)
}

func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), name)
}
