// Package feed owns the documents a site publishes for machines rather than people: Atom
// feeds, sitemaps (split past the size search engines read, with hreflang alternates) and
// robots.txt. It writes them from plain values, with dates only where the caller gives one,
// so two builds of the same input are byte-identical; which pages they list is the caller's.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
)

// SitemapLimit is the most URLs one sitemap file lists. A site past it gets a sitemap index
// at sitemap.xml naming sitemap-1.xml, sitemap-2.xml, ..., each listing at most this many.
// Search engines read up to 50,000 (sitemaps.org); files of 10,000 (4.6 MB at PSEB's size,
// against 23 MB) keep the largest file a build holds in memory at a page's scale.
var SitemapLimit = 10000 // a variable for tests

// sitemapMaxBytes is the most bytes one sitemap file may hold (sitemaps.org).
const sitemapMaxBytes = 50 << 20

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// URL is one entry of a sitemap.
type URL struct {
	Loc        string      `xml:"loc"`
	LastMod    string      `xml:"lastmod,omitempty"` // 2006-01-02
	Alternates []Alternate `xml:"xhtml:link"`
}

// Alternate is a hreflang alternate of a sitemap URL (Google's sitemap extension).
type Alternate struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type urlset struct {
	XMLName xml.Name `xml:"urlset"`
	NS      string   `xml:"xmlns,attr"`
	XHTML   string   `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []URL    `xml:"url"`
}

// SitemapFile is the name of the i-th (0-based) file of a split sitemap.
func SitemapFile(i int) string { return fmt.Sprintf("sitemap-%d.xml", i+1) }

// SitemapFiles is how many files a sitemap of n URLs takes: 1 when sitemap.xml lists them all.
func SitemapFiles(n int) int { return max(1, (n+SitemapLimit-1)/SitemapLimit) }

// Sitemap writes a sitemap of urls; multilingual declares the xhtml namespace their
// alternates use. A file past the 50 MB search engines read is an error.
func Sitemap(urls []URL, multilingual bool) ([]byte, error) {
	set := urlset{NS: sitemapNS, URLs: urls}
	if multilingual {
		set.XHTML = "http://www.w3.org/1999/xhtml"
	}
	b, err := marshal(set)
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

// SitemapIndex names the files of a split sitemap by their absolute URLs.
func SitemapIndex(locs []string) ([]byte, error) {
	idx := sitemapIndex{NS: sitemapNS}
	for _, l := range locs {
		idx.Sitemaps = append(idx.Sitemaps, sitemapEntry{Loc: l})
	}
	return marshal(idx)
}

// Robots is a robots.txt that allows everything and names the sitemap.
func Robots(sitemap string) []byte {
	return fmt.Appendf(nil, "User-agent: *\nAllow: /\n\nSitemap: %s\n", sitemap)
}

// Link is an Atom link.
type Link struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

// Entry is one entry of an Atom feed.
type Entry struct {
	// Lang is set on an entry whose text is not in the feed's language (an untranslated
	// news item in the Chinese feed is English).
	Lang    string `xml:"xml:lang,attr,omitempty"`
	Title   string `xml:"title"`
	ID      string `xml:"id"`
	Link    Link   `xml:"link"`
	Updated string `xml:"updated"` // RFC 3339
	Summary string `xml:"summary"`
}

// Atom is an Atom feed (RFC 4287).
type Atom struct {
	XMLName xml.Name `xml:"feed"`
	NS      string   `xml:"xmlns,attr"`
	Lang    string   `xml:"xml:lang,attr"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Links   []Link   `xml:"link"`
	Updated string   `xml:"updated"` // the newest entry's
	Author  string   `xml:"author>name"`
	Entries []Entry  `xml:"entry"`
}

// NewAtom starts the feed named id, published at self (its own URL), about the page at
// alternate.
func NewAtom(lang, title, author, id, self, alternate string) *Atom {
	return &Atom{Lang: lang, Title: title, ID: id, Author: author,
		Links: []Link{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: alternate}}}
}

// Add appends an entry, newest first: the first one added dates the feed.
func (f *Atom) Add(e Entry) {
	if len(f.Entries) == 0 {
		f.Updated = e.Updated
	}
	f.Entries = append(f.Entries, e)
}

// Bytes writes the feed as XML.
func (f *Atom) Bytes() ([]byte, error) {
	f.NS = "http://www.w3.org/2005/Atom"
	return marshal(f)
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
