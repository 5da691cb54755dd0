// Package shortcode owns the shortcodes editors write in Markdown bodies: their syntax (a
// line of its own, `{{< name key="value" >}}`, and `{{< /name >}}` closing the ones that
// wrap Markdown), the list of known shortcodes with their arguments, and the checks of one
// call that need nothing but its text. Finding them in a body is the markdown package's
// job (markdown.Shortcodes), from the same parse that draws them. References to the site
// (a service id, a dataset) are checked by the content package, which knows them; drawing
// them is the renderer's job.
package shortcode

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
)

// Call is one shortcode as written.
type Call struct {
	Name    string
	Args    map[string]string
	Closing bool // {{< /callout >}}
	Line    int  // 1-based line in the text that was scanned
	Col     int  // 1-based column of "{{<"
	// ArgCols are the columns of each argument, for messages about its value.
	ArgCols map[string]int
}

// Arg returns the value of an argument, "" when absent.
func (c Call) Arg(name string) string { return c.Args[name] }

// Error is a problem with a shortcode, at a line and column of the scanned text.
type Error struct {
	Line, Col int
	Msg, Hint string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Arg describes an argument of a shortcode.
type Arg struct {
	Name     string
	Required bool
	Values   []string // the allowed values, when the argument is one of a few words
	Pattern  *regexp.Regexp
	Hint     string            // what a valid value looks like, when Pattern is set
	Min, Max int               // an integer in [Min, Max] when Max > 0
	Valid    func(string) bool // a value it accepts, when set (Hint says what is)
}

// Spec describes a shortcode.
type Spec struct {
	Name string
	Args []Arg
	// OneOf lists arguments of which exactly one must be given; AnyOf arguments of which
	// at least one must be.
	OneOf, AnyOf []string
	// Wraps is set for shortcodes that enclose Markdown and need a closing {{< /name >}}.
	Wraps bool
	Doc   string
}

var (
	slugPattern    = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	youtubePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoPattern   = regexp.MustCompile(`^[0-9]{6,12}$`)
)

// Sources of content charts, for `chart of=`.
var ContentCharts = []string{"companies-by-city", "companies-by-service", "parks-by-status"}

// CalloutTypes are the kinds of call-out box.
var CalloutTypes = []string{"note", "tip", "warning"}

// Specs are the known shortcodes, by name.
var Specs = map[string]*Spec{
	"chart": {Name: "chart", Doc: "a bar or line chart of a dataset in content/data, or of the site's own numbers",
		Args: []Arg{{Name: "data", Pattern: slugPattern, Hint: "the name of a file in content/data without .yaml or .csv"},
			{Name: "of", Values: ContentCharts}, {Name: "type", Values: []string{"bar", "line"}}, {Name: "title"}},
		OneOf: []string{"data", "of"}},
	"park-map": {Name: "park-map", Doc: "the map of the parks, optionally marking one",
		Args: []Arg{{Name: "park", Pattern: slugPattern, Hint: "a park's slug, e.g. bannu-software-technology-park"}}},
	"companies": {Name: "companies", Doc: "cards of the companies with a service, in a city, in a park or with a certification",
		Args: []Arg{{Name: "service", Pattern: slugPattern, Hint: "an id from content/data/services.yaml"},
			{Name: "city", Pattern: slugPattern, Hint: "an id from content/data/cities.yaml"},
			{Name: "park", Pattern: slugPattern, Hint: "a park's slug"},
			{Name: "certification", Pattern: slugPattern, Hint: "an id from content/data/certifications.yaml"},
			{Name: "limit", Min: 1, Max: 48}},
		AnyOf: []string{"service", "city", "park", "certification"}},
	"contact": {Name: "contact", Doc: "a button that writes an e-mail (to the site's contact address unless email= is given)",
		Args: []Arg{{Name: "label", Required: true}, {Name: "email", Valid: config.ValidEmail, Hint: "a bare address such as parks@example.org"},
			{Name: "subject"}}},
	"video": {Name: "video", Doc: "a YouTube or Vimeo video that loads only when the reader asks for it",
		Args: []Arg{{Name: "youtube", Pattern: youtubePattern, Hint: "the 11-character id after watch?v= in the address"},
			{Name: "vimeo", Pattern: vimeoPattern, Hint: "the number at the end of the vimeo.com address"},
			{Name: "title", Required: true}},
		OneOf: []string{"youtube", "vimeo"}},
	"underserved-cities": {Name: "underserved-cities", Doc: "the underserved cities (underserved: true in content/data/cities.yaml), linked to their pages, so a page's list cannot drift from the data"},
	"callout": {Name: "callout", Doc: "a box around Markdown: a note, a tip or a warning", Wraps: true,
		Args: []Arg{{Name: "type", Values: CalloutTypes}, {Name: "title"}}},
}

// Names lists the known shortcodes, sorted.
func Names() []string {
	names := make([]string, 0, len(Specs))
	for n := range Specs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

const (
	open  = "{{<"
	close = ">}}"
)

// IsCandidate reports whether line is meant as a shortcode: it starts, after at most three
// spaces, with "{{<". Anything else is ordinary Markdown.
func IsCandidate(line string) bool {
	t := strings.TrimLeft(line, " ")
	return len(line)-len(t) < 4 && strings.HasPrefix(t, open)
}

// ParseLine parses a candidate line (see IsCandidate) without checking it against Specs.
// lineNo is the line's number, for positions.
func ParseLine(line string, lineNo int) (Call, *Error) {
	line = strings.TrimRight(line, " \t\r\n")
	col := len(line) - len(strings.TrimLeft(line, " ")) + 1
	c := Call{Line: lineNo, Col: col, Args: map[string]string{}, ArgCols: map[string]int{}}
	fail := func(at int, hint, format string, args ...any) (Call, *Error) {
		return c, &Error{Line: lineNo, Col: at, Msg: fmt.Sprintf(format, args...), Hint: hint}
	}
	if !strings.HasSuffix(line, close) {
		return fail(col, `end the line with ">}}"; a shortcode takes a line of its own`, "shortcode is not closed")
	}
	inner := line[col-1+len(open) : len(line)-len(close)]
	pos := col - 1 + len(open) // 0-based offset of inner in line
	i := 0
	skip := func() {
		for i < len(inner) && (inner[i] == ' ' || inner[i] == '\t') {
			i++
		}
	}
	word := func() string {
		start := i
		for i < len(inner) && (isWordByte(inner[i])) {
			i++
		}
		return inner[start:i]
	}
	skip()
	if i < len(inner) && inner[i] == '/' {
		c.Closing = true
		i++
	}
	c.Name = word()
	if c.Name == "" {
		return fail(pos+i+1, `write {{< name key="value" >}}`, "shortcode has no name")
	}
	for {
		skip()
		if i >= len(inner) {
			break
		}
		at := pos + i + 1
		key := word()
		if key == "" {
			return fail(at, `write arguments as key="value"`, "unexpected %q", string(inner[i]))
		}
		if c.Closing {
			return fail(at, fmt.Sprintf("write {{< /%s >}}", c.Name), "a closing shortcode takes no arguments")
		}
		if i >= len(inner) || inner[i] != '=' {
			return fail(at, fmt.Sprintf(`write %s="value"`, key), "argument %q has no value", key)
		}
		i++
		var val string
		if i < len(inner) && inner[i] == '"' {
			j := i + 1
			var b strings.Builder
			for ; j < len(inner) && inner[j] != '"'; j++ {
				if inner[j] == '\\' && j+1 < len(inner) && (inner[j+1] == '"' || inner[j+1] == '\\') {
					j++
				}
				b.WriteByte(inner[j])
			}
			if j >= len(inner) {
				return fail(pos+i+1, `close the value with a double quote`, "value of %q is not closed", key)
			}
			val, i = b.String(), j+1
		} else {
			val = word()
			if val == "" {
				return fail(pos+i+1, fmt.Sprintf(`quote the value: %s="..."`, key), "argument %q has no value", key)
			}
		}
		if _, dup := c.Args[key]; dup {
			return fail(at, "give each argument once", "argument %q is given twice", key)
		}
		c.Args[key], c.ArgCols[key] = val, at
		if i < len(inner) && inner[i] != ' ' && inner[i] != '\t' {
			return fail(pos+i+1, "separate arguments with a space", "unexpected %q after %s", string(inner[i]), key)
		}
	}
	return c, nil
}

func isWordByte(b byte) bool {
	return b == '-' || b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b >= 0x80
}

// Check validates a parsed call against its Spec (not a closing one).
func Check(c Call) []*Error {
	var errs []*Error
	add := func(col int, hint, format string, args ...any) {
		errs = append(errs, &Error{Line: c.Line, Col: col, Msg: fmt.Sprintf(format, args...), Hint: hint})
	}
	spec := Specs[c.Name]
	if spec == nil {
		hint := diagnostic.SuggestOr(c.Name, Names(), "known shortcodes: "+strings.Join(Names(), ", "))
		add(c.Col, hint, "unknown shortcode %q", c.Name)
		return errs
	}
	var known []string
	for _, a := range spec.Args {
		known = append(known, a.Name)
	}
	keys := make([]string, 0, len(c.Args))
	for k := range c.Args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := c.Args[k]
		i := slices.Index(known, k)
		if i < 0 {
			hint := diagnostic.SuggestOr(k, known, fmt.Sprintf("%s takes %s", c.Name, strings.Join(known, ", ")))
			add(c.ArgCols[k], hint, "%s has no argument %q", c.Name, k)
			continue
		}
		a := spec.Args[i]
		switch {
		case strings.TrimSpace(v) == "":
			add(c.ArgCols[k], "give a value or leave the argument out", "argument %q is empty", k)
		case a.Values != nil && !slices.Contains(a.Values, v):
			add(c.ArgCols[k], "use one of "+strings.Join(a.Values, ", "), "%s=%q is not allowed", k, v)
		case a.Pattern != nil && !a.Pattern.MatchString(v), a.Valid != nil && !a.Valid(v):
			add(c.ArgCols[k], a.Hint, "%s=%q is not valid", k, v)
		case a.Max > 0:
			n, err := strconv.Atoi(v)
			if err != nil || n < a.Min || n > a.Max {
				add(c.ArgCols[k], fmt.Sprintf("use a whole number from %d to %d", a.Min, a.Max), "%s=%q is out of range", k, v)
			}
		}
	}
	for _, a := range spec.Args {
		if _, ok := c.Args[a.Name]; a.Required && !ok {
			add(c.Col, fmt.Sprintf(`add %s="..."`, a.Name), "%s needs the argument %q", c.Name, a.Name)
		}
	}
	count := func(names []string) int {
		n := 0
		for _, k := range names {
			if _, ok := c.Args[k]; ok {
				n++
			}
		}
		return n
	}
	if len(spec.OneOf) > 0 && count(spec.OneOf) != 1 {
		add(c.Col, "give exactly one of them", "%s needs one of %s", c.Name, strings.Join(spec.OneOf, ", "))
	}
	if len(spec.AnyOf) > 0 && count(spec.AnyOf) == 0 {
		add(c.Col, "give at least one of them", "%s needs at least one of %s", c.Name, strings.Join(spec.AnyOf, ", "))
	}
	return errs
}
