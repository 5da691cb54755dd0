package shortcode

import (
	"maps"
	"slices"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
)

// Refs is what a site has for shortcodes to name: its datasets, reference data, contact
// address and parks (by slug).
type Refs struct {
	Datasets     map[string]*config.Dataset
	Data         *config.Data
	ContactEmail string // the site's (contact.email), for a contact shortcode without one
	Parks        map[string]ParkRef
}

// ParkRef is what a shortcode may ask of a park: where it is written and whether it has a
// location (for a map).
type ParkRef struct {
	Source  string
	Located bool
}

// Check reports the calls (of the file source) that name something the site does not
// have: a dataset, a service, city, certification or park.
func (s *Refs) Check(source string, calls []Call, errs *diagnostic.List) {
	// The ids a hint picks from are listed only for a call that names none of them: Check
	// runs for every entry of every load, and nearly every call is right.
	parkSlugs := func() []string { return slices.Sorted(maps.Keys(s.Parks)) }
	datasets := func() []string { return slices.Sorted(maps.Keys(s.Datasets)) }
	for _, c := range calls {
		ref := func(arg string, ok bool, ids func() []string, where string) {
			v, given := c.Args[arg]
			if !given || ok {
				return
			}
			errs.Addf(source, c.Line, c.ArgCols[arg], diagnostic.SuggestID(v, ids(), where), "%s: %s %q does not exist", c.Name, arg, v)
		}
		switch c.Name {
		case "chart":
			if name, ok := c.Args["data"]; ok {
				d := s.Datasets[name]
				ref("data", d != nil, datasets, "content/data/ (a .yaml or .csv file)")
				if d != nil && d.Title == "" && c.Args["title"] == "" {
					errs.Addf(source, c.Line, c.Col, `add title="..." (a CSV file has no title of its own)`, "chart of %s has no title", d.Source)
				}
				if d != nil && c.Args["type"] == "line" && len(d.Points) < 2 {
					errs.Addf(source, c.Line, c.ArgCols["type"], "use type=\"bar\"", "a line chart needs at least two points; %s has %d", d.Source, len(d.Points))
				}
			}
		case "park-map":
			p, ok := s.Parks[c.Args["park"]]
			ref("park", ok, parkSlugs, "content/parks/")
			if ok && !p.Located {
				errs.Addf(source, c.Line, c.ArgCols["park"], "add location: to "+p.Source, "park-map: park %q has no location", c.Args["park"])
			}
		case "companies":
			ref("service", s.Data.Service(c.Args["service"]) != nil, s.Data.ServiceIDs, config.ServicesFile)
			ref("city", s.Data.City(c.Args["city"]) != nil, s.Data.CityIDs, config.CitiesFile)
			ref("certification", s.Data.Certification(c.Args["certification"]) != nil, s.Data.CertificationIDs, config.CertificationsFile)
			_, ok := s.Parks[c.Args["park"]]
			ref("park", ok, parkSlugs, "content/parks/")
		case "contact":
			if c.Args["email"] == "" && s.ContactEmail == "" {
				errs.Addf(source, c.Line, c.Col, `add email="..." or contact.email to `+config.SiteFile, "contact: no address to write to")
			}
		}
	}
}

// SameCalls reports whether two bodies use the same shortcodes with the same
// arguments, wherever they are.
func SameCalls(a, b []Call) bool {
	return slices.EqualFunc(a, b, func(x, y Call) bool {
		return x.Name == y.Name && maps.Equal(x.Args, y.Args)
	})
}
