package markdown

import (
	"bytes"
	"strings"
	"testing"
)

func convert(t *testing.T, c *Converter, src string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestUnsafeInputIsNotPassedThrough(t *testing.T) {
	c := New()
	tests := []struct {
		name, src string
		mustNot   []string
	}{
		{"raw script", "Hello <script>alert(1)</script>", []string{"<script"}},
		{"raw html block", "<div onclick=\"x()\">hi</div>\n", []string{"<div", "onclick"}},
		{"javascript link", "[click](javascript:alert(1))", []string{"javascript:"}},
		{"javascript link mixed case", "[click](JaVaScRiPt:alert(1))", []string{"alert(1)\""}},
		{"vbscript link", "[click](vbscript:msgbox(1))", []string{"vbscript:"}},
		{"data link", "[click](data:text/html;base64,PHNjcmlwdD4=)", []string{"data:text/html"}},
		{"javascript autolink", "<javascript:alert(1)>", []string{"href=\"javascript:"}},
		{"image onerror", "![x](x.png\" onerror=\"alert(1))", []string{"onerror=\"alert"}},
		{"inline event in text", "a <img src=x onerror=alert(1)> b", []string{"<img src=x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := convert(t, c, tt.src)
			for _, bad := range tt.mustNot {
				if strings.Contains(strings.ToLower(got), strings.ToLower(bad)) {
					t.Errorf("output contains %q:\n%s", bad, got)
				}
			}
		})
	}
}

func TestExtensions(t *testing.T) {
	c := New()
	tests := []struct{ name, src, want string }{
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n", "<table>"},
		{"strikethrough", "~~old~~", "<del>old</del>"},
		{"autolink", "see https://example.com now", `<a href="https://example.com">https://example.com</a>`},
		{"task list", "- [x] done\n", `<input checked="" disabled="" type="checkbox"`},
		{"footnote", "Text[^1]\n\n[^1]: Note.\n", `class="footnotes"`},
		{"heading id", "## Why Pakistan\n", `<h2 id="why-pakistan">`},
		{"typographer", `"quoted" -- dash`, "&ldquo;quoted&rdquo; &ndash; dash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := convert(t, c, tt.src); !strings.Contains(got, tt.want) {
				t.Errorf("got %s, want it to contain %s", got, tt.want)
			}
		})
	}
}

func TestBasePath(t *testing.T) {
	c := New(WithBasePath("/pseb/"))
	got := convert(t, c, "[a](/companies/acme/) [b](//cdn.example.com/x) [c](https://x.org/) [d](rel/) ![e](/logo.svg)")
	for _, want := range []string{`href="/pseb/companies/acme/"`, `href="//cdn.example.com/x"`, `href="https://x.org/"`, `href="rel/"`, `src="/pseb/logo.svg"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"paragraphs", "One *two*\nthree.\n\nFour.", "One two three. Four."},
		{"heading and list", "## Cloud\n\n- AWS\n- Azure\n\nDone.", "Cloud · AWS · Azure · Done."},
		{"sentences", "One.\n\nTwo!\n\n## Three\n\nFour", "One. Two! Three · Four"},
		{"link text and image alt", "See [our site](https://x.example) ![the team](t.jpg).", "See our site the team."},
		{"code and html dropped", "Text\n\n```go\nfunc x() {}\n```\n\n<div>raw</div>\n\nafter `inline`", "Text · after inline"},
		{"table", "| A | B |\n|---|---|\n| x | y |\n", "A · B · x · y"},
		{"quotes stay plain", `"Quoted" it's`, `"Quoted" it's`},
		{"escapes", `5 \* 3`, `5 * 3`},
		{"entities", "AT&amp;T &#233;", "AT&T é"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText([]byte(tt.src)); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

// ConvertText must render exactly what Convert renders and extract the same words as
// PlainText, typographer or not.
func TestConvertText(t *testing.T) {
	c := New(WithBasePath("/pseb/"))
	for _, src := range []string{"One *two* [three](/x)\n\n## Four\n", `"Quoted" it's -- done...`, "| a |\n|---|\n| b |\n", ""} {
		var want, got bytes.Buffer
		if err := c.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		text, err := c.ConvertText([]byte(src), &got)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("ConvertText(%q) HTML = %q, want %q", src, got.String(), want.String())
		}
		plain := PlainText([]byte(src))
		if strings.ReplaceAll(strings.NewReplacer("“", `"`, "”", `"`, "’", "'", "–", "--", "…", "...").Replace(text), " ", "") !=
			strings.ReplaceAll(plain, " ", "") {
			t.Errorf("ConvertText(%q) text = %q, PlainText = %q", src, text, plain)
		}
	}
}

func TestLinks(t *testing.T) {
	src := "# T\n\nSee [Acme](/companies/acme/) and\n[the park](/parks/x/#map \"title\").\n\n![logo](logo.png)\n\n" +
		"- <https://example.org/>\n\n[ref]: /ref/\n\nA [reference][ref].\n\n```\n[not](/a/link/)\n```\n"
	got := Links([]byte(src))
	want := []LinkAt{{Dest: "/companies/acme/", Line: 3}, {Dest: "/parks/x/#map", Line: 4}, {Dest: "logo.png", Line: 6, Image: true, Alt: "logo"},
		{Dest: "https://example.org/", Line: 8}, {Dest: "/ref/", Line: 12}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// Table alignment becomes a class: a style attribute would break the site's CSP.
func TestTableAlignmentIsAClass(t *testing.T) {
	var b strings.Builder
	if err := New().Convert([]byte("| a | b | c | d |\n|:--|--:|:-:|---|\n| 1 | 2 | 3 | 4 |\n"), &b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{`<th class="align-start">a</th>`, `<td class="align-end">2</td>`, `<td class="align-center">3</td>`, `<td>4</td>`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "style=") {
		t.Errorf("a style attribute:\n%s", got)
	}
}

func TestHeadingIDs(t *testing.T) {
	src := "# Why Pakistan? -- 2024\n\n## لماذا باكستان\n\n## 为什么选择巴基斯坦\n\n## 2024 in numbers\n\n## Why Pakistan? -- 2024\n\n## ?!\n"
	var b strings.Builder
	if err := New().Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="why-pakistan-2024"`, `id="لماذا-باكستان"`, `id="为什么选择巴基斯坦"`, `id="h-2024-in-numbers"`, `id="why-pakistan-2024-1"`, `id="heading"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %s in\n%s", want, b.String())
		}
	}
}

func TestPictures(t *testing.T) {
	src := "Our office:\n\n![The *team* at work](team.jpg)\n\nAnd ![a logo](logo.png \"Logo\").\n"
	var b strings.Builder
	var asked []string
	err := New().Convert([]byte(src), &b, WithPictures(func(dest, alt string) string {
		asked = append(asked, dest+"|"+alt)
		if dest == "team.jpg" {
			return `<picture class="x"></picture>`
		}
		return ""
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<p><picture class="x"></picture></p>`) || !strings.Contains(b.String(), `<img src="logo.png" alt="a logo" title="Logo">`) {
		t.Errorf("got %s", b.String())
	}
	if strings.Join(asked, ",") != "team.jpg|The team at work,logo.png|a logo" {
		t.Errorf("asked %v", asked)
	}
	// Without WithPictures images stay as they are.
	b.Reset()
	New().Convert([]byte(src), &b)
	if !strings.Contains(b.String(), `<img src="team.jpg" alt="The team at work">`) {
		t.Errorf("got %s", b.String())
	}
}

// Only http(s), mailto: and tel: addresses and relative ones are published; a link to any
// other scheme keeps its words and loses its address.
func TestOnlyAllowedSchemesAreLinked(t *testing.T) {
	c := New()
	tests := []struct{ src, want string }{
		{"[a](A:x)", "<p>a</p>\n"},
		{"[a](ms-settings:x) b", "<p>a b</p>\n"},
		{"![pic](file:///etc/passwd)", "<p>pic</p>\n"},
		{"<foo:bar>", "<p>foo:bar</p>\n"},
		{"[**b**](data:text/html,x)", "<p><strong>b</strong></p>\n"},
		{"[a](https://e.org/)", "<p><a href=\"https://e.org/\">a</a></p>\n"},
		{"[a](mailto:x@e.org)", "<p><a href=\"mailto:x@e.org\">a</a></p>\n"},
		{"[a](tel:+92)", "<p><a href=\"tel:+92\">a</a></p>\n"},
		{"[a](x/y:z)", "<p><a href=\"x/y:z\">a</a></p>\n"},
		{"[a](#top)", "<p><a href=\"#top\">a</a></p>\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := c.Convert([]byte(tt.src), &b); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s: got %q, want %q", tt.src, b.String(), tt.want)
		}
	}
}

// A scheme is read as a browser reads it: tabs and newlines inside it and spaces or
// control characters around it do not hide javascript:.
func TestAllowedURLReadsSchemesAsBrowsersDo(t *testing.T) {
	for dest, want := range map[string]bool{
		"java\tscript:alert(1)": false, "java\nscript:x": false, " javascript:x": false, "\x01javascript:x": false,
		"ht\ttps://e.org/": true, "/parks/": true, "photo.jpg": true, "x/y:z": true,
	} {
		if got := AllowedURL(dest); got != want {
			t.Errorf("AllowedURL(%q) = %v, want %v", dest, got, want)
		}
	}
}
