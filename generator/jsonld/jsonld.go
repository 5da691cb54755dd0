// Package jsonld owns the schema.org structured data a page carries for search engines:
// one object per kind of page (a company's Organization, a park's Place, a news item's
// NewsArticle, the home page's WebSite), the breadcrumb trail, and the @graph that holds
// them, encoded so that no text can end the <script> element early.
package jsonld

import (
	"encoding/json"
	"html/template"
	"strconv"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
)

// Object is one schema.org object.
type Object = map[string]any

// WebSite describes the site on its home page.
func WebSite(title, url, description, lang string) Object {
	return Object{"@type": "WebSite", "name": title, "url": url, "description": description, "inLanguage": lang}
}

func address(city *config.City) Object {
	return Object{"@type": "PostalAddress", "addressLocality": city.Name, "addressRegion": city.Province, "addressCountry": "PK"}
}

// Organization describes a company on its profile at url.
func Organization(c *content.Company, url string) Object {
	org := Object{"@type": "Organization", "name": c.Name, "description": c.Summary, "url": url, "address": address(c.City)}
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
		org["logo"] = url + c.Logo
	}
	if len(c.Services) > 0 {
		var names []string
		for _, s := range c.Services {
			names = append(names, s.Label)
		}
		org["knowsAbout"] = names
	}
	return org
}

// Place describes a park on its page at url.
func Place(p *content.Park, url string) Object {
	place := Object{"@type": "Place", "name": p.Name, "description": p.Summary, "url": url, "address": address(p.City)}
	if p.Location != nil {
		place["geo"] = Object{"@type": "GeoCoordinates", "latitude": p.Location.Lat, "longitude": p.Location.Lng}
	}
	return place
}

// NewsArticle describes a news item on its page at url, in the language lang its text is
// shown in, published by the site (its title and home page).
func NewsArticle(n *content.News, url, lang, publisher, publisherURL string) Object {
	return Object{"@type": "NewsArticle", "headline": n.Title, "description": n.Summary, "inLanguage": lang,
		"datePublished": n.Date.Format("2006-01-02"), "mainEntityOfPage": url,
		"publisher": Object{"@type": "Organization", "name": publisher, "url": publisherURL}}
}

// Crumb is one step of a breadcrumb trail: a name and an absolute URL.
type Crumb struct{ Name, URL string }

// Breadcrumbs is the trail from the home page to the page itself, the last crumb.
func Breadcrumbs(trail []Crumb) Object {
	items := make([]Object, len(trail))
	for i, c := range trail {
		items[i] = Object{"@type": "ListItem", "position": i + 1, "name": c.Name, "item": c.URL}
	}
	return Object{"@type": "BreadcrumbList", "itemListElement": items}
}

// Graph encodes objects as one @graph for a <script type="application/ld+json"> element;
// "" when there is none. encoding/json escapes <, > and &, so no text can end the script
// element early.
func Graph(objects ...Object) (template.JS, error) {
	if len(objects) == 0 {
		return "", nil
	}
	b, err := json.Marshal(Object{"@context": "https://schema.org", "@graph": objects})
	return template.JS(b), err
}
