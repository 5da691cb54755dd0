package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/scaffold"
)

const newUsage = `Usage:
  sitegen new site DIR
  sitegen new company "Name" [--city ID] [--services ID,ID] [--certifications ID,ID] [--park SLUG] [--bundle]
  sitegen new park "Name" [--city ID] [--status planned|under-construction|operational] [--bundle]
  sitegen new page "Title" [--menu WEIGHT] [--bundle]
  sitegen new news "Title" [--date YYYY-MM-DD] [--bundle]
  sitegen new company|park|page|news "Name" --lang CODE

new site writes a small site that builds at once (settings, data files, one company, one
park, one page, one news item and a README for editors) into an empty or new folder.

The other kinds write one file under content/ of the site in --source, named after the
name (transliterated to ASCII; a name already taken gets -2, -3 ...): the required fields
filled from the flags, the optional ones as comments with their allowed values. Ids are
checked against content/data/. --lang starts a translation beside the file the name makes.
A file is never overwritten.

Flags:
`

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	source := fs.String("source", ".", "site root holding content/")
	var req scaffold.Request
	fs.StringVar(&req.City, "city", "", "company, park: a city id of content/data/cities.yaml")
	services := fs.String("services", "", "company: service ids of content/data/services.yaml, comma-separated")
	certs := fs.String("certifications", "", "company: certification ids of content/data/certifications.yaml, comma-separated")
	fs.StringVar(&req.Park, "park", "", "company: the slug of a park in content/parks/")
	fs.StringVar(&req.Status, "status", "", "park: planned (default), under-construction or operational")
	fs.StringVar(&req.Date, "date", "", "news: the date, YYYY-MM-DD (default today)")
	fs.IntVar(&req.Menu, "menu", 0, "page: show it in the main menu with this weight")
	fs.StringVar(&req.Lang, "lang", "", "start a translation in this language of the existing file the name makes")
	fs.BoolVar(&req.Bundle, "bundle", false, "write a folder with index.md, for files beside the page (logo, photos)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), newUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExit status: 0 written, 1 the site's settings or data have errors, 2 usage errors.\n")
	}
	words, code, done := parseInterleaved(fs, args, stdout)
	if done {
		return code
	}
	if len(words) == 0 {
		fmt.Fprintf(stderr, "sitegen new: what should it make? %s\nRun \"sitegen new --help\" for usage.\n", strings.Join(scaffold.Kinds, ", "))
		return exitUsage
	}
	if len(words) != 2 {
		fmt.Fprintf(stderr, "sitegen new %s: want one name (quote a name with spaces: \"Acme Soft\"), got %d words\n", words[0], len(words)-1)
		return exitUsage
	}
	req.Kind, req.Name = words[0], words[1]
	if req.Kind == "site" {
		wrote, err := scaffold.NewSite(req.Name)
		if err != nil {
			return newFailed(stderr, err)
		}
		fmt.Fprintf(stdout, "Created a site in %s (%d files). Next:\n  cd %s\n  sitegen serve\n", req.Name, len(wrote), req.Name)
		return exitOK
	}
	req.Services, req.Certifications = splitIDs(*services), splitIDs(*certs)
	res, err := scaffold.NewEntry(*source, req)
	if err != nil {
		return newFailed(stderr, err)
	}
	if res.Taken != "" {
		fmt.Fprintf(stdout, "%s is taken, so the new file has another name\n", res.Taken)
	}
	fmt.Fprintf(stdout, "Created %s\n", res.Path)
	if len(res.Missing) > 0 {
		fmt.Fprintf(stdout, "Fill in %s (the file's comments list the allowed values) before the site builds.\n", strings.Join(res.Missing, " and "))
	}
	return exitOK
}

func splitIDs(s string) []string {
	var ids []string
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// newFailed reports a refused request (exit 2) or a site whose settings have errors (1).
func newFailed(stderr io.Writer, err error) int {
	var usage *scaffold.UsageError
	var list *diagnostic.List
	switch {
	case errors.As(err, &usage):
		for _, line := range strings.Split(usage.Msg, "\n") {
			fmt.Fprintf(stderr, "sitegen new: %s\n", line)
		}
		return exitUsage
	case errors.As(err, &list):
		for _, e := range list.Errors() {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "sitegen new: fix the site's settings first (%s)\n", diagnostic.Count(list.Len()))
	default:
		fmt.Fprintf(stderr, "sitegen new: %v\n", err)
	}
	return exitBuild
}
