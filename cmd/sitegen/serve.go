package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/pseb/sitegen/generator/preview"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts preview.Options
	var open bool
	fs.StringVar(&opts.Source, "source", ".", "site root holding content/ and themes/")
	fs.StringVar(&opts.Bind, "bind", "127.0.0.1", "address to listen on; other machines can reach anything but loopback")
	fs.IntVar(&opts.Port, "port", 1313, "port to listen on; 0 picks a free one")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include drafts and news dated in the future")
	fs.BoolVar(&open, "open", false, "open the site in the default browser")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the session, from start to Ctrl-C, to this file (for go tool pprof; -tagfocus serve=edit shows the edits alone)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: sitegen serve [--source DIR] [--bind 127.0.0.1] [--port 1313] [--drafts] [--open]
                    [--cpuprofile FILE]

Builds the site into a temporary folder (public/ is never touched), serves it, and rebuilds
on every save under content/, themes/, layouts/ and static/. Open pages reload by themselves;
a broken edit shows its errors in the page and in this terminal while the last good build
stays served. Stop with Ctrl-C.

Flags:
`)
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if opts.Port < 0 || opts.Port > 65535 {
		fmt.Fprintf(stderr, "sitegen serve: --port %d is not a port number (0 to 65535)\n", opts.Port)
		return exitUsage
	}
	ip := net.ParseIP(opts.Bind)
	if ip == nil && opts.Bind != "localhost" {
		fmt.Fprintf(stderr, "sitegen serve: --bind %q is not an IP address\n", opts.Bind)
		return exitUsage
	}
	if w := bindWarning(opts.Bind, opts.Drafts); w != "" {
		fmt.Fprintln(stderr, w)
	}
	if fi, err := os.Stat(filepath.Join(opts.Source, "content")); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "sitegen serve: %s has no content/ folder (run it in the site root or pass --source)\n", opts.Source)
		return exitUsage
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "sitegen serve: --cpuprofile: %v\n", err)
			return exitUsage
		}
		// The session ends at Ctrl-C, and so does its profile: written before serve
		// deletes its output, which a second Ctrl-C may not wait for.
		stop = sync.OnceFunc(stop)
		unregister := context.AfterFunc(ctx, stop)
		defer func() { unregister(); stop() }()
	}
	opts.Log = stdout
	if open {
		opts.Ready = func(url string) {
			if err := exec.Command("xdg-open", url).Start(); err != nil {
				fmt.Fprintf(stderr, "could not open a browser (%v); open %s yourself\n", err, url)
			}
		}
	}
	if err := preview.Run(ctx, opts); err != nil {
		fmt.Fprintf(stderr, "sitegen serve: %v\n", err)
		return exitBuild
	}
	return exitOK
}

// bindWarning is what serve says when it listens beyond loopback: who can read what.
func bindWarning(bind string, drafts bool) string {
	ip := net.ParseIP(bind)
	if ip == nil || ip.IsLoopback() {
		return ""
	}
	what := "the preview"
	if drafts {
		what += ", drafts included"
	}
	return fmt.Sprintf("warning: listening on %s: other machines on the network can read %s", bind, what)
}
