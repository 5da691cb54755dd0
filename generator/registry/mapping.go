package registry

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/pseb/sitegen/generator/diagnostic"
)

// Fields are the profile fields an import can own, in the order a new profile lists them.
// registration.number and registration.checked are the two halves of `registration:`; slug
// only names the file.
var Fields = []string{
	"name", "slug", "city", "park", "services", "certifications", "founded", "employees",
	"export_markets", "website", "email", "phone", "summary", "registration.number",
	"registration.checked", "technologies", "clients",
}

// listFields hold several values in one cell.
var listFields = []string{"services", "certifications", "export_markets", "technologies", "clients"}

// Mapping says which column of the export holds which field (by header text), and how a
// cell separates the values of a list. Without a mapping file the header must name the
// fields themselves (case, spaces and underscores aside: "Export markets" is export_markets).
type Mapping struct {
	Columns       map[string]string `yaml:"columns"`
	ListSeparator string            `yaml:"list_separator"`
}

// LoadMapping reads a mapping file:
//
//	columns:
//	  name: Company Name
//	  city: City
//	  registration.number: PSEB Reg. No.
//	list_separator: ";"
func LoadMapping(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Mapping
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w (want columns: {field: header} and list_separator:)", path, err)
	}
	for field := range m.Columns {
		if !slices.Contains(Fields, field) {
			return nil, fmt.Errorf("%s: columns: unknown field %q%s; the import fills %s", path, field, hintOf(diagnostic.Suggest(field, Fields)), strings.Join(Fields, ", "))
		}
	}
	return &m, nil
}

func hintOf(h string) string {
	if h == "" {
		return ""
	}
	return " (" + h + ")"
}

// normHeader makes header text comparable: lower case, runs of spaces, hyphens and
// underscores as one underscore.
func normHeader(s string) string {
	f := strings.FieldsFunc(strings.ToLower(strings.TrimSpace(s)), func(r rune) bool { return r == ' ' || r == '_' || r == '-' || r == '.' })
	return strings.Join(f, "_")
}

// columns finds each mapped field's column in the header: field → index.
func (m *Mapping) columns(t *Table) (map[string]int, error) {
	cols := map[string]int{}
	var problems []string
	if m == nil || len(m.Columns) == 0 {
		known := map[string]string{}
		for _, f := range Fields {
			known[normHeader(f)] = f
		}
		for i, h := range t.Header {
			n := normHeader(h)
			f, ok := known[n]
			if !ok {
				// A column close to a field's name is a misspelt header, whose values would
				// be lost; any other (an address, a fax number) is not imported.
				if hint := diagnostic.Suggest(n, headerNames()); hint != "" {
					problems = append(problems, fmt.Sprintf("%s:1:%d: column %q is not a field (%s)", t.Path, i+1, h, hint))
				} else if n != "" {
					t.Ignored = append(t.Ignored, h)
				}
				continue
			}
			if _, dup := cols[f]; dup {
				problems = append(problems, fmt.Sprintf("%s:1:%d: a second column for %s", t.Path, i+1, f))
				continue
			}
			cols[f] = i
		}
		if len(problems) > 0 {
			problems = append(problems, "name the columns as the fields ("+strings.Join(headerNames(), ", ")+") or give a mapping file with --map")
		}
	} else {
		for field, header := range m.Columns {
			i := slices.IndexFunc(t.Header, func(h string) bool { return normHeader(h) == normHeader(header) })
			if i < 0 {
				var heads []string
				for _, h := range t.Header {
					heads = append(heads, h)
				}
				problems = append(problems, fmt.Sprintf("%s:1: no column %q for %s%s", t.Path, header, field, hintOf(diagnostic.Suggest(header, heads))))
				continue
			}
			cols[field] = i
		}
	}
	for _, need := range []string{"name"} {
		if _, ok := cols[need]; !ok && len(problems) == 0 {
			problems = append(problems, fmt.Sprintf("%s:1: no column for %s: every row needs one", t.Path, need))
		}
	}
	if len(problems) > 0 {
		return nil, &TableError{Lines: problems}
	}
	return cols, nil
}

// headerNames are the fields as a header names them: registration_number for
// registration.number.
func headerNames() []string {
	var names []string
	for _, f := range Fields {
		names = append(names, strings.ReplaceAll(f, ".", "_"))
	}
	return names
}

// TableError is an export that cannot be read as a whole (its header): nothing is imported.
type TableError struct{ Lines []string }

func (e *TableError) Error() string { return strings.Join(e.Lines, "\n") }

// separator is the list separator: the mapping's, or ";" when the cell has one, else ",".
func (m *Mapping) separator(cell string) string {
	if m != nil && m.ListSeparator != "" {
		return m.ListSeparator
	}
	if strings.Contains(cell, ";") {
		return ";"
	}
	return ","
}
