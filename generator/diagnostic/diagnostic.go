// Package diagnostic owns the errors sitegen reports about user input: each one names a file,
// a line and (when known) a column, says what is wrong and how to fix it. A build collects all
// of them and reports them together, sorted, so an editor fixes every mistake in one pass.
package diagnostic

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/agnivade/levenshtein"
)

// Error is one problem in one input file. Path is relative to the site root and uses forward
// slashes; Line and Col are 1-based, 0 when unknown.
type Error struct {
	Path string
	Line int
	Col  int
	Msg  string
	Hint string // how to fix it, shown in parentheses; may be empty
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// List collects errors from many goroutines. The zero value is ready to use.
type List struct {
	mu   sync.Mutex
	errs []*Error
}

// Add records an error.
func (l *List) Add(e *Error) {
	l.mu.Lock()
	l.errs = append(l.errs, e)
	l.mu.Unlock()
}

// Addf records an error at path:line:col.
func (l *List) Addf(path string, line, col int, hint, format string, args ...any) {
	l.Add(&Error{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// Merge adds every error of err: a *List, an *Error, or anything else (reported against path).
func (l *List) Merge(path string, err error) {
	if err == nil {
		return
	}
	var list *List
	var one *Error
	switch {
	case errors.As(err, &list):
		for _, e := range list.Errors() {
			l.Add(e)
		}
	case errors.As(err, &one):
		l.Add(one)
	default:
		l.Add(&Error{Path: path, Msg: err.Error()})
	}
}

// Len reports how many errors were collected.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.errs)
}

// Errors returns the collected errors sorted by path, line, column and message, without
// duplicates, so the report is the same whatever order goroutines found them in.
func (l *List) Errors() []*Error {
	l.mu.Lock()
	out := slices.Clone(l.errs)
	l.mu.Unlock()
	slices.SortFunc(out, func(a, b *Error) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Msg, b.Msg),
			strings.Compare(a.Hint, b.Hint))
	})
	return slices.CompactFunc(out, func(a, b *Error) bool { return *a == *b })
}

// Err returns the list as an error, or nil when it is empty.
func (l *List) Err() error {
	if l.Len() == 0 {
		return nil
	}
	return l
}

// Error joins the sorted errors, one per line.
func (l *List) Error() string {
	errs := l.Errors()
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Count says how many errors n is, for the line under a report: "1 error", "3 errors".
func Count(n int) string {
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}

// Suggest returns a `did you mean "X"?` hint naming the candidate closest to got, or "" when
// none is close enough to be a likely typo.
func Suggest(got string, candidates []string) string {
	best, bestDist, tie := "", 0, false
	g := strings.ToLower(got)
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(g, strings.ToLower(c))
		switch {
		case best == "" || d < bestDist:
			best, bestDist, tie = c, d, false
		case d == bestDist && c != best:
			tie = true
		}
	}
	// About half the word, at most 3 edits: "servics" -> "services", "biuld" -> "build",
	// but not "xyz" -> "city". Two equally close candidates make no useful hint.
	limit := max(1, min(3, (len([]rune(got))+1)/2))
	if best == "" || best == got || bestDist > limit || tie {
		return ""
	}
	return fmt.Sprintf("did you mean %q?", best)
}

// SuggestOr is Suggest's hint, or fallback (what the candidates are, where they are
// listed) when none is close enough.
func SuggestOr(got string, candidates []string, fallback string) string {
	if h := Suggest(got, candidates); h != "" {
		return h
	}
	return fallback
}

// SuggestID is the hint for an id that names nothing: the closest of ids, or where the ids
// are listed ("use an id from content/data/cities.yaml").
func SuggestID(got string, ids []string, listedIn string) string {
	return SuggestOr(got, ids, "use an id from "+listedIn)
}
