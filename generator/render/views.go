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

	"golang.org/x/sync/errgroup"

	"github.com/pseb/sitegen/generator/chart"
	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/related"
	"github.com/pseb/sitegen/generator/search"
)

// Renderer renders the routes of one site with one theme. It is safe for concurrent use.
type Renderer struct {
	site    *content.Site
	theme   *Theme
	md      *markdown.Converter
	siteV   *SiteView
	related *related.Index

	mu sync.Mutex
	// docs[i] is the search document of site.Companies[i], made while its body renders;
	// nil until then or after the company changed.
	docs []*search.Doc
	// corpus is what docs share: their vocabulary, and body terms by text (with the
	// renderers of the other languages, see Share).
	corpus *search.Corpus
	// photos are the published page photos by content file.
	photos map[string]*Photo

	linksOnce sync.Once
	links     []Facet

	// basePath is what the body's site links are prefixed with (markdown.WithBasePath);
	// bodies holds the bodies converted for every language (see HoldBody).
	basePath string
	bodies   *sharedBodies
	// partials are what partialCached rendered for this renderer's pages.
	partials sync.Map
}

// New prepares a renderer of site with theme, drawing photos (the published page photos
// by content file; nil for none); the site and theme must not change while it renders.
func New(site *content.Site, theme *Theme, photos map[string]*Photo) *Renderer {
	r := &Renderer{site: site, theme: theme, photos: photos, bodies: &sharedBodies{held: map[string]*heldBody{}}}
	// A body's site links ("/parks/") stay in its page's language.
	r.basePath = site.Config.BaseURL.Path + theme.Lang.Prefix
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
func (r *Renderer) Theme() *Theme { return r.theme }

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
	r.theme.cards.delete(c.Source)
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
	v.partials = &r.partials
	v.Path = rt.Local
	v.Canonical = r.theme.AbsURL(rt.Local)
	v.Lang = &r.theme.Lang
	v.Alternates = r.alternates(rt.Local)
	v.Menu = make([]MenuLink, len(r.siteV.Menu))
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
		v.Breadcrumbs = append([]Link{{Name: r.str("home"), URL: r.theme.URL("")}}, v.Breadcrumbs...)
	}
	if e := v.entry; e != nil {
		v.TextAttrs = r.theme.TextAttrs(e)
		if !v.siteLede {
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
	if err := r.theme.layouts[rt.Layout].ExecuteTemplate(w, "baseof.html", v); err != nil {
		return r.theme.TemplateError(err)
	}
	return nil
}

// Alternate is the same page in one of the site's languages.
type Alternate struct {
	Lang    *config.Language
	URL     string // site-relative, for the language switcher
	AbsURL  string // for hreflang
	Current bool   // the page being rendered
}

// alternates lists the page at local (its path below a language's root) in every language.
func (r *Renderer) alternates(local string) []Alternate {
	langs := r.site.Config.Languages
	if len(langs) < 2 {
		return nil
	}
	out := make([]Alternate, len(langs))
	for i := range langs {
		l := &langs[i]
		u := *r.site.Config.BaseURL
		u.Path += l.Prefix + local
		out[i] = Alternate{Lang: l, URL: u.Path, AbsURL: u.String(), Current: l.Code == r.theme.Lang.Code}
	}
	return out
}

// View is what a layout receives as ".".
type View struct {
	// Picture is the page's photo, nil when it has none.
	Picture    *Picture
	Site       *SiteView
	Lang       *config.Language
	Alternates []Alternate // the page in each language; empty for a one-language site
	// Fallback is set when the body is shown in the default language because it has no
	// translation (BodyLang is then that language's code, for the lang attribute).
	Fallback          bool
	BodyLang, BodyDir string
	// TextAttrs are the lang/dir attributes of the page's own title, LedeAttrs of its
	// summary (the home page's may be the language's site description instead).
	TextAttrs, LedeAttrs template.HTMLAttr
	siteLede             bool
	Kind                 string // home, company, park, page, news, list, terms, parks, newslist, 404
	Path                 string // URL path below the site root
	Title                string // the page's heading
	HeadTitle            string // <title>
	Description          string
	Canonical            string
	OGType               string
	Breadcrumbs          []Link // ancestors, home first; the page itself is not included
	Menu                 []MenuLink
	JSONLD               template.JS
	Body                 template.HTML
	Intro                string

	Company   *content.Company
	Related   []*content.Company
	Park      *content.Park
	Page      *content.Page
	News      *content.News
	Companies []*content.Company // a listing's entries, a park's tenants, the home page's featured
	Parks     []*content.Park    // the parks of a city listing
	Total     int                // companies in the whole listing
	Pager     *Pager
	Groups    []Group // parks by status, cities by province, services, certifications
	NewsItems []*content.News
	Stats     *Stats

	// Map shows the parks on the country outline (home, parks, park pages); nil when the
	// theme has no outline or no park has a location.
	Map *MapView
	// Rollout is the parks' roll-out against the plan (the parks page; the home page shows
	// its sentence); nil when no park has a date.
	Rollout *RolloutView
	// Chart is a bar chart of the page's numbers (companies per service or city).
	Chart *chart.View

	// Video is set when the body has a click-to-load video (its script is needed).
	Video bool
	entry *content.Entry // the content file whose body the page shows

	// Directory is set on company listings: the filters that the script turns into a
	// search, and their links to the static listing pages for browsers without it.
	Directory *Directory

	// partials are the renderer's partials rendered once (Theme.partialCached).
	partials *sync.Map
}

// Directory is the filter panel of a company listing.
type Directory struct {
	Index string // URL of the search manifest
	// Fixed is the filter the listing stands for ("city" and "lahore" on /cities/lahore/);
	// empty on /companies/.
	FixedFacet, FixedValue string
	Facets                 []Facet // every facet, in the order shown
	Links                  []Facet // the facets that have static listing pages, with links
}

// Facet is one filter of the directory; Groups are its values (one unnamed group unless
// grouped, as cities by province), with URLs only in Directory.Links.
type Facet struct {
	ID, Name string
	Groups   []Group
}

// SiteView is what every page knows of the site.
type SiteView struct {
	Title       string
	Description string
	Lang        string
	Dir         string // "ltr" or "rtl"
	Menu        []Link
	Contact     config.Contact
	HasFeed     bool
	// HasParksFeed: the parks' milestones have a feed (parks/feed.xml).
	HasParksFeed bool
	// NumberLocale is the language's tag with its numbering system when the site chose one
	// (ur-u-nu-arabext), for the script's numbers; "" otherwise.
	NumberLocale string
	PageSize     int
}

// MenuLink is a main-menu entry as seen from one page: Current is "page" on the page it
// links to, "true" inside its section, and "" elsewhere (the value of aria-current).
type MenuLink struct {
	Link
	Current string
}

// Link is a named URL; Path is below the site root, for marking the current section.
type Link struct {
	Name string
	URL  string
	Path string
	// Attrs are the name's lang and dir when it is not in the page's language.
	Attrs template.HTMLAttr
}

// Pager links the pages of a paginated listing.
type Pager struct {
	Number, Total int
	Prev, Next    string
	Pages         []PageLink
}

// PageLink is one numbered page of a listing.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// Group is a titled list of terms or parks.
type Group struct {
	Name  string
	Note  string
	ID    string
	Terms []Term
	Parks []*content.Park
}

// Term is an entry of an index page: a city, service or certification.
type Term struct {
	Name, URL, Note string
	Companies       int
	Parks           int
	Underserved     bool
	Current         bool // the page being rendered is this term's listing
}

// Stats are the home page's counts.
type Stats struct {
	Companies, Parks, Cities, Services int
}

// goStrings are the interface strings the views use from Go (templates' own keys are
// checked where they are used); LoadTheme requires all of them.
var goStrings = []string{"certification_intro", "certifications", "certifications_intro", "cities", "cities_intro",
	"city_intro", "companies", "companies_intro", "home", "news", "news_intro", "not_found", "not_found_text",
	"page_title", "parks", "parks_intro", "services", "services_intro", "shortlist", "shortlist_intro",
	"chart_services_title", "chart_services_desc", "chart_cities_title", "chart_cities_desc", "chart_companies", "city",
	"chart_parks_title", "chart_parks_desc", "chart_status", "chart_parks", "callout_note", "callout_tip", "callout_warning",
	"companies_all",
	"facet_service", "facet_city", "facet_park", "facet_certification", "facet_employees", "facet_market", "facet_founded",
	"status_operational", "status_under-construction", "status_planned", "date_format", "language", "fallback_note", "moved"}

// str returns an interface string; LoadTheme has checked that every goStrings key exists.
func (r *Renderer) str(key string) string { return r.theme.strings[key] }

func (r *Renderer) siteView() *SiteView {
	cfg := r.site.Config
	lang := r.theme.Lang
	sv := &SiteView{Title: lang.Title, Description: lang.Description, Lang: lang.Code, Dir: lang.Dir, Contact: cfg.Contact, HasFeed: len(r.site.News) > 0, HasParksFeed: r.hasParksFeed(), PageSize: cfg.PageSize}
	if nl := lang.NumberLocale(); nl != lang.Code {
		sv.NumberLocale = nl
	}
	type weighted struct {
		Link
		w int
	}
	var items []weighted
	for i, sec := range []string{"companies", "parks", "cities", "services", "news"} {
		items = append(items, weighted{Link{Name: r.str(sec), URL: r.theme.URL(sec + "/"), Path: sec + "/"}, (i + 1) * 10})
	}
	for _, p := range r.site.Pages {
		if p.InMenu {
			items = append(items, weighted{Link{Name: p.Title, URL: r.theme.URL(p.Slug + "/"), Path: p.Slug + "/", Attrs: r.theme.TextAttrs(&p.Entry)}, p.MenuWeight})
		}
	}
	for _, m := range cfg.Menu {
		l := Link{Name: m.NameIn(lang.Code), URL: m.URL}
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

func (r *Renderer) homeView() (*View, error) {
	s := r.site
	lang := r.theme.Lang
	v := &View{Kind: "home", Title: lang.Title, HeadTitle: lang.Title, Description: lang.Description, OGType: "website"}
	if s.Home != nil {
		if s.Home.Title != "" {
			v.Title = s.Home.Title
		}
		// In another language an untranslated home summary gives way to the language's
		// own site description.
		if t := s.Home.Translations[lang.Code]; s.Home.Summary != "" && (lang.Prefix == "" || (t != nil && t.Summary != "")) {
			v.Description = s.Home.Summary
		} else {
			v.siteLede = true
		}
		b, err := r.body(&s.Home.Entry)
		if err != nil {
			return nil, err
		}
		v.Body, v.entry = b, &s.Home.Entry
	}
	for _, c := range s.Companies {
		if c.Featured {
			v.Companies = append(v.Companies, c)
		}
	}
	v.Groups = r.parkGroups()
	v.Map = r.parkMap(nil)
	v.Rollout = r.rolloutView("rollout")
	v.NewsItems = s.News[:min(3, len(s.News))]
	st := &Stats{Companies: len(s.Companies), Parks: len(s.Parks)}
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
	v.Stats = st
	return v, nil
}

func (r *Renderer) parkGroups() []Group {
	var groups []Group
	for _, st := range content.ParkStatuses {
		g := Group{Name: r.str("status_" + st), ID: st}
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

func (r *Renderer) companyView(c *content.Company) (*View, error) {
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
func (r *Renderer) companyPage(c *content.Company, related []*content.Company, withText bool) (*View, string, error) {
	b, text, err := r.convert(&c.Entry, withText)
	if err != nil {
		return nil, "", err
	}
	return &View{Kind: "company", Title: c.Name, HeadTitle: r.headTitle(c.Name), Description: c.Summary, OGType: "profile",
		Body: b, Company: c, Related: related, entry: &c.Entry, Picture: r.picture(&c.Entry),
		Breadcrumbs: []Link{{Name: r.str("companies"), URL: r.theme.URL("companies/")}}}, text, nil
}

// ProbeRoute is the profile of c, a company read from its file alone (content.Site.Probe)
// and not part of the renderer's site: a new version of one of its companies, or a new
// one. Its related companies are found among the site's others, as a site holding c finds
// them (the scores, and the directory's order that breaks ties, of the others do not depend
// on c). Rendering it changes nothing the renderer keeps: cards, search documents, related
// lists.
func (r *Renderer) ProbeRoute(c *content.Company) Route {
	rt := r.entryRoute("company", companyPath(c), "company.html", &c.Entry, nil, func() (*View, error) {
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

func (r *Renderer) parkView(p *content.Park) (*View, error) {
	return r.parkPage(p, r.site.Parks)
}

// parkPage is the view of p's page, its map drawing parks.
func (r *Renderer) parkPage(p *content.Park, parks []*content.Park) (*View, error) {
	b, err := r.body(&p.Entry)
	if err != nil {
		return nil, err
	}
	return &View{Kind: "park", Title: p.Name, HeadTitle: r.headTitle(p.Name), Description: p.Summary, OGType: "website",
		Body: b, entry: &p.Entry, Park: p, Companies: r.site.CompaniesByPark[p.Slug], Map: r.parkMapOf(parks, p), Picture: r.picture(&p.Entry),
		Breadcrumbs: []Link{{Name: r.str("parks"), URL: r.theme.URL("parks/")}}}, nil
}

// ProbePageRoute is the page of p, a page of the renderer's site, for a renderer made for
// one probe (content.Site.ProbeDatasets: the site with its datasets read again).
func (r *Renderer) ProbePageRoute(p *content.Page) Route {
	return r.localRoute(r.entryRoute("page", p.Slug+"/", "page.html", &p.Entry, nil, func() (*View, error) { return r.pageView(p) }))
}

// ProbeParkRoute is the page of p, a park of the site read from its file alone
// (content.Site.ProbePark), with parks, the site's parks with p among them, on its map.
// Its tenants are the site's. Nothing the renderer keeps changes.
func (r *Renderer) ProbeParkRoute(p *content.Park, parks []*content.Park) Route {
	return r.localRoute(r.entryRoute("park", parkPath(p), "park.html", &p.Entry, nil, func() (*View, error) { return r.parkPage(p, parks) }))
}

func (r *Renderer) pageView(p *content.Page) (*View, error) {
	b, err := r.body(&p.Entry)
	if err != nil {
		return nil, err
	}
	desc := p.Summary
	if desc == "" {
		desc = r.theme.Lang.Description
	}
	return &View{Kind: "page", Title: p.Title, HeadTitle: r.headTitle(p.Title), Description: desc, OGType: "website", Body: b, Page: p, entry: &p.Entry, Picture: r.picture(&p.Entry)}, nil
}

func (r *Renderer) newsView(n *content.News) (*View, error) {
	b, err := r.body(&n.Entry)
	if err != nil {
		return nil, err
	}
	return &View{Kind: "news", Title: n.Title, HeadTitle: r.headTitle(n.Title), Description: n.Summary, OGType: "article", Body: b, News: n, entry: &n.Entry, Picture: r.picture(&n.Entry),
		Breadcrumbs: []Link{{Name: r.str("news"), URL: r.theme.URL("news/")}}}, nil
}

func (r *Renderer) pager(base string, n, total int) *Pager {
	p := &Pager{Number: n, Total: total}
	if n > 1 {
		p.Prev = r.theme.URL(pagePath(base, n-1))
	}
	if n < total {
		p.Next = r.theme.URL(pagePath(base, n+1))
	}
	// First, last and two either side of the current page; a gap (Number 0) between runs,
	// so a 200-page directory does not put 200 links on every page.
	last := 0
	for i := 1; i <= total; i++ {
		if i != 1 && i != total && (i < n-2 || i > n+2) {
			continue
		}
		if last != 0 && i > last+1 {
			p.Pages = append(p.Pages, PageLink{})
		}
		p.Pages = append(p.Pages, PageLink{Number: i, URL: r.theme.URL(pagePath(base, i)), Current: i == n})
		last = i
	}
	return p
}

// directory returns the filter panel of the listing at base, whose fixed filter is
// facet=value (both empty for the whole directory).
func (r *Renderer) directory(base, facet, value string) *Directory {
	d := &Directory{Index: r.theme.URL(search.ManifestPath), FixedFacet: facet, FixedValue: value}
	for _, id := range search.FacetIDs {
		d.Facets = append(d.Facets, Facet{ID: id, Name: r.str("facet_" + id)})
	}
	here := r.theme.URL(base)
	mark := func(terms []Term) []Term {
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
func (r *Renderer) facetLinks() []Facet {
	r.linksOnce.Do(func() {
		s := r.site
		var services, certs, parks []Term
		for _, sv := range s.Data.Services {
			if n := len(s.CompaniesByService[sv.ID]); n > 0 {
				services = append(services, Term{Name: sv.Label, URL: r.theme.URL(servicePath(sv.ID)), Companies: n})
			}
		}
		for _, ct := range s.Data.Certifications {
			if n := len(s.CompaniesByCertification[ct.ID]); n > 0 {
				certs = append(certs, Term{Name: ct.Label, URL: r.theme.URL(certificationPath(ct.ID)), Companies: n})
			}
		}
		for _, p := range s.Parks {
			if n := len(s.CompaniesByPark[p.Slug]); n > 0 {
				parks = append(parks, Term{Name: p.Name, URL: r.theme.URL(parkPath(p)), Companies: n})
			}
		}
		var cities []Group
		for _, g := range r.cityGroups() {
			var terms []Term
			for _, t := range g.Terms {
				if t.Companies > 0 {
					terms = append(terms, t)
				}
			}
			if len(terms) > 0 {
				cities = append(cities, Group{Name: g.Name, Terms: terms})
			}
		}
		for _, f := range []Facet{
			{ID: "service", Groups: []Group{{Terms: services}}},
			{ID: "city", Groups: cities},
			{ID: "park", Groups: []Group{{Terms: parks}}},
			{ID: "certification", Groups: []Group{{Terms: certs}}},
		} {
			if len(f.Groups) > 0 && len(f.Groups[0].Terms) > 0 {
				f.Name = r.str("facet_" + f.ID)
				r.links = append(r.links, f)
			}
		}
	})
	return r.links
}

func (r *Renderer) listView(base, heading, intro string, entries []*content.Company, parks []*content.Park, pager *Pager, total int, dir *Directory) (*View, error) {
	title := heading
	if pager.Number > 1 {
		title = fmt.Sprintf(r.str("page_title"), heading, pager.Number, pager.Total)
	}
	v := &View{Kind: "list", Title: heading, HeadTitle: r.headTitle(title), Description: intro, OGType: "website", Intro: intro,
		Companies: entries, Parks: parks, Pager: pager, Total: total, Directory: dir}
	if sec, _, nested := strings.Cut(strings.TrimSuffix(base, "/"), "/"); nested {
		v.Breadcrumbs = []Link{{Name: r.str(sec), URL: r.theme.URL(sec + "/")}}
	}
	if v.Description == "" {
		v.Description = r.theme.Lang.Description
	}
	return v, nil
}

func (r *Renderer) parksView() (*View, error) {
	return &View{Kind: "parks", Title: r.str("parks"), HeadTitle: r.headTitle(r.str("parks")), Description: r.str("parks_intro"),
		Intro: r.str("parks_intro"), OGType: "website", Groups: r.parkGroups(), Map: r.parkMap(nil), Chart: r.statusChart("parks-chart"),
		Rollout: r.rolloutView("rollout")}, nil
}

func (r *Renderer) citiesView() (*View, error) {
	var terms []Term
	for _, g := range r.cityGroups() {
		terms = append(terms, g.Terms...)
	}
	return &View{Kind: "terms", Title: r.str("cities"), HeadTitle: r.headTitle(r.str("cities")), Description: r.str("cities_intro"),
		Intro: r.str("cities_intro"), OGType: "website", Groups: r.cityGroups(),
		Chart: r.countChart("cities-chart", "chart_cities_title", "chart_cities_desc", "city", terms)}, nil
}

// cityGroups are the cities by province, provinces by name.
func (r *Renderer) cityGroups() []Group {
	s := r.site
	var groups []Group
	idx := map[string]int{}
	for _, c := range s.Data.Cities {
		i, ok := idx[c.Province]
		if !ok {
			i = len(groups)
			idx[c.Province] = i
			groups = append(groups, Group{Name: c.Province})
		}
		groups[i].Terms = append(groups[i].Terms, Term{Name: c.Name, URL: r.theme.URL(cityPath(c.ID)),
			Companies: len(s.CompaniesByCity[c.ID]), Parks: len(s.ParksByCity[c.ID]), Underserved: c.Underserved})
	}
	slices.SortStableFunc(groups, func(a, b Group) int { return strings.Compare(a.Name, b.Name) })
	return groups
}

// serviceTerms lists every service with its company count.
func (r *Renderer) serviceTerms() []Term {
	var terms []Term
	for _, sv := range r.site.Data.Services {
		terms = append(terms, Term{Name: sv.Label, URL: r.theme.URL(servicePath(sv.ID)), Note: sv.Description,
			Companies: len(r.site.CompaniesByService[sv.ID])})
	}
	return terms
}

func (r *Renderer) servicesView() (*View, error) {
	g := Group{Terms: r.serviceTerms()}
	return &View{Kind: "terms", Title: r.str("services"), HeadTitle: r.headTitle(r.str("services")), Description: r.str("services_intro"),
		Intro: r.str("services_intro"), OGType: "website", Groups: []Group{g},
		Chart: r.countChart("services-chart", "chart_services_title", "chart_services_desc", "facet_service", g.Terms)}, nil
}

// countChart charts the companies of terms that have any, most first, then by name.
func (r *Renderer) countChart(id, title, desc, category string, terms []Term) *chart.View {
	terms = slices.Clone(terms)
	slices.SortStableFunc(terms, func(a, b Term) int {
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

func (r *Renderer) certificationsView() (*View, error) {
	g := Group{}
	for _, ct := range r.site.Data.Certifications {
		g.Terms = append(g.Terms, Term{Name: ct.Label, URL: r.theme.URL(certificationPath(ct.ID)),
			Companies: len(r.site.CompaniesByCertification[ct.ID])})
	}
	return &View{Kind: "terms", Title: r.str("certifications"), HeadTitle: r.headTitle(r.str("certifications")),
		Description: r.str("certifications_intro"), Intro: r.str("certifications_intro"), OGType: "website", Groups: []Group{g}}, nil
}

func (r *Renderer) newsListView(items []*content.News, pager *Pager) (*View, error) {
	title := r.str("news")
	head := title
	if pager.Number > 1 {
		head = fmt.Sprintf(r.str("page_title"), title, pager.Number, pager.Total)
	}
	return &View{Kind: "newslist", Title: title, HeadTitle: r.headTitle(head), Description: r.str("news_intro"),
		Intro: r.str("news_intro"), OGType: "website", NewsItems: items, Pager: pager}, nil
}

func (r *Renderer) shortlistView() (*View, error) {
	return &View{Kind: "shortlist", Title: r.str("shortlist"), HeadTitle: r.headTitle(r.str("shortlist")),
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

func (r *Renderer) notFoundView() (*View, error) {
	return &View{Kind: "404", Title: r.str("not_found"), HeadTitle: r.headTitle(r.str("not_found")), Description: r.str("not_found_text")}, nil
}

// SameFrame reports whether r and other draw the same frame around every page (title,
// menu, feed link): when not, every page of the language changes.
func (r *Renderer) SameFrame(other *Renderer) bool { return reflect.DeepEqual(r.siteV, other.siteV) }

// SamePanel reports whether r and other draw the same filter panel (every facet value
// with its company count) on the directory's pages: when not, every listing page changes.
func (r *Renderer) SamePanel(other *Renderer) bool {
	return reflect.DeepEqual(r.facetLinks(), other.facetLinks())
}
