// Package permalink owns the site's URL scheme: the path of every kind of page below a
// language's root ("companies/acme/", "cities/lahore/page/2/"). Routes, templates, feeds and
// the host's redirects all name pages through it, so a page has one address.
package permalink

import (
	"strconv"

	"github.com/pseb/sitegen/generator/content"
)

// Company is the path of a company's profile.
func Company(c *content.Company) string { return "companies/" + c.Slug + "/" }

// Park is the path of a park's page.
func Park(p *content.Park) string { return "parks/" + p.Slug + "/" }

// News is the path of a news item.
func News(n *content.News) string { return "news/" + n.Slug + "/" }

// City is the path of the listing of a city's companies.
func City(id string) string { return "cities/" + id + "/" }

// Service is the path of the listing of the companies offering a service.
func Service(id string) string { return "services/" + id + "/" }

// Certification is the path of the listing of the companies holding a certification.
func Certification(id string) string { return "certifications/" + id + "/" }

// Paged is the path of page n (1-based) of a listing at base: base itself for the first.
func Paged(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}
