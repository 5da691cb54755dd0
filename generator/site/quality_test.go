package site

import (
	"context"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHTMLValidate runs html-validate (npm, .quality/) over every page of the sample site,
// with the rules in .quality/.htmlvalidate.cjs: zero errors.
func TestHTMLValidate(t *testing.T) {
	bin := qualityTool(t, ".bin/html-validate")
	config, err := filepath.Abs("../../.quality/.htmlvalidate.cjs")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: "../..", Dest: dir, Now: testNow, Fingerprint: true}); err != nil {
		t.Fatal(err)
	}
	var pages []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return err
	})
	if len(pages) < 300 {
		t.Fatalf("only %d pages built", len(pages))
	}
	out, err := exec.Command(bin, append([]string{"--config", config, "--formatter", "text"}, pages...)...).CombinedOutput()
	if err != nil {
		t.Errorf("html-validate on %d pages: %v\n%s", len(pages), err, strings.ReplaceAll(string(out), dir+"/", ""))
	}
}
