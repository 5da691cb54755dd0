package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/sitefs"
	"github.com/pseb/sitegen/themes"
	"github.com/rogpeppe/go-internal/txtar"
)

// minimalSite is the smallest site that builds: prepend it to an archive that only says
// what a test is about (a file of the test's archive replaces the one here).
const minimalSite = `
-- content/site.yaml --
title: Test
base_url: https://example.org/
-- content/data/cities.yaml --
- {id: lahore, name: Lahore, province: Punjab, underserved: false}
- {id: bannu, name: Bannu, province: Khyber Pakhtunkhwa, underserved: true}
-- content/data/services.yaml --
- {id: web, label: Web Development}
- {id: fintech, label: Fintech}
-- content/data/certifications.yaml --
- {id: iso-27001, label: ISO/IEC 27001}
-- content/companies/acme.md --
---
name: Acme
city: lahore
services: [web]
summary: Acme builds web sites.
---

Acme's body.
`

// txtarSite is a site built in a test from a txtar archive: the archive's files are the
// site's (read from memory with the built-in theme, as sitefs mounts it), the output goes
// to a scratch folder, and the helpers read it. It is the way to write a new test of what
// a build makes of some input, in the manner of Hugo's integration-test builder:
//
//	s := buildTxtar(t, minimalSite+"-- content/pages/about.md --\n---\ntitle: About\n---\nHi.\n")
//	s.contains("about/index.html", "<h1>About</h1>")
type txtarSite struct {
	t    testing.TB
	dest string
	sum  *Summary
}

// parseTxtar is the files of archive, the later of two with one name winning.
func parseTxtar(archive string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// buildTxtarErr builds archive with opts (Source, Dest and FS are set here) and returns the
// build's error, which for a site an editor got wrong is a *diagnostic.List.
func buildTxtarErr(t testing.TB, archive string, opts Options) (*txtarSite, error) {
	t.Helper()
	opts.Source = t.TempDir() // checked to be a folder; the files are FS's
	opts.Dest = filepath.Join(t.TempDir(), "public")
	opts.FS = sitefs.Overlay(parseTxtar(archive), themes.FS)
	if opts.Now.IsZero() {
		opts.Now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	}
	sum, err := Build(context.Background(), opts)
	return &txtarSite{t: t, dest: opts.Dest, sum: sum}, err
}

// buildTxtar builds archive with opts and fails the test when it does not build.
func buildTxtar(t testing.TB, archive string, opts Options) *txtarSite {
	t.Helper()
	s, err := buildTxtarErr(t, archive, opts)
	if err != nil {
		t.Fatalf("the archive does not build: %v", err)
	}
	return s
}

// has reports whether the output has the file rel.
func (s *txtarSite) has(rel string) bool {
	_, err := os.Stat(filepath.Join(s.dest, filepath.FromSlash(rel)))
	return err == nil
}

// file is the output file rel; the test fails when there is none.
func (s *txtarSite) file(rel string) string {
	s.t.Helper()
	data, err := os.ReadFile(filepath.Join(s.dest, filepath.FromSlash(rel)))
	if err != nil {
		s.t.Fatalf("output %s: %v", rel, err)
	}
	return string(data)
}

// contains fails the test for each of wants the output file rel lacks.
func (s *txtarSite) contains(rel string, wants ...string) {
	s.t.Helper()
	got := s.file(rel)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			s.t.Errorf("%s lacks %q", rel, w)
		}
	}
}

// files are the output's files matching the glob pattern (filepath.Match, slash-separated).
func (s *txtarSite) files(pattern string) []string {
	s.t.Helper()
	var out []string
	err := filepath.WalkDir(s.dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(s.dest, p)
		if ok, _ := filepath.Match(pattern, filepath.ToSlash(rel)); ok {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// diagnostics is err's list of problems, each as PATH:LINE:COL: message; the test fails
// when err is not such a list.
func diagnostics(t testing.TB, err error) []string {
	t.Helper()
	var list *diagnostic.List
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want content or template problems", err)
	}
	var out []string
	for _, e := range list.Errors() {
		out = append(out, e.Error())
	}
	return out
}

// TestTxtarSite: the builder builds the minimal site with the built-in theme, and a file of
// the test's archive replaces the minimal one.
func TestTxtarSite(t *testing.T) {
	s := buildTxtar(t, minimalSite, Options{})
	s.contains("companies/acme/index.html", "<h1", "Acme", "body.</p>")
	if !s.has("index.html") || s.sum.Pages["company"] != 1 {
		t.Errorf("pages %v", s.sum.Pages)
	}
	s = buildTxtar(t, minimalSite+"-- content/site.yaml --\ntitle: Another\nbase_url: https://example.org/\n", Options{})
	s.contains("index.html", "Another")
	_, err := buildTxtarErr(t, minimalSite+"-- content/companies/bad.md --\n---\nname: Bad\ncity: atlantis\nsummary: x\nservices: [web]\n---\n", Options{})
	if errs := diagnostics(t, err); len(errs) != 1 || !strings.Contains(errs[0], "content/companies/bad.md:3:") || !strings.Contains(errs[0], "atlantis") {
		t.Errorf("errors %q, want the unknown city at its line", errs)
	}
}

// TestEditorLeftoversAreNotPublished: the one junk rule (sitefs.IsJunk) keeps an editor's
// backups, swap and lock files out of the static files and the datasets alike.
func TestEditorLeftoversAreNotPublished(t *testing.T) {
	s := buildTxtar(t, minimalSite+`
-- static/files/brochure.txt --
published
-- static/files/brochure.txt~ --
a backup
-- static/files/brochure.txt.bak --
a backup
-- static/files/.DS_Store --
finder
-- static/files/#brochure.txt# --
emacs
-- content/data/exports.yaml.swp --
not yaml at all: [
-- content/data/.#exports.yaml --
not yaml at all: [
`, Options{})
	if got := s.files("files/*"); len(got) != 1 || got[0] != "files/brochure.txt" {
		t.Errorf("published %q, want files/brochure.txt alone", got)
	}
}

// TestAssetsAreNamedAfterTheirBytes: with fingerprints, a static file is published below
// hostpolicy.AssetDir under hostpolicy.HashedName of its final (minified) bytes, pages ask
// for that name, and _headers lets hosts keep those files for a year.
func TestAssetsAreNamedAfterTheirBytes(t *testing.T) {
	s := buildTxtar(t, minimalSite, Options{Fingerprint: true})
	css := s.files("assets/css/style.*.css")
	if len(css) != 1 {
		t.Fatalf("stylesheets %q, want one", css)
	}
	data := s.file(css[0])
	if want := hostpolicy.AssetDir + hostpolicy.HashedName("css/style.css", []byte(data)); css[0] != want {
		t.Errorf("stylesheet %s, want %s (named after its bytes)", css[0], want)
	}
	if plain, ok := hostpolicy.UnhashedName(strings.TrimPrefix(css[0], hostpolicy.AssetDir)); !ok || plain != "css/style.css" {
		t.Errorf("UnhashedName(%s) = %s, %v", css[0], plain, ok)
	}
	s.contains("index.html", "/"+css[0])
	s.contains("_headers", "/assets/*\n  Cache-Control: "+hostpolicy.ImmutableCache)
	if s.has("css/style.css") {
		t.Error("the stylesheet is published under its plain name too")
	}
}
