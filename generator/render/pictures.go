package render

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/markdown"
)

// Photo is a page photo as the build published it: variants at several widths, WebP and
// the photo's own format, under content-hashed names (site paths, without the base path).
type Photo struct {
	// Type is the fallback format's media type, e.g. image/jpeg.
	Type string
	// WebP and Fallback are the variants, narrowest first.
	WebP, Fallback []PhotoVariant
}

// PhotoVariant is one width of a photo.
type PhotoVariant struct {
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

// picture is the <picture> of e's photo, nil when it has none.
func (r *Renderer) picture(e *content.Entry) *Picture {
	if e.Image == nil {
		return nil
	}
	return r.pictureOf(r.photos[e.Bundle+"/"+e.Image.File], e.Image.Alt)
}

func (r *Renderer) pictureOf(ph *Photo, alt string) *Picture {
	if ph == nil || len(ph.Fallback) == 0 {
		return nil
	}
	widest := ph.Fallback[len(ph.Fallback)-1]
	return &Picture{WebPSrcset: r.srcset(ph.WebP), Srcset: r.srcset(ph.Fallback), Src: r.theme.AssetURL(widest.Path),
		Type: ph.Type, Alt: alt, Width: widest.Width, Height: widest.Height}
}

// bodyPictures replaces the photos of e's bundle that its body shows (![alt](photo.jpg))
// with a <picture>, loaded lazily: a body's photos are below the title and the hero.
func (r *Renderer) bodyPictures(e *content.Entry) markdown.Pictures {
	return func(dest, alt string) string {
		if e.Bundle == "" {
			return ""
		}
		pic := r.pictureOf(r.photos[e.Bundle+"/"+dest], alt)
		if pic == nil {
			return ""
		}
		var b strings.Builder
		if err := pictureHTML.Execute(&b, pic); err != nil {
			return ""
		}
		return b.String()
	}
}

var pictureHTML = template.Must(template.New("picture").Parse(`<picture class="photo">` +
	`<source type="image/webp" srcset="{{.WebPSrcset}}" sizes="(min-width: 60rem) 60rem, 100vw">` +
	`<img src="{{.Src}}" srcset="{{.Srcset}}" sizes="(min-width: 60rem) 60rem, 100vw" width="{{.Width}}" height="{{.Height}}" alt="{{.Alt}}" loading="lazy" decoding="async">` +
	`</picture>`))

func (r *Renderer) srcset(vs []PhotoVariant) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = r.theme.AssetURL(v.Path) + " " + strconv.Itoa(v.Width) + "w"
	}
	return strings.Join(parts, ", ")
}
