package content

import (
	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/shortcode"
)

// checkShortcodeRefs reports shortcodes that name something the site does not have: a
// dataset, a service, city, certification or park.
func checkShortcodeRefs(s *Site, source string, calls []shortcode.Call, parks map[string]*Park, parkSlugs []string, errs *diagnostic.List) {
	for _, c := range calls {
		ref := func(arg string, ok bool, ids []string, where string) {
			v, given := c.Args[arg]
			if !given || ok {
				return
			}
			errs.Addf(source, c.Line, c.ArgCols[arg], fields.Hint(v, ids, where), "%s: %s %q does not exist", c.Name, arg, v)
		}
		switch c.Name {
		case "chart":
			if name, ok := c.Args["data"]; ok {
				d := s.Datasets[name]
				ref("data", d != nil, datasetNames(s), "content/data/ (a .yaml or .csv file)")
				if d != nil && d.Title == "" && c.Args["title"] == "" {
					errs.Addf(source, c.Line, c.Col, `add title="..." (a CSV file has no title of its own)`, "chart of %s has no title", d.Source)
				}
				if d != nil && c.Args["type"] == "line" && len(d.Points) < 2 {
					errs.Addf(source, c.Line, c.ArgCols["type"], "use type=\"bar\"", "a line chart needs at least two points; %s has %d", d.Source, len(d.Points))
				}
			}
		case "park-map":
			ref("park", parks[c.Args["park"]] != nil, parkSlugs, "content/parks/")
			if p := parks[c.Args["park"]]; p != nil && p.Location == nil {
				errs.Addf(source, c.Line, c.ArgCols["park"], "add location: to "+p.Source, "park-map: park %q has no location", p.Slug)
			}
		case "companies":
			ref("service", s.Data.Service(c.Args["service"]) != nil, s.Data.ServiceIDs(), config.ServicesFile)
			ref("city", s.Data.City(c.Args["city"]) != nil, s.Data.CityIDs(), config.CitiesFile)
			ref("certification", s.Data.Certification(c.Args["certification"]) != nil, s.Data.CertificationIDs(), config.CertificationsFile)
			ref("park", parks[c.Args["park"]] != nil, parkSlugs, "content/parks/")
		case "contact":
			if c.Args["email"] == "" && s.Config.Contact.Email == "" {
				errs.Addf(source, c.Line, c.Col, `add email="..." or contact.email to `+config.SiteFile, "contact: no address to write to")
			}
		}
	}
}

func datasetNames(s *Site) []string {
	names := make([]string, 0, len(s.Datasets))
	for n := range s.Datasets {
		names = append(names, n)
	}
	return names
}

// HasShortcode reports whether the entry's body uses the shortcode name.
func (e *Entry) HasShortcode(name string) bool {
	for _, c := range e.Shortcodes {
		if c.Name == name {
			return true
		}
	}
	return false
}
