package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"sync"

	"github.com/pseb/sitegen/generator/images"
	"github.com/pseb/sitegen/generator/theme"
	"github.com/pseb/sitegen/generator/view"

	"golang.org/x/sync/errgroup"

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
	views   *view.Builder // the parts drawn from the whole site
	related *related.Index

	mu sync.Mutex
	// docs[i] is the search document of site.Companies[i], made while its body renders;
	// nil until then or after the company changed.
	docs []*search.Doc
	// index is what the renderer made of its last search index, kept (keepIndex) for the
	// next one after an edit (KeepIndexMemo).
	index     *search.Memo
	keepIndex bool
	// corpus is what docs share: their vocabulary, and body terms by text (with the
	// renderers of the other languages, see Share).
	corpus *search.Corpus
	// photos are the published page photos by content file.
	photos map[string]*images.Photo

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
	r.views = view.NewBuilder(site, th)
	r.siteV = r.views.Site()
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

// RenderFiles makes the files of a Late route; it stops early, with ctx's error, when ctx
// is cancelled (serve: a save while the search index is made).
func (r *Renderer) RenderFiles(ctx context.Context, rt Route) ([]File, error) {
	files, err := rt.files(r, ctx)
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
	v.Alternates = r.views.Alternates(rt.Local)
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

// str returns an interface string; theme.Load has checked that the views' keys exist.
func (r *Renderer) str(key string) string { return r.theme.String(key) }

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
	home := &view.Home{Parks: r.views.ParkGroups(), Map: r.views.ParkMap(nil), Rollout: r.views.Rollout("rollout"), News: s.News[:min(3, len(s.News))]}
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
	return &view.Page{Kind: "company", Title: c.Name, HeadTitle: r.views.HeadTitle(c.Name), Description: c.Summary, OGType: "profile",
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
	return &view.Page{Kind: "park", Title: p.Name, HeadTitle: r.views.HeadTitle(p.Name), Description: p.Summary, OGType: "website",
		Body: b, Source: &p.Entry, Picture: r.picture(&p.Entry),
		ParkPage:    &view.ParkPage{Park: p, Tenants: r.site.CompaniesByPark[p.Slug], Map: r.views.ParkMapOf(parks, p)},
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
	return &view.Page{Kind: "page", Title: p.Title, HeadTitle: r.views.HeadTitle(p.Title), Description: desc, OGType: "website", Body: b, Page: p, Source: &p.Entry, Picture: r.picture(&p.Entry)}, nil
}

func (r *Renderer) newsView(n *content.News) (*view.Page, error) {
	b, err := r.body(&n.Entry)
	if err != nil {
		return nil, err
	}
	return &view.Page{Kind: "news", Title: n.Title, HeadTitle: r.views.HeadTitle(n.Title), Description: n.Summary, OGType: "article", Body: b, News: n, Source: &n.Entry, Picture: r.picture(&n.Entry),
		Breadcrumbs: []view.Link{{Name: r.str("news"), URL: r.theme.URL("news/")}}}, nil
}

func (r *Renderer) listView(base, heading, intro string, entries []*content.Company, parks []*content.Park, pager *view.Pager, total int, dir *view.Directory) (*view.Page, error) {
	title := heading
	if pager.Number > 1 {
		title = fmt.Sprintf(r.str("page_title"), heading, pager.Number, pager.Total)
	}
	v := &view.Page{Kind: "list", Title: heading, HeadTitle: r.views.HeadTitle(title), Description: intro, OGType: "website", Intro: intro,
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
	return &view.Page{Kind: "parks", Title: r.str("parks"), HeadTitle: r.views.HeadTitle(r.str("parks")), Description: r.str("parks_intro"),
		Intro: r.str("parks_intro"), OGType: "website",
		Index: &view.Index{Groups: r.views.ParkGroups(), Map: r.views.ParkMap(nil), Chart: r.views.StatusChart("parks-chart"), Rollout: r.views.Rollout("rollout")}}, nil
}

func (r *Renderer) citiesView() (*view.Page, error) {
	var terms []view.Term
	for _, g := range r.views.CityGroups() {
		terms = append(terms, g.Terms...)
	}
	return &view.Page{Kind: "terms", Title: r.str("cities"), HeadTitle: r.views.HeadTitle(r.str("cities")), Description: r.str("cities_intro"),
		Intro: r.str("cities_intro"), OGType: "website",
		Index: &view.Index{Groups: r.views.CityGroups(), Chart: r.views.CountChart("cities-chart", "chart_cities_title", "chart_cities_desc", "city", terms)}}, nil
}

func (r *Renderer) servicesView() (*view.Page, error) {
	g := view.Group{Terms: r.views.ServiceTerms()}
	return &view.Page{Kind: "terms", Title: r.str("services"), HeadTitle: r.views.HeadTitle(r.str("services")), Description: r.str("services_intro"),
		Intro: r.str("services_intro"), OGType: "website",
		Index: &view.Index{Groups: []view.Group{g}, Chart: r.views.CountChart("services-chart", "chart_services_title", "chart_services_desc", "facet_service", g.Terms)}}, nil
}

func (r *Renderer) certificationsView() (*view.Page, error) {
	g := view.Group{}
	for _, ct := range r.site.Data.Certifications {
		g.Terms = append(g.Terms, view.Term{Name: ct.Label, URL: r.theme.URL(permalink.Certification(ct.ID)),
			Companies: len(r.site.CompaniesByCertification[ct.ID])})
	}
	return &view.Page{Kind: "terms", Title: r.str("certifications"), HeadTitle: r.views.HeadTitle(r.str("certifications")),
		Description: r.str("certifications_intro"), Intro: r.str("certifications_intro"), OGType: "website", Index: &view.Index{Groups: []view.Group{g}}}, nil
}

func (r *Renderer) newsListView(items []*content.News, pager *view.Pager) (*view.Page, error) {
	title := r.str("news")
	head := title
	if pager.Number > 1 {
		head = fmt.Sprintf(r.str("page_title"), title, pager.Number, pager.Total)
	}
	return &view.Page{Kind: "newslist", Title: title, HeadTitle: r.views.HeadTitle(head), Description: r.str("news_intro"),
		Intro: r.str("news_intro"), OGType: "website", Listing: &view.Listing{News: items, Pager: pager, Total: len(r.site.News)}}, nil
}

func (r *Renderer) shortlistView() (*view.Page, error) {
	return &view.Page{Kind: "shortlist", Title: r.str("shortlist"), HeadTitle: r.views.HeadTitle(r.str("shortlist")),
		Description: r.str("shortlist_intro"), Intro: r.str("shortlist_intro"), OGType: "website"}, nil
}

func (r *Renderer) notFoundView() (*view.Page, error) {
	return &view.Page{Kind: "404", Title: r.str("not_found"), HeadTitle: r.views.HeadTitle(r.str("not_found")), Description: r.str("not_found_text")}, nil
}

// SameFrame reports whether r and other draw the same frame around every page (title,
// menu, feed link): when not, every page of the language changes.
func (r *Renderer) SameFrame(other *Renderer) bool { return reflect.DeepEqual(r.siteV, other.siteV) }

// SamePanel reports whether r and other draw the same filter panel (every facet value
// with its company count) on the directory's pages: when not, every listing page changes.
func (r *Renderer) SamePanel(other *Renderer) bool {
	return reflect.DeepEqual(r.views.FacetLinks(), other.views.FacetLinks())
}
