package content

import (
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
)

// timeNow is the clock for the founded-year check; tests replace it.
var timeNow = time.Now

// link checks what needs all files at once (unique slugs, park references) and builds the
// indexes.
func link(s *Site, errs *diagnostic.List) {
	entries := map[Kind][]*Entry{}
	for _, c := range s.Companies {
		entries[KindCompany] = append(entries[KindCompany], &c.Entry)
	}
	for _, p := range s.Parks {
		entries[KindPark] = append(entries[KindPark], &p.Entry)
	}
	for _, p := range s.Pages {
		entries[KindPage] = append(entries[KindPage], &p.Entry)
	}
	for _, n := range s.News {
		entries[KindNews] = append(entries[KindNews], &n.Entry)
	}
	for _, list := range entries {
		seen := map[string]*Entry{}
		for _, e := range list {
			if other, dup := seen[e.Slug]; dup {
				first, second := other, e
				if first.Source > second.Source {
					first, second = second, first
				}
				errs.Addf(second.Source, second.slugLine, 0, "give one of them another slug: or file name",
					"duplicate %s slug %q: %s uses it too", e.Kind, e.Slug, first.Source)
				continue
			}
			seen[e.Slug] = e
		}
	}
	// Two files may not claim one old address.
	aliasOf := map[string]string{}
	for _, e := range s.Entries() {
		for _, a := range e.Aliases {
			if other, dup := aliasOf[a.Path]; dup {
				errs.Addf(e.Source, a.Line, a.Col, "keep it in one of them", "alias %q is also an alias of %s", "/"+a.Path, other)
				continue
			}
			aliasOf[a.Path] = e.Source
		}
	}
	parks, parkSlugs := s.parksBySlug()
	for _, c := range s.Companies {
		if c.parkSlug == "" {
			continue
		}
		if p := parks[c.parkSlug]; p != nil {
			c.Park = p
			continue
		}
		errs.Addf(c.Source, c.parkLine, c.parkCol, diagnostic.SuggestID(c.parkSlug, parkSlugs, "content/parks/"),
			"park %q does not exist (no published file in content/parks/ has that slug)", c.parkSlug)
	}
	refs := s.refs(parks)
	for _, list := range entries {
		for _, e := range list {
			refs.Check(e.Source, e.Shortcodes, errs)
		}
	}
	if s.Home != nil {
		refs.Check(s.Home.Source, s.Home.Shortcodes, errs)
	}
	if errs.Len() == 0 {
		sortSite(s)
	}
}

// parksBySlug indexes the parks by slug, and lists the slugs for hints.
func (s *Site) parksBySlug() (map[string]*Park, []string) {
	parks := map[string]*Park{}
	var slugs []string
	for _, p := range s.Parks {
		parks[p.Slug] = p
		slugs = append(slugs, p.Slug)
	}
	return parks, slugs
}
