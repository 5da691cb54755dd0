package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// headingIDs names headings in any script. goldmark's default keeps only ASCII letters and
// digits, so a Chinese heading became "heading" and an Arabic one "---": ids that collide
// and that validators reject. Letters and digits of every script are kept, lower-cased;
// spaces, hyphens and underscores become single hyphens; marks and punctuation go.
type headingIDs struct {
	seen map[string]bool
	// next is the last number given to each id, so that the thousandth "Overview" does
	// not try "overview-1" to "overview-999" first (that made 25,000 headings take 40 s).
	next map[string]int
}

func newContext(opts ...ConvertOption) parser.Context {
	pc := parser.NewContext(parser.WithIDs(&headingIDs{seen: map[string]bool{}, next: map[string]int{}}))
	for _, o := range opts {
		o(pc)
	}
	return pc
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	gap := false
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			gap = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || r == '-' || r == '_':
			gap = true
		}
	}
	id := b.String()
	switch {
	case id == "" && kind == ast.KindHeading:
		id = "heading"
	case id == "":
		id = "id"
	case !unicode.IsLetter([]rune(id)[0]):
		id = "h-" + id // an id starts with a letter
	}
	unique := id
	for n := h.next[id]; h.seen[unique]; {
		n++
		unique = id + "-" + strconv.Itoa(n)
		h.next[id] = n
	}
	h.seen[unique] = true
	return []byte(unique)
}

func (h *headingIDs) Put(value []byte) { h.seen[string(value)] = true }
