package site

import (
	"context"
	"runtime"
	"sync/atomic"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/pending"
	"github.com/pseb/sitegen/generator/render"
	"github.com/pseb/sitegen/generator/writer"
	"golang.org/x/sync/errgroup"
)

// unsettled are the pages an edit reached that Apply left unwritten, so that it could
// return as soon as the edited page was in place: Settle writes them in the background,
// and Ready writes one of them at once when a browser asks for it first (see package
// pending); out is the output folder they go to.
type unsettled struct {
	pending.Set[render.Route]
	out *output.Dir
}

// pend records routes as pending in the output folder dir, after the pages already
// pending.
func (p *Plan) pend(dir string, routes []render.Route) {
	if p.pending == nil {
		p.pending = &unsettled{out: p.inPlace(dir)}
	}
	for _, rt := range routes {
		p.pending.Add(rt.File, rt)
	}
}

// unwritten reports whether the page of file is still to be written.
func (p *Plan) unwritten(file string) bool {
	return p.pending != nil && p.pending.Has(file)
}

// Pending counts the pages left to write.
func (p *Plan) Pending() int {
	if p.pending == nil {
		return 0
	}
	return p.pending.Len()
}

// writePending renders the claimed page s and reports whether it wrote it; render errors
// are added to errs and leave it pending, as does a source changed on disk since it was
// read (see writer.Writer.Route).
func (p *Plan) writePending(ctx context.Context, s *pending.Slot[render.Route], errs *diagnostic.List) (bool, error) {
	var own diagnostic.List
	wrote, err := p.writer().Route(ctx, p.pending.out, s.Value, &own, true)
	ok := wrote && err == nil && own.Len() == 0
	p.pending.Release(s, ok)
	errs.Merge(s.Value.File, own.Err())
	return ok, err
}

// Ready writes the page of the output file (slash-separated, as in Route.File) if an edit
// left it pending, or waits while Settle writes it, so that what is on disk is up to date
// when Ready returns. Pages that are not pending return at once. Safe to call from many
// goroutines, and while Settle runs; not while Apply runs on the same plan.
func (p *Plan) Ready(ctx context.Context, file string) error {
	if p.pending == nil {
		return nil
	}
	s, err := p.pending.Claim(ctx, file)
	if s == nil || err != nil {
		return err
	}
	errs := &diagnostic.List{}
	if _, err := p.writePending(ctx, s, errs); err != nil {
		return err
	}
	return errs.Err()
}

// Settle writes every page an edit left pending, then the search index (the late routes)
// when the edit changed what it is made from; after it the output folder equals a whole
// build of the same content byte for byte. Cancelled, it stops between pages and keeps the
// rest pending: a later Settle, or the next Apply's plan, writes them. It reports how many
// files it wrote.
func (p *Plan) Settle(ctx context.Context, dir string) (int, error) {
	var written atomic.Int64
	if p.pending != nil {
		q := p.pending
		files, routes := q.Take()
		// The pages of one content file in every language are written together (writer.Writer.Hold).
		subjects := make([]string, len(files))
		for i, rt := range routes {
			subjects[i] = rt.Subject
		}
		errs := &diagnostic.List{}
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(runtime.GOMAXPROCS(0))
		for _, group := range writer.BySubject(len(files), func(i int) string { return subjects[i] }) {
			if gctx.Err() != nil {
				break
			}
			g.Go(func() error {
				defer p.writer().Hold(subjects[group[0]], len(group))()
				for _, i := range group {
					s, err := q.Claim(gctx, files[i])
					if err != nil {
						return err
					}
					if s == nil {
						continue
					}
					wrote, err := p.writePending(gctx, s, errs)
					if wrote {
						written.Add(1)
					}
					if err != nil {
						return err
					}
				}
				return nil
			})
		}
		err := g.Wait()
		q.Requeue(files) // what is left, for the next claimant, in order
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			err = errs.Err()
		}
		if err != nil {
			return int(written.Load()), err
		}
	}
	k, err := p.RerenderLate(ctx, dir)
	return int(written.Load()) + k, err
}
