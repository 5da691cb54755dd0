package hostpolicy

import (
	"fmt"
	"html"
	"strings"
)

// Redirect is a page that moved: From and To are site-relative URLs; Source and Line name
// the content file and line whose aliases: asked for it, Alias the old path as written there.
type Redirect struct {
	From, To     string
	Source       string
	Line         int
	Alias, Title string
}

// RedirectsFile is Netlify's and Cloudflare Pages' _redirects: each redirect a 301, within
// the hosts' limits on lines and their length.
func RedirectsFile(redirects []Redirect) ([]byte, error) {
	if len(redirects) > MaxRedirects {
		return nil, fmt.Errorf("the content has %d aliases; Cloudflare Pages allows %d static redirects (remove old aliases, or redirect at the CDN)", len(redirects), MaxRedirects)
	}
	var b strings.Builder
	b.WriteString("# Written by sitegen from the aliases: of the content (old address, new address).\n")
	for _, r := range redirects {
		line := r.From + " " + r.To + " 301"
		if len(line) > MaxRedirectLine {
			return nil, fmt.Errorf("%s:%d: alias %q makes a redirect of %d characters; hosts allow %d (shorten it)", r.Source, r.Line, r.Alias, len(line), MaxRedirectLine)
		}
		b.WriteString(line + "\n")
	}
	return []byte(b.String()), nil
}

// RedirectPage is the page written at an old address for hosts without _redirects: it
// sends a browser on at once and tells search engines where the page lives now (absTo).
// lang and dir are the page's language; moved is the sentence saying so, whose %s becomes
// a link named after the page's title.
func RedirectPage(r Redirect, absTo, lang, dir, moved string) []byte {
	link := fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(r.To), html.EscapeString(r.Title))
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
`, lang, dir, html.EscapeString(r.Title), html.EscapeString(absTo), html.EscapeString(r.To),
		fmt.Sprintf(html.EscapeString(moved), link))
}
