package theme

import (
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/number"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/permalink"
)

// funcs are the functions layouts may call. They are bound to the theme's strings and the
// site's base URL, so templates are parsed once and need no per-page setup.
func (th *Theme) funcs() template.FuncMap {
	printer := th.printer
	return template.FuncMap{
		// T returns an interface string; extra arguments fill its %v verbs.
		"T": func(key string, args ...any) (string, error) {
			s, ok := th.strings[key]
			if one, has := th.strings[key+"_one"]; has && len(args) > 0 && fmt.Sprint(args[0]) == "1" {
				s = one
			}
			if !ok {
				return "", fmt.Errorf("missing interface string %q in %s", key, th.stringsAt)
			}
			for _, a := range args {
				if _, isInt := a.(int); isInt {
					// Numbers are formatted for the language (1,234).
					return printer.Sprintf(s, args...), nil
				}
			}
			if len(args) > 0 {
				return fmt.Sprintf(s, args...), nil
			}
			return s, nil
		},
		"url":       th.URL,
		"asset":     th.AssetURL,
		"integrity": func(p string) string { return th.assets[p].Integrity },
		"absURL":    th.AbsURL,
		"country":   th.CountryName,
		"countries": th.countryList,
		"listSep":   th.listSeparator,
		"year":      func(y int) string { return th.printer.Sprint(number.Decimal(y, number.NoSeparator())) },
		"digits":    th.localDigits,
		"decimal":   func(f float64) string { return th.printer.Sprint(number.Decimal(f, number.MaxFractionDigits(2))) },
		"mailtoSubject": func(addr, subject string) template.URL {
			// A space is %20, not +: mail programs do not read + as a space (RFC 6068).
			return template.URL("mailto:" + url.PathEscape(addr) + "?subject=" + strings.ReplaceAll(url.QueryEscape(subject), "+", "%20"))
		},
		"list":       func(items []string) string { return strings.Join(items, th.listSeparator()) },
		"date":       th.FormatDate,
		"isodate":    func(t time.Time) string { return t.Format("2006-01-02") },
		"number":     func(n any) string { return printer.Sprintf("%d", n) },
		"join":       strings.Join,
		"add":        func(a, b int) int { return a + b },
		"companyURL": func(c *content.Company) string { return th.URL(permalink.Company(c)) },
		"parkURL":    func(p *content.Park) string { return th.URL(permalink.Park(p)) },
		"newsURL":    func(n *content.News) string { return th.URL(permalink.News(n)) },
		"cityURL":    func(c *config.City) string { return th.URL(permalink.City(c.ID)) },
		"serviceURL": func(s *config.Service) string { return th.URL(permalink.Service(s.ID)) },
		"certificationURL": func(c *config.Certification) string {
			return th.URL(permalink.Certification(c.ID))
		},
		// companyCard renders partials/company-card.html for a company once per build and
		// reuses it: a company appears on a dozen listing pages and beside related profiles.
		"companyCard": th.CompanyCard,
		// cardTemplate is the same partial as the directory script's <template>.
		"cardTemplate": th.cardTemplate,
		// partialCached renders a partial once per renderer (one language of one build)
		// and set of keys, as Hugo's partialCached: for what every page repeats.
		"partialCached": th.partialCached,
		"resourceURL":   func(c *content.Company, name string) string { return th.AssetURL(permalink.Company(c) + name) },
		"hasPrefix":     strings.HasPrefix,
		"textLang":      th.TextAttrs,
		"dataLang":      th.DataAttrs,
		"mailto":        func(addr string) template.URL { return template.URL("mailto:" + url.PathEscape(addr)) },
		// nowrap keeps a phone number on one line.
		"nowrap": func(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") },
		"tel": func(phone string) template.URL {
			return template.URL("tel:" + strings.Map(func(r rune) rune {
				if r == '+' || (r >= '0' && r <= '9') {
					return r
				}
				return -1
			}, phone))
		},
	}
}

// Partial renders a partial template alone, for what the renderer draws inside a body.
func (th *Theme) Partial(w io.Writer, name string, data any) error {
	return th.base.ExecuteTemplate(w, name, data)
}

// CompanyCard renders partials/company-card.html for c, once per theme until ForgetCard.
func (th *Theme) CompanyCard(c *content.Company) (template.HTML, error) {
	if h, ok := th.cards.load(c.Source); ok {
		return h, nil
	}
	var buf strings.Builder
	if err := th.base.ExecuteTemplate(&buf, "partials/company-card.html", CardData{Company: c}); err != nil {
		return "", err
	}
	html := template.HTML(buf.String()) // produced by html/template, so already escaped
	th.cards.store(c.Source, html)
	return html, nil
}

// CardData is what partials/company-card.html draws: a company, or with Template set the
// empty card the directory script fills for each hit (every part it fills present, the
// optional ones hidden), so the server's cards and the script's are one markup.
type CardData struct {
	*content.Company
	Template bool
}

// cardTemplate is the card of the directory script's <template>.
func (th *Theme) cardTemplate() (template.HTML, error) {
	specimen := &content.Company{Name: th.strings["companies"], City: &config.City{}}
	var buf strings.Builder
	if err := th.base.ExecuteTemplate(&buf, "partials/company-card.html", CardData{Company: specimen, Template: true}); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // produced by html/template, so already escaped
}

// PartialCache holds what partialCached rendered for the pages of one renderer (one
// language of one build); the zero value is ready to use.
type PartialCache struct{ m sync.Map }

// Page is what partialCached takes as its page: a view that carries its renderer's cache.
type Page interface{ PartialCache() *PartialCache }

// partialCached renders the partial name with page, the page being rendered, the first
// time a page of the same renderer asks for it with the same keys, and returns that
// output to the others. The partial may use only what is the same on all those pages:
// the site, the language's strings and assets, and the keys.
func (th *Theme) partialCached(name string, page Page, keys ...any) (template.HTML, error) {
	var cache *PartialCache
	if page != nil {
		cache = page.PartialCache()
	}
	if cache == nil {
		return "", fmt.Errorf("partialCached %q: the second argument must be the page (.)", name)
	}
	key := name
	for _, k := range keys {
		key += "\x00" + fmt.Sprint(k)
	}
	if v, ok := cache.m.Load(key); ok {
		return v.(template.HTML), nil
	}
	var b strings.Builder
	if err := th.base.ExecuteTemplate(&b, name, page); err != nil {
		return "", err
	}
	html := template.HTML(b.String()) // produced by html/template, so already escaped
	cache.m.Store(key, html)
	return html, nil
}

// TextAttrs returns the lang and dir attributes for the front-matter text of e (a name,
// a summary) on a page in the theme's language: none in the default language; the default
// language's when e has no translation (the text is shown as written); dir="auto" when it
// has one, so a brand name left in Latin letters inside Arabic still reads right.
func (th *Theme) TextAttrs(e *content.Entry) template.HTMLAttr {
	if th.Lang.Prefix == "" || e == nil {
		return ""
	}
	if e.Translations[th.Lang.Code] == nil {
		return th.DefaultLangAttrs()
	}
	return ` dir="auto"`
}

// DefaultLangAttrs returns the lang and dir attributes for text in the site's first
// language shown on a page in another (an untranslated summary, a menu name); none on a
// page in the first language.
func (th *Theme) DefaultLangAttrs() template.HTMLAttr {
	if th.Lang.Prefix == "" {
		return ""
	}
	def := th.cfg.Languages[0]
	return template.HTMLAttr(` lang="` + def.Code + `" dir="` + def.Dir + `"`)
}

// DataAttrs returns the lang and dir attributes for the names of a reference data file
// ("cities", "services", "certifications"): none when the page's language has the file's
// translation (content/data/cities.zh.yaml, which translates every entry), else the first
// language's.
func (th *Theme) DataAttrs(file string) template.HTMLAttr {
	if th.dataTranslated[file] {
		return ""
	}
	return th.DefaultLangAttrs()
}

// FormatNumber writes a number the way the site's language does (1,234.5), with at most
// one decimal: charts' values and ticks.
func (th *Theme) FormatNumber(v float64) string {
	return th.printer.Sprint(number.Decimal(v, number.MaxFractionDigits(1)))
}

// CountryName names a country by its ISO 3166-1 code in the site's language (English
// when x/text has no names in it); content validation has checked the code.
func (th *Theme) CountryName(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	return th.regions.Name(r)
}

// localDigits writes the ASCII digits of s (a size band such as 51-200) in the digits the
// theme's language writes numbers with, so that a page does not mix two kinds: the rule
// the number and date formats follow too.
func (th *Theme) localDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteString(th.printer.Sprint(number.Decimal(int(r - '0'))))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// countryList names the countries of codes in the theme's language, as one list.
func (th *Theme) countryList(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = th.CountryName(c)
	}
	return strings.Join(names, th.listSeparator())
}

// listSeparator is what separates the items of a list in a sentence in the theme's
// language: the ideographic comma in Chinese and Japanese, the Arabic comma in languages
// written in Arabic script, a comma elsewhere.
func (th *Theme) listSeparator() string {
	base, _ := language.Make(th.Lang.Code).Base()
	switch base.String() {
	case "zh", "ja":
		return "、"
	case "ar", "ur", "fa", "ps", "sd":
		return "، "
	}
	return ", "
}

// URL returns the site-relative URL of a page in the theme's language, by its path below
// that language's root ("companies/acme/" is /zh/companies/acme/ in Chinese); the base URL's
// path is kept so the site works below "/".
func (th *Theme) URL(p string) string {
	return th.cfg.BaseURL.Path + th.Lang.Prefix + strings.TrimPrefix(p, "/")
}

// AssetURL returns the site-relative URL of a file all languages share: the theme's static
// files, bundle resources, the sitemap; a fingerprinted file's URL has its hashed name.
func (th *Theme) AssetURL(p string) string {
	p = strings.TrimPrefix(p, "/")
	if a, ok := th.assets[p]; ok {
		p = a.Path
	}
	return th.cfg.BaseURL.Path + p
}

// Asset is a file published under a name made from its content (style.3f9a1c2b7d.css),
// with the Subresource Integrity hash of its bytes.
type Asset struct {
	Path      string // slash-separated, below the site root
	Integrity string // "sha384-..."
}

// SetAssets makes the theme refer to fingerprinted files, by their plain path; it must be
// called before anything renders.
func (th *Theme) SetAssets(assets map[string]Asset) { th.assets = assets }

// FormatDate writes a date the way the theme's language does: the i18n file's date_format
// (a Go layout) with its month names, and digits from x/text (Arabic-Indic in Arabic).
func (th *Theme) FormatDate(t time.Time) string { return th.formatTime(th.strings["date_format"], t) }

// FormatMonth writes a month in the language's words ("November 2026", "2026年11月").
func (th *Theme) FormatMonth(t time.Time) string { return th.formatTime(th.strings["month_format"], t) }

// formatTime writes t by a layout of Go's reference date (January, 2006, 02, 2, 01, 1) with
// the language's month names and digits.
func (th *Theme) formatTime(layout string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(layout); {
		switch {
		case strings.HasPrefix(layout[i:], "January"):
			b.WriteString(th.months[t.Month()-1])
			i += len("January")
		case strings.HasPrefix(layout[i:], "2006"):
			b.WriteString(th.printer.Sprint(number.Decimal(t.Year(), number.NoSeparator())))
			i += 4
		case strings.HasPrefix(layout[i:], "02"):
			b.WriteString(th.printer.Sprint(number.Decimal(t.Day(), number.MinIntegerDigits(2))))
			i += 2
		case layout[i] == '2':
			b.WriteString(th.printer.Sprint(number.Decimal(t.Day())))
			i++
		case strings.HasPrefix(layout[i:], "01"):
			b.WriteString(th.printer.Sprint(number.Decimal(int(t.Month()), number.MinIntegerDigits(2))))
			i += 2
		case layout[i] == '1':
			b.WriteString(th.printer.Sprint(number.Decimal(int(t.Month()))))
			i++
		default:
			_, n := utf8.DecodeRuneInString(layout[i:])
			b.WriteString(layout[i : i+n])
			i += n
		}
	}
	return b.String()
}

// AbsURL returns the absolute URL of a path below the site root.
func (th *Theme) AbsURL(p string) string {
	u := *th.cfg.BaseURL
	u.Path = th.URL(p)
	return u.String()
}
