// Package fields owns the front-matter fields entries of several kinds share, and their
// value types: how each is read from a meta.Reader and checked, every problem reported at
// the field with a hint (summary, lists of reference ids, a bundle's photo and files,
// e-mail, phone, web address, country code, short labels, aliases, a location in Pakistan,
// a park's rent, incentives and milestones, a company's registration and case studies).
// Which kind has which field is package content's.
package fields

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"
)

// Alias is an old address of a page: Path below the site root ("old-name/"), and where
// the front matter gives it.
type Alias struct {
	Path      string
	Line, Col int
}

// Registration is a company's entry in PSEB's register, as PSEB last checked it.
type Registration struct {
	Number  string
	Checked time.Time
}

// CaseStudy is a piece of work a company shows buyers.
type CaseStudy struct {
	Title   string
	Client  string // "" when not named
	Year    int    // 0 when not given
	Summary string
	URL     string // "" when none
}

// Milestone is a dated step of a park's roll-out that has happened.
type Milestone struct {
	Event string // one of MilestoneEvents
	Date  time.Time
}

// MilestoneEvents are the steps of a park's roll-out, in the order they happen.
var MilestoneEvents = []string{"announced", "approved", "construction_started", "operational"}

// statusAfter is the status a park has once a milestone is its last.
var statusAfter = map[string]string{
	"announced": "planned", "approved": "planned", "construction_started": "under-construction", "operational": "operational",
}

// MilestoneDate returns the date of event in ms, zero when it has none.
func MilestoneDate(ms []Milestone, event string) time.Time {
	for _, m := range ms {
		if m.Event == event {
			return m.Date
		}
	}
	return time.Time{}
}

// Rent is a park's asking rent per square foot and month.
type Rent struct {
	Min, Max float64 // Max == Min for one price
	Currency string  // ISO 4217, e.g. PKR
}

// LatLng is a position in degrees.
type LatLng struct{ Lat, Lng float64 }

// Pakistan's bounding box, with a small margin, for park locations.
const (
	minLat, maxLat = 23.5, 37.2
	minLng, maxLng = 60.8, 77.9
)

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()./-]{5,24}$`)

// Limits of a profile's lists, so that one profile cannot swamp its page or the index.
const (
	MaxTechnologies = 30
	MaxClients      = 20
	MaxLabel        = 60 // characters of a technology or client name
	maxCaseStudies  = 6
	maxCaseTitle    = 100
	maxCaseSummary  = 400
)

// registrationPattern is a PSEB registration number as the register writes it
// (letters, digits, and / - . or spaces between them).
var registrationPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9 ./-]{0,38}[A-Za-z0-9])?$`)

// ReadRegistration reads registration: {number, checked}, the company's entry in PSEB's
// register and the day PSEB last checked the profile's facts.
func ReadRegistration(r *meta.Reader, now time.Time) *Registration {
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
	if okDate && checked.After(now) {
		rr.Errorf("checked", "give the day the facts were checked, not a future one", "checked date %s is in the future", checked.Format("2006-01-02"))
		ok = false
	}
	if !ok {
		return nil
	}
	return &Registration{Number: num, Checked: checked}
}

// Labels reads a list of short free-text names (technologies, clients), reporting repeats
// (ignoring case), long names and long lists.
func Labels(r *meta.Reader, key string, maxItems, maxLen int) []string {
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

// ReadCaseStudies reads case_studies:, each {title, summary, client, year, url}.
func ReadCaseStudies(r *meta.Reader, now time.Time) []CaseStudy {
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
		if n := utf8.RuneCountInString(cs.Client); n > MaxLabel {
			cr.Errorf("client", fmt.Sprintf("shorten it to %d characters", MaxLabel), "client is %d characters long", n)
			ok = false
		}
		var good bool
		if cs.Year, good = Year(cr, "year", "year", now); !good {
			ok = false
		}
		if cs.URL, good = WebURL(cr, "url", "write the full address, e.g. https://example.com/work/project"); !good {
			ok = false
		}
		if ok {
			out = append(out, cs)
		}
	}
	return out
}

// ReadMilestones reads a park's history, milestones: [{event, date}, ...], in the order the
// steps happened: each event of MilestoneEvents at most once, dates in that order and not in
// the future (what is expected goes in expected_opening), the park's status that of its last
// milestone, and opened the day of the operational one.
func ReadMilestones(r *meta.Reader, status string, opened *time.Time, now time.Time) []Milestone {
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
			hint := diagnostic.SuggestOr(ev, MilestoneEvents, "use one of "+strings.Join(MilestoneEvents, ", "))
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
	if want := statusAfter[last.Event]; status != "" && status != want {
		r.Errorf("status", fmt.Sprintf("the last milestone is %s (%s): set status: %s, or add the milestone that changed it", last.Event, last.Date.Format(time.DateOnly), want),
			"status %q does not match the milestones", status)
	}
	if op := MilestoneDate(out, "operational"); !op.IsZero() {
		if !opened.IsZero() && !opened.Equal(op) {
			r.Errorf("opened", fmt.Sprintf("the operational milestone says %s: give one day, or remove opened:", op.Format(time.DateOnly)), "opened %s differs from the operational milestone", opened.Format(time.DateOnly))
		}
		*opened = op
	}
	return out
}

// ReadRent reads rent: {min, max, currency}, the asking rent per square foot and month.
func ReadRent(r *meta.Reader) *Rent {
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

// Incentives reads incentives:, each item a text or {text, url} (the policy behind it).
func Incentives(r *meta.Reader) (texts, links []string) {
	hasLink := false
	for i, it := range r.Items("incentives", false) {
		text, link := "", ""
		if _, isMap := it.V.(*meta.Map); isMap {
			ir := r.Sub("incentives", i, it)
			ir.CheckUnknown([]string{"text", "url"})
			text = strings.TrimSpace(ir.String("text", true))
			if u, _ := WebURL(ir, "url", "link the policy's page with its full address, e.g. https://pseb.org.pk/incentives"); u != "" {
				link, hasLink = u, true
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

// Email reads an e-mail address at key ("" when absent or not an address).
func Email(r *meta.Reader, key string) string {
	s := r.String(key, false)
	if s != "" && !config.ValidEmail(s) {
		r.Errorf(key, "write a bare address such as info@example.com", "%q is not an email address", s)
		return ""
	}
	return s
}

// Phone reads a phone number at key ("" when absent or not a number).
func Phone(r *meta.Reader, key string) string {
	s := r.String(key, false)
	if s != "" && !phonePattern.MatchString(s) {
		r.Errorf(key, "write it in international form, e.g. +92 51 9205 444", "%q is not a phone number", s)
		return ""
	}
	return s
}

// IsWebURL reports whether s is an absolute http or https address without credentials.
func IsWebURL(s string) bool {
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

// Aliases reads `aliases:`, the old addresses of a page (after a rename), each a path from
// the site root ending in "/" or ".html": the build writes a redirect for each.
func Aliases(r *meta.Reader) []Alias {
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

// Location reads location: {lat, lng}, a place in Pakistan; nil when absent or wrong.
func Location(r *meta.Reader) *LatLng {
	loc := r.Map("location", false)
	if loc == nil {
		return nil
	}
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
	if !okLat || !okLng {
		return nil
	}
	return &LatLng{Lat: lat, Lng: lng}
}

// MaxSummary is the longest summary, in characters: it is the page's meta description.
const MaxSummary = 200

// FitSummary shortens s to MaxSummary characters, ending it with "…" where it is cut (a
// summary made from other fields, as a new entry's).
func FitSummary(s string) string {
	if r := []rune(s); len(r) > MaxSummary {
		return string(r[:MaxSummary-1]) + "…"
	}
	return s
}

// Summary reads summary:, the page's description in search results: at most MaxSummary
// characters.
func Summary(r *meta.Reader, required bool) string {
	s := r.String("summary", required)
	if n := utf8.RuneCountInString(s); n > MaxSummary {
		r.Errorf("summary", fmt.Sprintf("shorten it by %d characters; it is the page's description in search results", n-MaxSummary),
			"summary is %d characters long, the limit is %d", n, MaxSummary)
	}
	return s
}

// References reads a list of ids of reference data, reporting unknown and repeated ids at
// the item that has them.
func References[T any](r *meta.Reader, key string, required bool, what string, lookup func(string) *T, ids func() []string, file string) []*T {
	var out []*T
	for _, t := range r.Strings(key, required) {
		v := lookup(t.S)
		switch {
		case v == nil:
			r.ErrorAt(t.Val, diagnostic.SuggestID(t.S, ids(), file), "unknown %s %q", what, t.S)
		case slices.Contains(out, v):
			r.ErrorAt(t.Val, "remove the repeated item", "%s %q is listed twice", what, t.S)
		default:
			out = append(out, v)
		}
	}
	return out
}

// Image is a photo of a page bundle shown at the top of its page.
type Image struct {
	File string // the bundle resource, e.g. hero.jpg
	Alt  string // what the photo shows, for people who cannot see it
	Line int    // where image: is, for errors found when the photo is read
}

// PhotoExts are the formats a page photo may have: a build resizes and re-encodes them.
var PhotoExts = []string{".jpg", ".jpeg", ".png"}

// Bundle is the page bundle a field names a file of: the content file (Source), its folder
// (Dir, "" when the page is no bundle) and the files in it (Resources, relative to Dir).
type Bundle struct {
	Source, Dir string
	Resources   []string
}

// Photo reads image: (a JPEG or PNG file of the page's bundle) and alt: (required with it:
// the photo's description for people who cannot see it).
func Photo(r *meta.Reader, b Bundle) *Image {
	file, alt := r.String("image", false), r.String("alt", false)
	if file == "" {
		if alt != "" {
			r.Errorf("alt", "add image: with the photo's file name, or remove alt:", "alt: without image:")
		}
		return nil
	}
	if !BundleFile(r, b, "image", file, fmt.Sprintf("make it a bundle: move %s to %s/index.md and put the photo beside it", b.Source, strings.TrimSuffix(b.Source, ".md")),
		PhotoExts, "is not a JPEG or PNG", "use a JPEG (photos) or PNG file; it is resized and converted to WebP when the site is built") {
		return nil
	}
	if strings.TrimSpace(alt) == "" {
		r.Errorf("image", "add alt: saying what the photo shows, e.g. alt: The park's main building at dusk", "image %q has no alt text", file)
		return nil
	}
	return &Image{File: file, Alt: alt, Line: r.Line("image")}
}

// BundleFile checks that the field key names a file of the bundle b with one of exts, and
// reports at the field what is wrong otherwise.
func BundleFile(r *meta.Reader, b Bundle, key, file, bundleHint string, exts []string, notType, typeHint string) bool {
	switch {
	case b.Dir == "":
		r.Errorf(key, bundleHint, "%s %q needs a page bundle", key, file)
	case !slices.Contains(b.Resources, file):
		hint := diagnostic.SuggestOr(file, b.Resources, "put the file in "+b.Dir+"/")
		r.Errorf(key, hint, "%s file %q is not in the bundle", key, file)
	case !slices.Contains(exts, strings.ToLower(path.Ext(file))):
		r.Errorf(key, typeHint, "%s %q %s", key, file, notType)
	default:
		return true
	}
	return false
}

// WebURL reads an http or https address at key; ok is false when one is given and it is
// not one, reported with hint (what to write instead).
func WebURL(r *meta.Reader, key, hint string) (u string, ok bool) {
	u = strings.TrimSpace(r.String(key, false))
	if u != "" && !IsWebURL(u) {
		r.Errorf(key, hint, "%s %q is not an http or https address", key, u)
		return "", false
	}
	return u, true
}

// Year reads a year at key, from 1900 to now's; label names it in the message ("founded
// year"). It is 0 when absent; ok is false when given and out of range.
func Year(r *meta.Reader, key, label string, now time.Time) (year int, ok bool) {
	y, has := r.Int(key, false)
	if !has {
		return 0, true
	}
	if this := int64(now.Year()); y < 1900 || y > this {
		r.Errorf(key, fmt.Sprintf("use a year from 1900 to %d", this), "%s %d is out of range", label, y)
		return 0, false
	}
	return int(y), true
}

// OneOf reads a value at key that must be one of values; what names the kind of value in
// the message ("a park status"). It is "" when absent or not one of them.
func OneOf(r *meta.Reader, key string, required bool, values []string, what string) string {
	v := r.String(key, required)
	if v == "" || slices.Contains(values, v) {
		return v
	}
	hint := diagnostic.SuggestOr(v, values, "use one of "+strings.Join(values, ", "))
	r.Errorf(key, hint, "%s %q is not %s", key, v, what)
	return ""
}

// CountryCodes reads a list of ISO 3166-1 alpha-2 country codes at key (in capitals);
// what names one item in the messages ("export market").
func CountryCodes(r *meta.Reader, key, what string) []string {
	var out []string
	for _, t := range r.Strings(key, false) {
		code := strings.ToUpper(t.S)
		if !IsCountryCode(code) {
			r.ErrorAt(t.Val, "use ISO 3166-1 alpha-2 country codes such as US, DE, JP, AE", "%s %q is not a country code", what, t.S)
			continue
		}
		if slices.Contains(out, code) {
			r.ErrorAt(t.Val, "remove the repeated item", "%s %q is listed twice", what, t.S)
			continue
		}
		out = append(out, code)
	}
	return out
}

// City reads city:, an id of the cities file of data.
func City(r *meta.Reader, data *config.Data) *config.City {
	id := r.String("city", true)
	if id == "" {
		return nil
	}
	c := data.City(id)
	if c == nil {
		r.Errorf("city", diagnostic.SuggestID(id, data.CityIDs(), config.CitiesFile), "unknown city %q", id)
	}
	return c
}

// Slug reads slug:, or when there is none takes the name of the bundle's folder or of its
// file, which must then be a valid slug.
func Slug(r *meta.Reader, b Bundle) string {
	if s := r.String("slug", false); r.Has("slug") {
		if !config.ValidSlug(s) {
			r.Errorf("slug", config.SlugHint, "slug %q is not valid", s)
		}
		return s
	}
	name := path.Base(b.Source)
	if b.Dir != "" {
		name = path.Base(b.Dir)
	}
	name = strings.TrimSuffix(name, ".md")
	if !config.ValidSlug(name) {
		r.Errorf("slug", config.SlugHint+", or rename the file",
			"file name %q is not a valid slug and no slug: field is given", name)
	}
	return name
}

// Credential is a certification as one company holds it.
type Credential struct {
	*config.Certification
	Issuer  string    // the certification body, "" when not given
	Expires time.Time // zero when not given
}

// Credentials reads certifications:, each item an id of the certifications file or a mapping
// {id, issuer, expires}; unknown and repeated ids are reported at the item that has them.
func Credentials(r *meta.Reader, data *config.Data) []Credential {
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
			if n := utf8.RuneCountInString(cred.Issuer); n > MaxLabel {
				cr.Errorf("issuer", fmt.Sprintf("shorten it to %d characters", MaxLabel), "issuer is %d characters long", n)
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
		ct := data.Certification(id)
		switch {
		case ct == nil:
			r.ErrorAt(at, diagnostic.SuggestID(id, data.CertificationIDs(), config.CertificationsFile), "unknown certification %q", id)
		case slices.ContainsFunc(creds, func(c Credential) bool { return c.Certification == ct }):
			r.ErrorAt(at, "remove the repeated item", "certification %q is listed twice", id)
		default:
			cred.Certification = ct
			creds = append(creds, cred)
		}
	}
	return creds
}

// Space is a park's floor space as its page states it; each zero value means not given.
type Space struct {
	AreaSqft       int64 // the floor area, square feet
	SpaceAvailable int64 // square feet free to let
	HasSpace       bool  // SpaceAvailable is given (0 is a full park)
	Occupancy      int   // percent of the floor area let
	HasOccupancy   bool  // Occupancy is given
}

// ReadSpace reads area_sqft, space_available_sqft (no more than the area) and occupancy
// (a percentage).
func ReadSpace(r *meta.Reader) Space {
	var s Space
	if a, ok := r.Int("area_sqft", false); ok {
		if a <= 0 {
			r.Errorf("area_sqft", "give the floor area in square feet", "area_sqft must be positive")
		} else {
			s.AreaSqft = a
		}
	}
	if a, ok := r.Int("space_available_sqft", false); ok {
		switch {
		case a < 0:
			r.Errorf("space_available_sqft", "give the free floor area in square feet, 0 when the park is full", "space_available_sqft must not be negative")
		case s.AreaSqft > 0 && a > s.AreaSqft:
			r.Errorf("space_available_sqft", fmt.Sprintf("it cannot exceed area_sqft (%d)", s.AreaSqft), "space_available_sqft %d is more than the park's area", a)
		default:
			s.SpaceAvailable, s.HasSpace = a, true
		}
	}
	if o, ok := r.Int("occupancy", false); ok {
		if o < 0 || o > 100 {
			r.Errorf("occupancy", "give the share of the floor area let, in percent, from 0 to 100", "occupancy %d is not a percentage", o)
		} else {
			s.Occupancy, s.HasOccupancy = int(o), true
		}
	}
	return s
}

// Contact is who answers for a park, each "" when not given.
type Contact struct {
	ContactName string // the person, "" when not named
	ContactRole string
	Email       string
	Phone       string
}

// ReadContact reads key: {name, role, email, phone}; a role needs a name.
func ReadContact(r *meta.Reader, key string) Contact {
	c := r.Map(key, false)
	if c == nil {
		return Contact{}
	}
	c.CheckUnknown([]string{"name", "role", "email", "phone"})
	out := Contact{ContactName: strings.TrimSpace(c.String("name", false)), ContactRole: strings.TrimSpace(c.String("role", false)),
		Email: Email(c, "email"), Phone: Phone(c, "phone")}
	if out.ContactRole != "" && out.ContactName == "" {
		c.Errorf("role", "add name: with the person's name, or remove role:", "role without a name")
	}
	return out
}

// SameAliases reports whether two versions of a file claim the same old addresses.
func SameAliases(a, b []Alias) bool {
	return slices.EqualFunc(a, b, func(x, y Alias) bool { return x.Path == y.Path })
}

// Texts reads a list of free texts at key (a park's amenities), as written.
func Texts(r *meta.Reader, key string) []string {
	var out []string
	for _, t := range r.Strings(key, false) {
		out = append(out, t.S)
	}
	return out
}
