package content

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/fields"
	"github.com/pseb/sitegen/generator/meta"
)

// Fields allowed in each kind's front matter.
var allowedFields = map[Kind][]string{
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

// ReservedSlugs are the top-level URL names a page slug must not take.
var ReservedSlugs = []string{"companies", "parks", "news", "pages", "cities", "services", "certifications",
	"page", "css", "js", "img", "assets", "search", "shortlist", "zh", "ar", "en"}

func decode(r *meta.Reader, e *Entry, f file, site *Site, opts Options) any {
	r.CheckUnknown(allowedFields[f.kind])
	if f.kind != KindHome {
		e.Slug = fields.Slug(r, fields.Bundle{Source: f.Path, Dir: f.Bundle})
	}
	e.slugLine = r.Line("slug")
	e.Aliases = fields.Aliases(r)
	e.Image = fields.Photo(r, fields.Bundle{Source: e.Source, Dir: e.Bundle, Resources: e.Resources})
	switch f.kind {
	case KindCompany:
		return decodeCompany(r, e, site)
	case KindPark:
		return decodePark(r, e, site)
	case KindPage:
		e.Title = r.String("title", true)
		e.Summary = fields.Summary(r, false)
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
		e.Summary = fields.Summary(r, true)
		n := &News{Entry: *e}
		n.Date, _ = r.Date("date", true)
		if !opts.Drafts && n.Date.After(opts.Now) {
			e.Draft = true // scheduled: published once its date has come
		}
		return n
	case KindHome:
		e.Title = r.String("title", false)
		e.Summary = fields.Summary(r, false)
		return &Home{Entry: *e}
	}
	return nil
}

func decodeCompany(r *meta.Reader, e *Entry, site *Site) *Company {
	c := &Company{Entry: *e}
	c.Name = r.String("name", true)
	c.Title = c.Name
	c.Summary = fields.Summary(r, true)
	c.City = fields.City(r, site.Data)
	c.parkSlug = r.String("park", false)
	c.parkLine, c.parkCol = r.Line("park"), r.Col("park")
	c.Services = fields.References(r, "services", true, "service", site.Data.Service, site.Data.ServiceIDs, config.ServicesFile)
	c.Certifications = fields.Credentials(r, site.Data)
	c.Registration = fields.ReadRegistration(r, timeNow())
	c.Technologies = fields.Labels(r, "technologies", fields.MaxTechnologies, fields.MaxLabel)
	c.Clients = fields.Labels(r, "clients", fields.MaxClients, fields.MaxLabel)
	c.CaseStudies = fields.ReadCaseStudies(r, timeNow())
	c.Founded, _ = fields.Year(r, "founded", "founded year", timeNow())
	c.Employees = fields.OneOf(r, "employees", false, EmployeeBands, "a size band")
	c.ExportMarkets = fields.CountryCodes(r, "export_markets", "export market")
	c.Website, _ = fields.WebURL(r, "website", "write the full address, e.g. https://example.com")
	c.Email = fields.Email(r, "email")
	c.Phone = fields.Phone(r, "phone")
	if logo := r.String("logo", false); logo != "" &&
		fields.BundleFile(r, fields.Bundle{Source: e.Source, Dir: e.Bundle, Resources: e.Resources}, "logo", logo, fmt.Sprintf("make the profile a bundle: move it to content/companies/%s/index.md and put the logo beside it", e.Slug),
			[]string{".svg", ".png", ".jpg", ".jpeg", ".webp"}, "is not an image", "use an SVG, PNG, JPEG or WebP file") {
		c.Logo = logo
	}
	c.Featured = r.Bool("featured")
	return c
}

func decodePark(r *meta.Reader, e *Entry, site *Site) *Park {
	p := &Park{Entry: *e}
	p.Name = r.String("name", true)
	p.Title = p.Name
	p.Summary = fields.Summary(r, true)
	p.City = fields.City(r, site.Data)
	p.Status = fields.OneOf(r, "status", true, ParkStatuses, "a park status")
	p.Location = fields.Location(r)
	p.Space = fields.ReadSpace(r)
	p.Opened, _ = r.Date("opened", false)
	if at, ok := r.Date("expected_opening", false); ok {
		if p.Status == "operational" {
			r.Errorf("expected_opening", "an operational park has opened: give the day as opened:, or change status:",
				"expected_opening given for an operational park")
		} else {
			p.ExpectedOpening = at
		}
	}
	p.Rent = fields.ReadRent(r)
	p.Milestones = fields.ReadMilestones(r, p.Status, &p.Opened, cmp.Or(site.Now, timeNow()))
	p.Amenities = fields.Texts(r, "amenities")
	p.Incentives, p.IncentiveLinks = fields.Incentives(r)
	p.Contact = fields.ReadContact(r, "contact")
	return p
}
