// Package markdown owns how Markdown bodies become HTML: goldmark with GitHub-flavoured
// Markdown, footnotes, heading ids and typographic punctuation. Raw HTML and dangerous link
// schemes (javascript:, vbscript:, data: outside images) are never passed through, and
// site-relative links are prefixed with the base URL's path so a site can live below "/".
package markdown

import (
	"bytes"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Converter turns Markdown into safe HTML. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
}

// Option configures a Converter.
type Option func(*config)

type config struct{ basePath string }

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
	parserOpts := []parser.Option{parser.WithAutoHeadingID()}
	if cfg.basePath != "" {
		parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(basePathLinks(cfg.basePath), 100)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parserOpts...),
		// No html.WithUnsafe(): raw HTML is replaced by a comment and dangerous URLs dropped.
	)
	return &Converter{md: md}
}

// Convert writes the HTML of src to w.
func (c *Converter) Convert(src []byte, w io.Writer) error {
	return c.md.Convert(src, w)
}

// basePathLinks rewrites "/x" link and image destinations to base+"/x".
type basePathLinks string

func (b basePathLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	prefix := []byte(b)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := n.(type) {
		case *ast.Link:
			x.Destination = prefixed(prefix, x.Destination)
		case *ast.Image:
			x.Destination = prefixed(prefix, x.Destination)
		}
		return ast.WalkContinue, nil
	})
}

func prefixed(prefix, dest []byte) []byte {
	if len(dest) > 0 && dest[0] == '/' && !bytes.HasPrefix(dest, []byte("//")) {
		return append(append([]byte{}, prefix...), dest...)
	}
	return dest
}
