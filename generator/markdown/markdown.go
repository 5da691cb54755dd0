// Package markdown owns how Markdown bodies become HTML: goldmark with GitHub-flavoured
// Markdown, footnotes, heading ids, typographic punctuation and shortcode blocks (drawn by
// the caller's ShortcodeWriter). Raw HTML and dangerous link
// schemes (javascript:, vbscript:, data: outside images) are never passed through, and
// site-relative links are prefixed with the base URL's path so a site can live below "/".
package markdown

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Converter turns Markdown into safe HTML. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
	// portable converts with baseMark as the base path (ConvertPortable).
	portable goldmark.Markdown
}

// Option configures a Converter.
type Option func(*config)

type config struct {
	basePath   string
	shortcodes ShortcodeWriter
}

// WithBasePath prefixes links that start with "/" by path (e.g. "/pseb/"), so content can
// link to "/companies/acme/" wherever the site is hosted.
func WithBasePath(path string) Option {
	return func(c *config) { c.basePath = strings.TrimSuffix(path, "/") }
}

// New returns a Converter.
func New(opts ...Option) *Converter {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	c := &Converter{md: newGoldmark(cfg)}
	cfg.basePath = baseMark
	c.portable = newGoldmark(cfg)
	return c
}

func newGoldmark(cfg config) goldmark.Markdown {
	parserOpts := []parser.Option{parser.WithAutoHeadingID(), parser.WithASTTransformers(util.Prioritized(allowedLinks{}, 50),
		util.Prioritized(alignClasses{}, 200), util.Prioritized(pictures{}, 300))}
	if cfg.basePath != "" {
		parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(basePathLinks(cfg.basePath), 100)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(gfm, extension.Footnote, extension.Typographer, shortcodes{cfg.shortcodes}),
		goldmark.WithParserOptions(parserOpts...),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(pictureRenderer{}, 100))),
		// No html.WithUnsafe(): raw HTML is replaced by a comment and dangerous URLs dropped.
	)
	return md
}

// Convert writes the HTML of src to w. A body past the limits (CheckLimits) is an error:
// the content package reports it at its file first, this keeps every other caller safe.
func (c *Converter) Convert(src []byte, w io.Writer, opts ...ConvertOption) error {
	if e := CheckLimits(src); e != nil {
		return e
	}
	return c.md.Convert(src, w, parser.WithContext(newContext(opts...)))
}

// gfm is GitHub-flavoured Markdown with table cells aligned by class, not by a style
// attribute: the site's Content-Security-Policy allows no inline style.
var gfm = goldmark.Extender(extenders{extension.Linkify, extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
	extension.Strikethrough, extension.TaskList})

type extenders []goldmark.Extender

func (e extenders) Extend(m goldmark.Markdown) {
	for _, x := range e {
		x.Extend(m)
	}
}

// alignClasses gives aligned table cells a class the theme styles: align-start for
// left, align-end for right (so a right-to-left page mirrors them), align-center.
type alignClasses struct{}

func (alignClasses) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*east.TableCell); ok && entering {
			switch c.Alignment {
			case east.AlignLeft:
				c.SetAttributeString("class", []byte("align-start"))
			case east.AlignRight:
				c.SetAttributeString("class", []byte("align-end"))
			case east.AlignCenter:
				c.SetAttributeString("class", []byte("align-center"))
			}
		}
		return ast.WalkContinue, nil
	})
}

// AllowedURL reports whether a body may link to dest: an http(s), mailto: or tel: address,
// or a relative one (a path, a query, a fragment). Every other scheme (javascript:,
// data:, file:, an app's own) is refused, not only the ones known to be dangerous.
func AllowedURL(dest string) bool {
	// Read the scheme as a browser does (WHATWG URL): tabs and newlines anywhere are
	// dropped, control characters and spaces at either end trimmed, so "java\tscript:"
	// is javascript:.
	d := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, dest)
	d = strings.TrimFunc(d, func(r rune) bool { return r <= ' ' })
	i := strings.IndexAny(d, ":/?#")
	if i <= 0 || d[i] != ':' || !isScheme(d[:i]) {
		return true // a browser reads "x/y:z" or ":z" as a path
	}
	switch strings.ToLower(d[:i]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

func isScheme(s string) bool {
	for i, c := range []byte(s) {
		letter := (c|0x20) >= 'a' && (c|0x20) <= 'z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// allowedLinks turns a link or image whose destination AllowedURL refuses into its text:
// the words stay, the address is not published.
type allowedLinks struct{}

func (allowedLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var bad []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := n.(type) {
		case *ast.Link:
			if !AllowedURL(string(x.Destination)) {
				bad = append(bad, n)
			}
		case *ast.Image:
			if !AllowedURL(string(x.Destination)) {
				bad = append(bad, n)
			}
		case *ast.AutoLink:
			if !AllowedURL(string(x.URL(reader.Source()))) {
				bad = append(bad, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range bad {
		parent := n.Parent()
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(reader.Source())))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// basePathLinks rewrites "/x" link and image destinations to base+"/x".
// It counts them in the parser context (prefixedKey), for ConvertPortable.
type basePathLinks string

var prefixedKey = parser.NewContextKey()

func (b basePathLinks) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	prefix := []byte(b)
	n := 0
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := node.(type) {
		case *ast.Link:
			x.Destination = prefixed(prefix, x.Destination, &n)
		case *ast.Image:
			x.Destination = prefixed(prefix, x.Destination, &n)
		}
		return ast.WalkContinue, nil
	})
	pc.Set(prefixedKey, n)
}

func prefixed(prefix, dest []byte, n *int) []byte {
	if len(dest) > 0 && dest[0] == '/' && !bytes.HasPrefix(dest, []byte("//")) {
		*n++
		return append(append([]byte{}, prefix...), dest...)
	}
	return dest
}

// ConvertText writes the HTML of src to w and returns its plain text (see PlainText), from
// one parse: search indexes every body the site renders.
func (c *Converter) ConvertText(src []byte, w io.Writer, opts ...ConvertOption) (string, error) {
	if e := CheckLimits(src); e != nil {
		return "", e
	}
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(newContext(opts...)))
	if err := c.md.Renderer().Render(w, src, doc); err != nil {
		return "", err
	}
	return plainText(doc, src), nil
}

// baseMark is the base path a portable conversion writes where each page's own goes. URL
// escaping leaves it as it is; a body that writes it itself (which ConvertPortable tells
// by counting) is not portable.
const baseMark = "/~sitegen-base~"

// Portable is a body converted once for pages in several languages, whose site-relative
// links each take their page's base path (WithBasePath): its HTML, the places in it where
// the base path goes, and its plain text (see PlainText).
type Portable struct {
	html  []byte
	slots []int
	Text  string
}

// ConvertPortable converts src as ConvertText does, for any base path. It returns nil
// and no error when src cannot be converted once for all (its text holds baseMark); the
// caller then converts it for each page.
func (c *Converter) ConvertPortable(src []byte, opts ...ConvertOption) (*Portable, error) {
	if e := CheckLimits(src); e != nil {
		return nil, e
	}
	pc := newContext(opts...)
	doc := c.portable.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var buf bytes.Buffer
	if err := c.portable.Renderer().Render(&buf, src, doc); err != nil {
		return nil, err
	}
	links, _ := pc.Get(prefixedKey).(int)
	if bytes.Count(buf.Bytes(), []byte(baseMark)) != links {
		return nil, nil
	}
	p := &Portable{Text: plainText(doc, src), slots: make([]int, 0, links)}
	out := buf.Bytes()
	p.html = make([]byte, 0, len(out)-links*len(baseMark))
	for {
		i := bytes.Index(out, []byte(baseMark))
		if i < 0 {
			break
		}
		p.html = append(p.html, out[:i]...)
		p.slots = append(p.slots, len(p.html))
		out = out[i+len(baseMark):]
	}
	p.html = append(p.html, out...)
	return p, nil
}

// HTML returns the body's HTML with base path (as given to WithBasePath) before each of
// its site-relative links.
func (p *Portable) HTML(basePath string) string {
	// Escaped as goldmark escapes the destination it starts: with the "/" that follows it
	// there, which a trailing backslash would otherwise escape.
	prefix := util.EscapeHTML(util.URLEscape([]byte(strings.TrimSuffix(basePath, "/")+"/"), true))
	prefix = prefix[:len(prefix)-1]
	var b strings.Builder
	b.Grow(len(p.html) + len(p.slots)*len(prefix))
	last := 0
	for _, at := range p.slots {
		b.Write(p.html[last:at])
		b.Write(prefix)
		last = at
	}
	b.Write(p.html[last:])
	return b.String()
}

// textParser parses bodies for PlainText: the extensions that change what is text (tables,
// strikethrough, footnotes).
var textParser = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, shortcodes{})).Parser()

// PlainText returns the words a reader sees in the Markdown src, for search: the text of
// paragraphs, headings, lists, tables, link texts and image descriptions, blocks that do
// not end a sentence kept apart by " · ". Code blocks and raw HTML are left out. It has
// the same words as ConvertText (which the renderer uses, from its one parse) but keeps
// straight quotes, having no typographer: for tools and tests without a Converter.
func PlainText(src []byte) string {
	return plainText(textParser.Parse(text.NewReader(src)), src)
}

func plainText(doc ast.Node, src []byte) string {
	// One buffer trimmed in place: a body of a thousand blocks must not be copied at each.
	b := make([]byte, 0, len(src))
	space := func() {
		if len(b) > 0 && b[len(b)-1] != ' ' {
			b = append(b, ' ')
		}
	}
	// Blocks that do not end a sentence (headings, list items, cells) are kept apart with
	// a middle dot, so an excerpt does not run "What we do Cloud Security" together.
	block := func() {
		if len(b) == 0 || bytes.HasSuffix(b, []byte(" · ")) {
			return
		}
		b = bytes.TrimRight(b, " ")
		if r, _ := utf8.DecodeLastRune(b); strings.ContainsRune(".!?:;…", r) {
			b = append(b, ' ')
		} else {
			b = append(b, " · "...)
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch x := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				v := x.Segment.Value(src)
				if !x.IsRaw() {
					v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
				}
				b = append(b, v...)
				if x.SoftLineBreak() || x.HardLineBreak() {
					space()
				}
			}
		case *ast.String:
			// The typographer's substitutions are entities ("&rsquo;").
			if entering {
				b = append(b, util.ResolveEntityNames(util.ResolveNumericReferences(x.Value))...)
			}
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock, *ast.ListItem, *east.TableCell:
			if !entering {
				block()
			}
		default:
			if n.Type() == ast.TypeBlock {
				space()
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSuffix(strings.TrimSpace(string(b)), " ·")
}

// LinkAt is a link or image destination of a Markdown text and the line it is on.
type LinkAt struct {
	Dest string
	Line int // 1-based, in the text given to Links
	// Image is set for an image (![alt](dest)), Alt then being its description.
	Image bool
	Alt   string
}

// Links lists the link and image destinations of src with their lines, for reporting a
// broken link at the line that wrote it.
func Links(src []byte) []LinkAt {
	doc := textParser.Parse(text.NewReader(src))
	var out []LinkAt
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest, alt string
		image := false
		switch x := n.(type) {
		case *ast.Link:
			dest = string(x.Destination)
		case *ast.Image:
			dest, alt, image = string(x.Destination), altText(x, src), true
		case *ast.AutoLink:
			dest = string(x.URL(src))
		default:
			return ast.WalkContinue, nil
		}
		out = append(out, LinkAt{Dest: dest, Line: lineOf(n, src), Image: image, Alt: alt})
		return ast.WalkContinue, nil
	})
	return out
}

// lineOf finds the line of an inline node: that of its first text, else of its block.
func lineOf(n ast.Node, src []byte) int {
	start := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			start = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if start < 0 {
		for b := n; b != nil; b = b.Parent() {
			if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
				start = b.Lines().At(0).Start
				break
			}
		}
	}
	if start < 0 {
		return 1
	}
	return bytes.Count(src[:start], []byte("\n")) + 1
}
