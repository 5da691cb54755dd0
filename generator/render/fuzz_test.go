package render

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/theme"
)

// fixtureRenderer renders the site package's test site with the repository's theme: the
// real partials every shortcode draws with.
func fixtureRenderer(t testing.TB) *Renderer {
	t.Helper()
	return loadRenderer(t, fixtureFiles(t), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
}

// FuzzBody: any body, rendered with the shortcode writer and the real theme, without the
// content package's checks in front of it, either fails with an error or makes HTML with
// no script, no event handler, no frame and no link of another scheme than http(s),
// mailto and tel, site paths and fragments.
func FuzzBody(f *testing.F) {
	for _, seed := range []string{
		"> {{< callout type=\"x\\\"><script src=\\\"/evil.js\\\"></script><p class=\\\"\" >}}\n> t\n> {{< /callout >}}\n",
		"> {{< companies service=\"nope\" >}}\n", "- {{< chart data=\"nope\" >}}\n", "```a`b\n{{< callout type=\"x\" >}}\n",
		"{{< contact label=\"<b>x</b>\" email=\"a@b.co?bcc=spy@evil.org\" subject=\"\\\"><script>\" >}}\n",
		"{{< video youtube=\"dQw4w9WgXcQ\" title=\"\\\" onload=\\\"alert(1)\" >}}\n",
		"{{< callout title=\"<img src=x onerror=alert(1)>\" >}}\n[x](javascript:alert(1))\n{{< /callout >}}\n",
		"{{< park-map park=\"nope\" >}}\n", "{{< chart of=\"companies-by-city\" title=\"<svg onload=alert(1)>\" >}}\n",
		"{{< companies city=\"lahore\" limit=\"3\" >}}\n", "<script>alert(1)</script>\n", "[a](vbscript:x) ![b](data:text/html,x)\n",
	} {
		f.Add(seed)
	}
	r := fixtureRenderer(f)
	f.Fuzz(func(t *testing.T, src string) {
		out, err := r.body(&content.Entry{Source: "fuzz.md", Body: []byte(src)})
		if err != nil {
			return
		}
		doc, perr := html.Parse(strings.NewReader(string(out)))
		if perr != nil {
			t.Fatal(perr)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			switch n.Data {
			case "script", "iframe", "object", "embed", "frame", "base", "meta", "link", "form", "style":
				t.Fatalf("<%s> element from %q:\n%s", n.Data, src, out)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" || a.Key == "formaction" {
					t.Fatalf("attribute %s=%q from %q", a.Key, a.Val, src)
				}
				if urlAttr(a.Key) && !markdown.AllowedURL(a.Val) {
					t.Fatalf("URL %s=%q from %q", a.Key, a.Val, src)
				}
			}
		}
	})
}

// FuzzProfileFields: whatever an editor writes in a profile's buyer facts (registration
// number, certification issuer, technologies, clients, case studies with their links), a
// profile that loads renders with no script, handler or link of another scheme in its main
// content, and a card likewise.
func FuzzProfileFields(f *testing.F) {
	for _, seed := range [][5]string{
		{"PSEB/IT/2019/0423", "BSI", "React", "https://example.com/work", "Claims"},
		{"\"><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "javascript:alert(1)", "<svg onload=alert(1)>"},
		{"A1", "\" onmouseover=\"alert(1)", "x\u2028y", "https://example.com/\"><script>", "{{< callout >}}"},
		{"A-1", "", "%3Cscript%3E", "http://a.b/?q=<x>", "</li></ul><script>"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4])
	}
	base := fixtureFiles(f)
	f.Fuzz(func(t *testing.T, number, issuer, tech, link, title string) {
		q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["content/companies/beta.md"] = &fstest.MapFile{Data: []byte("---\nname: Beta\ncity: bannu\nservices: [fintech]\nsummary: S.\n" +
			"website: https://beta.example.com\nemail: a@beta.example.com\nphone: \"+92 51 1234 567\"\n" +
			"registration:\n  number: " + q(number) + "\n  checked: 2026-01-02\n" +
			"certifications:\n  - id: iso-27001\n    issuer: " + q(issuer) + "\n    expires: 2027-01-01\n" +
			"technologies: [" + q(tech) + "]\nclients: [" + q(title) + "]\n" +
			"case_studies:\n  - title: " + q(title) + "\n    client: " + q(issuer) + "\n    summary: " + q(tech) + "\n    url: " + q(link) + "\n---\nBody.\n")}
		site, err := content.Load(context.Background(), fsys, content.Options{Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
		valid := number == "PSEB/IT/2019/0423" // the first seed: every field valid
		if err != nil {
			if valid {
				t.Fatalf("the valid seed did not load: %v", err)
			}
			return
		}
		var errs diagnostic.List
		r := New(site, theme.Load(fsys, site.Config, site.Data, site.Config.Languages[0], &errs), nil)
		if errs.Len() > 0 {
			t.Fatal(errs.Error())
		}
		var beta *content.Company
		for _, c := range site.Companies {
			if c.Slug == "beta" {
				beta = c
			}
		}
		var page bytes.Buffer
		if err := r.Render(&page, r.ProbeRoute(beta)); err != nil {
			t.Fatal(err)
		}
		out := page.String()
		start, end := strings.Index(out, "<main"), strings.Index(out, "</main>")
		if start < 0 || end < start {
			t.Fatalf("no main element:\n%s", out)
		}
		if valid && (!strings.Contains(out, "PSEB/IT/2019/0423") || !strings.Contains(out, `href="https://example.com/work"`)) {
			t.Fatalf("the valid seed's registration or case study is not on the page:\n%s", out[start:end])
		}
		card, err := r.theme.CompanyCard(beta)
		if err != nil {
			t.Fatal(err)
		}
		for _, frag := range []string{out[start : end+len("</main>")], string(card)} {
			nodes, perr := html.ParseFragment(strings.NewReader(frag), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
			if perr != nil {
				t.Fatal(perr)
			}
			for _, top := range nodes {
				for n := range top.Descendants() {
					checkSafeNode(t, n, number, issuer, tech, link, title)
				}
				checkSafeNode(t, top, number, issuer, tech, link, title)
			}
		}
	})
}

// checkSafeNode fails on an element that could run script or load another origin's frame.
func checkSafeNode(t *testing.T, n *html.Node, from ...string) {
	t.Helper()
	if n.Type != html.ElementNode {
		return
	}
	switch n.Data {
	case "script", "iframe", "object", "embed", "frame", "base", "meta", "link", "form", "style":
		t.Fatalf("<%s> element from %q", n.Data, from)
	}
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" || a.Key == "formaction" {
			t.Fatalf("attribute %s=%q from %q", a.Key, a.Val, from)
		}
		if urlAttr(a.Key) && !markdown.AllowedURL(a.Val) {
			t.Fatalf("URL %s=%q from %q", a.Key, a.Val, from)
		}
	}
}

// fixtureFiles are the site package's test site and the repository's themes.
func fixtureFiles(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, tree := range [][2]string{{"../site/testdata/site", ""}, {"../../themes", "themes"}} {
		root, prefix := tree[0], tree[1]
		err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(root + "/" + p)
			fsys[path.Join(prefix, p)] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

func urlAttr(key string) bool {
	switch key {
	case "href", "src", "srcset", "action", "data-embed", "poster", "xlink:href", "cite":
		return true
	}
	return false
}

func TestFuzzBodySeedsRender(t *testing.T) {
	r := fixtureRenderer(t)
	var b bytes.Buffer
	out, err := r.body(&content.Entry{Source: "x.md", Body: []byte("{{< callout type=\"tip\" >}}\nHello.\n{{< /callout >}}\n")})
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString(string(out))
	if !strings.Contains(b.String(), `class="callout callout-tip"`) {
		t.Errorf("a valid callout did not render: %s", b.String())
	}
}
