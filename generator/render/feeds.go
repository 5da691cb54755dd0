package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// The sitemap, robots.txt and the Atom feed are generated from the routes and the news, with
// dates only where content gives one, so two builds of the same input are byte-identical.

type sitemapURL struct {
	Loc        string      `xml:"loc"`
	LastMod    string      `xml:"lastmod,omitempty"`
	Alternates []xhtmlLink `xml:"xhtml:link"`
}

// xhtmlLink is a hreflang alternate of a sitemap URL (Google's sitemap extension).
type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemap lists every page in every language; each URL of a site in several languages
// names all its versions, itself included, and the default as x-default.
func (r *Renderer) sitemap() ([]byte, error) {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	lastmod := map[string]string{}
	for _, n := range r.site.News {
		lastmod[newsPath(n)] = n.Date.Format("2006-01-02")
	}
	langs := r.site.Config.Languages
	if len(langs) > 1 {
		set.XHTML = "http://www.w3.org/1999/xhtml"
	}
	for _, rt := range r.Routes() {
		if rt.Layout == "" || rt.kind == "404" || rt.kind == "shortlist" {
			continue
		}
		alts := r.alternates(rt.Local)
		var links []xhtmlLink
		for _, a := range alts {
			links = append(links, xhtmlLink{Rel: "alternate", HrefLang: a.Lang.Code, Href: a.AbsURL})
		}
		if len(alts) > 0 {
			links = append(links, xhtmlLink{Rel: "alternate", HrefLang: "x-default", Href: alts[0].AbsURL})
		}
		if len(alts) == 0 {
			set.URLs = append(set.URLs, sitemapURL{Loc: r.theme.AbsURL(rt.Local), LastMod: lastmod[rt.Local]})
		}
		for _, a := range alts {
			set.URLs = append(set.URLs, sitemapURL{Loc: a.AbsURL, LastMod: lastmod[rt.Local], Alternates: links})
		}
	}
	return marshalXML(set)
}

func (r *Renderer) robots() ([]byte, error) {
	return fmt.Appendf(nil, "User-agent: *\nAllow: /\n\nSitemap: %s\n", r.theme.AbsURL("sitemap.xml")), nil
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	// Lang is set on an entry whose text is not in the feed's language (an untranslated
	// news item in the Chinese feed is English).
	Lang    string   `xml:"xml:lang,attr,omitempty"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Link    atomLink `xml:"link"`
	Updated string   `xml:"updated"`
	Summary string   `xml:"summary"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Links   []atomLink  `xml:"link"`
	Updated string      `xml:"updated"`
	Author  string      `xml:"author>name"`
	Entries []atomEntry `xml:"entry"`
}

func (r *Renderer) feed() ([]byte, error) {
	lang := r.theme.Lang
	f := atomFeed{NS: "http://www.w3.org/2005/Atom", Lang: lang.Code, Title: lang.Title + " · " + r.str("news"),
		ID: r.theme.AbsURL("news/"), Author: lang.Title,
		Links: []atomLink{{Href: r.theme.AbsURL("feed.xml"), Rel: "self", Type: "application/atom+xml"}, {Href: r.theme.AbsURL("news/")}}}
	for i, n := range r.site.News {
		updated := n.Date.UTC().Format(time.RFC3339)
		if i == 0 {
			f.Updated = updated // news is sorted newest first
		}
		u := r.theme.AbsURL(newsPath(n))
		e := atomEntry{Title: n.Title, ID: u, Link: atomLink{Href: u}, Updated: updated, Summary: n.Summary}
		if n.Translations[lang.Code] == nil && lang.Prefix != "" {
			e.Lang = r.site.Config.Languages[0].Code
		}
		f.Entries = append(f.Entries, e)
	}
	return marshalXML(f)
}

func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
