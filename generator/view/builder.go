package view

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/pseb/sitegen/generator/chart"
	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/geo"
	"github.com/pseb/sitegen/generator/permalink"
	"github.com/pseb/sitegen/generator/rollout"
	"github.com/pseb/sitegen/generator/search"
	"github.com/pseb/sitegen/generator/shortcode"
	"github.com/pseb/sitegen/generator/theme"
)

// Builder makes the parts of pages that are drawn from the site as a whole in one language:
// the frame (menu, alternates), the index groups and their charts, the directory's filter
// panel, the park map and roll-out, pagers, and what shortcodes draw. It is safe for
// concurrent use; the site and theme must not change while it is used.
type Builder struct {
	site  *content.Site
	theme *theme.Theme

	linksOnce sync.Once
	links     []Facet
}

// NewBuilder draws from site in the language of th.
func NewBuilder(site *content.Site, th *theme.Theme) *Builder { return &Builder{site: site, theme: th} }

// str returns an interface string; theme.Load has checked that the views' keys exist.
func (b *Builder) str(key string) string { return b.theme.String(key) }

// Alternates lists the page at local (its path below a language's root) in every language.
func (b *Builder) Alternates(local string) []Alternate {
	langs := b.site.Config.Languages
	if len(langs) < 2 {
		return nil
	}
	out := make([]Alternate, len(langs))
	for i := range langs {
		l := &langs[i]
		u := *b.site.Config.BaseURL
		u.Path += l.Prefix + local
		out[i] = Alternate{Lang: l, URL: u.Path, AbsURL: u.String(), Current: l.Code == b.theme.Lang.Code}
	}
	return out
}

// Site is what every page of the language knows of the site: its title, menu and feeds.
func (b *Builder) Site() *Site {
	cfg := b.site.Config
	lang := b.theme.Lang
	sv := &Site{Title: lang.Title, Description: lang.Description, Lang: lang.Code, Dir: lang.Dir, Contact: cfg.Contact, HasFeed: len(b.site.News) > 0, HasParksFeed: b.HasParksFeed(), PageSize: cfg.PageSize}
	if nl := lang.NumberLocale(); nl != lang.Code {
		sv.NumberLocale = nl
	}
	type weighted struct {
		Link
		w int
	}
	var items []weighted
	for i, sec := range []string{"companies", "parks", "cities", "services", "news"} {
		items = append(items, weighted{Link{Name: b.str(sec), URL: b.theme.URL(sec + "/"), Path: sec + "/"}, (i + 1) * 10})
	}
	for _, p := range b.site.Pages {
		if p.InMenu {
			items = append(items, weighted{Link{Name: p.Title, URL: b.theme.URL(p.Slug + "/"), Path: p.Slug + "/", Attrs: b.theme.TextAttrs(&p.Entry)}, p.MenuWeight})
		}
	}
	for _, m := range cfg.Menu {
		l := Link{Name: m.NameIn(lang.Code), URL: m.URL}
		if m.Names[lang.Code] == "" {
			l.Attrs = b.theme.DefaultLangAttrs()
		}
		if strings.HasPrefix(m.URL, "/") {
			l.URL, l.Path = b.theme.URL(m.URL), strings.TrimPrefix(m.URL, "/")
		}
		items = append(items, weighted{l, m.Weight})
	}
	slices.SortStableFunc(items, func(a, b weighted) int { return cmp.Compare(a.w, b.w) })
	for _, it := range items {
		sv.Menu = append(sv.Menu, it.Link)
	}
	return sv
}

// maxHeadTitle is where search engines cut a title off: past it the site's name is dropped.
const maxHeadTitle = 70

// HeadTitle is the <title> of a page headed title: with the site's name when it fits.
func (b *Builder) HeadTitle(title string) string {
	if title == "" {
		return b.theme.Lang.Title
	}
	if full := title + " · " + b.theme.Lang.Title; utf8.RuneCountInString(full) <= maxHeadTitle {
		return full
	}
	return title
}

// ParkGroups are the parks by status, in the order statuses are presented.
func (b *Builder) ParkGroups() []Group {
	var groups []Group
	for _, st := range content.ParkStatuses {
		g := Group{Name: b.str("status_" + st), ID: st}
		for _, p := range b.site.Parks {
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

// Pager links page n of total of the listing at base.
func (b *Builder) Pager(base string, n, total int) *Pager {
	return NewPager(n, total, func(i int) string { return b.theme.URL(permalink.Paged(base, i)) })
}

// Directory returns the filter panel of page n of the listing at base, whose fixed
// filter is facet=value (both empty for the whole directory). Only the first page has the
// static links with their counts; later pages link to it (see Directory.First).
func (b *Builder) Directory(base, facet, value string, n int) *Directory {
	d := &Directory{Index: b.theme.URL(search.ManifestPath), FixedFacet: facet, FixedValue: value}
	for _, id := range search.FacetIDs {
		d.Facets = append(d.Facets, Facet{ID: id, Name: b.str("facet_" + id)})
	}
	here := b.theme.URL(base)
	if n > 1 {
		d.First = here
		return d
	}
	mark := func(terms []Term) []Term {
		out := slices.Clone(terms)
		for i := range out {
			out[i].Current = out[i].URL == here
		}
		return out
	}
	for _, f := range b.FacetLinks() {
		f.Groups = slices.Clone(f.Groups)
		for i := range f.Groups {
			f.Groups[i].Terms = mark(f.Groups[i].Terms)
		}
		d.Links = append(d.Links, f)
	}
	return d
}

// FacetLinks lists the values of the facets that have listing pages, with their company
// counts, once per renderer.
func (b *Builder) FacetLinks() []Facet {
	b.linksOnce.Do(func() {
		s := b.site
		var services, certs, parks []Term
		for _, sv := range s.Data.Services {
			if n := len(s.CompaniesByService[sv.ID]); n > 0 {
				services = append(services, Term{Name: sv.Label, URL: b.theme.URL(permalink.Service(sv.ID)), Companies: n})
			}
		}
		for _, ct := range s.Data.Certifications {
			if n := len(s.CompaniesByCertification[ct.ID]); n > 0 {
				certs = append(certs, Term{Name: ct.Label, URL: b.theme.URL(permalink.Certification(ct.ID)), Companies: n})
			}
		}
		for _, p := range s.Parks {
			if n := len(s.CompaniesByPark[p.Slug]); n > 0 {
				parks = append(parks, Term{Name: p.Name, URL: b.theme.URL(permalink.Park(p)), Companies: n})
			}
		}
		var cities []Group
		for _, g := range b.CityGroups() {
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
				f.Name = b.str("facet_" + f.ID)
				b.links = append(b.links, f)
			}
		}
	})
	return b.links
}

// CityGroups are the cities by province, provinces by name.
func (b *Builder) CityGroups() []Group {
	s := b.site
	var groups []Group
	idx := map[string]int{}
	for _, c := range s.Data.Cities {
		i, ok := idx[c.Province]
		if !ok {
			i = len(groups)
			idx[c.Province] = i
			groups = append(groups, Group{Name: c.Province})
		}
		groups[i].Terms = append(groups[i].Terms, Term{Name: c.Name, URL: b.theme.URL(permalink.City(c.ID)),
			Companies: len(s.CompaniesByCity[c.ID]), Parks: len(s.ParksByCity[c.ID]), Underserved: c.Underserved})
	}
	slices.SortStableFunc(groups, func(a, b Group) int { return strings.Compare(a.Name, b.Name) })
	return groups
}

// ServiceTerms lists every service with its company count.
func (b *Builder) ServiceTerms() []Term {
	var terms []Term
	for _, sv := range b.site.Data.Services {
		terms = append(terms, Term{Name: sv.Label, URL: b.theme.URL(permalink.Service(sv.ID)), Note: sv.Description,
			Companies: len(b.site.CompaniesByService[sv.ID])})
	}
	return terms
}

// CountChart charts the companies of terms that have any, most first, then by name.
func (b *Builder) CountChart(id, title, desc, category string, terms []Term) *chart.View {
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
	return chart.BarChart(id, b.str(title), b.str(desc), b.str(category), b.str("chart_companies"), labels, values, b.theme.FormatNumber)
}

// StatusChart counts the parks by status, in the order statuses are presented.
func (b *Builder) StatusChart(id string) *chart.View {
	var labels []string
	var values []float64
	for _, g := range b.ParkGroups() {
		labels, values = append(labels, g.Name), append(values, float64(len(g.Parks)))
	}
	return chart.BarChart(id, b.str("chart_parks_title"), b.str("chart_parks_desc"), b.str("chart_status"), b.str("chart_parks"), labels, values, b.theme.FormatNumber)
}

// ParkMap draws every park with a location; current, when not nil, is marked as the
// page's own.
func (b *Builder) ParkMap(current *content.Park) *geo.MapView {
	return b.ParkMapOf(b.site.Parks, current)
}

// ParkMapOf draws parks, in their order, on the theme's map; nil when the theme has no
// outline or no park has a location.
func (b *Builder) ParkMapOf(parks []*content.Park, current *content.Park) *geo.MapView {
	if b.theme.Map == nil {
		return nil
	}
	var places []geo.Place
	for _, p := range parks {
		if p.Location != nil {
			places = append(places, geo.Place{Name: p.Name, URL: b.theme.URL(permalink.Park(p)), Status: p.Status,
				StatusLabel: b.str("status_" + p.Status), Label: p.City.Name, Lat: p.Location.Lat, Lng: p.Location.Lng, Current: p == current})
		}
	}
	legend := make([]geo.LegendItem, len(content.ParkStatuses))
	for i, st := range content.ParkStatuses {
		legend[i] = geo.LegendItem{Status: st, Label: b.str("status_" + st)}
	}
	return b.theme.Map.Draw(places, legend)
}

// rolloutOf is each park's stage dates: its milestones, or opened for a park without them.
func rolloutOf(parks []*content.Park) []rollout.Park {
	out := make([]rollout.Park, len(parks))
	for i, p := range parks {
		rp := rollout.Park{
			Planned:     p.MilestoneDate("announced"),
			Building:    p.MilestoneDate("construction_started"),
			Operational: p.MilestoneDate("operational"),
		}
		if rp.Planned.IsZero() {
			rp.Planned = p.MilestoneDate("approved")
		}
		if rp.Operational.IsZero() && p.Status == "operational" {
			rp.Operational = p.Opened
		}
		out[i] = rp
	}
	return out
}

// Rollout draws the roll-out of the site's parks to the build's month; nil without a
// plan or a milestone, or when no park has a date.
func (b *Builder) Rollout(id string) *rollout.Chart {
	var plan *rollout.Plan
	if p := b.site.Data.Plan; p != nil {
		plan = &rollout.Plan{Start: p.Start, PerMonth: p.ParksPerMonth}
	}
	if plan == nil && !b.HasParksFeed() {
		return nil // no milestone and no plan: nothing is rolling out
	}
	now := b.site.Now
	if now.IsZero() {
		now = time.Now()
	}
	s := rollout.Compute(rolloutOf(b.site.Parks), plan, now)
	if len(s.Months) == 0 {
		return nil
	}
	v := rollout.Draw(s, id, plan != nil, b.theme)
	var notes []string
	if v.Note != "" {
		notes = append(notes, v.Note)
	}
	if p := b.site.Data.Plan; p != nil && p.Note != "" {
		notes = append(notes, p.Note)
		if def := b.site.Config.Languages[0]; def.Code != b.theme.Lang.Code {
			v.NoteLang = def.Code // data files are written in the site's first language
		}
	}
	v.Note = strings.Join(notes, " ")
	return v
}

// ChartPartial is the partial that draws v.
func ChartPartial(v *chart.View) string {
	if v.Kind == "line" {
		return "partials/line-chart.html"
	}
	return "partials/bar-chart.html"
}

// Chart makes the chart a chart shortcode asks for.
func (b *Builder) Chart(c shortcode.Call) (*chart.View, error) {
	id := "chart-" + strconv.Itoa(c.Line)
	var v *chart.View
	switch c.Arg("of") {
	case "companies-by-city":
		var terms []Term
		for _, g := range b.CityGroups() {
			terms = append(terms, g.Terms...)
		}
		v = b.CountChart(id, "chart_cities_title", "chart_cities_desc", "city", terms)
	case "companies-by-service":
		g := b.ServiceTerms()
		v = b.CountChart(id, "chart_services_title", "chart_services_desc", "facet_service", g)
	case "parks-by-status":
		v = b.StatusChart(id)
	case "":
		d := b.site.Datasets[c.Arg("data")]
		if d == nil {
			return nil, fmt.Errorf("dataset %q does not exist", c.Arg("data"))
		}
		v = datasetChart(id, d.In(b.theme.Lang.Code), c.Arg("type"), b.theme.FormatNumber)
	}
	if v == nil {
		return nil, fmt.Errorf("nothing to chart")
	}
	if t := c.Arg("title"); t != "" {
		v.Title = t
	}
	if v.Desc == "" {
		v.Desc = v.Title
	}
	return v, nil
}

// datasetChart draws a dataset as its file says, or as typ when given.
func datasetChart(id string, d *config.Dataset, typ string, format func(float64) string) *chart.View {
	labels := make([]string, len(d.Points))
	values := make([]float64, len(d.Points))
	for i, p := range d.Points {
		labels[i], values[i] = p.Label, p.Value
	}
	if typ == "" {
		typ = d.Type
	}
	draw := chart.BarChart
	if typ == "line" {
		draw = chart.LineChart
	}
	v := draw(id, d.Title, d.Desc, d.X, d.Y, labels, values, format)
	if v != nil {
		v.Note = d.Note
	}
	return v
}

// CompanyList is the list a companies shortcode shows.
func (b *Builder) CompanyList(c shortcode.Call) (*CompanyList, error) {
	limit := 6
	if n, err := strconv.Atoi(c.Arg("limit")); err == nil {
		limit = n
	}
	s := b.site
	// Each filter's companies come from the site's index for it (in directory order); a
	// company is shown when every filter given lists it.
	type filter struct {
		companies []*content.Company
		link      Link
	}
	var filters []filter
	// The content package reports a reference to nothing; a renderer handed one anyway
	// (a shortcode it never checked) fails the page instead of crashing the build.
	missing := func(arg, id string) error { return fmt.Errorf("%s %q does not exist", arg, id) }
	if id := c.Arg("service"); id != "" {
		sv := s.Data.Service(id)
		if sv == nil {
			return nil, missing("service", id)
		}
		filters = append(filters, filter{s.CompaniesByService[id], Link{Name: sv.Label, URL: b.theme.URL(permalink.Service(id))}})
	}
	if id := c.Arg("city"); id != "" {
		city := s.Data.City(id)
		if city == nil {
			return nil, missing("city", id)
		}
		filters = append(filters, filter{s.CompaniesByCity[id], Link{Name: city.Name, URL: b.theme.URL(permalink.City(id))}})
	}
	if id := c.Arg("certification"); id != "" {
		cert := s.Data.Certification(id)
		if cert == nil {
			return nil, missing("certification", id)
		}
		filters = append(filters, filter{s.CompaniesByCertification[id], Link{Name: cert.Label, URL: b.theme.URL(permalink.Certification(id))}})
	}
	if slug := c.Arg("park"); slug != "" {
		p := s.ParkBySlug(slug)
		if p == nil {
			return nil, missing("park", slug)
		}
		filters = append(filters, filter{s.CompaniesByPark[slug], Link{Name: p.Name, URL: b.theme.URL(permalink.Park(p))}})
	}
	l := &CompanyList{}
	if len(filters) == 0 {
		return l, nil
	}
	for _, co := range filters[0].companies {
		if !slices.ContainsFunc(filters[1:], func(f filter) bool { return !slices.Contains(f.companies, co) }) {
			l.Total++
			if len(l.Companies) < limit {
				l.Companies = append(l.Companies, co)
			}
		}
	}
	if len(filters) == 1 && l.Total > len(l.Companies) {
		l.More = &filters[0].link
	}
	return l, nil
}

// VideoOf is the click-to-load video of a video shortcode.
func VideoOf(c shortcode.Call) Video {
	if id := c.Arg("youtube"); id != "" {
		return Video{Title: c.Arg("title"), Provider: "YouTube", Watch: "https://www.youtube.com/watch?v=" + id,
			Embed: "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"}
	}
	id := c.Arg("vimeo")
	return Video{Title: c.Arg("title"), Provider: "Vimeo", Watch: "https://vimeo.com/" + id,
		Embed: "https://player.vimeo.com/video/" + id + "?autoplay=1&dnt=1"}
}

// HasParksFeed reports whether some park has a milestone to announce.
func (b *Builder) HasParksFeed() bool {
	for _, p := range b.site.Parks {
		if len(p.Milestones) > 0 {
			return true
		}
	}
	return false
}
