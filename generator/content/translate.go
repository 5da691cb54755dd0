package content

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/meta"
)

// decodeTranslation reads a translation's front matter: text fields only.
func decodeTranslation(r *meta.Reader, f file, body []byte, bodyLine int, head uint64, hasBody bool, errs *diagnostic.List) *Translation {
	allowed := TextFields[f.kind]
	for _, k := range r.Keys() {
		if !slices.Contains(allowed, k) && slices.Contains(allowedFields[f.kind], k) {
			r.Errorf(k, fmt.Sprintf("remove it: %s sets it for every language; a translation gives only %s", f.Orig, strings.Join(allowed, ", ")),
				"field %q cannot be translated", k)
		}
	}
	r.CheckUnknown(allowedFields[f.kind])
	t := &Translation{Lang: f.Lang, Source: f.Path, Body: body, BodyLine: bodyLine, head: head, hasBody: hasBody}
	if slices.Contains(allowed, "name") {
		t.Title = r.String("name", false)
	} else {
		t.Title = r.String("title", false)
	}
	t.Summary = fields.Summary(r, false)
	t.Alt = r.String("alt", false)
	if f.kind == KindPark {
		t.Amenities, t.Incentives = fields.Texts(r, "amenities"), fields.Texts(r, "incentives")
	}
	return t // its body is checked by the caller (Heads.checkBody)
}

// attachTranslations hangs each translation on the entry it translates. A translation of
// a draft that is not published is dropped with it; one of a file that does not exist is
// an error.
func attachTranslations(s *Site, files []file, translations []*Translation, errs *diagnostic.List) {
	// Sized up front: at PSEB's size these are maps of 20,000-30,000 names, made again
	// after every edit in serve, and growing them was a third of their cost.
	all := s.Entries()
	entries := make(map[string]*Entry, len(all))
	for _, e := range all {
		entries[e.Source] = e
	}
	exists := make(map[string]bool, len(files))
	origOf := make(map[string]string, len(translations))
	for _, f := range files {
		if f.Lang == "" {
			exists[f.Path] = true
		} else {
			origOf[f.Path] = f.Orig
		}
	}
	s.translations = make(map[string]*Translation, len(translations))
	s.origOf = make(map[string]*Entry, len(translations))
	for _, t := range translations {
		orig := origOf[t.Source]
		e := entries[orig]
		if e == nil {
			if !exists[orig] {
				errs.Addf(t.Source, 0, 0, "rename it after the file it translates, e.g. acme.zh.md beside acme.md",
					"translation of %s, which does not exist", orig)
			}
			continue
		}
		if e.Translations == nil {
			e.Translations = map[string]*Translation{}
		}
		e.Translations[t.Lang] = t
		s.translations[t.Source] = t
		s.origOf[t.Source] = e
	}
	parks, _ := s.parksBySlug()
	refs := s.refs(parks)
	for _, t := range s.translations {
		refs.Check(t.Source, t.Shortcodes, errs)
	}
}

// Localized returns the site in the language code (one of the site's languages other than
// the default): every entry with its translation's text where it has one and the default
// language's elsewhere (Fallback when the body is). Lists keep the default language's
// order, so listings, pages and the search index line up across languages. It is made once
// and kept; ReloadBody and ReloadCompanyFacts keep it in step. Not safe for concurrent use.
func (s *Site) Localized(code string) *Site {
	if l := s.locales[code]; l != nil {
		return l
	}
	l := &Site{Config: s.Config, Data: s.Data.Localized(code), Datasets: s.Datasets, Lang: code, source: s.source, Now: s.Now}
	parks := make(map[*Park]*Park, len(s.Parks))
	for _, p := range s.Parks {
		lp := &Park{}
		localizePark(lp, p, code, l.Data)
		parks[p] = lp
		l.Parks = append(l.Parks, lp)
	}
	// One allocation for all the copies: 20,000 single ones cost more than the copying.
	slab := make([]Company, len(s.Companies))
	l.Companies = make([]*Company, len(s.Companies))
	for i, c := range s.Companies {
		localizeCompany(&slab[i], c, code, parks, l.Data)
		l.Companies[i] = &slab[i]
	}
	for _, p := range s.Pages {
		lp := &Page{}
		*lp = *p
		localizeEntry(&lp.Entry, code)
		l.Pages = append(l.Pages, lp)
	}
	for _, n := range s.News {
		ln := &News{}
		*ln = *n
		localizeEntry(&ln.Entry, code)
		l.News = append(l.News, ln)
	}
	if s.Home != nil {
		l.Home = &Home{}
		*l.Home = *s.Home
		localizeEntry(&l.Home.Entry, code)
	}
	l.index()
	if s.locales == nil {
		s.locales = map[string]*Site{}
	}
	s.locales[code] = l
	return l
}

// localizeEntry gives dst (a copy of an entry) the text of its translation into code.
func localizeEntry(dst *Entry, code string) *Translation {
	dst.Lang, dst.TextSource = code, dst.Source
	t := dst.Translations[code]
	dst.Fallback = t == nil || !t.HasBody()
	if t == nil {
		return nil
	}
	if t.Title != "" {
		dst.Title = t.Title
	}
	if t.Summary != "" {
		dst.Summary = t.Summary
	}
	if t.Alt != "" && dst.Image != nil {
		img := *dst.Image
		img.Alt = t.Alt
		dst.Image = &img
	}
	if t.HasBody() {
		dst.Body, dst.BodyLine, dst.Shortcodes, dst.TextSource = t.Body, t.BodyLine, t.Shortcodes, t.Source
		// A body left on disk is read from the translation (see Site.BodyOf).
		dst.lazyAt, dst.head = t.lazyAt, t.head
	}
	return t
}

// localizeCompany makes dst the company src in the language code: its translation's text,
// its park among the language's parks, and its city, services and certifications as the
// language's reference data names them (data).
func localizeCompany(dst, src *Company, code string, parks map[*Park]*Park, data *config.Data) {
	*dst = *src
	if t := localizeEntry(&dst.Entry, code); t != nil && t.Title != "" {
		dst.Name = t.Title
	}
	if src.Park != nil {
		dst.Park = parks[src.Park]
	}
	if src.City != nil && data.City(src.City.ID) != src.City {
		dst.City = data.City(src.City.ID)
		dst.Services = make([]*config.Service, len(src.Services))
		for i, sv := range src.Services {
			dst.Services[i] = data.Service(sv.ID)
		}
		dst.Certifications = make([]fields.Credential, len(src.Certifications))
		for i, cr := range src.Certifications {
			cr.Certification = data.Certification(cr.ID)
			dst.Certifications[i] = cr
		}
	}
}

func localizePark(dst, src *Park, code string, data *config.Data) {
	*dst = *src
	if src.City != nil {
		dst.City = data.City(src.City.ID)
	}
	t := localizeEntry(&dst.Entry, code)
	if t == nil {
		return
	}
	if t.Title != "" {
		dst.Name = t.Title
	}
	if t.Amenities != nil {
		dst.Amenities = t.Amenities
	}
	if t.Incentives != nil {
		dst.Incentives = t.Incentives
	}
}

// Counts are how many entries of each kind (company, park, page, news) the site publishes.
func (s *Site) Counts() map[Kind]int {
	return map[Kind]int{KindCompany: len(s.Companies), KindPark: len(s.Parks), KindPage: len(s.Pages), KindNews: len(s.News)}
}

// Entries lists every published entry of the site.
func (s *Site) Entries() []*Entry {
	out := make([]*Entry, 0, len(s.Companies)+len(s.Parks)+len(s.Pages)+len(s.News)+1)
	for _, c := range s.Companies {
		out = append(out, &c.Entry)
	}
	for _, p := range s.Parks {
		out = append(out, &p.Entry)
	}
	for _, p := range s.Pages {
		out = append(out, &p.Entry)
	}
	for _, n := range s.News {
		out = append(out, &n.Entry)
	}
	if s.Home != nil {
		out = append(out, &s.Home.Entry)
	}
	return out
}
