// Package assets owns the files a build publishes beside its pages, made from the content
// and the theme before any page renders: every page photo resized and re-encoded into
// content-named variants (WebP and its own format, metadata stripped, via images), the
// theme's static files and the bundles' resources, fingerprinted when asked (minified,
// named after their bytes, with Subresource Integrity hashes), and the list of copies that
// publishes all of them in every language.
package assets

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/images"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/progress"
	"github.com/pseb/sitegen/generator/theme"
	"golang.org/x/sync/errgroup"
)

// photoSection is where a kind's pages live, for the photos' published names.
var photoSection = map[content.Kind]string{content.KindCompany: "companies/", content.KindPark: "parks/", content.KindNews: "news/", content.KindPage: ""}

// makePhotos resizes and re-encodes every page photo (image: in front matter) into
// content-named variants below hostpolicy.AssetDir, for the renderers' <picture> elements. A
// photo that cannot be used is an error at its image: line. cacheDir keeps encoded photos
// between builds ("" for none).
func (in *Set) makePhotos(ctx context.Context, fsys fs.FS, site *content.Site, cacheDir string, workers int) error {
	proc := images.New(images.WithCache(cacheDir))
	var (
		mu     sync.Mutex
		errs   diagnostic.List
		photos = map[string]*images.Photo{}
		jobs   []Copy
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
			var own []Copy
			for _, v := range set.Variants {
				ext := map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}[v.Format]
				name := hostpolicy.HashedName(base+"-"+strconv.Itoa(v.Width)+ext, v.Data)
				pv := images.Published{Path: name, Width: v.Width, Height: v.Height}
				if v.Format == "webp" {
					ph.WebP = append(ph.WebP, pv)
				} else {
					ph.Fallback = append(ph.Fallback, pv)
				}
				own = append(own, Copy{Src: src, Dst: name, Data: v.Data})
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
	in.Photos, in.photoJobs = photos, jobs
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
				if !l.Image || !slices.Contains(e.Resources, l.Dest) || !slices.Contains(fields.PhotoExts, strings.ToLower(path.Ext(l.Dest))) {
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

// Fingerprinted is a file published under a name made from its bytes.
type Fingerprinted struct {
	Src   string
	Asset theme.Asset
	Data  []byte // final: minified where the format is
}

// fingerprint makes every file of the theme's static folder and every bundle resource
// final (minified as the output would) and names it after a hash of those bytes, below
// hostpolicy.AssetDir (assets/css/style.3f9a1c2b7d.css), so a CDN can keep it for a year and pages always ask for
// the version they were built with; the themes refer to the new names, with integrity
// hashes for <link> and <script>. Bundle resources keep their plain name too, for
// Markdown that links to them.
func (in *Set) fingerprint(fsys fs.FS, site *content.Site, th *theme.Theme) error {
	m := output.NewMinifier()
	files := map[string]Fingerprinted{}
	add := func(src, dst string) error {
		data, err := fs.ReadFile(fsys, src)
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		if mt := output.MediaType(dst); mt != "" {
			var buf bytes.Buffer
			if err := m.Minify(mt, &buf, bytes.NewReader(data)); err != nil {
				return fmt.Errorf("%s: minify: %w", src, err)
			}
			data = buf.Bytes()
		}
		name := hostpolicy.AssetDir + hostpolicy.HashedName(dst, data)
		sri := sha512.Sum384(data)
		files[dst] = Fingerprinted{Src: src, Data: data,
			Asset: theme.Asset{Path: name, Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:])}}
		return nil
	}
	for dst, src := range th.Static {
		if err := add(src, dst); err != nil {
			return err
		}
	}
	for _, c := range site.Companies {
		for _, job := range in.Resources(&c.Entry, "companies/") {
			if err := add(job.Src, job.Dst); err != nil {
				return err
			}
		}
	}
	in.Fingerprinted = files
	return nil
}

// Names are the fingerprinted files' names by plain path, for the themes (SetAssets); nil
// when not fingerprinting.
func (in *Set) Names() map[string]theme.Asset {
	if in.Fingerprinted == nil {
		return nil
	}
	assets := make(map[string]theme.Asset, len(in.Fingerprinted))
	for dst, f := range in.Fingerprinted {
		assets[dst] = f.Asset
	}
	return assets
}

// Set is what pages are drawn with besides the content and the theme, and the files
// published beside them: the page photos' variants and the fingerprinted files. They are made from the content
// and the theme before any renderer exists, and every renderer is made with them.
type Set struct {
	// Photos are the published page photos by content file; photoJobs write their
	// variants; photoFiles are the photos' files ("content/parks/bannu/hero.jpg"),
	// published only as those variants.
	Photos     map[string]*images.Photo
	photoJobs  []Copy
	photoFiles map[string]bool
	// Fingerprinted are the static files and bundle resources published under hashed
	// names, by plain path; nil when not fingerprinting (watch mode).
	Fingerprinted map[string]Fingerprinted
}

// Options say how to make a Set.
type Options struct {
	CacheDir    string // keeps encoded photos between builds ("" for none)
	Workers     int
	Fingerprint bool
	Progress    *progress.Line // shows the stages on a terminal (nil: none)
}

// Make makes the photos of site and, when o says, the fingerprinted names of th's static
// files and the companies' bundle files.
func Make(ctx context.Context, fsys fs.FS, site *content.Site, th *theme.Theme, o Options) (*Set, error) {
	in := &Set{}
	o.Progress.SetStage("photos")
	if err := in.makePhotos(ctx, fsys, site, o.CacheDir, max(1, o.Workers)); err != nil {
		return nil, err
	}
	if o.Fingerprint {
		o.Progress.SetStage("fingerprints")
		if err := in.fingerprint(fsys, site, th); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// Copy publishes Src at Dst; Data, when set, is Dst's final bytes (a fingerprinted file
// or a photo's variant).
type Copy struct {
	Src, Dst string
	Data     []byte
}

// Copies lists the theme's static files (static: output path to source) and the
// resources of site's bundles in every language, sorted by destination.
func (in *Set) Copies(site *content.Site, static map[string]string) []Copy {
	var jobs []Copy
	for dst, src := range static {
		f, ok := in.Fingerprinted[dst]
		if !ok {
			jobs = append(jobs, Copy{Src: src, Dst: dst})
			continue
		}
		jobs = append(jobs, Copy{Src: src, Dst: f.Asset.Path, Data: f.Data})
		// Stylesheets and scripts are only ever named by the templates; an image may be
		// linked from Markdown by its plain name too.
		if ext := path.Ext(dst); ext != ".css" && ext != ".js" {
			jobs = append(jobs, Copy{Src: src, Dst: dst, Data: f.Data})
		}
	}
	jobs = append(jobs, in.photoJobs...)
	for _, f := range in.Fingerprinted {
		if strings.HasPrefix(f.Src, "content/") { // a bundle resource, also by its plain name below
			jobs = append(jobs, Copy{Src: f.Src, Dst: f.Asset.Path, Data: f.Data})
		}
	}
	// A bundle's resources sit beside its page in every language, so a body's relative
	// links (![](photo.jpg)) work in each.
	for _, l := range site.Config.Languages {
		for _, c := range site.Companies {
			jobs = append(jobs, in.Resources(&c.Entry, l.Prefix+"companies/")...)
		}
		for _, pk := range site.Parks {
			jobs = append(jobs, in.Resources(&pk.Entry, l.Prefix+"parks/")...)
		}
		for _, pg := range site.Pages {
			jobs = append(jobs, in.Resources(&pg.Entry, l.Prefix)...)
		}
		for _, n := range site.News {
			jobs = append(jobs, in.Resources(&n.Entry, l.Prefix+"news/")...)
		}
	}
	slices.SortFunc(jobs, func(a, b Copy) int { return strings.Compare(a.Dst, b.Dst) })
	return jobs
}

// Resources are the files e's bundle publishes beside its page at section (its photos
// only as their variants).
func (in *Set) Resources(e *content.Entry, section string) []Copy {
	var jobs []Copy
	for _, r := range e.Resources {
		if in.photoFiles[e.Bundle+"/"+r] {
			continue // published re-encoded (photos), never as uploaded: it may carry a GPS position
		}
		jobs = append(jobs, Copy{Src: e.Bundle + "/" + r, Dst: section + e.Slug + "/" + r})
	}
	return jobs
}
