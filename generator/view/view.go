// Package view owns the data a theme's layouts and partials receive: one Page per output
// page, with what every page has (the site, its language and alternates, menu, head and
// body) and the part of its kind (Home, Profile, ParkPage, Listing, Index), plus the values
// shortcodes draw; and the Builder that draws the parts made from the whole site in one
// language (menu, index groups and charts, the filter panel, map, roll-out, pagers).
// Package render decides which pages exist and fills each page's own fields.
package view

import (
	"html/template"

	"github.com/pseb/sitegen/generator/chart"
	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/geo"
	"github.com/pseb/sitegen/generator/images"
	"github.com/pseb/sitegen/generator/rollout"
	"github.com/pseb/sitegen/generator/theme"
)

// Page is what a layout receives as ".".
type Page struct {
	Site       *Site
	Lang       *config.Language
	Alternates []Alternate // the page in each language; empty for a one-language site
	Kind       string      // home, company, park, page, news, list, terms, parks, newslist, shortlist, 404
	Path       string      // URL path below the site root
	Title      string      // the page's heading
	HeadTitle  string      // <title>
	// Description is the meta description; Intro the text under a listing's heading.
	Description, Intro string
	Canonical          string
	OGType             string
	Breadcrumbs        []Link // ancestors, home first; the page itself is not included
	Menu               []MenuLink
	JSONLD             template.JS

	// Body is the content file's body (Source), Picture its photo (nil when it has none).
	Body    template.HTML
	Picture *images.Picture
	// Source is the content file whose body the page shows, nil for generated pages.
	Source *content.Entry
	// Fallback is set when the body is shown in the default language because it has no
	// translation (BodyLang is then that language's code, for the lang attribute).
	Fallback          bool
	BodyLang, BodyDir string
	// TextAttrs are the lang/dir attributes of the page's own title, LedeAttrs of its
	// summary (the home page's may be the language's site description instead: SiteLede).
	TextAttrs, LedeAttrs template.HTMLAttr
	SiteLede             bool
	// Video is set when the body has a click-to-load video (its script is needed).
	Video bool

	// The part of the page's kind; the others are nil.
	Home     *Home         // home
	Profile  *Profile      // company
	ParkPage *ParkPage     // park
	Page     *content.Page // page
	News     *content.News // news
	Listing  *Listing      // list, newslist
	Index    *Index        // terms, parks

	partials *theme.PartialCache
}

// UsePartialCache makes the page's partialCached calls share cache (its renderer's).
func (p *Page) UsePartialCache(cache *theme.PartialCache) { p.partials = cache }

// PartialCache is the cache of the renderer that draws the page, for the templates'
// partialCached.
func (p *Page) PartialCache() *theme.PartialCache { return p.partials }

// Directory is the filter panel of a company listing, nil on other pages (the layouts
// load the directory's script with it).
func (p *Page) Directory() *Directory {
	if p.Listing == nil {
		return nil
	}
	return p.Listing.Directory
}

// Home is the home page's part: featured companies, the parks by status with their map and
// roll-out, the latest news and the site's counts.
type Home struct {
	Featured []*content.Company
	Parks    []Group // by status
	Map      *geo.MapView
	Rollout  *rollout.Chart // its sentence; nil when no park has a date
	News     []*content.News
	Stats    Stats
}

// Stats are the home page's counts.
type Stats struct {
	Companies, Parks, Cities, Services int
}

// Profile is a company profile's part.
type Profile struct {
	Company *content.Company
	Related []*content.Company
}

// ParkPage is a park page's part: the park, its tenants, and the map with it marked.
type ParkPage struct {
	Park    *content.Park
	Tenants []*content.Company
	// Map shows the parks on the country outline; nil when the theme has no outline or no
	// park has a location.
	Map *geo.MapView
}

// Listing is one page of a paginated listing: companies (with the city's parks on the
// first page of a city's listing and the filter panel), or news.
type Listing struct {
	Companies []*content.Company
	Parks     []*content.Park
	News      []*content.News
	Total     int // entries in the whole listing
	Pager     *Pager
	// Directory is set on company listings: the filters that the script turns into a
	// search, and their links to the static listing pages for browsers without it.
	Directory *Directory
}

// Index is the part of the pages that index the site by a term: cities by province,
// services, certifications, or the parks by status with their map and roll-out.
type Index struct {
	Groups  []Group
	Chart   *chart.View // a bar chart of the groups' counts
	Map     *geo.MapView
	Rollout *rollout.Chart // the parks' roll-out against the plan; nil when no park has a date
}

// Alternate is the same page in one of the site's languages.
type Alternate struct {
	Lang    *config.Language
	URL     string // site-relative, for the language switcher
	AbsURL  string // for hreflang
	Current bool   // the page being rendered
}

// Directory is the filter panel of a company listing.
type Directory struct {
	Index string // URL of the search manifest
	// Fixed is the filter the listing stands for ("city" and "lahore" on /cities/lahore/);
	// empty on /companies/.
	FixedFacet, FixedValue string
	Facets                 []Facet // every facet, in the order shown
	// Links are the facets that have static listing pages, with links and company counts:
	// on the first page of a listing only. The counts are the whole site's, so drawing
	// them on every page would make each company added or removed change every listing
	// page (8,466 at PSEB's size) for a panel the script replaces anyway.
	Links []Facet
	// First is, on the later pages of a listing, the URL of its first page, where the
	// links are; "" on the first page.
	First string
}

// Facet is one filter of the directory; Groups are its values (one unnamed group unless
// grouped, as cities by province), with URLs only in Directory.Links.
type Facet struct {
	ID, Name string
	Groups   []Group
}

// Site is what every page knows of the site.
type Site struct {
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

// PageLink is one numbered page of a listing; Number 0 is a gap between runs.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// NewPager links page n of total pages, url giving each page's URL: the previous and next,
// and the first, the last and two either side of n, with a gap (Number 0) between runs, so
// a 200-page directory does not put 200 links on every page.
func NewPager(n, total int, url func(page int) string) *Pager {
	p := &Pager{Number: n, Total: total}
	if n > 1 {
		p.Prev = url(n - 1)
	}
	if n < total {
		p.Next = url(n + 1)
	}
	last := 0
	for i := 1; i <= total; i++ {
		if i != 1 && i != total && (i < n-2 || i > n+2) {
			continue
		}
		if last != 0 && i > last+1 {
			p.Pages = append(p.Pages, PageLink{})
		}
		p.Pages = append(p.Pages, PageLink{Number: i, URL: url(i), Current: i == n})
		last = i
	}
	return p
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

// CompanyList is what the companies shortcode shows: the first companies matching every
// filter, and a link to the listing of all of them when one filter has a listing page.
type CompanyList struct {
	Companies []*content.Company
	Total     int
	More      *Link
}

// Video is a click-to-load video: a link to the video's page that the script replaces by
// the player, so nothing loads from the video host until the reader asks.
type Video struct {
	Title, Provider, Watch, Embed string
}
