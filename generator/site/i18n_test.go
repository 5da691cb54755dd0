package site

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/render"
)

// multiLangSite is the golden test site published in English, Chinese and Arabic, with a
// translation of some files of every kind (a bundle's, one with a body and one with front
// matter only) and none of others.
func multiLangSite(t testing.TB) string {
	t.Helper()
	src := testSite(t)
	write := func(rel, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(src, "content/site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write("content/site.yaml", string(cfg)+"languages:\n  - code: zh\n    title: 测试网站\n  - code: ar\n    title: موقع الاختبار\n    description: وصف.\n")
	write("content/companies/acme/index.zh.md", "---\nname: 阿克米系统\nsummary: 为海外客户打造网页和金融科技平台。\n---\n\n阿克米构建**网页平台**。参见[我们的园区](/parks/lahore-park/)。\n")
	write("content/companies/beta.ar.md", "---\nsummary: \"ملخص بالعربية.\"\n---\n")
	write("content/parks/lahore-park.zh.md", "---\nname: 拉合尔园区\namenities: [备用电源, 光纤]\n---\n\n园区正文。\n")
	write("content/pages/about.ar.md", "---\ntitle: من نحن\nsummary: عن هذا الموقع.\n---\n\n## من نحن\n\nنص.\n")
	write("content/_index.zh.md", "---\ntitle: 欢迎\n---\n\n首页正文。\n")
	write("content/data/exports.zh.yaml", "title: 出口\nx: 年份\nlabels: {\"2024\": 二〇二四}\n")
	write("content/news/launch.zh.md", "---\ntitle: 上线\nsummary: 我们上线了。\n---\n\n新闻正文。\n")
	return src
}

var (
	hreflangRe = regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">`)
	htmlTagRe  = regexp.MustCompile(`<html lang="([^"]+)" dir="([^"]+)">`)
)

// TestLanguages builds a site in three languages and checks what a reader and a search
// engine see: every page in every language, lang and dir, hreflang pairs that agree both
// ways, the sitemap listing each version with the same alternates, a feed and a search
// index per language, translated text where there is some and a marked fallback where not.
func TestLanguages(t *testing.T) {
	src := multiLangSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest, NoMinify: true}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dest)
	base := "https://example.org/pseb/"
	langs := map[string]string{"": "en", "zh/": "zh", "ar/": "ar"}
	dirs := map[string]string{"en": "ltr", "zh": "ltr", "ar": "rtl"}

	// Every English page exists in each language, with the right lang and dir.
	var pages []string
	for name := range files {
		// Redirect pages at old addresses are the site's, not a language's.
		redirect := strings.Contains(string(files[name]), `http-equiv="refresh"`)
		if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "zh/") && !strings.HasPrefix(name, "ar/") && !redirect {
			pages = append(pages, name)
		}
	}
	slices.Sort(pages)
	if len(pages) < 20 {
		t.Fatalf("only %d pages", len(pages))
	}
	for _, p := range pages {
		for prefix, lang := range langs {
			data, ok := files[prefix+p]
			if !ok {
				t.Errorf("%s has no %s version", p, lang)
				continue
			}
			m := htmlTagRe.FindSubmatch(data)
			if m == nil || string(m[1]) != lang || string(m[2]) != dirs[lang] {
				t.Errorf("%s%s: <html> is %q, want lang=%s dir=%s", prefix, p, m, lang, dirs[lang])
			}
		}
	}

	// hreflang: each page names every version, x-default included, and each version it
	// names names the same set back.
	urlOf := func(file string) string {
		return base + strings.TrimSuffix(strings.TrimSuffix(file, "index.html"), "404.html")
	}
	fileOf := func(u string) string {
		rel := strings.TrimPrefix(u, base)
		if rel == "" || strings.HasSuffix(rel, "/") {
			return rel + "index.html"
		}
		return rel
	}
	for _, p := range pages {
		if p == "404.html" || strings.HasSuffix(p, "404.html") {
			continue
		}
		for prefix := range langs {
			file := prefix + p
			alts := map[string]string{}
			for _, m := range hreflangRe.FindAllSubmatch(files[file], -1) {
				alts[string(m[1])] = string(m[2])
			}
			if len(alts) != 4 || alts["x-default"] != alts["en"] {
				t.Errorf("%s: hreflang %v, want en, zh, ar and x-default = en", file, alts)
				continue
			}
			if alts[langs[prefix]] != urlOf(file) {
				t.Errorf("%s: its own hreflang is %s, want %s", file, alts[langs[prefix]], urlOf(file))
			}
			for lang, u := range alts {
				back := map[string]string{}
				for _, m := range hreflangRe.FindAllSubmatch(files[fileOf(u)], -1) {
					back[string(m[1])] = string(m[2])
				}
				if len(back) != len(alts) {
					t.Errorf("%s names %s (%s), which names %v back", file, u, lang, back)
					continue
				}
				for k, v := range alts {
					if back[k] != v {
						t.Errorf("%s and %s disagree on %s: %s vs %s", file, fileOf(u), k, v, back[k])
					}
				}
			}
		}
	}

	// The sitemap lists every version of each page with the same four alternates.
	sitemap := string(files["sitemap.xml"])
	for _, u := range []string{base + "companies/acme/", base + "zh/companies/acme/", base + "ar/companies/acme/"} {
		if !strings.Contains(sitemap, "<loc>"+u+"</loc>") {
			t.Errorf("sitemap lacks %s", u)
		}
		if !strings.Contains(sitemap, `<xhtml:link rel="alternate" hreflang="zh" href="`+base+`zh/companies/acme/"></xhtml:link>`) {
			t.Errorf("sitemap lacks the zh alternate of acme")
		}
	}
	if locs := strings.Count(sitemap, "<loc>"); locs == 0 || locs != strings.Count(sitemap, `hreflang="x-default"`) || locs%3 != 0 {
		t.Errorf("sitemap: %d URLs, %d x-default alternates; want one each, three versions per page", locs, strings.Count(sitemap, `hreflang="x-default"`))
	}
	if _, ok := files["zh/sitemap.xml"]; ok {
		t.Error("a sitemap per language; the site has one")
	}

	// A feed and a search index per language, in that language.
	for prefix, lang := range langs {
		feed := string(files[prefix+"feed.xml"])
		if !strings.Contains(feed, `xml:lang="`+lang+`"`) || !strings.Contains(feed, base+prefix+"news/launch/") {
			t.Errorf("%sfeed.xml: not the %s feed:\n%s", prefix, lang, feed)
		}
		if _, ok := files[prefix+"search/index.json"]; !ok {
			t.Errorf("no %ssearch/index.json", prefix)
		}
		if !strings.Contains(string(files[prefix+"search/index.json"]), `"profiles":"/pseb/`+prefix+`companies/"`) {
			t.Errorf("%ssearch/index.json does not link to its own profiles", prefix)
		}
	}
	if !strings.Contains(string(files["zh/feed.xml"]), "<title>上线</title>") {
		t.Error("zh feed does not carry the translated title")
	}

	// Translated text where there is some; the default language's, marked, elsewhere.
	checks := []struct {
		file string
		want []string
		not  []string
	}{
		{"zh/companies/acme/index.html", []string{"<h1 dir=\"auto\">阿克米系统</h1>", "阿克米构建<strong>网页平台</strong>", `href="/pseb/zh/parks/lahore-park/"`,
			`src="/pseb/companies/acme/logo.svg"`}, []string{"fallback-note"}},
		{"ar/companies/acme/index.html", []string{`<h1 lang="en" dir="ltr">Acme Systems</h1>`, `class="fallback-note"`, `<div class="prose" lang="en" dir="ltr">`}, nil},
		{"ar/companies/beta/index.html", []string{"ملخص بالعربية.", `class="fallback-note"`}, nil},
		{"zh/parks/lahore-park/index.html", []string{"拉合尔园区", "备用电源", "园区正文。"}, []string{"fallback-note"}},
		{"zh/companies/index.html", []string{"阿克米系统", `<a href="/pseb/zh/companies/acme/">`}, nil},
		{"ar/about/index.html", []string{"من نحن", `dir="rtl"`}, []string{"fallback-note"}},
		{"zh/index.html", []string{"欢迎", "首页正文。", "测试网站", `<a href="/pseb/zh/about/" lang="en" dir="ltr">About</a>`}, nil},
		{"ar/index.html", []string{`<a href="/pseb/ar/about/" dir="auto">من نحن</a>`}, nil},
		{"ar/index.html", []string{"موقع الاختبار", `<meta name="description" content="وصف.">`}, nil},
		{"companies/acme/index.html", []string{"Acme Systems", `hreflang="zh"`, `<a href="/pseb/zh/companies/acme/" hreflang="zh" lang="zh">`}, []string{"阿克米"}},
		{"zh/news/launch/index.html", []string{"2025年1月2日"}, nil},
		{"ar/news/launch/index.html", []string{"٢ يناير ٢٠٢٥"}, nil},
		// A body shown untranslated draws its shortcodes in the page's language, marked so.
		{"zh/showcase/index.html", []string{`<div lang="zh" dir="ltr">`, `<title id="chart-4-title">出口</title>`, "二〇二四", ">年份</text>",
			`<p class="callout-title">Mind the &lt;deadline&gt;</p>`, "播放视频：Big Buck Bunny"}, nil},
		{"ar/showcase/index.html", []string{`<div lang="ar" dir="rtl">`, `<title id="chart-4-title">Exports by year</title>`, "١٠"}, nil},
	}
	for _, c := range checks {
		page := string(files[c.file])
		for _, w := range c.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", c.file, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(page, w) {
				t.Errorf("%s has %q", c.file, w)
			}
		}
	}
	// Bundle resources sit beside the page in every language.
	for _, f := range []string{"companies/acme/logo.svg", "zh/companies/acme/logo.svg", "ar/companies/acme/logo.svg"} {
		if _, ok := files[f]; !ok {
			t.Errorf("no %s", f)
		}
	}
	for name := range files {
		if strings.HasSuffix(name, ".md") {
			t.Errorf("%s: a translation was published as a file", name)
		}
	}
}

// The default theme's interface strings are translated in full: every language has the
// keys of en.yaml (a missing one used by a template fails the build; this catches the
// rest, e.g. a key only the scripts read) and no key en.yaml lacks.
func TestThemeStringsComplete(t *testing.T) {
	keys := func(lang string) []string {
		data, err := os.ReadFile(filepath.Join("../../themes/default/i18n", lang+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, line := range strings.Split(string(data), "\n") {
			if k, _, ok := strings.Cut(line, ":"); ok && k != "" && !strings.HasPrefix(k, "#") && !strings.HasPrefix(k, " ") && !strings.HasSuffix(k, "_one") {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	en := keys("en")
	for _, lang := range []string{"zh", "ar"} {
		got := keys(lang)
		for _, k := range en {
			if !slices.Contains(got, k) {
				t.Errorf("%s.yaml lacks %q", lang, k)
			}
		}
		for _, k := range got {
			if !slices.Contains(en, k) {
				t.Errorf("%s.yaml has %q, which en.yaml lacks", lang, k)
			}
		}
	}
}

// Issue 14.12: what feeds and structured data say about each text's language and type.
func TestFeedsAndMetadataNameTheTextLanguage(t *testing.T) {
	src := multiLangSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		data, err := os.ReadFile(filepath.Join(dest, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	// launch is translated into Chinese only: the Arabic feed's entry is English.
	if zh := read("zh/feed.xml"); strings.Contains(zh, `<entry xml:lang=`) {
		t.Errorf("zh/feed.xml marks its translated entry as another language:\n%s", zh)
	}
	if ar := read("ar/feed.xml"); !strings.Contains(ar, `<entry xml:lang="en">`) {
		t.Errorf("ar/feed.xml: the untranslated entry is not marked English:\n%s", ar)
	}
	if !strings.Contains(read("zh/news/launch/index.html"), `"inLanguage":"zh"`) {
		t.Error("zh news: inLanguage is not zh")
	}
	if !strings.Contains(read("ar/news/launch/index.html"), `"inLanguage":"en"`) {
		t.Error("ar news (untranslated): inLanguage is not en")
	}
	if acme := read("companies/acme/index.html"); !strings.Contains(acme, `"foundingDate":"2010"`) {
		t.Error("foundingDate is not a Date string")
	}
	for p, want := range map[string]string{"index.html": "en_US", "zh/index.html": "zh_CN", "ar/index.html": "ar_EG"} {
		page := read(p)
		if !strings.Contains(page, `<meta property="og:locale" content="`+want+`">`) {
			t.Errorf("%s: og:locale is not %s", p, want)
		}
		if strings.Contains(page, `og:locale:alternate" content="zh"`) {
			t.Errorf("%s: alternate locale written as a bare code", p)
		}
	}
}

// Bodies left on disk until rendered (sitegen build) make the same site, byte for byte, as
// bodies kept in memory (serve), in every language, photos and fallbacks included.
func TestLazyBodiesBuildTheSameSite(t *testing.T) {
	src := multiLangSite(t)
	kept, lazy := filepath.Join(t.TempDir(), "kept"), filepath.Join(t.TempDir(), "lazy")
	if _, err := build(t, Options{Source: src, Dest: kept, Fingerprint: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, Options{Source: src, Dest: lazy, Fingerprint: true, LazyBodies: true}); err != nil {
		t.Fatal(err)
	}
	sameTree(t, kept, lazy)
}

// countingFS counts the files opened, by name.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

// A body shown in every language (a profile without a translation, whose site links take
// each language's prefix) is read and converted once while a writer holds its file, and
// each of its pages is byte for byte the page rendered on its own.
func TestHeldBodyIsConvertedOnceForEveryLanguage(t *testing.T) {
	src := multiLangSite(t)
	write := func(rel, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/companies/linked.md", "---\nname: Linked Co\ncity: lahore\nservices: [fintech]\nsummary: Links to its park.\n---\n\nSee [our park](/parks/lahore-park/), [a partner](/companies/acme/) and [elsewhere](https://example.com/).\n\n## Team\n\n“Quoted” text.\n")
	fsys := &countingFS{FS: os.DirFS(src), opens: map[string]int{}}
	plan, err := Prepare(context.Background(), fsys, content.Options{LazyBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	draw := func(rt render.Route) string {
		var b strings.Builder
		if err := plan.Render(&b, rt); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	const subject = "content/companies/linked.md"
	var routes []render.Route
	alone := map[string]string{}
	for _, rt := range plan.Routes {
		if rt.Subject == subject {
			routes = append(routes, rt)
			alone[rt.File] = draw(rt)
		}
	}
	if len(routes) != 3 {
		t.Fatalf("%d pages of %s, want 3", len(routes), subject)
	}
	fsys.opens = map[string]int{}
	release := plan.Renderer.HoldBody(subject)
	for _, rt := range routes {
		if got := draw(rt); got != alone[rt.File] {
			t.Errorf("%s rendered with its body held differs from the page rendered alone", rt.File)
		}
	}
	release()
	if n := fsys.opens[subject]; n != 1 {
		t.Errorf("%s opened %d times for its three pages, want once", subject, n)
	}
	if zh := alone["zh/companies/linked/index.html"]; !strings.Contains(zh, `href="/pseb/zh/parks/lahore-park/"`) || !strings.Contains(zh, `href="https://example.com/"`) {
		t.Errorf("the Chinese page's body links are not its language's:\n%s", zh)
	}
	// Released, nothing is kept: each page converts its own body again.
	fsys.opens = map[string]int{}
	for _, rt := range routes {
		draw(rt)
	}
	if n := fsys.opens[subject]; n != 3 {
		t.Errorf("%s opened %d times after its release, want 3", subject, n)
	}
}
