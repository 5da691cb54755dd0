package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The sample site has no broken link: CI keeps it so.
func TestSampleSitePassesCheck(t *testing.T) {
	t.Parallel() // long, and shares nothing with other tests but the content-keyed cache
	res, err := Check(context.Background(), CheckOptions{Source: "../..", CacheDir: testCacheDir})
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

// Broken links are reported where they were written: a Markdown line of the original or
// of a translation (once, though an untranslated body is on a page in every language),
// a front-matter field, a stylesheet line; fragments are checked against the target page.
func TestCheckReportsAtSource(t *testing.T) {
	src := multiLangSite(t)
	appendTo := func(rel, text string) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(src, filepath.FromSlash(rel)), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}
	appendTo("content/pages/about.md", "\nSee [Acme](/companies/acmee/) and [the map](/parks/lahore-park/#nowhere).\n")
	appendTo("content/companies/acme/index.zh.md", "\n[坏链接](/news/lunch/)\n")
	appendTo("themes/default/static/css/style.css", "\n.x{background:url(../img/none.png)}\n")
	res, err := Check(context.Background(), CheckOptions{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Error())
	}
	want := []string{
		`content/companies/acme/index.zh.md:8: broken link "/news/lunch/" (did you mean "/news/launch/"?)`,
		`content/pages/about.md:14: broken link "/companies/acmee/" (did you mean "/companies/acme/"?)`,
		`content/pages/about.md:14: broken link "/parks/lahore-park/#nowhere": no #nowhere on the page (no element on /parks/lahore-park/ has that id)`,
		`themes/default/static/css/style.css:`,
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	if !strings.Contains(got[3], `broken link "../img/none.png"`) {
		t.Errorf("stylesheet problem: %s", got[3])
	}
}

// An alias that is the address of a page would replace it: a content error at its line.
func TestAliasCollidesWithPage(t *testing.T) {
	src := testSite(t)
	p := filepath.Join(src, "content/pages/about.md")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(data), "aliases: [/about-us/, /old/about.html]", "aliases: [/about-us/, /companies/acme/, /favicon.svg/]", 1)), 0o644)
	_, err := build(t, Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
	if err == nil || !strings.Contains(err.Error(), `content/pages/about.md:5:23: alias "/companies/acme/" is the address of a page of the site (/companies/acme/) (remove it: the address is in use)`) {
		t.Errorf("err = %v", err)
	}
}
