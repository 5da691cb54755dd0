package render

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/markdown"
)

// fixtureRenderer renders the site package's test site with the repository's theme: the
// real partials every shortcode draws with.
func fixtureRenderer(t testing.TB) *Renderer {
	t.Helper()
	fsys := fstest.MapFS{}
	add := func(root, prefix string) {
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
	add("../site/testdata/site", "")
	add("../../themes", "themes")
	return loadRenderer(t, fsys, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
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
