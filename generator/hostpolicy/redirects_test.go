package hostpolicy

import (
	"strings"
	"testing"
)

func TestRedirectsFile(t *testing.T) {
	r := Redirect{From: "/old/", To: "/companies/acme/", Source: "content/companies/acme.md", Line: 4, Alias: "/old/", Title: "Acme"}
	got, err := RedirectsFile([]Redirect{r})
	if err != nil || !strings.HasSuffix(string(got), "\n/old/ /companies/acme/ 301\n") {
		t.Errorf("%q %v", got, err)
	}
	long := r
	long.From = "/" + strings.Repeat("x", MaxRedirectLine)
	if _, err := RedirectsFile([]Redirect{long}); err == nil || !strings.HasPrefix(err.Error(), "content/companies/acme.md:4: alias \"/old/\" makes a redirect of") {
		t.Errorf("a long line: %v", err)
	}
	many := make([]Redirect, MaxRedirects+1)
	if _, err := RedirectsFile(many); err == nil || !strings.Contains(err.Error(), "allows 2000 static redirects") {
		t.Errorf("too many: %v", err)
	}
}

// The redirect page escapes the title and the addresses and keeps the sentence's link.
func TestRedirectPage(t *testing.T) {
	r := Redirect{From: "/old/", To: `/a"b/`, Title: "<b>Acme</b>"}
	page := string(RedirectPage(r, "https://e.org/a\"b/", "ur", "rtl", "Moved to %s & more."))
	for _, want := range []string{`<html lang="ur" dir="rtl">`, `<title>&lt;b&gt;Acme&lt;/b&gt;</title>`,
		`<meta http-equiv="refresh" content="0; url=/a&#34;b/">`, `<p>Moved to <a href="/a&#34;b/">&lt;b&gt;Acme&lt;/b&gt;</a> &amp; more.</p>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s:\n%s", want, page)
		}
	}
}
