package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The regression tests of issue 14: what a hostile or careless editor writes never runs
// script on the site's origin, crashes a build or goes unchecked.

// writeFile writes data at rel under dir, making its folders.
func writeFile(t testing.TB, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Shortcodes in quotes, list items and after a line that only looks like a fence are
// checked where the parser runs them: a bad argument is an error at its line and column,
// and nothing of it reaches a page.
func TestShortcodesEverywhereAreChecked(t *testing.T) {
	page := "---\ntitle: Evil\nsummary: x\n---\n\nIntro.\n\n"
	tests := []struct {
		name, body string
		want       []string
	}{
		{"callout type in a quote", "> {{< callout type=\"x\\\"><script src=\\\"/pages/evil/evil.js\\\"></script><p class=\\\"\" >}}\n> text\n> {{< /callout >}}\n",
			[]string{`content/pages/evil/index.md:8:15: type="x\"><script src=\"/pages/evil/evil.js\"></script><p class=\"" is not allowed (use one of note, tip, warning)`}},
		{"unknown service in a quote", "> {{< companies service=\"nope\" >}}\n",
			[]string{`content/pages/evil/index.md:8:17: companies: service "nope" does not exist`}},
		{"in a list item", "- item\n- {{< chart data=\"nope\" >}}\n",
			[]string{`content/pages/evil/index.md:9:13: chart: data "nope" does not exist`}},
		{"after a backtick line that is no fence", "```a`b\n{{< callout type=\"x\" >}}\ny\n{{< /callout >}}\n",
			[]string{`content/pages/evil/index.md:9:13: type="x" is not allowed`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := testSite(t)
			writeFile(t, src, "content/pages/evil/index.md", page+tt.body)
			writeFile(t, src, "content/pages/evil/evil.js", "alert(document.domain)\n")
			dest := filepath.Join(t.TempDir(), "out")
			_, err := build(t, Options{Source: src, Dest: dest})
			if err == nil {
				t.Fatal("the build passed")
			}
			got := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
			if strings.Contains(got, "internal error") || strings.Contains(got, "panic") {
				t.Errorf("a crash instead of an error:\n%s", got)
			}
			if _, err := os.Stat(dest); err == nil {
				t.Error("a failed build wrote the output")
			}
		})
	}
}

// A video in a quote still lets its player in through the CSP, and its page loads the
// script that starts it.
func TestVideoInQuoteAllowsItsFrame(t *testing.T) {
	src := testSite(t)
	// The showcase page has a video of its own, which would let the host in anyway.
	if err := os.Remove(filepath.Join(src, "content/pages/showcase.md")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, src, "content/pages/watch.md", "---\ntitle: Watch\nsummary: x\n---\n\n> {{< video youtube=\"dQw4w9WgXcQ\" title=\"Tour\" >}}\n")
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	headers, err := os.ReadFile(filepath.Join(dest, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(headers), "frame-src https://www.youtube-nocookie.com") {
		t.Errorf("_headers has no frame-src for the video:\n%s", headers)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "watch/index.html"))
	if !strings.Contains(string(page), "youtube-nocookie.com/embed/dQw4w9WgXcQ") {
		t.Error("the video in a quote was not drawn")
	}
	if !strings.Contains(string(page), "js/video") {
		t.Error("the page does not load the video script")
	}
}

// A bundle publishes pictures and PDFs only, and an SVG only when it is a static drawing;
// anything else is an error at the file, and the build writes nothing.
func TestBundleFilesAreAllowListed(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"html and script", map[string]string{"evil.html": "<script src=evil.js></script>", "evil.js": "alert(1)"},
			[]string{`content/companies/acme/evil.html: ".html" files are not published from a bundle`, `content/companies/acme/evil.js: ".js" files are not published from a bundle`}},
		{"script in the logo", map[string]string{"logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script>\n</svg>\n"},
			[]string{`content/companies/acme/logo.svg:2:1: <script> is not allowed in a published SVG`}},
		{"handler in an image", map[string]string{"chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"},
			[]string{`content/companies/acme/chart.svg:1:1: event handler attribute onload`}},
		{"upper-case extension", map[string]string{"page.HTM": "x"}, []string{`".htm" files are not published`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := testSite(t)
			for name, data := range tt.files {
				writeFile(t, src, "content/companies/acme/"+name, data)
			}
			dest := filepath.Join(t.TempDir(), "out")
			_, err := build(t, Options{Source: src, Dest: dest})
			if err == nil {
				t.Fatal("the build passed")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing %q in:\n%s", w, err)
				}
			}
		})
	}
	// A PDF and a clean SVG are published.
	src := testSite(t)
	writeFile(t, src, "content/companies/acme/brochure.pdf", "%PDF-1.4\n")
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"companies/acme/brochure.pdf", "companies/acme/logo.svg"} {
		if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
			t.Error(err)
		}
	}
}

// Symbolic links are followed while they stay inside the site and reported when they
// leave it or are broken; nothing is skipped without a word.
func TestSymlinkedContent(t *testing.T) {
	src := testSite(t)
	// content/news is a link to a folder elsewhere in the site; a park is a linked file.
	if err := os.Rename(filepath.Join(src, "content/news"), filepath.Join(src, "shared-news")); err != nil {
		t.Fatal(err)
	}
	mustLink(t, "../shared-news", filepath.Join(src, "content/news"))
	if err := os.Rename(filepath.Join(src, "content/parks/bannu-park.md"), filepath.Join(src, "bannu.md")); err != nil {
		t.Fatal(err)
	}
	mustLink(t, "../../bannu.md", filepath.Join(src, "content/parks/bannu-park.md"))
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"news/launch/index.html", "parks/bannu-park/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
			t.Errorf("linked content was not built: %v", err)
		}
	}

	// Out of the site, or broken: errors, and no secret file is published.
	outside := filepath.Join(t.TempDir(), "secret.png")
	os.WriteFile(outside, []byte("secret"), 0o644)
	mustLink(t, outside, filepath.Join(src, "content/companies/acme/leak.png"))
	mustLink(t, "nowhere.md", filepath.Join(src, "content/companies/broken.md"))
	dest2 := filepath.Join(t.TempDir(), "out")
	_, err := build(t, Options{Source: src, Dest: dest2})
	if err == nil {
		t.Fatal("the build passed")
	}
	for _, w := range []string{"content/companies/acme/leak.png: symbolic link is broken or leads outside the site",
		"content/companies/broken.md: symbolic link is broken or leads outside the site"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%s", w, err)
		}
	}
}

func mustLink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// static/.well-known/ (RFC 8615: security.txt and the like) is published.
func TestWellKnownIsPublished(t *testing.T) {
	src := testSite(t)
	writeFile(t, src, "static/.well-known/security.txt", "Contact: mailto:security@example.org\n")
	writeFile(t, src, "static/.git/config", "secret")
	writeFile(t, src, "static/notes.txt.bak", "old")
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, ".well-known/security.txt")); err != nil {
		t.Error(err)
	}
	for _, p := range []string{".git/config", "notes.txt.bak"} {
		if _, err := os.Stat(filepath.Join(dest, p)); err == nil {
			t.Errorf("%s was published", p)
		}
	}
}

// Issue 14.8: a body goldmark would take minutes over is refused at its file and line
// before anything is parsed.
func TestPathologicalMarkdownIsRefused(t *testing.T) {
	src := testSite(t)
	writeFile(t, src, "content/news/quotes.md", "---\ntitle: Q\ndate: 2025-01-01\nsummary: x\n---\n\nIntro.\n\n"+strings.Repeat(">", 60000)+"\n")
	writeFile(t, src, "content/pages/huge.md", "---\ntitle: H\nsummary: x\n---\n"+strings.Repeat("word ", 60000))
	_, err := build(t, Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
	if err == nil {
		t.Fatal("the build passed")
	}
	for _, w := range []string{
		"content/news/quotes.md:9:1: quotes and lists are nested 60000 deep; the limit is 32 (flatten the quote or the list)",
		"content/pages/huge.md:5:1: the body is 292 KB; the limit is 256 KB (split it into several pages)",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%s", w, err)
		}
	}
}

// Issue 14.10: a broken site.yaml or interface-strings file is reported alone, not buried
// under an error for every file and template that depends on it.
func TestBrokenConfigIsReportedAlone(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"content/site.yaml", "content/site.yaml:"},
		{"content/data/cities.yaml", "content/data/cities.yaml:"},
		{"themes/default/i18n/en.yaml", "themes/default/i18n/en.yaml:"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			src := testSite(t)
			p := filepath.Join(src, tt.file)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(p, append([]byte("broken: [\n"), data...), 0o644)
			_, err = build(t, Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
			if err == nil {
				t.Fatal("the build passed")
			}
			if got := err.Error(); !strings.HasPrefix(got, tt.want) || !strings.Contains(got, "invalid YAML") || strings.Count(got, "\n") != 0 {
				t.Errorf("got:\n%s\nwant the one error %q", got, tt.want)
			}
		})
	}
}

// Issue 14.10: JSON front matter on one line, as the docs show, and a key given twice is
// an error as in YAML and TOML.
func TestJSONFrontMatter(t *testing.T) {
	src := testSite(t)
	writeFile(t, src, "content/pages/oneline.md", `{"title": "One line", "summary": "x"}`+"\n\nBody text.\n")
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dest, "oneline/index.html"))
	if !strings.Contains(string(page), "Body text.") || !strings.Contains(string(page), "One line") {
		t.Error("the one-line JSON page lost its title or body")
	}
	writeFile(t, src, "content/pages/twice.md", "{\n\"title\": \"A\",\n\"summary\": \"x\",\n\"title\": \"B\"\n}\n")
	_, err := build(t, Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
	if err == nil || !strings.Contains(err.Error(), `content/pages/twice.md:4:1: key "title" is given twice (keep one)`) {
		t.Errorf("err %v", err)
	}
}
