package render

import (
	"cmp"
	"context"
	"fmt"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/permalink"
	"github.com/pseb/sitegen/generator/search"
	"github.com/pseb/sitegen/generator/view"
)

// Route is one output file: where it goes, how it is made, and which content files it was
// made from. Watch mode re-renders a route when one of its Sources changes; AllSources marks
// routes (sitemap, feeds, home) that depend on the whole site.
type Route struct {
	Path    string // URL path below the site root: "companies/acme/" ("" for the home page)
	File    string // output file, slash-separated: "companies/acme/index.html"
	Layout  string // theme layout, "" for files generated without a template
	Sources []string
	// AllSources is set when the route lists or counts all content of some kind.
	AllSources bool
	// Listed is, for a page of a company listing, how many companies the whole listing
	// holds: besides its own entries (Sources) the page shows that count and its page
	// links; a first page also the filter links, whose counts are the renderer's (Panel,
	// Renderer.SamePanel).
	Listed int
	// Panel is set on the pages that show the directory's filter links with the site's
	// company counts (the first page of a company listing).
	Panel bool
	// Own is the content file the page is made from (its body is on this page only), ""
	// for listings and generated files.
	Own string
	// Subject is the content file the page is about (a profile's, in any language), ""
	// for listings and generated files.
	Subject string
	// Lang is the language of the page ("en", "zh"); Local its path in that language's
	// tree ("companies/acme/" for "zh/companies/acme/").
	Lang, Local string

	view func() (*view.Page, error)
	gen  func(*Renderer) ([]byte, error)
	// files makes a set of files whose names depend on their content (the search index):
	// File is the one with a stable name. It runs after every other route of a write, when
	// the renderer has seen every body.
	files func(*Renderer, context.Context) ([]File, error)
	kind  string
}

// File is a file of a late route (the search index's), by slash-separated path below the
// output root.
type File = search.File

// Kind names what the route shows ("company", "list", "sitemap", ...), for summaries.
func (r Route) Kind() string { return r.kind }

// CountKinds counts routes by Kind, for a build's summary.
func CountKinds(routes []Route) map[string]int {
	m := map[string]int{}
	for _, r := range routes {
		m[r.kind]++
	}
	return m
}

// Late reports whether the route makes several files with RenderFiles, after all other
// routes of the same write have rendered.
func (r Route) Late() bool { return r.files != nil }

func htmlRoute(kind, path, layout string, sources []string, makeView func() (*view.Page, error)) Route {
	return Route{Path: path, File: path + "index.html", Layout: layout, Sources: sources, view: makeView, kind: kind}
}

// entryRoute is the page of one content file; more sources are files whose cards it shows.
func (r *Renderer) entryRoute(kind, path, layout string, e *content.Entry, more []string, makeView func() (*view.Page, error)) Route {
	// The page shows the text of its translation, or of the file itself.
	own := cmp.Or(e.TextSource, e.Source)
	sources := []string{own}
	if own != e.Source {
		sources = append(sources, e.Source)
	}
	rt := htmlRoute(kind, path, layout, append(append(sources, more...), r.cardsInBody(e)...), makeView)
	rt.Own, rt.Subject = own, e.Source
	return rt
}

// Routes lists every output file of the site in a fixed order.
func (r *Renderer) Routes() []Route {
	s := r.site
	// Sized once: 65,000 routes of ~250 bytes would otherwise be copied at every doubling.
	listings := pageCount(len(s.Companies), s.Config.PageSize)
	for _, c := range s.Data.Cities {
		listings += pageCount(len(s.CompaniesByCity[c.ID]), s.Config.PageSize)
	}
	for _, sv := range s.Data.Services {
		listings += pageCount(len(s.CompaniesByService[sv.ID]), s.Config.PageSize)
	}
	for _, ct := range s.Data.Certifications {
		listings += pageCount(len(s.CompaniesByCertification[ct.ID]), s.Config.PageSize)
	}
	out := make([]Route, 0, 16+len(s.Companies)+len(s.Parks)+len(s.Pages)+2*len(s.News)+listings)
	home := Route{Path: "", File: "index.html", Layout: "home.html", AllSources: true, view: r.homeView, kind: "home"}
	if s.Home != nil {
		home.Sources = r.cardsInBody(&s.Home.Entry)
	}
	out = append(out, home)
	for _, c := range s.Companies {
		out = append(out, r.entryRoute("company", permalink.Company(c), "company.html", &c.Entry, nil, func() (*view.Page, error) { return r.companyView(c) }))
	}
	for _, p := range s.Parks {
		var tenants []string
		for _, c := range s.CompaniesByPark[p.Slug] {
			tenants = append(tenants, c.Source)
		}
		out = append(out, r.entryRoute("park", permalink.Park(p), "park.html", &p.Entry, tenants, func() (*view.Page, error) { return r.parkView(p) }))
	}
	for _, p := range s.Pages {
		out = append(out, r.entryRoute("page", p.Slug+"/", "page.html", &p.Entry, nil, func() (*view.Page, error) { return r.pageView(p) }))
	}
	for _, n := range s.News {
		out = append(out, r.entryRoute("news", permalink.News(n), "news.html", &n.Entry, nil, func() (*view.Page, error) { return r.newsView(n) }))
	}

	out = append(out, r.paginated("companies/", "", "", r.str("companies"), r.str("companies_intro"), s.Companies, nil)...)
	out = append(out, Route{Path: "parks/", File: "parks/index.html", Layout: "parks.html", AllSources: true, view: r.parksView, kind: "list"})
	out = append(out, Route{Path: "cities/", File: "cities/index.html", Layout: "terms.html", AllSources: true, view: r.citiesView, kind: "terms"})
	for _, c := range s.Data.Cities {
		out = append(out, r.paginated(permalink.City(c.ID), "city", c.ID, c.Name, fmt.Sprintf(r.str("city_intro"), c.Name, c.Province), s.CompaniesByCity[c.ID], s.ParksByCity[c.ID])...)
	}
	out = append(out, Route{Path: "services/", File: "services/index.html", Layout: "terms.html", AllSources: true, view: r.servicesView, kind: "terms"})
	for _, sv := range s.Data.Services {
		out = append(out, r.paginated(permalink.Service(sv.ID), "service", sv.ID, sv.Label, sv.Description, s.CompaniesByService[sv.ID], nil)...)
	}
	out = append(out, Route{Path: "certifications/", File: "certifications/index.html", Layout: "terms.html", AllSources: true, view: r.certificationsView, kind: "terms"})
	for _, ct := range s.Data.Certifications {
		out = append(out, r.paginated(permalink.Certification(ct.ID), "certification", ct.ID, ct.Label, fmt.Sprintf(r.str("certification_intro"), ct.Label), s.CompaniesByCertification[ct.ID], nil)...)
	}
	out = append(out, r.newsPages()...)
	out = append(out, Route{Path: "shortlist/", File: "shortlist/index.html", Layout: "shortlist.html", view: r.shortlistView, kind: "shortlist"})
	out = append(out, Route{Path: "404.html", File: "404.html", Layout: "404.html", view: r.notFoundView, kind: "404"})
	out = append(out, r.sitemapRoutes(out)...)
	out = append(out, Route{Path: "robots.txt", File: "robots.txt", gen: (*Renderer).robots, kind: "robots"})
	out = append(out, Route{Path: search.ManifestPath, File: search.ManifestPath, AllSources: true, files: (*Renderer).searchIndex, kind: "search"})
	if len(s.News) > 0 {
		out = append(out, Route{Path: "feed.xml", File: "feed.xml", AllSources: true, gen: (*Renderer).newsFeed, kind: "feed"})
	}
	if r.views.HasParksFeed() {
		out = append(out, Route{Path: "parks/feed.xml", File: "parks/feed.xml", AllSources: true, gen: (*Renderer).parksFeed, kind: "feed"})
	}
	if r.theme.Lang.Prefix == "" {
		// Host files and the redirects of old addresses are the site's, not a language's.
		aliases := r.aliases()
		out = append(out, r.aliasRoutes(aliases)...)
		if len(aliases) > 0 {
			out = append(out, Route{Path: "_redirects", File: "_redirects", AllSources: true, gen: (*Renderer).redirects, kind: "redirects"})
		}
		out = append(out, Route{Path: "_headers", File: "_headers", AllSources: true, gen: (*Renderer).headers, kind: "headers"})
	}
	// Every language has the same pages below its prefix; the sitemap and robots.txt are
	// the site's, written once at the root.
	kept := out[:0]
	for _, rt := range out {
		if r.theme.Lang.Prefix != "" && (rt.kind == "sitemap" || rt.kind == "robots") {
			continue
		}
		kept = append(kept, r.localRoute(rt))
	}
	return kept
}

// cardsInBody lists the companies whose cards the body's companies shortcodes show: their
// facts are on its page.
func (r *Renderer) cardsInBody(e *content.Entry) []string {
	var out []string
	for _, c := range e.Shortcodes {
		if c.Name == "companies" {
			l, err := r.views.CompanyList(c)
			if err != nil {
				continue // the page's render reports it
			}
			for _, co := range l.Companies {
				out = append(out, co.Source)
			}
		}
	}
	return out
}

// pageCount is how many pages a listing of n entries takes, size per page: one at least.
func pageCount(n, size int) int { return max(1, (n+size-1)/size) }

// paginated makes the routes of a company listing split into pages of page_size; the
// listing shows the companies whose facet has value ("" for all companies).
func (r *Renderer) paginated(base, facet, value, heading, intro string, companies []*content.Company, parks []*content.Park) []Route {
	size := r.site.Config.PageSize
	total := pageCount(len(companies), size)
	routes := make([]Route, 0, total)
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*size, min(n*size, len(companies))
		entries := companies[lo:hi]
		sources := make([]string, 0, len(entries))
		for _, c := range entries {
			sources = append(sources, c.Source)
		}
		var pageParks []*content.Park
		if n == 1 {
			pageParks = parks
			for _, p := range parks {
				sources = append(sources, p.Source)
			}
		}
		rt := htmlRoute("list", permalink.Paged(base, n), "list.html", sources, func() (*view.Page, error) {
			return r.listView(base, heading, intro, entries, pageParks, r.views.Pager(base, n, total), len(companies), r.views.Directory(base, facet, value, n))
		})
		// Page boundaries move with Sources; the count, page links and panel with these.
		rt.Listed, rt.Panel = len(companies), n == 1
		routes = append(routes, rt)
	}
	return routes
}

func (r *Renderer) newsPages() []Route {
	size := r.site.Config.PageSize
	news := r.site.News
	total := pageCount(len(news), size)
	var routes []Route
	for n := 1; n <= total; n++ {
		items := news[(n-1)*size : min(n*size, len(news))]
		pager := r.views.Pager("news/", n, total)
		routes = append(routes, Route{Path: permalink.Paged("news/", n), File: permalink.Paged("news/", n) + "index.html", Layout: "newslist.html",
			AllSources: true, kind: "list", view: func() (*view.Page, error) { return r.newsListView(items, pager) }})
	}
	return routes
}
