package hostconfig_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/hostconfig"
	"github.com/pseb/sitegen/generator/site"
)

// builtSite builds the site package's test site in two languages, precompressed, into
// root/pseb/ (the site's base path), and returns root.
func builtSite(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	copyDir(t, "../site/testdata/site", src)
	copyDir(t, "../../themes", filepath.Join(src, "themes"))
	cfg := filepath.Join(src, "content/site.yaml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cfg, append(data, "languages:\n  - code: zh\n    title: 测试网站\n"...), 0o644)
	root := t.TempDir()
	_, err = site.Build(context.Background(), site.Options{Source: src, Dest: filepath.Join(root, "pseb"), Precompress: true, Fingerprint: true,
		Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// need finds a server binary; a test without it skips, unless SITEGEN_REQUIRE_SERVERS is
// set (CI), where it fails.
func need(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("SITEGEN_REQUIRE_SERVERS") != "" {
			t.Fatalf("%s is not installed (apt-get install nginx-light libnginx-mod-http-brotli-static caddy)", name)
		}
		t.Skipf("%s is not installed; skipping (apt-get install nginx-light libnginx-mod-http-brotli-static caddy)", name)
	}
	return p
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs a server until the test ends and waits until it answers on addr.
func start(t *testing.T, addr string, cmd *exec.Cmd, logFile string) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.Dial("tcp4", addr)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logFile)
			t.Fatalf("%s did not start: %s\n%s", cmd.Path, out.String(), log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

func TestNginx(t *testing.T) {
	bin := need(t, "nginx")
	root := builtSite(t)
	s, err := hostconfig.Read(filepath.Join(root, "pseb"))
	if err != nil {
		t.Fatal(err)
	}
	_, modErr := os.Stat(brotliModule)
	brotli := modErr == nil
	if !brotli && os.Getenv("SITEGEN_REQUIRE_SERVERS") != "" {
		t.Fatalf("%s is missing (apt-get install libnginx-mod-http-brotli-static)", brotliModule)
	}
	dir, addr := t.TempDir(), freePort(t)
	os.WriteFile(filepath.Join(dir, "site.conf"), []byte(s.Nginx(hostconfig.Options{Root: root, Brotli: brotli})), 0o644)
	load := ""
	if brotli {
		load = "load_module " + brotliModule + ";"
	}
	conf := fmt.Sprintf(`%s
daemon off;
master_process off;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    server {
        listen %[3]s;
        include %[2]s/site.conf;
    }
}
`, load, dir, addr)
	os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644)
	if out, err := exec.Command(bin, "-t", "-p", dir, "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s\n%s", err, out, s.Nginx(hostconfig.Options{Root: root, Brotli: brotli}))
	}
	start(t, addr, exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf")), filepath.Join(dir, "error.log"))
	checkServer(t, "http://"+addr, root, brotli)
}

func TestCaddy(t *testing.T) {
	bin := need(t, "caddy")
	root := builtSite(t)
	s, err := hostconfig.Read(filepath.Join(root, "pseb"))
	if err != nil {
		t.Fatal(err)
	}
	dir, addr := t.TempDir(), freePort(t)
	conf := fmt.Sprintf(`{
	admin off
	auto_https off
	storage file_system %[1]s/data
}
http://%[2]s {
%[3]s}
`, dir, addr, s.Caddy(hostconfig.Options{Root: root, Brotli: true}))
	os.WriteFile(filepath.Join(dir, "Caddyfile"), []byte(conf), 0o644)
	cmd := exec.Command(bin, "run", "--config", filepath.Join(dir, "Caddyfile"), "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	start(t, addr, cmd, filepath.Join(dir, "none"))
	checkServer(t, "http://"+addr, root, true)
}

// checkServer asks a server what a browser and a shared cache would, and checks that it
// answers as _headers and _redirects say.
func checkServer(t *testing.T, base, root string, brotli bool) {
	t.Helper()
	css := ""
	_ = fs.WalkDir(os.DirFS(root), "pseb/assets/css", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".css") && strings.Contains(p, "style.") {
			css = "/" + p
		}
		return nil
	})
	if css == "" {
		t.Fatal("no fingerprinted stylesheet in the build")
	}
	type want struct {
		status   int
		headers  map[string]string // header -> a fragment its value must hold ("" = absent)
		body     string
		encoding string
	}
	csp := "default-src 'self'"
	cases := []struct {
		path, accept string
		want         want
	}{
		{"/pseb/", "gzip", want{status: 200, encoding: "gzip", headers: map[string]string{"Vary": "Accept-Encoding", "Content-Security-Policy": csp, "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"}}},
		{"/pseb/", "", want{status: 200, body: "<html", headers: map[string]string{"Content-Security-Policy": csp}}},
		{css, "gzip", want{status: 200, encoding: "gzip", headers: map[string]string{"Cache-Control": "immutable", "Vary": "Accept-Encoding", "Content-Security-Policy": csp}}},
		{"/pseb/assets/css/style.0000000000.css", "", want{status: 404, body: `lang="en"`, headers: map[string]string{"Cache-Control": "", "Content-Security-Policy": csp}}},
		{"/pseb/zh/no-such-page/", "", want{status: 404, body: `lang="zh"`, headers: map[string]string{"Content-Security-Policy": csp}}},
		{"/pseb/no-such-page/", "", want{status: 404, body: `lang="en"`}},
		{"/pseb/about-us/", "", want{status: 301, headers: map[string]string{"Location": "/pseb/about/"}}},
		{"/pseb/old/about.html", "", want{status: 301, headers: map[string]string{"Location": "/pseb/about/"}}},
		{"/pseb/_headers", "", want{status: 404}},
		{"/pseb/_redirects", "", want{status: 404}},
	}
	if brotli {
		cases = append(cases, struct {
			path, accept string
			want         want
		}{"/pseb/", "br, gzip", want{status: 200, encoding: "br", headers: map[string]string{"Vary": "Accept-Encoding"}}})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range cases {
		req, _ := http.NewRequest("GET", base+c.path, nil)
		// Set explicitly so Go's transport neither adds gzip nor decodes the body.
		req.Header.Set("Accept-Encoding", c.accept)
		if c.accept == "" {
			req.Header.Set("Accept-Encoding", "identity")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want.status {
			t.Errorf("%s: status %d, want %d", c.path, resp.StatusCode, c.want.status)
		}
		if got := resp.Header.Get("Content-Encoding"); got != c.want.encoding {
			t.Errorf("%s (Accept-Encoding %q): Content-Encoding %q, want %q", c.path, c.accept, got, c.want.encoding)
		}
		for h, frag := range c.want.headers {
			got := strings.Join(resp.Header.Values(h), ", ")
			if (frag == "" && got != "") || (frag != "" && !strings.Contains(got, frag)) {
				t.Errorf("%s: %s %q, want %q", c.path, h, got, frag)
			}
		}
		if c.want.body != "" && !bytes.Contains(body, []byte(c.want.body)) {
			t.Errorf("%s: body lacks %q:\n%.300s", c.path, c.want.body, body)
		}
	}
}
