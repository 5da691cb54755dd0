package shortcode

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
)

// Check reports each shortcode that names what the site lacks, at the argument, with the
// nearest name as a hint.
func TestRefsCheck(t *testing.T) {
	var errs diagnostic.List
	data := config.LoadData(fstest.MapFS{
		config.CitiesFile:         {Data: []byte("- {id: lahore, name: Lahore, province: Punjab, underserved: false}\n")},
		config.ServicesFile:       {Data: []byte("- {id: fintech, label: Fintech}\n")},
		config.CertificationsFile: {Data: []byte("- {id: iso-27001, label: ISO}\n")},
	}, &errs)
	refs := &Refs{Data: data, Datasets: map[string]*config.Dataset{
		"exports": {Source: "content/data/exports.yaml", Points: []config.Point{{Label: "2024", Value: 1}}},
	}, Parks: map[string]ParkRef{"bannu": {Source: "content/parks/bannu.md", Located: true}, "quetta": {Source: "content/parks/quetta.md"}}}
	call := func(name string, args map[string]string) Call {
		cols := map[string]int{}
		for k := range args {
			cols[k] = 20
		}
		return Call{Name: name, Args: args, Line: 7, Col: 1, ArgCols: cols}
	}
	refs.Check("content/pages/a.md", []Call{
		call("chart", map[string]string{"data": "exprts"}),
		call("chart", map[string]string{"data": "exports", "type": "line"}),
		call("park-map", map[string]string{"park": "quetta"}),
		call("park-map", map[string]string{"park": "bannu"}),
		call("companies", map[string]string{"service": "fintek", "city": "lahore", "park": "banu"}),
		call("contact", map[string]string{}),
	}, &errs)
	for _, want := range []string{
		`content/pages/a.md:7:20: chart: data "exprts" does not exist (did you mean "exports"?)`,
		`content/pages/a.md:7:1: chart of content/data/exports.yaml has no title`,
		`content/pages/a.md:7:20: a line chart needs at least two points; content/data/exports.yaml has 1`,
		`content/pages/a.md:7:20: park-map: park "quetta" has no location (add location: to content/parks/quetta.md)`,
		`content/pages/a.md:7:20: companies: service "fintek" does not exist (did you mean "fintech"?)`,
		`content/pages/a.md:7:20: companies: park "banu" does not exist (did you mean "bannu"?)`,
		`content/pages/a.md:7:1: contact: no address to write to`,
	} {
		if !strings.Contains(errs.Error(), want) {
			t.Errorf("errors lack %s:\n%s", want, errs.Error())
		}
	}
	if strings.Count(errs.Error(), "\n")+1 != 7 {
		t.Errorf("want 7 problems:\n%s", errs.Error())
	}
	errs = diagnostic.List{}
	(&Refs{Data: data, ContactEmail: "info@example.org"}).Check("b.md", []Call{call("contact", nil)}, &errs)
	if errs.Len() != 0 {
		t.Errorf("the site's address serves a contact shortcode: %s", errs.Error())
	}
}
