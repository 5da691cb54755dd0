package site

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"io/fs"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/images"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/theme"
)

// fingerprinted is a file published under a name made from its bytes.
type fingerprinted struct {
	src   string
	asset theme.Asset
	data  []byte // final: minified where the format is
}

// fingerprint makes every file of the theme's static folder and every bundle resource
// final (minified as the output would) and names it after a hash of those bytes, below
// hostpolicy.AssetDir (assets/css/style.3f9a1c2b7d.css), so a CDN can keep it for a year and pages always ask for
// the version they were built with; the themes refer to the new names, with integrity
// hashes for <link> and <script>. Bundle resources keep their plain name too, for
// Markdown that links to them.
func (in *renderInputs) fingerprint(fsys fs.FS, site *content.Site, th *theme.Theme) error {
	m := output.NewMinifier()
	files := map[string]fingerprinted{}
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
		files[dst] = fingerprinted{src: src, data: data,
			asset: theme.Asset{Path: name, Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:])}}
		return nil
	}
	for dst, src := range th.Static {
		if err := add(src, dst); err != nil {
			return err
		}
	}
	for _, c := range site.Companies {
		for _, job := range in.resources(&c.Entry, "companies/") {
			if err := add(job.src, job.dst); err != nil {
				return err
			}
		}
	}
	in.fingerprinted = files
	return nil
}

// assets are the fingerprinted files' names by plain path, for the themes; nil when not
// fingerprinting.
func (in *renderInputs) assets() map[string]theme.Asset {
	if in.fingerprinted == nil {
		return nil
	}
	assets := make(map[string]theme.Asset, len(in.fingerprinted))
	for dst, f := range in.fingerprinted {
		assets[dst] = f.asset
	}
	return assets
}

// renderInputs are what pages are drawn with besides the content and the theme: the page
// photos' variants and the names of fingerprinted files. They are made from the content
// and the theme before any renderer exists, and every renderer is made with them.
type renderInputs struct {
	// photos are the published page photos by content file; photoJobs write their
	// variants; photoFiles are the photos' files ("content/parks/bannu/hero.jpg"),
	// published only as those variants.
	photos     map[string]*images.Photo
	photoJobs  []copyJob
	photoFiles map[string]bool
	// fingerprinted are the static files and bundle resources published under hashed
	// names, by plain path; nil when not fingerprinting (watch mode).
	fingerprinted map[string]fingerprinted
}

// inputOptions say how to make renderInputs.
type inputOptions struct {
	cacheDir    string // keeps encoded photos between builds ("" for none)
	workers     int
	fingerprint bool
	progress    *progress // shows the stages on a terminal (nil: none)
}

// makeInputs makes the photos of site and, when o says, the fingerprinted names of
// theme's static files and the companies' bundle files.
func makeInputs(ctx context.Context, fsys fs.FS, site *content.Site, th *theme.Theme, o inputOptions) (*renderInputs, error) {
	in := &renderInputs{}
	o.progress.setStage("photos")
	if err := in.makePhotos(ctx, fsys, site, o.cacheDir, max(1, o.workers)); err != nil {
		return nil, err
	}
	if o.fingerprint {
		o.progress.setStage("fingerprints")
		if err := in.fingerprint(fsys, site, th); err != nil {
			return nil, err
		}
	}
	return in, nil
}
