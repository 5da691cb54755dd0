package meta

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
)

// Reader reads the typed fields of one mapping. Every problem goes to the diagnostic list at
// the position of its key, so one pass over a file reports all of its mistakes.
type Reader struct {
	path string
	errs *diagnostic.List
	m    *Map
	line int    // where "missing field" errors point: the mapping's first line
	pfx  string // key prefix for nested mappings, e.g. "location."
}

// NewReader reads v, which must be a mapping; line is where missing fields are reported.
func NewReader(path string, v *Value, line int, errs *diagnostic.List) *Reader {
	r := &Reader{path: path, errs: errs, line: line, m: &Map{Fields: map[string]*Field{}}}
	if v == nil {
		return r
	}
	if m, ok := v.V.(*Map); ok {
		r.m = m
	} else if v.V != nil {
		errs.Addf(path, v.Line, v.Col, "write key: value pairs", "expected a mapping of fields, found %s", describe(v.V))
	}
	return r
}

// Has reports whether key is present (even if empty).
func (r *Reader) Has(key string) bool { _, ok := r.m.Fields[key]; return ok }

// Keys returns the keys in file order.
func (r *Reader) Keys() []string { return r.m.Keys }

// Line returns the line of key, or of the mapping when key is absent.
func (r *Reader) Line(key string) int {
	if f, ok := r.m.Fields[key]; ok {
		return f.Line
	}
	return r.line
}

// Col returns the column of key, or 0 when key is absent.
func (r *Reader) Col(key string) int {
	if f, ok := r.m.Fields[key]; ok {
		return f.Col
	}
	return 0
}

// Errorf reports a problem with key (at its position, or the mapping's when absent).
func (r *Reader) Errorf(key, hint, format string, args ...any) {
	line, col := r.line, 0
	if f, ok := r.m.Fields[key]; ok {
		line, col = f.Line, f.Col
	}
	r.errs.Addf(r.path, line, col, hint, format, args...)
}

// ErrorAt reports a problem at the position of v (a list item, say).
func (r *Reader) ErrorAt(v *Value, hint, format string, args ...any) {
	r.errs.Addf(r.path, v.Line, v.Col, hint, format, args...)
}

func (r *Reader) name(key string) string { return r.pfx + key }

// CheckUnknown reports every key not in allowed, suggesting the closest allowed key.
func (r *Reader) CheckUnknown(allowed []string) {
	ok := make(map[string]bool, len(allowed))
	for _, a := range allowed {
		ok[a] = true
	}
	for _, k := range r.m.Keys {
		if !ok[k] {
			hint := diagnostic.SuggestOr(k, allowed, "allowed: "+strings.Join(allowed, ", "))
			r.Errorf(k, hint, "unknown field %q", r.name(k))
		}
	}
}

// get returns the value of key, reporting it when required and missing or null.
func (r *Reader) get(key string, required bool) *Value {
	f, ok := r.m.Fields[key]
	if !ok || f.Value.V == nil {
		if required {
			if ok {
				r.Errorf(key, "give it a value", "required field %q is empty", r.name(key))
			} else {
				r.Errorf(key, fmt.Sprintf("add a line %q", key+": ..."), "missing required field %q", r.name(key))
			}
		}
		return nil
	}
	return f.Value
}

// String reads a text field; numbers are accepted as their text (a phone number, say).
func (r *Reader) String(key string, required bool) string {
	v := r.get(key, required)
	if v == nil {
		return ""
	}
	s, ok := scalarText(v.V)
	if !ok {
		r.Errorf(key, "write it as text", "field %q must be text, found %s", r.name(key), describe(v.V))
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		r.Errorf(key, "give it a value", "required field %q is empty", r.name(key))
	}
	return s
}

func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return fmt.Sprint(x), true
	case float64:
		return fmt.Sprint(x), true
	}
	return "", false
}

// Int reads a whole number; ok is false when absent or invalid.
func (r *Reader) Int(key string, required bool) (n int64, ok bool) {
	v := r.get(key, required)
	if v == nil {
		return 0, false
	}
	switch x := v.V.(type) {
	case int64:
		return x, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), true
		}
	}
	r.Errorf(key, "write digits only, e.g. 2015", "field %q must be a whole number, found %s", r.name(key), describe(v.V))
	return 0, false
}

// Float reads a number.
func (r *Reader) Float(key string, required bool) (f float64, ok bool) {
	v := r.get(key, required)
	if v == nil {
		return 0, false
	}
	switch x := v.V.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	r.Errorf(key, "write a number, e.g. 33.6844", "field %q must be a number, found %s", r.name(key), describe(v.V))
	return 0, false
}

// Bool reads true or false.
func (r *Reader) Bool(key string) bool {
	v := r.get(key, false)
	if v == nil {
		return false
	}
	b, ok := v.V.(bool)
	if !ok {
		r.Errorf(key, "write true or false", "field %q must be true or false, found %s", r.name(key), describe(v.V))
	}
	return b
}

// Date reads a date (2025-03-14) or a date-time (RFC 3339).
func (r *Reader) Date(key string, required bool) (time.Time, bool) {
	v := r.get(key, required)
	if v == nil {
		return time.Time{}, false
	}
	switch x := v.V.(type) {
	case time.Time:
		return x, true
	case string:
		for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
			if t, err := time.Parse(layout, strings.TrimSpace(x)); err == nil {
				return t, true
			}
		}
	}
	r.Errorf(key, "write the date as YYYY-MM-DD, e.g. 2025-03-14", "field %q must be a date, found %s", r.name(key), describe(v.V))
	return time.Time{}, false
}

// Text is a string with the position it came from.
type Text struct {
	S   string
	Val *Value
}

// Strings reads a list of text items; a single text value counts as a one-item list.
func (r *Reader) Strings(key string, required bool) []Text {
	v := r.get(key, required)
	if v == nil {
		return nil
	}
	items, isList := v.V.([]*Value)
	if !isList {
		items = []*Value{v}
	}
	out := make([]Text, 0, len(items))
	for _, it := range items {
		s, ok := scalarText(it.V)
		if !ok {
			r.ErrorAt(it, "write each item as text", "field %q: each item must be text, found %s", r.name(key), describe(it.V))
			continue
		}
		if s = strings.TrimSpace(s); s == "" {
			r.ErrorAt(it, "remove the empty item", "field %q has an empty item", r.name(key))
			continue
		}
		out = append(out, Text{S: s, Val: it})
	}
	if required && len(out) == 0 && len(items) == 0 {
		r.Errorf(key, "list at least one", "required field %q is an empty list", r.name(key))
	}
	return out
}

// IsMap reports whether key holds a mapping (a field that may be text or a mapping, such as
// a name per language).
func (r *Reader) IsMap(key string) bool {
	f, ok := r.m.Fields[key]
	if !ok || f.Value == nil {
		return false
	}
	_, isMap := f.Value.V.(*Map)
	return isMap
}

// Map reads a nested mapping; nil when absent or not a mapping.
func (r *Reader) Map(key string, required bool) *Reader {
	v := r.get(key, required)
	if v == nil {
		return nil
	}
	m, ok := v.V.(*Map)
	if !ok {
		r.Errorf(key, "write it as nested key: value lines", "field %q must be a mapping, found %s", r.name(key), describe(v.V))
		return nil
	}
	return &Reader{path: r.path, errs: r.errs, m: m, line: r.Line(key), pfx: r.name(key) + "."}
}

// List reads a list of values of any shape (a list of mappings, say).
func (r *Reader) List(key string, required bool) []*Value {
	v := r.get(key, required)
	if v == nil {
		return nil
	}
	items, ok := v.V.([]*Value)
	if !ok {
		r.Errorf(key, "write one item per line starting with \"- \"", "field %q must be a list, found %s", r.name(key), describe(v.V))
		return nil
	}
	return items
}

// Items reads a list of values of any shape; a single value counts as a one-item list, as
// in Strings.
func (r *Reader) Items(key string, required bool) []*Value {
	v := r.get(key, required)
	if v == nil {
		return nil
	}
	if items, ok := v.V.([]*Value); ok {
		if required && len(items) == 0 {
			r.Errorf(key, "list at least one", "required field %q is an empty list", r.name(key))
		}
		return items
	}
	return []*Value{v}
}

// Value returns key's value as written, nil when absent: for errors about it.
func (r *Reader) Value(key string) *Value {
	if f, ok := r.m.Fields[key]; ok {
		return f.Value
	}
	return nil
}

// Scalar returns v as text when it is a plain value (text, number, date or true/false).
func Scalar(v *Value) (string, bool) { return scalarText(v.V) }

// Sub reads an item of a list as a mapping, named key[i] in messages.
func (r *Reader) Sub(key string, i int, v *Value) *Reader {
	nr := NewReader(r.path, v, v.Line, r.errs)
	nr.pfx = fmt.Sprintf("%s[%d].", r.name(key), i)
	return nr
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case string:
		if len(x) > 40 {
			x = x[:40] + "..."
		}
		return fmt.Sprintf("text %q", x)
	case int64, float64:
		return fmt.Sprintf("the number %v", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case time.Time:
		return "a date"
	case []*Value:
		return "a list"
	case *Map:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}
