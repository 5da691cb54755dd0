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
		v, err := r.views.Chart(c)
		if err != nil {
			return err
		}
		return r.theme.Partial(w, view.ChartPartial(v), v)
	case "park-map":
		var current *content.Park
		if slug := c.Arg("park"); slug != "" {
			if current = r.site.ParkBySlug(slug); current == nil {
				return fmt.Errorf("park %q does not exist", slug)
			}
		}
		m := r.views.ParkMap(current)
		if m == nil {
			return nil // the theme has no outline
		}
		m.ID = "park-map-" + strconv.Itoa(c.Line)
		return r.theme.Partial(w, "partials/park-map.html", m)
	case "companies":
		l, err := r.views.CompanyList(c)
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
		return r.theme.Partial(w, "partials/video.html", view.VideoOf(c))
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
