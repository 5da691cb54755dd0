package meta

import (
	"bytes"
	"encoding/gob"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
)

// Positions must be file positions: lineOffset lines come before the front matter.
func TestPositions(t *testing.T) {
	tests := []struct {
		name                 string
		parse                func([]byte, int) (*Value, error)
		src                  string
		titleLine, servsLine int
	}{
		{"yaml", ParseYAML, "title: T\n\nservices:\n  - a\n  - b\n", 2, 4},
		{"toml", ParseTOML, "title = \"T\"\n\nservices = [\"a\", \"b\"]\n", 2, 4},
		{"json", ParseJSON, "{\n\"title\": \"T\",\n\n\"services\": [\"a\", \"b\"]\n}\n", 3, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.parse([]byte(tt.src), 1)
			if err != nil {
				t.Fatal(err)
			}
			m := v.V.(*Map)
			if strings.Join(m.Keys, ",") != "title,services" {
				t.Fatalf("keys %v", m.Keys)
			}
			title := m.Fields["title"]
			if title.Value.V != "T" || title.Line != tt.titleLine {
				t.Errorf("title %v at line %d, want T at %d", title.Value.V, title.Line, tt.titleLine)
			}
			if svc := m.Fields["services"]; svc.Line != tt.servsLine {
				t.Errorf("services at line %d, want %d", svc.Line, tt.servsLine)
			}
		})
	}
}

func TestYAMLScalarTypes(t *testing.T) {
	v, err := ParseYAML([]byte("i: 12\nf: 1.5\nb: true\nn: null\nd: 2025-03-14\ns: \"12\"\nyes: yes\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := v.V.(*Map)
	want := map[string]any{"i": int64(12), "f": 1.5, "b": true, "n": nil, "s": "12", "yes": "yes",
		"d": time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)}
	for k, w := range want {
		if got := m.Fields[k].Value.V; got != w {
			t.Errorf("%s = %#v, want %#v", k, got, w)
		}
	}
}

func TestSyntaxErrorsHaveFileLines(t *testing.T) {
	tests := []struct {
		name  string
		parse func([]byte, int) (*Value, error)
		src   string
		line  int
	}{
		{"yaml", ParseYAML, "a: 1\nb: c: d\n", 12},
		{"toml", ParseTOML, "a = 1\nb = \n", 12},
		{"json", ParseJSON, "{\"a\": 1,\n\"b\": }\n", 12},
	}
	for _, tt := range tests {
		_, err := tt.parse([]byte(tt.src), 10)
		var se *SyntaxError
		if !errors.As(err, &se) || se.Line != tt.line {
			t.Errorf("%s: %v, want a syntax error at line %d", tt.name, err, tt.line)
		}
	}
}

func TestReaderReportsEveryProblem(t *testing.T) {
	v, err := ParseYAML([]byte("name: 12\ncount: ten\nflag: maybe\nwhen: soon\nlist: {a: 1}\nextra: 1\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	var errs diagnostic.List
	r := NewReader("f.yaml", v, 1, &errs)
	r.CheckUnknown([]string{"name", "count", "flag", "when", "list", "missing"})
	if got := r.String("name", true); got != "12" {
		t.Errorf("a number is accepted as text: %q", got)
	}
	r.Int("count", true)
	r.Bool("flag")
	r.Date("when", false)
	r.List("list", false)
	r.String("missing", true)
	want := `f.yaml:1: missing required field "missing" (add a line "missing: ...")
f.yaml:2:1: field "count" must be a whole number, found text "ten" (write digits only, e.g. 2015)
f.yaml:3:1: field "flag" must be true or false, found text "maybe" (write true or false)
f.yaml:4:1: field "when" must be a date, found text "soon" (write the date as YYYY-MM-DD, e.g. 2025-03-14)
f.yaml:5:1: field "list" must be a list, found a mapping (write one item per line starting with "- ")
f.yaml:6:1: unknown field "extra" (allowed: name, count, flag, when, list, missing)`
	if got := errs.Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestCleanText(t *testing.T) {
	var errs diagnostic.List
	got, ok := CleanText("f", []byte("\xef\xbb\xbfa\r\nb\r\n"), &errs)
	if !ok || string(got) != "a\nb\n" {
		t.Errorf("got %q %v", got, ok)
	}
	if _, ok := CleanText("f", []byte("ok\nline two \xc3\x28"), &errs); ok {
		t.Error("invalid UTF-8 accepted")
	}
	if got := errs.Error(); got != "f:2:10: file is not valid UTF-8 text (save the file as UTF-8 in your editor)" {
		t.Errorf("got %q", got)
	}
}

// A Value survives encoding/gob as it is, every kind V may hold included.
func TestValueThroughGob(t *testing.T) {
	src := "---\nname: \"Acme\"\nfounded: 2004\nscore: 4.5\nfeatured: true\nnothing:\ndate: 2024-03-01T10:00:00+05:00\nday: 2024-03-01\nservices: [a, b]\nnested:\n  key: value\n---\nBody.\n"
	fm, _, _, err := SplitFrontMatter([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fm); err != nil {
		t.Fatal(err)
	}
	var got *Value
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, fm) {
		t.Fatalf("through gob:\n%#v\nwant\n%#v", got, fm)
	}
	for _, key := range []string{"date", "day"} {
		want := fm.V.(*Map).Fields[key].Value.V.(time.Time)
		if g := got.V.(*Map).Fields[key].Value.V.(time.Time); g.String() != want.String() {
			t.Errorf("%s: %s, want %s", key, g, want)
		}
	}
}
