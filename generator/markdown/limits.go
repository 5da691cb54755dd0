package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/shortcode"
)

// Limits on a body, checked before it is parsed. goldmark takes time that grows with the
// square of some structures (quotes or lists nested thousands deep, thousands of emphasis
// and link marks in one paragraph, rows of thousands of cells): 60,000 nested ">" took
// 7.7 s and a 1 MB file 871 s, during which a build could not be stopped. No real page
// comes near these numbers; a body that does is refused with its line, before any work.
const (
	// MaxBodyBytes bounds a body: about 40,000 words.
	MaxBodyBytes = 256 << 10
	// MaxNesting bounds quotes and list items inside each other on one line.
	MaxNesting = 32
	// MaxTableCells bounds the cells of a table row (the | on a line).
	MaxTableCells = 100
	// MaxTableSize bounds the cells of a table: its rows times its columns (a short row
	// is padded to the header's width, so "|x" rows under a wide header multiply).
	MaxTableSize = 50000
	// MaxInlineMarks bounds the emphasis, code and link marks of one paragraph.
	MaxInlineMarks = 5000
)

// LimitError is a body past one of the limits, at a 1-based line of the body.
type LimitError struct {
	Line      int
	Msg, Hint string
}

func (e *LimitError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// CheckLimits reports the first place where src passes a limit, or nil.
func CheckLimits(src []byte) *LimitError {
	if len(src) > MaxBodyBytes {
		return &LimitError{Line: 1, Msg: fmt.Sprintf("the body is %d KB; the limit is %d KB", len(src)>>10, MaxBodyBytes>>10),
			Hint: "split it into several pages"}
	}
	marks, paraLine := 0, 1
	cols, cells, tableLine := 0, 0, 0 // of the table being read, when cols > 0
	fence := ""                       // the fence of the code block being read
	lineNo := 0
	// Every body is checked before each conversion: line by line, without allocating.
	for line := range bytes.Lines(src) {
		lineNo++
		line = bytes.TrimSuffix(line, []byte("\n"))
		// Code blocks are text to goldmark: their marks cost nothing.
		if f := fenceOf(line); f != "" && (fence == "" || strings.HasPrefix(f, fence[:1]) && len(f) >= len(fence)) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
			marks, paraLine = 0, lineNo+1
			continue
		}
		if fence != "" {
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			marks, paraLine, cols = 0, lineNo+1, 0
			continue
		}
		switch {
		case cols > 0:
			cells += cols
			if cells > MaxTableSize {
				return &LimitError{Line: tableLine, Msg: fmt.Sprintf("the table has more than %d cells", MaxTableSize),
					Hint: "split the table, or publish the data as a CSV file in the bundle"}
			}
		case isDelimiterRow(line):
			cols, cells, tableLine = max(bytes.Count(line, []byte("|"))-1, 1), 0, max(lineNo-1, 1)
		}
		if d := nesting(line); d > MaxNesting {
			return &LimitError{Line: lineNo, Msg: fmt.Sprintf("quotes and lists are nested %d deep; the limit is %d", d, MaxNesting),
				Hint: "flatten the quote or the list"}
		}
		if c := bytes.Count(line, []byte("|")); c > MaxTableCells {
			return &LimitError{Line: lineNo, Msg: fmt.Sprintf("a table row has %d cells; the limit is %d", c, MaxTableCells),
				Hint: "split the table, or publish the data as a CSV file in the bundle"}
		}
		for _, b := range line {
			switch b {
			case '*', '_', '[', ']', '`', '~', '<', '!':
				marks++
			}
		}
		if marks > MaxInlineMarks {
			return &LimitError{Line: paraLine, Msg: fmt.Sprintf("the paragraph has more than %d emphasis, code and link marks", MaxInlineMarks),
				Hint: "break it into paragraphs with blank lines"}
		}
	}
	return nil
}

// fenceOf returns the ``` or ~~~ run that opens or closes a fenced code block on line.
func fenceOf(line []byte) string {
	t := bytes.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return string(t[:n])
}

// isDelimiterRow reports a table's second line: |, -, : and spaces only, with a - and a |.
func isDelimiterRow(line []byte) bool {
	if !bytes.Contains(line, []byte("-")) || !bytes.Contains(line, []byte("|")) {
		return false
	}
	for _, b := range line {
		if b != '|' && b != '-' && b != ':' && b != ' ' && b != '\t' && b != '\r' {
			return false
		}
	}
	return true
}

// nesting counts the quote markers and list items a line opens, with list items implied
// by indentation before a list marker (two spaces a level).
func nesting(line []byte) int {
	depth, i, indent := 0, 0, 0
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ':
			indent++
			i++
			continue
		case c == '\t':
			indent += 4
			i++
			continue
		case c == '>':
			depth++
			i++
			continue
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			depth += 1 + indent/2
			indent = 0
			i += 2
			continue
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				depth += 1 + indent/2
				indent = 0
				i = j + 2
				continue
			}
		}
		break
	}
	return depth
}

// CheckBody reports a body past the Markdown limits (it is then neither parsed nor
// rendered), finds its shortcodes and reports the ones that are wrong in themselves, at
// their file lines (the body of source starts at bodyLine); it returns the valid ones with
// file lines.
func CheckBody(source string, body []byte, bodyLine int, errs *diagnostic.List) []shortcode.Call {
	if e := CheckLimits(body); e != nil {
		errs.Addf(source, bodyLine+e.Line-1, 1, e.Hint, "%s", e.Msg)
		return nil
	}
	calls, bad := Shortcodes(body)
	for _, e := range bad {
		errs.Addf(source, bodyLine+e.Line-1, e.Col, e.Hint, "%s", e.Msg)
	}
	for i := range calls {
		calls[i].Line += bodyLine - 1
	}
	return calls
}
