package render

import (
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/util"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/shortcode"
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
		_, err := fmt.Fprintf(w, "<div class=\"callout callout-%s\" role=\"note\">\n<p class=\"callout-title\"%s>%s</p>\n", typ, titleLang, html.EscapeString(title))
		return err
	case "chart":
		v, err := r.shortcodeChart(c)
		if err != nil {
			return err
		}
		return r.theme.partial(w, chartPartial(v), v)
	case "park-map":
		var current *content.Park
		if slug := c.Arg("park"); slug != "" {
			current = r.parkBySlug(slug)
		}
		m := r.parkMap(current)
		if m == nil {
			return nil // the theme has no outline
		}
		m.ID = "park-map-" + strconv.Itoa(c.Line)
		return r.theme.partial(w, "partials/park-map.html", m)
	case "companies":
		return r.theme.partial(w, "partials/company-list.html", r.companyList(c))
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
		return r.theme.partial(w, "partials/contact-button.html", map[string]string{"Label": c.Arg("label"), "Href": href, "Email": to})
	case "video":
		return r.theme.partial(w, "partials/video.html", videoView(c))
	}
	return fmt.Errorf("unknown shortcode %q", c.Name)
}

func chartPartial(v *ChartView) string {
	if v.Kind == "line" {
		return "partials/line-chart.html"
	}
	return "partials/bar-chart.html"
}

// shortcodeChart makes the chart a chart shortcode asks for.
func (r *Renderer) shortcodeChart(c shortcode.Call) (*ChartView, error) {
	id := "chart-" + strconv.Itoa(c.Line)
	var v *ChartView
	switch c.Arg("of") {
	case "companies-by-city":
		var terms []Term
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
func datasetChart(id string, d *config.Dataset, typ string, format func(float64) string) *ChartView {
	labels := make([]string, len(d.Points))
	values := make([]float64, len(d.Points))
	for i, p := range d.Points {
		labels[i], values[i] = p.Label, p.Value
	}
	if typ == "" {
		typ = d.Type
	}
	draw := barChart
	if typ == "line" {
		draw = lineChart
	}
	v := draw(id, d.Title, d.Desc, d.X, d.Y, labels, values, format)
	if v != nil {
		v.Note = d.Note
	}
	return v
}

func (r *Renderer) parkBySlug(slug string) *content.Park {
	for _, p := range r.site.Parks {
		if p.Slug == slug {
			return p
		}
	}
	return nil
}

// CompanyList is what the companies shortcode shows: the first companies matching every
// filter, and a link to the listing of all of them when one filter has a listing page.
type CompanyList struct {
	Companies []*content.Company
	Total     int
	More      *Link
}

func (r *Renderer) companyList(c shortcode.Call) *CompanyList {
	limit := 6
	if n, err := strconv.Atoi(c.Arg("limit")); err == nil {
		limit = n
	}
	l := &CompanyList{}
	var listing *Link
	filters := 0
	for _, f := range []struct {
		arg  string
		path func(string) string
		name func(string) string
	}{
		{"service", servicePath, func(id string) string { return r.site.Data.Service(id).Label }},
		{"city", cityPath, func(id string) string { return r.site.Data.City(id).Name }},
		{"certification", certificationPath, func(id string) string { return r.site.Data.Certification(id).Label }},
		{"park", func(slug string) string { return parkPath(r.parkBySlug(slug)) }, func(slug string) string { return r.parkBySlug(slug).Name }},
	} {
		if v := c.Arg(f.arg); v != "" {
			filters++
			listing = &Link{Name: f.name(v), URL: r.theme.URL(f.path(v))}
		}
	}
	for _, co := range r.site.Companies {
		if matches(co, c) {
			l.Total++
			if len(l.Companies) < limit {
				l.Companies = append(l.Companies, co)
			}
		}
	}
	if filters == 1 && l.Total > len(l.Companies) {
		l.More = listing
	}
	return l
}

func matches(co *content.Company, c shortcode.Call) bool {
	if id := c.Arg("service"); id != "" && !hasID(co.Services, id, func(s *config.Service) string { return s.ID }) {
		return false
	}
	if id := c.Arg("certification"); id != "" && !hasID(co.Certifications, id, func(s *config.Certification) string { return s.ID }) {
		return false
	}
	if id := c.Arg("city"); id != "" && co.City.ID != id {
		return false
	}
	if slug := c.Arg("park"); slug != "" && (co.Park == nil || co.Park.Slug != slug) {
		return false
	}
	return true
}

func hasID[T any](list []*T, id string, idOf func(*T) string) bool {
	for _, x := range list {
		if idOf(x) == id {
			return true
		}
	}
	return false
}

// VideoView is a click-to-load video: a link to the video's page that the script replaces
// by the player, so nothing loads from the video host until the reader asks.
type VideoView struct {
	Title, Provider, Watch, Embed string
}

func videoView(c shortcode.Call) VideoView {
	if id := c.Arg("youtube"); id != "" {
		return VideoView{Title: c.Arg("title"), Provider: "YouTube", Watch: "https://www.youtube.com/watch?v=" + id,
			Embed: "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"}
	}
	id := c.Arg("vimeo")
	return VideoView{Title: c.Arg("title"), Provider: "Vimeo", Watch: "https://vimeo.com/" + id,
		Embed: "https://player.vimeo.com/video/" + id + "?autoplay=1&dnt=1"}
}
