package registry

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// FuzzReadCSV: any bytes either fail to read with an error or give a header and rows of
// valid UTF-8 text, whatever their encoding was.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{"name,city\nAcme,lahore\n", "\ufeffa;b\n1;2", "a\tb\n\"x\ty\"\tz", "\xff\xfea\x00,\x00b\x00", "caf\xe9,x\n", "\"unterminated\n", ""} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := readCSV("f.csv", data)
		if err != nil {
			return
		}
		if tb.Header == nil {
			t.Fatal("no header and no error")
		}
		for _, row := range append([][]string{tb.Header}, tb.Rows...) {
			for _, c := range row {
				if !utf8.ValidString(c) {
					t.Fatalf("cell %q is not UTF-8 (decoded as %s)", c, tb.Encoding)
				}
			}
		}
	})
}

// FuzzImportRow: whatever a row's cells say, the import neither fails as a whole nor writes
// more than the row gives: a created profile's front matter has exactly the fields of the
// row (no cell adds a key by a line break or a quote), and its name reads back as written.
func FuzzImportRow(f *testing.F) {
	f.Add("Acme Soft", "A summary.", "https://acme.example.com", "hi@acme.example.com", "+92 42 1")
	f.Add("x\ncity: karachi", "\"quoted\": yes", "javascript:alert(1)", "a@b", "--- ")
	f.Add("name: evil\n---\nbody", "'; <script>alert(1)</script>", "https://x.example/\"onload=", "", "")
	f.Add("  ", "", "", "", "")
	dir := newSite(f)
	f.Fuzz(func(t *testing.T, name, summary, website, email, phone string) {
		if !utf8.ValidString(name + summary + website + email + phone) {
			return
		}
		site := filepath.Join(t.TempDir(), "s")
		if err := os.CopyFS(site, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		export := filepath.Join(t.TempDir(), "r.csv")
		out, _ := os.Create(export)
		w := csv.NewWriter(out)
		w.WriteAll([][]string{{"name", "city", "services", "summary", "website", "email", "phone"}, {name, "lahore", "fintech", summary, website, email, phone}})
		out.Close()
		p, err := Prepare(context.Background(), Options{Source: site, Export: export, Now: today})
		if err != nil {
			t.Fatalf("the import failed as a whole: %v", err)
		}
		for _, ch := range p.Created {
			fm, _, ok := splitFrontMatter(ch.text)
			if !ok {
				t.Fatalf("no front matter in %q", ch.text)
			}
			var got map[string]any
			if err := yaml.Unmarshal(fm, &got); err != nil {
				t.Fatalf("unreadable front matter %q: %v", fm, err)
			}
			for k := range got {
				if !strings.Contains("name city services summary website email phone", k) {
					t.Errorf("a cell added the field %q: %q", k, fm)
				}
			}
			if got["name"] != strings.TrimSpace(name) {
				t.Errorf("name %q reads back as %q", name, got["name"])
			}
		}
	})
}
