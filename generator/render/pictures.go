package render

import (
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/images"
	"github.com/pseb/sitegen/generator/markdown"
)

// picture is the <picture> of e's photo, nil when it has none.
func (r *Renderer) picture(e *content.Entry) *images.Picture {
	if e.Image == nil {
		return nil
	}
	return r.photos[e.Bundle+"/"+e.Image.File].Picture(e.Image.Alt, r.theme.AssetURL)
}

// bodyPictures replaces the photos of e's bundle that its body shows (![alt](photo.jpg))
// with a <picture>.
func (r *Renderer) bodyPictures(e *content.Entry) markdown.Pictures {
	return func(dest, alt string) string {
		if e.Bundle == "" {
			return ""
		}
		if pic := r.photos[e.Bundle+"/"+dest].Picture(alt, r.theme.AssetURL); pic != nil {
			return pic.HTML()
		}
		return ""
	}
}
