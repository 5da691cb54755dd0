package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gen2brain/webp"
)

// halves is a w x h picture, red on the left half and blue on the right.
func halves(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{200, 0, 0, 255}
			if x >= w/2 {
				c = color.NRGBA{0, 0, 200, 255}
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func encodeJPEG(t *testing.T, m image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withEXIF puts an EXIF segment with the orientation tag (and a GPS marker string that must
// not survive) right after the JPEG's start marker.
func withEXIF(jpg []byte, orientation uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, binary.LittleEndian, uint32(8))
	binary.Write(&tiff, binary.LittleEndian, uint16(1))                 // one entry
	binary.Write(&tiff, binary.LittleEndian, [2]uint16{0x0112, 3})      // Orientation, SHORT
	binary.Write(&tiff, binary.LittleEndian, uint32(1))                 // count
	binary.Write(&tiff, binary.LittleEndian, [2]uint16{orientation, 0}) // value
	binary.Write(&tiff, binary.LittleEndian, uint32(0))                 // no next IFD
	tiff.WriteString("GPS 33.6844N 73.0479E")                           // stands in for location data
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

func decodeVariant(t *testing.T, v Variant) image.Image {
	t.Helper()
	var m image.Image
	var err error
	switch v.Format {
	case "webp":
		m, err = webp.Decode(bytes.NewReader(v.Data))
	default:
		m, _, err = image.Decode(bytes.NewReader(v.Data))
	}
	if err != nil {
		t.Fatalf("%s variant: %v", v.Format, err)
	}
	if m.Bounds().Dx() != v.Width || m.Bounds().Dy() != v.Height {
		t.Fatalf("%s variant is %v, says %dx%d", v.Format, m.Bounds(), v.Width, v.Height)
	}
	return m
}

func widths(s *Set) []int {
	var w []int
	for _, v := range s.Variants {
		if v.Format == "webp" {
			w = append(w, v.Width)
		}
	}
	return w
}

func TestWidths(t *testing.T) {
	t.Parallel() // encodes WebP for a few seconds, sharing nothing
	p := New()
	for _, tt := range []struct {
		w    int
		want []int
	}{{2000, []int{480, 960, 1600}}, {1600, []int{480, 960, 1600}}, {1000, []int{480, 960, 1000}}, {300, []int{300}}, {10, []int{10}}} {
		set, err := p.Process(encodeJPEG(t, halves(tt.w, tt.w/2+1)))
		if err != nil {
			t.Fatal(err)
		}
		if got := widths(set); !slices.Equal(got, tt.want) {
			t.Errorf("%d px wide: widths %v, want %v (never scaled up)", tt.w, got, tt.want)
		}
		if len(set.Variants) != 2*len(tt.want) || set.Format != "jpeg" {
			t.Errorf("%d px: %d variants, format %q", tt.w, len(set.Variants), set.Format)
		}
		for _, v := range set.Variants {
			m := decodeVariant(t, v)
			if want := v.Width * set.Height / set.Width; v.Height < want-1 || v.Height > want+1 {
				t.Errorf("%dx%d variant of %dx%d keeps no aspect ratio", v.Width, v.Height, set.Width, set.Height)
			}
			_ = m
		}
	}
}

func TestOrientationAndMetadata(t *testing.T) {
	jpg := withEXIF(encodeJPEG(t, halves(40, 20)), 6) // 6: the camera was turned; rotate 90° clockwise
	if !bytes.Contains(jpg, []byte("GPS 33.6844N")) {
		t.Fatal("test photo has no metadata")
	}
	set, err := New().Process(jpg)
	if err != nil {
		t.Fatal(err)
	}
	if set.Width != 20 || set.Height != 40 {
		t.Fatalf("upright size %dx%d, want 20x40", set.Width, set.Height)
	}
	for _, v := range set.Variants {
		if bytes.Contains(v.Data, []byte("Exif")) || bytes.Contains(v.Data, []byte("GPS 33.6844N")) {
			t.Errorf("%s variant keeps the photo's metadata", v.Format)
		}
		m := decodeVariant(t, v)
		top, bottom := m.At(10, 5), m.At(10, 35)
		if r, _, b, _ := top.RGBA(); r < b {
			t.Errorf("%s: top is %v, want red (the left half, turned upright)", v.Format, top)
		}
		if r, _, b, _ := bottom.RGBA(); b < r {
			t.Errorf("%s: bottom is %v, want blue", v.Format, bottom)
		}
	}
}

func TestAlpha(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	m.SetNRGBA(40, 40, color.NRGBA{0, 128, 0, 255}) // the rest is transparent
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	set, err := New().Process(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if set.Format != "png" || len(set.Variants) != 2 {
		t.Fatalf("format %q, %d variants", set.Format, len(set.Variants))
	}
	for _, v := range set.Variants {
		out := decodeVariant(t, v)
		if _, _, _, a := out.At(5, 5).RGBA(); a != 0 {
			t.Errorf("%s: a transparent pixel became opaque (alpha %d)", v.Format, a)
		}
		if _, _, _, a := out.At(40, 40).RGBA(); a == 0 {
			t.Errorf("%s: the opaque pixel became transparent", v.Format)
		}
	}
}

// pngHeader is the start of a PNG that claims a size: enough for DecodeConfig, so a huge
// photo is refused without making one.
func pngHeader(w, h uint32) []byte {
	var ihdr bytes.Buffer
	ihdr.WriteString("IHDR")
	binary.Write(&ihdr, binary.BigEndian, [2]uint32{w, h})
	ihdr.Write([]byte{8, 6, 0, 0, 0})
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr.Bytes()...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr.Bytes()))
}

func TestRejected(t *testing.T) {
	truncated := encodeJPEG(t, halves(200, 100))
	truncated = truncated[:len(truncated)/3]
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"huge", pngHeader(8000, 6000), "the image is 8000x6000 (48.0 megapixels); the limit is 40 (scale it down"},
		{"not an image", []byte("this is a text file"), "cannot read the image"},
		{"corrupt", truncated, "cannot read the image"},
		{"empty", nil, "cannot read the image"},
	} {
		_, err := New().Process(tt.data)
		var ie *Error
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an *Error with %q", tt.name, err, tt.want)
		}
	}
}

func TestCacheAndDeterminism(t *testing.T) {
	t.Parallel() // encodes WebP for a few seconds, sharing nothing
	jpg := encodeJPEG(t, halves(1200, 800))
	a, err := New().Process(jpg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New().Process(jpg)
	for i := range a.Variants {
		if !bytes.Equal(a.Variants[i].Data, b.Variants[i].Data) {
			t.Errorf("variant %d differs between two runs", i)
		}
	}
	dir := t.TempDir()
	p := New(WithCache(dir))
	first, err := p.Process(jpg)
	if err != nil {
		t.Fatal(err)
	}
	// Mark a cached file: a second Process must return it rather than encode again.
	files, _ := filepath.Glob(filepath.Join(dir, "images", "*", "*", "0.webp"))
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	os.WriteFile(files[0], []byte("from the cache"), 0o644)
	second, err := p.Process(jpg)
	if err != nil {
		t.Fatal(err)
	}
	if string(second.Variants[0].Data) != "from the cache" || second.Width != first.Width || len(second.Variants) != len(first.Variants) {
		t.Errorf("second Process did not use the cache")
	}
	if other, _ := New(WithCache(dir), WithWidths(300)).Process(jpg); len(other.Variants) != 2 {
		t.Errorf("other widths got %d variants: the cache key must include the widths", len(other.Variants))
	}
}

// TestMemoryBound: a 24-megapixel photo (the decoded size a 10 MB camera JPEG has) must not
// make the heap grow by more than 4 times its decoded size while it is processed.
func TestMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a 24-megapixel photo")
	}
	src := image.NewYCbCr(image.Rect(0, 0, 6000, 4000), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(i * 7)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, src, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	jpg := b.Bytes()
	decoded := uint64(6000 * 4000 * 4) // as RGBA
	src = nil
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	if _, err := New(WithWidths(480, 960, 1600)).Process(jpg); err != nil {
		t.Fatal(err)
	}
	close(done)
	growth := peak.Load() - before.HeapInuse
	t.Logf("%d MB JPEG, %d MB decoded: heap grew by %d MB at most (%.1fx)", len(jpg)>>20, decoded>>20, growth>>20, float64(growth)/float64(decoded))
	if growth > 4*decoded {
		t.Errorf("heap grew by %d MB, more than 4x the decoded %d MB", growth>>20, decoded>>20)
	}
}

// BenchmarkProcess is the cold cost of one photo (no cache): a 12-megapixel JPEG to three
// widths in WebP and JPEG.
func BenchmarkProcess(b *testing.B) {
	src := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(i*7 + i/4000)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	p := New()
	if _, err := p.Process(buf.Bytes()); err != nil { // compile the WebP encoder once
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := p.Process(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}
