package render

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pseb/sitegen/generator/content"
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

// sitemapLimit is the most URLs one sitemap file lists. A site past it gets a sitemap
// index at sitemap.xml naming sitemap-1.xml, sitemap-2.xml, ..., each listing at most this
// many. Search engines read up to 50,000 (sitemaps.org); files of 10,000 (4.6 MB at PSEB's
// size, against 23 MB) keep the largest file a build holds in memory at a page's scale.
var sitemapLimit = 10000 // a variable for tests

// sitemapMaxBytes is the most bytes one sitemap file may hold (sitemaps.org).
const sitemapMaxBytes = 50 << 20

// inSitemap reports whether the route is a page a search engine should list.
func inSitemap(rt Route) bool {
	return rt.Layout != "" && rt.kind != "404" && rt.kind != "shortlist"
}

// sitemapFiles is how many sitemap files list the pages of routes, 1 when sitemap.xml
// lists them all.
func (r *Renderer) sitemapFiles(routes []Route) int {
	perPage := max(1, len(r.alternates("")))
	n := 0
	for _, rt := range routes {
		if inSitemap(rt) {
			n += perPage
		}
	}
	return max(1, (n+sitemapLimit-1)/sitemapLimit)
}

// sitemapRoutes are sitemap.xml, and past sitemapLimit URLs the files it indexes.
func (r *Renderer) sitemapRoutes(routes []Route) []Route {
	files := r.sitemapFiles(routes)
	if files == 1 {
		return []Route{{Path: "sitemap.xml", File: "sitemap.xml", AllSources: true, gen: (*Renderer).sitemap, kind: "sitemap"}}
	}
	out := []Route{{Path: "sitemap.xml", File: "sitemap.xml", AllSources: true, kind: "sitemap",
		gen: func(r *Renderer) ([]byte, error) { return r.sitemapIndex(files) }}}
	for i := range files {
		name := sitemapFile(i)
		out = append(out, Route{Path: name, File: name, AllSources: true, kind: "sitemap",
			gen: func(r *Renderer) ([]byte, error) { return r.sitemapPart(i) }})
	}
	return out
}

func sitemapFile(i int) string { return fmt.Sprintf("sitemap-%d.xml", i+1) }

// sitemap lists every page in every language; each URL of a site in several languages
// names all its versions, itself included, and the default as x-default.
func (r *Renderer) sitemap() ([]byte, error) {
	return r.sitemapSet(r.sitemapURLs(0, math.MaxInt))
}

// sitemapPart is the i-th file of a sitemap split at sitemapLimit URLs.
func (r *Renderer) sitemapPart(i int) ([]byte, error) {
	return r.sitemapSet(r.sitemapURLs(i*sitemapLimit, (i+1)*sitemapLimit))
}

func (r *Renderer) sitemapSet(urls []sitemapURL) ([]byte, error) {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: urls}
	if len(r.site.Config.Languages) > 1 {
		set.XHTML = "http://www.w3.org/1999/xhtml"
	}
	b, err := marshalXML(set)
	if err == nil && len(b) > sitemapMaxBytes {
		return nil, fmt.Errorf("the sitemap would be %d MB, past the 50 MB search engines read", len(b)>>20)
	}
	return b, err
}

type sitemapIndex struct {
	XMLName  xml.Name       `xml:"sitemapindex"`
	NS       string         `xml:"xmlns,attr"`
	Sitemaps []sitemapEntry `xml:"sitemap"`
}

type sitemapEntry struct {
	Loc string `xml:"loc"`
}

// sitemapIndex names the files of a sitemap split in files parts.
func (r *Renderer) sitemapIndex(files int) ([]byte, error) {
	idx := sitemapIndex{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for i := range files {
		idx.Sitemaps = append(idx.Sitemaps, sitemapEntry{Loc: r.theme.AbsURL(sitemapFile(i))})
	}
	return marshalXML(idx)
}

// sitemapURLs are the sitemap's entries lo to hi-1, in the order of the routes: only the
// ones a file lists are made (all of them were 69,000 at PSEB's size, for each file).
func (r *Renderer) sitemapURLs(lo, hi int) []sitemapURL {
	lastmod := map[string]string{}
	for _, n := range r.site.News {
		lastmod[newsPath(n)] = n.Date.Format("2006-01-02")
	}
	for _, p := range r.site.Parks {
		if at := p.LastMilestone(); !at.IsZero() {
			lastmod[parkPath(p)] = at.Format("2006-01-02")
		}
	}
	var urls []sitemapURL
	seen := 0 // entries before urls[0] and in urls
	for _, rt := range r.Routes() {
		if seen >= hi {
			break
		}
		if !inSitemap(rt) {
			continue
		}
		alts := r.alternates(rt.Local)
		if n := max(1, len(alts)); seen+n <= lo {
			seen += n
			continue
		}
		var links []xhtmlLink
		for _, a := range alts {
			links = append(links, xhtmlLink{Rel: "alternate", HrefLang: a.Lang.Code, Href: a.AbsURL})
		}
		if len(alts) > 0 {
			links = append(links, xhtmlLink{Rel: "alternate", HrefLang: "x-default", Href: alts[0].AbsURL})
		}
		add := func(u sitemapURL) {
			if seen >= lo && seen < hi {
				urls = append(urls, u)
			}
			seen++
		}
		if len(alts) == 0 {
			add(sitemapURL{Loc: r.theme.AbsURL(rt.Local), LastMod: lastmod[rt.Local]})
		}
		for _, a := range alts {
			add(sitemapURL{Loc: a.AbsURL, LastMod: lastmod[rt.Local], Alternates: links})
		}
	}
	return urls
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

// hasParksFeed reports whether some park has a milestone to announce.
func (r *Renderer) hasParksFeed() bool {
	for _, p := range r.site.Parks {
		if len(p.Milestones) > 0 {
			return true
		}
	}
	return false
}

// parksFeed announces the parks' milestones, newest first: one entry a milestone, linked to
// the park's page, so investors can follow the roll-out.
func (r *Renderer) parksFeed() ([]byte, error) {
	lang := r.theme.Lang
	self, page := r.theme.AbsURL("parks/feed.xml"), r.theme.AbsURL("parks/")
	f := atomFeed{NS: "http://www.w3.org/2005/Atom", Lang: lang.Code, Title: fmt.Sprintf(r.str("parks_feed_title"), lang.Title),
		ID: self, Author: lang.Title, Links: []atomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: page}}}
	type item struct {
		p *content.Park
		m content.Milestone
	}
	var items []item
	for _, p := range r.site.Parks {
		for _, m := range p.Milestones {
			items = append(items, item{p, m})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		if c := b.m.Date.Compare(a.m.Date); c != 0 {
			return c
		}
		return cmp.Compare(slices.Index(content.MilestoneEvents, b.m.Event), slices.Index(content.MilestoneEvents, a.m.Event))
	})
	for i, it := range items {
		updated := it.m.Date.UTC().Format(time.RFC3339)
		if i == 0 {
			f.Updated = updated
		}
		u := r.theme.AbsURL(parkPath(it.p))
		e := atomEntry{Title: fmt.Sprintf(r.str("milestone_entry"), it.p.Name, r.str("milestone_"+it.m.Event)), ID: u + "#" + it.m.Event,
			Link: atomLink{Href: u}, Updated: updated, Summary: it.p.Summary}
		if it.p.Translations[lang.Code] == nil && lang.Prefix != "" {
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
