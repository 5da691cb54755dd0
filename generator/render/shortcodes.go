package render

import (
	"fmt"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/util"

	"github.com/pseb/sitegen/generator/chart"
	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/permalink"
	"github.com/pseb/sitegen/generator/shortcode"
	"github.com/pseb/sitegen/generator/view"
)

// writeShortcode draws a shortcode of a body (see package shortcode for what each does);
// the content package has checked its arguments and references.
//
// In another language than the default, what a shortcode draws is in the page's language
// (its strings, a dataset's translation) even inside a body shown untranslated, so it
// carries that language's lang and dir.
func (r *Renderer) writeShortcode(w util.BufWriter, c shortcode.Call, entering bool) error {
	lang := ""
	if l := r.theme.Lang; l.Prefix != "" {
		lang = fmt.Sprintf(` lang="%s" dir="%s"`, l.Code, l.Dir)
	}
	if c.Name != "callout" && lang != "" {
		fmt.Fprintf(w, "<div%s>\n", lang)
		defer w.WriteString("</div>\n")
	}
	switch c.Name {
	case "callout":
		if !entering {
			_, err := w.WriteString("</div>\n")
			return err
		}
		typ := c.Arg("type")
		if typ == "" {
			typ = "note"
		}
		// The title is the page language's word unless the editor wrote one (in the body's
		// language); the box's content is the body's.
		title, titleLang := c.Arg("title"), ""
		if title == "" {
			title, titleLang = r.str("callout_"+typ), lang
		}
		_, err := fmt.Fprintf(w, "<div class=\"callout callout-%s\" role=\"note\">\n<p class=\"callout-title\"%s>%s</p>\n", html.EscapeString(typ), titleLang, html.EscapeString(title))
		return err
	case "chart":
		v, err := r.shortcodeChart(c)
		if err != nil {
			return err
		}
		return r.theme.Partial(w, chartPartial(v), v)
	case "park-map":
		var current *content.Park
		if slug := c.Arg("park"); slug != "" {
			if current = r.site.ParkBySlug(slug); current == nil {
				return fmt.Errorf("park %q does not exist", slug)
			}
		}
		m := r.parkMap(current)
		if m == nil {
			return nil // the theme has no outline
		}
		m.ID = "park-map-" + strconv.Itoa(c.Line)
		return r.theme.Partial(w, "partials/park-map.html", m)
	case "companies":
		l, err := r.companyList(c)
		if err != nil {
			return err
		}
		return r.theme.Partial(w, "partials/company-list.html", l)
	case "contact":
		to := c.Arg("email")
		if to == "" {
			to = r.site.Config.Contact.Email
		}
		href := "mailto:" + url.PathEscape(to)
		if s := c.Arg("subject"); s != "" {
			// RFC 6068: a space is %20 in a mailto: URI, never "+".
			href += "?subject=" + strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
		}
		return r.theme.Partial(w, "partials/contact-button.html", map[string]string{"Label": c.Arg("label"), "Href": href, "Email": to})
	case "video":
		return r.theme.Partial(w, "partials/video.html", videoView(c))
	case "underserved-cities":
		var cities []*config.City
		for _, c := range r.site.Data.Cities {
			if c.Underserved {
				cities = append(cities, c)
			}
		}
		return r.theme.Partial(w, "partials/city-list.html", cities)
	}
	return fmt.Errorf("unknown shortcode %q", c.Name)
}

func chartPartial(v *chart.View) string {
	if v.Kind == "line" {
		return "partials/line-chart.html"
	}
	return "partials/bar-chart.html"
}

// shortcodeChart makes the chart a chart shortcode asks for.
func (r *Renderer) shortcodeChart(c shortcode.Call) (*chart.View, error) {
	id := "chart-" + strconv.Itoa(c.Line)
	var v *chart.View
	switch c.Arg("of") {
	case "companies-by-city":
		var terms []view.Term
		for _, g := range r.cityGroups() {
			terms = append(terms, g.Terms...)
		}
		v = r.countChart(id, "chart_cities_title", "chart_cities_desc", "city", terms)
	case "companies-by-service":
		g := r.serviceTerms()
		v = r.countChart(id, "chart_services_title", "chart_services_desc", "facet_service", g)
	case "parks-by-status":
		v = r.statusChart(id)
	case "":
		d := r.site.Datasets[c.Arg("data")]
		if d == nil {
			return nil, fmt.Errorf("dataset %q does not exist", c.Arg("data"))
		}
		v = datasetChart(id, d.In(r.theme.Lang.Code), c.Arg("type"), r.theme.FormatNumber)
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

func (r *Renderer) companyList(c shortcode.Call) (*view.CompanyList, error) {
	limit := 6
	if n, err := strconv.Atoi(c.Arg("limit")); err == nil {
		limit = n
	}
	s := r.site
	// Each filter's companies come from the site's index for it (in directory order); a
	// company is shown when every filter given lists it.
	type filter struct {
		companies []*content.Company
		link      view.Link
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
		filters = append(filters, filter{s.CompaniesByService[id], view.Link{Name: sv.Label, URL: r.theme.URL(permalink.Service(id))}})
	}
	if id := c.Arg("city"); id != "" {
		city := s.Data.City(id)
		if city == nil {
			return nil, missing("city", id)
		}
		filters = append(filters, filter{s.CompaniesByCity[id], view.Link{Name: city.Name, URL: r.theme.URL(permalink.City(id))}})
	}
	if id := c.Arg("certification"); id != "" {
		cert := s.Data.Certification(id)
		if cert == nil {
			return nil, missing("certification", id)
		}
		filters = append(filters, filter{s.CompaniesByCertification[id], view.Link{Name: cert.Label, URL: r.theme.URL(permalink.Certification(id))}})
	}
	if slug := c.Arg("park"); slug != "" {
		p := s.ParkBySlug(slug)
		if p == nil {
			return nil, missing("park", slug)
		}
		filters = append(filters, filter{s.CompaniesByPark[slug], view.Link{Name: p.Name, URL: r.theme.URL(permalink.Park(p))}})
	}
	l := &view.CompanyList{}
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

// videoView is the click-to-load video of a video shortcode.
func videoView(c shortcode.Call) view.Video {
	if id := c.Arg("youtube"); id != "" {
		return view.Video{Title: c.Arg("title"), Provider: "YouTube", Watch: "https://www.youtube.com/watch?v=" + id,
			Embed: "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"}
	}
	id := c.Arg("vimeo")
	return view.Video{Title: c.Arg("title"), Provider: "Vimeo", Watch: "https://vimeo.com/" + id,
		Embed: "https://player.vimeo.com/video/" + id + "?autoplay=1&dnt=1"}
}
