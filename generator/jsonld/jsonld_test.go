package jsonld

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/fields"
)

// The graph is valid JSON with the objects of each kind, and no text can close the script
// element it is written in.
func TestGraph(t *testing.T) {
	lahore := &config.City{Name: "Lahore", Province: "Punjab"}
	c := &content.Company{Entry: content.Entry{Title: "x"}, Name: "</script><script>alert(1)</script>", City: lahore,
		Founded: 2011, Logo: "logo.png", Services: []*config.Service{{Label: "AI"}}}
	p := &content.Park{Name: "Bannu", City: lahore, Location: &fields.LatLng{Lat: 33, Lng: 70.6}}
	n := &content.News{Entry: content.Entry{Title: "Opening"}, Date: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)}
	js, err := Graph(WebSite("PSEB", "https://e.org/", "D", "en"), Organization(c, "https://e.org/companies/x/"),
		Place(p, "https://e.org/parks/bannu/"), NewsArticle(n, "https://e.org/news/o/", "en", "PSEB", "https://e.org/"),
		Breadcrumbs([]Crumb{{"Home", "https://e.org/"}, {"X", "https://e.org/companies/x/"}}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(js), "<") {
		t.Errorf("a < reached the script: %s", js)
	}
	var doc struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || doc.Context != "https://schema.org" || len(doc.Graph) != 5 {
		t.Fatalf("%v: %s", err, js)
	}
	org := doc.Graph[1]
	if org["foundingDate"] != "2011" || org["logo"] != "https://e.org/companies/x/logo.png" || org["knowsAbout"].([]any)[0] != "AI" {
		t.Errorf("organization %v", org)
	}
	if _, has := org["email"]; has {
		t.Error("an empty email is listed")
	}
	if doc.Graph[2]["geo"] == nil || doc.Graph[3]["datePublished"] != "2026-03-04" {
		t.Errorf("place / article %v %v", doc.Graph[2], doc.Graph[3])
	}
	if items := doc.Graph[4]["itemListElement"].([]any); len(items) != 2 || items[1].(map[string]any)["position"] != 2.0 {
		t.Errorf("breadcrumbs %v", items)
	}
	if js, err := Graph(); js != "" || err != nil {
		t.Errorf("an empty graph: %q %v", js, err)
	}
}
