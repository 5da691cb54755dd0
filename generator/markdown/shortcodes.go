package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/pseb/sitegen/generator/shortcode"
)

// KindShortcode is the AST kind of a shortcode block.
var KindShortcode = ast.NewNodeKind("Shortcode")

// Shortcode is a shortcode block; a wrapping one (callout) has the Markdown it encloses
// as children.
type Shortcode struct {
	ast.BaseBlock
	Call shortcode.Call
}

// Kind implements ast.Node.
func (n *Shortcode) Kind() ast.NodeKind { return KindShortcode }

// Dump implements ast.Node.
func (n *Shortcode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Call.Name}, nil)
}

// ShortcodeWriter writes the HTML of a shortcode; for a wrapping one it is called again
// with entering false after the enclosed Markdown.
type ShortcodeWriter func(w util.BufWriter, call shortcode.Call, entering bool) error

// WithShortcodes renders shortcodes with write. Without it they render as nothing: the
// content package has validated them, and only a renderer knows what they show.
func WithShortcodes(write ShortcodeWriter) Option {
	return func(c *config) { c.shortcodes = write }
}

// shortcodeParser recognises a shortcode line; lines that look like one but do not parse
// stay ordinary text (the content package reports them before anything renders).
type shortcodeParser struct{}

func (shortcodeParser) Trigger() []byte { return []byte{'{'} }

func (shortcodeParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if !shortcode.IsCandidate(string(line)) {
		return nil, parser.NoChildren
	}
	lineNo := bytes.Count(reader.Source()[:seg.Start], []byte("\n")) + 1
	call, err := shortcode.ParseLine(string(line), lineNo)
	if err != nil || call.Closing {
		return nil, parser.NoChildren
	}
	reader.Advance(seg.Len() - 1) // leave the newline, as goldmark's own leaf parsers do
	n := &Shortcode{Call: call}
	if wraps(call.Name) {
		return n, parser.HasChildren
	}
	return n, parser.NoChildren
}

func (shortcodeParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*Shortcode)
	if !wraps(n.Call.Name) {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if shortcode.IsCandidate(string(line)) {
		if c, err := shortcode.ParseLine(string(line), 0); err == nil && c.Closing && c.Name == n.Call.Name {
			reader.Advance(seg.Len() - 1)
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

func (shortcodeParser) Close(ast.Node, text.Reader, parser.Context) {}
func (shortcodeParser) CanInterruptParagraph() bool                 { return true }
func (shortcodeParser) CanAcceptIndentedLine() bool                 { return false }

type shortcodeRenderer struct{ write ShortcodeWriter }

func (r shortcodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindShortcode, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*Shortcode)
		if r.write == nil || (!entering && !wraps(n.Call.Name)) {
			return ast.WalkContinue, nil
		}
		if err := r.write(w, n.Call, entering); err != nil {
			return ast.WalkStop, fmt.Errorf("line %d: %s: %w", n.Call.Line, n.Call.Name, err)
		}
		return ast.WalkContinue, nil
	})
}

// shortcodes is the goldmark extension for shortcode blocks.
type shortcodes struct{ write ShortcodeWriter }

func (e shortcodes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(shortcodeParser{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{e.write}, 50)))
}

func wraps(name string) bool {
	spec := shortcode.Specs[name]
	return spec != nil && spec.Wraps
}
