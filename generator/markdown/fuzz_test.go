package markdown

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzConvert: any Markdown converts without panicking, and the HTML it makes, parsed as a
// browser would, has no script elements, event handlers or javascript: links.
func FuzzConvert(f *testing.F) {
	for _, seed := range []string{
		"# Title\n\nText **bold** [link](/x/) ![img](a.png)\n",
		"<script>alert(1)</script>", "[x](javascript:alert(1))", "<a href=\"javascript:x\">x</a>",
		"| a |\n|---|\n| <img src=x onerror=alert(1)> |\n", "[^1]\n\n[^1]: note <b>x</b>",
		"[x](&#106;avascript:alert(1))", "<javascript:alert(1)>", "```\n<script>\n```\n",
	} {
		f.Add(seed)
	}
	c := New(WithBasePath("/base/"))
	f.Fuzz(func(t *testing.T, src string) {
		var buf bytes.Buffer
		if err := c.Convert([]byte(src), &buf); err != nil {
			return
		}
		doc, err := html.Parse(&buf)
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			if n.Data == "script" || n.Data == "iframe" || n.Data == "object" {
				t.Fatalf("<%s> element from %q", n.Data, src)
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || ((a.Key == "href" || a.Key == "src") && strings.HasPrefix(v, "javascript:")) {
					t.Fatalf("unsafe attribute %s=%q from %q", a.Key, a.Val, src)
				}
			}
		}
	})
}
