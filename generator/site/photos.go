package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/images"
	"github.com/pseb/sitegen/generator/render"
)

// photoSection is where a kind's pages live, for the photos' published names.
var photoSection = map[content.Kind]string{content.KindCompany: "companies/", content.KindPark: "parks/", content.KindNews: "news/", content.KindPage: ""}

// photos resizes and re-encodes every page photo (image: in front matter) into
// content-named variants below render.AssetDir, for the renderers' <picture> elements. A
// photo that cannot be used is an error at its image: line. cacheDir keeps encoded photos
// between builds ("" for none).
func (p *Plan) photos(ctx context.Context, fsys fs.FS, cacheDir string, workers int) error {
	proc := images.New(images.WithCache(cacheDir))
	var (
		mu     sync.Mutex
		errs   diagnostic.List
		photos = map[string]*render.Photo{}
		jobs   []copyJob
	)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, e := range p.Site.Entries() {
		if e.Image == nil {
			continue
		}
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			src := e.Bundle + "/" + e.Image.File
			data, err := fs.ReadFile(fsys, src)
			if err != nil {
				return fmt.Errorf("%s: %w", src, err)
			}
			set, err := proc.Process(data)
			var bad *images.Error
			if errors.As(err, &bad) {
				mu.Lock()
				errs.Addf(e.Source, e.Image.Line, 1, bad.Hint, "image %s: %s", e.Image.File, bad.Problem)
				mu.Unlock()
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", src, err)
			}
			ph := &render.Photo{Type: "image/" + set.Format}
			base := render.AssetDir + photoSection[e.Kind] + e.Slug + "/" + strings.TrimSuffix(e.Image.File, path.Ext(e.Image.File))
			var own []copyJob
			for _, v := range set.Variants {
				sum := sha256.Sum256(v.Data)
				ext := map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}[v.Format]
				name := base + "-" + strconv.Itoa(v.Width) + "." + hex.EncodeToString(sum[:])[:10] + ext
				pv := render.PhotoVariant{Path: name, Width: v.Width, Height: v.Height}
				if v.Format == "webp" {
					ph.WebP = append(ph.WebP, pv)
				} else {
					ph.Fallback = append(ph.Fallback, pv)
				}
				own = append(own, copyJob{src: src, dst: name, data: v.Data})
			}
			mu.Lock()
			photos[e.Source] = ph
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
	p.photoJobs = jobs
	for _, r := range p.renderers {
		r.SetPhotos(photos)
	}
	return nil
}
