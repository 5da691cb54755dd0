package content

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/contentdir"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
	"github.com/pseb/sitegen/generator/shortcode"
)

// Options change what Load publishes.
type Options struct {
	// Drafts includes `draft: true` files and news dated in the future.
	Drafts bool
	// Now decides which news is in the future; the zero value means time.Now().
	Now time.Time
	// BaseURL, when set, replaces base_url of site.yaml (the CLI's --base-url).
	BaseURL string
	// LazyBodies leaves company bodies on disk once checked: Site.BodyOf reads one again
	// when it is rendered. At 20,000 companies the bodies were 135 MB of a build's live
	// heap. fsys must stay open while the site is rendered.
	LazyBodies bool
	// Heads, when set, holds front matter parsed by an earlier build, and records what
	// this load reads for the next (a warm build's; see Heads).
	Heads *Heads
}

// Load reads and validates the whole source tree rooted at fsys (the site root, holding
// content/). All problems are returned together as a *diagnostic.List; the site is returned
// even then (its Config is what could be read) so that callers can check the theme too.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Site, error) {
	return loadReusing(ctx, fsys, opts, nil, contentdir.Changes{}, nil)
}

// loadReusing is Load. With prev, its configuration and data are taken as they are (the values
// parsed files point to), its folder listings are taken where the changes did not reach,
// and reuse gives what an unchanged file parsed to before.
func loadReusing(ctx context.Context, fsys fs.FS, opts Options, prev *Site, changes contentdir.Changes, reuse func(file) any) (*Site, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	errs := &diagnostic.List{}
	if fi, err := fs.Stat(fsys, "content"); err != nil || !fi.IsDir() {
		// Nothing else can be right; say only this.
		errs.Addf("content", 0, 0, "run sitegen in the site root or pass --source", "folder is missing")
		return nil, errs
	}
	var site *Site
	if prev != nil {
		site = &Site{Config: prev.Config, Data: prev.Data, Datasets: prev.Datasets, source: fsys, Now: opts.Now}
	} else {
		site = &Site{Config: config.LoadSite(fsys, errs), Data: config.LoadData(fsys, errs), source: fsys, Now: opts.Now}
		if errs.Len() == 0 {
			site.Data.LoadTranslations(fsys, site.Config.LanguageCodes()[1:], errs)
		}
	}
	if errs.Len() > 0 {
		// Everything else is read against the configuration and the data files: with
		// one of them broken, every translation, city and service would be reported
		// too, burying the cause. Report the cause alone.
		return site, errs
	}
	if prev == nil || changes.Any(config.IsDataset) {
		site.Datasets = config.LoadDatasets(fsys, site.Config.LanguageCodes()[1:], errs)
	}
	if opts.BaseURL != "" && prev == nil {
		u, err := config.ParseBaseURL(opts.BaseURL)
		if err != nil {
			return nil, fmt.Errorf("--base-url %q %w", opts.BaseURL, err)
		}
		site.Config.BaseURL = u
	}

	var prevListings map[string][]fs.DirEntry
	if prev != nil {
		prevListings = prev.listings
	}
	listing := contentdir.NewListingFS(fsys, prevListings, changes)
	files, err := findFiles(listing, site.Config.LanguageCodes()[1:], errs)
	if err != nil {
		return nil, err
	}
	site.listings = listing.Seen()
	parsed := make([]any, len(files))
	clean := make([]bool, len(files)) // read without an error of its own: Reload may reuse it
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			// A bug must not take the whole run down: report it against the file.
			defer func() {
				if v := recover(); v != nil {
					errs.Addf(f.Path, 0, 0, "please report this, with the file, to the sitegen maintainers", "internal error while reading this file: %v", v)
				}
			}()
			if reuse != nil {
				if v := reuse(f); v != nil {
					parsed[i], clean[i] = v, true
					return nil
				}
			}
			local := &diagnostic.List{}
			parsed[i] = parseFile(fsys, f, site, opts, local)
			clean[i] = local.Len() == 0
			errs.Merge(f.Path, local.Err())
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var translations []*Translation
	site.parsed = make(map[string]parsedFile, len(files))
	for i, p := range parsed {
		if p != nil && clean[i] {
			site.parsed[files[i].Path] = parsedFile{files[i], p}
		}
		switch x := p.(type) {
		case *Translation:
			translations = append(translations, x)
		case *Company:
			site.Companies = append(site.Companies, x)
		case *Park:
			site.Parks = append(site.Parks, x)
		case *Page:
			site.Pages = append(site.Pages, x)
		case *News:
			site.News = append(site.News, x)
		case *Home:
			site.Home = x
		case scheduled:
			if site.nextScheduled.IsZero() || x.date.Before(site.nextScheduled) {
				site.nextScheduled = x.date
			}
		}
	}
	link(site, errs)
	attachTranslations(site, files, translations, errs)
	return site, errs.Err()
}

// scheduled is what parseFile makes of news dated in the future: nothing to publish yet,
// but the date the site changes by itself.
type scheduled struct{ date time.Time }

// NextScheduled is the date of the earliest news item left out because it is dated in the
// future (zero when none is): a build on or after it publishes more than this site holds.
func (s *Site) NextScheduled() time.Time { return s.nextScheduled }

// file is a Markdown file found under content/, with the kind of entry its section holds.
type file struct {
	contentdir.File
	kind Kind
}

// findFiles lists the entries' files (see contentdir.Find).
func findFiles(fsys fs.FS, langs []string, errs *diagnostic.List) ([]file, error) {
	found, err := contentdir.Find(fsys, langs, errs)
	if err != nil {
		return nil, err
	}
	files := make([]file, len(found))
	for i, f := range found {
		files[i] = file{File: f, kind: KindHome}
		if f.Section != "" {
			files[i].kind = sectionKind[f.Section]
		}
	}
	return files, nil
}

var sectionKind = map[string]Kind{"companies": KindCompany, "parks": KindPark, "pages": KindPage, "news": KindNews}

// BodyOf returns e's Markdown body: e.Body, or for a body left on disk (Options.LazyBodies)
// the file it comes from (TextSource: a translation's, or Source) read again, cleaned as
// Load cleaned it, from where its body starts.
func (s *Site) BodyOf(e *Entry) ([]byte, error) {
	if e.lazyAt == 0 {
		return e.Body, nil
	}
	return s.readBody(cmp.Or(e.TextSource, e.Source), e.lazyAt, e.head)
}

// TranslationBody returns t's Markdown body, as BodyOf does an entry's.
func (s *Site) TranslationBody(t *Translation) ([]byte, error) {
	if t.lazyAt == 0 {
		return t.Body, nil
	}
	return s.readBody(t.Source, t.lazyAt, t.head)
}

// readBody reads the body left on disk of source, which starts at at in the cleaned file
// after a head that hashes to head; a file that changed since is a ChangedError.
func (s *Site) readBody(source string, at int, head uint64) ([]byte, error) {
	raw, err := fs.ReadFile(s.source, source)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	data, ok := meta.CleanText(source, raw, &diagnostic.List{})
	if !ok || at > len(data) || meta.HeadHash(data, data[at:]) != head {
		return nil, &ChangedError{Source: source}
	}
	return data[at:], nil
}

// ReadFrom makes s (and the sites localized from it) read the bodies left on disk from fsys
// from now on: a site loaded from a copy of the files as they were (a build cache) reads
// its edited bodies from the files as they are.
func (s *Site) ReadFrom(fsys fs.FS) {
	s.source = fsys
	for _, l := range s.locales {
		l.source = fsys
	}
}

// ChangedError is BodyOf's error for a file whose front matter changed on disk since it
// was read: its body can no longer be told from the model.
type ChangedError struct{ Source string }

func (e *ChangedError) Error() string {
	return e.Source + ": changed while the site was built; build again"
}

// parseFile reads one file; it returns a *Company, *Park, *Page, *News, *Home or nil.
func parseFile(fsys fs.FS, f file, site *Site, opts Options, errs *diagnostic.List) any {
	if opts.LazyBodies && f.kind == KindCompany {
		if hd := opts.Heads.known(fsys, f.Path); hd != nil {
			// Parsed and checked by an earlier build, and its body is left on disk: the
			// file need not be read (30,000 files, 142 MB, at PSEB's size).
			return decodeFile(f, parsed{fm: hd.FM, bodyLine: hd.BodyLine, head: hd.HeadHash, blank: hd.Blank, lazyAt: hd.BodyAt,
				shortcodes: func(*diagnostic.List) []shortcode.Call { return slices.Clone(hd.Calls) }}, site, opts, errs)
		}
	}
	raw, err := fs.ReadFile(fsys, f.Path)
	if err != nil {
		errs.Addf(f.Path, 0, 0, "", "cannot read: %v", err)
		return nil
	}
	data, ok := meta.CleanText(f.Path, raw, errs)
	if !ok {
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		errs.Addf(f.Path, 1, 0, "add front matter between two \"---\" lines, or delete the file", "file is empty")
		return nil
	}
	fm, body, bodyLine, hd, err := opts.Heads.split(raw, data)
	if err != nil {
		var se *meta.SyntaxError
		if errors.As(err, &se) {
			errs.Addf(f.Path, se.Line, se.Col, "", "%s", se.Msg)
		} else {
			errs.Addf(f.Path, 0, 0, "", "%v", err)
		}
		return nil
	}
	p := parsed{fm: fm, body: body, bodyLine: bodyLine, head: meta.HeadHash(data, body), blank: len(bytes.TrimSpace(body)) == 0,
		shortcodes: func(errs *diagnostic.List) []shortcode.Call {
			return opts.Heads.checkBody(hd, f.Path, body, bodyLine, errs)
		}}
	if opts.LazyBodies && f.kind == KindCompany {
		p.body, p.lazyAt = nil, len(data)-len(body)
	}
	return decodeFile(f, p, site, opts, errs)
}

// parsed is a content file split into its front matter and body.
type parsed struct {
	fm       *meta.Value
	body     []byte // nil when left on disk: lazyAt is where it starts in the cleaned file
	bodyLine int
	lazyAt   int
	head     uint64 // meta.HeadHash of the file and its body
	blank    bool   // the body is only white space
	// shortcodes checks the body (its errors go to errs) and returns its shortcodes.
	shortcodes func(errs *diagnostic.List) []shortcode.Call
}

// decodeFile decodes the front matter of a parsed file; it returns what parseFile does.
func decodeFile(f file, p parsed, site *Site, opts Options, errs *diagnostic.List) any {
	fm := p.fm
	if _, isMap := fm.V.(*meta.Map); !isMap && fm.V != nil {
		errs.Addf(f.Path, fm.Line, fm.Col, "write key: value pairs", "expected a mapping of fields, found a list")
		return nil
	}
	if f.Lang != "" {
		r := meta.NewReader(f.Path, fm, fm.Line, errs)
		t := decodeTranslation(r, f, p.body, p.bodyLine, p.head, !p.blank, errs)
		t.Shortcodes = p.shortcodes(errs)
		t.lazyAt = p.lazyAt
		return t
	}
	// Decode into a private list first: a draft that is left out reports nothing.
	local := &diagnostic.List{}
	r := meta.NewReader(f.Path, fm, fm.Line, local)
	e := Entry{Kind: f.kind, Source: f.Path, Bundle: f.Bundle, Resources: f.Resources, Body: p.body, BodyLine: p.bodyLine,
		head: p.head, lazyAt: p.lazyAt}
	e.Draft = r.Bool("draft")
	e.Shortcodes = p.shortcodes(local)
	v := decode(r, &e, f, site, opts)
	if e.Draft && !opts.Drafts {
		if n, ok := v.(*News); ok && !r.Bool("draft") {
			return scheduled{date: n.Date} // published once its date has come
		}
		return nil
	}
	errs.Merge(f.Path, local.Err())
	return v
}

// sortSite orders every list for deterministic output and builds the indexes.
func sortSite(s *Site) {
	sortByName(s.Companies, func(c *Company) (string, string) { return c.Name, c.Slug })
	sortParks(s.Parks)
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.Slug, b.Slug) })
	slices.SortFunc(s.News, func(a, b *News) int {
		return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.Slug, b.Slug))
	})
	s.index()
}

// sortParks orders parks as the site lists them: by name, then slug.
func sortParks(parks []*Park) {
	sortByName(parks, func(p *Park) (string, string) { return p.Name, p.Slug })
}

// index builds the derived indexes from the sorted lists.
func (s *Site) index() {
	s.CompaniesByCity = map[string][]*Company{}
	s.CompaniesByService = map[string][]*Company{}
	s.CompaniesByCertification = map[string][]*Company{}
	s.CompaniesByPark = map[string][]*Company{}
	s.ParksByCity = map[string][]*Park{}
	for _, c := range s.Companies {
		s.CompaniesByCity[c.City.ID] = append(s.CompaniesByCity[c.City.ID], c)
		for _, sv := range c.Services {
			s.CompaniesByService[sv.ID] = append(s.CompaniesByService[sv.ID], c)
		}
		for _, ct := range c.Certifications {
			s.CompaniesByCertification[ct.ID] = append(s.CompaniesByCertification[ct.ID], c)
		}
		if c.Park != nil {
			s.CompaniesByPark[c.Park.Slug] = append(s.CompaniesByPark[c.Park.Slug], c)
		}
	}
	for _, p := range s.Parks {
		s.ParksByCity[p.City.ID] = append(s.ParksByCity[p.City.ID], p)
	}
	// Sized up front (see attachTranslations).
	s.bySource = make(map[string]*Entry, len(s.Companies)+len(s.Parks)+len(s.Pages)+len(s.News)+1)
	s.companies = make(map[string]*Company, len(s.Companies))
	s.parks, _ = s.parksBySlug()
	for _, c := range s.Companies {
		s.bySource[c.Source] = &c.Entry
		s.companies[c.Source] = c
	}
	for _, p := range s.Parks {
		s.bySource[p.Source] = &p.Entry
	}
	for _, p := range s.Pages {
		s.bySource[p.Source] = &p.Entry
	}
	for _, n := range s.News {
		s.bySource[n.Source] = &n.Entry
	}
	if s.Home != nil {
		s.bySource[s.Home.Source] = &s.Home.Entry
	}
}

// sortByName orders list by name without regard to case, then by name, then by slug: the
// directory's order. Each name is lowered once, not at every comparison (20,000 companies
// are sorted again after every edit in serve).
func sortByName[T any](list []T, key func(T) (name, slug string)) {
	type keyed struct {
		fold, name, slug string
		v                T
	}
	ks := make([]keyed, len(list))
	for i, v := range list {
		name, slug := key(v)
		ks[i] = keyed{strings.ToLower(name), name, slug, v}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(strings.Compare(a.fold, b.fold), strings.Compare(a.name, b.name), strings.Compare(a.slug, b.slug))
	})
	for i, k := range ks {
		list[i] = k.v
	}
}
