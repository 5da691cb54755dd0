package images

import (
	"html/template"
	"strconv"
	"strings"
)

// Photo is a page photo as the build published it: variants at several widths, WebP and
// the photo's own format, under content-hashed names (site paths, without the base path).
type Photo struct {
	// Type is the fallback format's media type, e.g. image/jpeg.
	Type string
	// WebP and Fallback are the variants, narrowest first.
	WebP, Fallback []Published
}

// Published is one width of a published photo.
type Published struct {
	Path          string
	Width, Height int
}

// Picture is what a template needs for a <picture>: srcsets with the base path, the size
// of the widest variant (width and height attributes reserve its space), and the alt text
// in the page's language.
type Picture struct {
	WebPSrcset, Srcset, Src, Type, Alt string
	Width, Height                      int
}

// Picture is the <picture> of ph with alt text alt, its files' URLs made by url (from a
// site path); nil for no photo.
func (ph *Photo) Picture(alt string, url func(string) string) *Picture {
	if ph == nil || len(ph.Fallback) == 0 {
		return nil
	}
	srcset := func(vs []Published) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = url(v.Path) + " " + strconv.Itoa(v.Width) + "w"
		}
		return strings.Join(parts, ", ")
	}
	widest := ph.Fallback[len(ph.Fallback)-1]
	return &Picture{WebPSrcset: srcset(ph.WebP), Srcset: srcset(ph.Fallback), Src: url(widest.Path),
		Type: ph.Type, Alt: alt, Width: widest.Width, Height: widest.Height}
}

// HTML is the picture as a body shows it: full width, loaded lazily (a body's photos are
// below the title and the hero).
func (p *Picture) HTML() string {
	var b strings.Builder
	if err := pictureHTML.Execute(&b, p); err != nil {
		return ""
	}
	return b.String()
}

var pictureHTML = template.Must(template.New("picture").Parse(`<picture class="photo">` +
	`<source type="image/webp" srcset="{{.WebPSrcset}}" sizes="(min-width: 60rem) 60rem, 100vw">` +
	`<img src="{{.Src}}" srcset="{{.Srcset}}" sizes="(min-width: 60rem) 60rem, 100vw" width="{{.Width}}" height="{{.Height}}" alt="{{.Alt}}" loading="lazy" decoding="async">` +
	`</picture>`))
