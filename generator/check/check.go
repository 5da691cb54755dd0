// Package check owns "sitegen check": it builds a site into a scratch folder (or takes a
// built one), checks every link of the output (package linkcheck), and reports each
// problem where an editor can fix it: the Markdown line of the body (of the original or
// the translation that wrote it, once for all the languages it shows in), the front-matter
// line, or the stylesheet line; else the output file.
package check

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/linkcheck"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/meta"
	"github.com/pseb/sitegen/generator/render"
	"github.com/pseb/sitegen/generator/site"
)

// Options configure Run.
type Options struct {
	Source  string
	Dest    string // an existing output folder to check; "" builds into a temporary one
	BaseURL string // overrides base_url of site.yaml
	Drafts  bool
	// CacheDir keeps compressed and encoded bytes (photos, Brotli) between builds, as
	// Options.CacheDir does for a build ("" for none); only used when Dest is "".
	CacheDir string
	// External also checks links to other sites (network access).
	External linkcheck.ExternalOptions
	Remote   bool
}

// Result is what Run found: every problem at the source line that wrote it where
// one is known (a Markdown link, a front-matter field, a static file), else at the output
// file, and the counts.
type Result struct {
	Problems []*diagnostic.Error
	Report   *linkcheck.Report
	Built    bool // Run built the site itself (no Dest was given)
}

// Run verifies the links of a built site. Without Dest it builds the site into a
// temporary folder first (never into public/), and removes it after.
func Run(ctx context.Context, opts Options) (*Result, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
	fsys, closeSource, err := site.OpenSource(opts.Source)
	if err != nil {
		return nil, err
	}
	defer closeSource()
	plan, err := site.Prepare(ctx, fsys, content.Options{Drafts: opts.Drafts, BaseURL: opts.BaseURL})
	if err != nil {
		return nil, err
	}
	res := &Result{}
	dest := opts.Dest
	if dest == "" {
		tmp, err := os.MkdirTemp("", "sitegen-check-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dest = filepath.Join(tmp, "out")
		if _, err := site.Build(ctx, site.Options{Source: opts.Source, Dest: dest, Drafts: opts.Drafts, BaseURL: opts.BaseURL, Fingerprint: true, CacheDir: opts.CacheDir}); err != nil {
			return nil, err
		}
		res.Built = true
	} else if fi, err := os.Stat(dest); err != nil || !fi.IsDir() {
		return nil, &site.UsageError{Msg: fmt.Sprintf("--dest %s: not a built site (no such folder); run sitegen build first, or leave --dest out", dest)}
	}
	rep, err := linkcheck.Check(ctx, os.DirFS(dest), linkcheck.Options{BaseURL: plan.Site.Config.BaseURL,
		CheckExternal: opts.Remote, External: opts.External})
	if err != nil {
		return nil, err
	}
	res.Report = rep
	shown := opts.Dest
	if shown == "" {
		shown = "(built site)"
	}
	loc := &locator{plan: plan, fsys: fsys, dest: shown, routes: map[string]render.Route{}, bodies: map[string][]markdown.LinkAt{}}
	for _, rt := range plan.Routes {
		loc.routes[rt.File] = rt
	}
	// One body is on a page in every language it is not translated into: a broken link in
	// it is one problem, reported once.
	var problems diagnostic.List
	for _, f := range rep.Findings {
		problems.Add(loc.locate(f))
	}
	res.Problems = problems.Errors()
	return res, nil
}

// locator maps a finding in an output file to the source that wrote the link.
type locator struct {
	plan   *site.Plan
	fsys   fs.FS
	dest   string
	routes map[string]render.Route
	bodies map[string][]markdown.LinkAt // source -> its body's links, file lines
	lines  map[string][]string
}

func (l *locator) locate(f linkcheck.Finding) *diagnostic.Error {
	e := &diagnostic.Error{Path: path.Join(l.dest, f.File), Msg: f.Msg, Hint: f.Hint}
	base := l.plan.Site.Config.BaseURL
	if rt, ok := l.routes[f.File]; ok && rt.Own != "" {
		page := &url.URL{Path: base.Path + rt.Path}
		want := resolve(page, f.Link)
		langPrefix := strings.TrimSuffix(rt.Path, rt.Local) // "zh/"
		for _, link := range l.bodyLinks(rt.Own) {
			dest := link.Dest
			if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") {
				dest = base.Path + langPrefix + dest[1:] // as the renderer prefixes it
			}
			if resolve(page, dest) == want {
				// Say it as the editor wrote it, the same for every language it shows in.
				site := base.Path + langPrefix
				e.Path, e.Line = rt.Own, link.Line
				e.Msg = strings.Replace(f.Msg, fmt.Sprintf("%q", f.Link), fmt.Sprintf("%q", link.Dest), 1)
				e.Msg = strings.ReplaceAll(e.Msg, " "+site, " /")
				e.Hint = strings.ReplaceAll(strings.ReplaceAll(f.Hint, `"`+site, `"/`), " "+site, " /")
				return e
			}
		}
		// A link from front matter (a website, a logo): the line that has it.
		if line := l.lineWith(rt.Own, f.Link, "/"+strings.TrimPrefix(f.Link, base.Path+langPrefix)); line > 0 {
			e.Path, e.Line = rt.Own, line
			return e
		}
	}
	// A stylesheet's url(): assets/css/style.3f9a1c2b7d.css was written from css/style.css.
	plain, _ := hostpolicy.UnhashedName(strings.TrimPrefix(f.File, hostpolicy.AssetDir))
	if src, ok := l.plan.Theme.Static[plain]; ok {
		e.Path = src
		e.Line = l.lineWith(src, f.Link)
	}
	return e
}

func resolve(page *url.URL, raw string) string {
	ref, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return page.ResolveReference(ref).String()
}

// bodyLinks reads the links of a content file's body, with file lines.
func (l *locator) bodyLinks(source string) []markdown.LinkAt {
	if links, ok := l.bodies[source]; ok {
		return links
	}
	var links []markdown.LinkAt
	if raw, err := fs.ReadFile(l.fsys, source); err == nil {
		if data, ok := meta.CleanText(source, raw, &diagnostic.List{}); ok {
			if _, body, bodyLine, err := meta.SplitFrontMatter(data); err == nil {
				for _, link := range markdown.Links(body) {
					link.Line += bodyLine - 1
					links = append(links, link)
				}
			}
		}
	}
	l.bodies[source] = links
	return links
}

// lineWith returns the first line of the file source that contains one of texts, 0 when
// none does.
func (l *locator) lineWith(source string, texts ...string) int {
	if l.lines == nil {
		l.lines = map[string][]string{}
	}
	lines, ok := l.lines[source]
	if !ok {
		data, err := fs.ReadFile(l.fsys, source)
		if err == nil {
			lines = strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n")
		}
		l.lines[source] = lines
	}
	for i, line := range lines {
		for _, t := range texts {
			if t != "" && strings.Contains(line, t) {
				return i + 1
			}
		}
	}
	return 0
}
