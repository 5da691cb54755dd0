package content

import (
	"github.com/pseb/sitegen/generator/shortcode"
)

// refs is what the site has for shortcodes to name, parks being the published parks by
// slug (see parksBySlug).
func (s *Site) refs(parks map[string]*Park) *shortcode.Refs {
	r := &shortcode.Refs{Datasets: s.Datasets, Data: s.Data, ContactEmail: s.Config.Contact.Email, Parks: map[string]shortcode.ParkRef{}}
	for slug, p := range parks {
		r.Parks[slug] = shortcode.ParkRef{Source: p.Source, Located: p.Location != nil}
	}
	return r
}

// HasShortcode reports whether the entry's body uses the shortcode name.
func (e *Entry) HasShortcode(name string) bool {
	for _, c := range e.Shortcodes {
		if c.Name == name {
			return true
		}
	}
	return false
}
