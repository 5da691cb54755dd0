package site

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/pseb/sitegen/generator/benchcorpus"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/sitefs"
)

// siteFS is the site at dir as a build sees it: with the built-in theme.
func siteFS(b *testing.B, dir string) fs.FS {
	fsys, closeFS, err := sitefs.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(closeFS)
	return fsys
}

func benchCorpus(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	// The corpus the project's bench scripts build (the built-in theme serves it).
	if err := benchcorpus.Write(dir, benchcorpus.Options{Companies: n}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkBuild is a whole build, written to disk and swapped into place.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("companies=%d", n), func(b *testing.B) {
			src := benchCorpus(b, n)
			dest := filepath.Join(b.TempDir(), "public")
			var pages int
			for b.Loop() {
				sum, err := Build(context.Background(), Options{Source: src, Dest: dest})
				if err != nil {
					b.Fatal(err)
				}
				pages = int(sum.Files)
			}
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

// BenchmarkLoad is reading and validating content only.
func BenchmarkLoad(b *testing.B) {
	src := benchCorpus(b, 1000)
	fsys := siteFS(b, src)
	for b.Loop() {
		if _, err := content.Load(context.Background(), fsys, content.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender renders every route to io.Discard: templates and Markdown without disk
// or minification.
func BenchmarkRender(b *testing.B) {
	src := benchCorpus(b, 1000)
	plan, err := Prepare(context.Background(), siteFS(b, src), content.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, rt := range plan.Routes {
			if rt.Late() {
				continue // the search index: files of its own, made after the pages
			}
			if err := plan.Render(io.Discard, rt); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(plan.Routes)), "routes/op")
}
