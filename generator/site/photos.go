package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/images"
	"github.com/pseb/sitegen/generator/markdown"
)

// photoSection is where a kind's pages live, for the photos' published names.
var photoSection = map[content.Kind]string{content.KindCompany: "companies/", content.KindPark: "parks/", content.KindNews: "news/", content.KindPage: ""}

// makePhotos resizes and re-encodes every page photo (image: in front matter) into
// content-named variants below hostpolicy.AssetDir, for the renderers' <picture> elements. A
// photo that cannot be used is an error at its image: line. cacheDir keeps encoded photos
// between builds ("" for none).
func (in *renderInputs) makePhotos(ctx context.Context, fsys fs.FS, site *content.Site, cacheDir string, workers int) error {
	proc := images.New(images.WithCache(cacheDir))
	var (
		mu     sync.Mutex
		errs   diagnostic.List
		photos = map[string]*images.Photo{}
		jobs   []copyJob
	)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, u := range photoUses(site, &errs) {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			e := u.entry
			src := e.Bundle + "/" + u.file
			data, err := fs.ReadFile(fsys, src)
			if err != nil {
				return fmt.Errorf("%s: %w", src, err)
			}
			set, err := proc.Process(data)
			var bad *images.Error
			if errors.As(err, &bad) {
				mu.Lock()
				errs.Addf(u.source, u.line, u.col, bad.Hint, "image %s: %s", u.file, bad.Problem)
				mu.Unlock()
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", src, err)
			}
			ph := &images.Photo{Type: "image/" + set.Format}
			base := hostpolicy.AssetDir + photoSection[e.Kind] + e.Slug + "/" + strings.TrimSuffix(u.file, path.Ext(u.file))
			var own []copyJob
			for _, v := range set.Variants {
				ext := map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}[v.Format]
				name := hostpolicy.HashedName(base+"-"+strconv.Itoa(v.Width)+ext, v.Data)
				pv := images.Published{Path: name, Width: v.Width, Height: v.Height}
				if v.Format == "webp" {
					ph.WebP = append(ph.WebP, pv)
				} else {
					ph.Fallback = append(ph.Fallback, pv)
				}
				own = append(own, copyJob{src: src, dst: name, data: v.Data})
			}
			mu.Lock()
			photos[src] = ph
			jobs = append(jobs, own...)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if errs.Len() > 0 {
		return errs.Err()
	}
	in.photos, in.photoJobs = photos, jobs
	in.photoFiles = map[string]bool{}
	for src := range photos {
		in.photoFiles[src] = true
	}
	return nil
}

// photoUse is a photo of a bundle a page shows, and where the content says so.
type photoUse struct {
	entry     *content.Entry
	file      string // in the bundle
	source    string // the file that shows it, for errors
	line, col int
}

// photoUses lists each photo once: a page's image: and the JPEG and PNG files of its bundle
// its body shows (![alt](photo.jpg), in any language). A body image without alt text is an
// error at its line.
func photoUses(site *content.Site, errs *diagnostic.List) []photoUse {
	var uses []photoUse
	seen := map[string]bool{}
	add := func(u photoUse) {
		if key := u.entry.Bundle + "/" + u.file; !seen[key] {
			seen[key] = true
			uses = append(uses, u)
		}
	}
	for _, e := range site.Entries() {
		if e.Image != nil {
			add(photoUse{entry: e, file: e.Image.File, source: e.Source, line: e.Image.Line, col: 1})
		}
		if e.Bundle == "" {
			continue
		}
		body, err := site.BodyOf(e)
		if err != nil {
			errs.Addf(e.Source, 0, 0, "", "%v", err)
			continue
		}
		bodies := []struct {
			source string
			body   []byte
			line   int
		}{{e.Source, body, e.BodyLine}}
		for _, lang := range slices.Sorted(maps.Keys(e.Translations)) {
			t := e.Translations[lang]
			body, err := site.TranslationBody(t)
			if err != nil {
				errs.Addf(t.Source, 0, 0, "", "%v", err)
				continue
			}
			bodies = append(bodies, struct {
				source string
				body   []byte
				line   int
			}{t.Source, body, t.BodyLine})
		}
		for _, b := range bodies {
			for _, l := range markdown.Links(b.body) {
				if !l.Image || !slices.Contains(e.Resources, l.Dest) || !slices.Contains(content.PhotoExts, strings.ToLower(path.Ext(l.Dest))) {
					continue
				}
				line := b.line + l.Line - 1
				if strings.TrimSpace(l.Alt) == "" {
					errs.Addf(b.source, line, 0, fmt.Sprintf("write ![what the photo shows](%s)", l.Dest), "image %s has no alt text", l.Dest)
					continue
				}
				add(photoUse{entry: e, file: l.Dest, source: b.source, line: line})
			}
		}
	}
	return uses
}
