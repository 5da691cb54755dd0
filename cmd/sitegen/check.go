package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pseb/sitegen/generator/check"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/site"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts check.Options
	siteFlags(fs, &opts.Source, &opts.Drafts, &opts.BaseURL)
	fs.StringVar(&opts.Dest, "dest", "", "check this built site instead of building one (it is not changed)")
	fs.StringVar(&opts.CacheDir, "cache-dir", defaultCacheDir, "where encoded photos and compressed files are kept between builds, as for build (\"\" for none; not used with --dest)")
	fs.BoolVar(&opts.Remote, "external", false, "also check links to other sites (needs network access)")
	fs.DurationVar(&opts.External.Timeout, "timeout", 10*time.Second, "with --external: time allowed for each request")
	fs.IntVar(&opts.External.Workers, "workers", 8, "with --external: requests at a time (at most 2 to one host)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: sitegen check [--source DIR] [--dest DIR] [--external] [--base-url URL] [--cache-dir DIR]

Checks every link of the site: each internal href, src and srcset of its pages and url() of
its stylesheets reaches a file, each #fragment an id on its page, and nothing uses http:
on an https site. Without --dest it builds the site into a temporary folder first (public/
is not touched). With --external it also asks other sites whether their links answer:
a few requests at a time, each URL once, retried after server errors.

Each broken link is reported at the Markdown or front-matter line that wrote it, or at the
stylesheet or output file where no source is known, all of them, then a summary.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), `
Exit status: 0 no broken links, 1 broken links or build errors, 2 usage errors.
`)
	}
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if !validBaseURL(stderr, "check", opts.BaseURL) {
		return exitUsage
	}
	if opts.External.Timeout <= 0 || opts.External.Workers <= 0 {
		fmt.Fprintln(stderr, "sitegen check: --timeout and --workers must be positive")
		return exitUsage
	}
	if opts.CacheDir == defaultCacheDir {
		opts.CacheDir = filepath.Join(opts.Source, ".sitegen-cache")
	}
	res, err := check.Run(ctx, opts)
	if err != nil {
		return reportCheck(stderr, err)
	}
	for _, p := range res.Problems {
		fmt.Fprintln(stderr, p)
	}
	rep := res.Report
	summary := fmt.Sprintf("Checked %d pages and %d links", rep.Pages, rep.Links)
	if opts.Remote {
		var parts []string
		total := 0
		for k, n := range rep.External {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
			total += n
		}
		slices.Sort(parts)
		summary += fmt.Sprintf(", %d external URLs (%s)", total, strings.Join(parts, ", "))
	}
	if len(res.Problems) > 0 {
		fmt.Fprintf(stdout, "%s: %s\n", summary, strings.Replace(diagnostic.Count(len(res.Problems)), "error", "broken link", 1))
		return exitBuild
	}
	fmt.Fprintf(stdout, "%s: no broken links\n", summary)
	return exitOK
}

func reportCheck(stderr io.Writer, err error) int {
	var usage *site.UsageError
	if errors.As(err, &usage) {
		fmt.Fprintf(stderr, "sitegen check: %v\n", usage)
		return exitUsage
	}
	return report(stderr, err)
}
