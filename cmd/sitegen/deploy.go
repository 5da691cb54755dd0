package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/deploy"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/output"
)

// planLines is how many files of each kind a plan lists before "... and N more".
const planLines = 20

func runDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts deploy.Options
	var source string
	fs.StringVar(&opts.Target, "target", "", "where to publish: s3://BUCKET?region=R, gs://BUCKET, azblob://CONTAINER or file:///PATH (required)")
	fs.StringVar(&source, "source", ".", "site root holding content/site.yaml (for deploy rules and the base URL)")
	fs.StringVar(&opts.Dir, "dest", "", "the built site to publish (default <source>/public)")
	fs.BoolVar(&opts.DryRun, "dry-run", false, "print what would be uploaded and deleted, and change nothing")
	fs.IntVar(&opts.MaxDeletes, "max-deletes", deploy.DefaultMaxDeletes, "refuse to delete more remote files than this (see --force)")
	fs.IntVar(&opts.Workers, "workers", deploy.DefaultWorkers, "uploads at a time")
	fs.BoolVar(&opts.Force, "force", false, "delete even when more than --max-deletes files would go")
	fs.StringVar(&opts.ChangedList, "changed-list", "", "write the URL paths whose content changed to this file, for a CDN invalidation")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: sitegen deploy --target URL [--dest DIR] [--dry-run] [--max-deletes N] [--force]
                      [--workers N] [--changed-list FILE] [--source DIR]

Publishes a built site (run sitegen build first) to object storage: compares every file
with the stored one by size, MD5 and headers, uploads only what changed - assets first,
then pages, then the sitemap, feeds and search data - and deletes files that are gone,
last. Credentials come from the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_ACCOUNT/AZURE_STORAGE_KEY), never flags.

Targets (gocloud.dev URLs):
  s3://BUCKET?region=eu-central-1[&prefix=site/]
  s3://BUCKET?endpoint=http://127.0.0.1:7070&region=us-east-1&use_path_style=true&disable_https=true
  gs://BUCKET   azblob://CONTAINER   file:///srv/www

Ctrl-C finishes the uploads in flight and stops without deleting; run it again to finish.

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), `
Exit status: 0 published (or planned), 1 deploy errors or refused deletes, 2 usage errors.
`)
	}
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	switch {
	case opts.Target == "":
		fmt.Fprintln(stderr, "sitegen deploy: --target is required (e.g. --target s3://my-bucket?region=eu-central-1)")
		return exitUsage
	case opts.Workers <= 0 || opts.Workers > 256:
		fmt.Fprintln(stderr, "sitegen deploy: --workers must be from 1 to 256")
		return exitUsage
	case opts.MaxDeletes < 0:
		fmt.Fprintln(stderr, "sitegen deploy: --max-deletes must not be negative")
		return exitUsage
	}
	if opts.Dir == "" {
		opts.Dir = filepath.Join(source, "public")
	}
	// The target must not hold the site's source or the build cache either: a deploy
	// deletes what the target has and the output lacks.
	opts.Protected = []string{source, output.DefaultCacheDir()}
	if err := deploy.CheckTarget(opts.Target, opts.Dir, opts.Protected...); err != nil {
		fmt.Fprintf(stderr, "sitegen deploy: %v\n", err)
		return exitUsage
	}
	var errs diagnostic.List
	cfg := config.LoadSite(os.DirFS(source), &errs)
	if errs.Len() > 0 {
		for _, e := range errs.Errors() {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "deploy failed: %s in %s; nothing was changed\n", diagnostic.Count(errs.Len()), config.SiteFile)
		return exitBuild
	}
	opts.Rules, opts.BrotliQuality, opts.BasePath = cfg.Deploy.Rules, cfg.Publish.BrotliQuality, "/"
	if cfg.BaseURL != nil {
		opts.BasePath = cfg.BaseURL.Path
	}
	opts.Interrupt = ctx.Done()
	if isTerminal(stderr) && os.Getenv("CI") == "" {
		opts.Progress = stderr
	}
	// In-flight uploads finish after Ctrl-C: Interrupt stops new ones.
	res, err := deploy.Run(context.WithoutCancel(ctx), opts)
	if res != nil && opts.DryRun {
		printPlan(stdout, &res.Plan)
	}
	if err != nil {
		var tooMany *deploy.TooManyDeletesError
		if errors.As(err, &tooMany) && res != nil && !opts.DryRun {
			printPlan(stdout, &res.Plan)
		}
		if res != nil && (res.Uploaded > 0 || res.Deleted > 0) {
			fmt.Fprintf(stdout, "deploy: uploaded %d files (%s), deleted %d before stopping\n", res.Uploaded, deploy.FormatBytes(res.Bytes), res.Deleted)
		}
		fmt.Fprintf(stderr, "sitegen deploy: %v\n", err)
		return exitBuild
	}
	if opts.DryRun {
		return exitOK
	}
	fmt.Fprintf(stdout, "deploy: uploaded %d files (%s), deleted %d, %d unchanged, in %.1fs\n",
		res.Uploaded, deploy.FormatBytes(res.Bytes), res.Deleted, res.Plan.Unchanged, res.Elapsed.Seconds())
	return exitOK
}

// printPlan lists what a dry run would do, a few files of each kind, then the totals.
func printPlan(w io.Writer, p *deploy.Plan) {
	for i, f := range p.Uploads {
		if i == planLines {
			fmt.Fprintf(w, "  ... and %d more uploads\n", len(p.Uploads)-planLines)
			break
		}
		fmt.Fprintf(w, "  upload %s (%s, %s)\n", f.Key, deploy.FormatBytes(f.Size), strings.Join(nonEmpty(f.Headers.ContentType, f.Headers.ContentEncoding), ", "))
	}
	for i, k := range p.Deletes {
		if i == planLines {
			fmt.Fprintf(w, "  ... and %d more deletes\n", len(p.Deletes)-planLines)
			break
		}
		fmt.Fprintf(w, "  delete %s\n", k)
	}
	fmt.Fprintf(w, "plan: upload %d files (%s), delete %d, %d unchanged\n", len(p.Uploads), deploy.FormatBytes(p.Bytes), len(p.Deletes), p.Unchanged)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isTerminal reports whether w is a character device (a terminal), where a progress line
// redrawn in place reads well; in a CI log it would be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
