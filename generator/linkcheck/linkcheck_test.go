package linkcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func findings(t *testing.T, rep *Report) []string {
	t.Helper()
	var out []string
	for _, f := range rep.Findings {
		s := f.File + ": " + f.Msg
		if f.Hint != "" {
			s += " (" + f.Hint + ")"
		}
		out = append(out, s)
	}
	return out
}

func page(body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("<!DOCTYPE html><html><head><link rel=stylesheet href=\"/pseb/css/style.css\"></head><body>" + body + "</body></html>")}
}

func TestInternalLinks(t *testing.T) {
	site := fstest.MapFS{
		"index.html":                    page(`<a href="/pseb/companies/acme/">ok</a> <a href="companies/">relative ok</a> <a href="#main">self</a><main id="main"></main>`),
		"companies/index.html":          page(`<a href="acme/#contact">ok</a> <a href="../">up</a> <a href="/pseb/companies/acme">no slash, no file</a>`),
		"companies/acme/index.html":     page(`<h2 id="contact">C</h2><a name="old"></a><img src="logo.svg" srcset="logo.svg 1x, logo@2x.svg 2x"><a href="/pseb/companies/acme-soft/">typo</a>`),
		"companies/acme/logo.svg":       {Data: []byte("<svg/>")},
		"news/index.html":               page(`<a href="/pseb/companies/acme/#contcat">frag typo</a> <a href="/pseb/companies/acme/#old">a name</a> <a href="/elsewhere/">outside</a>`),
		"feed/index.html":               page(`<a href="mailto:x@example.org">m</a> <a href="tel:+92">t</a> <img src="data:image/png;base64,AAAA"> <a href="https://example.org/pseb/">own host, https</a>`),
		"insecure/index.html":           page(`<a href="http://other.example/">http</a> <img src="http://example.org/pseb/x.png">`),
		"refresh/index.html":            page(`<meta http-equiv="refresh" content="0; url=/pseb/gone/">`),
		"css/style.css":                 {Data: []byte(`body{background:url("../img/bg.png")} .a{background:url(/pseb/companies/acme/logo.svg)} @import "print.css";`)},
		"styled/index.html":             page(`<div style="background: url('/pseb/nothing.png')"></div>`),
		"companies/acme-soft/index.txt": {Data: []byte("not a page")},
	}
	rep, err := Check(context.Background(), site, Options{BaseURL: mustURL("https://example.org/pseb/")})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(findings(t, rep), "\n")
	want := []string{
		`companies/acme/index.html: broken link "logo@2x.svg"`,
		`companies/acme/index.html: broken link "/pseb/companies/acme-soft/"`,
		`companies/index.html: broken link "/pseb/companies/acme" (did you mean "/pseb/companies/acme/"?)`,
		`css/style.css: broken link "../img/bg.png"`,
		`css/style.css: broken link "print.css"`,
		`insecure/index.html: insecure link "http://other.example/": http: on an https site (use https://)`,
		`insecure/index.html: insecure link "http://example.org/pseb/x.png": http: on an https site (link to the page by its path, e.g. /pseb/x.png)`,
		`news/index.html: broken link "/pseb/companies/acme/#contcat": no #contcat on the page (did you mean "contact"?)`,
		`news/index.html: link "/elsewhere/" points outside the site (links must stay below /pseb/)`,
		`refresh/index.html: broken link "/pseb/gone/"`,
		`styled/index.html: broken link "/pseb/nothing.png"`,
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing finding %q", w)
		}
	}
	if len(rep.Findings) != len(want) {
		t.Errorf("%d findings, want %d:\n%s", len(rep.Findings), len(want), got)
	}
	if rep.Pages != 8 || rep.Links < 15 {
		t.Errorf("%d pages, %d links", rep.Pages, rep.Links)
	}
}

// External links are asked once each, HEAD first, with retries for what may pass, at most
// PerHost at a time per server; every file with a failing one gets a finding.
func TestExternalLinks(t *testing.T) {
	var requests sync.Map // path -> *int32
	count := func(p string) *int32 {
		v, _ := requests.LoadOrStore(p, new(int32))
		return v.(*int32)
	}
	var inFlight, maxInFlight int32
	flaky := int32(0)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" { // abandoned by the client at its timeout: not in flight
			time.Sleep(300 * time.Millisecond)
			return
		}
		n := atomic.AddInt32(&inFlight, 1)
		defer atomic.AddInt32(&inFlight, -1)
		for {
			m := atomic.LoadInt32(&maxInFlight)
			if n <= m || atomic.CompareAndSwapInt32(&maxInFlight, m, n) {
				break
			}
		}
		atomic.AddInt32(count(r.Method+" "+r.URL.Path), 1)
		time.Sleep(20 * time.Millisecond)
		switch r.URL.Path {
		case "/ok", "/ok2", "/ok3", "/ok4":
			w.WriteHeader(200)
		case "/gone":
			w.WriteHeader(404)
		case "/flaky": // fails twice, then works
			if atomic.AddInt32(&flaky, 1) <= 2 {
				w.WriteHeader(503)
				return
			}
			w.WriteHeader(200)
		case "/down":
			w.WriteHeader(500)
		case "/nohead":
			if r.Method == http.MethodHead {
				w.WriteHeader(405)
				return
			}
			w.WriteHeader(200)
		}
	}))
	defer srv.Close()
	u := srv.URL
	site := fstest.MapFS{
		"index.html": page(fmt.Sprintf(`<a href="%[1]s/ok">a</a><a href="%[1]s/ok#x">same URL</a><a href="%[1]s/gone">b</a><a href="%[1]s/flaky">c</a>
			<a href="%[1]s/down">d</a><a href="%[1]s/nohead">e</a><a href="%[1]s/slow">f</a><a href="%[1]s/ok2">g</a><a href="%[1]s/ok3">h</a><a href="%[1]s/ok4">i</a>`, u)),
		"other/index.html": page(fmt.Sprintf(`<a href="%s/gone">again</a><a href="http://127.0.0.1:1/refused">refused</a>`, u)),
		"css/style.css":    {Data: []byte("body{}")},
	}
	opts := Options{BaseURL: mustURL("http://site.example/pseb/"), CheckExternal: true,
		External: ExternalOptions{Timeout: 150 * time.Millisecond, Backoff: 5 * time.Millisecond, Retries: 2, PerHost: 2, Workers: 8}}
	rep, err := Check(context.Background(), site, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(findings(t, rep), "\n")
	for _, w := range []string{
		`index.html: external link "` + u + `/gone" answers 404 Not Found (fix or remove the link)`,
		`other/index.html: external link "` + u + `/gone" answers 404 Not Found`,
		`index.html: external link "` + u + `/down" answers 500 Internal Server Error`,
		`index.html: external link "` + u + `/slow" did not answer within 150ms`,
		`other/index.html: external link "http://127.0.0.1:1/refused" cannot be reached`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	if len(rep.Findings) != 5 {
		t.Errorf("%d findings:\n%s", len(rep.Findings), got)
	}
	if n := atomic.LoadInt32(count("HEAD /ok")); n != 1 {
		t.Errorf("/ok asked %d times, want once for two links", n)
	}
	if n := atomic.LoadInt32(count("HEAD /gone")); n != 1 {
		t.Errorf("/gone asked %d times: a 404 is not retried", n)
	}
	if n := atomic.LoadInt32(count("HEAD /down")); n != 3 {
		t.Errorf("/down asked %d times, want 1 + 2 retries", n)
	}
	if n := atomic.LoadInt32(count("GET /nohead")); n != 1 {
		t.Errorf("/nohead: GET asked %d times after HEAD was refused", n)
	}
	if m := atomic.LoadInt32(&maxInFlight); m > 2 {
		t.Errorf("%d requests at once to one host, limit 2", m)
	}
	if rep.External["200"] != 6 || rep.External["404"] != 1 || rep.External["500"] != 1 || rep.External["timeout"] != 1 || rep.External["error"] != 1 {
		t.Errorf("summary %v", rep.External)
	}
}

func TestExternalStopsWhenCanceled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(2 * time.Second) }))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	site := fstest.MapFS{"index.html": page(`<a href="` + srv.URL + `/x">x</a>`)}
	start := time.Now()
	site["pseb/css/style.css"] = &fstest.MapFile{Data: []byte("body{}")}
	_, err := Check(ctx, site, Options{BaseURL: mustURL("http://site.example/"), CheckExternal: true})
	if err == nil || time.Since(start) > time.Second {
		t.Errorf("err %v after %s", err, time.Since(start))
	}
}

// Whatever a stylesheet or page holds, reading its links neither fails nor panics, and
// every link found is text of the input.
func FuzzReadLinks(f *testing.F) {
	f.Add(`body{background:url("a.png")} @import 'b.css';`, `<a href="/x/#y">x</a><img srcset="a.png 1x, b.png 2x">`)
	f.Add(`url(`, `<a href=`)
	f.Fuzz(func(t *testing.T, css, page string) {
		site := fstest.MapFS{"s.css": {Data: []byte(css)}, "index.html": {Data: []byte(page)}}
		if _, err := Check(context.Background(), site, Options{BaseURL: mustURL("https://example.org/")}); err != nil {
			t.Fatal(err)
		}
	})
}

// Issue 14.7: a link in the output folder is reported, since deploy refuses it.
func TestSymlinkInOutputIsReported(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!DOCTYPE html><html><body><a href=\"/feed.xml\">feed</a></body></html>"), 0o644)
	if err := os.Symlink("index.html", filepath.Join(dir, "feed.xml")); err != nil {
		t.Skip(err)
	}
	rep, err := Check(context.Background(), os.DirFS(dir), Options{BaseURL: mustURL("https://example.org/")})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(findings(t, rep), "\n")
	if !strings.Contains(got, "feed.xml: is not a regular file (a symbolic link?): deploy refuses it") {
		t.Errorf("findings:\n%s", got)
	}
}
