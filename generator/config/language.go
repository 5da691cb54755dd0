package config

import (
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/pseb/sitegen/generator/meta"
)

// Language is one language the site is published in. The first of Site.Languages is the
// default, at the site root; the others live below their code ("zh/", "ar/").
type Language struct {
	Code        string // BCP 47, lower case: "en", "zh", "ar"
	Tag         language.Tag
	Name        string // in the language itself, for the language switcher: "中文"
	Dir         string // "ltr" or "rtl"
	Prefix      string // "" for the default language, else Code + "/"
	Title       string // the site's title in this language
	Description string
}

// Locale is the language as Open Graph and Facebook write it, language_TERRITORY: the
// territory the language is most likely spoken in when the code names none (en_US,
// zh_CN, ar_EG, ur_PK).
func (l Language) Locale() string {
	base, _ := l.Tag.Base()
	region, _ := l.Tag.Region()
	if region.String() == "ZZ" {
		return base.String()
	}
	return base.String() + "_" + region.String()
}

// DigitSystems are the numbering systems a language's `digits:` may choose (Unicode CLDR
// ids): where a language's own default is not what its readers expect, e.g. Urdu's
// Extended Arabic-Indic digits (۱۲۳, arabext) instead of CLDR's Latin for ur.
var DigitSystems = []string{"latn", "arab", "arabext", "deva", "beng", "hanidec", "fullwide"}

// NumberLocale is the language's BCP 47 tag with its numbering system, for a browser's
// Intl.NumberFormat to write the digits the pages write ("ur-u-nu-arabext").
func (l Language) NumberLocale() string { return l.Tag.String() }

// rtlScripts are the scripts written right to left (ISO 15924).
var rtlScripts = []string{"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"}

func newLanguage(code string) (Language, bool) {
	tag, err := language.Parse(code)
	if err != nil {
		return Language{}, false
	}
	l := Language{Code: code, Tag: tag, Dir: "ltr", Name: display.Self.Name(tag)}
	if script, _ := tag.Script(); slices.Contains(rtlScripts, script.String()) {
		l.Dir = "rtl"
	}
	if l.Name == "" {
		l.Name = code
	}
	return l, true
}

func defaultLanguage(s *Site) Language {
	def, _ := newLanguage(s.Language)
	def.Title, def.Description = s.Title, s.Description
	return def
}

// readLanguages reads `languages:`, the languages other than the default, each with the
// site's title and description in it.
func readLanguages(r *meta.Reader, s *Site) {
	s.Languages = []Language{defaultLanguage(s)}
	for i, it := range r.List("languages", false) {
		lr := r.Sub("languages", i, it)
		lr.CheckUnknown([]string{"code", "name", "title", "description", "digits"})
		code := lr.String("code", true)
		if code == "" {
			continue
		}
		l, ok := newLanguage(code)
		switch {
		case !ok:
			lr.Errorf("code", "use a BCP 47 tag such as zh or ar", "language %q is not a language tag", code)
			continue
		case code != strings.ToLower(code) || !ValidSlug(code):
			lr.Errorf("code", "write it in lower case, e.g. zh-hans; it is the folder of the language's pages", "language code %q cannot be a URL folder", code)
			continue
		case slices.ContainsFunc(s.Languages, func(o Language) bool { return o.Code == code }):
			lr.Errorf("code", "list each language once; the default language (language:) is not listed again", "language %q is listed twice", code)
			continue
		}
		l.Prefix = code + "/"
		if n := lr.String("name", false); n != "" {
			l.Name = n
		}
		l.Title = lr.String("title", false)
		if l.Title == "" {
			l.Title = s.Title
		}
		l.Description = lr.String("description", false)
		if l.Description == "" {
			l.Description = s.Description
		}
		if d := lr.String("digits", false); d != "" {
			if !slices.Contains(DigitSystems, d) {
				lr.Errorf("digits", "use one of "+strings.Join(DigitSystems, ", ")+" (arabext: ۱۲۳, arab: ١٢٣)", "digits %q is not a numbering system", d)
			} else if t, err := l.Tag.SetTypeForKey("nu", d); err == nil {
				l.Tag = t
			}
		}
		s.Languages = append(s.Languages, l)
	}
}

// LanguageCodes lists the codes of the site's languages, the default first.
func (s *Site) LanguageCodes() []string {
	codes := make([]string, len(s.Languages))
	for i, l := range s.Languages {
		codes[i] = l.Code
	}
	return codes
}
