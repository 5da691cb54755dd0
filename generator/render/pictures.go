package render

import (
	"strconv"
	"strings"

	"github.com/pseb/sitegen/generator/content"
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

// SetPhotos gives the renderer the published photos, by the content file that shows them.
func (r *Renderer) SetPhotos(photos map[string]*Photo) { r.photos = photos }

// picture is the <picture> of e's photo, nil when it has none.
func (r *Renderer) picture(e *content.Entry) *Picture {
	if e.Image == nil {
		return nil
	}
	ph := r.photos[e.Source]
	if ph == nil || len(ph.Fallback) == 0 {
		return nil
	}
	widest := ph.Fallback[len(ph.Fallback)-1]
	return &Picture{WebPSrcset: r.srcset(ph.WebP), Srcset: r.srcset(ph.Fallback), Src: r.theme.AssetURL(widest.Path),
		Type: ph.Type, Alt: e.Image.Alt, Width: widest.Width, Height: widest.Height}
}

func (r *Renderer) srcset(vs []PhotoVariant) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = r.theme.AssetURL(v.Path) + " " + strconv.Itoa(v.Width) + "w"
	}
	return strings.Join(parts, ", ")
}
