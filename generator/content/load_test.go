package content

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/fields"
)

// validSite is a minimal site that loads without errors; each test case changes one file.
func validSite() fstest.MapFS {
	return fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: Test\nbase_url: https://example.org/\n")},
		"content/data/cities.yaml": {Data: []byte("- id: lahore\n  name: Lahore\n  province: Punjab\n  underserved: false\n" +
			"- id: bannu\n  name: Bannu\n  province: Khyber Pakhtunkhwa\n  underserved: true\n")},
		"content/data/services.yaml":       {Data: []byte("- id: web-development\n  label: Web Development\n- id: fintech\n  label: Fintech\n")},
		"content/data/certifications.yaml": {Data: []byte("- id: iso-27001\n  label: ISO 27001\n")},
		"content/companies/acme.md": {Data: []byte("---\nname: Acme\ncity: lahore\npark: lahore-park\nservices: [web-development]\n" +
			"summary: Web apps.\n---\n\nBody.\n")},
		"content/parks/lahore-park.md": {Data: []byte("---\nname: Lahore Park\ncity: lahore\nstatus: operational\nsummary: A park.\n" +
			"location: {lat: 31.5, lng: 74.3}\n---\n")},
		"content/pages/about.md": {Data: []byte("---\ntitle: About\n---\nHello.\n")},
		"content/news/launch.md": {Data: []byte("---\ntitle: Launch\ndate: 2025-01-02\nsummary: We launched.\n---\nNews.\n")},
	}
}

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func load(t *testing.T, fsys fstest.MapFS, opts Options) (*Site, []string) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	site, err := Load(context.Background(), fsys, opts)
	if err == nil {
		return site, nil
	}
	var list *diagnostic.List
	if !errors.As(err, &list) {
		t.Fatalf("Load: unexpected error type %T: %v", err, err)
	}
	var lines []string
	for _, e := range list.Errors() {
		lines = append(lines, e.Error())
	}
	return site, lines
}

func TestValidSiteLoads(t *testing.T) {
	site, errs := load(t, validSite(), Options{})
	if errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	if len(site.Companies) != 1 || site.Companies[0].Park == nil || site.Companies[0].Park.Slug != "lahore-park" {
		t.Fatalf("company not linked to its park: %+v", site.Companies)
	}
	if got := site.CompaniesByService["web-development"]; len(got) != 1 {
		t.Fatalf("service index: %v", got)
	}
	if site.Companies[0].BodyLine != 8 || strings.TrimSpace(string(site.Companies[0].Body)) != "Body." {
		t.Fatalf("body line %d, body %q", site.Companies[0].BodyLine, site.Companies[0].Body)
	}
}

// TestValidationRules has one case per rule: the file to write and the exact errors expected.
func TestValidationRules(t *testing.T) {
	company := "content/companies/acme.md"
	companyWith := func(extra string) string {
		return "---\nname: Acme\ncity: lahore\nservices: [web-development]\nsummary: Web apps.\n" + extra + "---\nBody.\n"
	}
	tests := []struct {
		name  string
		path  string
		data  string // "" with remove deletes the file
		want  []string
		drop  bool
		extra map[string]string
	}{
		{name: "bad yaml", path: company, data: "---\nname: Acme\ncity: x\n  bad: y\n---\n",
			want: []string{"content/companies/acme.md:4: invalid YAML: mapping values are not allowed in this context (check the indentation, and quote values that contain \": \")"}},
		{name: "yaml tab", path: company, data: "---\nname: Acme\n\tcity: x\n---\n",
			want: []string{"content/companies/acme.md:3: invalid YAML: found a tab character that violates indentation (indent with spaces, not tabs)"}},
		{name: "missing name", path: company, data: "---\ncity: lahore\nservices: [web-development]\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:2: missing required field "name" (add a line "name: ...")`}},
		{name: "missing city", path: company, data: "---\nname: A\nservices: [web-development]\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:2: missing required field "city" (add a line "city: ...")`}},
		{name: "missing services", path: company, data: "---\nname: A\ncity: lahore\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:2: missing required field "services" (add a line "services: ...")`}},
		{name: "empty services", path: company, data: companyWith("")[:0] + "---\nname: A\ncity: lahore\nservices: []\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:4:1: required field "services" is an empty list (list at least one)`}},
		{name: "missing summary", path: company, data: "---\nname: A\ncity: lahore\nservices: [web-development]\n---\n",
			want: []string{`content/companies/acme.md:2: missing required field "summary" (add a line "summary: ...")`}},
		{name: "empty name", path: company, data: "---\nname: \"\"\ncity: lahore\nservices: [web-development]\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:2:1: required field "name" is empty (give it a value)`}},
		{name: "unknown key", path: company, data: companyWith("servics: [fintech]\n"),
			want: []string{`content/companies/acme.md:6:1: unknown field "servics" (did you mean "services"?)`}},
		{name: "unknown city", path: company, data: "---\nname: A\ncity: lahor\nservices: [web-development]\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:3:1: unknown city "lahor" (did you mean "lahore"?)`}},
		{name: "unknown service", path: company, data: "---\nname: A\ncity: lahore\nservices: [web-development, fintec]\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:4:29: unknown service "fintec" (did you mean "fintech"?)`}},
		{name: "duplicate service", path: company, data: "---\nname: A\ncity: lahore\nservices: [fintech, fintech]\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:4:21: service "fintech" is listed twice (remove the repeated item)`}},
		{name: "unknown certification", path: company, data: companyWith("certifications: [iso-27002]\n"),
			want: []string{`content/companies/acme.md:6:18: unknown certification "iso-27002" (did you mean "iso-27001"?)`}},
		{name: "certification mapping, unknown id", path: company, data: companyWith("certifications:\n  - id: iso-27002\n    issuer: BSI\n"),
			want: []string{`content/companies/acme.md:7:9: unknown certification "iso-27002" (did you mean "iso-27001"?)`}},
		{name: "certification mapping without id", path: company, data: companyWith("certifications:\n  - issuer: BSI\n"),
			want: []string{`content/companies/acme.md:7: missing required field "certifications[0].id" (add a line "id: ...")`}},
		{name: "certification mapping, unknown key", path: company, data: companyWith("certifications:\n  - id: iso-27001\n    expiry: 2027-01-01\n"),
			want: []string{`content/companies/acme.md:8:5: unknown field "certifications[0].expiry" (did you mean "expires"?)`}},
		{name: "certification expiry not a date", path: company, data: companyWith("certifications:\n  - id: iso-27001\n    expires: next year\n"),
			want: []string{`content/companies/acme.md:8:5: field "certifications[0].expires" must be a date, found text "next year" (write the date as YYYY-MM-DD, e.g. 2025-03-14)`}},
		{name: "certification listed twice, once as a mapping", path: company, data: companyWith("certifications:\n  - iso-27001\n  - id: iso-27001\n"),
			want: []string{`content/companies/acme.md:8:9: certification "iso-27001" is listed twice (remove the repeated item)`}},
		{name: "certification item a list", path: company, data: companyWith("certifications:\n  - [iso-27001]\n"),
			want: []string{`content/companies/acme.md:7:5: field "certifications": each item must be a certification id or a mapping (write a certification id, or id: with issuer: and expires:)`}},
		{name: "registration without checked", path: company, data: companyWith("registration:\n  number: PSEB/IT/2020/0042\n"),
			want: []string{`content/companies/acme.md:6: missing required field "registration.checked" (add a line "checked: ...")`}},
		{name: "registration number not a number", path: company, data: companyWith("registration:\n  number: \"call us!\"\n  checked: 2026-01-05\n"),
			want: []string{`content/companies/acme.md:7:3: registration number "call us!" is not a register number (copy the number as the register writes it, e.g. PSEB/IT/2019/0423)`}},
		{name: "registration checked in the future", path: company, data: companyWith("registration:\n  number: PSEB/IT/2020/0042\n  checked: 2999-01-01\n"),
			want: []string{`content/companies/acme.md:8:3: checked date 2999-01-01 is in the future (give the day the facts were checked, not a future one)`}},
		{name: "registration not a mapping", path: company, data: companyWith("registration: PSEB/IT/2020/0042\n"),
			want: []string{`content/companies/acme.md:6:1: field "registration" must be a mapping, found text "PSEB/IT/2020/0042" (write it as nested key: value lines)`}},
		{name: "technology listed twice", path: company, data: companyWith("technologies: [React, react]\n"),
			want: []string{`content/companies/acme.md:6:23: technologies item "react" is listed twice (remove the repeated item)`}},
		{name: "client name too long", path: company, data: companyWith("clients: [\"" + strings.Repeat("x", 61) + "\"]\n"),
			want: []string{`content/companies/acme.md:6:11: clients item is 61 characters long (shorten it to 60 characters)`}},
		{name: "case study without summary", path: company, data: companyWith("case_studies:\n  - title: Claims platform\n"),
			want: []string{`content/companies/acme.md:7: missing required field "case_studies[0].summary" (add a line "summary: ...")`}},
		{name: "case study bad url and year", path: company, data: companyWith("case_studies:\n  - title: T\n    summary: S.\n    url: javascript:alert(1)\n    year: 1850\n"),
			want: []string{
				`content/companies/acme.md:9:5: url "javascript:alert(1)" is not an http or https address (write the full address, e.g. https://example.com/work/project)`,
				`content/companies/acme.md:10:5: year 1850 is out of range (use a year from 1900 to ` + yearNow() + `)`}},
		{name: "case study not a mapping", path: company, data: companyWith("case_studies: [Claims platform]\n"),
			want: []string{`content/companies/acme.md:6:16: case_studies[0] must be a mapping (write title: and summary: (and client:, year:, url:) under each "- ")`}},
		{name: "founded too early", path: company, data: companyWith("founded: 1850\n"),
			want: []string{`content/companies/acme.md:6:1: founded year 1850 is out of range (use a year from 1900 to ` + yearNow() + `)`}},
		{name: "founded not a number", path: company, data: companyWith("founded: nineteen\n"),
			want: []string{`content/companies/acme.md:6:1: field "founded" must be a whole number, found text "nineteen" (write digits only, e.g. 2015)`}},
		{name: "bad employees band", path: company, data: companyWith("employees: 11-51\n"),
			want: []string{`content/companies/acme.md:6:1: employees "11-51" is not a size band (did you mean "11-50"?)`}},
		{name: "bad export market", path: company, data: companyWith("export_markets: [US, XX, Germany]\n"),
			want: []string{
				`content/companies/acme.md:6:22: export market "XX" is not a country code (use ISO 3166-1 alpha-2 country codes such as US, DE, JP, AE)`,
				`content/companies/acme.md:6:26: export market "Germany" is not a country code (use ISO 3166-1 alpha-2 country codes such as US, DE, JP, AE)`}},
		{name: "website not http", path: company, data: companyWith("website: javascript:alert(1)\n"),
			want: []string{`content/companies/acme.md:6:1: website "javascript:alert(1)" is not an http or https address (write the full address, e.g. https://example.com)`}},
		{name: "bad email", path: company, data: companyWith("email: info-at-acme\n"),
			want: []string{`content/companies/acme.md:6:1: "info-at-acme" is not an email address (write a bare address such as info@example.com)`}},
		{name: "bad phone", path: company, data: companyWith("phone: call us\n"),
			want: []string{`content/companies/acme.md:6:1: "call us" is not a phone number (write it in international form, e.g. +92 51 9205 444)`}},
		{name: "summary too long", path: company, data: companyWith("")[:0] + "---\nname: A\ncity: lahore\nservices: [fintech]\nsummary: " + strings.Repeat("x", 205) + "\n---\n",
			want: []string{`content/companies/acme.md:5:1: summary is 205 characters long, the limit is 200 (shorten it by 5 characters; it is the page's description in search results)`}},
		{name: "logo without bundle", path: company, data: companyWith("logo: logo.svg\n"),
			want: []string{`content/companies/acme.md:6:1: logo "logo.svg" needs a page bundle (make the profile a bundle: move it to content/companies/acme/index.md and put the logo beside it)`}},
		{name: "featured not bool", path: company, data: companyWith("featured: yes\n"),
			want: []string{`content/companies/acme.md:6:1: field "featured" must be true or false, found text "yes" (write true or false)`}},
		{name: "dangling park", path: company, data: companyWith("park: lahore-prak\n"),
			want: []string{`content/companies/acme.md:6:1: park "lahore-prak" does not exist (no published file in content/parks/ has that slug) (did you mean "lahore-park"?)`}},
		{name: "bad slug", path: company, data: companyWith("slug: Acme_Ltd\n"),
			want: []string{`content/companies/acme.md:6:1: slug "Acme_Ltd" is not valid (use lower-case letters, digits and single hyphens, e.g. "acme-systems")`}},
		{name: "path traversal slug", path: company, data: companyWith("slug: ../../x\n"),
			want: []string{`content/companies/acme.md:6:1: slug "../../x" is not valid (use lower-case letters, digits and single hyphens, e.g. "acme-systems")`}},
		{name: "bad file name", path: "content/companies/Acme Ltd.md", data: companyWith(""),
			want: []string{`content/companies/Acme Ltd.md:2: file name "Acme Ltd" is not a valid slug and no slug: field is given (use lower-case letters, digits and single hyphens, e.g. "acme-systems", or rename the file)`}},
		{name: "duplicate slug", path: "content/companies/zeta.md", data: companyWith("slug: acme\n"),
			want: []string{`content/companies/zeta.md:6: duplicate company slug "acme": content/companies/acme.md uses it too (give one of them another slug: or file name)`}},
		{name: "non-utf8 file", path: company, data: "---\nname: Acme \xff\n---\n",
			want: []string{`content/companies/acme.md:2:12: file is not valid UTF-8 text (save the file as UTF-8 in your editor)`}},
		{name: "empty file", path: company, data: "",
			want: []string{`content/companies/acme.md:1: file is empty (add front matter between two "---" lines, or delete the file)`}},
		{name: "no front matter", path: company, data: "# Acme\n",
			want: []string{`content/companies/acme.md:1:1: no front matter: start the file with a line "---", then the fields, then another "---"`}},
		{name: "unclosed front matter", path: company, data: "---\nname: Acme\n",
			want: []string{`content/companies/acme.md:1:1: front matter is not closed: add a line "---" after the last field`}},
		{name: "park expected opening when operational", path: "content/parks/lahore-park.md",
			data: "---\nname: P\ncity: lahore\nstatus: operational\nsummary: S.\nexpected_opening: 2027-01-01\n---\n",
			want: []string{`content/parks/lahore-park.md:6:1: expected_opening given for an operational park (an operational park has opened: give the day as opened:, or change status:)`}},
		{name: "park space over its area", path: "content/parks/lahore-park.md",
			data: "---\nname: P\ncity: lahore\nstatus: planned\nsummary: S.\narea_sqft: 1000\nspace_available_sqft: 2000\n---\n",
			want: []string{`content/parks/lahore-park.md:7:1: space_available_sqft 2000 is more than the park's area (it cannot exceed area_sqft (1000))`}},
		{name: "milestones in order", path: "content/parks/lahore-park.md",
			data: fmt.Sprintf("---\nname: P\ncity: lahore\nstatus: %s\nsummary: S.\nmilestones:\n%s---\n", "under-construction", "  - {event: announced, date: 2025-01-10}\n  - {event: approved, date: 2025-03-01}\n  - {event: construction_started, date: 2025-06-01}\n")},
		{name: "milestone unknown event", path: "content/parks/lahore-park.md",
			data: fmt.Sprintf("---\nname: P\ncity: lahore\nstatus: %s\nsummary: S.\nmilestones:\n%s---\n", "planned", "  - {event: aproved, date: 2025-03-01}\n"),
			want: []string{`content/parks/lahore-park.md:7:6: milestone "aproved" is not a roll-out step (did you mean "approved"?)`}},
		{name: "milestone in the future", path: "content/parks/lahore-park.md",
			data: fmt.Sprintf("---\nname: P\ncity: lahore\nstatus: %s\nsummary: S.\nmilestones:\n%s---\n", "planned", "  - {event: announced, date: 2999-01-01}\n"),
			want: []string{`content/parks/lahore-park.md:7:24: milestone announced is dated 2999-01-01, in the future (a milestone is a step that happened; give the expected day as expected_opening)`}},
		{name: "milestone dates out of order", path: "content/parks/lahore-park.md",
			data: fmt.Sprintf("---\nname: P\ncity: lahore\nstatus: %s\nsummary: S.\nmilestones:\n%s---\n", "planned", "  - {event: announced, date: 2025-05-01}\n  - {event: approved, date: 2025-03-01}\n"),
			want: []string{`content/parks/lahore-park.md:8:23: milestone approved is dated 2025-03-01, before the step it follows (it cannot be before announced (2025-05-01): check both dates)`}},
		{name: "milestone events out of order", path: "content/parks/lahore-park.md",
			data: fmt.Sprintf("---\nname: P\ncity: lahore\nstatus: %s\nsummary: S.\nmilestones:\n%s---\n", "planned", "  - {event: approved, date: 2025-03-01}\n  - {event: announced, date: 2025-05-01}\n"),
			want: []string{`content/parks/lahore-park.md:8:6: milestone announced comes after approved (list the steps in the order they happen: announced, approved, construction_started, operational)`}},
		{name: "milestone twice", path: "content/parks/lahore-park.md",
			data: fmt.Sprintf("---\nname: P\ncity: lahore\nstatus: %s\nsummary: S.\nmilestones:\n%s---\n", "planned", "  - {event: announced, date: 2025-03-01}\n  - {event: announced, date: 2025-05-01}\n"),
			want: []string{`content/parks/lahore-park.md:8:6: milestone "announced" is listed twice (each step happens once: remove the repeated item)`}},
		{name: "status against the last milestone", path: "content/parks/lahore-park.md",
			data: fmt.Sprintf("---\nname: P\ncity: lahore\nstatus: %s\nsummary: S.\nmilestones:\n%s---\n", "operational", "  - {event: announced, date: 2025-03-01}\n  - {event: construction_started, date: 2025-05-01}\n"),
			want: []string{`content/parks/lahore-park.md:4:1: status "operational" does not match the milestones (the last milestone is construction_started (2025-05-01): set status: under-construction, or add the milestone that changed it)`}},
		{name: "milestone not a mapping", path: "content/parks/lahore-park.md",
			data: fmt.Sprintf("---\nname: P\ncity: lahore\nstatus: %s\nsummary: S.\nmilestones:\n%s---\n", "planned", "  - announced 2025\n"),
			want: []string{`content/parks/lahore-park.md:7:5: field "milestones": each item must be a mapping of event and date (write each milestone as {event: approved, date: 2026-03-31})`}},
		{name: "opened against the operational milestone", path: "content/parks/lahore-park.md",
			data: "---\nname: P\ncity: lahore\nstatus: operational\nsummary: S.\nopened: 2024-01-01\nmilestones:\n  - {event: operational, date: 2024-02-01}\n---\n",
			want: []string{`content/parks/lahore-park.md:6:1: opened 2024-01-01 differs from the operational milestone (the operational milestone says 2024-02-01: give one day, or remove opened:)`}},
		{name: "park occupancy not a percentage", path: "content/parks/lahore-park.md",
			data: "---\nname: P\ncity: lahore\nstatus: operational\nsummary: S.\noccupancy: 120\n---\n",
			want: []string{`content/parks/lahore-park.md:6:1: occupancy 120 is not a percentage (give the share of the floor area let, in percent, from 0 to 100)`}},
		{name: "park rent range upside down, bad currency", path: "content/parks/lahore-park.md",
			data: "---\nname: P\ncity: lahore\nstatus: operational\nsummary: S.\nrent: {min: 80, max: 40, currency: RUPEES}\n---\n",
			want: []string{`content/parks/lahore-park.md:6:17: rent max 40 is below min 80 (max is the upper end of the range: swap min and max)`,
				`content/parks/lahore-park.md:6:26: currency "RUPEES" is not a currency code (use an ISO 4217 code such as PKR or USD)`}},
		{name: "park incentive link not http", path: "content/parks/lahore-park.md",
			data: "---\nname: P\ncity: lahore\nstatus: operational\nsummary: S.\nincentives:\n  - text: Tax holiday\n    url: javascript:alert(1)\n---\n",
			want: []string{`content/parks/lahore-park.md:8:5: url "javascript:alert(1)" is not an http or https address (link the policy's page with its full address, e.g. https://pseb.org.pk/incentives)`}},
		{name: "park contact role without a name", path: "content/parks/lahore-park.md",
			data: "---\nname: P\ncity: lahore\nstatus: operational\nsummary: S.\ncontact:\n  role: Manager\n---\n",
			want: []string{`content/parks/lahore-park.md:7:3: role without a name (add name: with the person's name, or remove role:)`}},
		{name: "park bad status", path: "content/parks/lahore-park.md", data: "---\nname: P\ncity: lahore\nstatus: opertional\nsummary: S.\n---\n",
			want: []string{`content/parks/lahore-park.md:4:1: status "opertional" is not a park status (did you mean "operational"?)`}},
		{name: "park missing status", path: "content/parks/lahore-park.md", data: "---\nname: P\ncity: lahore\nsummary: S.\n---\n",
			want: []string{`content/parks/lahore-park.md:2: missing required field "status" (add a line "status: ...")`}},
		{name: "park outside pakistan", path: "content/parks/lahore-park.md", data: "---\nname: P\ncity: lahore\nstatus: planned\nsummary: S.\nlocation:\n  lat: 74.3\n  lng: 31.5\n---\n",
			want: []string{
				`content/parks/lahore-park.md:7:3: latitude 74.3 is outside Pakistan (Pakistan lies between 23.5 and 37.2 degrees north; check that lat and lng are not swapped)`,
				`content/parks/lahore-park.md:8:3: longitude 31.5 is outside Pakistan (Pakistan lies between 60.8 and 77.9 degrees east)`}},
		{name: "park unknown location key", path: "content/parks/lahore-park.md", data: "---\nname: P\ncity: lahore\nstatus: planned\nsummary: S.\nlocation: {lat: 31.5, lon: 74.3}\n---\n",
			want: []string{
				`content/parks/lahore-park.md:6: missing required field "location.lng" (add a line "lng: ...")`,
				`content/parks/lahore-park.md:6:23: unknown field "location.lon" (allowed: lat, lng)`}},
		{name: "park bad opened date", path: "content/parks/lahore-park.md", data: "---\nname: P\ncity: lahore\nstatus: planned\nsummary: S.\nopened: March 2020\n---\n",
			want: []string{`content/parks/lahore-park.md:6:1: field "opened" must be a date, found text "March 2020" (write the date as YYYY-MM-DD, e.g. 2025-03-14)`}},
		{name: "park bad area", path: "content/parks/lahore-park.md", data: "---\nname: P\ncity: lahore\nstatus: planned\nsummary: S.\narea_sqft: -5\n---\n",
			want: []string{`content/parks/lahore-park.md:6:1: area_sqft must be positive (give the floor area in square feet)`}},
		{name: "page missing title", path: "content/pages/about.md", data: "---\nsummary: S.\n---\n",
			want: []string{`content/pages/about.md:2: missing required field "title" (add a line "title: ...")`}},
		{name: "page reserved slug", path: "content/pages/about.md", data: "---\ntitle: T\nslug: companies\n---\n",
			want: []string{`content/pages/about.md:3:1: slug "companies" is reserved for a section of the site (choose another slug)`}},
		{name: "page menu not number", path: "content/pages/about.md", data: "---\ntitle: T\nmenu: top\n---\n",
			want: []string{`content/pages/about.md:3:1: field "menu" must be a whole number, found text "top" (write digits only, e.g. 2015)`}},
		{name: "news missing date", path: "content/news/launch.md", data: "---\ntitle: T\nsummary: S.\n---\n",
			want: []string{`content/news/launch.md:2: missing required field "date" (add a line "date: ...")`}},
		{name: "news bad date", path: "content/news/launch.md", data: "---\ntitle: T\nsummary: S.\ndate: 2025-13-45\n---\n",
			want: []string{`content/news/launch.md:4:1: field "date" must be a date, found text "2025-13-45" (write the date as YYYY-MM-DD, e.g. 2025-03-14)`}},
		{name: "draft not bool", path: "content/news/launch.md", data: "---\ntitle: T\nsummary: S.\ndate: 2025-01-01\ndraft: maybe\n---\n",
			want: []string{`content/news/launch.md:5:1: field "draft" must be true or false, found text "maybe" (write true or false)`}},
		{name: "unknown section", path: "content/compnies/x.md", data: companyWith(""),
			want: []string{`content/compnies: unknown section folder "compnies" (did you mean "companies"?)`}},
		{name: "markdown outside section", path: "content/about.md", data: "---\ntitle: T\n---\n",
			want: []string{`content/about.md: Markdown files belong in a section folder (move it to content/pages/ (or name it in capitals, like CREDITS.md, to keep it out of the site))`}},
		{name: "bundle without index", path: "content/companies/beta/logo.svg", data: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
			want: []string{`content/companies/beta: folder has no index.md (a page bundle needs an index.md beside its files)`}},
		{name: "yaml alias", path: company, data: "---\nname: &n Acme\ncity: lahore\nservices: [fintech]\nsummary: *n\n---\n",
			want: []string{`content/companies/acme.md:5:10: YAML aliases (*name) are not supported here; write the value out`}},
		{name: "duplicate key", path: company, data: "---\nname: A\nname: B\ncity: lahore\nservices: [fintech]\nsummary: S.\n---\n",
			want: []string{`content/companies/acme.md:3:1: key "name" is given twice`}},
		{name: "front matter not a mapping", path: company, data: "---\n- a\n- b\n---\n",
			want: []string{`content/companies/acme.md:2:1: expected a mapping of fields, found a list (write key: value pairs)`}},
		{name: "toml error", path: company, data: "+++\nname = \"A\"\ncity = lahore\n+++\n",
			want: []string{`content/companies/acme.md:3:8: invalid TOML: expected value but found "lahore" instead`}},
		{name: "toml unknown key", path: company, data: "+++\nname = \"A\"\ncity = \"lahore\"\nservices = [\"fintech\"]\nsummary = \"S.\"\ncolour = \"red\"\n+++\n",
			want: []string{`content/companies/acme.md:6:1: unknown field "colour" (allowed: name, city, park, services, certifications, founded, employees, export_markets, website, email, phone, summary, logo, featured, draft, slug, aliases, image, alt, registration, technologies, clients, case_studies)`}},
		{name: "json unknown key", path: company, data: "{\n  \"name\": \"A\",\n  \"city\": \"lahore\",\n  \"services\": [\"fintech\"],\n  \"summary\": \"S.\",\n  \"sumary\": \"x\"\n}\n\nBody\n",
			want: []string{`content/companies/acme.md:6:1: unknown field "sumary" (did you mean "summary"?)`}},
		{name: "json duplicate key", path: company, data: "{\n  \"name\": \"A\",\n  \"city\": \"lahore\",\n  \"name\": \"B\"\n}\n",
			want: []string{`content/companies/acme.md:4:1: key "name" is given twice (keep one)`}},
		{name: "json duplicate nested key", path: company, data: "{\"name\": \"A\", \"location\": {\"lat\": 1, \"lat\": 2}}\n",
			want: []string{`content/companies/acme.md:1:1: key "lat" is given twice (keep one)`}},
		{name: "json syntax", path: company, data: ";;;\n{\"name\": \"A\",\n\"city\": }\n;;;\n",
			want: []string{`content/companies/acme.md:3: invalid JSON: invalid character '}' looking for beginning of value`}},
		{name: "site missing title", path: "content/site.yaml", data: "base_url: https://example.org/\n",
			want: []string{`content/site.yaml:1: missing required field "title" (add a line "title: ...")`}},
		{name: "site bad base_url", path: "content/site.yaml", data: "title: T\nbase_url: example.org\n",
			want: []string{`content/site.yaml:2:1: base_url "example.org" must start with https:// or http:// (e.g. https://www.pseb.org.pk/)`}},
		{name: "site unknown key", path: "content/site.yaml", data: "title: T\nbase_url: https://example.org/\npagesize: 10\n",
			want: []string{`content/site.yaml:3:1: unknown field "pagesize" (did you mean "page_size"?)`}},
		{name: "site bad page size", path: "content/site.yaml", data: "title: T\nbase_url: https://example.org/\npage_size: 0\n",
			want: []string{`content/site.yaml:3:1: page_size 0 is out of range (use a number from 1 to 1000)`}},
		{name: "site bad language", path: "content/site.yaml", data: "title: T\nbase_url: https://example.org/\nlanguage: english!\n",
			want: []string{`content/site.yaml:3:1: language "english!" is not a language tag (use a BCP 47 tag such as en, zh or ar)`}},
		{name: "site bad menu url", path: "content/site.yaml", data: "title: T\nbase_url: https://example.org/\nmenu:\n  - name: X\n    url: javascript:alert(1)\n",
			want: []string{`content/site.yaml:5:5: menu url "javascript:alert(1)" is not a site path or web address (use a site path such as /about/ or a full https:// address)`}},
		{name: "site missing", path: "content/site.yaml", drop: true,
			want: []string{`content/site.yaml: file is missing (create it; see docs/content.md)`}},
		{name: "city missing underserved", path: "content/data/cities.yaml", data: "- id: lahore\n  name: Lahore\n  province: Punjab\n",
			want: []string{`content/data/cities.yaml:1: missing required field "underserved" (add underserved: true or underserved: false)`}},
		{name: "duplicate city id", path: "content/data/cities.yaml", data: "- id: lahore\n  name: L\n  province: P\n  underserved: false\n- id: lahore\n  name: L\n  province: P\n  underserved: false\n",
			want: []string{`content/data/cities.yaml:5:3: city id "lahore" is listed twice (ids must be unique)`}},
		{name: "service unknown key", path: "content/data/services.yaml", data: "- id: fintech\n  label: Fintech\n  descripton: x\n- id: web-development\n  label: Web\n",
			want: []string{`content/data/services.yaml:3:3: unknown field "descripton" (did you mean "description"?)`}},
		{name: "bad id", path: "content/data/certifications.yaml", data: "- id: ISO 27001\n  label: ISO\n",
			want: []string{`content/data/certifications.yaml:1:3: id "ISO 27001" is not valid (use lower-case letters, digits and single hyphens, e.g. "acme-systems")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validSite()
			if tt.drop {
				delete(fsys, tt.path)
			} else {
				fsys[tt.path] = &fstest.MapFile{Data: []byte(tt.data)}
			}
			_, got := load(t, fsys, Options{})
			// A broken data file makes references to it fail too; look only at the file under test.
			var mine []string
			for _, g := range got {
				if strings.HasPrefix(g, tt.path) || strings.HasPrefix(tt.path, strings.SplitN(g, ":", 2)[0]) {
					mine = append(mine, g)
				}
			}
			if strings.Join(mine, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n got: %s\nwant: %s\n all: %s", strings.Join(mine, "\n      "), strings.Join(tt.want, "\n      "), strings.Join(got, "\n      "))
			}
		})
	}
}

func yearNow() string { return timeNow().Format("2006") }

func TestAllErrorsReportedTogether(t *testing.T) {
	fsys := validSite()
	fsys["content/companies/acme.md"] = &fstest.MapFile{Data: []byte("---\nname: A\ncity: lahor\nservics: [fintech]\nsummary: S.\n---\n")}
	fsys["content/parks/lahore-park.md"] = &fstest.MapFile{Data: []byte("---\nname: P\ncity: lahore\nstatus: open\nsummary: S.\n---\n")}
	_, got := load(t, fsys, Options{})
	want := []string{
		`content/companies/acme.md:2: missing required field "services" (add a line "services: ...")`,
		`content/companies/acme.md:3:1: unknown city "lahor" (did you mean "lahore"?)`,
		`content/companies/acme.md:4:1: unknown field "servics" (did you mean "services"?)`,
		`content/parks/lahore-park.md:4:1: status "open" is not a park status (use one of operational, under-construction, planned)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFrontMatterSyntaxes(t *testing.T) {
	tests := map[string]string{
		"yaml crlf bom":                   "\xef\xbb\xbf---\r\nname: Acme\r\ncity: lahore\r\nservices: [web-development]\r\nsummary: Web apps.\r\n---\r\n\r\nBody.\r\n",
		"toml":                            "+++\nname = \"Acme\"\ncity = \"lahore\"\nservices = [\"web-development\"]\nsummary = \"Web apps.\"\n+++\n\nBody.\n",
		"json":                            "{\n  \"name\": \"Acme\",\n  \"city\": \"lahore\",\n  \"services\": [\"web-development\"],\n  \"summary\": \"Web apps.\"\n}\n\nBody.\n",
		"json ;;;":                        ";;;\n{\"name\": \"Acme\", \"city\": \"lahore\", \"services\": [\"web-development\"], \"summary\": \"Web apps.\"}\n;;;\n\nBody.\n",
		"json one line":                   "{\"name\": \"Acme\", \"city\": \"lahore\", \"services\": [\"web-development\"], \"summary\": \"Web apps.\"}\n\nBody.\n",
		"json one line, body right after": "{\"name\": \"Acme\", \"city\": \"lahore\", \"services\": [\"web-development\"], \"summary\": \"Web apps.\"}\nBody.\n",
		"yaml explicit":                   "---yaml\nname: Acme\ncity: lahore\nservices: [web-development]\nsummary: Web apps.\n---\n\nBody.\n",
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			fsys := validSite()
			fsys["content/companies/acme.md"] = &fstest.MapFile{Data: []byte(data)}
			site, errs := load(t, fsys, Options{})
			if errs != nil {
				t.Fatalf("errors: %v", errs)
			}
			c := site.Companies[0]
			if c.Name != "Acme" || c.City.ID != "lahore" || c.Summary != "Web apps." || strings.TrimSpace(string(c.Body)) != "Body." {
				t.Fatalf("decoded %+v body %q", c, c.Body)
			}
			if strings.Contains(string(c.Body), "\r") {
				t.Fatalf("CR left in body")
			}
		})
	}
}

func TestDraftsAndScheduledNews(t *testing.T) {
	fsys := validSite()
	fsys["content/news/later.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Later\ndate: 2030-01-01\nsummary: S.\n---\n")}
	// A draft with a mistake in it does not block publishing the rest.
	fsys["content/companies/wip.md"] = &fstest.MapFile{Data: []byte("---\nname: WIP\ncity: nowhere\nservices: [fintech]\nsummary: S.\ndraft: true\n---\n")}
	site, errs := load(t, fsys, Options{})
	if errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	if len(site.News) != 1 || len(site.Companies) != 1 {
		t.Fatalf("published %d news, %d companies; want 1, 1", len(site.News), len(site.Companies))
	}
	_, errs = load(t, fsys, Options{Drafts: true})
	if len(errs) != 1 || !strings.Contains(errs[0], `unknown city "nowhere"`) {
		t.Fatalf("with --drafts the draft is validated: %v", errs)
	}
	delete(fsys, "content/companies/wip.md")
	site, _ = load(t, fsys, Options{Drafts: true})
	if len(site.News) != 2 || site.News[0].Slug != "later" {
		t.Fatalf("with --drafts scheduled news is included, newest first: %v", site.News)
	}
}

func TestJunkFilesIgnored(t *testing.T) {
	fsys := validSite()
	fsys["content/CREDITS.md"] = &fstest.MapFile{Data: []byte("# Credits\n")}
	fsys["content/README.md"] = &fstest.MapFile{Data: []byte("# About this content\n")}
	for _, p := range []string{"content/companies/.DS_Store", "content/companies/acme.md~", "content/companies/.acme.md.swp",
		"content/companies/notes.txt", "content/.hidden/x.md", "content/companies/#acme.md#"} {
		fsys[p] = &fstest.MapFile{Data: []byte("garbage \xff")}
	}
	fsys["content/companies/beta/index.md"] = &fstest.MapFile{Data: []byte("---\nname: Beta\ncity: lahore\nservices: [fintech]\nsummary: S.\nlogo: logo.svg\n---\n")}
	fsys["content/companies/beta/logo.svg"] = &fstest.MapFile{Data: []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")}
	fsys["content/companies/beta/.DS_Store"] = &fstest.MapFile{Data: []byte("x")}
	site, errs := load(t, fsys, Options{})
	if errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	var beta *Company
	for _, c := range site.Companies {
		if c.Slug == "beta" {
			beta = c
		}
	}
	if beta == nil || beta.Logo != "logo.svg" || strings.Join(beta.Resources, ",") != "logo.svg" {
		t.Fatalf("bundle: %+v", beta)
	}
}

func TestSortedDeterministically(t *testing.T) {
	fsys := validSite()
	fsys["content/companies/b.md"] = &fstest.MapFile{Data: []byte("---\nname: beta\ncity: lahore\nservices: [fintech]\nsummary: S.\n---\n")}
	fsys["content/companies/c.md"] = &fstest.MapFile{Data: []byte("---\nname: Beta\ncity: bannu\nservices: [fintech]\nsummary: S.\n---\n")}
	for i := 0; i < 5; i++ {
		site, errs := load(t, fsys, Options{})
		if errs != nil {
			t.Fatal(errs)
		}
		var got []string
		for _, c := range site.Companies {
			got = append(got, c.Slug)
		}
		if strings.Join(got, ",") != "acme,c,b" {
			t.Fatalf("order %v", got)
		}
	}
}

func TestPhoto(t *testing.T) {
	park := "---\nname: Bannu Park\ncity: lahore\nstatus: planned\nsummary: S.\n%s---\n"
	for _, tt := range []struct {
		name, file, fm string
		want           string
	}{
		{"ok", "content/parks/bannu/index.md", "image: hero.jpg\nalt: The main building\n", ""},
		{"no alt", "content/parks/bannu/index.md", "image: hero.jpg\n", `content/parks/bannu/index.md:6:1: image "hero.jpg" has no alt text (add alt: saying what the photo shows`},
		{"alt only", "content/parks/bannu/index.md", "alt: The main building\n", `content/parks/bannu/index.md:6:1: alt: without image: (add image: with the photo's file name, or remove alt:)`},
		{"missing file", "content/parks/bannu/index.md", "image: heor.jpg\nalt: A\n", `content/parks/bannu/index.md:6:1: image file "heor.jpg" is not in the bundle (did you mean "hero.jpg"?)`},
		{"not a photo", "content/parks/bannu/index.md", "image: notes.txt\nalt: A\n", `image "notes.txt" is not a JPEG or PNG (use a JPEG (photos) or PNG file`},
		{"no bundle", "content/parks/bannu.md", "image: hero.jpg\nalt: A\n", `content/parks/bannu.md:6:1: image "hero.jpg" needs a page bundle (make it a bundle: move content/parks/bannu.md to content/parks/bannu/index.md`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validSite()
			fsys[tt.file] = &fstest.MapFile{Data: []byte(fmt.Sprintf(park, tt.fm))}
			fsys["content/parks/bannu/hero.jpg"] = &fstest.MapFile{Data: []byte("jpeg bytes")}
			fsys["content/parks/bannu/notes.txt"] = &fstest.MapFile{Data: []byte("x")}
			if tt.file != "content/parks/bannu/index.md" {
				delete(fsys, "content/parks/bannu/hero.jpg")
				delete(fsys, "content/parks/bannu/notes.txt")
			}
			site, errs := load(t, fsys, Options{})
			if tt.want == "" {
				if errs != nil {
					t.Fatal(errs)
				}
				found := false
				for _, p := range site.Parks {
					if p.Slug == "bannu" {
						found = true
						if p.Image == nil || p.Image.File != "hero.jpg" || p.Image.Alt != "The main building" || p.Image.Line != 6 {
							t.Errorf("image %+v", p.Image)
						}
					}
				}
				if !found {
					t.Error("no park bannu")
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0], tt.want) {
				t.Errorf("errors %q\nwant %q", errs, tt.want)
			}
		})
	}
}

// TestBuyerFacts reads the facts a buyer checks a company by (registration, certifications
// with issuer and expiry, technologies, clients, case studies) in YAML and in TOML, where
// a certification may be an id or a table.
func TestBuyerFacts(t *testing.T) {
	want := &Company{
		Registration: &fields.Registration{Number: "PSEB/IT/2019/0423", Checked: time.Date(2026, 5, 14, 0, 0, 0, 0, time.UTC)},
		Technologies: []string{"React", "SAP S/4HANA"},
		Clients:      []string{"Northwind (sample)"},
		CaseStudies: []fields.CaseStudy{{Title: "Claims platform", Client: "An insurer", Year: 2024,
			Summary: "Rebuilt claims.", URL: "https://example.com/work"}, {Title: "Second", Summary: "S."}},
	}
	files := map[string]string{
		"yaml": "---\nname: Acme\ncity: lahore\nservices: [web-development]\nsummary: Web apps.\n" +
			"certifications:\n  - id: iso-27001\n    issuer: BSI\n    expires: 2027-09-30\n  - pci-dss\n" +
			"registration:\n  number: PSEB/IT/2019/0423\n  checked: 2026-05-14\n" +
			"technologies: [React, \"SAP S/4HANA\"]\nclients: [\"Northwind (sample)\"]\n" +
			"case_studies:\n  - title: Claims platform\n    client: An insurer\n    year: 2024\n    summary: Rebuilt claims.\n    url: https://example.com/work\n" +
			"  - title: Second\n    summary: S.\n---\nBody.\n",
		"toml": "+++\nname = \"Acme\"\ncity = \"lahore\"\nservices = [\"web-development\"]\nsummary = \"Web apps.\"\n" +
			"certifications = [{ id = \"iso-27001\", issuer = \"BSI\", expires = 2027-09-30 }, \"pci-dss\"]\n" +
			"technologies = [\"React\", \"SAP S/4HANA\"]\nclients = [\"Northwind (sample)\"]\n" +
			"[registration]\nnumber = \"PSEB/IT/2019/0423\"\nchecked = 2026-05-14\n" +
			"[[case_studies]]\ntitle = \"Claims platform\"\nclient = \"An insurer\"\nyear = 2024\nsummary = \"Rebuilt claims.\"\nurl = \"https://example.com/work\"\n" +
			"[[case_studies]]\ntitle = \"Second\"\nsummary = \"S.\"\n+++\nBody.\n",
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			fsys := validSite()
			fsys["content/data/certifications.yaml"] = &fstest.MapFile{Data: []byte("- id: iso-27001\n  label: ISO 27001\n- id: pci-dss\n  label: PCI DSS\n")}
			fsys["content/companies/acme.md"] = &fstest.MapFile{Data: []byte(data)}
			site, errs := load(t, fsys, Options{})
			if errs != nil {
				t.Fatalf("errors: %v", errs)
			}
			c := site.Companies[0]
			if len(c.Certifications) != 2 || c.Certifications[0].ID != "iso-27001" || c.Certifications[1].ID != "pci-dss" {
				t.Fatalf("certifications: %v", c.Certifications)
			}
			held := c.Certifications
			if held[0].Issuer != "BSI" || !held[0].Expires.Equal(time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC)) || held[0].Certification != site.Data.Certification("iso-27001") {
				t.Errorf("first credential: %+v", held[0])
			}
			if held[1].Issuer != "" || !held[1].Expires.IsZero() || held[1].Certification != site.Data.Certification("pci-dss") {
				t.Errorf("second credential: %+v", held[1])
			}
			if c.Registration == nil || c.Registration.Number != want.Registration.Number || !c.Registration.Checked.Equal(want.Registration.Checked) {
				t.Errorf("registration: %+v", c.Registration)
			}
			if fmt.Sprint(c.Technologies, c.Clients, c.CaseStudies) != fmt.Sprint(want.Technologies, want.Clients, want.CaseStudies) {
				t.Errorf("got %v %v %+v\nwant %v %v %+v", c.Technologies, c.Clients, c.CaseStudies, want.Technologies, want.Clients, want.CaseStudies)
			}
		})
	}
}
