// Package content owns the site model: it finds the Markdown files under content/, decodes and
// validates their front matter against the schema of each kind (company, park, page, news),
// resolves references to the reference data and between files, and returns one Site. A Site
// is read by many goroutines while pages render and changed only between renders, in place
// by the dev server's edits of one file (ReloadBody, ReloadCompanyFacts, Probe...); Reload
// returns a new Site for larger edits. It knows nothing of HTML or disks beyond reading the
// source tree through an fs.FS.
package content

import (
	"io/fs"
	"time"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/shortcode"
)

// Kind is the kind of a content file, named after its section folder.
type Kind string

const (
	KindCompany Kind = "company"
	KindPark    Kind = "park"
	KindPage    Kind = "page"
	KindNews    Kind = "news"
	KindHome    Kind = "home"
)

// Section is the folder under content/ that holds each kind.
var Section = map[Kind]string{KindCompany: "companies", KindPark: "parks", KindPage: "pages", KindNews: "news"}

// Entry is what every content file has.
type Entry struct {
	Kind   Kind
	Slug   string
	Source string // the Markdown file, relative to the site root: content/companies/acme.md
	// Bundle is the folder of a page bundle (content/companies/acme), "" for a single file.
	Bundle string
	// Resources are the bundle's other files, relative to Bundle, sorted.
	Resources []string
	Body      []byte // Markdown after the front matter
	BodyLine  int    // file line where Body starts
	Draft     bool
	Title     string
	Summary   string
	// Shortcodes are the body's valid shortcodes, with file lines.
	Shortcodes []shortcode.Call
	// Aliases are the page's old addresses, each redirected to it.
	Aliases []fields.Alias
	// Image is the page's photo (front matter image: and alt:), nil when none.
	Image *fields.Image

	// Translations are the file's translations by language (acme.zh.md beside acme.md).
	Translations map[string]*Translation
	// On a site localized by Site.Localized: Lang is its language, TextSource the file
	// the body comes from (the translation's, or Source), and Fallback is set when the body
	// is the default language's because no translation gives one.
	Lang       string
	TextSource string
	Fallback   bool

	// lazyAt, when not 0, is where the body starts in the cleaned file, the body being
	// left on disk (Options.LazyBodies); Site.BodyOf reads it.
	lazyAt   int
	slugLine int    // where the slug comes from: the slug: key, or the first line
	head     uint64 // hash of everything before the body, to tell a body-only edit
}

// Translation is a content file's text in another language. Its front matter may give the
// text fields only (TextFields); what it leaves out, the body included, falls back to the
// default language.
type Translation struct {
	Lang       string
	Source     string // content/companies/acme.zh.md
	Title      string // a company's or park's name, a page's or news item's title
	Summary    string
	Alt        string   // the photo's alt text
	Amenities  []string // parks
	Incentives []string
	// Body is nil when it was left on disk (Options.LazyBodies); Site.TranslationBody
	// reads it.
	Body       []byte
	BodyLine   int
	Shortcodes []shortcode.Call

	head    uint64
	lazyAt  int  // as Entry's
	hasBody bool // HasBody, known when the body is left on disk
}

// HasBody reports whether the translation has a body of its own.
func (t *Translation) HasBody() bool { return t.hasBody }

// TextFields are the front-matter fields a translation may give, per kind.
var TextFields = map[Kind][]string{
	KindCompany: {"name", "summary", "alt"},
	KindPark:    {"name", "summary", "alt", "amenities", "incentives"},
	KindPage:    {"title", "summary", "alt"},
	KindNews:    {"title", "summary", "alt"},
	KindHome:    {"title", "summary"},
}

// Company is a company profile.
type Company struct {
	Entry
	Name     string
	City     *config.City
	Park     *Park // nil when not in a park
	Services []*config.Service
	// Certifications are the certifications the company holds, each with what the profile
	// says of it: who issued it and until when it is valid (either may be unknown).
	Certifications []fields.Credential
	Founded        int // 0 when not given
	Employees      string
	ExportMarkets  []string // ISO 3166-1 alpha-2 codes
	Website        string
	Email          string
	Phone          string
	Logo           string // a bundle resource, "" when none
	Featured       bool
	// Registration is the company's PSEB registration, nil when the profile gives none.
	Registration *fields.Registration
	Technologies []string // products and platforms the company works with, as written
	Clients      []string // named clients
	CaseStudies  []fields.CaseStudy

	parkSlug string
	parkLine int
	parkCol  int
}

// Park is a software technology park.
type Park struct {
	Entry
	Name       string
	City       *config.City
	Status     string
	Location   *fields.LatLng
	Opened     time.Time // zero when not given
	Amenities  []string
	Incentives []string
	// IncentiveLinks are the policies behind Incentives, by position ("" where none).
	IncentiveLinks []string
	fields.Contact // who answers for the park

	// What an investor or tenant weighs; each zero value means not given.
	ExpectedOpening time.Time // planned and under-construction parks
	fields.Space              // the floor area, the part free to let, the share let
	Rent            *fields.Rent
	// Milestones are the park's history, in the order of fields.MilestoneEvents (each at most once).
	Milestones []fields.Milestone
}

// MilestoneDate returns the date of event, zero when the park has no such milestone.
func (p *Park) MilestoneDate(event string) time.Time {
	return fields.MilestoneDate(p.Milestones, event)
}

// LastMilestone returns the date of the park's latest milestone, zero when it has none.
func (p *Park) LastMilestone() time.Time {
	if len(p.Milestones) == 0 {
		return time.Time{}
	}
	return p.Milestones[len(p.Milestones)-1].Date
}

// IncentiveLink returns the policy link of incentive i, "" when none.
func (p *Park) IncentiveLink(i int) string {
	if i < len(p.IncentiveLinks) {
		return p.IncentiveLinks[i]
	}
	return ""
}

// Page is a plain page such as "Why Pakistan".
type Page struct {
	Entry
	// MenuWeight orders the page in the main menu; InMenu is false when `menu:` is absent.
	MenuWeight int
	InMenu     bool
}

// News is a news item.
type News struct {
	Entry
	Date time.Time
}

// Home is the optional content/_index.md.
type Home struct {
	Entry
}

// Park statuses, in the order the site presents them.
var ParkStatuses = []string{"operational", "under-construction", "planned"}

// EmployeeBands are the allowed values of a company's `employees`, smallest first.
var EmployeeBands = []string{"1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"}

// Site is the whole validated content, sorted for deterministic output.
type Site struct {
	Config *config.Site
	Data   *config.Data
	// Now is the build's clock: which news is in the future, which milestones could have
	// happened, and the month the park roll-out is drawn to.
	Now time.Time
	// Datasets are the chart data of content/data, by name.
	Datasets map[string]*config.Dataset
	Home     *Home // nil when content/_index.md is absent

	Companies []*Company // by name, then slug
	Parks     []*Park    // by name, then slug
	Pages     []*Page    // by slug
	News      []*News    // newest first, then slug

	// Derived indexes; each list keeps the order of Companies or Parks.
	CompaniesByCity          map[string][]*Company
	CompaniesByService       map[string][]*Company
	CompaniesByCertification map[string][]*Company
	CompaniesByPark          map[string][]*Company
	ParksByCity              map[string][]*Park

	// source is the site folder, for bodies left on disk.
	source    fs.FS
	bySource  map[string]*Entry
	companies map[string]*Company // by source file
	parks     map[string]*Park    // by slug

	// Lang is the language of a localized site ("" for the default language's).
	Lang string
	// locales are the localized sites made from this one, by language; translations the
	// translation files by source, for watch-mode reloads.
	locales      map[string]*Site
	translations map[string]*Translation
	origOf       map[string]*Entry // translation source -> the entry it translates
	// parsed is what each published file parsed to, by path, for Reload.
	parsed map[string]parsedFile
	// listings are the folders under content/ as they were read, for Reload.
	listings map[string][]fs.DirEntry
	// nextScheduled is NextScheduled.
	nextScheduled time.Time
}
