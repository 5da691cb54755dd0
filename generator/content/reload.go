package content

import (
	"bytes"
	"hash/fnv"
	"io/fs"
	"maps"
	"slices"
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
	"github.com/pseb/sitegen/generator/shortcode"
)

// headHash hashes what comes before the body: the delimiters and the front matter.
func headHash(file, body []byte) uint64 {
	h := fnv.New64a()
	h.Write(file[:len(file)-len(body)])
	return h.Sum64()
}

// ReloadBody takes a new version of a published file whose front matter is unchanged byte
// for byte, and replaces its body in the model. It reports false, changing nothing, for
// anything else (an unknown file, changed front matter, a file that no longer reads): the
// caller then loads the whole site again. Only what renders that one body needs to be
// rendered again. The caller must own the site: nothing may render it meanwhile.
func (s *Site) ReloadBody(fsys fs.FS, source string) bool {
	e := s.bySource[source]
	if e == nil {
		return false
	}
	raw, err := fs.ReadFile(fsys, source)
	if err != nil {
		return false
	}
	data, ok := meta.CleanText(source, raw, &diagnostic.List{})
	if !ok {
		return false
	}
	_, body, bodyLine, err := Split(data)
	if err != nil || headHash(data, body) != e.head || bodyLine != e.BodyLine {
		return false
	}
	// New or changed shortcodes need the whole site to check what they refer to.
	local := &diagnostic.List{}
	calls := scanShortcodes(source, body, bodyLine, local)
	if local.Len() > 0 || !sameShortcodes(calls, e.Shortcodes) {
		return false
	}
	if !bytes.Equal(body, e.Body) {
		e.Body = body
		e.Shortcodes = calls
	}
	return true
}

// ReloadCompanyFacts takes a new version of a published company profile whose changes leave
// the site's structure alone: same name, slug, city, park, services, certifications, featured
// and draft, so every listing, page boundary and related-company list stays as it is. It
// copies the new facts (summary, contacts, founding year, size, export markets, logo, body)
// into the company in place and returns it; pages that show its card or profile must be
// rendered again. It reports false, changing nothing, for anything else, and for a file with
// errors (a full build reports them).
func (s *Site) ReloadCompanyFacts(fsys fs.FS, source string, now time.Time) (*Company, bool) {
	old := s.companies[source]
	if old == nil {
		return nil, false
	}
	errs := &diagnostic.List{}
	f := file{kind: KindCompany, path: source, bundle: old.Bundle, resources: old.Resources}
	v := parseFile(fsys, f, s, Options{Now: now}, errs)
	c, ok := v.(*Company)
	if !ok || errs.Len() > 0 || c.Name != old.Name || c.Slug != old.Slug || c.City != old.City ||
		c.parkSlug != old.parkSlug || c.Featured != old.Featured || c.Draft != old.Draft ||
		!slices.Equal(c.Services, old.Services) || !slices.Equal(c.Certifications, old.Certifications) {
		return nil, false
	}
	park := old.Park
	*old = *c
	old.Park = park
	return old, true
}

// CompanyBySource returns the published company profile read from source, or nil.
func (s *Site) CompanyBySource(source string) *Company { return s.companies[source] }

// sameShortcodes reports whether two bodies use the same shortcodes with the same
// arguments, wherever they are.
func sameShortcodes(a, b []shortcode.Call) bool {
	return slices.EqualFunc(a, b, func(x, y shortcode.Call) bool {
		return x.Name == y.Name && maps.Equal(x.Args, y.Args)
	})
}
