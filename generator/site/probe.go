package site

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/render"
	"github.com/pseb/sitegen/generator/sitefs"
	"github.com/pseb/sitegen/generator/writer"
)

// probes are the pages Plan.probe wrote before the site was loaded again: each drawn from
// its file alone, with what its file held before, to be put back if the site does not load.
type probes []writer.Replaced

// probe writes the page in front of the editor when one file is edited and that file alone
// tells what its page shows (see content.Site.Probe, ProbeTranslation, ProbePark and
// ProbeDatasets): a company's profile (renamed, moved, new), its page in the language of an
// edited translation, a park's page, the pages charting an edited dataset. They are drawn
// on p's site and renderers, before the site is loaded again (~0.4 s at PSEB's size).
// applyContent draws them again from the loaded site and counts any difference
// (Result.Revised); Apply puts back what they replaced if the site does not load.
func (p *Plan) probe(ctx context.Context, fsys fs.FS, dir string, sources []string) (probes, error) {
	if p.Fingerprinted != nil || p.Renderer == nil {
		return nil, nil
	}
	// One edited file: with two, each one's related companies may depend on the other's
	// new version (or on its being gone, when a file is renamed), which p does not hold.
	var edited []string
	for _, src := range sources {
		if !sitefs.IsJunk(path.Base(src)) {
			edited = append(edited, src)
		}
	}
	if len(edited) != 1 {
		return nil, nil
	}
	src := edited[0]
	if config.IsDataset(src) {
		return p.probeDataset(ctx, fsys, dir, src)
	}
	if !strings.HasPrefix(src, "content/companies/") && !strings.HasPrefix(src, "content/parks/") {
		return nil, nil
	}
	var rt render.Route
	var subject string
	if c, ok := p.Site.Probe(fsys, src, p.opts); ok {
		rt, subject = p.Renderer.ProbeRoute(c), c.Source
	} else if lc, code, ok := p.Site.ProbeTranslation(fsys, src, p.opts); ok && p.renderers[code] != nil {
		rt, subject = p.renderers[code].ProbeRoute(lc), lc.Source
	} else if pk, parks, ok := p.Site.ProbePark(fsys, src, p.opts); ok {
		rt, subject = p.Renderer.ProbeParkRoute(pk, parks), pk.Source
	} else {
		return nil, nil
	}
	if p.claimedBy(rt.File, subject) {
		return nil, nil // another file's page: the new profile would take its address
	}
	pr, ok, err := p.writeProbe(ctx, dir, rt)
	if !ok || err != nil {
		return nil, err
	}
	return probes{pr}, ctx.Err()
}

// probeDataset writes the pages that chart the edited dataset at src, their bodies drawn by
// a renderer of p's site holding the datasets as they are now.
func (p *Plan) probeDataset(ctx context.Context, fsys fs.FS, dir, src string) (probes, error) {
	site, pages, ok := p.Site.ProbeDatasets(fsys, src)
	if !ok || len(pages) == 0 {
		return nil, nil
	}
	r := render.New(site, p.Renderer.Theme(), p.Photos)
	var out probes
	for _, pg := range pages {
		pr, ok, err := p.writeProbe(ctx, dir, r.ProbePageRoute(pg))
		if err != nil {
			return out, err
		}
		if ok {
			out = append(out, pr)
		}
	}
	return out, ctx.Err()
}

// writeProbe writes the page of rt and reports false, leaving the page as it was, when it
// does not render: the loaded site reports why, with its position.
func (p *Plan) writeProbe(ctx context.Context, dir string, rt render.Route) (writer.Replaced, bool, error) {
	before, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rt.File)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return writer.Replaced{}, false, err
	}
	pr := writer.Replaced{Route: rt, Before: before}
	errs := &diagnostic.List{}
	wrote, err := p.writer().Route(ctx, p.inPlace(dir), rt, errs, true)
	if err != nil {
		return pr, false, err
	}
	if !wrote || errs.Len() > 0 {
		_, err := writer.Restore(dir, probes{pr})
		return pr, false, err
	}
	pr.Written, err = os.ReadFile(filepath.Join(dir, filepath.FromSlash(rt.File)))
	return pr, err == nil, err
}

// claimedBy reports whether file is the output of a route of p about another file than
// subject.
func (p *Plan) claimedBy(file, subject string) bool {
	for _, rt := range p.Routes {
		if rt.File == file {
			return rt.Subject != subject
		}
	}
	return false
}

func (ps probes) has(file string) bool {
	return slices.ContainsFunc(ps, func(pr writer.Replaced) bool { return pr.Route.File == file })
}

func (ps probes) paths() []string {
	var out []string
	for _, pr := range ps {
		out = append(out, pr.Route.Path)
	}
	return out
}
