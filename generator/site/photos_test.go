package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPhotos: a page photo is published as content-named WebP and JPEG variants that the
// page's <picture> names, the photo's own file stays a bundle resource, and a photo that
// cannot be read is an error at its image: line that leaves the output as it was.
func TestPhotos(t *testing.T) {
	src := testSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest, CacheDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	variants, _ := filepath.Glob(filepath.Join(dest, "assets", "companies", "acme", "team-64.*"))
	if len(variants) != 2 {
		t.Fatalf("variants %v, want a WebP and a JPEG", variants)
	}
	page, err := os.ReadFile(filepath.Join(dest, "companies", "acme", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range variants {
		if name := filepath.Base(v); !strings.Contains(string(page), name) {
			t.Errorf("the page does not name %s", name)
		}
	}
	if !strings.Contains(string(page), `alt="The Acme team at work in its Lahore office"`) {
		t.Error("no alt text on the photo")
	}
	// The uploaded original (with whatever metadata it has) is not published.
	if originals, _ := filepath.Glob(filepath.Join(dest, "*", "*", "team.jpg")); len(originals) > 0 {
		t.Errorf("the original photo is published: %v", originals)
	}

	// The body shows the same photo, lazily, with its own alt text.
	if !strings.Contains(string(page), `alt="Acme’s office floor" loading="lazy"`) {
		t.Error("the body's image is not a lazy <picture>")
	}

	// A body image without alt text is an error at its line.
	index := filepath.Join(src, "content", "companies", "acme", "index.md")
	md, _ := os.ReadFile(index)
	if err := os.WriteFile(index, []byte(strings.Replace(string(md), "![Acme's office floor](team.jpg)", "![](team.jpg)", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = build(t, Options{Source: src, Dest: dest})
	if err == nil || !strings.Contains(err.Error(), "content/companies/acme/index.md:22: image team.jpg has no alt text (write ![what the photo shows](team.jpg))") {
		t.Fatalf("err %v", err)
	}
	if err := os.WriteFile(index, md, 0o644); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(filepath.Join(src, "content", "companies", "acme", "team.jpg"), []byte("not a photo"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = build(t, Options{Source: src, Dest: dest})
	if err == nil || !strings.Contains(err.Error(), "content/companies/acme/index.md:15:1: image team.jpg: cannot read the image") {
		t.Fatalf("err %v", err)
	}
	if _, err := os.Stat(variants[0]); err != nil {
		t.Error("a failed build changed the output")
	}
}
