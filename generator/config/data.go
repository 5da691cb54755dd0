package config

import (
	"io/fs"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
)

// City is an entry of content/data/cities.yaml.
type City struct {
	ID, Name, Province string
	// Underserved cities get priority for parks and the registration fee exemption.
	Underserved bool
}

// Service is an entry of content/data/services.yaml.
type Service struct {
	ID, Label, Description string
}

// Certification is an entry of content/data/certifications.yaml.
type Certification struct {
	ID, Label string
}

// Data is the reference data, each list in file order.
type Data struct {
	Cities         []*City
	Services       []*Service
	Certifications []*Certification
	// Plan is the park roll-out's pace (PlanFile), nil when the site has none.
	Plan *Plan

	cities         map[string]*City
	services       map[string]*Service
	certifications map[string]*Certification
	// locales are the data in other languages (LoadTranslations), by code.
	locales map[string]*Data
	// translated are the reference files (CitiesFile, ...) a locale's data translates.
	translated map[string]bool
}

// City returns the city with id, or nil.
func (d *Data) City(id string) *City { return d.cities[id] }

// Service returns the service with id, or nil.
func (d *Data) Service(id string) *Service { return d.services[id] }

// Certification returns the certification with id, or nil.
func (d *Data) Certification(id string) *Certification { return d.certifications[id] }

// CityIDs, ServiceIDs and CertificationIDs list the known ids, sorted, for hints.
func (d *Data) CityIDs() []string { return sortedIDs(d.Cities, func(c *City) string { return c.ID }) }
func (d *Data) ServiceIDs() []string {
	return sortedIDs(d.Services, func(s *Service) string { return s.ID })
}
func (d *Data) CertificationIDs() []string {
	return sortedIDs(d.Certifications, func(c *Certification) string { return c.ID })
}

// LoadData reads the three data files.
func LoadData(fsys fs.FS, errs *diagnostic.List) *Data {
	d := &Data{cities: map[string]*City{}, services: map[string]*Service{}, certifications: map[string]*Certification{}}
	readEntries(fsys, CitiesFile, []string{"id", "name", "province", "underserved"}, errs, func(r *meta.Reader, id string) {
		c := &City{ID: id, Name: r.String("name", true), Province: r.String("province", true), Underserved: r.Bool("underserved")}
		if !r.Has("underserved") {
			r.Errorf("underserved", "add underserved: true or underserved: false", "missing required field %q", "underserved")
		}
		if _, dup := d.cities[id]; !dup {
			d.cities[id] = c
			d.Cities = append(d.Cities, c)
		} else {
			r.Errorf("id", "ids must be unique", "city id %q is listed twice", id)
		}
	})
	readEntries(fsys, ServicesFile, []string{"id", "label", "description"}, errs, func(r *meta.Reader, id string) {
		s := &Service{ID: id, Label: r.String("label", true), Description: r.String("description", false)}
		if _, dup := d.services[id]; !dup {
			d.services[id] = s
			d.Services = append(d.Services, s)
		} else {
			r.Errorf("id", "ids must be unique", "service id %q is listed twice", id)
		}
	})
	readEntries(fsys, CertificationsFile, []string{"id", "label"}, errs, func(r *meta.Reader, id string) {
		c := &Certification{ID: id, Label: r.String("label", true)}
		if _, dup := d.certifications[id]; !dup {
			d.certifications[id] = c
			d.Certifications = append(d.Certifications, c)
		} else {
			r.Errorf("id", "ids must be unique", "certification id %q is listed twice", id)
		}
	})
	d.Plan = LoadPlan(fsys, errs)
	return d
}

// readEntries reads a data file that is a list of mappings with an id each.
func readEntries(fsys fs.FS, path string, keys []string, errs *diagnostic.List, add func(*meta.Reader, string)) {
	v := parseYAMLFile(fsys, path, errs)
	if v == nil {
		return
	}
	items, ok := v.V.([]*meta.Value)
	if !ok {
		errs.Addf(path, v.Line, v.Col, "start each entry with \"- id: ...\"", "expected a list of entries")
		return
	}
	for _, it := range items {
		r := meta.NewReader(path, it, it.Line, errs)
		r.CheckUnknown(keys)
		id := r.String("id", true)
		if id == "" {
			continue
		}
		if !ValidSlug(id) {
			r.Errorf("id", SlugHint, "id %q is not valid", id)
			continue
		}
		add(r, id)
	}
}
