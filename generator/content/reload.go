package content

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/contentdir"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/meta"
	"github.com/pseb/sitegen/generator/shortcode"
)

// ReloadBody takes a new version of a published file whose front matter is unchanged byte
// for byte, and replaces its body in the model. It reports false, changing nothing, for
// anything else (an unknown file, changed front matter, a file that no longer reads): the
// caller then loads the whole site again. Only what renders that one body needs to be
// rendered again. The caller must own the site: nothing may render it meanwhile.
func (s *Site) ReloadBody(fsys fs.FS, source string) bool {
	e := s.bySource[source]
	t := s.translations[source]
	if e == nil && t == nil {
		return false
	}
	head, line, calls := uint64(0), 0, []shortcode.Call(nil)
	if e != nil {
		head, line, calls = e.head, e.BodyLine, e.Shortcodes
	} else {
		head, line, calls = t.head, t.BodyLine, t.Shortcodes
	}
	body, newCalls, ok := readBody(fsys, source, head, line, calls)
	if !ok {
		return false
	}
	if e != nil {
		// A body left on disk (Options.LazyBodies) is read from the file again: it is this one.
		if e.lazyAt == 0 && !bytes.Equal(body, e.Body) {
			e.Body = body
		}
		e.Shortcodes = newCalls
		// Pages in other languages without a translated body show this one.
		for _, l := range s.locales {
			if le := l.bySource[source]; le != nil && le.Fallback {
				le.Body, le.Shortcodes = e.Body, e.Shortcodes
			}
		}
		return true
	}
	if (len(bytes.TrimSpace(body)) > 0) != t.HasBody() {
		return false // the page switches between its own body and the fallback
	}
	// A body left on disk is read from the file again: it is this one.
	if t.lazyAt == 0 {
		t.Body = body
	}
	t.Shortcodes = newCalls
	if l := s.locales[t.Lang]; l != nil {
		if le := l.bySource[s.origOf[source].Source]; le != nil {
			le.Body, le.Shortcodes = t.Body, t.Shortcodes
		}
	}
	return true
}

// readBody reads the body of source when its front matter is still the one hashed as head
// and its shortcodes are the same.
func readBody(fsys fs.FS, source string, head uint64, bodyLine int, calls []shortcode.Call) ([]byte, []shortcode.Call, bool) {
	raw, err := fs.ReadFile(fsys, source)
	if err != nil {
		return nil, nil, false
	}
	data, ok := meta.CleanText(source, raw, &diagnostic.List{})
	if !ok {
		return nil, nil, false
	}
	_, body, line, err := meta.SplitFrontMatter(data)
	if err != nil || meta.HeadHash(data, body) != head || line != bodyLine {
		return nil, nil, false
	}
	// New or changed shortcodes need the whole site to check what they refer to.
	local := &diagnostic.List{}
	newCalls := markdown.CheckBody(source, body, line, local)
	if local.Len() > 0 || !shortcode.SameCalls(newCalls, calls) {
		return nil, nil, false
	}
	return body, newCalls, true
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
	f := file{kind: KindCompany, File: contentdir.File{Path: source, Bundle: old.Bundle, Resources: old.Resources}}
	v := parseFile(fsys, f, s, Options{Now: now}, errs)
	c, ok := v.(*Company)
	if !ok || errs.Len() > 0 || c.Name != old.Name || c.Slug != old.Slug || c.City != old.City ||
		c.parkSlug != old.parkSlug || c.Featured != old.Featured || c.Draft != old.Draft ||
		!slices.Equal(c.Services, old.Services) || !slices.Equal(c.Certifications, old.Certifications) {
		return nil, false
	}
	park := old.Park
	c.Translations = old.Translations
	*old = *c
	old.Park = park
	for code, l := range s.locales {
		if lc := l.companies[source]; lc != nil {
			localizeCompany(lc, old, code, map[*Park]*Park{park: lc.Park}, l.Data)
		}
	}
	return old, true
}

// CompanyBySource returns the published company profile read from source, or nil.
func (s *Site) CompanyBySource(source string) *Company { return s.companies[source] }

// CompanyOf returns the published company whose profile or translation is source, or nil.
func (s *Site) CompanyOf(source string) *Company {
	if c := s.companies[source]; c != nil {
		return c
	}
	if e := s.origOf[source]; e != nil {
		return s.companies[e.Source]
	}
	return nil
}

// ParkBySlug returns the published park with slug, or nil.
func (s *Site) ParkBySlug(slug string) *Park { return s.parks[slug] }

// parsedFile is what a file, as found, parsed to.
type parsedFile struct {
	f file
	v any // *Company, *Park, *Page, *News, *Home or *Translation, as linked into its site
}

// Reload loads the site again after the changes, reading only the files they reach: every
// other file that s read without an error of its own is taken from s as it was parsed. The
// result is what Load returns for the same tree; s itself is left as it was, so that it
// can still be served when the new site has errors. A changed dataset is read again with
// the others (the shortcodes that draw them are checked when the site is linked); changes
// to the configuration or the reference data (cities, services, certifications) read
// everything again.
func (s *Site) Reload(ctx context.Context, fsys fs.FS, changes contentdir.Changes, opts Options) (*Site, error) {
	readsAll := func(p string) bool {
		return !config.IsDataset(p) && (p == config.SiteFile || p == config.DataDir || strings.HasPrefix(p, config.DataDir+"/") || !strings.HasPrefix(p, "content/"))
	}
	if changes.Any(readsAll) {
		return Load(ctx, fsys, opts)
	}
	reuse := func(f file) any {
		pf, ok := s.parsed[f.Path]
		// A change inside a bundle (a photo, a logo) is read with its page.
		if !ok || changes.Hit(f.Path) || (f.Bundle != "" && changes.Inside(f.Bundle)) || !sameFile(pf.f, f) {
			return nil
		}
		return unlinked(pf.v)
	}
	return loadReusing(ctx, fsys, opts, s, changes, reuse)
}

func sameFile(a, b file) bool {
	return a.kind == b.kind && a.Path == b.Path && a.Bundle == b.Bundle && a.Lang == b.Lang && a.Orig == b.Orig &&
		slices.Equal(a.Resources, b.Resources)
}

// unlinked copies a parsed value as parseFile made it, before link and attachTranslations
// pointed it at its park and translations: those belong to the site being made.
func unlinked(v any) any {
	switch x := v.(type) {
	case *Company:
		c := *x
		c.Park, c.Translations = nil, nil
		return &c
	case *Park:
		p := *x
		p.Translations = nil
		return &p
	case *Page:
		p := *x
		p.Translations = nil
		return &p
	case *News:
		n := *x
		n.Translations = nil
		return &n
	case *Home:
		h := *x
		h.Translations = nil
		return &h
	case *Translation:
		t := *x
		return &t
	}
	return nil
}

// EntryOf returns the published entry read from source, or translated by it, or nil.
func (s *Site) EntryOf(source string) *Entry {
	if e := s.bySource[source]; e != nil {
		return e
	}
	return s.origOf[source]
}

// ShortcodesOf returns the shortcodes of the body read from source (an entry's file or a
// translation's).
func (s *Site) ShortcodesOf(source string) []shortcode.Call {
	if e := s.bySource[source]; e != nil {
		return e.Shortcodes
	}
	if t := s.translations[source]; t != nil {
		return t.Shortcodes
	}
	return nil
}

// TranslationSources lists the files of the site's translations.
func (s *Site) TranslationSources() []string {
	return slices.Sorted(maps.Keys(s.translations))
}
