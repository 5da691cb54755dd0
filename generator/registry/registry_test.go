package registry

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/pseb/sitegen/generator/scaffold"
	"github.com/pseb/sitegen/generator/site"
)

var today = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// newSite is a site made by sitegen new site: settings, data, one company, one park.
func newSite(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "s")
	if _, err := scaffold.NewSite(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func prepare(t *testing.T, dir, export string, m *Mapping) *Plan {
	t.Helper()
	p, err := Prepare(context.Background(), Options{Source: dir, Export: export, Mapping: m, Now: today})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func paths(changes []*Change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, c.Path)
	}
	return out
}

func read(t *testing.T, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var header = []string{"Name", "City", "Services", "Registration number", "Founded", "Employees", "Export markets", "Website", "Email"}

func TestImportIsIdempotentAndKeepsWhatEditorsWrote(t *testing.T) {
	dir := newSite(t)
	export := filepath.Join(t.TempDir(), "registry.csv")
	rows := [][]string{header,
		{"Acme Soft", "Lahore", "AI and Machine Learning; fintech", "PSEB/IT/2020/0001", "2015", "11-50", "us; de", "https://acme.example.com", "hello@acme.example.com"},
		{"Beta Labs (Pvt.) Ltd.", "karachi", "Web Development", "PSEB/IT/2021/0002", "2019", "1-10", "", "", ""},
		{"Gamma Systems", "Lahor", "Cybersecurity; Quantum Stuff", "PSEB/IT/2021/0003", "20x9", "", "", "", ""},
		{"", "", "", "", "", "", "", "", ""}, // a blank row is no company
		{"Delta Data", "Quetta", "Data and Analytics", "PSEB/IT/2022/0004", "2022", "51-200", "GB", "ftp://delta.example.com", ""},
	}
	writeCSV(t, export, rows)
	p := prepare(t, dir, export, nil)
	if got := paths(p.Created); !slices.Equal(got, []string{"content/companies/acme-soft.md", "content/companies/beta-labs-pvt-ltd.md"}) {
		t.Errorf("created %v", got)
	}
	var invalid []string
	for _, e := range p.Invalid {
		invalid = append(invalid, e.Error())
	}
	for _, want := range []string{
		`registry.csv:4:2: column "City": "Lahor" is not a city of content/data/cities.yaml (did you mean "Lahore"?)`,
		`registry.csv:4:3: column "Services": "Quantum Stuff" is not in content/data/services.yaml`,
		`registry.csv:4:5: column "Founded": "20x9" is not a year`,
		`registry.csv:6:8: column "Website": website "ftp://delta.example.com" is not`,
	} {
		if !slices.ContainsFunc(invalid, func(s string) bool {
			return strings.HasPrefix(s, filepath.Dir(export)+"/"+want) || strings.Contains(s, want)
		}) {
			t.Errorf("no problem %q in\n%s", want, strings.Join(invalid, "\n"))
		}
	}
	// The sample company of the new site is not in the export: listed, kept.
	if !slices.Equal(p.Missing, nil) && len(p.Missing) != 0 {
		t.Errorf("keyed by registration number, a profile without one is not missing: %v", p.Missing)
	}
	if err := p.Apply(false); err != nil {
		t.Fatal(err)
	}
	acme := read(t, dir, "content/companies/acme-soft.md")
	for _, want := range []string{"name: Acme Soft", "city: lahore", "services: [ai-ml, fintech]", "export_markets: [US, DE]", "number: PSEB/IT/2020/0001", "checked: 2026-12-07", "founded: 2015", `summary: 'Acme Soft, a software company in Lahore: AI and Machine Learning, Fintech.'`} {
		if !strings.Contains(acme, want) {
			t.Errorf("acme-soft.md lacks %q:\n%s", want, acme)
		}
	}
	// The site builds with what was imported.
	if _, err := site.Build(context.Background(), site.Options{Source: dir, Dest: filepath.Join(t.TempDir(), "out"), Now: today}); err != nil {
		t.Fatalf("the site does not build after the import: %v", err)
	}

	// An editor writes a body and a field the export does not own; the same export again
	// changes nothing, on another day too.
	edited := strings.Replace(acme, "---\n\n", "---\n\nAcme Soft builds risk models for lenders. Written by an editor.\n", 1)
	edited = strings.Replace(edited, "name: Acme Soft\n", "name: Acme Soft\ntechnologies: [Go, React]\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "content/companies/acme-soft.md"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	p2, err := Prepare(context.Background(), Options{Source: dir, Export: export, Now: today.AddDate(0, 1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(p2.Created)+len(p2.Updated) != 0 || len(p2.Unchanged) != 2 {
		t.Errorf("second import: created %v, updated %v, %d unchanged", paths(p2.Created), paths(p2.Updated), len(p2.Unchanged))
	}

	// A changed row rewrites only its owned fields; the editor's body and field stay.
	rows[1][1], rows[1][5] = "Islamabad", "51-200"
	writeCSV(t, export, rows)
	p3 := prepare(t, dir, export, nil)
	if len(p3.Updated) != 1 || !slices.Equal(p3.Updated[0].Fields, []string{"city", "employees"}) {
		t.Fatalf("updated %v", p3.Updated)
	}
	if err := p3.Apply(false); err != nil {
		t.Fatal(err)
	}
	after := read(t, dir, "content/companies/acme-soft.md")
	for _, want := range []string{"city: islamabad", "employees: 51-200", "technologies: [Go, React]", "Written by an editor.", "checked: 2026-12-07"} {
		if !strings.Contains(after, want) {
			t.Errorf("after the update acme-soft.md lacks %q:\n%s", want, after)
		}
	}

	// A company no longer in the export is listed, and removed only with prune.
	writeCSV(t, export, rows[:2])
	p4 := prepare(t, dir, export, nil)
	if !slices.Equal(p4.Missing, []string{"content/companies/beta-labs-pvt-ltd.md"}) {
		t.Errorf("missing %v", p4.Missing)
	}
	if err := p4.Apply(false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/companies/beta-labs-pvt-ltd.md")); err != nil {
		t.Error("a missing profile was removed without prune")
	}
	if err := p4.Apply(true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/companies/beta-labs-pvt-ltd.md")); err == nil {
		t.Error("prune kept a missing profile")
	}
	if _, err := os.Stat(filepath.Join(dir, "content/companies/example-software-house.md")); err != nil {
		t.Error("prune removed a profile the registry never had (no registration number)")
	}
}

// Exports as spreadsheets write them: semicolons and Windows-1252 (Excel on a European
// Windows), a UTF-8 BOM, tabs, XLSX, and a mapping file for another header.
func TestExportFormats(t *testing.T) {
	want := "content/companies/muller-and-sohne.md"
	cases := map[string]func(t *testing.T, dir string) (string, *Mapping){
		"semicolon windows-1252": func(t *testing.T, dir string) (string, *Mapping) {
			text := "name;city;services\r\nMüller & Söhne;Lahore;Fintech\r\n"
			data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "export.csv")
			os.WriteFile(p, data, 0o644)
			return p, nil
		},
		"utf-8 bom tabs": func(t *testing.T, dir string) (string, *Mapping) {
			p := filepath.Join(dir, "export.csv")
			os.WriteFile(p, []byte("\ufeffName\tCity\tServices\nMüller & Söhne\tlahore\tfintech, ai-ml\n"), 0o644)
			return p, nil
		},
		"xlsx with a mapping": func(t *testing.T, dir string) (string, *Mapping) {
			f := excelize.NewFile()
			defer f.Close()
			for i, row := range [][]any{{"Company Name", "Head Office", "Lines of business"}, {"Müller & Söhne", "Lahore", "Fintech"}} {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
					t.Fatal(err)
				}
			}
			p := filepath.Join(dir, "export.xlsx")
			if err := f.SaveAs(p); err != nil {
				t.Fatal(err)
			}
			return p, &Mapping{Columns: map[string]string{"name": "Company Name", "city": "Head office", "services": "Lines of Business"}}
		},
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			dir := newSite(t)
			export, m := make(t, t.TempDir())
			p := prepare(t, dir, export, m)
			if len(p.Invalid) > 0 || !slices.Equal(paths(p.Created), []string{want}) {
				t.Fatalf("created %v, invalid %v", paths(p.Created), p.Invalid)
			}
			if err := p.Apply(false); err != nil {
				t.Fatal(err)
			}
			if got := read(t, dir, want); !strings.Contains(got, "name: Müller & Söhne") || !strings.Contains(got, "city: lahore") {
				t.Errorf("%s:\n%s", want, got)
			}
		})
	}
}

func TestExportHeaderErrors(t *testing.T) {
	dir := newSite(t)
	export := filepath.Join(t.TempDir(), "e.csv")
	writeCSV(t, export, [][]string{{"Name", "Citty", "Services"}, {"A", "lahore", "fintech"}})
	_, err := Prepare(context.Background(), Options{Source: dir, Export: export, Now: today})
	if err == nil || !strings.Contains(err.Error(), `e.csv:1:2: column "Citty" is not a field (did you mean "city"?)`) {
		t.Errorf("a misspelt header: %v", err)
	}
	writeCSV(t, export, [][]string{{"City"}, {"lahore"}})
	if _, err := Prepare(context.Background(), Options{Source: dir, Export: export, Now: today}); err == nil || !strings.Contains(err.Error(), "no column for name") {
		t.Errorf("no name column: %v", err)
	}
	if _, err := Prepare(context.Background(), Options{Source: dir, Export: export, Now: today, Mapping: &Mapping{Columns: map[string]string{"name": "Company"}}}); err == nil || !strings.Contains(err.Error(), `no column "Company" for name`) {
		t.Errorf("a mapping to a missing column: %v", err)
	}
	mapFile := filepath.Join(t.TempDir(), "map.yaml")
	os.WriteFile(mapFile, []byte("columns:\n  nmae: Company\n"), 0o644)
	if _, err := LoadMapping(mapFile); err == nil || !strings.Contains(err.Error(), `unknown field "nmae" (did you mean "name"?)`) {
		t.Errorf("a mapping of an unknown field: %v", err)
	}
}
