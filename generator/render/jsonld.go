package render

import (
	"strconv"

	"github.com/pseb/sitegen/generator/content"
)

// schema.org structured data for search engines, one @graph per page.

type ldObject = map[string]any

func (r *Renderer) addJSONLD(v *View) error {
	var graph []ldObject
	site := r.theme.Lang // the site's title in the page's language
	switch v.Kind {
	case "home":
		graph = append(graph, ldObject{"@type": "WebSite", "name": site.Title, "url": v.Canonical, "description": v.Description, "inLanguage": site.Code})
	case "company":
		c := v.Company
		org := ldObject{"@type": "Organization", "name": c.Name, "description": c.Summary, "url": v.Canonical,
			"address": ldObject{"@type": "PostalAddress", "addressLocality": c.City.Name, "addressRegion": c.City.Province, "addressCountry": "PK"}}
		if c.Website != "" {
			org["sameAs"] = c.Website
		}
		if c.Email != "" {
			org["email"] = c.Email
		}
		if c.Phone != "" {
			org["telephone"] = c.Phone
		}
		if c.Founded != 0 {
			org["foundingDate"] = strconv.Itoa(c.Founded) // a Date: the year alone is ISO 8601
		}
		if c.Logo != "" {
			org["logo"] = v.Canonical + c.Logo
		}
		if len(c.Services) > 0 {
			var names []string
			for _, s := range c.Services {
				names = append(names, s.Label)
			}
			org["knowsAbout"] = names
		}
		graph = append(graph, org)
	case "park":
		p := v.Park
		place := ldObject{"@type": "Place", "name": p.Name, "description": p.Summary, "url": v.Canonical,
			"address": ldObject{"@type": "PostalAddress", "addressLocality": p.City.Name, "addressRegion": p.City.Province, "addressCountry": "PK"}}
		if p.Location != nil {
			place["geo"] = ldObject{"@type": "GeoCoordinates", "latitude": p.Location.Lat, "longitude": p.Location.Lng}
		}
		graph = append(graph, place)
	case "news":
		n := v.News
		graph = append(graph, ldObject{"@type": "NewsArticle", "headline": n.Title, "description": n.Summary, "inLanguage": r.textLang(&n.Entry),
			"datePublished": n.Date.Format("2006-01-02"), "mainEntityOfPage": v.Canonical,
			"publisher": ldObject{"@type": "Organization", "name": site.Title, "url": r.theme.AbsURL("")}})
	}
	if len(v.Breadcrumbs) > 0 {
		var items []ldObject
		for i, b := range v.Breadcrumbs {
			items = append(items, ldObject{"@type": "ListItem", "position": i + 1, "name": b.Name, "item": r.absFromURL(b.URL)})
		}
		items = append(items, ldObject{"@type": "ListItem", "position": len(items) + 1, "name": v.Title, "item": v.Canonical})
		graph = append(graph, ldObject{"@type": "BreadcrumbList", "itemListElement": items})
	}
	if len(graph) == 0 {
		return nil
	}
	js, err := jsonLD(ldObject{"@context": "https://schema.org", "@graph": graph})
	v.JSONLD = js
	return err
}

// textLang is the language e's text is shown in on this renderer's pages: the page's
// language when a translation gives the body, else the default language's.
func (r *Renderer) textLang(e *content.Entry) string {
	if r.theme.Lang.Prefix == "" || (e.Translations[r.theme.Lang.Code] != nil && !e.Fallback) {
		return r.theme.Lang.Code
	}
	return r.site.Config.Languages[0].Code
}

// absFromURL turns a site-relative URL made by Theme.URL into an absolute one.
func (r *Renderer) absFromURL(u string) string {
	base := *r.site.Config.BaseURL
	base.Path = u
	return base.String()
}
