package config

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
)

// ReferenceTranslation reports whether p is a translation of a reference data file
// (content/data/cities.zh.yaml translates cities.yaml into zh), with the file it translates
// and the language code; the code is not checked against the site's languages.
func ReferenceTranslation(p string) (base, code string, ok bool) {
	dir, name := path.Split(p)
	if dir != DataDir+"/" || path.Ext(name) != ".yaml" {
		return "", "", false
	}
	stem := strings.TrimSuffix(name, ".yaml")
	i := strings.LastIndexByte(stem, '.')
	if i <= 0 {
		return "", "", false
	}
	base = DataDir + "/" + stem[:i] + ".yaml"
	if !slices.Contains(referenceFiles, base) || base == PlanFile { // a pace has no words to translate
		return "", "", false
	}
	return base, stem[i+1:], true
}

// Localized returns the reference data with the names of the language code (from its
// translations, cities.zh.yaml beside cities.yaml), or d itself when code has none. Ids,
// order and everything not translated are d's.
func (d *Data) Localized(code string) *Data {
	if l := d.locales[code]; l != nil {
		return l
	}
	return d
}

// Translates reports whether the language code has its own names for the reference file
// base (CitiesFile, ServicesFile, CertificationsFile): a translation file translates every
// entry of its file, so its presence says it. A nil Data translates nothing.
func (d *Data) Translates(code, base string) bool {
	if d == nil || d.locales[code] == nil {
		return false
	}
	return d.locales[code].translated[base]
}

// LoadTranslations reads the translations of the reference data into langs (the site's
// other languages): content/data/<file>.<code>.yaml lists entries by id with the fields
// that are text (a city's name and province, a service's label and description, a
// certification's label). A translation file must translate every entry of its file, as a
// theme's strings must; a file for a language the site does not have is an error too.
func (d *Data) LoadTranslations(fsys fs.FS, langs []string, errs *diagnostic.List) {
	ents, err := fs.ReadDir(fsys, DataDir)
	if err != nil {
		return
	}
	for _, e := range ents {
		p := DataDir + "/" + e.Name()
		base, code, ok := ReferenceTranslation(p)
		if !ok || e.IsDir() {
			continue
		}
		if !slices.Contains(langs, code) {
			hint := "name it <file>.<code>.yaml with a code from content/site.yaml's languages"
			if len(langs) == 0 {
				hint = "add the language to content/site.yaml, or remove the file"
			}
			errs.Addf(p, 0, 0, hint, "%q is not one of the site's other languages", code)
			continue
		}
		if d.locales == nil {
			d.locales = map[string]*Data{}
		}
		l := d.locales[code]
		if l == nil {
			l = d.copyData()
			d.locales[code] = l
		}
		if l.translated == nil {
			l.translated = map[string]bool{}
		}
		l.translated[base] = true
		switch base {
		case CitiesFile:
			translateEntries(fsys, p, "city", []string{"name", "province"}, d.CityIDs(), errs, func(id string, r *meta.Reader) {
				c := l.cities[id]
				c.Name = r.String("name", true)
				if s := r.String("province", false); s != "" {
					c.Province = s
				}
			})
		case ServicesFile:
			translateEntries(fsys, p, "service", []string{"label", "description"}, d.ServiceIDs(), errs, func(id string, r *meta.Reader) {
				s := l.services[id]
				s.Label = r.String("label", true)
				if t := r.String("description", false); t != "" {
					s.Description = t
				}
			})
		case CertificationsFile:
			translateEntries(fsys, p, "certification", []string{"label"}, d.CertificationIDs(), errs, func(id string, r *meta.Reader) {
				l.certifications[id].Label = r.String("label", true)
			})
		}
	}
}

// copyData copies d's entries, so that a language's names can be set on the copies.
func (d *Data) copyData() *Data {
	l := &Data{cities: map[string]*City{}, services: map[string]*Service{}, certifications: map[string]*Certification{}, Plan: d.Plan}
	for _, c := range d.Cities {
		cc := *c
		l.Cities = append(l.Cities, &cc)
		l.cities[c.ID] = &cc
	}
	for _, s := range d.Services {
		sc := *s
		l.Services = append(l.Services, &sc)
		l.services[s.ID] = &sc
	}
	for _, c := range d.Certifications {
		cc := *c
		l.Certifications = append(l.Certifications, &cc)
		l.certifications[c.ID] = &cc
	}
	return l
}

// translateEntries reads the translation file p of the entries with ids, each item an id
// and the text fields keys, and reports unknown, repeated and missing ids.
func translateEntries(fsys fs.FS, p, what string, keys, ids []string, errs *diagnostic.List, set func(id string, r *meta.Reader)) {
	v := parseYAMLFile(fsys, p, errs)
	if v == nil {
		return
	}
	items, ok := v.V.([]*meta.Value)
	if !ok {
		errs.Addf(p, v.Line, v.Col, "start each entry with \"- id: ...\"", "expected a list of entries")
		return
	}
	seen := map[string]bool{}
	for _, it := range items {
		r := meta.NewReader(p, it, it.Line, errs)
		r.CheckUnknown(append([]string{"id"}, keys...))
		id := r.String("id", true)
		switch {
		case id == "":
		case !slices.Contains(ids, id):
			hint := diagnostic.SuggestOr(id, ids, "use an id of the file it translates")
			r.Errorf("id", hint, "unknown %s %q", what, id)
		case seen[id]:
			r.Errorf("id", "keep one of them", "%s %q is translated twice", what, id)
		default:
			seen[id] = true
			set(id, r)
		}
	}
	for _, id := range ids {
		if !seen[id] {
			errs.Addf(p, v.Line, 0, fmt.Sprintf("add \"- id: %s\" with its %s", id, strings.Join(keys[:1], "")),
				"%s %q is not translated", what, id)
		}
	}
}
