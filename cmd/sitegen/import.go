package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/registry"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "site root holding content/")
	mapFile := fs.String("map", "", "a YAML file naming the column of each field (columns: {name: Company Name, ...}); without it the header names the fields")
	sheet := fs.String("sheet", "", "the sheet of an XLSX workbook (default the first)")
	dryRun := fs.Bool("dry-run", false, "print what would change and write nothing")
	prune := fs.Bool("prune", false, "remove profiles the export does not have (with their translations)")
	verbose := fs.Bool("verbose", false, "list every created and unchanged profile, not only the first ones")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: sitegen import [--source DIR] [--map FILE] [--sheet NAME] [--dry-run] [--prune] EXPORT

Imports PSEB's registry export (EXPORT: .csv or .xlsx, one row per company, a header row
first) into content/companies/. New rows create profiles; a changed row rewrites only the
fields the export has columns for: the body and every other field stay as editors wrote
them. A row whose values fail the build's validation is reported at EXPORT:ROW:COLUMN and
skipped whole. Profiles the export does not have are listed, and removed only with --prune.
Importing the same export again changes nothing.

Columns are the fields (name, city, services, ...; see docs/content.md) unless --map names
them. Cities, parks, services and certifications may be given by id or by name. Lists are
separated by ";" (or "," when a cell has no ";").

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0 imported (rows skipped as invalid exit 1), 1 errors, 2 usage errors.\n")
	}
	files, code, done := parseInterleaved(fs, args, stdout)
	if done {
		return code
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "sitegen import: want one export file (got %d)\nRun \"sitegen import --help\" for usage.\n", len(files))
		return exitUsage
	}
	opts := registry.Options{Source: *source, Export: files[0], Sheet: *sheet}
	if *mapFile != "" {
		m, err := registry.LoadMapping(*mapFile)
		if err != nil {
			fmt.Fprintf(stderr, "sitegen import: %v\n", err)
			return exitUsage
		}
		opts.Mapping = m
	}
	plan, err := registry.Prepare(ctx, opts)
	if err != nil {
		var list *diagnostic.List
		var table *registry.TableError
		switch {
		case errors.As(err, &list):
			for _, e := range list.Errors() {
				fmt.Fprintln(stderr, e)
			}
			fmt.Fprintf(stderr, "sitegen import: fix the site's settings first (%s); nothing was imported\n", diagnostic.Count(list.Len()))
		case errors.As(err, &table):
			fmt.Fprintf(stderr, "%v\nsitegen import: nothing was imported\n", table)
		default:
			fmt.Fprintf(stderr, "sitegen import: %v\nnothing was imported\n", err)
		}
		return exitBuild
	}
	fmt.Fprintf(stdout, "%s: %s (%s)\n", plan.Table.Path, plural(len(plan.Table.Rows), "row"), plan.Table.Encoding)
	if len(plan.Table.Ignored) > 0 {
		fmt.Fprintf(stdout, "columns not imported (no field of that name): %s\n", strings.Join(plan.Table.Ignored, ", "))
	}
	for _, e := range plan.Invalid {
		fmt.Fprintln(stderr, e)
	}
	verb := map[bool]string{true: "would be ", false: ""}[*dryRun]
	list := func(what string, changes []*registry.Change, all bool) {
		fmt.Fprintf(stdout, "%s%s: %d\n", verb, what, len(changes))
		for i, c := range changes {
			if i == 10 && !all {
				fmt.Fprintf(stdout, "  ... and %d more (--verbose lists them)\n", len(changes)-10)
				break
			}
			line := fmt.Sprintf("  %s (row %d)", c.Path, c.Row)
			if len(c.Fields) > 0 {
				line += ": " + strings.Join(c.Fields, ", ")
			}
			fmt.Fprintln(stdout, line)
		}
	}
	list("created", plan.Created, *verbose)
	list("updated", plan.Updated, true)
	fmt.Fprintf(stdout, "unchanged: %d\n", len(plan.Unchanged))
	fmt.Fprintf(stdout, "invalid (skipped): %d\n", plan.InvalidRows())
	if len(plan.Missing) > 0 {
		action := "kept; --prune removes them"
		if *prune {
			action = verb + "removed"
		}
		fmt.Fprintf(stdout, "missing from the export: %d (%s)\n", len(plan.Missing), action)
		for _, m := range plan.Missing {
			fmt.Fprintf(stdout, "  %s\n", m)
		}
	}
	if !*dryRun {
		if err := plan.Apply(*prune); err != nil {
			fmt.Fprintf(stderr, "sitegen import: %v\n", err)
			return exitBuild
		}
	}
	if len(plan.Invalid) > 0 {
		done := "the other rows were imported"
		if *dryRun {
			done = "nothing was written (--dry-run)"
		}
		fmt.Fprintf(stderr, "sitegen import: %s skipped (%s); %s\n", plural(plan.InvalidRows(), "invalid row"), plural(len(plan.Invalid), "problem"), done)
		return exitBuild
	}
	return exitOK
}
