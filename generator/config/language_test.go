package config

import (
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/pseb/sitegen/generator/diagnostic"
)

func loadSiteYAML(t *testing.T, yaml string) (*Site, string) {
	t.Helper()
	var errs diagnostic.List
	s := LoadSite(fstest.MapFS{SiteFile: {Data: []byte("title: T\nbase_url: https://example.org/\n" + yaml)}}, &errs)
	var lines []string
	for _, e := range errs.Errors() {
		lines = append(lines, e.Error())
	}
	return s, strings.Join(lines, "\n")
}

func TestLanguages(t *testing.T) {
	s, errs := loadSiteYAML(t, "description: D\nlanguages:\n  - code: zh\n    title: 标题\n  - code: ar\n    name: عربي\n"+
		"menu:\n  - name: {en: Register, zh: 注册}\n    url: /register/\n")
	if errs != "" {
		t.Fatal(errs)
	}
	if got := strings.Join(s.LanguageCodes(), " "); got != "en zh ar" {
		t.Fatalf("languages %s", got)
	}
	en, zh, ar := s.Languages[0], s.Languages[1], s.Languages[2]
	switch {
	case en.Prefix != "" || en.Dir != "ltr" || en.Title != "T" || en.Name != "English":
		t.Errorf("en %+v", en)
	case zh.Prefix != "zh/" || zh.Dir != "ltr" || zh.Title != "标题" || zh.Description != "D" || zh.Name != "中文":
		t.Errorf("zh %+v", zh)
	case ar.Prefix != "ar/" || ar.Dir != "rtl" || ar.Title != "T" || ar.Name != "عربي":
		t.Errorf("ar %+v", ar)
	}
	if m := s.Menu[0]; m.Name != "Register" || m.NameIn("zh") != "注册" || m.NameIn("ar") != "Register" {
		t.Errorf("menu %+v", m)
	}
}

// Urdu, right to left, with the Extended Arabic-Indic digits its readers expect (CLDR's
// default for ur is Latin).
func TestLanguageDigits(t *testing.T) {
	s, errs := loadSiteYAML(t, "languages:\n  - code: ur\n    digits: arabext\n")
	if errs != "" {
		t.Fatal(errs)
	}
	ur := s.Languages[1]
	if ur.Dir != "rtl" || ur.NumberLocale() != "ur-u-nu-arabext" || ur.Name != "اردو" {
		t.Errorf("ur %+v, number locale %s", ur, ur.NumberLocale())
	}
	if got := message.NewPrinter(ur.Tag).Sprint(number.Decimal(2026)); got != "۲٬۰۲۶" {
		t.Errorf("2026 in Urdu is %q", got)
	}
	if _, errs := loadSiteYAML(t, "languages:\n  - code: ur\n    digits: urdu\n"); !strings.Contains(errs, `digits "urdu" is not a numbering system (use one of latn, arab, arabext`) {
		t.Errorf("bad digits: %s", errs)
	}
}

func TestLanguageErrors(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"languages:\n  - code: klingon-x\n", `content/site.yaml:4:5: language "klingon-x" is not a language tag (use a BCP 47 tag such as zh or ar)`},
		{"languages:\n  - code: zh-Hans\n", `language code "zh-Hans" cannot be a URL folder (write it in lower case, e.g. zh-hans`},
		{"languages:\n  - code: en\n", `language "en" is listed twice (list each language once; the default language (language:) is not listed again)`},
		{"languages:\n  - code: ar\n  - code: ar\n", `content/site.yaml:5:5: language "ar" is listed twice`},
		{"languages:\n  - {code: ar, titel: x}\n", `unknown field "languages[0].titel" (did you mean "title"?)`},
		{"languages:\n  - name: Arabic\n", `missing required field "languages[0].code"`},
		{"languages: zh\n", `field "languages" must be a list`},
		{"languages:\n  - code: zh\nmenu:\n  - name: {en: A, fr: B}\n    url: /a/\n", `"fr" is not one of the site's languages (the site's languages are en, zh)`},
		{"languages:\n  - code: zh\nmenu:\n  - name: {zh: 注册}\n    url: /a/\n", `menu name has no en text (add en: ... (the default language))`},
	}
	for _, tt := range tests {
		_, errs := loadSiteYAML(t, tt.yaml)
		if !strings.Contains(errs, tt.want) {
			t.Errorf("%q:\n got %s\nwant %s", tt.yaml, errs, tt.want)
		}
	}
}

func TestPublish(t *testing.T) {
	s, errs := loadSiteYAML(t, "publish:\n  precompress: true\n  brotli_quality: 7\n")
	if errs != "" || !s.Publish.Precompress || s.Publish.BrotliQuality != 7 {
		t.Errorf("publish %+v, errors %s", s.Publish, errs)
	}
	if s, _ := loadSiteYAML(t, ""); s.Publish.Precompress || s.Publish.BrotliQuality != DefaultBrotliQuality {
		t.Errorf("defaults %+v", s.Publish)
	}
	for yaml, want := range map[string]string{
		"publish:\n  brotli_quality: 12\n": `content/site.yaml:4:3: brotli_quality 12 is out of range (use 0 (fastest) to 11 (smallest)`,
		"publish:\n  precompres: true\n":   `unknown field "publish.precompres" (did you mean "precompress"?)`,
		"publish:\n  precompress: yes\n":   `publish.precompress`,
	} {
		if _, errs := loadSiteYAML(t, yaml); !strings.Contains(errs, want) {
			t.Errorf("%q:\n got %s\nwant %s", yaml, errs, want)
		}
	}
}
