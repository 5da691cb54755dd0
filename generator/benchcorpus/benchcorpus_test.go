package benchcorpus

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// treeHash hashes every file below dir, names and bytes, in walk order.
func treeHash(t *testing.T, dir string) (string, int) {
	t.Helper()
	h, n := sha256.New(), 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
		h.Write(data)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

// The same options write the same files; each shape has the files its options promise.
func TestWriteIsDeterministic(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		files int // 3 data files + site.yaml, 60 parks, 15 pages, 40 news, the companies, translations
	}{
		{"one language", Options{Companies: 40}, 4 + 60 + 15 + 40 + 40},
		{"real shape", Real(40), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := t.TempDir(), t.TempDir()
			if err := Write(a, tt.opts); err != nil {
				t.Fatal(err)
			}
			if err := Write(b, tt.opts); err != nil {
				t.Fatal(err)
			}
			ha, na := treeHash(t, a)
			hb, _ := treeHash(t, b)
			if ha != hb {
				t.Errorf("two writes with the same options differ")
			}
			if tt.files >= 0 && na != tt.files {
				t.Errorf("%d files, want %d", na, tt.files)
			}
			if len(tt.opts.Languages) == 0 {
				return
			}
			// Every park, page and news item is translated into each language; some companies are.
			zh, _ := filepath.Glob(filepath.Join(a, "content/companies/*.zh.md"))
			parks, _ := filepath.Glob(filepath.Join(a, "content/parks/*.ar.md"))
			site, _ := os.ReadFile(filepath.Join(a, "content/site.yaml"))
			if len(zh) == 0 || len(zh) == 40 || len(parks) != 60 || !strings.Contains(string(site), "code: ar") {
				t.Errorf("%d company and %d park translations, site.yaml:\n%s", len(zh), len(parks), site)
			}
		})
	}
}

// Another seed writes other companies; the made-up vocabulary shows up in the text.
func TestSeedAndVocab(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Write(a, Options{Companies: 5, Vocab: 500}); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, Options{Companies: 5, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	ca, _ := os.ReadFile(filepath.Join(a, "content/companies/company-00001.md"))
	cb, _ := os.ReadFile(filepath.Join(b, "content/companies/company-00001.md"))
	if string(ca) == string(cb) {
		t.Error("seeds 1 and 2 wrote the same company")
	}
	extra := madeUp(500)
	found := false
	for _, w := range extra {
		found = found || strings.Contains(string(ca), " "+w+" ")
	}
	if !found {
		t.Error("none of the 500 made-up words is in the first company's text")
	}
}

func TestUnknownLanguage(t *testing.T) {
	err := Write(t.TempDir(), Options{Companies: 1, Languages: []string{"fr"}})
	if err == nil || !strings.Contains(err.Error(), `"fr"`) {
		t.Errorf("Write with fr: %v, want an error naming fr", err)
	}
}

func TestWriteErrorIsReturned(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "content"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, Options{Companies: 1}); err == nil {
		t.Error("Write over a file named content: no error")
	}
}
