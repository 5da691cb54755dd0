package content

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
)

// Fields allowed in each kind's front matter.
var fields = map[Kind][]string{
	KindCompany: {"name", "city", "park", "services", "certifications", "founded", "employees",
		"export_markets", "website", "email", "phone", "summary", "logo", "featured", "draft", "slug", "aliases", "image", "alt",
		"registration", "technologies", "clients", "case_studies"},
	KindPark: {"name", "city", "status", "location", "area_sqft", "opened", "amenities", "incentives",
		"contact", "summary", "draft", "slug", "aliases", "image", "alt",
		"expected_opening", "space_available_sqft", "rent", "occupancy", "milestones"},
	KindPage: {"title", "summary", "menu", "draft", "slug", "aliases", "image", "alt"},
	KindNews: {"title", "date", "summary", "draft", "slug", "aliases", "image", "alt"},
	KindHome: {"title", "summary"},
}

// MaxSummary is the longest summary, in characters: it is the page's meta description.
const MaxSummary = 200

// ReservedSlugs are the top-level URL names a page slug must not take.
var ReservedSlugs = []string{"companies", "parks", "news", "pages", "cities", "services", "certifications",
	"page", "css", "js", "img", "assets", "search", "shortlist", "zh", "ar", "en"}

// Pakistan's bounding box, with a small margin, for park locations.
const (
	minLat, maxLat = 23.5, 37.2
	minLng, maxLng = 60.8, 77.9
)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()./-]{5,24}$`)

func decode(r *meta.Reader, e *Entry, f file, site *Site, opts Options) any {
	r.CheckUnknown(fields[f.kind])
	e.Slug = slugOf(r, f)
	e.slugLine = r.Line("slug")
	e.Aliases = aliases(r)
	e.Image = photo(r, e)
	switch f.kind {
	case KindCompany:
		return decodeCompany(r, e, site)
	case KindPark:
		return decodePark(r, e, site)
	case KindPage:
		e.Title = r.String("title", true)
		e.Summary = summary(r, false)
		p := &Page{Entry: *e}
		if w, ok := r.Int("menu", false); ok {
			p.MenuWeight, p.InMenu = int(w), true
		}
		if slices.Contains(ReservedSlugs, e.Slug) {
			r.Errorf("slug", "choose another slug", "slug %q is reserved for a section of the site", e.Slug)
		} else if slices.Contains(site.Config.LanguageCodes(), e.Slug) {
			r.Errorf("slug", "choose another slug", "slug %q is the folder of one of the site's languages", e.Slug)
		}
		return p
	case KindNews:
		e.Title = r.String("title", true)
		e.Summary = summary(r, true)
		n := &News{Entry: *e}
		n.Date, _ = r.Date("date", true)
		if !opts.Drafts && n.Date.After(opts.Now) {
			e.Draft = true // scheduled: published once its date has come
		}
		return n
	case KindHome:
		e.Title = r.String("title", false)
		e.Summary = summary(r, false)
		return &Home{Entry: *e}
	}
	return nil
}

// slugOf returns the slug: `slug:` if given, else the file or bundle folder name.
func slugOf(r *meta.Reader, f file) string {
	if f.kind == KindHome {
		return ""
	}
	if s := r.String("slug", false); r.Has("slug") {
		if !config.ValidSlug(s) {
			r.Errorf("slug", config.SlugHint, "slug %q is not valid", s)
		}
		return s
	}
	name := path.Base(f.path)
	if f.bundle != "" {
		name = path.Base(f.bundle)
	}
	name = strings.TrimSuffix(name, ".md")
	if !config.ValidSlug(name) {
		r.Errorf("slug", config.SlugHint+", or rename the file",
			"file name %q is not a valid slug and no slug: field is given", name)
	}
	return name
}

func summary(r *meta.Reader, required bool) string {
	s := r.String("summary", required)
	if n := utf8.RuneCountInString(s); n > MaxSummary {
		r.Errorf("summary", fmt.Sprintf("shorten it by %d characters; it is the page's description in search results", n-MaxSummary),
			"summary is %d characters long, the limit is %d", n, MaxSummary)
	}
	return s
}

func city(r *meta.Reader, site *Site) *config.City {
	id := r.String("city", true)
	if id == "" {
		return nil
	}
	c := site.Data.City(id)
	if c == nil {
		r.Errorf("city", hintFor(id, site.Data.CityIDs(), config.CitiesFile), "unknown city %q", id)
	}
	return c
}

// references reads a list of ids of reference data, reporting unknown and repeated ids at
// the item that has them.
func references[T any](r *meta.Reader, key string, required bool, what string, lookup func(string) *T, ids func() []string, file string) []*T {
	var out []*T
	for _, t := range r.Strings(key, required) {
		v := lookup(t.S)
		switch {
		case v == nil:
			r.ErrorAt(t.Val, hintFor(t.S, ids(), file), "unknown %s %q", what, t.S)
		case slices.Contains(out, v):
			r.ErrorAt(t.Val, "remove the repeated item", "%s %q is listed twice", what, t.S)
		default:
			out = append(out, v)
		}
	}
	return out
}

func hintFor(got string, ids []string, file string) string {
	if h := diagnostic.Suggest(got, ids); h != "" {
		return h
	}
	return "use an id from " + file
}

func decodeCompany(r *meta.Reader, e *Entry, site *Site) *Company {
	c := &Company{Entry: *e}
	c.Name = r.String("name", true)
	c.Title = c.Name
	c.Summary = summary(r, true)
	c.City = city(r, site)
	c.parkSlug = r.String("park", false)
	c.parkLine, c.parkCol = r.Line("park"), r.Col("park")
	c.Services = references(r, "services", true, "service", site.Data.Service, site.Data.ServiceIDs, config.ServicesFile)
	c.Certifications, c.Credentials = credentials(r, site)
	c.Registration = registration(r)
	c.Technologies = labels(r, "technologies", maxTechnologies, maxLabel)
	c.Clients = labels(r, "clients", maxClients, maxLabel)
	c.CaseStudies = caseStudies(r)
	if y, ok := r.Int("founded", false); ok {
		this := timeNow().Year()
		if y < 1900 || y > int64(this) {
			r.Errorf("founded", fmt.Sprintf("use a year from 1900 to %d", this), "founded year %d is out of range", y)
		} else {
			c.Founded = int(y)
		}
	}
	if b := r.String("employees", false); b != "" {
		if !slices.Contains(EmployeeBands, b) {
			hint := diagnostic.Suggest(b, EmployeeBands)
			if hint == "" {
				hint = "use one of " + strings.Join(EmployeeBands, ", ")
			}
			r.Errorf("employees", hint, "employees %q is not a size band", b)
		} else {
			c.Employees = b
		}
	}
	for _, t := range r.Strings("export_markets", false) {
		code := strings.ToUpper(t.S)
		if !IsCountryCode(code) {
			r.ErrorAt(t.Val, "use ISO 3166-1 alpha-2 country codes such as US, DE, JP, AE", "export market %q is not a country code", t.S)
			continue
		}
		if slices.Contains(c.ExportMarkets, code) {
			r.ErrorAt(t.Val, "remove the repeated item", "export market %q is listed twice", t.S)
			continue
		}
		c.ExportMarkets = append(c.ExportMarkets, code)
	}
	if w := r.String("website", false); w != "" {
		if !validWebURL(w) {
			r.Errorf("website", "write the full address, e.g. https://example.com", "website %q is not an http or https address", w)
		} else {
			c.Website = w
		}
	}
	c.Email = email(r, "email")
	c.Phone = phone(r, "phone")
	if logo := r.String("logo", false); logo != "" &&
		bundleFile(r, e, "logo", logo, fmt.Sprintf("make the profile a bundle: move it to content/companies/%s/index.md and put the logo beside it", e.Slug),
			[]string{".svg", ".png", ".jpg", ".jpeg", ".webp"}, "is not an image", "use an SVG, PNG, JPEG or WebP file") {
		c.Logo = logo
	}
	c.Featured = r.Bool("featured")
	return c
}

// Limits of a profile's lists, so that one profile cannot swamp its page or the index.
const (
	maxTechnologies = 30
	maxClients      = 20
	maxLabel        = 60 // characters of a technology or client name
	maxCaseStudies  = 6
	maxCaseTitle    = 100
	maxCaseSummary  = 400
)

// registrationPattern is a PSEB registration number as the register writes it
// (letters, digits, and / - . or spaces between them).
var registrationPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9 ./-]{0,38}[A-Za-z0-9])?$`)

// credentials reads certifications:, each item an id of the certifications file or a mapping
// {id, issuer, expires}; unknown and repeated ids are reported at the item that has them.
func credentials(r *meta.Reader, site *Site) ([]*config.Certification, []Credential) {
	var certs []*config.Certification
	var creds []Credential
	for i, it := range r.Items("certifications", false) {
		var id string
		var cred Credential
		at := it
		if _, isMap := it.V.(*meta.Map); isMap {
			cr := r.Sub("certifications", i, it)
			cr.CheckUnknown([]string{"id", "issuer", "expires"})
			id = strings.TrimSpace(cr.String("id", true))
			if v := cr.Value("id"); v != nil {
				at = v
			}
			cred.Issuer = strings.TrimSpace(cr.String("issuer", false))
			if n := utf8.RuneCountInString(cred.Issuer); n > maxLabel {
				cr.Errorf("issuer", fmt.Sprintf("shorten it to %d characters", maxLabel), "issuer is %d characters long", n)
			}
			cred.Expires, _ = cr.Date("expires", false)
			if id == "" {
				continue
			}
		} else if s, ok := meta.Scalar(it); ok && strings.TrimSpace(s) != "" {
			id = strings.TrimSpace(s)
		} else {
			r.ErrorAt(it, "write a certification id, or id: with issuer: and expires:", "field %q: each item must be a certification id or a mapping", "certifications")
			continue
		}
		ct := site.Data.Certification(id)
		switch {
		case ct == nil:
			r.ErrorAt(at, hintFor(id, site.Data.CertificationIDs(), config.CertificationsFile), "unknown certification %q", id)
		case slices.Contains(certs, ct):
			r.ErrorAt(at, "remove the repeated item", "certification %q is listed twice", id)
		default:
			cred.Certification = ct
			certs = append(certs, ct)
			creds = append(creds, cred)
		}
	}
	return certs, creds
}

// registration reads registration: {number, checked}, the company's entry in PSEB's
// register and the day PSEB last checked the profile's facts.
func registration(r *meta.Reader) *Registration {
	rr := r.Map("registration", false)
	if rr == nil {
		return nil
	}
	rr.CheckUnknown([]string{"number", "checked"})
	num := strings.TrimSpace(rr.String("number", true))
	checked, okDate := rr.Date("checked", true)
	ok := num != "" && okDate
	if num != "" && !registrationPattern.MatchString(num) {
		rr.Errorf("number", "copy the number as the register writes it, e.g. PSEB/IT/2019/0423", "registration number %q is not a register number", num)
		ok = false
	}
	if okDate && checked.After(timeNow()) {
		rr.Errorf("checked", "give the day the facts were checked, not a future one", "checked date %s is in the future", checked.Format("2006-01-02"))
		ok = false
	}
	if !ok {
		return nil
	}
	return &Registration{Number: num, Checked: checked}
}

// labels reads a list of short free-text names (technologies, clients), reporting repeats
// (ignoring case), long names and long lists.
func labels(r *meta.Reader, key string, maxItems, maxLen int) []string {
	var out []string
	for _, t := range r.Strings(key, false) {
		switch n := utf8.RuneCountInString(t.S); {
		case n > maxLen:
			r.ErrorAt(t.Val, fmt.Sprintf("shorten it to %d characters", maxLen), "%s item is %d characters long", key, n)
		case slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, t.S) }):
			r.ErrorAt(t.Val, "remove the repeated item", "%s item %q is listed twice", key, t.S)
		case len(out) == maxItems:
			r.ErrorAt(t.Val, fmt.Sprintf("list the %d that matter most to buyers", maxItems), "%s lists more than %d items", key, maxItems)
			return out
		default:
			out = append(out, t.S)
		}
	}
	return out
}

// caseStudies reads case_studies:, each {title, summary, client, year, url}.
func caseStudies(r *meta.Reader) []CaseStudy {
	var out []CaseStudy
	for i, it := range r.List("case_studies", false) {
		if _, isMap := it.V.(*meta.Map); !isMap {
			r.ErrorAt(it, "write title: and summary: (and client:, year:, url:) under each \"- \"", "case_studies[%d] must be a mapping", i)
			continue
		}
		if i == maxCaseStudies {
			r.ErrorAt(it, fmt.Sprintf("keep the %d that matter most to buyers", maxCaseStudies), "case_studies lists more than %d items", maxCaseStudies)
			break
		}
		cr := r.Sub("case_studies", i, it)
		cr.CheckUnknown([]string{"title", "client", "year", "summary", "url"})
		cs := CaseStudy{
			Title:   strings.TrimSpace(cr.String("title", true)),
			Client:  strings.TrimSpace(cr.String("client", false)),
			Summary: strings.TrimSpace(cr.String("summary", true)),
		}
		ok := cs.Title != "" && cs.Summary != ""
		if n := utf8.RuneCountInString(cs.Title); n > maxCaseTitle {
			cr.Errorf("title", fmt.Sprintf("shorten it by %d characters", n-maxCaseTitle), "title is %d characters long, the limit is %d", n, maxCaseTitle)
			ok = false
		}
		if n := utf8.RuneCountInString(cs.Summary); n > maxCaseSummary {
			cr.Errorf("summary", fmt.Sprintf("shorten it by %d characters; put the details on the company's own site", n-maxCaseSummary),
				"summary is %d characters long, the limit is %d", n, maxCaseSummary)
			ok = false
		}
		if n := utf8.RuneCountInString(cs.Client); n > maxLabel {
			cr.Errorf("client", fmt.Sprintf("shorten it to %d characters", maxLabel), "client is %d characters long", n)
			ok = false
		}
		if y, has := cr.Int("year", false); has {
			if this := int64(timeNow().Year()); y < 1900 || y > this {
				cr.Errorf("year", fmt.Sprintf("use a year from 1900 to %d", this), "year %d is out of range", y)
				ok = false
			} else {
				cs.Year = int(y)
			}
		}
		if u := strings.TrimSpace(cr.String("url", false)); u != "" {
			if !validWebURL(u) {
				cr.Errorf("url", "write the full address, e.g. https://example.com/work/project", "url %q is not an http or https address", u)
				ok = false
			} else {
				cs.URL = u
			}
		}
		if ok {
			out = append(out, cs)
		}
	}
	return out
}

func decodePark(r *meta.Reader, e *Entry, site *Site) *Park {
	p := &Park{Entry: *e}
	p.Name = r.String("name", true)
	p.Title = p.Name
	p.Summary = summary(r, true)
	p.City = city(r, site)
	if st := r.String("status", true); st != "" {
		if !slices.Contains(ParkStatuses, st) {
			hint := diagnostic.Suggest(st, ParkStatuses)
			if hint == "" {
				hint = "use one of " + strings.Join(ParkStatuses, ", ")
			}
			r.Errorf("status", hint, "status %q is not a park status", st)
		} else {
			p.Status = st
		}
	}
	if loc := r.Map("location", false); loc != nil {
		loc.CheckUnknown([]string{"lat", "lng"})
		lat, okLat := loc.Float("lat", true)
		lng, okLng := loc.Float("lng", true)
		if okLat && (lat < minLat || lat > maxLat) {
			loc.Errorf("lat", fmt.Sprintf("Pakistan lies between %.1f and %.1f degrees north; check that lat and lng are not swapped", minLat, maxLat),
				"latitude %v is outside Pakistan", lat)
			okLat = false
		}
		if okLng && (lng < minLng || lng > maxLng) {
			loc.Errorf("lng", fmt.Sprintf("Pakistan lies between %.1f and %.1f degrees east", minLng, maxLng),
				"longitude %v is outside Pakistan", lng)
			okLng = false
		}
		if okLat && okLng {
			p.Location = &LatLng{Lat: lat, Lng: lng}
		}
	}
	if a, ok := r.Int("area_sqft", false); ok {
		if a <= 0 {
			r.Errorf("area_sqft", "give the floor area in square feet", "area_sqft must be positive")
		} else {
			p.AreaSqft = a
		}
	}
	p.Opened, _ = r.Date("opened", false)
	if at, ok := r.Date("expected_opening", false); ok {
		if p.Status == "operational" {
			r.Errorf("expected_opening", "an operational park has opened: give the day as opened:, or change status:",
				"expected_opening given for an operational park")
		} else {
			p.ExpectedOpening = at
		}
	}
	if a, ok := r.Int("space_available_sqft", false); ok {
		switch {
		case a < 0:
			r.Errorf("space_available_sqft", "give the free floor area in square feet, 0 when the park is full", "space_available_sqft must not be negative")
		case p.AreaSqft > 0 && a > p.AreaSqft:
			r.Errorf("space_available_sqft", fmt.Sprintf("it cannot exceed area_sqft (%d)", p.AreaSqft), "space_available_sqft %d is more than the park's area", a)
		default:
			p.SpaceAvailable, p.HasSpace = a, true
		}
	}
	if o, ok := r.Int("occupancy", false); ok {
		if o < 0 || o > 100 {
			r.Errorf("occupancy", "give the share of the floor area let, in percent, from 0 to 100", "occupancy %d is not a percentage", o)
		} else {
			p.Occupancy, p.HasOccupancy = int(o), true
		}
	}
	p.Rent = rent(r)
	p.Milestones = milestones(r, p, site.Now)
	for _, t := range r.Strings("amenities", false) {
		p.Amenities = append(p.Amenities, t.S)
	}
	p.Incentives, p.IncentiveLinks = incentives(r)
	if c := r.Map("contact", false); c != nil {
		c.CheckUnknown([]string{"name", "role", "email", "phone"})
		p.ContactName = strings.TrimSpace(c.String("name", false))
		p.ContactRole = strings.TrimSpace(c.String("role", false))
		if p.ContactRole != "" && p.ContactName == "" {
			c.Errorf("role", "add name: with the person's name, or remove role:", "role without a name")
		}
		p.Email = email(c, "email")
		p.Phone = phone(c, "phone")
	}
	return p
}

// milestones reads a park's history, milestones: [{event, date}, ...], in the order the
// steps happened: each event of MilestoneEvents at most once, dates in that order and not in
// the future (what is expected goes in expected_opening), the park's status that of its last
// milestone, and opened the day of the operational one.
func milestones(r *meta.Reader, p *Park, now time.Time) []Milestone {
	if now.IsZero() {
		now = timeNow()
	}
	var out []Milestone
	ok := true
	for i, it := range r.Items("milestones", false) {
		if _, isMap := it.V.(*meta.Map); !isMap {
			r.ErrorAt(it, "write each milestone as {event: approved, date: 2026-03-31}", "field %q: each item must be a mapping of event and date", "milestones")
			ok = false
			continue
		}
		mr := r.Sub("milestones", i, it)
		mr.CheckUnknown([]string{"event", "date"})
		ev := strings.TrimSpace(mr.String("event", true))
		date, okDate := mr.Date("date", true)
		if ev == "" || !okDate {
			ok = false
			continue
		}
		at := slices.Index(MilestoneEvents, ev)
		switch {
		case at < 0:
			hint := diagnostic.Suggest(ev, MilestoneEvents)
			if hint == "" {
				hint = "use one of " + strings.Join(MilestoneEvents, ", ")
			}
			mr.Errorf("event", hint, "milestone %q is not a roll-out step", ev)
			ok = false
			continue
		case slices.ContainsFunc(out, func(m Milestone) bool { return m.Event == ev }):
			mr.Errorf("event", "each step happens once: remove the repeated item", "milestone %q is listed twice", ev)
			ok = false
			continue
		case date.After(now):
			mr.Errorf("date", "a milestone is a step that happened; give the expected day as expected_opening", "milestone %s is dated %s, in the future", ev, date.Format(time.DateOnly))
			ok = false
			continue
		}
		if n := len(out); n > 0 {
			prev := out[n-1]
			switch {
			case slices.Index(MilestoneEvents, prev.Event) > at:
				mr.Errorf("event", "list the steps in the order they happen: "+strings.Join(MilestoneEvents, ", "), "milestone %s comes after %s", ev, prev.Event)
				ok = false
				continue
			case date.Before(prev.Date):
				mr.Errorf("date", fmt.Sprintf("it cannot be before %s (%s): check both dates", prev.Event, prev.Date.Format(time.DateOnly)), "milestone %s is dated %s, before the step it follows", ev, date.Format(time.DateOnly))
				ok = false
				continue
			}
		}
		out = append(out, Milestone{Event: ev, Date: date})
	}
	if !ok || len(out) == 0 {
		return out
	}
	last := out[len(out)-1]
	if want := statusAfter[last.Event]; p.Status != "" && p.Status != want {
		r.Errorf("status", fmt.Sprintf("the last milestone is %s (%s): set status: %s, or add the milestone that changed it", last.Event, last.Date.Format(time.DateOnly), want),
			"status %q does not match the milestones", p.Status)
	}
	if op := milestoneDate(out, "operational"); !op.IsZero() {
		if !p.Opened.IsZero() && !p.Opened.Equal(op) {
			r.Errorf("opened", fmt.Sprintf("the operational milestone says %s: give one day, or remove opened:", op.Format(time.DateOnly)), "opened %s differs from the operational milestone", p.Opened.Format(time.DateOnly))
		}
		p.Opened = op
	}
	return out
}

// rent reads rent: {min, max, currency}, the asking rent per square foot and month.
func rent(r *meta.Reader) *Rent {
	rr := r.Map("rent", false)
	if rr == nil {
		return nil
	}
	rr.CheckUnknown([]string{"min", "max", "currency"})
	lo, okMin := rr.Float("min", true)
	hi, okMax := rr.Float("max", false)
	cur := strings.ToUpper(strings.TrimSpace(rr.String("currency", false)))
	if cur == "" {
		cur = "PKR"
	}
	ok := okMin
	if okMin && lo <= 0 {
		rr.Errorf("min", "give the rent per square foot and month, e.g. min: 45", "rent min %v must be positive", lo)
		ok = false
	}
	if !okMax {
		hi = lo
	} else if hi < lo {
		rr.Errorf("max", "max is the upper end of the range: swap min and max", "rent max %v is below min %v", hi, lo)
		ok = false
	}
	if _, err := currency.ParseISO(cur); err != nil || len(cur) != 3 {
		rr.Errorf("currency", "use an ISO 4217 code such as PKR or USD", "currency %q is not a currency code", cur)
		ok = false
	}
	if !ok {
		return nil
	}
	return &Rent{Min: lo, Max: hi, Currency: cur}
}

// incentives reads incentives:, each item a text or {text, url} (the policy behind it).
func incentives(r *meta.Reader) (texts, links []string) {
	hasLink := false
	for i, it := range r.Items("incentives", false) {
		text, link := "", ""
		if _, isMap := it.V.(*meta.Map); isMap {
			ir := r.Sub("incentives", i, it)
			ir.CheckUnknown([]string{"text", "url"})
			text = strings.TrimSpace(ir.String("text", true))
			if u := strings.TrimSpace(ir.String("url", false)); u != "" {
				if !validWebURL(u) {
					ir.Errorf("url", "link the policy's page with its full address, e.g. https://pseb.org.pk/incentives", "url %q is not an http or https address", u)
				} else {
					link, hasLink = u, true
				}
			}
		} else if s, ok := meta.Scalar(it); ok && strings.TrimSpace(s) != "" {
			text = strings.TrimSpace(s)
		} else {
			r.ErrorAt(it, "write the incentive as text, or text: with url:", "field %q: each item must be text or a mapping", "incentives")
		}
		if text != "" {
			texts, links = append(texts, text), append(links, link)
		}
	}
	if !hasLink {
		links = nil
	}
	return texts, links
}

func email(r *meta.Reader, key string) string {
	s := r.String(key, false)
	if s != "" && !config.ValidEmail(s) {
		r.Errorf(key, "write a bare address such as info@example.com", "%q is not an email address", s)
		return ""
	}
	return s
}

func phone(r *meta.Reader, key string) string {
	s := r.String(key, false)
	if s != "" && !phonePattern.MatchString(s) {
		r.Errorf(key, "write it in international form, e.g. +92 51 9205 444", "%q is not a phone number", s)
		return ""
	}
	return s
}

func validWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// IsCountryCode reports whether code is an ISO 3166-1 alpha-2 code of a country.
func IsCountryCode(code string) bool {
	if len(code) != 2 {
		return false
	}
	reg, err := language.ParseRegion(code)
	return err == nil && reg.IsCountry() && reg.String() == code
}

// aliases reads `aliases:`, the old addresses of a page (after a rename), each a path from
// the site root ending in "/" or ".html": the build writes a redirect for each.
func aliases(r *meta.Reader) []Alias {
	var out []Alias
	for _, t := range r.Strings("aliases", false) {
		p := t.S
		u, err := url.Parse(p)
		switch {
		case err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//"):
			r.ErrorAt(t.Val, "write the old address from the site root, e.g. /old-name/", "alias %q is not a path on this site", p)
		case u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(p, "?# \t\\"):
			r.ErrorAt(t.Val, "an alias is a plain path, without ?, # or spaces", "alias %q is not a plain path", p)
		case path.Clean(p) != strings.TrimSuffix(p, "/") && p != "/":
			r.ErrorAt(t.Val, fmt.Sprintf("write it as %s/", path.Clean(p)), "alias %q is not a clean path (no //, . or ..)", p)
		case p == "/":
			r.ErrorAt(t.Val, "the home page cannot move", "alias %q is the site root", p)
		case !strings.HasSuffix(p, "/") && path.Ext(p) != ".html":
			r.ErrorAt(t.Val, fmt.Sprintf("end it with a slash (%s/) or .html", p), "alias %q names a file the redirect page cannot be", p)
		default:
			out = append(out, Alias{Path: strings.TrimPrefix(p, "/"), Line: t.Val.Line, Col: t.Val.Col})
		}
	}
	return out
}

// photo reads image: (a JPEG or PNG file of the page's bundle) and alt: (required with it:
// the photo's description for people who cannot see it).
func photo(r *meta.Reader, e *Entry) *Image {
	file, alt := r.String("image", false), r.String("alt", false)
	if file == "" {
		if alt != "" {
			r.Errorf("alt", "add image: with the photo's file name, or remove alt:", "alt: without image:")
		}
		return nil
	}
	if !bundleFile(r, e, "image", file, fmt.Sprintf("make it a bundle: move %s to %s/index.md and put the photo beside it", e.Source, strings.TrimSuffix(e.Source, ".md")),
		PhotoExts, "is not a JPEG or PNG", "use a JPEG (photos) or PNG file; it is resized and converted to WebP when the site is built") {
		return nil
	}
	if strings.TrimSpace(alt) == "" {
		r.Errorf("image", "add alt: saying what the photo shows, e.g. alt: The park's main building at dusk", "image %q has no alt text", file)
		return nil
	}
	return &Image{File: file, Alt: alt, Line: r.Line("image")}
}

// bundleFile checks that the field key names a file of e's bundle with one of exts, and
// reports at the field what is wrong otherwise.
func bundleFile(r *meta.Reader, e *Entry, key, file, bundleHint string, exts []string, notType, typeHint string) bool {
	switch {
	case e.Bundle == "":
		r.Errorf(key, bundleHint, "%s %q needs a page bundle", key, file)
	case !slices.Contains(e.Resources, file):
		hint := diagnostic.Suggest(file, e.Resources)
		if hint == "" {
			hint = "put the file in " + e.Bundle + "/"
		}
		r.Errorf(key, hint, "%s file %q is not in the bundle", key, file)
	case !slices.Contains(exts, strings.ToLower(path.Ext(file))):
		r.Errorf(key, typeHint, "%s %q %s", key, file, notType)
	default:
		return true
	}
	return false
}
