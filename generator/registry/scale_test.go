package registry

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pseb/sitegen/generator/benchcorpus"
)

// treeSums hashes every file below dir, by slash path.
func treeSums(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		sums[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// corpusExport writes the bench corpus of n companies and its registry export, with the
// companies' profiles removed (so the import creates them) when fresh.
func corpusExport(t testing.TB, n int, fresh bool) (dir, export string) {
	t.Helper()
	dir = t.TempDir()
	if err := benchcorpus.Write(dir, benchcorpus.Options{Companies: n}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := benchcorpus.WriteRegistry(dir, &b); err != nil {
		t.Fatal(err)
	}
	export = filepath.Join(t.TempDir(), "registry.csv")
	if err := os.WriteFile(export, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if fresh {
		if err := os.RemoveAll(filepath.Join(dir, "content", "companies")); err != nil {
			t.Fatal(err)
		}
	}
	return dir, export
}

// The bar at a size CI runs: an export of the bench corpus imported twice (the
// second run changes no file), a row with a bad city reported at its row and column with
// nothing else lost, and a hand-edited body surviving a re-import.
func TestImportBenchCorpus(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 300
	}
	dir, export := corpusExport(t, n, true)
	p := prepare(t, dir, export, nil)
	if len(p.Created) != n || len(p.Invalid) != 0 {
		t.Fatalf("first import: %d created, %d invalid (%v)", len(p.Created), len(p.Invalid), p.Invalid)
	}
	if err := p.Apply(false); err != nil {
		t.Fatal(err)
	}
	before := treeSums(t, dir)
	p2 := prepare(t, dir, export, nil)
	if len(p2.Unchanged) != n || len(p2.Created)+len(p2.Updated) != 0 || len(p2.Missing) != 0 {
		t.Fatalf("second import: %d unchanged, %d created, %d updated, %d missing", len(p2.Unchanged), len(p2.Created), len(p2.Updated), len(p2.Missing))
	}
	if err := p2.Apply(true); err != nil {
		t.Fatal(err)
	}
	after := treeSums(t, dir)
	for f, sum := range before {
		if after[f] != sum {
			t.Errorf("the second import changed %s", f)
		}
	}
	if len(after) != len(before) {
		t.Errorf("the second import changed the number of files: %d -> %d", len(before), len(after))
	}

	// An editor's body survives; a bad city in one row is reported there and skips only it.
	body := filepath.Join(dir, "content", "companies", "company-00007.md")
	data, err := os.ReadFile(body)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, "\n## Working with us\n\nWritten by an editor after the import.\n"...)
	if err := os.WriteFile(body, data, 0o644); err != nil {
		t.Fatal(err)
	}
	csvText, _ := os.ReadFile(export)
	lines := strings.Split(string(csvText), "\n")
	row := 10 // the export's row 10 is its 9th company
	cells := strings.SplitN(lines[row-1], ",", 4)
	cells[2] = "Lahor"
	lines[row-1] = strings.Join(cells, ",")
	lines[8] = strings.Replace(lines[8], "2026-06-01", "2026-07-01", 1) // row 9: checked again
	if err := os.WriteFile(export, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	p3 := prepare(t, dir, export, nil)
	if p3.InvalidRows() != 1 || p3.Invalid[0].Line != row || p3.Invalid[0].Col != 3 || !strings.Contains(p3.Invalid[0].Msg, `"Lahor" is not a city`) {
		t.Fatalf("a bad city: %v", p3.Invalid)
	}
	if len(p3.Updated) != 1 || len(p3.Unchanged) != n-2 {
		t.Errorf("with one row re-checked and one invalid: %d updated, %d unchanged", len(p3.Updated), len(p3.Unchanged))
	}
	if err := p3.Apply(false); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(body); !bytes.Contains(got, []byte("Written by an editor after the import.")) {
		t.Error("a re-import lost an editor's body")
	}
}

// BenchmarkImport plans and applies the import of the bench corpus's export into a site
// without profiles (all created), then plans it again (all unchanged).
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{2000} {
		dir, export := corpusExport(b, n, true)
		b.Run("create", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				os.RemoveAll(filepath.Join(dir, "content", "companies"))
				b.StartTimer()
				p, err := Prepare(context.Background(), Options{Source: dir, Export: export, Now: today})
				if err != nil || len(p.Created) != n {
					b.Fatal(err)
				}
				if err := p.Apply(false); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("unchanged", func(b *testing.B) {
			for b.Loop() {
				p, err := Prepare(context.Background(), Options{Source: dir, Export: export, Now: today})
				if err != nil || len(p.Unchanged) != n {
					b.Fatal(err)
				}
			}
		})
	}
}
