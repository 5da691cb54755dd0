package assets

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/sitefs"
	"github.com/pseb/sitegen/generator/theme"
	"github.com/pseb/sitegen/themes"
)

func photo(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for x := range 800 {
		img.Set(x, x%600, color.RGBA{R: uint8(x), G: 80, B: 40, A: 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Make publishes a bundle's photo only as content-named variants, fingerprints the theme's
// static files and bundle files with integrity hashes, and lists every copy in every
// language, sorted.
func TestMake(t *testing.T) {
	site := fstest.MapFS{
		"content/site.yaml":                {Data: []byte("title: T\nbase_url: https://example.org/\nlanguages:\n  - code: zh\n    title: T\n")},
		"content/data/cities.yaml":         {Data: []byte("- {id: lahore, name: Lahore, province: Punjab, underserved: false}\n")},
		"content/data/services.yaml":       {Data: []byte("- {id: web, label: Web}\n")},
		"content/data/certifications.yaml": {Data: []byte("- {id: iso, label: ISO}\n")},
		"content/companies/acme/index.md": {Data: []byte("---\nname: Acme\ncity: lahore\nservices: [web]\nsummary: S.\nimage: hero.jpg\nalt: The office.\n" +
			"logo: logo.png\n---\nBody.\n")},
		"content/companies/acme/hero.jpg":   {Data: photo(t)},
		"content/companies/acme/logo.png":   {Data: []byte("\x89PNG not decoded")},
		"content/companies/acme/report.pdf": {Data: []byte("%PDF")},
	}
	fsys := sitefs.Overlay(site, themes.FS)
	s, err := content.Load(context.Background(), fsys, content.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var errs diagnostic.List
	th := theme.Load(fsys, s.Config, s.Data, s.Config.Languages[0], &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Error())
	}
	set, err := Make(context.Background(), fsys, s, th, Options{CacheDir: t.TempDir(), Workers: 2, Fingerprint: true})
	if err != nil {
		t.Fatal(err)
	}
	ph := set.Photos["content/companies/acme/hero.jpg"]
	if ph == nil || len(ph.WebP) == 0 || len(ph.Fallback) == 0 || ph.Type != "image/jpeg" {
		t.Fatalf("photo %+v", ph)
	}
	css := set.Names()["css/style.css"]
	if !strings.HasPrefix(css.Path, hostpolicy.AssetDir+"css/style.") || !strings.HasPrefix(css.Integrity, "sha384-") {
		t.Errorf("stylesheet %+v", css)
	}
	dsts := map[string]bool{}
	var last string
	for _, c := range set.Copies(s, th.Static) {
		if c.Dst < last {
			t.Errorf("copies not sorted: %s after %s", c.Dst, last)
		}
		last = c.Dst
		dsts[c.Dst] = true
		if strings.HasSuffix(c.Dst, "hero.jpg") {
			t.Errorf("the photo is published as uploaded at %s (it may carry a GPS position)", c.Dst)
		}
	}
	for _, want := range []string{"companies/acme/report.pdf", "zh/companies/acme/report.pdf", "companies/acme/logo.png", ph.WebP[0].Path, css.Path} {
		if !dsts[want] {
			t.Errorf("no copy to %s", want)
		}
	}
	if set.Names()["companies/acme/logo.png"].Path == "" {
		t.Error("the bundle's logo is not fingerprinted")
	}
	if (&Set{}).Names() != nil {
		t.Error("a set that does not fingerprint names files")
	}
}
