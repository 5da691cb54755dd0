package render

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/hostpolicy"
)

// aliasTarget is an old address and the page it moved to.
type aliasTarget struct {
	alias content.Alias
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
		add(&c.Entry, companyPath(c))
	}
	for _, p := range r.site.Parks {
		add(&p.Entry, parkPath(p))
	}
	for _, p := range r.site.Pages {
		add(&p.Entry, p.Slug+"/")
	}
	for _, n := range r.site.News {
		add(&n.Entry, newsPath(n))
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

// aliasPage sends a browser on at once and tells search engines where the page lives now.
func (r *Renderer) aliasPage(a aliasTarget) []byte {
	to, abs := r.theme.URL(a.page), r.theme.AbsURL(a.page)
	link := fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(to), html.EscapeString(a.title))
	return fmt.Appendf(nil, `<!DOCTYPE html>
<html lang="%s" dir="%s">
<head>
<meta charset="utf-8">
<title>%s</title>
<link rel="canonical" href="%s">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=%s">
</head>
<body>
<p>%s</p>
</body>
</html>
`, r.theme.Lang.Code, r.theme.Lang.Dir, html.EscapeString(a.title), html.EscapeString(abs), html.EscapeString(to),
		fmt.Sprintf(html.EscapeString(r.str("moved")), link))
}

// redirects is Netlify's and Cloudflare Pages' _redirects: each alias, 301 to its page.
func (r *Renderer) redirects() ([]byte, error) {
	var b strings.Builder
	b.WriteString("# Written by sitegen from the aliases: of the content (old address, new address).\n")
	n := 0
	for _, a := range r.aliases() {
		line := fmt.Sprintf("%s %s 301", r.theme.URL(a.alias.Path), r.theme.URL(a.page))
		if len(line) > hostpolicy.MaxRedirectLine {
			return nil, fmt.Errorf("%s:%d: alias %q makes a redirect of %d characters; hosts allow %d (shorten it)", a.src, a.alias.Line, "/"+a.alias.Path, len(line), hostpolicy.MaxRedirectLine)
		}
		b.WriteString(line + "\n")
		n++
	}
	if n > hostpolicy.MaxRedirects {
		return nil, fmt.Errorf("the content has %d aliases; Cloudflare Pages allows %d static redirects (remove old aliases, or redirect at the CDN)", n, hostpolicy.MaxRedirects)
	}
	return []byte(b.String()), nil
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
