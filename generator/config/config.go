// Package config owns the site-wide settings editors keep in content/site.yaml and the
// reference data in content/data/*.yaml (cities, services, certifications) that front matter
// refers to by id. Everything is validated on load; problems go to a diagnostic list.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
)

// File paths, relative to the site root.
const (
	SiteFile           = "content/site.yaml"
	CitiesFile         = "content/data/cities.yaml"
	ServicesFile       = "content/data/services.yaml"
	CertificationsFile = "content/data/certifications.yaml"
)

// DefaultBrotliQuality is brotli's quality for pages unless publish.brotli_quality says.
const DefaultBrotliQuality = 4

// DefaultPageSize is the number of entries on a listing page when site.yaml does not say.
const DefaultPageSize = 24

// Site is content/site.yaml.
type Site struct {
	Title       string
	BaseURL     *url.URL // absolute, path ends in "/"
	Description string
	Language    string
	PageSize    int
	Theme       string
	Menu        []MenuItem
	Contact     Contact
	// Languages are the languages the site is published in, the default (Language) first.
	Languages []Language
	Publish   Publish
	Deploy    Deploy
}

// Publish is how production output is made for hosting (site.yaml `publish:`).
type Publish struct {
	// Precompress writes .gz and .br siblings of text files (also the build's --precompress).
	Precompress bool
	// BrotliQuality is brotli's quality (0-11) for pages; fingerprinted assets get 11.
	BrotliQuality int
}

// MenuItem is an extra link in the main menu; pages with `menu:` join it too.
type MenuItem struct {
	Name string
	// Names are the item's name in other languages, by code; Name is used for the rest.
	Names  map[string]string
	URL    string
	Weight int
}

// NameIn returns the item's name in the language code.
func (m MenuItem) NameIn(code string) string {
	if n := m.Names[code]; n != "" {
		return n
	}
	return m.Name
}

// Contact is the organisation's own contact block, shown in the footer.
type Contact struct {
	Email   string
	Phone   string
	Address string
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a slug or id: lower-case letters and digits in words joined
// by single hyphens. It is also what keeps every output path inside the output directory.
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// SlugHint explains the slug rule.
const SlugHint = "use lower-case letters, digits and single hyphens, e.g. \"acme-systems\""

var siteKeys = []string{"title", "base_url", "description", "language", "languages", "page_size", "theme", "menu", "contact", "publish", "deploy"}

// LoadSite reads content/site.yaml.
func LoadSite(fsys fs.FS, errs *diagnostic.List) *Site {
	s := &Site{Language: "en", PageSize: DefaultPageSize, Theme: "default", Publish: Publish{BrotliQuality: DefaultBrotliQuality}}
	r := readYAML(fsys, SiteFile, errs)
	if r == nil {
		s.Languages = []Language{defaultLanguage(s)}
		return s
	}
	r.CheckUnknown(siteKeys)
	s.Title = r.String("title", true)
	if raw := r.String("base_url", true); raw != "" {
		u, err := ParseBaseURL(raw)
		if err != nil {
			r.Errorf("base_url", "e.g. https://www.pseb.org.pk/", "base_url %q %v", raw, err)
		} else {
			s.BaseURL = u
		}
	}
	s.Description = r.String("description", false)
	if lang := r.String("language", false); lang != "" {
		if _, err := language.Parse(lang); err != nil {
			r.Errorf("language", "use a BCP 47 tag such as en, zh or ar", "language %q is not a language tag", lang)
		} else {
			s.Language = lang
		}
	}
	if n, ok := r.Int("page_size", false); ok {
		if n < 1 || n > 1000 {
			r.Errorf("page_size", "use a number from 1 to 1000", "page_size %d is out of range", n)
		} else {
			s.PageSize = int(n)
		}
	}
	if th := r.String("theme", false); th != "" {
		if !ValidSlug(th) {
			r.Errorf("theme", SlugHint, "theme %q is not a valid theme folder name", th)
		} else {
			s.Theme = th
		}
	}
	readLanguages(r, s)
	for i, it := range r.List("menu", false) {
		mr := r.Sub("menu", i, it)
		mr.CheckUnknown([]string{"name", "url", "weight"})
		item := MenuItem{URL: mr.String("url", true)}
		if mr.IsMap("name") {
			names := mr.Map("name", true)
			// name: {en: Register, zh: 注册, ar: ...}
			item.Names = map[string]string{}
			codes := s.LanguageCodes()
			for _, k := range names.Keys() {
				if !slices.Contains(codes, k) {
					names.Errorf(k, "the site's languages are "+strings.Join(codes, ", "), "%q is not one of the site's languages", k)
					continue
				}
				item.Names[k] = names.String(k, true)
			}
			item.Name = item.Names[s.Language]
			if item.Name == "" {
				mr.Errorf("name", fmt.Sprintf("add %s: ... (the default language)", s.Language), "menu name has no %s text", s.Language)
			}
		} else {
			item.Name = mr.String("name", true)
		}
		if w, ok := mr.Int("weight", false); ok {
			item.Weight = int(w)
		}
		if item.URL != "" && !validMenuURL(item.URL) {
			mr.Errorf("url", "use a site path such as /about/ or a full https:// address", "menu url %q is not a site path or web address", item.URL)
		}
		s.Menu = append(s.Menu, item)
	}
	if pr := r.Map("publish", false); pr != nil {
		pr.CheckUnknown([]string{"precompress", "brotli_quality"})
		s.Publish.Precompress = pr.Bool("precompress")
		if q, ok := pr.Int("brotli_quality", false); ok {
			if q < 0 || q > 11 {
				pr.Errorf("brotli_quality", "use 0 (fastest) to 11 (smallest); 4 compresses pages about 60 times faster than 11", "brotli_quality %d is out of range", q)
			} else {
				s.Publish.BrotliQuality = int(q)
			}
		}
	}
	readDeploy(r, s)
	if c := r.Map("contact", false); c != nil {
		c.CheckUnknown([]string{"email", "phone", "address"})
		s.Contact = Contact{Email: c.String("email", false), Phone: c.String("phone", false), Address: c.String("address", false)}
		if s.Contact.Email != "" && !ValidEmail(s.Contact.Email) {
			c.Errorf("email", "e.g. info@pseb.org.pk", "%q is not an email address", s.Contact.Email)
		}
	}
	return s
}

// ParseBaseURL checks that raw is an absolute http(s) URL without query or fragment and
// returns it with a path ending in "/".
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, errors.New("is not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("must start with https:// or http://")
	case u.Host == "":
		return nil, errors.New("has no host name")
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return nil, errors.New("must not have a query, fragment or user name")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u, nil
}

func validMenuURL(s string) bool {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// ValidEmail accepts a bare address such as info@example.com: one @, a local part of
// letters, digits and . _ + - ' (no ? & = % / , ; or anything else a mailto: link or a
// mail header would read as syntax), and a domain of at least two labels of letters,
// digits and inner hyphens.
func ValidEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(s) > 254 || len(local) > 64 || strings.Contains(domain, "@") {
		return false
	}
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	for _, r := range local {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._+-'", r)) {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
				return false
			}
		}
	}
	return true
}

// readYAML opens path and returns a reader over its top-level mapping, or nil (with the
// problem reported) when the file is missing or does not parse.
func readYAML(fsys fs.FS, path string, errs *diagnostic.List) *meta.Reader {
	v := parseYAMLFile(fsys, path, errs)
	if v == nil {
		return nil
	}
	return meta.NewReader(path, v, 1, errs)
}

func parseYAMLFile(fsys fs.FS, path string, errs *diagnostic.List) *meta.Value {
	data, err := fs.ReadFile(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		errs.Addf(path, 0, 0, "create it; see docs/content.md", "file is missing")
		return nil
	}
	if err != nil {
		errs.Addf(path, 0, 0, "", "cannot read: %v", err)
		return nil
	}
	data, ok := meta.CleanText(path, data, errs)
	if !ok {
		return nil
	}
	v, err := meta.ParseYAML(data, 0)
	if err != nil {
		var se *meta.SyntaxError
		if errors.As(err, &se) {
			errs.Addf(path, se.Line, se.Col, "check indentation and quoting", "%s", se.Msg)
		} else {
			errs.Addf(path, 0, 0, "", "%v", err)
		}
		return nil
	}
	return v
}

// sortedIDs lists the ids of items for suggestions and hints.
func sortedIDs[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	slices.Sort(out)
	return out
}
