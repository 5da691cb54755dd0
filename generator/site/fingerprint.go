package site

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"io/fs"

	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/output"
	"github.com/pseb/sitegen/generator/render"
)

// fingerprinted is a file published under a name made from its bytes.
type fingerprinted struct {
	src   string
	asset render.Asset
	data  []byte // final: minified where the format is
}

// fingerprint makes every file of the theme's static folder and every bundle resource
// final (minified as the output would) and names it after a hash of those bytes, below
// hostpolicy.AssetDir (assets/css/style.3f9a1c2b7d.css), so a CDN can keep it for a year and pages always ask for
// the version they were built with; the themes refer to the new names, with integrity
// hashes for <link> and <script>. Bundle resources keep their plain name too, for
// Markdown that links to them. It must run before anything renders.
func (p *Plan) fingerprint(fsys fs.FS) error {
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
			asset: render.Asset{Path: name, Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:])}}
		return nil
	}
	for dst, src := range p.Theme.Static {
		if err := add(src, dst); err != nil {
			return err
		}
	}
	for _, c := range p.Site.Companies {
		for _, job := range p.resources(&c.Entry, "companies/") {
			if err := add(job.src, job.dst); err != nil {
				return err
			}
		}
	}
	assets := make(map[string]render.Asset, len(files))
	for dst, f := range files {
		assets[dst] = f.asset
	}
	for _, r := range p.renderers {
		r.Theme().SetAssets(assets)
	}
	p.fingerprinted = files
	return nil
}
