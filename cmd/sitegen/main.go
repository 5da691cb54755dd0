// Command sitegen builds the PSEB marketing site from Markdown. It only parses flags, calls
// the generator and turns the outcome into output and an exit status.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/site"
	"github.com/pseb/sitegen/themes"
)

// Exit statuses.
const (
	exitOK    = 0
	exitBuild = 1 // content, template or build errors
	exitUsage = 2 // unknown command or flag, bad flag value
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C asks the command to stop cleanly; a second one kills it as usual.
	go func() { <-ctx.Done(); stop() }()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `sitegen builds the Pakistan Software Export Board's site from Markdown.

Usage:
  sitegen new KIND NAME   start a site, a company, a park, a page or a news item
  sitegen import EXPORT   import PSEB's registry export (.csv, .xlsx) into company profiles
  sitegen build [flags]   build the site into a folder (default: public/)
  sitegen serve [flags]   preview the site while you edit it, with live reload
  sitegen check [flags]   check every link of the site (and, with --external, other sites')
  sitegen deploy [flags]  publish the built site to object storage, uploading only what changed
  sitegen serverconfig [flags]  print the nginx or Caddy configuration that serves the built site
  sitegen help [command]  show help for a command
  sitegen version         print the version

Run "sitegen build --help" (or serve, check, deploy, serverconfig) for a command's flags.
`

var commands = []string{"new", "import", "build", "serve", "check", "deploy", "serverconfig", "help", "version"}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// The last line of defence: an editor sees a sentence, not a stack trace.
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "sitegen: internal error: %v\nPlease report this to the sitegen maintainers; the previous output was left as it was.\n", v)
			code = exitBuild
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch cmd := args[0]; cmd {
	case "new":
		return runNew(ctx, args[1:], stdout, stderr)
	case "import":
		return runImport(ctx, args[1:], stdout, stderr)
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "deploy":
		return runDeploy(ctx, args[1:], stdout, stderr)
	case "serverconfig":
		return runServerConfig(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] == "build" {
			return runBuild(ctx, []string{"--help"}, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "serve" {
			return runServe(ctx, []string{"--help"}, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "check" {
			return runCheck(ctx, []string{"--help"}, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "deploy" {
			return runDeploy(ctx, []string{"--help"}, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "import" {
			return runImport(ctx, []string{"--help"}, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "new" {
			return runNew(ctx, []string{"--help"}, stdout, stderr)
		}
		if len(args) > 1 && args[1] == "serverconfig" {
			return runServerConfig(ctx, []string{"--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	case "version", "--version":
		fmt.Fprintln(stdout, "sitegen", version())
		if info, err := themes.ReadInfo(themes.FS, "default"); err == nil {
			fmt.Fprintf(stdout, "theme %s %s (built in)\n", info.Name, info.Version)
		}
		return exitOK
	default:
		hint := diagnostic.Suggest(cmd, commands)
		if hint != "" {
			hint = " (" + hint + ")"
		}
		fmt.Fprintf(stderr, "sitegen: unknown command %q%s\nRun \"sitegen --help\" for usage.\n", cmd, hint)
		return exitUsage
	}
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts site.Options
	siteFlags(fs, &opts.Source, &opts.Drafts, &opts.BaseURL)
	fs.StringVar(&opts.Dest, "dest", "", "output folder, replaced atomically on success (default <source>/public)")
	fs.BoolVar(&opts.Fingerprint, "fingerprint", true, "name stylesheets, scripts and images after their content (style.3f9a1c2b7d.css), with integrity hashes")
	fs.BoolVar(&opts.Precompress, "precompress", false, "also write .gz and .br siblings of text files over 1 KiB (or publish.precompress: true in site.yaml)")
	quiet := fs.Bool("quiet", false, "print nothing but errors (no progress line, no summary)")
	fs.StringVar(&opts.CacheDir, "cache-dir", defaultCacheDir, "where the build cache is kept between builds: a rebuild writes only what the changed sources reach, and compresses and encodes only new files (\"\" for none)")
	noCache := fs.Bool("no-cache", false, "build in full, without reading or writing the cache")
	timings := fs.Bool("timings", false, "after the summary, print how long each stage of the build took")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write a heap profile to this file once the build is done, while its site is still loaded: what a build holds (-sample_index=inuse_space) and all it allocated (alloc_space)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: sitegen build [--source DIR] [--dest DIR] [--drafts] [--base-url URL] [--precompress]
                    [--cache-dir DIR] [--no-cache] [--quiet] [--timings]
                    [--cpuprofile FILE] [--memprofile FILE]

Builds the site in DIR (content/ and themes/) into a minified static site. The output folder
is replaced only when the whole build succeeds; on any error the previous output is kept.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), `
Exit status: 0 built, 1 content, template or build errors (all are listed, as
PATH:LINE:COL: message), 2 usage errors.
`)
	}
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if !validBaseURL(stderr, "build", opts.BaseURL) {
		return exitUsage
	}
	if opts.CacheDir == defaultCacheDir {
		opts.CacheDir = filepath.Join(opts.Source, ".sitegen-cache")
	}
	if opts.CacheDir != "" {
		opts.BuildCache = filepath.Join(opts.CacheDir, "build")
	}
	if *noCache {
		opts.NoCache, opts.CacheDir = true, ""
	}
	// A build ends here: its bodies can stay on disk until rendered.
	opts.LazyBodies = true
	// A progress line on a terminal only: in a CI log it would be noise.
	if !*quiet && isTerminal(stderr) && os.Getenv("CI") == "" {
		opts.Progress = stderr
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "sitegen build: --cpuprofile: %v\n", err)
			return exitUsage
		}
		defer stop()
	}
	writeHeap := func() error { return nil }
	if *memProfile != "" {
		var err error
		if writeHeap, err = createHeapProfile(*memProfile); err != nil {
			fmt.Fprintf(stderr, "sitegen build: --memprofile: %v\n", err)
			return exitUsage
		}
	}
	sum, err := site.Build(ctx, opts)
	if err != nil {
		return report(stderr, err)
	}
	if err := writeHeap(); err != nil {
		fmt.Fprintf(stderr, "sitegen build: --memprofile: %v\n", err)
		return exitBuild
	}
	runtime.KeepAlive(sum) // its plan is what the heap profile shows in use
	if sum.Cache.Corrupt {
		fmt.Fprintf(stderr, "sitegen build: warning: the build cache in %s was damaged (%s); it was ignored and made again\n", opts.BuildCache, sum.Cache.Reason)
	}
	if *quiet {
		return exitOK
	}
	dest := opts.Dest
	if dest == "" {
		dest = strings.TrimPrefix(opts.Source+"/public", "./")
	}
	fmt.Fprintf(stdout, "Built %s in %s: %d companies, %d parks, %d pages, %d news\n", dest, sum.Duration.Round(1e6),
		sum.Pages[content.KindCompany], sum.Pages[content.KindPark], sum.Pages[content.KindPage], sum.Pages[content.KindNews])
	kinds := make([]string, 0, len(sum.Routes))
	for k := range sum.Routes {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k, sum.Routes[k])
	}
	fmt.Fprintf(stdout, "  output: %s\n  %d files, %s\n", strings.Join(parts, ", "), sum.Files, humanBytes(sum.Bytes))
	switch c := sum.Cache; {
	case c.Used:
		fmt.Fprintf(stdout, "  cache: %s changed since the cached build; %d files written, %d removed\n", plural(c.Changed, "source file"), c.Written, c.Removed)
	case opts.BuildCache != "" && c.Reason != "":
		fmt.Fprintf(stdout, "  cache: built in full (%s); saved for the next build\n", c.Reason)
	}
	if *timings {
		if c := sum.Cache; c.Sources > 0 {
			fmt.Fprintf(stdout, "  sources: %d of %d read (the others' stats, or git's index, said they were unchanged)\n", c.Read, c.Sources)
		}
		for _, s := range sum.Stages {
			fmt.Fprintf(stdout, "  %8s  %s\n", s.Took.Round(time.Millisecond), s.Name)
		}
	}
	return exitOK
}

// siteFlags defines the flags that say which site to read, shared by build and check.
func siteFlags(fs *flag.FlagSet, source *string, drafts *bool, baseURL *string) {
	fs.StringVar(source, "source", ".", "site root holding content/ and themes/")
	fs.BoolVar(drafts, "drafts", false, "include drafts and news dated in the future")
	fs.StringVar(baseURL, "base-url", "", "absolute URL the site is published at (overrides base_url in content/site.yaml)")
}

// validBaseURL reports a bad --base-url of cmd.
func validBaseURL(stderr io.Writer, cmd, raw string) bool {
	if raw == "" {
		return true
	}
	if _, err := config.ParseBaseURL(raw); err != nil {
		fmt.Fprintf(stderr, "sitegen %s: --base-url %q %v\n", cmd, raw, err)
		return false
	}
	return true
}

// parseFlags parses a command's flags. done is true when the command must stop: after
// printing help (status 0) or a usage error (status 2).
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK, true
		}
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sitegen %s: unexpected argument %q (flags start with --)\n", fs.Name(), fs.Arg(0))
		return exitUsage, true
	}
	return 0, false
}

// parseInterleaved parses flags that may come before, between or after the command's
// words (sitegen new company "Acme" --city lahore) and returns the words in order; done
// with code when help was asked for or a flag is wrong.
func parseInterleaved(fs *flag.FlagSet, args []string, stdout io.Writer) (words []string, code int, done bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stdout)
				fs.Usage()
				return nil, exitOK, true
			}
			return nil, exitUsage, true
		}
		if fs.NArg() == 0 {
			return words, 0, false
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// report prints a failed build: every diagnostic on its own line, then a count.
func report(stderr io.Writer, err error) int {
	var list *diagnostic.List
	var usage *site.UsageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "sitegen build: %v\n", usage)
		return exitUsage
	case errors.As(err, &list):
		errs := list.Errors()
		for _, e := range errs {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "build failed: %s; the previous output was left as it was\n", diagnostic.Count(len(errs)))
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "build interrupted; the previous output was left as it was")
	default:
		fmt.Fprintf(stderr, "sitegen build: %v\nbuild failed; the previous output was left as it was\n", err)
	}
	return exitBuild
}

// defaultCacheDir stands for the site's own cache folder, <source>/.sitegen-cache.
const defaultCacheDir = "<source>/.sitegen-cache"

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
