package site

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/render"
	"golang.org/x/sync/errgroup"
)

// pending are the pages an edit reached that Apply left unwritten, so that it could return
// as soon as the edited page was in place: Settle writes them in the background, and Ready
// writes one of them at once when a browser asks for it first. Either way each is rendered
// once, by whoever claims it; a claim given up (a cancelled Settle) leaves the page pending
// for the next claimant or the next Apply.
type pending struct {
	mu    sync.Mutex
	out   *output.Dir
	slots map[string]*slot // by output file
	order []string         // the files in the order Settle takes them
}

type slot struct {
	rt render.Route
	// claimed is closed by the claimant when it is done with the page, written or not;
	// nil while nobody holds it.
	claimed chan struct{}
}

// pend records routes as pending in the output folder dir, after the pages already
// pending.
func (p *Plan) pend(dir string, routes []render.Route) {
	if p.pending == nil {
		p.pending = &pending{out: p.inPlace(dir), slots: map[string]*slot{}}
	}
	q := p.pending
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, rt := range routes {
		if _, ok := q.slots[rt.File]; !ok {
			q.order = append(q.order, rt.File)
		}
		q.slots[rt.File] = &slot{rt: rt}
	}
}

// unwritten reports whether the page of file is still to be written.
func (p *Plan) unwritten(file string) bool {
	if p.pending == nil {
		return false
	}
	p.pending.mu.Lock()
	defer p.pending.mu.Unlock()
	_, ok := p.pending.slots[file]
	return ok
}

// Pending counts the pages left to write.
func (p *Plan) Pending() int {
	if p.pending == nil {
		return 0
	}
	p.pending.mu.Lock()
	defer p.pending.mu.Unlock()
	return len(p.pending.slots)
}

// claim takes the page of file for writing. It returns nil when the page is written (or
// was never pending); it waits while another claimant holds it.
func (q *pending) claim(ctx context.Context, file string) (*slot, error) {
	for {
		q.mu.Lock()
		s, ok := q.slots[file]
		if !ok {
			q.mu.Unlock()
			return nil, nil
		}
		if s.claimed == nil {
			s.claimed = make(chan struct{})
			q.mu.Unlock()
			return s, nil
		}
		wait := s.claimed
		q.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// release ends a claim: a written page leaves the set, any other stays pending.
func (q *pending) release(s *slot, written bool) {
	q.mu.Lock()
	if written && q.slots[s.rt.File] == s {
		delete(q.slots, s.rt.File)
	}
	close(s.claimed)
	s.claimed = nil
	q.mu.Unlock()
}

// writePending renders the claimed page s and reports whether it wrote it; render errors
// are added to errs and leave it pending, as does a source changed on disk since it was
// read (see writeRoute).
func (p *Plan) writePending(ctx context.Context, s *slot, errs *diagnostic.List) (bool, error) {
	var own diagnostic.List
	wrote, err := p.writeRoute(ctx, p.pending.out, s.rt, &own, true)
	ok := wrote && err == nil && own.Len() == 0
	p.pending.release(s, ok)
	errs.Merge(s.rt.File, own.Err())
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
	s, err := p.pending.claim(ctx, file)
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
		q.mu.Lock()
		files := q.order
		q.order = nil
		// The pages of one content file in every language are written together (holdBody).
		subjects := make([]string, len(files))
		for i, f := range files {
			if s := q.slots[f]; s != nil {
				subjects[i] = s.rt.Subject
			}
		}
		q.mu.Unlock()
		errs := &diagnostic.List{}
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(runtime.GOMAXPROCS(0))
		for _, group := range bySubject(len(files), func(i int) string { return subjects[i] }) {
			if gctx.Err() != nil {
				break
			}
			g.Go(func() error {
				defer p.holdBody(subjects[group[0]], len(group))()
				for _, i := range group {
					s, err := q.claim(gctx, files[i])
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
		q.mu.Lock()
		for _, f := range files {
			if _, ok := q.slots[f]; ok {
				q.order = append(q.order, f) // left for the next claimant, in order
			}
		}
		q.mu.Unlock()
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
