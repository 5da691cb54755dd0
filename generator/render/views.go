package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pseb/sitegen/generator/images"
	"github.com/pseb/sitegen/generator/theme"
	"github.com/pseb/sitegen/generator/view"

	"golang.org/x/sync/errgroup"

	"github.com/pseb/sitegen/generator/chart"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/permalink"
	"github.com/pseb/sitegen/generator/related"
	"github.com/pseb/sitegen/generator/search"
)

// Renderer renders the routes of one site with one theme. It is safe for concurrent use.
type Renderer struct {
	site    *content.Site
	theme   *theme.Theme
	md      *markdown.Converter
	siteV   *view.Site
	related *related.Index

	mu sync.Mutex
	// docs[i] is the search document of site.Companies[i], made while its body renders;
	// nil until then or after the company changed.
	docs []*search.Doc
	// corpus is what docs share: their vocabulary, and body terms by text (with the
	// renderers of the other languages, see Share).
	corpus *search.Corpus
	// photos are the published page photos by content file.
	photos map[string]*images.Photo

	linksOnce sync.Once
	links     []view.Facet

	// basePath is what the body's site links are prefixed with (markdown.WithBasePath);
	// bodies holds the bodies converted for every language (see HoldBody).
	basePath string
	bodies   *sharedBodies
	// partials are what the templates' partialCached rendered for this renderer's pages.
	partials theme.PartialCache
}

// New prepares a renderer of site with theme, drawing photos (the published page photos
// by content file; nil for none); the site and theme must not change while it renders.
func New(site *content.Site, th *theme.Theme, photos map[string]*images.Photo) *Renderer {
	r := &Renderer{site: site, theme: th, photos: photos, bodies: &sharedBodies{held: map[string]*heldBody{}}}
	// A body's site links ("/parks/") stay in its page's language.
	r.basePath = site.Config.BaseURL.Path + th.Lang.Prefix
	r.md = markdown.New(markdown.WithBasePath(r.basePath), markdown.WithShortcodes(r.writeShortcode))
	r.siteV = r.siteView()
	r.related = related.New(site)
	r.docs = make([]*search.Doc, len(site.Companies))
	r.corpus = search.NewCorpus(len(site.Companies))
	return r
}

// Site is the (localized) site the renderer renders.
func (r *Renderer) Site() *content.Site { return r.site }

// Theme is the theme, in the renderer's language.
func (r *Renderer) Theme() *theme.Theme { return r.theme }

// Share makes r use what other has found and will find of the site's companies, other
// rendering the same site in another language: related companies (see related.Index.Share)
// and the search documents' vocabulary and body terms (see search.Corpus); without the
// same companies in the same order it shares only the bodies held for all languages
// (HoldBody).
func (r *Renderer) Share(other *Renderer) {
	r.bodies = other.bodies
	if r.related.Share(other.related) {
		r.corpus = other.corpus
	}
}

// Forget drops what the renderer cached about c (its card, its search document), after c
// changed in place.
func (r *Renderer) Forget(c *content.Company) {
	r.theme.ForgetCard(c.Source)
	if i, ok := r.related.Pos(c); ok {
		r.mu.Lock()
		r.docs[i] = nil
		r.mu.Unlock()
	}
}

// RelatedOn lists the companies whose profiles show c among related companies.
func (r *Renderer) RelatedOn(c *content.Company) []*content.Company {
	pos, ok := r.related.Pos(c)
	if !ok {
		return nil
	}
	return r.related.Showing(pos)
}

// Inherit takes from old, the renderer of the same language before an edit of the site,
// what the edit left true: the search documents and related companies of the companies
// whose sources are not in stale (stale names every company edited, added, removed or
// whose card shows something edited). It keeps old's vocabulary, so the documents stay
// comparable. It returns the companies whose profiles list other related companies now.
// Renderers of other languages Share this one and then call InheritDocs.
func (r *Renderer) Inherit(old *Renderer, stale map[string]bool) []*content.Company {
	r.corpus = old.corpus.Renew(len(r.site.Companies))
	r.InheritDocs(old, stale)
	return r.related.Inherit(old.related, stale)
}

// FindRelated finds the related companies of every profile now, on workers goroutines,
// as rendering each profile would: for a renderer whose pages were never rendered (a site
// loaded from a build cache), so that Inherit can tell which lists an edit changes
// instead of taking every profile as changed.
func (r *Renderer) FindRelated(workers int) {
	var g errgroup.Group
	g.SetLimit(workers)
	for _, c := range r.related.Companies() {
		g.Go(func() error {
			r.related.Of(c, related.Shown)
			return nil
		})
	}
	g.Wait()
}

// NewSaver collects the search documents of r and of the renderers that Share it (one
// corpus), for a later run (see search.Saved).
func (r *Renderer) NewSaver() *search.Saver { return r.corpus.NewSaver() }

// SaveDocs adds each company's search document to s and returns each one's number, by the
// company's source. A body with shortcodes is left out: what they draw can change while
// its file does not.
func (r *Renderer) SaveDocs(s *search.Saver) (map[string]int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.docs))
	for i, d := range r.docs {
		c := r.site.Companies[i]
		if d == nil || len(c.Shortcodes) > 0 {
			continue
		}
		k, err := s.Add(d)
		if err != nil {
			return nil, err
		}
		out[c.Source] = k
	}
	return out, nil
}

// LoadSaved numbers saved documents in the vocabulary r's documents use.
func (r *Renderer) LoadSaved(s *search.Saved) (*search.Loaded, error) { return r.corpus.Load(s) }

// LoadDocs takes the search document of each company saved names (by source) from l.
func (r *Renderer) LoadDocs(l *search.Loaded, saved map[string]int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, c := range r.site.Companies {
		k, ok := saved[c.Source]
		if !ok || len(c.Shortcodes) > 0 {
			continue
		}
		d, err := l.Doc(k)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Source, err)
		}
		r.docs[i] = d
	}
	return nil
}

// InheritDocs takes the search documents of Inherit alone.
func (r *Renderer) InheritDocs(old *Renderer, stale map[string]bool) {
	old.mu.Lock()
	defer old.mu.Unlock()
	for i, c := range r.site.Companies {
		if stale[c.Source] {
			continue
		}
		if j, ok := old.related.PosOf(c.Source); ok {
			r.docs[i] = old.docs[j]
		}
	}
}

// RenderFiles makes the files of a Late route.
func (r *Renderer) RenderFiles(rt Route) ([]File, error) {
	files, err := rt.files(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rt.File, err)
	}
	return files, nil
}

// Render writes the route's file to w (not yet minified).
func (r *Renderer) Render(w io.Writer, rt Route) error {
	if rt.gen != nil {
		b, err := rt.gen(r)
		if err != nil {
			return fmt.Errorf("%s: %w", rt.File, err)
		}
		_, err = w.Write(b)
		return err
	}
	v, err := rt.view()
	if err != nil {
		return err
	}
	v.Site = r.siteV
	v.UsePartialCache(&r.partials)
	v.Path = rt.Local
	v.Canonical = r.theme.AbsURL(rt.Local)
	v.Lang = &r.theme.Lang
	v.Alternates = r.alternates(rt.Local)
	v.Menu = make([]view.MenuLink, len(r.siteV.Menu))
	for i, l := range r.siteV.Menu {
		v.Menu[i].Link = l
		switch {
		case l.Path == "":
		case l.Path == rt.Local:
			v.Menu[i].Current = "page"
		case strings.HasPrefix(rt.Local, l.Path):
			v.Menu[i].Current = "true"
		}
	}
	if v.Kind != "home" && v.Kind != "404" {
		v.Breadcrumbs = append([]view.Link{{Name: r.str("home"), URL: r.theme.URL("")}}, v.Breadcrumbs...)
	}
	if e := v.Source; e != nil {
		v.TextAttrs = r.theme.TextAttrs(e)
		if !v.SiteLede {
			v.LedeAttrs = v.TextAttrs
		}
		v.Video = e.HasShortcode("video")
		if e.Fallback {
			def := r.site.Config.Languages[0]
			v.Fallback, v.BodyLang, v.BodyDir = true, def.Code, def.Dir
		}
	}
	if v.Kind != "404" {
		if err := r.addJSONLD(v); err != nil {
			return err
		}
	}
	return r.theme.Execute(w, rt.Layout, v)
}

// alternates lists the page at local (its path below a language's root) in every language.
func (r *Renderer) alternates(local string) []view.Alternate {
	langs := r.site.Config.Languages
	if len(langs) < 2 {
		return nil
	}
	out := make([]view.Alternate, len(langs))
	for i := range langs {
		l := &langs[i]
		u := *r.site.Config.BaseURL
		u.Path += l.Prefix + local
		out[i] = view.Alternate{Lang: l, URL: u.Path, AbsURL: u.String(), Current: l.Code == r.theme.Lang.Code}
	}
	return out
}

// str returns an interface string; theme.Load has checked that the views' keys exist.
func (r *Renderer) str(key string) string { return r.theme.String(key) }

func (r *Renderer) siteView() *view.Site {
	cfg := r.site.Config
	lang := r.theme.Lang
	sv := &view.Site{Title: lang.Title, Description: lang.Description, Lang: lang.Code, Dir: lang.Dir, Contact: cfg.Contact, HasFeed: len(r.site.News) > 0, HasParksFeed: r.hasParksFeed(), PageSize: cfg.PageSize}
	if nl := lang.NumberLocale(); nl != lang.Code {
		sv.NumberLocale = nl
	}
	type weighted struct {
		view.Link
		w int
	}
	var items []weighted
	for i, sec := range []string{"companies", "parks", "cities", "services", "news"} {
		items = append(items, weighted{view.Link{Name: r.str(sec), URL: r.theme.URL(sec + "/"), Path: sec + "/"}, (i + 1) * 10})
	}
	for _, p := range r.site.Pages {
		if p.InMenu {
			items = append(items, weighted{view.Link{Name: p.Title, URL: r.theme.URL(p.Slug + "/"), Path: p.Slug + "/", Attrs: r.theme.TextAttrs(&p.Entry)}, p.MenuWeight})
		}
	}
	for _, m := range cfg.Menu {
		l := view.Link{Name: m.NameIn(lang.Code), URL: m.URL}
		if m.Names[lang.Code] == "" {
			l.Attrs = r.theme.DefaultLangAttrs()
		}
		if strings.HasPrefix(m.URL, "/") {
			l.URL, l.Path = r.theme.URL(m.URL), strings.TrimPrefix(m.URL, "/")
		}
		items = append(items, weighted{l, m.Weight})
	}
	slices.SortStableFunc(items, func(a, b weighted) int { return cmp.Compare(a.w, b.w) })
	for _, it := range items {
		sv.Menu = append(sv.Menu, it.Link)
	}
	return sv
}

func (r *Renderer) body(e *content.Entry) (template.HTML, error) {
	html, _, err := r.convert(e, false)
	return html, err
}

// convert renders e's body, and when withText also returns its plain text (for search).
func (r *Renderer) convert(e *content.Entry, withText bool) (template.HTML, string, error) {
	if p, err := r.portable(e); err != nil || p != nil {
		if err != nil {
			return "", "", err
		}
		// goldmark escapes all text and drops raw HTML and unsafe links (see package markdown).
		return template.HTML(p.HTML(r.basePath)), p.Text, nil
	}
	var buf bytes.Buffer
	var text string
	var err error
	pics := markdown.WithPictures(r.bodyPictures(e))
	body, err := r.site.BodyOf(e)
	if err != nil {
		return "", "", err
	}
	if withText {
		text, err = r.md.ConvertText(body, &buf, pics)
	} else {
		err = r.md.Convert(body, &buf, pics)
	}
	if err != nil {
		return "", "", fmt.Errorf("%s:%d: markdown: %w", e.Source, e.BodyLine, err)
	}
	// goldmark escapes all text and drops raw HTML and unsafe links (see package markdown).
	return template.HTML(buf.String()), text, nil
}

// maxHeadTitle is where search engines cut a title off: past it the site's name is dropped.
const maxHeadTitle = 70

func (r *Renderer) headTitle(title string) string {
	if title == "" {
		return r.theme.Lang.Title
	}
	if full := title + " · " + r.theme.Lang.Title; utf8.RuneCountInString(full) <= maxHeadTitle {
		return full
	}
	return title
}

func (r *Renderer) homeView() (*view.Page, error) {
	s := r.site
	lang := r.theme.Lang
	v := &view.Page{Kind: "home", Title: lang.Title, HeadTitle: lang.Title, Description: lang.Description, OGType: "website"}
	if s.Home != nil {
		if s.Home.Title != "" {
			v.Title = s.Home.Title
		}
		// In another language an untranslated home summary gives way to the language's
		// own site description.
		if t := s.Home.Translations[lang.Code]; s.Home.Summary != "" && (lang.Prefix == "" || (t != nil && t.Summary != "")) {
			v.Description = s.Home.Summary
		} else {
			v.SiteLede = true
		}
		b, err := r.body(&s.Home.Entry)
		if err != nil {
			return nil, err
		}
		v.Body, v.Source = b, &s.Home.Entry
	}
	home := &view.Home{Parks: r.parkGroups(), Map: r.parkMap(nil), Rollout: r.rolloutView("rollout"), News: s.News[:min(3, len(s.News))]}
	for _, c := range s.Companies {
		if c.Featured {
			home.Featured = append(home.Featured, c)
		}
	}
	st := &home.Stats
	st.Companies, st.Parks = len(s.Companies), len(s.Parks)
	for _, c := range s.Data.Cities {
		if len(s.CompaniesByCity[c.ID])+len(s.ParksByCity[c.ID]) > 0 {
			st.Cities++
		}
	}
	for _, sv := range s.Data.Services {
		if len(s.CompaniesByService[sv.ID]) > 0 {
			st.Services++
		}
	}
	v.Home = home
	return v, nil
}

func (r *Renderer) parkGroups() []view.Group {
	var groups []view.Group
	for _, st := range content.ParkStatuses {
		g := view.Group{Name: r.str("status_" + st), ID: st}
		for _, p := range r.site.Parks {
			if p.Status == st {
				g.Parks = append(g.Parks, p)
			}
		}
		if len(g.Parks) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

func (r *Renderer) companyView(c *content.Company) (*view.Page, error) {
	v, text, err := r.companyPage(c, r.related.Of(c, related.Shown), true)
	if err != nil {
		return nil, err
	}
	i, _ := r.related.Pos(c) // c is the site's
	doc := r.corpus.NewDoc(i, c, text, r.theme.CountryName)
	r.mu.Lock()
	r.docs[i] = doc
	r.mu.Unlock()
	return v, nil
}

// companyPage is the view of c's profile showing related, and with withText the plain
// text of its body (for its search document).
func (r *Renderer) companyPage(c *content.Company, related []*content.Company, withText bool) (*view.Page, string, error) {
	b, text, err := r.convert(&c.Entry, withText)
	if err != nil {
		return nil, "", err
	}
	return &view.Page{Kind: "company", Title: c.Name, HeadTitle: r.headTitle(c.Name), Description: c.Summary, OGType: "profile",
		Body: b, Profile: &view.Profile{Company: c, Related: related}, Source: &c.Entry, Picture: r.picture(&c.Entry),
		Breadcrumbs: []view.Link{{Name: r.str("companies"), URL: r.theme.URL("companies/")}}}, text, nil
}

// ProbeRoute is the profile of c, a company read from its file alone (content.Site.Probe)
// and not part of the renderer's site: a new version of one of its companies, or a new
// one. Its related companies are found among the site's others, as a site holding c finds
// them (the scores, and the directory's order that breaks ties, of the others do not depend
// on c). Rendering it changes nothing the renderer keeps: cards, search documents, related
// lists.
func (r *Renderer) ProbeRoute(c *content.Company) Route {
	rt := r.entryRoute("company", permalink.Company(c), "company.html", &c.Entry, nil, func() (*view.Page, error) {
		v, _, err := r.companyPage(c, r.related.Probe(c, related.Shown), false)
		return v, err
	})
	return r.localRoute(rt)
}

// localRoute places rt, made with paths below a language's root, in the renderer's language.
func (r *Renderer) localRoute(rt Route) Route {
	lang := r.theme.Lang
	rt.Lang, rt.Local = lang.Code, rt.Path
	rt.Path, rt.File = lang.Prefix+rt.Path, lang.Prefix+rt.File
	return rt
}

func (r *Renderer) parkView(p *content.Park) (*view.Page, error) {
	return r.parkPage(p, r.site.Parks)
}

// parkPage is the view of p's page, its map drawing parks.
func (r *Renderer) parkPage(p *content.Park, parks []*content.Park) (*view.Page, error) {
	b, err := r.body(&p.Entry)
	if err != nil {
		return nil, err
	}
	return &view.Page{Kind: "park", Title: p.Name, HeadTitle: r.headTitle(p.Name), Description: p.Summary, OGType: "website",
		Body: b, Source: &p.Entry, Picture: r.picture(&p.Entry),
		ParkPage:    &view.ParkPage{Park: p, Tenants: r.site.CompaniesByPark[p.Slug], Map: r.parkMapOf(parks, p)},
		Breadcrumbs: []view.Link{{Name: r.str("parks"), URL: r.theme.URL("parks/")}}}, nil
}

// ProbePageRoute is the page of p, a page of the renderer's site, for a renderer made for
// one probe (content.Site.ProbeDatasets: the site with its datasets read again).
func (r *Renderer) ProbePageRoute(p *content.Page) Route {
	return r.localRoute(r.entryRoute("page", p.Slug+"/", "page.html", &p.Entry, nil, func() (*view.Page, error) { return r.pageView(p) }))
}

// ProbeParkRoute is the page of p, a park of the site read from its file alone
// (content.Site.ProbePark), with parks, the site's parks with p among them, on its map.
// Its tenants are the site's. Nothing the renderer keeps changes.
func (r *Renderer) ProbeParkRoute(p *content.Park, parks []*content.Park) Route {
	return r.localRoute(r.entryRoute("park", permalink.Park(p), "park.html", &p.Entry, nil, func() (*view.Page, error) { return r.parkPage(p, parks) }))
}

func (r *Renderer) pageView(p *content.Page) (*view.Page, error) {
	b, err := r.body(&p.Entry)
	if err != nil {
		return nil, err
	}
	desc := p.Summary
	if desc == "" {
		desc = r.theme.Lang.Description
	}
	return &view.Page{Kind: "page", Title: p.Title, HeadTitle: r.headTitle(p.Title), Description: desc, OGType: "website", Body: b, Page: p, Source: &p.Entry, Picture: r.picture(&p.Entry)}, nil
}

func (r *Renderer) newsView(n *content.News) (*view.Page, error) {
	b, err := r.body(&n.Entry)
	if err != nil {
		return nil, err
	}
	return &view.Page{Kind: "news", Title: n.Title, HeadTitle: r.headTitle(n.Title), Description: n.Summary, OGType: "article", Body: b, News: n, Source: &n.Entry, Picture: r.picture(&n.Entry),
		Breadcrumbs: []view.Link{{Name: r.str("news"), URL: r.theme.URL("news/")}}}, nil
}

func (r *Renderer) pager(base string, n, total int) *view.Pager {
	return view.NewPager(n, total, func(i int) string { return r.theme.URL(permalink.Paged(base, i)) })
}

// directory returns the filter panel of the listing at base, whose fixed filter is
// facet=value (both empty for the whole directory).
func (r *Renderer) directory(base, facet, value string) *view.Directory {
	d := &view.Directory{Index: r.theme.URL(search.ManifestPath), FixedFacet: facet, FixedValue: value}
	for _, id := range search.FacetIDs {
		d.Facets = append(d.Facets, view.Facet{ID: id, Name: r.str("facet_" + id)})
	}
	here := r.theme.URL(base)
	mark := func(terms []view.Term) []view.Term {
		out := slices.Clone(terms)
		for i := range out {
			out[i].Current = out[i].URL == here
		}
		return out
	}
	for _, f := range r.facetLinks() {
		f.Groups = slices.Clone(f.Groups)
		for i := range f.Groups {
			f.Groups[i].Terms = mark(f.Groups[i].Terms)
		}
		d.Links = append(d.Links, f)
	}
	return d
}

// facetLinks lists the values of the facets that have listing pages, with their company
// counts, once per renderer.
func (r *Renderer) facetLinks() []view.Facet {
	r.linksOnce.Do(func() {
		s := r.site
		var services, certs, parks []view.Term
		for _, sv := range s.Data.Services {
			if n := len(s.CompaniesByService[sv.ID]); n > 0 {
				services = append(services, view.Term{Name: sv.Label, URL: r.theme.URL(permalink.Service(sv.ID)), Companies: n})
			}
		}
		for _, ct := range s.Data.Certifications {
			if n := len(s.CompaniesByCertification[ct.ID]); n > 0 {
				certs = append(certs, view.Term{Name: ct.Label, URL: r.theme.URL(permalink.Certification(ct.ID)), Companies: n})
			}
		}
		for _, p := range s.Parks {
			if n := len(s.CompaniesByPark[p.Slug]); n > 0 {
				parks = append(parks, view.Term{Name: p.Name, URL: r.theme.URL(permalink.Park(p)), Companies: n})
			}
		}
		var cities []view.Group
		for _, g := range r.cityGroups() {
			var terms []view.Term
			for _, t := range g.Terms {
				if t.Companies > 0 {
					terms = append(terms, t)
				}
			}
			if len(terms) > 0 {
				cities = append(cities, view.Group{Name: g.Name, Terms: terms})
			}
		}
		for _, f := range []view.Facet{
			{ID: "service", Groups: []view.Group{{Terms: services}}},
			{ID: "city", Groups: cities},
			{ID: "park", Groups: []view.Group{{Terms: parks}}},
			{ID: "certification", Groups: []view.Group{{Terms: certs}}},
		} {
			if len(f.Groups) > 0 && len(f.Groups[0].Terms) > 0 {
				f.Name = r.str("facet_" + f.ID)
				r.links = append(r.links, f)
			}
		}
	})
	return r.links
}

func (r *Renderer) listView(base, heading, intro string, entries []*content.Company, parks []*content.Park, pager *view.Pager, total int, dir *view.Directory) (*view.Page, error) {
	title := heading
	if pager.Number > 1 {
		title = fmt.Sprintf(r.str("page_title"), heading, pager.Number, pager.Total)
	}
	v := &view.Page{Kind: "list", Title: heading, HeadTitle: r.headTitle(title), Description: intro, OGType: "website", Intro: intro,
		Listing: &view.Listing{Companies: entries, Parks: parks, Pager: pager, Total: total, Directory: dir}}
	if sec, _, nested := strings.Cut(strings.TrimSuffix(base, "/"), "/"); nested {
		v.Breadcrumbs = []view.Link{{Name: r.str(sec), URL: r.theme.URL(sec + "/")}}
	}
	if v.Description == "" {
		v.Description = r.theme.Lang.Description
	}
	return v, nil
}

func (r *Renderer) parksView() (*view.Page, error) {
	return &view.Page{Kind: "parks", Title: r.str("parks"), HeadTitle: r.headTitle(r.str("parks")), Description: r.str("parks_intro"),
		Intro: r.str("parks_intro"), OGType: "website",
		Index: &view.Index{Groups: r.parkGroups(), Map: r.parkMap(nil), Chart: r.statusChart("parks-chart"), Rollout: r.rolloutView("rollout")}}, nil
}

func (r *Renderer) citiesView() (*view.Page, error) {
	var terms []view.Term
	for _, g := range r.cityGroups() {
		terms = append(terms, g.Terms...)
	}
	return &view.Page{Kind: "terms", Title: r.str("cities"), HeadTitle: r.headTitle(r.str("cities")), Description: r.str("cities_intro"),
		Intro: r.str("cities_intro"), OGType: "website",
		Index: &view.Index{Groups: r.cityGroups(), Chart: r.countChart("cities-chart", "chart_cities_title", "chart_cities_desc", "city", terms)}}, nil
}

// cityGroups are the cities by province, provinces by name.
func (r *Renderer) cityGroups() []view.Group {
	s := r.site
	var groups []view.Group
	idx := map[string]int{}
	for _, c := range s.Data.Cities {
		i, ok := idx[c.Province]
		if !ok {
			i = len(groups)
			idx[c.Province] = i
			groups = append(groups, view.Group{Name: c.Province})
		}
		groups[i].Terms = append(groups[i].Terms, view.Term{Name: c.Name, URL: r.theme.URL(permalink.City(c.ID)),
			Companies: len(s.CompaniesByCity[c.ID]), Parks: len(s.ParksByCity[c.ID]), Underserved: c.Underserved})
	}
	slices.SortStableFunc(groups, func(a, b view.Group) int { return strings.Compare(a.Name, b.Name) })
	return groups
}

// serviceTerms lists every service with its company count.
func (r *Renderer) serviceTerms() []view.Term {
	var terms []view.Term
	for _, sv := range r.site.Data.Services {
		terms = append(terms, view.Term{Name: sv.Label, URL: r.theme.URL(permalink.Service(sv.ID)), Note: sv.Description,
			Companies: len(r.site.CompaniesByService[sv.ID])})
	}
	return terms
}

func (r *Renderer) servicesView() (*view.Page, error) {
	g := view.Group{Terms: r.serviceTerms()}
	return &view.Page{Kind: "terms", Title: r.str("services"), HeadTitle: r.headTitle(r.str("services")), Description: r.str("services_intro"),
		Intro: r.str("services_intro"), OGType: "website",
		Index: &view.Index{Groups: []view.Group{g}, Chart: r.countChart("services-chart", "chart_services_title", "chart_services_desc", "facet_service", g.Terms)}}, nil
}

// countChart charts the companies of terms that have any, most first, then by name.
func (r *Renderer) countChart(id, title, desc, category string, terms []view.Term) *chart.View {
	terms = slices.Clone(terms)
	slices.SortStableFunc(terms, func(a, b view.Term) int {
		return cmp.Or(cmp.Compare(b.Companies, a.Companies), strings.Compare(a.Name, b.Name))
	})
	var labels []string
	var values []float64
	for _, t := range terms {
		if t.Companies > 0 {
			labels, values = append(labels, t.Name), append(values, float64(t.Companies))
		}
	}
	return chart.BarChart(id, r.str(title), r.str(desc), r.str(category), r.str("chart_companies"), labels, values, r.theme.FormatNumber)
}

// statusChart counts the parks by status, in the order statuses are presented.
func (r *Renderer) statusChart(id string) *chart.View {
	var labels []string
	var values []float64
	for _, g := range r.parkGroups() {
		labels, values = append(labels, g.Name), append(values, float64(len(g.Parks)))
	}
	return chart.BarChart(id, r.str("chart_parks_title"), r.str("chart_parks_desc"), r.str("chart_status"), r.str("chart_parks"), labels, values, r.theme.FormatNumber)
}

func (r *Renderer) certificationsView() (*view.Page, error) {
	g := view.Group{}
	for _, ct := range r.site.Data.Certifications {
		g.Terms = append(g.Terms, view.Term{Name: ct.Label, URL: r.theme.URL(permalink.Certification(ct.ID)),
			Companies: len(r.site.CompaniesByCertification[ct.ID])})
	}
	return &view.Page{Kind: "terms", Title: r.str("certifications"), HeadTitle: r.headTitle(r.str("certifications")),
		Description: r.str("certifications_intro"), Intro: r.str("certifications_intro"), OGType: "website", Index: &view.Index{Groups: []view.Group{g}}}, nil
}

func (r *Renderer) newsListView(items []*content.News, pager *view.Pager) (*view.Page, error) {
	title := r.str("news")
	head := title
	if pager.Number > 1 {
		head = fmt.Sprintf(r.str("page_title"), title, pager.Number, pager.Total)
	}
	return &view.Page{Kind: "newslist", Title: title, HeadTitle: r.headTitle(head), Description: r.str("news_intro"),
		Intro: r.str("news_intro"), OGType: "website", Listing: &view.Listing{News: items, Pager: pager, Total: len(r.site.News)}}, nil
}

func (r *Renderer) shortlistView() (*view.Page, error) {
	return &view.Page{Kind: "shortlist", Title: r.str("shortlist"), HeadTitle: r.headTitle(r.str("shortlist")),
		Description: r.str("shortlist_intro"), Intro: r.str("shortlist_intro"), OGType: "website"}, nil
}

// searchIndex makes the files of the directory's search index from the documents made
// while the profiles rendered; a company whose profile was not rendered in this write (a
// watch-mode patch of other pages) has its body converted again, the same way.
func (r *Renderer) searchIndex() ([]File, error) {
	r.mu.Lock()
	docs := slices.Clone(r.docs)
	r.mu.Unlock()
	for i, d := range docs {
		if d == nil {
			c := r.site.Companies[i]
			_, text, err := r.convert(&c.Entry, true)
			if err != nil {
				return nil, err
			}
			docs[i] = r.corpus.NewDoc(i, c, text, r.theme.CountryName)
			r.mu.Lock()
			if r.docs[i] == nil {
				r.docs[i] = docs[i] // kept, as a rendered profile's is (a build cache saves them)
			}
			r.mu.Unlock()
		}
	}
	// Each language has its own index below its prefix, linking to its own profiles.
	idx, err := search.Build(r.site, docs, search.Options{BasePath: r.theme.URL(""), CountryName: r.theme.CountryName})
	if err != nil {
		return nil, err
	}
	files := make([]File, len(idx))
	for i, f := range idx {
		files[i] = File{Path: r.theme.Lang.Prefix + f.Path, Data: f.Data}
	}
	return files, nil
}

func (r *Renderer) notFoundView() (*view.Page, error) {
	return &view.Page{Kind: "404", Title: r.str("not_found"), HeadTitle: r.headTitle(r.str("not_found")), Description: r.str("not_found_text")}, nil
}

// SameFrame reports whether r and other draw the same frame around every page (title,
// menu, feed link): when not, every page of the language changes.
func (r *Renderer) SameFrame(other *Renderer) bool { return reflect.DeepEqual(r.siteV, other.siteV) }

// SamePanel reports whether r and other draw the same filter panel (every facet value
// with its company count) on the directory's pages: when not, every listing page changes.
func (r *Renderer) SamePanel(other *Renderer) bool {
	return reflect.DeepEqual(r.facetLinks(), other.facetLinks())
}
