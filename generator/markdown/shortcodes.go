package markdown

import (
	"bytes"
	"fmt"
	"slices"

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
// as children. A line that is meant as a shortcode but is not a valid one is a Shortcode
// too, with Err set, so that the check (Shortcodes) and the renderer see the same blocks:
// whatever the parser takes for a shortcode, in a quote, a list item or anywhere else, is
// checked, and nothing else is drawn.
type Shortcode struct {
	ast.BaseBlock
	Call shortcode.Call
	// Err is set when the line does not parse as a shortcode.
	Err *shortcode.Error
	// Closed is set on a wrapping shortcode when its closing line was found.
	Closed bool
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
	src := reader.Source()
	lineNo := bytes.Count(src[:seg.Start], []byte("\n")) + 1
	// Inside a quote or a list item the line starts after the container's marker; columns
	// are counted from the start of the file's line.
	shift := seg.Start - (bytes.LastIndexByte(src[:seg.Start], '\n') + 1)
	call, err := shortcode.ParseLine(string(line), lineNo)
	call.Col += shift
	for k := range call.ArgCols {
		call.ArgCols[k] += shift
	}
	if err != nil {
		err.Col += shift
	}
	reader.Advance(seg.Len() - 1) // leave the newline, as goldmark's own leaf parsers do
	n := &Shortcode{Call: call, Err: err}
	if err == nil && !call.Closing && wraps(call.Name) {
		return n, parser.HasChildren
	}
	return n, parser.NoChildren
}

func (shortcodeParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*Shortcode)
	if n.Err != nil || n.Call.Closing || !wraps(n.Call.Name) {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if shortcode.IsCandidate(string(line)) {
		if c, err := shortcode.ParseLine(string(line), 0); err == nil && c.Closing && c.Name == n.Call.Name {
			reader.Advance(seg.Len() - 1)
			n.Closed = true
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
		if n.Err != nil || n.Call.Closing {
			// Reported by Shortcodes before anything renders; never drawn.
			return ast.WalkSkipChildren, nil
		}
		if r.write == nil || (!entering && !wraps(n.Call.Name)) {
			return ast.WalkContinue, nil
		}
		if entering {
			// The writer gets only calls that pass their spec, whatever the caller checked:
			// an argument the spec refuses never reaches a page.
			if bad := shortcode.Check(n.Call); len(bad) > 0 {
				return ast.WalkStop, fmt.Errorf("line %d: %s: %s", n.Call.Line, n.Call.Name, bad[0].Msg)
			}
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

// checkParser parses bodies for Shortcodes with the block parsers the renderer uses, so a
// shortcode is checked exactly where it will be drawn.
var checkParser = New().md.Parser()

// Shortcodes parses src as the renderer does and checks every shortcode block in it: its
// syntax, its arguments against the spec, and the nesting and closing of wrapping ones.
// It returns the valid opening and single calls in document order, and every problem,
// ordered by position. References to the site (a dataset, a park) are the caller's to check.
func Shortcodes(src []byte) ([]shortcode.Call, []*shortcode.Error) {
	if !bytes.Contains(src, []byte("{{<")) {
		return nil, nil // the common case: no parse needed
	}
	doc := checkParser.Parse(text.NewReader(src))
	var calls []shortcode.Call
	var errs []*shortcode.Error
	add := func(line, col int, hint, format string, args ...any) {
		errs = append(errs, &shortcode.Error{Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Hint: hint})
	}
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		n, ok := node.(*Shortcode)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		c := n.Call
		var outer *Shortcode
		for p := n.Parent(); p != nil; p = p.Parent() {
			if s, ok := p.(*Shortcode); ok {
				outer = s
				break
			}
		}
		switch {
		case n.Err != nil:
			errs = append(errs, n.Err)
		case c.Closing && outer != nil:
			add(c.Line, c.Col, fmt.Sprintf("write {{< /%s >}}", outer.Call.Name),
				"{{< /%s >}} closes %s, opened on line %d", c.Name, outer.Call.Name, outer.Call.Line)
		case c.Closing:
			add(c.Line, c.Col, "remove it, or open it first", "{{< /%s >}} closes nothing", c.Name)
		default:
			bad := shortcode.Check(c)
			errs = append(errs, bad...)
			nested := false
			if wraps(c.Name) && outer != nil {
				nested = true
				add(c.Line, c.Col, fmt.Sprintf("close the first with {{< /%s >}} before opening another", outer.Call.Name),
					"%s inside the %s opened on line %d", c.Name, outer.Call.Name, outer.Call.Line)
			}
			if wraps(c.Name) && !n.Closed && !nested {
				add(c.Line, c.Col, fmt.Sprintf("add a line {{< /%s >}} after its text", c.Name), "%s is not closed", c.Name)
			}
			if len(bad) == 0 {
				calls = append(calls, c)
			}
		}
		return ast.WalkContinue, nil
	})
	slices.SortStableFunc(errs, func(a, b *shortcode.Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return calls, errs
}
