package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/pseb/sitegen/generator/hostconfig"
)

func runServerConfig(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serverconfig", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var server, source, dest, root string
	var opts hostconfig.Options
	fs.StringVar(&server, "server", "", "nginx or caddy (required)")
	fs.StringVar(&source, "source", ".", "site root holding content/ and themes/")
	fs.StringVar(&dest, "dest", "", "the built site (default <source>/public)")
	fs.StringVar(&root, "root", "", "absolute folder the server serves the host's root from (default: --dest)")
	fs.BoolVar(&opts.Brotli, "brotli", true, "serve the .br siblings too (nginx: needs the ngx_brotli module, Debian's libnginx-mod-http-brotli-static)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: sitegen serverconfig --server nginx|caddy [--dest DIR] [--root /srv/www] [--brotli=false]

Prints the configuration a self-hosted nginx or Caddy needs to serve the built site as
Netlify and Cloudflare Pages do from _headers and _redirects: the security headers on every
response, a year's caching for fingerprinted files that exist, the old addresses as real
301 redirects, precompressed .br/.gz siblings (build with --precompress) with Vary:
Accept-Encoding, and each language's own 404 page. nginx: include it in a server { } block;
Caddy: put it in the site's block. Build again and regenerate when aliases change.

Flags:
`)
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if server != "nginx" && server != "caddy" {
		fmt.Fprintln(stderr, "sitegen serverconfig: --server must be nginx or caddy")
		return exitUsage
	}
	if dest == "" {
		dest = filepath.Join(source, "public")
	}
	if root == "" {
		abs, err := filepath.Abs(dest)
		if err != nil {
			fmt.Fprintf(stderr, "sitegen serverconfig: %v\n", err)
			return exitUsage
		}
		root = abs
	}
	if !filepath.IsAbs(root) {
		fmt.Fprintf(stderr, "sitegen serverconfig: --root %s is not an absolute path\n", root)
		return exitUsage
	}
	opts.Root = root
	s, err := hostconfig.Read(dest)
	if err != nil {
		fmt.Fprintf(stderr, "sitegen serverconfig: %v\n", err)
		return exitBuild
	}
	if server == "nginx" {
		fmt.Fprint(stdout, s.Nginx(opts))
	} else {
		fmt.Fprint(stdout, s.Caddy(opts))
	}
	return exitOK
}
