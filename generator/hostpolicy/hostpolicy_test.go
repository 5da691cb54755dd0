package hostpolicy

import (
	"strings"
	"testing"
)

func TestHashedNames(t *testing.T) {
	data := []byte("body{color:red}")
	name := HashedName("css/style.css", data)
	if want := "css/style." + ContentHash(data) + ".css"; name != want || len(ContentHash(data)) != 10 {
		t.Fatalf("HashedName = %q, want %q", name, want)
	}
	h := ContentHasher()
	h.Write([]byte("body{"))
	h.Write([]byte("color:red}"))
	if got := ContentHashSum(h); got != ContentHash(data) {
		t.Errorf("written in pieces: %s, at once: %s", got, ContentHash(data))
	}
	tests := []struct {
		name, plain string
		hashed      bool
	}{
		{name, "css/style.css", true},
		{"assets/img/logo.0123456789.svg", "assets/img/logo.svg", true},
		{"search/docs.99b3790896.json", "search/docs.json", true},
		{"css/style.css", "css/style.css", false},
		{"css/style.0123456789abc.css", "css/style.0123456789abc.css", false}, // 13 digits
		{"css/style.ABCDEF0123.css", "css/style.ABCDEF0123.css", false},       // upper case is not ours
		{"2026.0123456789", "2026.0123456789", false},                         // no extension after it
	}
	for _, tc := range tests {
		plain, ok := UnhashedName(tc.name)
		if plain != tc.plain || ok != tc.hashed {
			t.Errorf("UnhashedName(%q) = %q, %v; want %q, %v", tc.name, plain, ok, tc.plain, tc.hashed)
		}
	}
}

func TestCacheControl(t *testing.T) {
	for rel, want := range map[string]string{
		"assets/css/style.3f9a1c2b7d.css": ImmutableCache,
		"assets/anything":                 ImmutableCache,
		"search/docs.99b3790896.json":     ImmutableCache,
		"search/manifest.json":            RevalidateCache,
		"companies/index.html":            RevalidateCache,
		"sitemap.xml":                     RevalidateCache,
	} {
		if got := CacheControl(rel); got != want {
			t.Errorf("CacheControl(%q) = %q, want %q", rel, got, want)
		}
	}
}

func TestContentTypes(t *testing.T) {
	for rel, want := range map[string][2]string{
		"index.html":                  {"text/html; charset=utf-8", "text/html"},
		"A.CSS":                       {"text/css; charset=utf-8", "text/css"},
		"js/app.js":                   {"text/javascript; charset=utf-8", "text/javascript"},
		"logo.svg":                    {"image/svg+xml; charset=utf-8", "image/svg+xml"},
		"photo.jpg":                   {"image/jpeg", "image/jpeg"},
		"README":                      {"application/octet-stream", ""},
		"assets/css/s.0123456789.CSS": {"text/css; charset=utf-8", "text/css"},
		"feed.xml":                    {"application/xml; charset=utf-8", "application/xml"},
		"logo.png":                    {"image/png", "image/png"},
		"archive.unknownxx":           {"application/octet-stream", ""},
	} {
		if got := ContentType(rel); got != want[0] {
			t.Errorf("ContentType(%q) = %q, want %q", rel, got, want[0])
		}
		if got := MediaType(rel); got != want[1] {
			t.Errorf("MediaType(%q) = %q, want %q", rel, got, want[1])
		}
	}
}

func TestCSP(t *testing.T) {
	for _, tc := range []struct {
		frames []string
		https  bool
		has    []string
		hasNot []string
	}{
		{nil, true, []string{"default-src 'self'", "script-src 'self'", "frame-src 'none'", "upgrade-insecure-requests"}, []string{"unsafe-inline", "unsafe-eval"}},
		{[]string{"https://player.vimeo.com", "https://www.youtube-nocookie.com"}, false,
			[]string{"frame-src https://player.vimeo.com https://www.youtube-nocookie.com"}, []string{"frame-src 'none'", "upgrade-insecure-requests"}},
	} {
		csp := CSP(tc.frames, tc.https)
		for _, w := range tc.has {
			if !strings.Contains(csp, w) {
				t.Errorf("CSP(%v, %v) = %q lacks %q", tc.frames, tc.https, csp, w)
			}
		}
		for _, w := range tc.hasNot {
			if strings.Contains(csp, w) {
				t.Errorf("CSP(%v, %v) = %q has %q", tc.frames, tc.https, csp, w)
			}
		}
	}
}

func TestHeadersFile(t *testing.T) {
	data, err := HeadersFile("/pseb/", SecurityHeaders(CSP(nil, true)))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"\n/pseb/*\n  Content-Security-Policy: default-src 'self'", "\n  X-Frame-Options: DENY\n",
		"\n/pseb/assets/*\n  Cache-Control: " + ImmutableCache + "\n"} {
		if !strings.Contains(string(data), w) {
			t.Errorf("_headers lacks %q:\n%s", w, data)
		}
	}
	if _, err := HeadersFile("/", [][2]string{{"Content-Security-Policy", strings.Repeat("x", MaxHeaderLineSize)}}); err == nil ||
		!strings.Contains(err.Error(), "Content-Security-Policy line") {
		t.Errorf("an overlong line: %v, want an error naming it", err)
	}
}
