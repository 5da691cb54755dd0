package content

import (
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/contentdir"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/shortcode"
	"github.com/pseb/sitegen/generator/sitefs"
)

// Probe reads the company profile at source on its own: a new version of a published
// company, or a new company file, as the site loaded again would hold it (its park linked,
// its translations kept). It lets watch mode draw the profile in front of the editor before
// the whole site is loaded again. s is not changed.
//
// It reports false for anything whose page the file alone cannot tell: not a company
// profile in the default language, a file with errors of its own or against the site (a
// slug or alias another file has, a park or shortcode reference that does not resolve), a
// draft, a changed slug, or a new file that is a bundle or has translations. The caller
// then waits for the site to be loaded again.
func (s *Site) Probe(fsys fs.FS, source string, opts Options) (*Company, bool) {
	old := s.companies[source]
	f := file{kind: KindCompany, File: contentdir.File{Path: source}}
	if old != nil {
		f.Bundle, f.Resources = old.Bundle, old.Resources
	} else if !s.newCompanyFile(fsys, source) {
		return nil, false
	}
	errs := &diagnostic.List{}
	c, ok := parseFile(fsys, f, s, opts, errs).(*Company)
	if !ok || errs.Len() > 0 || (old != nil && c.Slug != old.Slug) {
		return nil, false
	}
	for _, o := range s.Companies {
		if o.Slug == c.Slug && o.Source != source {
			return nil, false
		}
	}
	if old == nil && len(c.Aliases) > 0 {
		return nil, false
	}
	if old != nil && !fields.SameAliases(c.Aliases, old.Aliases) {
		return nil, false
	}
	parks, _ := s.parksBySlug()
	if c.parkSlug != "" {
		if c.Park = parks[c.parkSlug]; c.Park == nil {
			return nil, false
		}
	}
	s.refs(parks).Check(source, c.Shortcodes, errs)
	if errs.Len() > 0 {
		return nil, false
	}
	if old != nil {
		c.Translations = old.Translations
	}
	return c, true
}

// newCompanyFile reports whether source is a company file the site does not have yet, in
// the default language, outside a bundle, with no translation beside it.
func (s *Site) newCompanyFile(fsys fs.FS, source string) bool {
	dir, name := path.Split(source)
	if dir != "content/companies/" || sitefs.IsJunk(name) || !strings.HasSuffix(name, ".md") || s.origOf[source] != nil {
		return false
	}
	langs := s.Config.LanguageCodes()
	if contentdir.TranslationOf(name, langs, source, nil) != "" {
		return false
	}
	if st, err := fs.Stat(fsys, source); err != nil || !st.Mode().IsRegular() {
		return false
	}
	stem := strings.TrimSuffix(name, ".md")
	for _, l := range langs {
		if _, err := fs.Stat(fsys, dir+stem+"."+l+".md"); err == nil {
			return false
		}
	}
	return true
}

// ProbeTranslation reads the translation at source of a published company profile on its
// own (one beside its file, not in a bundle), and returns the company in the translation's
// language as the site loaded again would hold it (see Localized), with that language. It
// reports false as Probe does: for anything else, or a file with errors.
func (s *Site) ProbeTranslation(fsys fs.FS, source string, opts Options) (*Company, string, bool) {
	dir, name := path.Split(source)
	code := contentdir.TranslationOf(name, s.Config.LanguageCodes(), source, nil)
	if dir != "content/companies/" || code == "" || code == contentdir.NotOurs {
		return nil, "", false
	}
	orig := dir + strings.TrimSuffix(name, "."+code+".md") + ".md"
	c, l := s.companies[orig], s.locales[code]
	if c == nil || l == nil || len(l.Parks) != len(s.Parks) {
		return nil, "", false
	}
	errs := &diagnostic.List{}
	t, ok := parseFile(fsys, file{kind: KindCompany, File: contentdir.File{Path: source, Lang: code, Orig: orig}}, s, opts, errs).(*Translation)
	if !ok || errs.Len() > 0 {
		return nil, "", false
	}
	parks, _ := s.parksBySlug()
	s.refs(parks).Check(source, t.Shortcodes, errs)
	if errs.Len() > 0 {
		return nil, "", false
	}
	with := *c
	with.Translations = maps.Clone(c.Translations)
	if with.Translations == nil {
		with.Translations = map[string]*Translation{}
	}
	with.Translations[code] = t
	localParks := map[*Park]*Park{}
	if c.Park != nil {
		// Localized keeps the parks in the default language's order.
		localParks[c.Park] = l.Parks[slices.Index(s.Parks, c.Park)]
	}
	lc := &Company{}
	localizeCompany(lc, &with, code, localParks, l.Data)
	return lc, code, true
}

// ProbePark reads the published park at source on its own, and returns it as the site
// loaded again would hold it, with the site's parks in their order then (a new name moves
// it). It reports false as Probe does: for anything else (a new park among them), or a
// file with errors.
func (s *Site) ProbePark(fsys fs.FS, source string, opts Options) (*Park, []*Park, bool) {
	i := slices.IndexFunc(s.Parks, func(p *Park) bool { return p.Source == source })
	if i < 0 {
		return nil, nil, false
	}
	old := s.Parks[i]
	errs := &diagnostic.List{}
	p, ok := parseFile(fsys, file{kind: KindPark, File: contentdir.File{Path: source, Bundle: old.Bundle, Resources: old.Resources}}, s, opts, errs).(*Park)
	if !ok || errs.Len() > 0 || p.Slug != old.Slug || !fields.SameAliases(p.Aliases, old.Aliases) {
		return nil, nil, false
	}
	parks, _ := s.parksBySlug()
	s.refs(parks).Check(source, p.Shortcodes, errs)
	if errs.Len() > 0 {
		return nil, nil, false
	}
	p.Translations = old.Translations
	list := slices.Clone(s.Parks)
	list[i] = p
	sortParks(list)
	return p, list, true
}

// ProbeDatasets reads the site's datasets again (one of them was edited) and returns a
// copy of s holding them, for drawing the pages that chart them before the site is loaded
// again, and the pages whose bodies chart the dataset at source. It reports false when
// a dataset has errors or a chart no longer finds what it draws; the site loaded again
// reports those.
func (s *Site) ProbeDatasets(fsys fs.FS, source string) (*Site, []*Page, bool) {
	errs := &diagnostic.List{}
	sets := config.LoadDatasets(fsys, s.Config.LanguageCodes()[1:], errs)
	if errs.Len() > 0 {
		return nil, nil, false
	}
	c := *s
	c.Datasets = sets
	parks, _ := c.parksBySlug()
	refs := c.refs(parks)
	for _, e := range c.Entries() {
		refs.Check(e.Source, e.Shortcodes, errs)
	}
	for _, t := range c.translations {
		refs.Check(t.Source, t.Shortcodes, errs)
	}
	if errs.Len() > 0 {
		return nil, nil, false
	}
	name, _ := config.DatasetName(source, s.Config.LanguageCodes()[1:])
	var pages []*Page
	for _, p := range c.Pages {
		if slices.ContainsFunc(p.Shortcodes, func(sc shortcode.Call) bool { return sc.Name == "chart" && sc.Args["data"] == name }) {
			pages = append(pages, p)
		}
	}
	return &c, pages, true
}
