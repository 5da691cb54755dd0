package render

import (
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/jsonld"
	"github.com/pseb/sitegen/generator/view"
)

// addJSONLD gives v the schema.org data of its kind and its breadcrumb trail.
func (r *Renderer) addJSONLD(v *view.Page) error {
	var graph []jsonld.Object
	site := r.theme.Lang // the site's title in the page's language
	switch v.Kind {
	case "home":
		graph = append(graph, jsonld.WebSite(site.Title, v.Canonical, v.Description, site.Code))
	case "company":
		graph = append(graph, jsonld.Organization(v.Profile.Company, v.Canonical))
	case "park":
		graph = append(graph, jsonld.Place(v.ParkPage.Park, v.Canonical))
	case "news":
		graph = append(graph, jsonld.NewsArticle(v.News, v.Canonical, r.textLang(&v.News.Entry), site.Title, r.theme.AbsURL("")))
	}
	if len(v.Breadcrumbs) > 0 {
		trail := make([]jsonld.Crumb, 0, len(v.Breadcrumbs)+1)
		for _, b := range v.Breadcrumbs {
			trail = append(trail, jsonld.Crumb{Name: b.Name, URL: r.absFromURL(b.URL)})
		}
		graph = append(graph, jsonld.Breadcrumbs(append(trail, jsonld.Crumb{Name: v.Title, URL: v.Canonical})))
	}
	js, err := jsonld.Graph(graph...)
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
