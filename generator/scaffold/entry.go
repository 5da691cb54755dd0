package scaffold

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/sitefs"
)

// Request is one `sitegen new <kind> "Name"`: the fields its flags fill.
type Request struct {
	Kind string // company, park, page or news
	Name string // the name or title; the slug is made from it
	// Lang starts a translation, in the site language with this code, of the existing
	// file whose slug the name makes.
	Lang string
	// Bundle writes a folder with index.md (for files beside the page: logo, photos).
	Bundle bool

	City           string   // company, park: a city id
	Services       []string // company: service ids
	Certifications []string // company: certification ids
	Park           string   // company: the slug of a park of the site
	Status         string   // park: operational, under-construction or planned
	Date           string   // news: YYYY-MM-DD (default: Now's day)
	Menu           int      // page: weight in the main menu (0: not in it)

	Now time.Time // today, for news dates and the founded year's range
}

// Result is what NewEntry wrote.
type Result struct {
	Path string // slash-separated, relative to the site folder
	// Taken is the file whose slug the name made first, when the new file got another one.
	Taken string
	// Missing lists the required fields left empty for the editor to fill in.
	Missing []string
}

// NewEntry writes the file req asks for in the site at siteDir.
func NewEntry(siteDir string, req Request) (*Result, error) {
	kind, ok := kindByName[req.Kind]
	if !ok {
		return nil, usagef("unknown kind %q%s: sitegen new makes %s", req.Kind, hintOf(diagnostic.Suggest(req.Kind, Kinds)), strings.Join(Kinds, ", "))
	}
	if strings.TrimSpace(req.Name) == "" {
		return nil, usagef("sitegen new %s needs a name: sitegen new %s \"Name\"", req.Kind, req.Kind)
	}
	cfg, data, err := siteConfig(siteDir)
	if err != nil {
		return nil, err
	}
	if req.Now.IsZero() {
		req.Now = time.Now()
	}
	slug := Slug(req.Name)
	if !config.ValidSlug(slug) {
		return nil, usagef("%q makes no file name (no letters or digits to keep); give a name with some", req.Name)
	}
	section := sectionOf[kind]
	if req.Lang != "" {
		return newTranslation(siteDir, cfg, kind, section, slug, req)
	}
	if err := checkFlags(siteDir, kind, data, req); err != nil {
		return nil, err
	}
	res := &Result{}
	base := slug
	for n := 2; existing(siteDir, section, slug, "") != "" || (kind == content.KindPage && slices.Contains(content.ReservedSlugs, slug)); n++ {
		if res.Taken == "" {
			res.Taken = existing(siteDir, section, slug, "")
		}
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	var text []byte
	switch kind {
	case content.KindCompany:
		text, res.Missing = companyFile(req, data, parksOf(siteDir))
	case content.KindPark:
		text, res.Missing = parkFile(req, data)
	case content.KindPage:
		text = pageFile(req)
	case content.KindNews:
		text = newsFile(req)
	}
	res.Path = "content/" + section + "/" + slug + ".md"
	if req.Bundle {
		res.Path = "content/" + section + "/" + slug + "/index.md"
	}
	return res, writeNew(filepath.Join(siteDir, filepath.FromSlash(res.Path)), text)
}

func hintOf(h string) string {
	if h == "" {
		return ""
	}
	return " (" + h + ")"
}

// checkFlags checks the ids the flags give against the data files and the site's parks.
func checkFlags(siteDir string, kind content.Kind, data *config.Data, req Request) error {
	var problems []string
	check := func(flag, id string, ids []string, file string) {
		if id != "" && !slices.Contains(ids, id) {
			problems = append(problems, fmt.Sprintf("--%s %s: not in %s%s", flag, id, file, hintOf(cmpHint(id, ids))))
		}
	}
	allowed := map[content.Kind][]string{
		content.KindCompany: {"city", "services", "certifications", "park"},
		content.KindPark:    {"city", "status"},
		content.KindPage:    {"menu"},
		content.KindNews:    {"date"},
	}[kind]
	given := map[string]bool{"city": req.City != "", "services": len(req.Services) > 0, "certifications": len(req.Certifications) > 0,
		"park": req.Park != "", "status": req.Status != "", "date": req.Date != "", "menu": req.Menu != 0}
	for _, f := range []string{"city", "services", "certifications", "park", "status", "date", "menu"} {
		if given[f] && !slices.Contains(allowed, f) {
			problems = append(problems, fmt.Sprintf("--%s: a %s has no %s field", f, req.Kind, f))
		}
	}
	check("city", req.City, data.CityIDs(), config.CitiesFile)
	for _, s := range req.Services {
		check("services", s, data.ServiceIDs(), config.ServicesFile)
	}
	for _, c := range req.Certifications {
		check("certifications", c, data.CertificationIDs(), config.CertificationsFile)
	}
	check("park", req.Park, parksOf(siteDir), "content/parks/")
	if req.Status != "" && !slices.Contains(content.ParkStatuses, req.Status) {
		problems = append(problems, fmt.Sprintf("--status %s: use one of %s%s", req.Status, strings.Join(content.ParkStatuses, ", "), hintOf(cmpHint(req.Status, content.ParkStatuses))))
	}
	if req.Date != "" {
		if _, err := time.Parse(time.DateOnly, req.Date); err != nil {
			problems = append(problems, fmt.Sprintf("--date %s: not a date (write YYYY-MM-DD, e.g. %s)", req.Date, req.Now.Format(time.DateOnly)))
		}
	}
	if len(problems) > 0 {
		return usagef("%s", strings.Join(problems, "\n"))
	}
	return nil
}

func cmpHint(got string, ids []string) string {
	if h := diagnostic.Suggest(got, ids); h != "" {
		return h
	}
	if len(ids) <= 12 {
		return "use one of " + strings.Join(ids, ", ")
	}
	return ""
}

// parksOf lists the slugs of the site's parks (plain files and bundles; not translations).
func parksOf(siteDir string) []string {
	ents, _ := os.ReadDir(filepath.Join(siteDir, "content", "parks"))
	var slugs []string
	for _, e := range ents {
		name := e.Name()
		switch {
		case e.IsDir():
			if _, err := os.Stat(filepath.Join(siteDir, "content", "parks", name, "index.md")); err == nil {
				slugs = append(slugs, name)
			}
		case strings.HasSuffix(name, ".md") && strings.Count(name, ".") == 1 && !sitefs.IsJunk(name):
			slugs = append(slugs, strings.TrimSuffix(name, ".md"))
		}
	}
	slices.Sort(slugs)
	return slugs
}

// quote writes s as a YAML double-quoted scalar (JSON's string syntax is one).
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSpace(b.String())
}

// idList writes ids as a YAML flow list.
func idList(ids []string) string { return "[" + strings.Join(ids, ", ") + "]" }

// choices lists allowed values for a comment, shortened past max with where to find all.
func choices(ids []string, max int, file string) string {
	if len(ids) == 0 {
		return "none yet: add them to " + file
	}
	if len(ids) <= max {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:max], ", ") + fmt.Sprintf(", ... (%d in all, see %s)", len(ids), file)
}

func companyFile(req Request, data *config.Data, parks []string) ([]byte, []string) {
	var b strings.Builder
	cityName := ""
	if c := data.City(req.City); c != nil {
		cityName = c.Name
	}
	var labels []string
	for _, s := range req.Services {
		labels = append(labels, data.Service(s).Label)
	}
	missing := writeNameAndCity(&b, req, data)
	if len(req.Services) > 0 {
		fmt.Fprintf(&b, "services: %s\n", idList(req.Services))
	} else {
		missing = append(missing, "services")
		fmt.Fprintf(&b, "services: [] # required, at least one of %s\n", choices(data.ServiceIDs(), 20, config.ServicesFile))
	}
	summary := CompanySummary(req.Name, cityName, labels)
	fmt.Fprintf(&b, "# One or two sentences for cards and search results, at most %d characters.\n", fields.MaxSummary)
	fmt.Fprintf(&b, "summary: %s\n", quote(summary))
	if req.Park != "" {
		fmt.Fprintf(&b, "park: %s\n", req.Park)
	}
	if len(req.Certifications) > 0 {
		fmt.Fprintf(&b, "certifications: %s\n", idList(req.Certifications))
	}
	b.WriteString("# Optional: remove the # before a line to use it. docs/content.md describes each field.\n")
	if req.Park == "" {
		fmt.Fprintf(&b, "# park: %s\n", choices(parks, 8, "content/parks/"))
	}
	if len(req.Certifications) == 0 {
		fmt.Fprintf(&b, "# certifications: [%s]\n", choices(data.CertificationIDs(), 12, config.CertificationsFile))
	}
	fmt.Fprintf(&b, "# founded: %d # a year, 1900 to %d\n", req.Now.Year(), req.Now.Year())
	fmt.Fprintf(&b, "# employees: \"11-50\" # one of %s\n", strings.Join(content.EmployeeBands, ", "))
	b.WriteString("# export_markets: [US, GB, DE] # ISO 3166-1 alpha-2 country codes\n")
	fmt.Fprintf(&b, "# website: https://www.%s.example.com\n", Slug(req.Name))
	b.WriteString("# email: hello@example.com\n")
	b.WriteString("# phone: \"+92 42 1234 5678\" # international form\n")
	fmt.Fprintf(&b, "# registration: {number: PSEB/IT/%d/0000, checked: %s} # as PSEB's register writes it; the day the facts were checked\n", req.Now.Year(), req.Now.Format(time.DateOnly))
	b.WriteString("# technologies: [React, Java, AWS] # at most 30\n")
	b.WriteString("# clients: [\"A European insurer\"] # named with their consent, at most 20\n")
	b.WriteString("# logo: logo.svg # a file beside the profile: start it with --bundle\n")
	b.WriteString("# featured: true # on the home page\n")
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "%s ", req.Name)
	if cityName != "" {
		fmt.Fprintf(&b, "is a software company in %s.\n", cityName)
	} else {
		b.WriteString("is a software company.\n")
	}
	b.WriteString("\n## What we do\n\n")
	for _, l := range labels {
		fmt.Fprintf(&b, "- **%s**\n", l)
	}
	b.WriteString("\n<!-- Add a section \"## Working with us\": how a buyer starts (a call, a workshop, a pilot).\n     This comment is not published. -->\n")
	return []byte(b.String()), missing
}

// CompanySummary is a profile's summary made from its facts, for a file an editor (or the
// registry) has not described yet: "Acme Soft, a software company in Lahore: Fintech."
func CompanySummary(name, city string, services []string) string {
	summary := name + ", a software company"
	if city != "" {
		summary += " in " + city
	}
	if len(services) > 0 {
		summary += ": " + strings.Join(services, ", ")
	}
	summary += "."
	if fields.FitSummary(summary) != summary {
		summary = name + "."
	}
	return fields.FitSummary(summary)
}

// writeNameAndCity starts a company's or park's front matter: its name, and its city or an
// empty city to fill in (then reported as missing) with the ids it may take.
func writeNameAndCity(b *strings.Builder, req Request, data *config.Data) (missing []string) {
	b.WriteString("---\n")
	fmt.Fprintf(b, "name: %s\n", quote(req.Name))
	if req.City != "" {
		fmt.Fprintf(b, "city: %s\n", req.City)
		return nil
	}
	fmt.Fprintf(b, "city: \"\" # required: one of %s\n", choices(data.CityIDs(), 20, config.CitiesFile))
	return []string{"city"}
}

func parkFile(req Request, data *config.Data) ([]byte, []string) {
	var b strings.Builder
	missing := writeNameAndCity(&b, req, data)
	status := req.Status
	if status == "" {
		status = "planned"
	}
	fmt.Fprintf(&b, "status: %s # one of %s\n", status, strings.Join(content.ParkStatuses, ", "))
	summary := req.Name + ", a software technology park"
	if c := data.City(req.City); c != nil {
		summary += " in " + c.Name
	}
	fmt.Fprintf(&b, "# At most %d characters.\n", fields.MaxSummary)
	fmt.Fprintf(&b, "summary: %s\n", quote(summary+"."))
	b.WriteString("# Optional: remove the # before a line to use it. docs/content.md describes each field.\n")
	b.WriteString("# location: {lat: 33.6844, lng: 73.0479} # degrees, within Pakistan\n")
	b.WriteString("# area_sqft: 40000\n")
	if status == "operational" {
		b.WriteString("# opened: 2024-01-31\n")
	} else {
		b.WriteString("# expected_opening: 2027-06-30\n")
	}
	b.WriteString("# space_available_sqft: 10000\n")
	b.WriteString("# rent: {min: 45, max: 80, currency: PKR} # per square foot and month\n")
	b.WriteString("# occupancy: 60 # percent of the floor area let\n")
	b.WriteString("# amenities: [\"Backup power\", \"Fibre connectivity\"]\n")
	b.WriteString("# incentives: [{text: \"Income tax exemption on IT exports\", url: \"https://...\"}]\n")
	b.WriteString("# contact: {name: \"...\", role: Park manager, email: park@example.org, phone: \"+92 ...\"}\n")
	b.WriteString("---\n\n<!-- What the park offers companies: space, services, incentives, how to apply. This comment is not published. -->\n")
	return []byte(b.String()), missing
}

func pageFile(req Request) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", quote(req.Name))
	if req.Menu != 0 {
		fmt.Fprintf(&b, "menu: %d\n", req.Menu)
	}
	b.WriteString("# Optional: remove the # before a line to use it.\n")
	fmt.Fprintf(&b, "# summary: \"...\" # the page's description in search results, at most %d characters\n", fields.MaxSummary)
	if req.Menu == 0 {
		b.WriteString("# menu: 60 # show it in the main menu, ordered by this number (Companies is 10, News 50)\n")
	}
	b.WriteString("---\n\n<!-- Write the page here in Markdown; start sections with ##. This comment is not published. -->\n")
	return []byte(b.String())
}

func newsFile(req Request) []byte {
	date := req.Date
	if date == "" {
		date = req.Now.Format(time.DateOnly)
	}
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", quote(req.Name))
	fmt.Fprintf(&b, "date: %s # a later date is published when it comes\n", date)
	fmt.Fprintf(&b, "# One or two sentences for the news list and the feed, at most %d characters.\n", fields.MaxSummary)
	summary := req.Name
	summary = fields.FitSummary(summary)
	fmt.Fprintf(&b, "summary: %s\n", quote(summary))
	b.WriteString("---\n\n<!-- Write the story here in Markdown. This comment is not published. -->\n")
	return []byte(b.String())
}

// newTranslation writes a translation of the file the name's slug finds, in req.Lang: only
// the fields a translation may give, as comments holding the original's words, so the page
// shows the original's text (marked as such) until the editor translates it.
func newTranslation(siteDir string, cfg *config.Site, kind content.Kind, section, slug string, req Request) (*Result, error) {
	var codes []string
	for _, l := range cfg.Languages[1:] {
		codes = append(codes, l.Code)
	}
	if !slices.Contains(codes, req.Lang) {
		if len(codes) == 0 {
			return nil, usagef("--lang %s: the site has one language; add others under languages: in content/site.yaml", req.Lang)
		}
		return nil, usagef("--lang %s: not one of the site's other languages (%s)%s", req.Lang, strings.Join(codes, ", "), hintOf(diagnostic.Suggest(req.Lang, codes)))
	}
	orig := existing(siteDir, section, slug, "")
	if orig == "" {
		return nil, usagef("no %s %q to translate: neither content/%s/%s.md nor content/%s/%s/index.md exists", req.Kind, slug, section, slug, section, slug)
	}
	path := strings.TrimSuffix(orig, ".md") + "." + req.Lang + ".md"
	origText, err := os.ReadFile(filepath.Join(siteDir, filepath.FromSlash(orig)))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "# The %s translation of %s: give only what you translate. A field left\n", req.Lang, orig)
	b.WriteString("# out (or commented) and an empty body show the original's words, marked as such.\n")
	for _, f := range content.TextFields[kind] {
		if v := frontMatterLine(origText, f); v != "" {
			fmt.Fprintf(&b, "# %s\n", v)
		}
	}
	b.WriteString("---\n")
	return &Result{Path: path}, writeNew(filepath.Join(siteDir, filepath.FromSlash(path)), []byte(b.String()))
}

// frontMatterLine returns the line of text's YAML front matter that sets key at the top
// level ("" if none): a hint for the translator, copied as it stands.
func frontMatterLine(text []byte, key string) string {
	lines := strings.Split(string(text), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return ""
	}
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "---" {
			break
		}
		if strings.HasPrefix(l, key+":") && len(strings.TrimSpace(strings.TrimPrefix(l, key+":"))) > 0 {
			return l
		}
	}
	return ""
}
