package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// The sample site has no broken link: CI keeps it so.
func TestSampleSitePassesCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample site with its photos from an empty cache; the full lane runs it")
	}
	res, err := Run(context.Background(), Options{Source: "../..", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Error(p)
	}
	if res.Report.Pages < 300 || res.Report.Links < 10000 || !res.Built {
		t.Errorf("checked %d pages, %d links: the sample site has more", res.Report.Pages, res.Report.Links)
	}
}

// writeArchive writes the files of a txtar archive under a new folder.
func writeArchive(t *testing.T, name string) string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Broken links are reported where they were written: a Markdown line of the original or
// of a translation (once, though an untranslated body is on a page in every language),
// a stylesheet line; fragments are checked against the target page.
func TestCheckReportsAtSource(t *testing.T) {
	src := writeArchive(t, "broken.txtar")
	res, err := Run(context.Background(), Options{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Error())
	}
	want := []string{
		`content/companies/acme/index.zh.md:7: broken link "/news/lunch/" (did you mean "/news/launch/"?)`,
		`content/pages/about.md:8: broken link "/companies/acmee/" (did you mean "/companies/acme/"?)`,
		`content/pages/about.md:8: broken link "/parks/lahore-park/#nowhere": no #nowhere on the page (no element on /parks/lahore-park/ has that id)`,
		`static/css/style.css:2: broken link "../img/none.png"`,
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	if !res.Built || res.Report.Pages == 0 {
		t.Errorf("built %v, %d pages", res.Built, res.Report.Pages)
	}
}

// --dest names a built site; a folder that is not there is the user's mistake, said so.
func TestCheckWithoutABuiltSite(t *testing.T) {
	src := writeArchive(t, "broken.txtar")
	_, err := Run(context.Background(), Options{Source: src, Dest: filepath.Join(t.TempDir(), "nowhere")})
	if err == nil || !strings.Contains(err.Error(), "not a built site (no such folder); run sitegen build first") {
		t.Errorf("error %v", err)
	}
}
