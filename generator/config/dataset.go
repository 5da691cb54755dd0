package config

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
	"github.com/pseb/sitegen/generator/sitefs"
)

// DataDir holds the reference data and the datasets that charts are drawn from.
const DataDir = "content/data"

// ChartTypes are the kinds of chart a dataset can be drawn as.
var ChartTypes = []string{"bar", "line"}

// Dataset is a series of labelled numbers for a chart: content/data/<name>.yaml (with a
// title, axis names and a note on its source) or content/data/<name>.csv (a header row
// naming the two columns, then label,value rows; the chart shortcode gives the title).
type Dataset struct {
	Name   string // file name without extension: the chart shortcode's data=
	Source string // the file, for messages
	Title  string
	Desc   string
	Note   string // where the numbers come from; "sample data" must say so
	Type   string // "bar" or "line"
	X, Y   string // what the labels are and what the values measure
	Points []Point
	// Translations are the dataset's text in other languages, by code, from
	// <name>.<code>.yaml beside it.
	Translations map[string]*DatasetText
}

// DatasetText is a dataset's text in another language; empty fields keep the default's.
type DatasetText struct {
	Source            string
	Title, Desc, Note string
	X, Y              string
	Labels            map[string]string // a point's label -> its translation
}

// In returns the dataset with its text in the language code (itself when it has none).
func (d *Dataset) In(code string) *Dataset {
	t := d.Translations[code]
	if t == nil {
		return d
	}
	out := *d
	for _, f := range []struct {
		dst *string
		src string
	}{{&out.Title, t.Title}, {&out.Desc, t.Desc}, {&out.Note, t.Note}, {&out.X, t.X}, {&out.Y, t.Y}} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	out.Points = make([]Point, len(d.Points))
	for i, p := range d.Points {
		out.Points[i] = p
		if l := t.Labels[p.Label]; l != "" {
			out.Points[i].Label = l
		}
	}
	return &out
}

// Point is one labelled value of a dataset.
type Point struct {
	Label string
	Value float64
}

// referenceFiles are the data files that are not datasets.
var referenceFiles = []string{CitiesFile, ServicesFile, CertificationsFile, PlanFile}

// IsDataset reports whether the file p (slash-separated, below the site root) is read by
// LoadDatasets: a .yaml or .csv file directly in content/data other than the reference
// data and its translations.
func IsDataset(p string) bool {
	dir, name := path.Split(p)
	ext := path.Ext(name)
	if _, _, isRef := ReferenceTranslation(p); isRef {
		return false
	}
	return dir == DataDir+"/" && !sitefs.IsJunk(name) && !slices.Contains(referenceFiles, p) && (ext == ".yaml" || ext == ".csv")
}

// DatasetName is the name of the dataset a file of content/data holds or translates, and the
// language it translates it into ("" for the dataset itself): it-exports.yaml and
// it-exports.zh.yaml (zh one of langs) are both it-exports.
func DatasetName(p string, langs []string) (name, code string) {
	ext := path.Ext(p)
	name = strings.TrimSuffix(path.Base(p), ext)
	if i := strings.LastIndexByte(name, '.'); i > 0 && ext == ".yaml" && slices.Contains(langs, name[i+1:]) {
		return name[:i], name[i+1:]
	}
	return name, ""
}

// MaxPoints bounds a dataset: a chart with more would be unreadable.
const MaxPoints = 60

// LoadDatasets reads every .yaml and .csv file of content/data other than the reference
// data, by name; <name>.<code>.yaml, for code one of langs (the site's other languages),
// translates the dataset <name>.
func LoadDatasets(fsys fs.FS, langs []string, errs *diagnostic.List) map[string]*Dataset {
	sets := map[string]*Dataset{}
	ents, err := fs.ReadDir(fsys, DataDir)
	if err != nil {
		return sets
	}
	type translation struct{ name, code, path string }
	var translations []translation
	for _, e := range ents {
		p := DataDir + "/" + e.Name()
		if e.IsDir() || !IsDataset(p) {
			continue
		}
		name, code := DatasetName(p, langs)
		if code != "" {
			translations = append(translations, translation{name, code, p})
			continue
		}
		if !ValidSlug(name) {
			errs.Addf(p, 0, 0, SlugHint+", and rename the file", "dataset name %q is not valid", name)
			continue
		}
		if other, dup := sets[name]; dup {
			errs.Addf(p, 0, 0, "keep one of them", "dataset %q is also defined by %s", name, other.Source)
			continue
		}
		var d *Dataset
		if path.Ext(p) == ".csv" {
			d = readCSVDataset(fsys, p, errs)
		} else {
			d = readYAMLDataset(fsys, p, errs)
		}
		if d != nil {
			d.Name = name
			sets[name] = d
		}
	}
	for _, t := range translations {
		d := sets[t.name]
		if d == nil {
			errs.Addf(t.path, 0, 0, "name it after the dataset it translates, e.g. it-exports.zh.yaml beside it-exports.yaml",
				"translation of dataset %q, which does not exist", t.name)
			continue
		}
		if text := readDatasetText(fsys, t.path, d, errs); text != nil {
			if d.Translations == nil {
				d.Translations = map[string]*DatasetText{}
			}
			d.Translations[t.code] = text
		}
	}
	return sets
}

// readDatasetText reads a dataset's translation: text fields only.
func readDatasetText(fsys fs.FS, p string, d *Dataset, errs *diagnostic.List) *DatasetText {
	r := readYAML(fsys, p, errs)
	if r == nil {
		return nil
	}
	for _, k := range r.Keys() {
		if k == "type" || k == "points" {
			r.Errorf(k, "remove it: "+d.Source+" sets it for every language; a translation gives title, description, note, x, y and labels", "field %q cannot be translated", k)
		}
	}
	r.CheckUnknown([]string{"title", "description", "note", "x", "y", "labels", "type", "points"})
	t := &DatasetText{Source: p, Title: r.String("title", false), Desc: r.String("description", false),
		Note: r.String("note", false), X: r.String("x", false), Y: r.String("y", false), Labels: map[string]string{}}
	if lr := r.Map("labels", false); lr != nil {
		var labels []string
		for _, pt := range d.Points {
			labels = append(labels, pt.Label)
		}
		for _, k := range lr.Keys() {
			if !slices.Contains(labels, k) {
				hint := diagnostic.SuggestOr(k, labels, "the labels are "+strings.Join(labels, ", "))
				lr.Errorf(k, hint, "%s has no label %q", d.Source, k)
				continue
			}
			t.Labels[k] = lr.String(k, true)
		}
	}
	return t
}

func readYAMLDataset(fsys fs.FS, p string, errs *diagnostic.List) *Dataset {
	r := readYAML(fsys, p, errs)
	if r == nil {
		return nil
	}
	r.CheckUnknown([]string{"title", "description", "note", "type", "x", "y", "points"})
	d := &Dataset{Source: p, Title: r.String("title", true), Desc: r.String("description", false),
		Note: r.String("note", false), X: r.String("x", true), Y: r.String("y", true), Type: "bar"}
	if r.Has("type") {
		d.Type = r.String("type", false)
		if !slices.Contains(ChartTypes, d.Type) {
			r.Errorf("type", "use bar or line", "chart type %q is not known", d.Type)
		}
	}
	items := r.List("points", true)
	seen := map[string]bool{}
	for i, it := range items {
		pr := r.Sub("points", i, it)
		pr.CheckUnknown([]string{"label", "value"})
		label := pr.String("label", true)
		v, ok := pr.Float("value", true)
		if seen[label] && label != "" {
			pr.Errorf("label", "each label once", "label %q is listed twice", label)
			continue
		}
		seen[label] = true
		if label == "" || !ok {
			continue
		}
		if err := checkValue(v); err != "" {
			pr.Errorf("value", "charts start at zero; give a positive number", "%s", err)
			continue
		}
		d.Points = append(d.Points, Point{Label: label, Value: v})
	}
	checkPoints(d, errs, r.Line("points"))
	return d
}

func checkValue(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "value is not a number"
	case v < 0:
		return "value " + strconv.FormatFloat(v, 'g', -1, 64) + " is negative"
	}
	return ""
}

func checkPoints(d *Dataset, errs *diagnostic.List, line int) {
	switch {
	case len(d.Points) == 0:
		errs.Addf(d.Source, line, 0, "add label/value pairs", "dataset has no points")
	case d.Type == "line" && len(d.Points) < 2:
		errs.Addf(d.Source, line, 0, "add another point, or use type: bar", "a line chart needs at least two points")
	case len(d.Points) > MaxPoints:
		errs.Addf(d.Source, line, 0, "split it or aggregate the values", "dataset has %d points, the limit is %d", len(d.Points), MaxPoints)
	}
}

func readCSVDataset(fsys fs.FS, p string, errs *diagnostic.List) *Dataset {
	raw, err := fs.ReadFile(fsys, p)
	if err != nil {
		errs.Addf(p, 0, 0, "", "cannot read: %v", err)
		return nil
	}
	data, ok := meta.CleanText(p, raw, errs)
	if !ok {
		return nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = 2
	cr.TrimLeadingSpace = true
	d := &Dataset{Source: p, Type: "bar"}
	seen := map[string]bool{}
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs.Addf(p, pe.Line, pe.Column, "write two columns: label,value", "%v", pe.Err)
			} else {
				errs.Addf(p, 0, 0, "", "%v", err)
			}
			return nil
		}
		line, _ := cr.FieldPos(0)
		if row == 0 {
			d.X, d.Y = strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
			if d.X == "" || d.Y == "" {
				errs.Addf(p, line, 1, "the first row names the columns, e.g. Year,US$ million", "header row has an empty column name")
			}
			continue
		}
		label := strings.TrimSpace(rec[0])
		v, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(rec[1]), ",", ""), 64)
		_, col := cr.FieldPos(1)
		switch {
		case label == "":
			errs.Addf(p, line, 1, "give every row a label", "empty label")
		case err != nil:
			errs.Addf(p, line, col, "write a plain number such as 2600 or 2600.5", "value %q is not a number", rec[1])
		case seen[label]:
			errs.Addf(p, line, 1, "each label once", "label %q is listed twice", label)
		case checkValue(v) != "":
			errs.Addf(p, line, col, "charts start at zero; give a positive number", "%s", checkValue(v))
		default:
			seen[label] = true
			d.Points = append(d.Points, Point{Label: label, Value: v})
		}
	}
	checkPoints(d, errs, 1)
	return d
}
