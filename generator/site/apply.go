package site

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/assets"
	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/contentdir"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/render"
	"github.com/pseb/sitegen/generator/shortcode"
	"github.com/pseb/sitegen/generator/sitefs"
	"github.com/pseb/sitegen/generator/theme"
	"github.com/pseb/sitegen/generator/writer"
)

// Result says what Apply did to the output folder.
type Result struct {
	// Full is set when Apply took nothing: the change needs a whole build (a static file
	// or a language came or went, or file names are fingerprinted).
	Full bool
	// Written and Removed count the files written and deleted.
	Written, Removed int
	// CSSOnly is set when only stylesheets changed: pages can swap them without a reload.
	CSSOnly bool
	// Probed counts the pages drawn from the edited file alone before the site was loaded
	// again (see Plan.probe); Revised those of them that came out different once it was
	// (shown again).
	Probed, Revised int
}

// Apply brings dir, the output folder of an earlier build of p, up to date after the files
// named in changes (slash-separated, below the site root) were edited, created, renamed or
// deleted, and returns the plan of the site as it is now. The edited pages are written
// and the files that no longer belong to the site are deleted before it returns; every
// other page the edit reaches (listings and pages showing its card, related companies,
// counts) is left pending, for Settle to write in the background and for Ready to write at
// once when a browser asks for it first. Settle also writes the search index, which only
// the directory's script reads; after it the output equals a whole build of the same
// content byte for byte.
//
// Content errors come back as a *diagnostic.List with p unchanged and no page written: the
// last good build stays served, and a later Apply of p takes these changes with its own.
// Any other error leaves dir in an unknown state: the caller must build in full.
//
// shown, when not nil, is called with the URL paths of the pages that changed, below the
// site's base path: the edited pages once they are written, then the pending ones, so that
// a browser showing one of them reloads (and asks Ready for it).
func (p *Plan) Apply(ctx context.Context, fsys fs.FS, dir string, changes []string, shown func(paths []string)) (*Plan, Result, error) {
	if shown == nil {
		shown = func([]string) {}
	}
	var static, sources []string
	reach := reachContent
	for _, src := range changes {
		switch sitefs.Classify(src, p.Theme.Dir) {
		case sitefs.ChangeContent:
			sources = append(sources, src)
		case sitefs.ChangeStatic:
			static = append(static, src)
		case sitefs.ChangeTemplate, sitefs.ChangeStrings, sitefs.ChangeTheme:
			reach = max(reach, reachTheme)
		case sitefs.ChangeConfig, sitefs.ChangeData:
			sources = append(sources, src)
			if !config.IsDataset(src) {
				reach = reachAll // validation and links depend on it
			}
		}
	}
	var res Result
	if len(static) > 0 && p.Fingerprinted != nil {
		return p, Result{Full: true}, nil // every page names the files by their content
	}
	if len(static) > 0 {
		ok, err := p.RecopyStatic(fsys, dir, static)
		if !ok {
			return p, Result{Full: true}, nil // a static file came or went
		}
		if err != nil {
			return p, res, err
		}
		res.Written = len(static)
		res.CSSOnly = !slices.ContainsFunc(static, func(s string) bool { return path.Ext(s) != ".css" })
	}
	if len(sources) == 0 && reach == reachContent {
		return p, res, nil
	}
	res.CSSOnly = false
	if reach > reachContent {
		np, r, err := p.applyContent(ctx, fsys, dir, sources, reach, nil, shown)
		r.Written += res.Written
		return np, r, err
	}
	if first, rest, ok, err := p.rerender(ctx, fsys, dir, sources); ok {
		if err != nil {
			return p, res, err
		}
		res.Written += len(first)
		shown(paths(first))
		p.pend(dir, rest)
		if len(rest) > 0 {
			shown(paths(rest))
		}
		return p, res, nil
	}
	// The pages in front of the editor first, drawn from the edited file alone, while the
	// site is loaded again.
	early, err := p.probe(ctx, fsys, dir, sources)
	if err != nil {
		writer.Restore(dir, early) // best effort: the caller builds in full after an error
		return p, res, err
	}
	if len(early) > 0 {
		shown(early.paths())
	}
	np, r, err := p.applyContent(ctx, fsys, dir, sources, reachContent, early, shown)
	r.Written += res.Written // the probed pages are among the loaded site's first ones
	if err != nil || r.Full {
		// The site does not load (or needs a whole build): what was served stays served.
		if restored, rerr := writer.Restore(dir, early); rerr != nil {
			return p, r, rerr
		} else if len(restored) > 0 {
			shown(restored)
		}
	}
	return np, r, err
}

// reach is how much of the site an edit reaches.
type reach int

const (
	reachContent reach = iota // content files: the model is loaded again reading only them
	reachTheme                // the theme: every page is rendered again from the model
	reachAll                  // site.yaml or reference data: everything is read and rendered again
)

// applyContent loads the content model again, reading only the changed sources, and
// writes what differs from p's output. Past reachContent the theme is loaded again (and
// with reachAll every content file is read again) and every page is made again, left
// pending for Settle and Ready.
func (p *Plan) applyContent(ctx context.Context, fsys fs.FS, dir string, sources []string, reach reach, early probes, shown func([]string)) (*Plan, Result, error) {
	changes := contentdir.NewChanges(sources)
	var res Result
	// A deleted page answers 404 at once, before the site is loaded again.
	if gone := p.deletedPages(fsys, changes); len(gone) > 0 {
		out := p.inPlace(dir)
		for _, f := range gone {
			if err := out.Remove(f); err != nil {
				return p, res, err
			}
		}
		res.Removed = len(gone)
		shown(filePaths(gone))
	}
	site := p.Site
	if len(sources) > 0 {
		// Reload reads every file again when site.yaml or the reference data changed.
		var err error
		if site, err = p.Site.Reload(ctx, fsys, changes, p.opts); err != nil {
			return p, res, err
		}
	}
	themes := p.themes
	if reach > reachContent {
		list := &diagnostic.List{}
		themes = theme.LoadAll(fsys, site.Config, site.Data, list)
		if list.Len() > 0 {
			// The errors in the theme are reported, the last good build stays served.
			return p, res, list.Err()
		}
		if !samePublished(themes, p.themes) {
			return p, Result{Full: true}, nil // its static files or languages came or went
		}
	}
	stale, edited := p.staleSources(site, changes)
	prev := p
	if reach > reachContent {
		// Nothing rendered is kept: cards, search documents (shortcodes render with the
		// theme, and its strings name countries) and related lists are made again.
		prev = nil
	} else {
		for _, th := range themes {
			th.ForgetCards(stale)
		}
	}
	// A bundle's resources are named after their bytes; the stale entries' pages, which
	// link to them, are written again below. The theme's files are named on every page.
	in, err := assets.Make(ctx, fsys, site, themes[0], assets.Options{CacheDir: p.cacheDir, Workers: runtime.GOMAXPROCS(0), Fingerprint: p.Fingerprinted != nil})
	if err != nil {
		return p, Result{}, err
	}
	if p.Fingerprinted != nil {
		for dst := range themes[0].Static {
			if in.Fingerprinted[dst].Asset != p.Fingerprinted[dst].Asset {
				return p, Result{Full: true}, nil
			}
		}
	}
	np := newPlan(site, themes, p.opts, prev, stale, in)
	np.cacheDir, np.precompress, np.journal, np.listed = p.cacheDir, p.precompress, p.journal, p.listed
	if p.keepIndex {
		np.keepIndexMemos()
	}
	if err := np.checkCollisions(); err != nil {
		return p, Result{}, err
	}

	// The edited pages first: they are the ones in front of the editor.
	var first, rest []render.Route
	changed := np.changedRoutes(p, stale)
	if reach > reachContent {
		changed = slices.DeleteFunc(slices.Clone(np.Routes), render.Route.Late)
	}
	for _, rt := range changed {
		// The edited files' own pages and the ones probed (drawn again now, to confirm
		// them); the profiles of an edited park's tenants wait.
		if edited[rt.Own] || edited[rt.Subject] || early.has(rt.File) {
			first = append(first, rt)
		} else {
			rest = append(rest, rt)
		}
	}
	firstOnly := *np
	firstOnly.Routes = first
	if err := firstOnly.writeRoutes(ctx, p.inPlace(dir), runtime.GOMAXPROCS(0)); err != nil {
		return p, res, err
	}
	res.Written += len(first)
	// A page already drawn from its file alone (probe) is shown again only if it changed.
	unchanged, err := writer.Unchanged(dir, early)
	if err != nil {
		return p, res, err
	}
	res.Probed, res.Revised = len(early), len(early)-len(unchanged)
	first = slices.DeleteFunc(first, func(rt render.Route) bool { return unchanged[rt.File] })

	// Bundle files and photos: copy the new and changed ones.
	had := map[string]assets.Copy{}
	for _, c := range p.copies() {
		had[c.Dst] = c
	}
	keep := map[string]bool{}
	out := p.inPlace(dir)
	for _, c := range np.copies() {
		keep[c.Dst] = true
		if o, ok := had[c.Dst]; ok && o.Src == c.Src && !changes.Hit(c.Src) {
			continue
		}
		var err error
		if c.Data != nil {
			err = out.WriteFinal(c.Dst, c.Data)
		} else {
			err = writer.CopyFile(fsys, c.Src, out, c.Dst)
		}
		if err != nil {
			return p, res, err
		}
		res.Written++
	}

	// Pages and files that are no longer part of the site go with the edited pages: a
	// deleted page answers 404 at once.
	for _, rt := range np.Routes {
		keep[rt.File] = true
	}
	var gone []string
	for _, rt := range p.Routes {
		if !keep[rt.File] && !rt.Late() {
			gone = append(gone, rt.File)
		}
	}
	for dst := range had {
		if !keep[dst] {
			gone = append(gone, dst)
		}
	}
	for _, f := range gone {
		if err := out.Remove(f); err != nil {
			return p, res, err
		}
	}
	res.Removed += len(gone)
	if pages := append(paths(first), filePaths(gone)...); len(pages) > 0 {
		shown(pages)
	}

	// Every other page the edit reaches is left to Settle, or to Ready when a browser asks
	// for it first: the tree served is up to date from here on.
	np.pend(dir, rest)
	if len(rest) > 0 {
		shown(paths(rest))
	}
	// The search index holds the companies and the parks (as facets): a page, a news item
	// or a dataset leaves it as it is, unless p had not written it yet.
	np.lateStale = p.lateStale || reach > reachContent
	np.lateWritten = p.lateWritten
	for src := range stale {
		np.lateStale = np.lateStale || indexed(p.Site, src) || indexed(site, src)
	}
	return np, res, nil
}

// indexed reports whether the search index shows the entry read from src (or translated
// by it) on s: a company, or a park.
func indexed(s *content.Site, src string) bool {
	e := s.EntryOf(src)
	return e != nil && (e.Kind == content.KindCompany || e.Kind == content.KindPark)
}

// samePublished reports whether themes, loaded again, are in the languages of old and
// publish the same static files (a whole build copies others).
func samePublished(themes, old []*theme.Theme) bool {
	return slices.EqualFunc(themes, old, func(a, b *theme.Theme) bool {
		return a.Lang.Code == b.Lang.Code && maps.Equal(a.Static, b.Static)
	})
}

// staleSources names the entries (by source) whose own output the changes reach: the
// edited files and bundles and the files they translate, on the site before (p) and after
// (these are edited too); and the companies in an edited park, whose profiles and cards
// show it.
func (p *Plan) staleSources(site *content.Site, changes contentdir.Changes) (stale, edited map[string]bool) {
	stale = map[string]bool{}
	sites := []*content.Site{p.Site, site}
	for _, s := range sites {
		for _, e := range s.Entries() {
			if changes.Touches(e.Source, e.Bundle) {
				stale[e.Source] = true
			}
		}
		for _, t := range s.TranslationSources() {
			if changes.Hit(t) {
				stale[s.EntryOf(t).Source] = true
			}
		}
	}
	edited = maps.Clone(stale)
	for _, s := range sites {
		for _, pk := range s.Parks {
			if !edited[pk.Source] {
				continue
			}
			for _, s := range sites {
				for _, c := range s.CompaniesByPark[pk.Slug] {
					stale[c.Source] = true
				}
			}
		}
	}
	return stale, edited
}

// changedRoutes lists the routes of np (the plan after an edit) whose output differs from
// prev's: new pages; pages showing anything stale; listings, counts and indexes; and
// everything when the frame of the pages changed.
func (np *Plan) changedRoutes(prev *Plan, stale map[string]bool) []render.Route {
	old := make(map[string]render.Route, len(prev.Routes))
	for _, rt := range prev.Routes {
		old[rt.File] = rt
	}
	frame, panel := map[string]bool{}, map[string]bool{}
	for code, r := range np.renderers {
		o := prev.renderers[code]
		frame[code] = o == nil || !r.SameFrame(o)
		panel[code] = o == nil || !r.SamePanel(o)
	}
	// Every park page maps every park.
	parks := len(np.Site.Parks) != len(prev.Site.Parks) || slices.ContainsFunc(np.Site.Parks, func(pk *content.Park) bool { return stale[pk.Source] })
	showsAll := np.showingAll()
	// The sitemap lists every page, but is made again only when the pages it lists (or
	// their dates) changed: not after an edit of a company's facts or body.
	sitemapSame := np.sitemapInputs() == prev.sitemapInputs()
	var out []render.Route
	for _, rt := range np.Routes {
		if rt.Late() {
			continue // RerenderLate
		}
		o, had := old[rt.File]
		allSources := rt.AllSources && !(rt.Kind() == "sitemap" && sitemapSame)
		if !had || frame[rt.Lang] || allSources || (rt.Panel && panel[rt.Lang]) || rt.Listed != o.Listed ||
			rt.Layout != o.Layout || rt.Kind() != o.Kind() ||
			!slices.Equal(rt.Sources, o.Sources) || slices.ContainsFunc(rt.Sources, func(s string) bool { return stale[s] }) ||
			stale[rt.Subject] || np.moved[rt.Subject] || (parks && rt.Kind() == "park") || showsAll[rt.Own] ||
			prev.unwritten(rt.File) {
			out = append(out, rt)
		}
	}
	return out
}

// showingAll names the files (entries' and translations') whose bodies draw something of
// the whole site (a chart of counts or datasets, the map of every park), so any edit of
// content may change their pages.
func (p *Plan) showingAll() map[string]bool {
	out := map[string]bool{}
	draws := func(calls []shortcode.Call) bool {
		return slices.ContainsFunc(calls, func(c shortcode.Call) bool { return c.Name == "chart" || c.Name == "park-map" })
	}
	for _, e := range p.Site.Entries() {
		if draws(e.Shortcodes) {
			out[e.Source] = true
		}
	}
	for _, t := range p.Site.TranslationSources() {
		if draws(p.Site.ShortcodesOf(t)) {
			out[t] = true
		}
	}
	return out
}

// deletedPages lists the output files of p's pages whose content files the changes
// deleted (a profile in every language), and forgets any of them p left pending.
func (p *Plan) deletedPages(fsys fs.FS, changes contentdir.Changes) []string {
	gone := map[string]bool{}
	for _, e := range p.Site.Entries() {
		if !changes.Touches(e.Source, e.Bundle) {
			continue
		}
		if _, err := fs.Stat(fsys, e.Source); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		gone[e.Source] = true
	}
	if len(gone) == 0 {
		return nil
	}
	var files []string
	for _, rt := range p.Routes {
		if gone[rt.Subject] || gone[rt.Own] {
			files = append(files, rt.File)
		}
	}
	if p.pending != nil {
		for _, f := range files {
			p.pending.Delete(f)
		}
	}
	return files
}

// filePaths lists the URL paths of output files.
func filePaths(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = strings.TrimSuffix(f, "index.html")
	}
	return out
}

// paths lists the URL paths of routes.
func paths(routes []render.Route) []string {
	out := make([]string, len(routes))
	for i, rt := range routes {
		out[i] = rt.Path
	}
	return out
}
