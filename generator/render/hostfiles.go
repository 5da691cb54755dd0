package render

import (
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/permalink"
)

// aliasTarget is an old address and the page it moved to.
type aliasTarget struct {
	alias fields.Alias
	page  string // path below the site root
	title string
	src   string
}

// aliases lists every alias of the site's entries, in the order of the entries.
func (r *Renderer) aliases() []aliasTarget {
	var out []aliasTarget
	add := func(e *content.Entry, page string) {
		for _, a := range e.Aliases {
			out = append(out, aliasTarget{alias: a, page: page, title: e.Title, src: e.Source})
		}
	}
	for _, c := range r.site.Companies {
		add(&c.Entry, permalink.Company(c))
	}
	for _, p := range r.site.Parks {
		add(&p.Entry, permalink.Park(p))
	}
	for _, p := range r.site.Pages {
		add(&p.Entry, p.Slug+"/")
	}
	for _, n := range r.site.News {
		add(&n.Entry, permalink.News(n))
	}
	return out
}

// aliasFile is where the redirect page of an alias is written.
func aliasFile(p string) string {
	if strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// aliasRoutes are the redirect pages at the old addresses, for hosts without _redirects.
func (r *Renderer) aliasRoutes(aliases []aliasTarget) []Route {
	var out []Route
	for _, a := range aliases {
		out = append(out, Route{Path: a.alias.Path, File: aliasFile(a.alias.Path), Sources: []string{a.src}, kind: "alias",
			gen: func(r *Renderer) ([]byte, error) { return r.aliasPage(a), nil }})
	}
	return out
}

// redirect is the host's redirect of an alias, in the renderer's language.
func (r *Renderer) redirect(a aliasTarget) hostpolicy.Redirect {
	return hostpolicy.Redirect{From: r.theme.URL(a.alias.Path), To: r.theme.URL(a.page), Source: a.src, Line: a.alias.Line,
		Alias: "/" + a.alias.Path, Title: a.title}
}

// aliasPage is the redirect page at an alias.
func (r *Renderer) aliasPage(a aliasTarget) []byte {
	return hostpolicy.RedirectPage(r.redirect(a), r.theme.AbsURL(a.page), r.theme.Lang.Code, r.theme.Lang.Dir, r.str("moved"))
}

// redirects is the _redirects file: each alias, 301 to its page.
func (r *Renderer) redirects() ([]byte, error) {
	var list []hostpolicy.Redirect
	for _, a := range r.aliases() {
		list = append(list, r.redirect(a))
	}
	return hostpolicy.RedirectsFile(list)
}

// videoHosts lists the players the content's video shortcodes load, in any language.
func (r *Renderer) videoHosts() []string {
	var hosts []string
	for _, e := range r.site.Entries() {
		calls := slices.Clone(e.Shortcodes)
		for _, t := range e.Translations {
			calls = append(calls, t.Shortcodes...)
		}
		for _, c := range calls {
			if c.Name != "video" {
				continue
			}
			h := "https://player.vimeo.com"
			if c.Arg("youtube") != "" {
				h = "https://www.youtube-nocookie.com"
			}
			if !slices.Contains(hosts, h) {
				hosts = append(hosts, h)
			}
		}
	}
	slices.Sort(hosts)
	return hosts
}

// headers is Netlify's and Cloudflare Pages' _headers for the site at root: the security
// headers, with the players the content's videos load allowed in frames.
func (r *Renderer) headers() ([]byte, error) {
	csp := hostpolicy.CSP(r.videoHosts(), r.site.Config.BaseURL.Scheme == "https")
	return hostpolicy.HeadersFile(r.theme.URL(""), hostpolicy.SecurityHeaders(csp))
}
