package devserver

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func site(t *testing.T) (*Server, *httptest.Server, string) {
	t.Helper()
	base := t.TempDir()
	os.WriteFile(filepath.Join(base, "secret.txt"), []byte("SECRET"), 0o644)
	dir := filepath.Join(base, "site")
	files := map[string]string{
		"index.html":              "<!doctype html><html><body><h1>Home</h1></body></html>",
		"404.html":                "<!doctype html><html><body><h1>Not here</h1></body></html>",
		"companies/index.html":    "<html><body>Companies</body></html>",
		"css/style.css":           "body{color:red}",
		"js/app.js":               "var a=1",
		"favicon.svg":             "<svg/>",
		"sitemap.xml":             "<?xml version=\"1.0\"?><urlset/>",
		"robots.txt":              "User-agent: *",
		"companies/acme/logo.png": "\x89PNG\r\n\x1a\n",
	}
	for p, data := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644)
	}
	os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(dir, "link.txt"))
	os.Symlink(base, filepath.Join(dir, "up"))
	s := New()
	if err := s.SetRoot(dir, false); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s) // 127.0.0.1
	t.Cleanup(func() { srv.Close(); s.Close() })
	return s, srv, dir
}

func get(t *testing.T, method, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestTraversalNeverLeavesTheSite(t *testing.T) {
	_, srv, _ := site(t)
	for _, p := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
		"//secret.txt", "/companies/../../secret.txt", "/link.txt", "/up/secret.txt", "/..\\secret.txt", "/%00"} {
		// Send the path as it is written, without the client cleaning it.
		req, _ := http.NewRequest("GET", srv.URL, nil)
		req.URL.Opaque = p
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "SECRET") {
			t.Errorf("%s: served a file outside the site", p)
		}
		if resp.StatusCode == http.StatusOK {
			t.Errorf("%s: status 200, want an error status", p)
		}
	}
}

func TestContentTypes(t *testing.T) {
	_, srv, _ := site(t)
	for p, want := range map[string]string{
		"/": "text/html", "/companies/": "text/html", "/css/style.css": "text/css", "/js/app.js": "text/javascript",
		"/favicon.svg": "image/svg+xml", "/sitemap.xml": "xml", "/robots.txt": "text/plain", "/companies/acme/logo.png": "image/png",
	} {
		resp, _ := get(t, "GET", srv.URL+p, nil)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), want) {
			t.Errorf("%s: %d %s, want 200 %s", p, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", p)
		}
	}
}

func TestNotFoundHeadAndConditional(t *testing.T) {
	_, srv, _ := site(t)
	resp, body := get(t, "GET", srv.URL+"/missing/", nil)
	if resp.StatusCode != 404 || !strings.Contains(body, "Not here") || !strings.Contains(body, "live.js") {
		t.Errorf("missing page: %d %q", resp.StatusCode, body)
	}
	resp, body = get(t, "HEAD", srv.URL+"/css/style.css", nil)
	if resp.StatusCode != 200 || body != "" || resp.Header.Get("Content-Length") != "15" {
		t.Errorf("HEAD: %d %q length %s", resp.StatusCode, body, resp.Header.Get("Content-Length"))
	}
	etag := resp.Header.Get("ETag")
	resp, _ = get(t, "GET", srv.URL+"/css/style.css", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d, want 304", resp.StatusCode)
	}
	resp, _ = get(t, "GET", srv.URL+"/companies", nil)
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/companies/" {
		t.Errorf("folder without slash: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = get(t, "POST", srv.URL+"/", nil)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// A rebuild in the same second must not be answered 304 with the old page.
func TestRebuildInvalidatesConditionalRequests(t *testing.T) {
	s, srv, dir := site(t)
	resp, _ := get(t, "GET", srv.URL+"/", nil)
	etag := resp.Header.Get("ETag")
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html><body>New</body></html>"), 0o644)
	s.SetRoot(dir, false)
	resp, body := get(t, "GET", srv.URL+"/", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != 200 || !strings.Contains(body, "New") {
		t.Errorf("after a rebuild: %d %q", resp.StatusCode, body)
	}
}

func TestLiveReloadScriptOnlyInHTML(t *testing.T) {
	_, srv, dir := site(t)
	_, body := get(t, "GET", srv.URL+"/", nil)
	if !strings.Contains(body, `<script src="/__sitegen/live.js" data-build="1" defer></script></body>`) {
		t.Errorf("script not injected before </body>: %s", body)
	}
	_, css := get(t, "GET", srv.URL+"/css/style.css", nil)
	if strings.Contains(css, "live.js") {
		t.Error("script injected into CSS")
	}
	onDisk, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if strings.Contains(string(onDisk), "live.js") {
		t.Error("the build output was changed")
	}
	resp, js := get(t, "GET", srv.URL+"/__sitegen/live.js", nil)
	if resp.StatusCode != 200 || !strings.Contains(js, "EventSource") {
		t.Errorf("live.js: %d", resp.StatusCode)
	}
}

// readEvent reads the next "event:" name and its data from a stream.
func readEvent(t *testing.T, r *bufio.Reader) (string, string) {
	t.Helper()
	var name, data string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && name != "":
			return name, data
		}
	}
	t.Fatal("no event")
	return "", ""
}

func TestEvents(t *testing.T) {
	s, srv, dir := site(t)
	resp, err := http.Get(srv.URL + "/__sitegen/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("content type %s", resp.Header.Get("Content-Type"))
	}
	r := bufio.NewReader(resp.Body)
	if name, data := readEvent(t, r); name != "hello" || data != "1" {
		t.Fatalf("first event %s %s, want hello with the build number", name, data)
	}
	s.ShowErrors([]string{`content/companies/acme.md:3:1: unknown city "lahor"`})
	if name, data := readEvent(t, r); name != "errors" || !strings.Contains(data, `content/companies/acme.md:3:1`) {
		t.Errorf("got %s %s", name, data)
	}
	s.SetRoot(dir, true)
	if name, _ := readEvent(t, r); name != "css" {
		t.Errorf("got %s, want css", name)
	}
	s.SetRoot(dir, false)
	if name, _ := readEvent(t, r); name != "reload" {
		t.Errorf("got %s, want reload", name)
	}
	// A page that connects while the build is broken sees the errors at once.
	s.ShowErrors([]string{"x.md:1: broken"})
	resp2, err := http.Get(srv.URL + "/__sitegen/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	r2 := bufio.NewReader(resp2.Body)
	if name, data := readEvent(t, r2); name != "hello" || data != "3" {
		t.Errorf("late page: first event %s %s, want hello 3", name, data)
	}
	if name, data := readEvent(t, r2); name != "errors" || !strings.Contains(data, "broken") {
		t.Errorf("late page got %s %s", name, data)
	}
	// Pages written in place after the errors were fixed: every page reloads, to drop the
	// overlay; then only the named pages do.
	s.Changed([]string{"/companies/acme/"})
	if name, _ := readEvent(t, r2); name != "reload" {
		t.Errorf("after errors got %s, want reload", name)
	}
	s.Changed([]string{"/companies/acme/", "/companies/"})
	if name, data := readEvent(t, r2); name != "pages" || data != `["/companies/acme/","/companies/"]` {
		t.Errorf("got %s %s, want the pages", name, data)
	}
}

// Issue 14.9: a folder's redirect stays on this host whatever the path's slashes, and only
// loopback names and IP addresses are answered (DNS rebinding).
func TestRedirectsStayOnTheHost(t *testing.T) {
	_, srv, _ := site(t)
	for _, p := range []string{"//companies", "///companies", "/companies", "//companies?x=1"} {
		// The request line as a browser or curl sends it; Go's client would make "//x"
		// an absolute URL.
		conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", p)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusMovedPermanently || loc != "/companies/" {
			t.Errorf("%s: %d Location %q, want 301 /companies/", p, resp.StatusCode, loc)
		}
	}
}

func TestHostHeader(t *testing.T) {
	_, srv, _ := site(t)
	for host, want := range map[string]int{
		"127.0.0.1:1313": http.StatusOK, "localhost:1313": http.StatusOK, "localhost": http.StatusOK,
		"[::1]:1313": http.StatusOK, "192.168.1.20:1313": http.StatusOK, "preview.localhost": http.StatusOK,
		"LOCALHOST.:1313":   http.StatusOK,
		"evil.example:1313": http.StatusMisdirectedRequest, "localhost.evil.example": http.StatusMisdirectedRequest,
		"127.0.0.1.nip.io": http.StatusMisdirectedRequest,
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
		if want != http.StatusOK && strings.Contains(string(body), "Home") {
			t.Errorf("Host %s: served the page", host)
		}
	}
}

// TestReadyWritesBeforeRead: a page an edit left pending is asked for by name before it is
// read, so the first request after the edit answers the new page, not the one on disk; a
// missing page asks for 404.html.
func TestReadyWritesBeforeRead(t *testing.T) {
	s, srv, dir := site(t)
	var asked []string
	s.SetReady(func(ctx context.Context, name string) {
		asked = append(asked, name)
		if name == "companies/index.html" {
			os.WriteFile(filepath.Join(dir, name), []byte("<html><body>Companies, written on demand</body></html>"), 0o644)
		}
	})
	if _, body := get(t, "GET", srv.URL+"/companies/", nil); !strings.Contains(body, "written on demand") {
		t.Errorf("served the page on disk before Ready wrote it: %q", body)
	}
	if resp, _ := get(t, "GET", srv.URL+"/no-such-page/", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("status %d for a missing page", resp.StatusCode)
	}
	if resp, _ := get(t, "GET", srv.URL+"/companies", nil); resp.StatusCode != http.StatusMovedPermanently {
		t.Errorf("status %d for a folder without its slash", resp.StatusCode)
	}
	want := []string{"companies/index.html", "no-such-page/index.html", "404.html", "companies", "companies/index.html"}
	if strings.Join(asked, " ") != strings.Join(want, " ") {
		t.Errorf("Ready was asked for %q, want %q", asked, want)
	}
}
