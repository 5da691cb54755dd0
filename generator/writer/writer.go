// Package writer owns how pages get onto disk: each route rendered by the renderer of its
// language into an output folder, on a bounded pool of workers; the pages of one content
// file in every language by one worker one after the other (its body converted once); the
// late routes (the search index) after every other page; a page that fails reported at
// its source, with its file left as it was; the theme's and bundles' files copied beside
// the pages; what would write one file twice (Collisions); and pages written over others
// checked and put back (Replaced).
package writer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pseb/sitegen/generator/assets"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/progress"
	"github.com/pseb/sitegen/generator/render"
	"golang.org/x/sync/errgroup"
)

// Writer writes routes with the renderers of a site's languages.
type Writer struct {
	renderers map[string]*render.Renderer
	bodies    *render.Renderer
	progress  *progress.Line
}

// New writes with renderers (by language code); def is the default language's, which
// holds the bodies shared by all (render.Renderer.Share). prog counts what is written
// (nil: nothing).
func New(renderers map[string]*render.Renderer, def *render.Renderer, prog *progress.Line) *Writer {
	return &Writer{renderers: renderers, bodies: def, progress: prog}
}

// All renders every route and writes copies into out on workers goroutines; the late
// routes come last, one at a time (a build's peak memory is while they are made). All
// render errors are collected and returned together.
func (w *Writer) All(ctx context.Context, fsys fs.FS, out *output.Dir, routes []render.Route, copies []assets.Copy, workers int) error {
	errs := &diagnostic.List{}
	late := LateRoutes(routes)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	w.progress.SetTotal(int64(len(routes) + len(copies)))
	w.progress.SetStage("writing")
	// g.Go blocks while every worker is busy: this loop ends when the last page starts.
	pages := routes
	for _, group := range BySubject(len(pages), func(i int) string { return pages[i].Subject }) {
		if pages[group[0]].Late() {
			continue
		}
		g.Go(func() error {
			defer w.Hold(pages[group[0]].Subject, len(group))()
			for _, i := range group {
				if _, err := w.Route(gctx, out, pages[i], errs, false); err != nil {
					return err
				}
				w.progress.Add(1)
			}
			return nil
		})
	}
	for _, f := range copies {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			defer w.progress.Add(1)
			if f.Data != nil {
				return out.WriteFinal(f.Dst, f.Data)
			}
			return CopyFile(fsys, f.Src, out, f.Dst)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// Late routes are made from what the others saw (every profile's words).
	w.progress.SetStage("search index")
	// One index at a time: a build's peak memory is while they are made.
	if err := w.Late(ctx, out, late, errs, nil, false, 1); err != nil {
		return err
	}
	w.progress.Add(int64(len(late)))
	return errs.Err()
}

// BySubject groups the positions 0..n-1 by the content file each is about (subject(i), as
// Route.Subject), in the order of their first position; one about no file is a group of
// its own. Positions, not copies: 77,000 routes of ~280 bytes are 22 MB.
func BySubject(n int, subject func(i int) string) [][]int32 {
	groups := make([][]int32, 0, n)
	at := map[string]int{}
	for i := range n {
		s := subject(i)
		if s == "" {
			groups = append(groups, []int32{int32(i)})
			continue
		}
		g, ok := at[s]
		if !ok {
			g = len(groups)
			at[s] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], int32(i))
	}
	return groups
}

// Hold holds the body of subject while a worker renders its pages of a group of n
// (render.Renderer.HoldBody): the pages of one file in every language, one after the
// other, convert its body once. It returns the release.
func (w *Writer) Hold(subject string, n int) func() {
	if subject == "" || n < 2 {
		return func() {}
	}
	return w.bodies.HoldBody(subject)
}

// LateRoutes are the late routes of routes (see Route.Late).
func LateRoutes(routes []render.Route) []render.Route {
	var late []render.Route
	for _, rt := range routes {
		if rt.Late() {
			late = append(late, rt)
		}
	}
	return late
}

// Late writes the files of late routes, up to workers of them at once (each is made
// in one piece); when written is not nil it receives their paths.
func (w *Writer) Late(ctx context.Context, out *output.Dir, late []render.Route, errs *diagnostic.List, written map[string]bool, leaveChanged bool, workers int) error {
	var mu sync.Mutex // guards written
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, rt := range late {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			files, err := w.renderers[rt.Lang].RenderFiles(gctx, rt)
			var changed *content.ChangedError
			if err != nil && leaveChanged && errors.As(err, &changed) {
				return ErrLeftForLater
			}
			if err != nil && gctx.Err() != nil {
				return gctx.Err() // stopped, not failed
			}
			if err != nil {
				errs.Merge(rt.File, err)
				return nil
			}
			for k, f := range files {
				// A search index is ~15,000 files a language: a save stops it between them
				// (the manifest, which names the rest, comes last).
				if k%256 == 0 && gctx.Err() != nil {
					return gctx.Err()
				}
				if err := writeLateFile(out, f); err != nil {
					return err
				}
				if written != nil {
					mu.Lock()
					written[f.Path] = true
					mu.Unlock()
				}
			}
			return nil
		})
	}
	return g.Wait()
}

// writeLateFile writes f, one file of a late route, into out: final as made (compact JSON
// named after the hash of these very bytes); a file the index before wrote (no Data) is
// kept where it is, or made again if it is not there.
func writeLateFile(out *output.Dir, f render.File) error {
	if f.Data == nil {
		kept, err := out.KeepNamed(f.Path, f.Size)
		if err != nil || kept {
			return err
		}
		f.Data = f.Bytes()
	}
	if f.Named {
		return out.WriteNamed(f.Path, f.Data)
	}
	return out.WriteFinal(f.Path, f.Data)
}

// ErrLeftForLater stops writing the search index when a company file changed on disk since
// the site was read (content.ChangedError): the Apply of that change writes it.
var ErrLeftForLater = errors.New("left for the next edit")

// Route renders rt into out and reports whether it wrote the file. A route that fails
// is reported to errs and its file left as it was. With leaveChanged, a page whose source
// changed on disk since the site was read (content.ChangedError: the edit is on its way to
// Apply) is left as it was, without an error.
func (w *Writer) Route(ctx context.Context, out *output.Dir, rt render.Route, errs *diagnostic.List, leaveChanged bool) (wrote bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	f, err := out.Create(rt.File)
	if err != nil {
		return false, err
	}
	defer func() {
		if v := recover(); v != nil {
			f.Discard()
			where := rt.File
			if len(rt.Sources) == 1 {
				where = rt.Sources[0]
			}
			errs.Addf(where, 0, 0, "please report this to the sitegen maintainers", "internal error while rendering %s: %v", rt.File, v)
			wrote, err = false, nil
		}
	}()
	if err := w.renderers[rt.Lang].Render(f, rt); err != nil {
		f.Discard()
		var changed *content.ChangedError
		if !leaveChanged || !errors.As(err, &changed) {
			errs.Merge(rt.File, err)
		}
		return false, nil
	}
	return true, f.Close()
}

// CopyFile copies the source file src of fsys to dst in out.
func CopyFile(fsys fs.FS, src string, out *output.Dir, dst string) error {
	in, err := fsys.Open(src)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	defer in.Close()
	w, err := out.Create(dst)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if _, err := io.Copy(w, in); err != nil {
		w.Close()
		return fmt.Errorf("%s: %w", src, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return nil
}

// Collisions reports a static file or bundle resource that would be written where a
// page goes: two writers of one file would make the output depend on goroutine order.
func Collisions(routes []render.Route, copies []assets.Copy, entries []*content.Entry) error {
	pages := make(map[string]string, len(routes))
	for _, rt := range routes {
		if rt.Kind() != "alias" {
			pages[rt.File] = rt.Path
		}
	}
	errs := &diagnostic.List{}
	files := map[string]bool{}
	for _, c := range copies {
		files[c.Dst] = true
		if _, ok := pages[c.Dst]; ok {
			errs.Addf(c.Src, 0, 0, "rename or move it", "would overwrite the generated %s", c.Dst)
		}
	}
	// An old address must not be a page or file of the site: its redirect would replace it.
	for _, e := range entries {
		for _, a := range e.Aliases {
			file := a.Path
			if strings.HasSuffix(file, "/") {
				file += "index.html"
			}
			if page, ok := pages[file]; ok {
				errs.Addf(e.Source, a.Line, a.Col, "remove it: the address is in use", "alias %q is the address of a page of the site (/%s)", "/"+a.Path, page)
			} else if files[file] {
				errs.Addf(e.Source, a.Line, a.Col, "remove it: the address is in use", "alias %q is the address of a file of the site", "/"+a.Path)
			}
		}
	}
	return errs.Err()
}

// Replaced is a page written over what its file held before (nil: no file), so that the
// write can be checked or undone: serve draws the page in front of the editor from the
// edited file alone, before the site is loaded again.
type Replaced struct {
	Route           render.Route
	Written, Before []byte
}

// Unchanged names the files of replaced that hold what was written still (nothing wrote
// them since), in the output folder dir.
func Unchanged(dir string, replaced []Replaced) (map[string]bool, error) {
	same := map[string]bool{}
	for _, r := range replaced {
		now, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.Route.File)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if bytes.Equal(now, r.Written) {
			same[r.Route.File] = true
		}
	}
	return same, nil
}

// Restore puts back what the files of replaced held before, in the output folder dir, and
// returns their pages' URL paths.
func Restore(dir string, replaced []Replaced) ([]string, error) {
	var out []string
	for _, r := range replaced {
		var err error
		if r.Before == nil {
			err = output.InPlace(dir, true).Remove(r.Route.File)
		} else {
			err = output.InPlace(dir, true).WriteFinal(r.Route.File, r.Before)
		}
		if err != nil {
			return out, err
		}
		out = append(out, r.Route.Path)
	}
	return out, nil
}
