package feed

import (
	"encoding/xml"
	"strings"
	"testing"
)

// Every document is well-formed XML whatever the text, and escapes what would end an element.
func TestDocumentsAreWellFormed(t *testing.T) {
	f := NewAtom("en", "News & <views>", "PSEB", "https://e.org/news/", "https://e.org/feed.xml", "https://e.org/news/")
	f.Add(Entry{Title: "A & B <c>", ID: "https://e.org/news/a/", Link: Link{Href: "https://e.org/news/a/"}, Updated: "2025-05-01T00:00:00Z", Summary: "</summary>"})
	f.Add(Entry{Lang: "en", Title: "Older", ID: "https://e.org/news/b/", Updated: "2024-01-01T00:00:00Z"})
	atom, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	sm, err := Sitemap([]URL{{Loc: "https://e.org/a?b&c", LastMod: "2025-05-01",
		Alternates: []Alternate{{Rel: "alternate", HrefLang: "zh", Href: "https://e.org/zh/a"}}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := SitemapIndex([]string{"https://e.org/sitemap-1.xml"})
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range [][]byte{atom, sm, idx} {
		if !strings.HasPrefix(string(doc), xml.Header) {
			t.Errorf("no XML declaration: %s", doc)
		}
		d := xml.NewDecoder(strings.NewReader(string(doc)))
		for {
			if _, err := d.Token(); err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%v in %s", err, doc)
				}
				break
			}
		}
	}
	for _, want := range []string{`<updated>2025-05-01T00:00:00Z</updated><author>`, "A &amp; B &lt;c&gt;", `<entry xml:lang="en">`, `xmlns="http://www.w3.org/2005/Atom"`} {
		if !strings.Contains(string(atom), want) {
			t.Errorf("feed lacks %s:\n%s", want, atom)
		}
	}
	for _, want := range []string{`xmlns:xhtml="http://www.w3.org/1999/xhtml"`, `<loc>https://e.org/a?b&amp;c</loc><lastmod>2025-05-01</lastmod><xhtml:link rel="alternate" hreflang="zh"`} {
		if !strings.Contains(string(sm), want) {
			t.Errorf("sitemap lacks %s:\n%s", want, sm)
		}
	}
	if one, _ := Sitemap(nil, false); strings.Contains(string(one), "xhtml") {
		t.Errorf("a one-language sitemap declares xhtml: %s", one)
	}
}

func TestSitemapSplit(t *testing.T) {
	for _, tt := range []struct{ urls, files int }{{0, 1}, {1, 1}, {SitemapLimit, 1}, {SitemapLimit + 1, 2}, {3 * SitemapLimit, 3}} {
		if got := SitemapFiles(tt.urls); got != tt.files {
			t.Errorf("SitemapFiles(%d) = %d, want %d", tt.urls, got, tt.files)
		}
	}
	if SitemapFile(0) != "sitemap-1.xml" {
		t.Errorf("first file %s", SitemapFile(0))
	}
	if got := string(Robots("https://e.org/sitemap.xml")); got != "User-agent: *\nAllow: /\n\nSitemap: https://e.org/sitemap.xml\n" {
		t.Errorf("robots %q", got)
	}
	big := make([]URL, 1)
	big[0].Loc = strings.Repeat("x", sitemapMaxBytes)
	if _, err := Sitemap(big, false); err == nil || !strings.Contains(err.Error(), "50 MB") {
		t.Errorf("an oversized sitemap: %v", err)
	}
}
