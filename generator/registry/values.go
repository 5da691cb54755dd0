package registry

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
)

// resolver turns a row's cells into field values: ids found by id or by the name the data
// gives them (a registry writes "Lahore", a profile lahore), lists split, numbers parsed.
type resolver struct {
	data    *config.Data
	cols    map[string]int
	table   *Table
	mapping *Mapping

	cities, services, certifications, parkIndex *index
}

func newResolver(data *config.Data, parks []park, cols map[string]int, t *Table, m *Mapping) *resolver {
	var slugs []string
	names := map[string]string{}
	for _, p := range parks {
		slugs = append(slugs, p.slug)
		names[p.slug] = p.name
	}
	return &resolver{data: data, cols: cols, table: t, mapping: m,
		cities:         newIndex(data.CityIDs(), func(id string) string { return data.City(id).Name }),
		services:       newIndex(data.ServiceIDs(), func(id string) string { return data.Service(id).Label }),
		certifications: newIndex(data.CertificationIDs(), func(id string) string { return data.Certification(id).Label }),
		parkIndex:      newIndex(slugs, func(s string) string { return names[s] }),
	}
}

// values are one row's fields: their text, and the node each writes (nil: the cell is empty
// and the field is removed).
type values struct {
	raw   map[string]string
	nodes map[string]*yaml.Node
	cols  map[string]int
}

func (v *values) text(field string) string { return v.raw[field] }

func (r *resolver) errAt(row int, field, msg, hint string) *diagnostic.Error {
	col, ok := r.cols[field]
	if !ok {
		col = r.cols["name"]
	}
	head := ""
	if col < len(r.table.Header) {
		head = fmt.Sprintf("column %q: ", strings.TrimSpace(r.table.Header[col]))
	}
	return &diagnostic.Error{Path: r.table.Path, Line: row, Col: col + 1, Msg: head + msg, Hint: hint}
}

var (
	isoDate  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	yearLike = regexp.MustCompile(`^\d{4}(\.0+)?$`)
)

// row reads one row; its problems are all reported, each at its column.
func (r *resolver) row(row int, cells []string) (*values, []*diagnostic.Error) {
	v := &values{raw: map[string]string{}, nodes: map[string]*yaml.Node{}, cols: r.cols}
	var probs []*diagnostic.Error
	bad := func(field, msg, hint string) { probs = append(probs, r.errAt(row, field, msg, hint)) }
	for _, field := range Fields {
		col, ok := r.cols[field]
		if !ok {
			continue
		}
		cell := ""
		if col < len(cells) {
			cell = strings.TrimSpace(cells[col])
		}
		v.raw[field] = cell
		if cell == "" {
			switch field {
			case "name", "city", "services":
				bad(field, "empty", "every company needs its "+field)
			}
			continue
		}
		switch field {
		case "name", "website", "email", "phone", "summary", "registration.number":
			v.nodes[field] = str(cell)
		case "slug":
			if !config.ValidSlug(cell) {
				bad(field, fmt.Sprintf("%q is not a slug", cell), config.SlugHint)
			}
		case "city":
			id, hint := r.cities.lookup(cell)
			if id == "" {
				bad(field, fmt.Sprintf("%q is not a city of %s", cell, config.CitiesFile), hint)
				continue
			}
			v.nodes[field] = str(id)
		case "park":
			id, hint := r.parkIndex.lookup(cell)
			if id == "" {
				bad(field, fmt.Sprintf("%q is not a park of content/parks/", cell), hint)
				continue
			}
			v.nodes[field] = str(id)
		case "services", "certifications":
			ix, file := r.services, config.ServicesFile
			if field == "certifications" {
				ix, file = r.certifications, config.CertificationsFile
			}
			var got []string
			for _, item := range r.split(cell) {
				id, hint := ix.lookup(item)
				if id == "" {
					bad(field, fmt.Sprintf("%q is not in %s", item, file), hint)
					continue
				}
				if !slices.Contains(got, id) {
					got = append(got, id)
				}
			}
			v.nodes[field] = flow(got)
		case "export_markets":
			var codes []string
			for _, item := range r.split(cell) {
				codes = append(codes, strings.ToUpper(item))
			}
			v.nodes[field] = flow(codes)
		case "technologies", "clients":
			v.nodes[field] = flow(r.split(cell))
		case "founded":
			if !yearLike.MatchString(cell) {
				bad(field, fmt.Sprintf("%q is not a year", cell), "write the year the company was founded, e.g. 2012")
				continue
			}
			v.nodes[field] = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: cell[:4]}
		case "employees":
			v.nodes[field] = str(strings.Join(strings.Fields(cell), ""))
		case "registration.checked":
			if !isoDate.MatchString(cell) {
				bad(field, fmt.Sprintf("%q is not a date written YYYY-MM-DD", cell), "format the column as text YYYY-MM-DD (e.g. 2026-03-31) before exporting")
				continue
			}
			v.nodes[field] = &yaml.Node{Kind: yaml.ScalarNode, Value: cell}
		}
	}
	if _, ok := r.cols["registration.checked"]; ok && v.raw["registration.checked"] != "" && v.raw["registration.number"] == "" {
		bad("registration.checked", "a date without a registration number", "give the number in its column, or leave both empty")
	}
	return v, probs
}

// index finds ids by what a cell may say: the id itself, or the name or label the data
// gives it, case and runs of spaces aside. Built once per kind of id.
type index struct {
	ids, names []string
	byText     map[string]string
}

func normText(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func newIndex(ids []string, name func(string) string) *index {
	ix := &index{ids: ids, byText: map[string]string{}}
	for _, id := range ids {
		n := name(id)
		ix.names = append(ix.names, n)
		ix.byText[normText(n)] = id
	}
	for _, id := range ids { // an id wins over another's name
		ix.byText[normText(id)] = id
	}
	return ix
}

// lookup returns the id a cell means, or "" and a suggestion of the nearest.
func (ix *index) lookup(cell string) (id, hint string) {
	if id, ok := ix.byText[normText(cell)]; ok {
		return id, ""
	}
	if h := diagnostic.Suggest(cell, ix.names); h != "" {
		return "", h
	}
	return "", diagnostic.Suggest(cell, ix.ids)
}

func (r *resolver) split(cell string) []string {
	var out []string
	for _, item := range strings.Split(cell, r.mapping.separator(cell)) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func (r *resolver) cityName(v *values) string {
	if n := v.nodes["city"]; n != nil {
		if c := r.data.City(n.Value); c != nil {
			return c.Name
		}
	}
	return ""
}

func (r *resolver) serviceLabels(v *values) []string {
	var labels []string
	if n := v.nodes["services"]; n != nil {
		for _, s := range n.Content {
			if sv := r.data.Service(s.Value); sv != nil {
				labels = append(labels, sv.Label)
			}
		}
	}
	return labels
}

func flow(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, it := range items {
		n.Content = append(n.Content, str(it))
	}
	return n
}

// apply sets the fields the export owns in a profile's front matter and returns those
// whose values changed. An empty cell removes an optional field; an empty summary keeps the
// profile's own. A new profile's registration is checked today unless the export says when.
func (v *values) apply(doc *yaml.Node, now time.Time) []string {
	var changed []string
	for _, field := range Fields {
		if _, owned := v.cols[field]; !owned {
			continue
		}
		switch field {
		case "slug", "registration.number", "registration.checked":
			continue
		case "summary":
			if v.raw[field] == "" {
				continue
			}
		}
		n := v.nodes[field]
		if old := valueOf(doc, field); !same(old, n) {
			setKey(doc, field, n)
			changed = append(changed, field)
		}
	}
	if _, owned := v.cols["registration.number"]; owned {
		old := valueOf(doc, "registration")
		var n *yaml.Node
		if num := v.raw["registration.number"]; num != "" {
			checked := v.nodes["registration.checked"]
			if checked == nil && old != nil {
				if c := valueOf(old, "checked"); c != nil {
					checked = &yaml.Node{Kind: yaml.ScalarNode, Tag: c.Tag, Value: c.Value, Style: c.Style}
				}
			}
			if checked == nil {
				checked = &yaml.Node{Kind: yaml.ScalarNode, Value: now.Format(time.DateOnly)}
			}
			n = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			setKey(n, "number", str(num))
			setKey(n, "checked", checked)
		}
		if !same(old, n) {
			setKey(doc, "registration", n)
			changed = append(changed, "registration")
		}
	}
	return changed
}
