package content

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/adrg/frontmatter"
	"golang.org/x/sync/errgroup"
	"golang.org/x/text/language"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
	"github.com/pseb/sitegen/generator/sitefs"
	"github.com/pseb/sitegen/generator/svgcheck"
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
}

// Load reads and validates the whole source tree rooted at fsys (the site root, holding
// content/). All problems are returned together as a *diagnostic.List; the site is returned
// even then (its Config is what could be read) so that callers can check the theme too.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Site, error) {
	return loadReusing(ctx, fsys, opts, nil, Changes{}, nil)
}

// loadReusing is Load. With prev, its configuration and data are taken as they are (the values
// parsed files point to), its folder listings are taken where the changes did not reach,
// and reuse gives what an unchanged file parsed to before.
func loadReusing(ctx context.Context, fsys fs.FS, opts Options, prev *Site, changes Changes, reuse func(file) any) (*Site, error) {
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

	listing := newListingFS(fsys, prev, changes)
	files, err := findFiles(listing, site.Config.LanguageCodes()[1:], errs)
	if err != nil {
		return nil, err
	}
	site.listings = listing.seen
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
					errs.Addf(f.path, 0, 0, "please report this, with the file, to the sitegen maintainers", "internal error while reading this file: %v", v)
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
			errs.Merge(f.path, local.Err())
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
			site.parsed[files[i].path] = parsedFile{files[i], p}
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

// file is a Markdown file found under content/.
type file struct {
	kind      Kind
	path      string // content/companies/acme.md or content/companies/acme/index.md
	bundle    string
	resources []string
	// lang is set on a translation (acme.zh.md): its language; orig is the file it
	// translates.
	lang, orig string
}

var sectionKind = map[string]Kind{"companies": KindCompany, "parks": KindPark, "pages": KindPage, "news": KindNews}

func findFiles(fsys fs.FS, langs []string, errs *diagnostic.List) ([]file, error) {
	top, err := fs.ReadDir(fsys, "content")
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	var files []file
	sections := []string{"companies", "parks", "pages", "news", "data"}
	for _, e := range top {
		name, p := e.Name(), "content/"+e.Name()
		if sitefs.IsJunk(name) {
			continue
		}
		if e = followLink(fsys, p, e, errs); e == nil {
			continue
		}
		switch {
		case e.IsDir() && name == "data":
		case e.IsDir() && sectionKind[name] != "":
			fs, err := sectionFiles(fsys, sectionKind[name], p, langs, errs)
			if err != nil {
				return nil, err
			}
			files = append(files, fs...)
		case e.IsDir():
			hint := diagnostic.Suggest(name, sections)
			if hint == "" {
				hint = "sections are " + strings.Join(sections, ", ")
			}
			errs.Addf(p, 0, 0, hint, "unknown section folder %q", name)
		case name == "_index.md":
			files = append(files, file{kind: KindHome, path: p})
		case strings.HasPrefix(name, "_index.") && strings.HasSuffix(name, ".md"):
			if lang := translationOf(name, langs, p, errs); lang != "" && lang != notOurs {
				files = append(files, file{kind: KindHome, path: p, lang: lang, orig: "content/_index.md"})
			}
		case docFile.MatchString(name):
			// README.md, CREDITS.md and the like document the content; they are not pages.
		case strings.HasSuffix(name, ".md"):
			errs.Addf(p, 0, 0, "move it to content/pages/ (or name it in capitals, like CREDITS.md, to keep it out of the site)", "Markdown files belong in a section folder")
		}
	}
	return files, nil
}

func sectionFiles(fsys fs.FS, kind Kind, dir string, langs []string, errs *diagnostic.List) ([]file, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	var files []file
	for _, e := range entries {
		name, p := e.Name(), dir+"/"+e.Name()
		if sitefs.IsJunk(name) {
			continue
		}
		if e = followLink(fsys, p, e, errs); e == nil {
			continue
		}
		switch {
		case e.IsDir():
			f, translations, ok, err := bundle(fsys, kind, p, langs, errs)
			if err != nil {
				return nil, err
			}
			if !ok {
				errs.Addf(p, 0, 0, "a page bundle needs an index.md beside its files", "folder has no index.md")
				continue
			}
			files = append(append(files, f), translations...)
		case e.Type().IsRegular() && strings.HasSuffix(name, ".md"):
			switch lang := translationOf(name, langs, p, errs); lang {
			case notOurs:
				continue
			case "":
			default:
				files = append(files, file{kind: kind, path: p, lang: lang, orig: dir + "/" + strings.TrimSuffix(name, "."+lang+".md") + ".md"})
				continue
			}
			files = append(files, file{kind: kind, path: p})
		}
	}
	return files, nil
}

// docFile is a Markdown file at the top of content/ named in capitals (README.md,
// CREDITS.md): notes about the content, left out of the site.
var docFile = regexp.MustCompile(`^[A-Z][A-Z0-9_-]*\.md$`)

func bundle(fsys fs.FS, kind Kind, dir string, langs []string, errs *diagnostic.List) (file, []file, bool, error) {
	f := file{kind: kind, path: dir + "/index.md", bundle: dir}
	var translations []file
	found := false
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		if sitefs.IsJunk(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel := strings.TrimPrefix(p, dir+"/")
		if d.Type()&fs.ModeSymlink != 0 {
			// WalkDir does not enter a linked folder; a linked file is followed (inside
			// the site only: the site is opened as an os.Root).
			if d = followLink(fsys, p, d, errs); d == nil {
				return nil
			}
			if d.IsDir() {
				errs.Addf(p, 0, 0, "copy the folder into the bundle instead of linking it", "a link to a folder inside a bundle is not followed")
				return nil
			}
		}
		switch {
		case rel == "index.md":
			found = true
		case strings.HasPrefix(rel, "index.") && strings.HasSuffix(rel, ".md"):
			if lang := translationOf(rel, langs, p, errs); lang != "" && lang != notOurs {
				translations = append(translations, file{kind: kind, path: p, bundle: dir, lang: lang, orig: f.path})
			} else if lang == "" {
				f.resources = append(f.resources, rel)
			}
		case d.Type().IsRegular():
			if checkResource(fsys, p, errs) {
				f.resources = append(f.resources, rel)
			}
		}
		return nil
	})
	if err != nil {
		return f, nil, false, fmt.Errorf("%s: %w", dir, err)
	}
	return f, translations, found, nil
}

// followLink returns what a symbolic link points to, as a DirEntry of the link's name, or
// reports it and returns nil when it is broken or leads out of the site. Other entries are
// returned as they are. A link is never skipped without a word: a deploy after a build
// that silently left out linked pages would delete them from the live site.
func followLink(fsys fs.FS, p string, e fs.DirEntry, errs *diagnostic.List) fs.DirEntry {
	if e.Type()&fs.ModeSymlink == 0 {
		return e
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		errs.Addf(p, 0, 0, "point the link at a file or folder inside the site, or copy it in", "symbolic link is broken or leads outside the site")
		return nil
	}
	return fs.FileInfoToDirEntry(linkInfo{info, e.Name()})
}

// linkInfo is the FileInfo of a link's target under the link's own name.
type linkInfo struct {
	fs.FileInfo
	name string
}

func (l linkInfo) Name() string { return l.name }

// ResourceTypes are the kinds of file a bundle publishes beside its page: pictures, PDFs
// and plain text or CSV (served as text/plain and text/csv with nosniff, never run as a
// page). Anything else (an .html page, a script, an archive) could run on the site's origin
// or pass for the board's own file, so it is an error, never published.
var ResourceTypes = []string{".avif", ".csv", ".gif", ".jpeg", ".jpg", ".pdf", ".png", ".svg", ".txt", ".webp"}

// checkResource reports a bundle file that may not be published: a type outside
// ResourceTypes, or an SVG that is more than a static drawing.
func checkResource(fsys fs.FS, p string, errs *diagnostic.List) bool {
	ext := strings.ToLower(path.Ext(p))
	if !slices.Contains(ResourceTypes, ext) {
		errs.Addf(p, 0, 0, "a bundle publishes only "+strings.Join(ResourceTypes, " ")+" files; remove it, or keep notes outside content/",
			"%q files are not published from a bundle", ext)
		return false
	}
	if ext != ".svg" {
		return true
	}
	return CheckSVG(fsys, p, errs)
}

// CheckSVG reports whether the SVG at p may be published (a static drawing, see svgcheck),
// adding its problems to errs at their lines. Every SVG the site serves from its origin
// passes it, a bundle's or a static folder's: a script in one would run as the site.
func CheckSVG(fsys fs.FS, p string, errs *diagnostic.List) bool {
	f, err := fsys.Open(p)
	if err != nil {
		errs.Addf(p, 0, 0, "", "%v", err)
		return false
	}
	defer f.Close()
	probs := svgcheck.Check(f)
	for _, pr := range probs {
		errs.Addf(p, pr.Line, pr.Col, pr.Hint, "%s", pr.Msg)
	}
	return len(probs) == 0
}

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
	if !ok || at > len(data) || headHash(data, data[at:]) != head {
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

// notOurs is what translationOf returns for a translation into a language the site lacks.
const notOurs = "-"

// translationOf returns the language of a translation's file name ("acme.zh.md" is acme.md
// in zh), "" for other files. A name that looks like a translation into a language the site
// does not have is reported to errs (when not nil).
func translationOf(name string, langs []string, p string, errs *diagnostic.List) string {
	stem, ok := strings.CutSuffix(name, ".md")
	if !ok {
		return ""
	}
	i := strings.LastIndexByte(stem, '.')
	if i < 0 {
		return ""
	}
	code := stem[i+1:]
	if slices.Contains(langs, code) {
		return code
	}
	if _, err := language.Parse(code); err == nil && errs != nil && len(code) <= 8 {
		hint := "add it to languages: in content/site.yaml"
		if len(langs) > 0 {
			hint += " (the site has " + strings.Join(langs, ", ") + ")"
		}
		errs.Addf(p, 0, 0, hint, "translation into %q, which is not one of the site's languages", code)
		return notOurs
	}
	return ""
}

// splitJSON splits a file that starts with a JSON object at offset start: the object is
// the front matter, on one line ({"title": "x"}) or many, and the body follows it.
// adrg/frontmatter finds a "{" block only when the braces are on lines of their own.
func splitJSON(data []byte, start int) (*meta.Value, []byte, int, error) {
	first := bytes.Count(data[:start], []byte("\n"))
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		// ParseJSON says where, with the file's line.
		if _, perr := meta.ParseJSON(data[start:], first); perr != nil {
			return nil, nil, 0, perr
		}
		return nil, nil, 0, &meta.SyntaxError{Line: first + 1, Col: 1, Msg: "invalid JSON front matter: " + err.Error()}
	}
	end := start + int(dec.InputOffset())
	fm, err := meta.ParseJSON(data[start:end], first)
	if err != nil {
		return nil, nil, 0, err
	}
	rest := data[end:]
	// The rest of the object's last line, when blank, is not body.
	if line, after, found := bytes.Cut(rest, []byte("\n")); len(bytes.TrimSpace(line)) == 0 {
		if found {
			rest = after
		} else {
			rest = nil
		}
	}
	bodyLine := 1 + bytes.Count(data[:len(data)-len(rest)], []byte("\n"))
	return fm, bytes.Clone(rest), bodyLine, nil
}

// frontMatter is what the adrg/frontmatter formats capture: the raw block and its syntax.
type frontMatter struct {
	syntax string
	data   []byte
}

func capture(syntax string) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		fm := v.(*frontMatter)
		fm.syntax, fm.data = syntax, bytes.Clone(data)
		return nil
	}
}

// The formats adrg/frontmatter detects by default, decoded by meta so positions survive.
var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", capture("yaml")),
	frontmatter.NewFormat("---yaml", "---", capture("yaml")),
	frontmatter.NewFormat("+++", "+++", capture("toml")),
	frontmatter.NewFormat("---toml", "---", capture("toml")),
	frontmatter.NewFormat(";;;", ";;;", capture("json")),
	frontmatter.NewFormat("---json", "---", capture("json")),
	{Start: "{", End: "}", Unmarshal: capture("json"), UnmarshalDelims: true, RequiresNewLine: true},
}

// Split separates the front matter of a cleaned file from its Markdown body and decodes it.
// bodyLine is the file line where the body starts.
func Split(data []byte) (fm *meta.Value, body []byte, bodyLine int, err error) {
	if trimmed := bytes.TrimLeft(data, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' {
		return splitJSON(data, len(data)-len(trimmed))
	}
	var cap frontMatter
	rest, err := frontmatter.Parse(bytes.NewReader(data), &cap, formats...)
	if err != nil {
		return nil, nil, 0, &meta.SyntaxError{Line: 1, Msg: err.Error()}
	}
	// Lines before the opening delimiter (adrg/frontmatter skips blank ones).
	first := 0
	for rest := data; ; first++ {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(line)) != 0 || !found {
			break
		}
		rest = after
	}
	if cap.syntax == "" {
		firstLine, _, _ := strings.Cut(strings.TrimLeft(string(data), " \t\n"), "\n")
		for _, f := range formats {
			if strings.TrimSpace(firstLine) == f.Start && f.Start != "{" {
				return nil, nil, 0, &meta.SyntaxError{Line: first + 1, Col: 1,
					Msg: fmt.Sprintf("front matter is not closed: add a line %q after the last field", f.End)}
			}
		}
		return nil, nil, 0, &meta.SyntaxError{Line: first + 1, Col: 1,
			Msg: "no front matter: start the file with a line \"---\", then the fields, then another \"---\""}
	}
	offset := first + 1
	if cap.syntax == "json" && strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
		offset = first
	}
	bodyLine = 1 + bytes.Count(data[:len(data)-len(rest)], []byte("\n"))
	switch cap.syntax {
	case "yaml":
		fm, err = meta.ParseYAML(cap.data, offset)
	case "toml":
		fm, err = meta.ParseTOML(cap.data, offset)
	default:
		fm, err = meta.ParseJSON(cap.data, offset)
	}
	if err != nil {
		return nil, nil, 0, err
	}
	// rest points into the parser's buffer, which holds the whole file: keep only the body.
	return fm, bytes.Clone(rest), bodyLine, nil
}

// parseFile reads one file; it returns a *Company, *Park, *Page, *News, *Home or nil.
func parseFile(fsys fs.FS, f file, site *Site, opts Options, errs *diagnostic.List) any {
	raw, err := fs.ReadFile(fsys, f.path)
	if err != nil {
		errs.Addf(f.path, 0, 0, "", "cannot read: %v", err)
		return nil
	}
	data, ok := meta.CleanText(f.path, raw, errs)
	if !ok {
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		errs.Addf(f.path, 1, 0, "add front matter between two \"---\" lines, or delete the file", "file is empty")
		return nil
	}
	fm, body, bodyLine, err := Split(data)
	if err != nil {
		var se *meta.SyntaxError
		if errors.As(err, &se) {
			errs.Addf(f.path, se.Line, se.Col, "", "%s", se.Msg)
		} else {
			errs.Addf(f.path, 0, 0, "", "%v", err)
		}
		return nil
	}
	if _, isMap := fm.V.(*meta.Map); !isMap && fm.V != nil {
		errs.Addf(f.path, fm.Line, fm.Col, "write key: value pairs", "expected a mapping of fields, found a list")
		return nil
	}
	if f.lang != "" {
		r := meta.NewReader(f.path, fm, fm.Line, errs)
		t := decodeTranslation(r, f, body, bodyLine, headHash(data, body), errs)
		if opts.LazyBodies && f.kind == KindCompany {
			t.Body, t.lazyAt = nil, len(data)-len(body)
		}
		return t
	}
	// Decode into a private list first: a draft that is left out reports nothing.
	local := &diagnostic.List{}
	r := meta.NewReader(f.path, fm, fm.Line, local)
	e := Entry{Kind: f.kind, Source: f.path, Bundle: f.bundle, Resources: f.resources, Body: body, BodyLine: bodyLine,
		head: headHash(data, body)}
	e.Draft = r.Bool("draft")
	e.Shortcodes = checkBody(f.path, body, bodyLine, local)
	if opts.LazyBodies && f.kind == KindCompany {
		e.Body, e.lazyAt = nil, len(data)-len(body)
	}
	v := decode(r, &e, f, site, opts)
	if e.Draft && !opts.Drafts {
		if n, ok := v.(*News); ok && !r.Bool("draft") {
			return scheduled{date: n.Date} // published once its date has come
		}
		return nil
	}
	errs.Merge(f.path, local.Err())
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
	s.bySource = map[string]*Entry{}
	s.companies = map[string]*Company{}
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
