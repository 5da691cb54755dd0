// Package meta decodes the structured data editors write (front matter in YAML, TOML or JSON,
// split from the Markdown body by SplitFrontMatter,
// and the YAML files of site config and data) into values that remember their line and column,
// and reads them as typed fields, reporting every problem at the position of the offending key.
package meta

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// Value is a decoded value with its position in the file. V holds one of: nil, string, int64,
// float64, bool, time.Time, []*Value, *Map.
type Value struct {
	Line, Col int
	V         any
}

// Map is a mapping that keeps its keys in file order.
type Map struct {
	Keys   []string
	Fields map[string]*Field
}

// Field is one key of a mapping with the position of the key.
type Field struct {
	Key       string
	Line, Col int
	Value     *Value
}

// SyntaxError is a document that does not parse; Line is in file coordinates.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ParseYAML decodes data; lineOffset is the number of file lines before data starts.
func ParseYAML(data []byte, lineOffset int) (*Value, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(err, lineOffset)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &Value{Line: lineOffset + 1, Col: 1, V: &Map{Fields: map[string]*Field{}}}, nil
	}
	return fromYAML(doc.Content[0], lineOffset, 0)
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

func yamlError(err error, lineOffset int) error {
	msg := err.Error()
	if te, ok := err.(*yaml.TypeError); ok {
		msg = strings.Join(te.Errors, "; ")
	}
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = m[2]
	}
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		msg += " (check the indentation, and quote values that contain \": \")"
	case strings.Contains(msg, "tab character"):
		msg += " (indent with spaces, not tabs)"
	}
	return &SyntaxError{Line: lineOffset + line, Msg: "invalid YAML: " + msg}
}

func fromYAML(n *yaml.Node, lineOffset, depth int) (*Value, error) {
	if depth > 32 {
		return nil, &SyntaxError{Line: n.Line + lineOffset, Col: n.Column, Msg: "nesting is too deep"}
	}
	v := &Value{Line: n.Line + lineOffset, Col: n.Column}
	switch n.Kind {
	case yaml.AliasNode:
		return nil, &SyntaxError{Line: v.Line, Col: v.Col, Msg: "YAML aliases (*name) are not supported here; write the value out"}
	case yaml.MappingNode:
		m := &Map{Fields: map[string]*Field{}}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return nil, &SyntaxError{Line: k.Line + lineOffset, Col: k.Column, Msg: "a key must be a plain word"}
			}
			if _, dup := m.Fields[k.Value]; dup {
				return nil, &SyntaxError{Line: k.Line + lineOffset, Col: k.Column, Msg: fmt.Sprintf("key %q is given twice", k.Value)}
			}
			cv, err := fromYAML(val, lineOffset, depth+1)
			if err != nil {
				return nil, err
			}
			m.Keys = append(m.Keys, k.Value)
			m.Fields[k.Value] = &Field{Key: k.Value, Line: k.Line + lineOffset, Col: k.Column, Value: cv}
		}
		v.V = m
	case yaml.SequenceNode:
		items := make([]*Value, 0, len(n.Content))
		for _, c := range n.Content {
			cv, err := fromYAML(c, lineOffset, depth+1)
			if err != nil {
				return nil, err
			}
			items = append(items, cv)
		}
		v.V = items
	case yaml.ScalarNode:
		var err error
		switch n.Tag {
		case "!!null":
			v.V = nil
		case "!!int":
			var i int64
			err = n.Decode(&i)
			v.V = i
		case "!!float":
			var f float64
			err = n.Decode(&f)
			v.V = f
		case "!!bool":
			var b bool
			err = n.Decode(&b)
			v.V = b
		case "!!timestamp":
			var t time.Time
			err = n.Decode(&t)
			v.V = t
		default:
			v.V = n.Value
		}
		if err != nil {
			return nil, &SyntaxError{Line: v.Line, Col: v.Col, Msg: fmt.Sprintf("cannot read %q: %v", n.Value, err)}
		}
	default:
		return nil, &SyntaxError{Line: v.Line, Col: v.Col, Msg: "unsupported YAML node"}
	}
	return v, nil
}

// ParseTOML decodes data. TOML decoders do not report key positions, so each key is found
// by scanning the text; nested values share the line of their key.
func ParseTOML(data []byte, lineOffset int) (*Value, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		line := 1
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = pe.Position.Line
			return nil, &SyntaxError{Line: lineOffset + line, Col: pe.Position.Col, Msg: "invalid TOML: " + pe.Message}
		}
		return nil, &SyntaxError{Line: lineOffset + line, Msg: "invalid TOML: " + err.Error()}
	}
	lines := keyLines(data, lineOffset, func(key string) *regexp.Regexp {
		q := regexp.QuoteMeta(key)
		return regexp.MustCompile(`^\s*(?:` + q + `|"` + q + `")\s*=|^\s*\[\s*` + q + `\s*\]`)
	})
	return fromGeneric(raw, lines, lineOffset+1), nil
}

// ParseJSON decodes data, an object.
func ParseJSON(data []byte, lineOffset int) (*Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		line := 1
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line += bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		return nil, &SyntaxError{Line: lineOffset + line, Msg: "invalid JSON: " + err.Error()}
	}
	if key, off, dup := duplicateJSONKey(data); dup {
		line := 1 + bytes.Count(data[:min(off, len(data))], []byte("\n"))
		return nil, &SyntaxError{Line: lineOffset + line, Col: 1, Msg: fmt.Sprintf("key %q is given twice (keep one)", key)}
	}
	lines := keyLines(data, lineOffset, func(key string) *regexp.Regexp {
		return regexp.MustCompile(`"` + regexp.QuoteMeta(key) + `"\s*:`)
	})
	return fromGeneric(raw, lines, lineOffset+1), nil
}

// duplicateJSONKey finds a key given twice in one object of valid JSON, with the offset
// after it: encoding/json keeps the last silently, where YAML and TOML refuse.
func duplicateJSONKey(data []byte) (string, int, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	type object struct {
		keys    map[string]bool
		wantKey bool
	}
	var stack []*object
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", 0, false
		}
		var top *object
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &object{keys: map[string]bool{}, wantKey: true})
				continue
			case '[':
				stack = append(stack, nil)
				continue
			case '}', ']':
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1] != nil {
					stack[len(stack)-1].wantKey = true
				}
				if len(stack) == 0 {
					return "", 0, false
				}
				continue
			}
		case string:
			if top != nil && top.wantKey {
				if top.keys[t] {
					return t, int(dec.InputOffset()), true
				}
				top.keys[t] = true
				top.wantKey = false
				continue
			}
		}
		if top != nil {
			top.wantKey = true // a scalar value: the next token is a key
		}
	}
}

// keyLines maps a top-level key to the first line that matches its pattern.
func keyLines(data []byte, lineOffset int, pattern func(string) *regexp.Regexp) func(string) int {
	text := strings.Split(string(data), "\n")
	return func(key string) int {
		re := pattern(key)
		for i, l := range text {
			if re.MatchString(l) {
				return lineOffset + i + 1
			}
		}
		return lineOffset + 1
	}
}

func fromGeneric(raw map[string]any, lineOf func(string) int, startLine int) *Value {
	m := &Map{Fields: map[string]*Field{}}
	for k, v := range raw {
		m.Keys = append(m.Keys, k)
		line := lineOf(k)
		m.Fields[k] = &Field{Key: k, Line: line, Col: 1, Value: genericValue(v, line)}
	}
	// Map iteration is random; sort keys by line then name for a stable order.
	sortKeys(m)
	return &Value{Line: startLine, Col: 1, V: m}
}

func genericValue(v any, line int) *Value {
	out := &Value{Line: line, Col: 1}
	switch x := v.(type) {
	case map[string]any:
		m := &Map{Fields: map[string]*Field{}}
		for k, cv := range x {
			m.Keys = append(m.Keys, k)
			m.Fields[k] = &Field{Key: k, Line: line, Col: 1, Value: genericValue(cv, line)}
		}
		sortKeys(m)
		out.V = m
	case []map[string]any:
		items := make([]*Value, len(x))
		for i, e := range x {
			items[i] = genericValue(e, line)
		}
		out.V = items
	case []any:
		items := make([]*Value, len(x))
		for i, e := range x {
			items[i] = genericValue(e, line)
		}
		out.V = items
	case json.Number:
		if i, err := x.Int64(); err == nil {
			out.V = i
		} else if f, err := x.Float64(); err == nil {
			out.V = f
		} else {
			out.V = x.String()
		}
	case int64, float64, bool, string, time.Time, nil:
		out.V = x
	default:
		out.V = fmt.Sprint(x)
	}
	return out
}
