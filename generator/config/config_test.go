package config

import (
	"testing"
	"testing/fstest"

	"github.com/pseb/sitegen/generator/diagnostic"
)

func TestParseBaseURL(t *testing.T) {
	tests := map[string]string{ // input -> normalised, or "" for an error
		"https://example.org":        "https://example.org/",
		"https://example.org/pseb":   "https://example.org/pseb/",
		"http://127.0.0.1:1313/":     "http://127.0.0.1:1313/",
		"example.org":                "",
		"ftp://example.org/":         "",
		"https://":                   "",
		"https://example.org/?a=1":   "",
		"https://user@example.org/":  "",
		"https://example.org/#frag":  "",
		"javascript:alert(1)":        "",
		"https://exa mple.org/":      "",
		"https://example.org/a%20b/": "https://example.org/a%20b/",
	}
	for in, want := range tests {
		u, err := ParseBaseURL(in)
		switch {
		case want == "" && err == nil:
			t.Errorf("%q: accepted as %s", in, u)
		case want != "" && (err != nil || u.String() != want):
			t.Errorf("%q: got %v, %v; want %s", in, u, err, want)
		}
	}
}

func TestValidEmailAndSlug(t *testing.T) {
	for s, want := range map[string]bool{"info@example.org": true, "a.b+c@x.co": true, "info@": false, "@x.org": false,
		"a@b": false, "a b@x.org": false, "<a@x.org>": false, "a@x.org.": false,
		// Issue 14: nothing a mailto: link reads as a header or a second address.
		"x@evil.com?bcc=spy@evil.org&x=y@a.co": false, "x?bcc=spy@a.co": false, "a&b@x.org": false, "a=b@x.org": false,
		"a%40b@x.org": false, "a,b@x.org": false, "a;b@x.org": false, "a/b@x.org": false, "a@b@x.org": false,
		"a@x..org": false, "a@-x.org": false, "a..b@x.org": false, "o'brien@x.org": true, "info@xn--80ak6aa92e.com": true,
		"a@x.org\n": false, "a@x.org\r\nBcc: s@e.org": false} {
		if ValidEmail(s) != want {
			t.Errorf("ValidEmail(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"acme": true, "acme-2": true, "a-b-c": true, "Acme": false, "a--b": false, "-a": false,
		"a-": false, "../x": false, "a_b": false, "": false, "ä": false} {
		if ValidSlug(s) != want {
			t.Errorf("ValidSlug(%q) = %v", s, !want)
		}
	}
}

func TestSiteDefaults(t *testing.T) {
	var errs diagnostic.List
	s := LoadSite(fstest.MapFS{SiteFile: {Data: []byte("title: T\nbase_url: https://example.org\n")}}, &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Error())
	}
	if s.Language != "en" || s.PageSize != DefaultPageSize || s.Theme != "default" || s.BaseURL.String() != "https://example.org/" {
		t.Errorf("defaults: %+v", s)
	}
}
