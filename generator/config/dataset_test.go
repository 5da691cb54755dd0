package config

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pseb/sitegen/generator/diagnostic"
)

func TestLoadDatasets(t *testing.T) {
	fsys := fstest.MapFS{
		CitiesFile:                  {Data: []byte("- id: x\n")}, // reference data is not a dataset
		"content/data/exports.yaml": {Data: []byte("title: Exports\nx: Year\ny: US$\ntype: line\nnote: sample\npoints:\n  - {label: \"2023\", value: 1.5}\n  - {label: \"2024\", value: 2}\n")},
		"content/data/grads.csv":    {Data: []byte("\ufeffCity,Graduates\nLahore, \"1,200\"\nBannu,300\n")},
		"content/data/readme.txt":   {Data: []byte("ignored")},
	}
	var errs diagnostic.List
	sets := LoadDatasets(fsys, nil, &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	if len(sets) != 2 {
		t.Fatalf("datasets %v", sets)
	}
	e := sets["exports"]
	if e.Type != "line" || e.Title != "Exports" || e.Note != "sample" || len(e.Points) != 2 || e.Points[0].Value != 1.5 {
		t.Errorf("exports = %+v", e)
	}
	g := sets["grads"]
	if g.Type != "bar" || g.X != "City" || g.Y != "Graduates" || len(g.Points) != 2 || g.Points[0].Value != 1200 || g.Title != "" {
		t.Errorf("grads = %+v", g)
	}
}

func TestDatasetErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{"yaml missing fields", "a.yaml", "points:\n  - {label: a, value: 1}\n", []string{
			`content/data/a.yaml:1: missing required field "title"`, `missing required field "x"`, `missing required field "y"`}},
		{"yaml bad type", "a.yaml", "title: T\nx: X\ny: Y\ntype: pie\npoints:\n  - {label: a, value: 1}\n", []string{`a.yaml:4:1: chart type "pie" is not known (use bar or line)`}},
		{"yaml unknown key", "a.yaml", "title: T\nx: X\ny: Y\ncolour: red\npoints:\n  - {label: a, value: 1}\n", []string{`a.yaml:4:1: unknown field "colour"`}},
		{"yaml bad value", "a.yaml", "title: T\nx: X\ny: Y\npoints:\n  - {label: a, value: lots}\n  - {label: b, value: -3}\n  - {label: a, value: 2}\n", []string{
			`a.yaml:5:`, `a.yaml:6:`, `value -3 is negative`, `a.yaml:7:`, `label "a" is listed twice`}},
		{"yaml no points", "a.yaml", "title: T\nx: X\ny: Y\npoints: []\n", []string{`a.yaml:4: dataset has no points`}},
		{"line of one", "a.yaml", "title: T\nx: X\ny: Y\ntype: line\npoints:\n  - {label: a, value: 1}\n", []string{`a line chart needs at least two points`}},
		{"csv ragged", "b.csv", "A,B\nx,1\ny,2,3\n", []string{`b.csv:3:`, `wrong number of fields`}},
		{"csv not a number", "b.csv", "A,B\nx,ten\n", []string{`b.csv:2:3: value "ten" is not a number (write a plain number such as 2600 or 2600.5)`}},
		{"csv empty label", "b.csv", "A,B\n,1\n", []string{`b.csv:2:1: empty label`}},
		{"csv empty header", "b.csv", "A,\nx,1\n", []string{`b.csv:1:1: header row has an empty column name`}},
		{"csv header only", "b.csv", "A,B\n", []string{`b.csv:1: dataset has no points`}},
		{"bad name", "Bad Name.csv", "A,B\nx,1\n", []string{`dataset name "Bad Name" is not valid`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diagnostic.List
			LoadDatasets(fstest.MapFS{"content/data/" + tt.file: {Data: []byte(tt.data)}}, nil, &errs)
			var all []string
			for _, e := range errs.Errors() {
				all = append(all, e.Error())
			}
			got := strings.Join(all, "\n")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors\n%s\nwant %q", got, w)
				}
			}
		})
	}
}

func TestDatasetNamedTwice(t *testing.T) {
	var errs diagnostic.List
	LoadDatasets(fstest.MapFS{"content/data/a.csv": {Data: []byte("A,B\nx,1\n")}, "content/data/a.yaml": {Data: []byte("title: T\nx: X\ny: Y\npoints:\n  - {label: a, value: 1}\n")}}, nil, &errs)
	if errs.Len() != 1 || !strings.Contains(errs.Errors()[0].Error(), `dataset "a" is also defined by content/data/a.csv`) {
		t.Errorf("errors: %v", errs.Err())
	}
}

func TestDatasetTranslations(t *testing.T) {
	fsys := fstest.MapFS{
		"content/data/exports.yaml":    {Data: []byte("title: Exports\nx: Year\ny: US$\nnote: sample\npoints:\n  - {label: North, value: 1}\n  - {label: South, value: 2}\n")},
		"content/data/exports.zh.yaml": {Data: []byte("title: 出口\ny: 百万美元\nlabels: {North: 北, South: 南}\n")},
	}
	var errs diagnostic.List
	sets := LoadDatasets(fsys, []string{"zh", "ar"}, &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	d := sets["exports"]
	zh := d.In("zh")
	if zh.Title != "出口" || zh.Y != "百万美元" || zh.X != "Year" || zh.Note != "sample" || zh.Points[0].Label != "北" || zh.Points[1].Value != 2 {
		t.Errorf("zh %+v", zh)
	}
	if d.In("ar") != d || d.Points[0].Label != "North" || d.Title != "Exports" {
		t.Error("the default language's dataset changed, or ar (no translation) is not the dataset itself")
	}
}

func TestDatasetTranslationErrors(t *testing.T) {
	base := fstest.MapFS{"content/data/exports.yaml": {Data: []byte("title: E\nx: X\ny: Y\npoints:\n  - {label: North, value: 1}\n")}}
	tests := []struct{ file, data, want string }{
		{"exports.zh.yaml", "type: line\npoints: []\n", `content/data/exports.zh.yaml:1:1: field "type" cannot be translated`},
		{"exports.zh.yaml", "labels: {Nort: 北}\n", `content/data/exports.zh.yaml:1:10: content/data/exports.yaml has no label "Nort" (did you mean "North"?)`},
		{"exports.zh.yaml", "titel: x\n", `unknown field "titel" (did you mean "title"?)`},
		{"imports.zh.yaml", "title: x\n", `content/data/imports.zh.yaml: translation of dataset "imports", which does not exist`},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["content/data/"+tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
		var errs diagnostic.List
		LoadDatasets(fsys, []string{"zh"}, &errs)
		if !strings.Contains(errs.Error(), tt.want) {
			t.Errorf("%s:\n got %s\nwant %s", tt.file, errs.Error(), tt.want)
		}
	}
}

// Whatever a data file holds, reading it reports problems with positions; it never panics.
func FuzzLoadDatasets(f *testing.F) {
	f.Add("title: T\nx: X\ny: Y\npoints:\n  - {label: a, value: 1}\n", "A,B\nx,1\n", "labels: {a: b}\n")
	f.Add("points: 3", "\"unclosed\n", "type: line\n")
	f.Fuzz(func(t *testing.T, yaml, csv, translation string) {
		var errs diagnostic.List
		sets := LoadDatasets(fstest.MapFS{
			"content/data/y.yaml":    {Data: []byte(yaml)},
			"content/data/c.csv":     {Data: []byte(csv)},
			"content/data/y.zh.yaml": {Data: []byte(translation)},
		}, []string{"zh"}, &errs)
		for _, e := range errs.Errors() {
			if e.Path == "" || e.Msg == "" {
				t.Fatalf("error without a file or message: %+v", e)
			}
		}
		for name, d := range sets {
			if d.Name != name || len(d.In("zh").Points) != len(d.Points) {
				t.Fatalf("dataset %q: %+v", name, d)
			}
		}
	})
}

func TestIsDataset(t *testing.T) {
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"content/data/graduates.csv", true},
		{"content/data/exports.yaml", true},
		{"content/data/exports.zh.yaml", true},
		{"content/data/cities.yaml", false}, // reference data
		{"content/data/services.yaml", false},
		{"content/data/certifications.yaml", false},
		{"content/data/.exports.yaml.swp", false},
		{"content/data/notes.md", false},
		{"content/data/old/exports.yaml", false}, // LoadDatasets reads the folder itself only
		{"content/data", false},
		{"content/companies/acme.csv", false},
	} {
		if got := IsDataset(tc.path); got != tc.want {
			t.Errorf("IsDataset(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestDatasetName(t *testing.T) {
	for _, tt := range []struct{ path, name, code string }{
		{"content/data/it-exports.yaml", "it-exports", ""},
		{"content/data/it-exports.zh.yaml", "it-exports", "zh"},
		{"content/data/it-graduates.csv", "it-graduates", ""},
		{"content/data/it-exports.fr.yaml", "it-exports.fr", ""}, // fr is not one of the site's
		{"content/data/grads.zh.csv", "grads.zh", ""},            // translations are YAML
	} {
		if name, code := DatasetName(tt.path, []string{"zh", "ar"}); name != tt.name || code != tt.code {
			t.Errorf("DatasetName(%s) = %q, %q; want %q, %q", tt.path, name, code, tt.name, tt.code)
		}
	}
}
