package site

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pseb/sitegen/generator/internal/browsertest"
	"github.com/pseb/sitegen/generator/scaffold"
)

// newScaffoldedSite is what a new user has after `sitegen new site` and `sitegen new
// company`: no themes/ folder (the built-in theme), one company more than the template.
func newScaffoldedSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "s")
	if _, err := scaffold.NewSite(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := scaffold.NewEntry(dir, scaffold.Request{Kind: "company", Name: "Acme Soft", City: "lahore", Services: []string{"ai-ml"}, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A site made by sitegen new passes the quality gates the sample passes: html-validate on
// every page, and axe-core's WCAG 2.2 AA rules on each kind of page.
func TestNewSitePassesQualityGates(t *testing.T) {
	src := newScaffoldedSite(t)
	t.Run("html-validate", func(t *testing.T) { htmlValidateSite(t, src, 20) })
	t.Run("axe", func(t *testing.T) {
		skipUnderRace(t)
		axeSource, err := os.ReadFile(qualityTool(t, "axe-core/axe.min.js"))
		if err != nil {
			t.Fatal(err)
		}
		ctx := browsertest.Start(t)
		ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		srv := servedSite(t, src)
		for _, p := range []string{"/", "/companies/", "/companies/acme-soft/", "/parks/", "/parks/lahore-technology-park/", "/about/", "/news/", "/news/welcome/", "/cities/lahore/"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitReady(chromedp.CSS(`footer`))); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			violations, err := runAxe(ctx, string(axeSource))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				t.Errorf("%s: %s", p, v)
			}
		}
	})
}
