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

// FuzzConvertPortable: a body converted once (ConvertPortable) gives, for each base path,
// the HTML and text a conversion for that base path gives, or declines (nil) when it
// cannot tell its own links from the text.
func FuzzConvertPortable(f *testing.F) {
	for _, seed := range []string{
		"# Title\n\nSee [a partner](/companies/x/) and [their site](https://example.com/1).\n\n![logo](/img/a.png)\n",
		"[ref][r] and [x](//cdn.example.com/a) and <https://example.com/>\n\n[r]: /parks/a/\n",
		"Text that writes the mark: /~sitegen-base~ and [x](/~sitegen-base~/y)\n",
		"&#47;&#126;sitegen-base&#126; [x](/a/)", "[^1]\n\n[^1]: note [x](/n/)", "| a |\n|---|\n| [x](/t/) |\n",
		"“Quotes” -- and... [x](/a b/) [y](</a(b)/>)",
	} {
		f.Add(seed)
	}
	// A base URL's path is decoded: it may hold what a URL or HTML must escape.
	bases := []string{"", "/zh/", "/pseb/ar", `/q"x<y&z/ar/`, "/a b/", `/back\`, "/%41/"}
	converters := make([]*Converter, len(bases))
	for i, b := range bases {
		converters[i] = New(WithBasePath(b))
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := converters[0].ConvertPortable([]byte(src))
		if err != nil || p == nil {
			return
		}
		for i, c := range converters {
			var buf bytes.Buffer
			text, err := c.ConvertText([]byte(src), &buf)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.HTML(bases[i]); got != buf.String() {
				t.Fatalf("base %q: portable HTML\n%s\nwant\n%s", bases[i], got, buf.String())
			}
			if p.Text != text {
				t.Fatalf("portable text %q, want %q", p.Text, text)
			}
		}
	})
}

func TestConvertPortableDeclinesItsMark(t *testing.T) {
	for _, src := range []string{"`/~sitegen-base~` [x](/a/)", "[x](/~sitegen-base~/y)", "&#47;&#126;sitegen-base&#126; [x](/a/)"} {
		p, err := New().ConvertPortable([]byte(src))
		if err != nil || p != nil {
			t.Errorf("ConvertPortable(%q) = %v, %v; want nil, nil", src, p, err)
		}
	}
	p, err := New().ConvertPortable([]byte("[x](/a/) and [y](/b/)"))
	if err != nil || p == nil {
		t.Fatalf("ConvertPortable: %v, %v", p, err)
	}
	if got, want := p.HTML("/zh/"), `<p><a href="/zh/a/">x</a> and <a href="/zh/b/">y</a></p>`+"\n"; got != want {
		t.Errorf("HTML(/zh/) = %q, want %q", got, want)
	}
}
