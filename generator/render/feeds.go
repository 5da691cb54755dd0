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
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

func (r *Renderer) sitemap() ([]byte, error) {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	lastmod := map[string]string{}
	for _, n := range r.site.News {
		lastmod[newsPath(n)] = n.Date.Format("2006-01-02")
	}
	for _, rt := range r.Routes() {
		if rt.Layout == "" || rt.kind == "404" || rt.kind == "shortlist" {
			continue
		}
		set.URLs = append(set.URLs, sitemapURL{Loc: r.theme.AbsURL(rt.Path), LastMod: lastmod[rt.Path]})
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
	cfg := r.site.Config
	f := atomFeed{NS: "http://www.w3.org/2005/Atom", Lang: cfg.Language, Title: cfg.Title + " · " + r.str("news"),
		ID: r.theme.AbsURL("news/"), Author: cfg.Title,
		Links: []atomLink{{Href: r.theme.AbsURL("feed.xml"), Rel: "self", Type: "application/atom+xml"}, {Href: r.theme.AbsURL("news/")}}}
	for i, n := range r.site.News {
		updated := n.Date.UTC().Format(time.RFC3339)
		if i == 0 {
			f.Updated = updated // news is sorted newest first
		}
		u := r.theme.AbsURL(newsPath(n))
		f.Entries = append(f.Entries, atomEntry{Title: n.Title, ID: u, Link: atomLink{Href: u}, Updated: updated, Summary: n.Summary})
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
