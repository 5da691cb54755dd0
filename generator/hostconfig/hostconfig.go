// Package hostconfig owns the web-server configurations (nginx, Caddy) of a built site:
// made from the _headers and _redirects the build writes for Netlify and Cloudflare Pages,
// so a self-hosted server sends the same security and cache headers, answers the same
// redirects with real 301s, serves the precompressed siblings with Vary, and answers a miss
// below /zh/ or /ar/ with that language's 404 page.
package hostconfig

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// Site is what a server needs to know of a built site.
type Site struct {
	// Prefix is the URL path the site lives at ("/" or "/pseb/"): that of _headers' "/*" rule.
	Prefix string
	// Headers are the headers of every file; Assets the extra ones of the fingerprinted
	// files below Prefix+"assets/" (their year-long Cache-Control), sent only with a file.
	Headers, Assets []Header
	// Redirects are the old addresses (aliases), each to its page.
	Redirects []Redirect
	// Languages are the path prefixes ("/zh/") that have a 404 page of their own.
	Languages []string
}

// Header is one response header.
type Header struct{ Name, Value string }

// Redirect is a permanent redirect of one path.
type Redirect struct {
	From, To string
	Status   int
}

// Read reads the host files of the built site in dir.
func Read(dir string) (*Site, error) {
	s := &Site{Prefix: "/"}
	hdrs, err := os.ReadFile(filepath.Join(dir, "_headers"))
	if err != nil {
		return nil, fmt.Errorf("%w (build the site first: sitegen build)", err)
	}
	rules, err := parseHeaders(hdrs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "_headers"), err)
	}
	// sitegen writes two rules: PREFIX* then PREFIX/assets/*.
	if len(rules) != 2 || !strings.HasSuffix(rules[0].path, "/*") || !safePath(strings.TrimSuffix(rules[0].path, "*")) ||
		rules[1].path != strings.TrimSuffix(rules[0].path, "*")+"assets/*" {
		var paths []string
		for _, r := range rules {
			paths = append(paths, r.path)
		}
		return nil, fmt.Errorf("%s: rules for %s: sitegen writes one for the site (/*) and one for /assets/*; build again", filepath.Join(dir, "_headers"), strings.Join(paths, ", "))
	}
	s.Prefix, s.Headers, s.Assets = strings.TrimSuffix(rules[0].path, "*"), rules[0].headers, rules[1].headers
	redirects, err := os.ReadFile(filepath.Join(dir, "_redirects"))
	switch {
	case err == nil:
		if s.Redirects, err = parseRedirects(redirects); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "_redirects"), err)
		}
	case !os.IsNotExist(err):
		return nil, err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "404.html")); err == nil {
			s.Languages = append(s.Languages, s.Prefix+e.Name()+"/")
		}
	}
	return s, nil
}

type headerRule struct {
	path    string
	headers []Header
}

// parseHeaders reads the _headers format: a path line, then indented "Name: value" lines.
func parseHeaders(data []byte) ([]headerRule, error) {
	var rules []headerRule
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case line[0] != ' ' && line[0] != '\t':
			rules = append(rules, headerRule{path: t})
		case len(rules) == 0:
			return nil, fmt.Errorf("line %d: a header before any path", n)
		default:
			name, value, ok := strings.Cut(t, ":")
			if !ok || !validToken(name) || strings.ContainsAny(value, "\"\\\r\n{}$`") {
				return nil, fmt.Errorf("line %d: not a header a server config can carry: %q", n, t)
			}
			r := &rules[len(rules)-1]
			r.headers = append(r.headers, Header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
		}
	}
	return rules, sc.Err()
}

// parseRedirects reads the _redirects format: "from to status" a line.
func parseRedirects(data []byte) ([]Redirect, error) {
	var out []Redirect
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Fields(t)
		if len(f) != 3 || !safePath(f[0]) || !safePath(f[1]) {
			return nil, fmt.Errorf("line %d: want \"/from/ /to/ 301\", got %q", n, t)
		}
		status, err := strconv.Atoi(f[2])
		if err != nil || (status != 301 && status != 302 && status != 308) {
			return nil, fmt.Errorf("line %d: status %q is not a redirect", n, f[2])
		}
		out = append(out, Redirect{From: f[0], To: f[1], Status: status})
	}
	return out, sc.Err()
}

// safePath accepts a site path that can be written into a config unquoted and unescaped:
// the paths a build writes (slugs, folders, .html).
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || path.Clean(p) != strings.TrimSuffix(p, "/") && p != "/" {
		return false
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/-_.~%", r)) {
			return false
		}
	}
	return true
}

func validToken(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-')
	})
}

// Options say where the site is served from.
type Options struct {
	// Root is the folder the server serves the host's root from; the site's files are
	// in Root + Prefix (with Prefix "/", Root itself).
	Root string
	// Brotli serves .br siblings (nginx needs the ngx_brotli module for it).
	Brotli bool
}

// Nginx returns directives for an nginx server block (include them inside server { }).
func (s *Site) Nginx(o Options) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("# Written by sitegen serverconfig from _headers and _redirects; include it in a server { } block.")
	w("root %s;", quote(o.Root))
	w("index index.html;")
	w("charset utf-8;")
	w("charset_types text/css text/plain text/xml application/javascript application/json application/atom+xml image/svg+xml;")
	w("# Precompressed siblings (sitegen build --precompress), with Vary: Accept-Encoding so a")
	w("# shared cache never gives br or gzip to a client that did not ask for it.")
	w("gzip_static on;")
	w("gzip_vary on;")
	if o.Brotli {
		w("brotli_static on;")
	}
	w("server_tokens off;")
	// add_header in a location replaces every add_header of the server, so only the
	// assets' location, which adds Cache-Control, repeats the security headers.
	security := func(indent string) {
		for _, h := range s.Headers {
			w("%sadd_header %s %s always;", indent, h.Name, quote(h.Value))
		}
	}
	security("")
	w("")
	w("location %s {", s.Prefix)
	w("    try_files $uri $uri/index.html =404;")
	w("    error_page 404 %s404.html;", s.Prefix)
	w("}")
	for _, l := range s.Languages {
		w("location %s {", l)
		w("    try_files $uri $uri/index.html =404;")
		w("    error_page 404 %s404.html;", l)
		w("}")
	}
	w("# Fingerprinted files: cached for a year when found (no always: a 404 is not cached).")
	w("location %sassets/ {", s.Prefix)
	security("    ")
	for _, h := range s.Assets {
		w("    add_header %s %s;", h.Name, quote(h.Value))
	}
	w("    try_files $uri =404;")
	w("    error_page 404 %s404.html;", s.Prefix)
	w("}")
	w("# Host files and the metadata files of a file:// deploy are not pages.")
	w("location ~ (^|/)_(headers|redirects)$ { return 404; }")
	w(`location ~ \.attrs$ { return 404; }`)
	for _, r := range s.Redirects {
		w("location = %s { return %d %s; }", r.From, r.Status, r.To)
	}
	return b.String()
}

// Caddy returns a Caddyfile site block body (put it inside example.org { }).
func (s *Site) Caddy(o Options) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	headers := func(indent string) {
		w("%sheader {", indent)
		for _, h := range s.Headers {
			w("%s    %s %s", indent, h.Name, quote(h.Value))
		}
		w("%s    -Server", indent)
		w("%s}", indent)
	}
	w("# Written by sitegen serverconfig from _headers and _redirects; put it in a site block.")
	w("root * %s", quote(o.Root))
	headers("")
	w("# Fingerprinted files: cached for a year when the file exists (a 404 is not cached).")
	w("@assets {")
	w("    path %sassets/*", s.Prefix)
	w("    file")
	w("}")
	for _, h := range s.Assets {
		w("header @assets %s %s", h.Name, quote(h.Value))
	}
	w("@hostfiles path_regexp (^|/)(_headers|_redirects|[^/]*\\.attrs)$")
	w("error @hostfiles 404")
	for _, r := range s.Redirects {
		w("redir %s %s %d", r.From, r.To, r.Status)
	}
	enc := "gzip"
	if o.Brotli {
		enc = "br gzip"
	}
	w("file_server {")
	w("    precompressed %s", enc)
	w("}")
	w("handle_errors {")
	headers("    ")
	for _, l := range s.Languages {
		w("    handle %s* {", l)
		w("        rewrite * %s404.html", l)
		w("        file_server")
		w("    }")
	}
	w("    handle {")
	w("        rewrite * %s404.html", s.Prefix)
	w("        file_server")
	w("    }")
	w("}")
	return b.String()
}

// quote writes a value as one double-quoted token of either syntax; parseHeaders refused
// the characters that would need escaping.
func quote(v string) string { return `"` + v + `"` }
