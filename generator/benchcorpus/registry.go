package benchcorpus

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// WriteRegistry writes a registry export of the corpus in dir (as Write wrote it): one CSV
// row per company with the columns `sitegen import` reads by default, cities by name as a
// registry writes them, and a registration number for each. Importing it into the corpus
// gives each profile its registration; importing it into an empty companies/ folder
// creates them all.
func WriteRegistry(dir string, w io.Writer) error {
	files, err := filepath.Glob(filepath.Join(dir, "content", "companies", "*.md"))
	if err != nil {
		return err
	}
	slices.Sort(files)
	cityName := map[string]string{}
	for _, c := range cities {
		cityName[c.id] = c.name
	}
	out := csv.NewWriter(w)
	header := []string{"name", "slug", "city", "services", "certifications", "founded", "employees", "export_markets", "website", "email", "summary", "registration_number", "registration_checked"}
	if err := out.Write(header); err != nil {
		return err
	}
	for i, f := range files {
		if strings.Count(filepath.Base(f), ".") > 1 { // a translation
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		parts := bytes.SplitN(data, []byte("---\n"), 3)
		if len(parts) < 3 {
			return fmt.Errorf("%s: no front matter", f)
		}
		var c struct {
			Name, City, Employees, Website, Email, Summary string
			Services, Certifications, ExportMarkets        []string `yaml:",flow"`
			Founded                                        int
		}
		var raw map[string]any
		if err := yaml.Unmarshal(parts[1], &raw); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if err := yaml.Unmarshal(parts[1], &c); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		markets, _ := raw["export_markets"].([]any)
		var codes []string
		for _, m := range markets {
			codes = append(codes, fmt.Sprint(m))
		}
		slug := strings.TrimSuffix(filepath.Base(f), ".md")
		row := []string{c.Name, slug, cityName[c.City], strings.Join(c.Services, "; "), strings.Join(c.Certifications, "; "),
			strconv.Itoa(c.Founded), c.Employees, strings.Join(codes, "; "), c.Website, c.Email, c.Summary,
			fmt.Sprintf("PSEB/IT/%d/%05d", c.Founded, i+1), "2026-06-01"}
		if err := out.Write(row); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}
