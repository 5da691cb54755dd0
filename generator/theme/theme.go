// Package theme owns a site's theme in one language: its html/template layouts and partials
// parsed once with a site's single-file overrides, its interface strings (i18n files) and
// the functions templates call to write numbers, dates, country names and URLs the way the
// language does, its static files and its country outline. It executes templates with the
// data it is given and knows nothing of which pages exist.
package theme

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"golang.org/x/text/language/display"
	"golang.org/x/text/message"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/contentdir"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/geo"
	"github.com/pseb/sitegen/generator/meta"
	"github.com/pseb/sitegen/generator/sitefs"
)

// Layouts every theme provides; each defines "main" for baseof.html.
var Layouts = []string{"home.html", "company.html", "park.html", "page.html", "news.html",
	"list.html", "terms.html", "parks.html", "newslist.html", "shortlist.html", "404.html"}

// OverrideDir is where a site overrides single files of its theme: layouts/<name>.html,
// layouts/partials/<name>.html and static/<path> in the site root win over the theme's.
const OverrideDir = sitefs.OverrideDir

// Theme is a parsed theme in one of the site's languages: its templates are bound to the
// language's strings, URLs and number formats. It is safe for concurrent use: its templates
// and strings never change once loaded; the fingerprinted names (SetAssets) are set before
// anything renders and between renders only; the card cache is guarded.
type Theme struct {
	Name      string
	Lang      config.Language
	Dir       string // themes/<name>
	layouts   map[string]*template.Template
	sources   map[string]string // template name -> file it came from
	strings   map[string]string
	stringsAt string // the i18n file
	// Static maps output path (css/style.css) to source path.
	Static  map[string]string
	cfg     *config.Site
	base    *template.Template // baseof.html and the partials, for rendering partials alone
	regions display.Namer      // country names in the site's language
	printer *message.Printer   // numbers in the site's language
	months  [12]string         // month names for dates
	// dataTranslated says which reference data files ("cities") the language translates.
	dataTranslated map[string]bool
	assets         map[string]Asset // fingerprinted files by plain path; nil when not fingerprinting
	// Map is the country outline of data/pakistan.geojson, nil when the theme has none.
	Map *geo.Map
	// cards caches rendered company cards by source file. A card shows the company, its
	// park, and data and strings the theme is loaded with: after an edit of content,
	// ForgetCards drops the cards of the companies it reached.
	cards cardCache
}

// cardCache is a map guarded for concurrent use. Cards are read hundreds of thousands of
// times a build (every listing page, every related block) and written once each: a
// sync.Map's lookups took 1.2 s of CPU at PSEB's size, a plain map's under a read lock a
// small part of that.
type cardCache struct {
	mu sync.RWMutex
	m  map[string]template.HTML
}

func (cc *cardCache) load(src string) (template.HTML, bool) {
	cc.mu.RLock()
	defer cc.mu.RUnlock()
	h, ok := cc.m[src]
	return h, ok
}

func (cc *cardCache) store(src string, h template.HTML) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.m == nil {
		cc.m = map[string]template.HTML{}
	}
	cc.m[src] = h
}

func (cc *cardCache) delete(src string) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	delete(cc.m, src)
}

// Load parses the theme of the site rooted at fsys, with the site's overrides, in the
// language l (one of cfg.Languages), whose i18n file it reads; data is the site's
// reference data (nil for none), whose translations say which names are in l's own words.
// Problems go to errs; the theme is nil when any was found.
func Load(fsys fs.FS, cfg *config.Site, data *config.Data, l config.Language, errs *diagnostic.List) *Theme {
	name, lang := cfg.Theme, l.Code
	th := &Theme{Name: name, Lang: l, cfg: cfg, Dir: "themes/" + name, layouts: map[string]*template.Template{},
		sources: map[string]string{}, Static: map[string]string{}, regions: display.Regions(l.Tag),
		printer: message.NewPrinter(l.Tag)}
	if th.regions == nil {
		th.regions = display.English.Regions()
	}
	// Which reference data this language has in its own words (the names of cities,
	// services and certifications), for the lang attributes of those names.
	th.dataTranslated = map[string]bool{}
	if l.Prefix != "" {
		for _, f := range []string{config.CitiesFile, config.ServicesFile, config.CertificationsFile} {
			if data.Translates(l.Code, f) {
				th.dataTranslated[strings.TrimSuffix(path.Base(f), ".yaml")] = true
			}
		}
	}
	if fi, err := fs.Stat(fsys, th.Dir); err != nil || !fi.IsDir() {
		hint := "create it or set theme: in content/site.yaml"
		if ents, err := fs.ReadDir(fsys, "themes"); err == nil {
			var names []string
			for _, e := range ents {
				if e.IsDir() {
					names = append(names, e.Name())
				}
			}
			if h := diagnostic.Suggest(name, names); h != "" {
				hint = h
			} else if len(names) > 0 {
				hint = "available: " + strings.Join(names, ", ")
			}
		}
		errs.Addf("content/site.yaml", 0, 0, hint, "theme %q not found (no folder %s)", name, th.Dir)
		return nil
	}
	before := errs.Len()
	if !th.loadStrings(fsys, lang, errs) {
		// Templates would report each string they use as missing: the cause alone.
		return nil
	}
	th.loadTemplates(fsys, errs)
	th.loadStatic(fsys, errs)
	th.loadMap(fsys, errs)
	if errs.Len() > before {
		return nil
	}
	return th
}

// LoadAll loads the theme in each language of cfg (Load), the default first; problems go
// to errs, once when the theme is broken in the first language.
func LoadAll(fsys fs.FS, cfg *config.Site, data *config.Data, errs *diagnostic.List) []*Theme {
	var themes []*Theme
	for _, l := range cfg.Languages {
		th := Load(fsys, cfg, data, l, errs)
		if th == nil && len(themes) == 0 {
			break
		}
		themes = append(themes, th)
	}
	return themes
}

// loadStrings reads the interface strings; false when the file could not be read or
// parsed at all (errors about single strings still let the templates be checked).
func (th *Theme) loadStrings(fsys fs.FS, lang string, errs *diagnostic.List) bool {
	th.stringsAt = th.Dir + "/i18n/" + lang + ".yaml"
	th.strings = map[string]string{}
	data, err := fs.ReadFile(fsys, th.stringsAt)
	if err != nil {
		errs.Addf(th.stringsAt, 0, 0, "every theme needs its interface strings in each of the site's languages; copy en.yaml and translate it", "cannot read: %v", errors.Unwrap(err))
		return false
	}
	data, ok := meta.CleanText(th.stringsAt, data, errs)
	if !ok {
		return false
	}
	v, err := meta.ParseYAML(data, 0)
	if err != nil {
		var se *meta.SyntaxError
		if errors.As(err, &se) {
			errs.Addf(th.stringsAt, se.Line, se.Col, "", "%s", se.Msg)
		}
		return false
	}
	r := meta.NewReader(th.stringsAt, v, 1, errs)
	for _, k := range r.Keys() {
		if k == "months" {
			months := r.Strings(k, true)
			if len(months) != 12 {
				r.Errorf(k, "list the twelve month names, January first", "months has %d names", len(months))
				continue
			}
			for i, m := range months {
				th.months[i] = m.S
			}
			continue
		}
		th.strings[k] = r.String(k, true)
	}
	if !r.Has("months") {
		errs.Addf(th.stringsAt, 0, 0, "add months: [January, February, ...] in the file's language", "missing the month names (months:)")
	}
	for _, k := range RequiredStrings {
		if _, ok := th.strings[k]; !ok {
			errs.Addf(th.stringsAt, 0, 0, "every theme's strings must define it", "missing interface string %q", k)
		}
	}
	return true
}

// readOverridable reads rel (relative to the theme dir) from the site's override folder if
// present, else from the theme, and returns the source path used.
func readOverridable(fsys fs.FS, themeDir, rel string) (string, []byte, error) {
	if after, ok := strings.CutPrefix(rel, "layouts/"); ok {
		p := OverrideDir + "/" + after
		if data, err := fs.ReadFile(fsys, p); err == nil {
			return p, data, nil
		}
	}
	p := themeDir + "/" + rel
	data, err := fs.ReadFile(fsys, p)
	return p, data, err
}

func (th *Theme) loadTemplates(fsys fs.FS, errs *diagnostic.List) {
	base := template.New("theme").Funcs(th.funcs())
	load := func(t *template.Template, name string) bool {
		src, data, err := readOverridable(fsys, th.Dir, "layouts/"+name)
		if err != nil {
			errs.Addf(th.Dir+"/layouts/"+name, 0, 0, "every theme needs this layout", "cannot read: %v", errors.Unwrap(err))
			return false
		}
		th.sources[name] = src
		if _, err := t.New(name).Parse(string(data)); err != nil {
			errs.Add(th.TemplateError(err))
			return false
		}
		th.checkStrings(t, name, errs)
		return true
	}
	if !load(base, "baseof.html") {
		return
	}
	th.base = base
	partials := map[string]bool{}
	for _, dir := range []string{th.Dir + "/layouts/partials", OverrideDir + "/partials"} {
		ents, _ := fs.ReadDir(fsys, dir)
		for _, e := range ents {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".html") {
				partials["partials/"+e.Name()] = true
			}
		}
	}
	names := make([]string, 0, len(partials))
	for n := range partials {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		load(base, n)
	}
	for _, name := range Layouts {
		t, err := base.Clone()
		if err != nil {
			errs.Addf(th.Dir, 0, 0, "", "%v", err)
			return
		}
		if load(t, name) {
			th.layouts[name] = t
		}
	}
}

// checkStrings reports every {{ T "key" }} whose key is missing from the i18n file, at the
// template line that uses it, before anything is rendered.
func (th *Theme) checkStrings(set *template.Template, name string, errs *diagnostic.List) {
	var t *template.Template
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch x := n.(type) {
		case *parse.ListNode:
			if x == nil {
				return
			}
			for _, c := range x.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(x.Pipe)
		case *parse.PipeNode:
			if x == nil {
				return
			}
			for _, c := range x.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			if len(x.Args) >= 2 {
				if id, ok := x.Args[0].(*parse.IdentifierNode); ok && id.Ident == "T" {
					if s, ok := x.Args[1].(*parse.StringNode); ok {
						if _, found := th.strings[s.Text]; !found {
							loc, _ := t.Tree.ErrorContext(x)
							e := th.TemplateError(fmt.Errorf("template: %s: missing interface string %q", loc, s.Text))
							e.Msg = fmt.Sprintf("missing interface string %q", s.Text)
							e.Hint = diagnostic.Suggest(s.Text, keys(th.strings))
							if e.Hint == "" {
								e.Hint = "add it to " + th.stringsAt
							} else {
								e.Hint += " or add it to " + th.stringsAt
							}
							errs.Add(e)
						}
					}
				}
			}
			for _, a := range x.Args {
				walk(a)
			}
		case *parse.IfNode:
			walk(x.Pipe)
			walk(x.List)
			walk(x.ElseList)
		case *parse.RangeNode:
			walk(x.Pipe)
			walk(x.List)
			walk(x.ElseList)
		case *parse.WithNode:
			walk(x.Pipe)
			walk(x.List)
			walk(x.ElseList)
		case *parse.TemplateNode:
			walk(x.Pipe)
		}
	}
	for _, tt := range set.Templates() {
		if tt.Tree != nil && tt.Tree.ParseName == name {
			t = tt
			walk(tt.Tree.Root)
		}
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var templateErr = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// TemplateError turns an html/template error into a diagnostic at the template's file and
// line.
func (th *Theme) TemplateError(err error) *diagnostic.Error {
	msg := err.Error()
	m := templateErr.FindStringSubmatch(strings.SplitN(msg, "\n", 2)[0])
	if m == nil {
		return &diagnostic.Error{Path: th.Dir + "/layouts", Msg: msg}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	src := th.sources[m[1]]
	if src == "" {
		src = th.Dir + "/layouts/" + m[1]
	}
	text := m[4]
	// html/template repeats the location: `executing "x.html" at <.Foo>: error`.
	if i := strings.Index(text, "executing \""); i >= 0 {
		text = text[i:]
	}
	e := &diagnostic.Error{Path: src, Line: line, Col: col, Msg: "template: " + text}
	if f := pageField.FindStringSubmatch(text); f != nil && movedFields[f[1]] != "" {
		e.Hint = "layouts receive each kind's part of the page: use " + movedFields[f[1]] + " (docs/content.md)"
	}
	return e
}

// pageField finds a field a template asked of the page that the page does not have.
var pageField = regexp.MustCompile(`can't evaluate field (\w+) in type \*view\.Page`)

// movedFields are the page's fields before they moved into the part of their kind, and
// where they are now: a layout copied from an older theme names them.
var movedFields = map[string]string{
	"Company": ".Profile.Company", "Related": ".Profile.Related", "Park": ".ParkPage.Park",
	"Companies": ".Listing.Companies (a listing), .Home.Featured (home) or .ParkPage.Tenants (a park)",
	"Parks":     ".Listing.Parks (a city's listing) or .Home.Parks (home)", "Total": ".Listing.Total", "Pager": ".Listing.Pager",
	"NewsItems": ".Listing.News (news) or .Home.News (home)", "Stats": ".Home.Stats", "Groups": ".Index.Groups or .Home.Parks",
	"Map": ".Index.Map, .Home.Map or .ParkPage.Map", "Rollout": ".Index.Rollout or .Home.Rollout", "Chart": ".Index.Chart",
}

// RequiredStrings are the interface strings the renderer's views use from Go (templates'
// own keys are checked where they are used); Load requires all of them.
var RequiredStrings = []string{"certification_intro", "certifications", "certifications_intro", "cities", "cities_intro",
	"city_intro", "companies", "companies_intro", "home", "news", "news_intro", "not_found", "not_found_text",
	"page_title", "parks", "parks_intro", "services", "services_intro", "shortlist", "shortlist_intro",
	"chart_services_title", "chart_services_desc", "chart_cities_title", "chart_cities_desc", "chart_companies", "city",
	"chart_parks_title", "chart_parks_desc", "chart_status", "chart_parks", "callout_note", "callout_tip", "callout_warning",
	"companies_all",
	"facet_service", "facet_city", "facet_park", "facet_certification", "facet_employees", "facet_market", "facet_founded",
	"status_operational", "status_under-construction", "status_planned", "date_format", "language", "fallback_note", "moved"}

// MapFile is where a theme keeps the country outline for park maps (optional).
const MapFile = "data/pakistan.geojson"

func (th *Theme) loadMap(fsys fs.FS, errs *diagnostic.List) {
	p := th.Dir + "/" + MapFile
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return // a theme without an outline draws no maps
	}
	m, err := geo.Load(data)
	if err != nil {
		errs.Addf(p, 0, 0, "a GeoJSON Polygon or MultiPolygon in longitude/latitude", "cannot read the map outline: %v", err)
		return
	}
	th.Map = m
}

func (th *Theme) loadStatic(fsys fs.FS, errs *diagnostic.List) {
	for _, root := range []string{th.Dir + "/static", "static"} {
		_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an absent folder is fine
			}
			if d.IsDir() {
				// .well-known/ holds the RFC 8615 files a host is asked for (security.txt);
				// other dot-folders are an editor's or a tool's.
				if p != root && p != root+"/.well-known" && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if sitefs.IsJunk(d.Name()) {
				return nil
			}
			// An SVG is a document that could run script as the site: only a static drawing is
			// published.
			if strings.HasSuffix(strings.ToLower(p), ".svg") && !contentdir.CheckSVG(fsys, p, errs) {
				return nil
			}
			th.Static[strings.TrimPrefix(p, root+"/")] = p
			return nil
		})
	}
}

// String returns an interface string ("" when the file lacks it; Load has checked the keys
// the renderer uses).
func (th *Theme) String(key string) string { return th.strings[key] }

// StringFor returns the string key for a count of n: the key's _one form when n is 1 and the
// language has one ("1 park is operational"), else the key's.
func (th *Theme) StringFor(key string, n int) string {
	if one, ok := th.strings[key+"_one"]; ok && n == 1 {
		return one
	}
	return th.strings[key]
}

// Execute renders the layout (one of Layouts) with data as a whole page, through
// baseof.html; an error is the template's, positioned by TemplateError.
func (th *Theme) Execute(w io.Writer, layout string, data any) error {
	t, ok := th.layouts[layout]
	if !ok {
		return fmt.Errorf("theme %s has no layout %q", th.Name, layout)
	}
	if err := t.ExecuteTemplate(w, "baseof.html", data); err != nil {
		return th.TemplateError(err)
	}
	return nil
}

// ForgetCard drops the cached card of the company read from src, after it changed in place.
func (th *Theme) ForgetCard(src string) { th.cards.delete(src) }

// ForgetCards drops the cached cards of the companies read from the sources in stale.
func (th *Theme) ForgetCards(stale map[string]bool) {
	for src := range stale {
		th.cards.delete(src)
	}
}
