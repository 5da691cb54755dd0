package render

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/feed"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/permalink"
)

// The sitemap, robots.txt and the Atom feeds list the routes, the news and the parks'
// milestones; package feed writes them.

// inSitemap reports whether the route is a page a search engine should list.
func inSitemap(rt Route) bool {
	return rt.Layout != "" && rt.kind != "404" && rt.kind != "shortlist"
}

// sitemapFiles is how many sitemap files list the pages of routes, 1 when sitemap.xml
// lists them all.
func (r *Renderer) sitemapFiles(routes []Route) int {
	perPage := max(1, len(r.views.Alternates("")))
	n := 0
	for _, rt := range routes {
		if inSitemap(rt) {
			n += perPage
		}
	}
	return feed.SitemapFiles(n)
}

// sitemapRoutes are sitemap.xml, and past feed.SitemapLimit URLs the files it indexes.
func (r *Renderer) sitemapRoutes(routes []Route) []Route {
	files := r.sitemapFiles(routes)
	if files == 1 {
		return []Route{{Path: "sitemap.xml", File: "sitemap.xml", AllSources: true, gen: (*Renderer).sitemap, kind: "sitemap"}}
	}
	out := []Route{{Path: "sitemap.xml", File: "sitemap.xml", AllSources: true, kind: "sitemap",
		gen: func(r *Renderer) ([]byte, error) { return r.sitemapIndex(files) }}}
	for i := range files {
		name := feed.SitemapFile(i)
		out = append(out, Route{Path: name, File: name, AllSources: true, kind: "sitemap",
			gen: func(r *Renderer) ([]byte, error) { return r.sitemapPart(i) }})
	}
	return out
}

// sitemap lists every page in every language; each URL of a site in several languages
// names all its versions, itself included, and the default as x-default.
func (r *Renderer) sitemap() ([]byte, error) {
	return feed.Sitemap(r.sitemapURLs(0, math.MaxInt), len(r.site.Config.Languages) > 1)
}

// sitemapPart is the i-th file of a sitemap split at feed.SitemapLimit URLs.
func (r *Renderer) sitemapPart(i int) ([]byte, error) {
	return feed.Sitemap(r.sitemapURLs(i*feed.SitemapLimit, (i+1)*feed.SitemapLimit), len(r.site.Config.Languages) > 1)
}

// sitemapIndex names the files of a sitemap split in files parts.
func (r *Renderer) sitemapIndex(files int) ([]byte, error) {
	locs := make([]string, files)
	for i := range locs {
		locs[i] = r.theme.AbsURL(feed.SitemapFile(i))
	}
	return feed.SitemapIndex(locs)
}

// lastmods are the sitemap's last-modified dates, by page path: news by its date, a park
// by its last milestone.
func (r *Renderer) lastmods() map[string]string {
	lastmod := map[string]string{}
	for _, n := range r.site.News {
		lastmod[permalink.News(n)] = n.Date.Format("2006-01-02")
	}
	for _, p := range r.site.Parks {
		if at := p.LastMilestone(); !at.IsZero() {
			lastmod[permalink.Park(p)] = at.Format("2006-01-02")
		}
	}
	return lastmod
}

// SitemapInputs hashes all the sitemap files are made from, given routes (a plan's, of
// every language): the site's address and languages, and the pages r's language lists,
// in order, with their dates. An edit that leaves it the same leaves the sitemap as it is:
// a company's city or services, a body, a park's text (at PSEB's size the sitemap is eight
// files of up to 50,000 addresses, 0.5 s of CPU to make again after each such edit).
func (r *Renderer) SitemapInputs(routes []Route) [sha256.Size]byte {
	h := sha256.New()
	cfg := r.site.Config
	fmt.Fprintf(h, "%s\x00", cfg.BaseURL)
	for _, l := range cfg.Languages {
		fmt.Fprintf(h, "%s\x00%s\x00", l.Code, l.Prefix)
	}
	lastmod := r.lastmods()
	for _, rt := range routes {
		if rt.Lang == r.theme.Lang.Code && inSitemap(rt) {
			io.WriteString(h, rt.Local)
			h.Write([]byte{0})
			io.WriteString(h, lastmod[rt.Local])
			h.Write([]byte{0})
		}
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// sitemapURLs are the sitemap's entries lo to hi-1, in the order of the routes: only the
// ones a file lists are made (all of them were 69,000 at PSEB's size, for each file).
// What they are made from is what SitemapInputs hashes.
func (r *Renderer) sitemapURLs(lo, hi int) []feed.URL {
	lastmod := r.lastmods()
	var urls []feed.URL
	seen := 0 // entries before urls[0] and in urls
	for _, rt := range r.Routes() {
		if seen >= hi {
			break
		}
		if !inSitemap(rt) {
			continue
		}
		alts := r.views.Alternates(rt.Local)
		if n := max(1, len(alts)); seen+n <= lo {
			seen += n
			continue
		}
		var links []feed.Alternate
		for _, a := range alts {
			links = append(links, feed.Alternate{Rel: "alternate", HrefLang: a.Lang.Code, Href: a.AbsURL})
		}
		if len(alts) > 0 {
			links = append(links, feed.Alternate{Rel: "alternate", HrefLang: "x-default", Href: alts[0].AbsURL})
		}
		add := func(u feed.URL) {
			if seen >= lo && seen < hi {
				urls = append(urls, u)
			}
			seen++
		}
		if len(alts) == 0 {
			add(feed.URL{Loc: r.theme.AbsURL(rt.Local), LastMod: lastmod[rt.Local]})
		}
		for _, a := range alts {
			add(feed.URL{Loc: a.AbsURL, LastMod: lastmod[rt.Local], Alternates: links})
		}
	}
	return urls
}

func (r *Renderer) robots() ([]byte, error) { return feed.Robots(r.theme.AbsURL("sitemap.xml")), nil }

// entryLang is the xml:lang of a feed entry about e: the default language's when the
// feed's language has no translation of it.
func (r *Renderer) entryLang(e *content.Entry) string {
	if e.Translations[r.theme.Lang.Code] == nil && r.theme.Lang.Prefix != "" {
		return r.site.Config.Languages[0].Code
	}
	return ""
}

// newsFeed announces the news, newest first.
func (r *Renderer) newsFeed() ([]byte, error) {
	lang := r.theme.Lang
	f := feed.NewAtom(lang.Code, lang.Title+" · "+r.str("news"), lang.Title,
		r.theme.AbsURL("news/"), r.theme.AbsURL("feed.xml"), r.theme.AbsURL("news/"))
	for _, n := range r.site.News { // sorted newest first
		u := r.theme.AbsURL(permalink.News(n))
		f.Add(feed.Entry{Lang: r.entryLang(&n.Entry), Title: n.Title, ID: u, Link: feed.Link{Href: u},
			Updated: n.Date.UTC().Format(time.RFC3339), Summary: n.Summary})
	}
	return f.Bytes()
}

// parksFeed announces the parks' milestones, newest first: one entry a milestone, linked to
// the park's page, so investors can follow the roll-out.
func (r *Renderer) parksFeed() ([]byte, error) {
	lang := r.theme.Lang
	self := r.theme.AbsURL("parks/feed.xml")
	f := feed.NewAtom(lang.Code, fmt.Sprintf(r.str("parks_feed_title"), lang.Title), lang.Title,
		self, self, r.theme.AbsURL("parks/"))
	type item struct {
		p *content.Park
		m fields.Milestone
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
		return cmp.Compare(slices.Index(fields.MilestoneEvents, b.m.Event), slices.Index(fields.MilestoneEvents, a.m.Event))
	})
	for _, it := range items {
		u := r.theme.AbsURL(permalink.Park(it.p))
		f.Add(feed.Entry{Lang: r.entryLang(&it.p.Entry), Title: fmt.Sprintf(r.str("milestone_entry"), it.p.Name, r.str("milestone_"+it.m.Event)),
			ID: u + "#" + it.m.Event, Link: feed.Link{Href: u}, Updated: it.m.Date.UTC().Format(time.RFC3339), Summary: it.p.Summary})
	}
	return f.Bytes()
}
