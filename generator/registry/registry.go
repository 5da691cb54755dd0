// Package registry owns `sitegen import`: PSEB's registry export (a CSV or XLSX file, one
// row per company) becomes company profiles, idempotently. New rows create profiles; a
// changed row rewrites only the fields the export has columns for; bodies and every other
// field stay as editors wrote them; a row that fails validation (the build's own, run on the
// file the row would write) is reported at its row and column and skipped whole; profiles
// the export no longer has are listed, and removed only when asked.
package registry

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/scaffold"
	"github.com/pseb/sitegen/generator/sitefs"
)

// Options is one import.
type Options struct {
	Source  string   // the site folder
	Export  string   // the registry export, .csv or .xlsx
	Sheet   string   // of an XLSX workbook; default the first
	Mapping *Mapping // nil: the header names the fields
	Now     time.Time
}

// Change is a profile the import creates or updates (or leaves as it is).
type Change struct {
	Row    int    // in the export, the header being row 1
	Path   string // the profile, slash-separated, relative to the site
	Fields []string
	text   []byte
}

// Plan is what an import would do; Apply does it.
type Plan struct {
	Table     *Table
	Created   []*Change
	Updated   []*Change // Fields: the owned fields whose values change
	Unchanged []*Change
	// Invalid are the rows skipped, each problem at EXPORT:ROW:COLUMN.
	Invalid []*diagnostic.Error
	// Missing are profiles the export does not have (by registration number when it has
	// that column, else by file name): kept unless Apply is told to prune.
	Missing []string
	source  string
	// missingFiles are what pruning removes: each missing profile's file or bundle folder,
	// and its translations.
	missingFiles map[string][]string
}

// profile is a company file already in the site.
type profile struct {
	path, slug string // path relative to the site
	bundle     bool
	doc        *yaml.Node // the front matter's mapping; nil for TOML front matter
	body       []byte     // everything after the front matter, as it is
	reg        string
	matched    bool
}

var keyLine = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*):`)

// Prepare reads the export and the site and plans the import; nothing is written.
func Prepare(ctx context.Context, opts Options) (*Plan, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	t, err := ReadTable(opts.Export, opts.Sheet)
	if err != nil {
		return nil, err
	}
	cols, err := opts.Mapping.columns(t)
	if err != nil {
		return nil, err
	}
	siteFS := os.DirFS(opts.Source)
	var errs diagnostic.List
	cfg := config.LoadSite(siteFS, &errs)
	data := config.LoadData(siteFS, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	parks, err := readParks(siteFS)
	if err != nil {
		return nil, err
	}
	existing, err := readProfiles(ctx, siteFS, cfg)
	if err != nil {
		return nil, err
	}
	p := &Plan{Table: t, source: opts.Source, missingFiles: map[string][]string{}}
	r := newResolver(data, parks, cols, t, opts.Mapping)
	bySlug, byReg := map[string]*profile{}, map[string]*profile{}
	for _, pr := range existing {
		bySlug[pr.slug] = pr
		if pr.reg != "" {
			byReg[pr.reg] = pr
		}
	}
	_, keyedByReg := cols["registration.number"]
	seen := map[string]int{} // identity → row
	taken := map[string]bool{}
	for s := range bySlug {
		taken[s] = true
	}
	type pending struct {
		change *Change
		prof   *profile // nil for a new file
		lines  map[int]string
		row    int
	}
	var touched []*pending
	for i, cells := range t.Rows {
		row := i + 2
		if isBlank(cells) {
			continue
		}
		vals, probs := r.row(row, cells)
		if len(probs) > 0 {
			p.Invalid = append(p.Invalid, probs...)
			continue
		}
		name := vals.text("name")
		id, slugWanted := "", vals.text("slug")
		if slugWanted == "" {
			slugWanted = scaffold.Slug(name)
		}
		var prof *profile
		switch reg := vals.text("registration.number"); {
		case keyedByReg && reg != "":
			id, prof = "registration number "+reg, byReg[reg]
		default:
			id, prof = "file name "+slugWanted, bySlug[slugWanted]
		}
		if !config.ValidSlug(slugWanted) {
			p.Invalid = append(p.Invalid, r.errAt(row, "name", fmt.Sprintf("%q makes no file name", name), "give the row a slug column"))
			continue
		}
		if first, dup := seen[id]; dup {
			p.Invalid = append(p.Invalid, r.errAt(row, "name", fmt.Sprintf("the same %s as row %d", id, first), "each company once; give a registration number or slug column to tell them apart"))
			continue
		}
		seen[id] = row
		ch := &Change{Row: row}
		if prof != nil {
			prof.matched = true
			if prof.doc == nil {
				p.Invalid = append(p.Invalid, r.errAt(row, "name", prof.path+" has TOML front matter, which the import does not edit", "write its front matter in YAML (between --- lines)"))
				continue
			}
			changed := vals.apply(prof.doc, opts.Now)
			ch.Path = prof.path
			if len(changed) == 0 {
				ch.text = nil
				p.Unchanged = append(p.Unchanged, ch)
				continue
			}
			ch.Fields = changed
			ch.text, err = render(prof.doc, prof.body)
			if err != nil {
				return nil, err
			}
		} else {
			slug := slugWanted
			for n := 2; taken[slug]; n++ {
				slug = fmt.Sprintf("%s-%d", slugWanted, n)
			}
			taken[slug] = true
			doc := &yaml.Node{Kind: yaml.MappingNode}
			vals.apply(doc, opts.Now)
			if vals.text("summary") == "" {
				setKey(doc, "summary", str(scaffold.CompanySummary(name, r.cityName(vals), r.serviceLabels(vals))))
			}
			ch.Path = "content/companies/" + slug + ".md"
			ch.text, err = render(orderKeys(doc), []byte("\n"))
			if err != nil {
				return nil, err
			}
		}
		touched = append(touched, &pending{change: ch, prof: prof, lines: fieldLines(ch.text), row: row})
	}

	// Validate what would be written with the build's own rules: the site's settings, data
	// and parks with the touched profiles, loaded as a build loads them.
	vfs, err := validationFS(siteFS, existing)
	if err != nil {
		return nil, err
	}
	byPath := map[string]*pending{}
	for _, pd := range touched {
		vfs[pd.change.Path] = &fstest.MapFile{Data: pd.change.text}
		byPath[pd.change.Path] = pd
	}
	bad := map[string]bool{}
	if _, err := content.Load(ctx, vfs, content.Options{Now: opts.Now, Drafts: true}); err != nil {
		list, ok := err.(*diagnostic.List)
		if !ok {
			return nil, err
		}
		var other []string
		for _, e := range list.Errors() {
			pd := byPath[e.Path]
			if pd == nil {
				other = append(other, e.Error())
				continue
			}
			bad[e.Path] = true
			field := pd.lines[e.Line]
			if _, owned := cols[field]; !owned {
				p.Invalid = append(p.Invalid, r.errAt(pd.row, "name", fmt.Sprintf("%s: its field %s has an error the import does not own: %s", e.Path, cmpOr(field, "?"), e.Msg), cmpOr(e.Hint, "fix the profile first")))
				continue
			}
			p.Invalid = append(p.Invalid, r.errAt(pd.row, field, e.Msg, e.Hint))
		}
		if len(other) > 0 {
			return nil, fmt.Errorf("the site has errors of its own; fix them before importing:\n%s", strings.Join(other, "\n"))
		}
	}
	for _, pd := range touched {
		switch {
		case bad[pd.change.Path]:
		case pd.prof == nil:
			p.Created = append(p.Created, pd.change)
		default:
			p.Updated = append(p.Updated, pd.change)
		}
	}
	for _, pr := range existing {
		if pr.matched || (keyedByReg && pr.reg == "") {
			continue
		}
		p.Missing = append(p.Missing, pr.path)
		p.missingFiles[pr.path] = translationsOf(siteFS, pr, cfg)
	}
	slices.SortFunc(p.Invalid, func(a, b *diagnostic.Error) int { return cmpInts(a.Line, b.Line, a.Col, b.Col) })
	return p, nil
}

// InvalidRows counts the rows skipped (a row may have several problems).
func (p *Plan) InvalidRows() int {
	rows := map[int]bool{}
	for _, e := range p.Invalid {
		rows[e.Line] = true
	}
	return len(rows)
}

func cmpOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

func cmpInts(a1, b1, a2, b2 int) int {
	if a1 != b1 {
		return a1 - b1
	}
	return a2 - b2
}

func isBlank(cells []string) bool {
	return !slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" })
}

// Apply writes the plan: created and updated profiles (each written whole to a temporary
// file and renamed, so a file is never half-written), and with prune the missing profiles
// removed with their translations.
func (p *Plan) Apply(prune bool) error {
	var g errgroup.Group
	g.SetLimit(2 * runtime.GOMAXPROCS(0))
	for _, list := range [][]*Change{p.Created, p.Updated} {
		for _, ch := range list {
			g.Go(func() error { return writeAtomic(filepath.Join(p.source, filepath.FromSlash(ch.Path)), ch.text) })
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if !prune {
		return nil
	}
	for _, m := range p.Missing {
		for _, f := range p.missingFiles[m] {
			if err := os.RemoveAll(filepath.Join(p.source, filepath.FromSlash(f))); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeAtomic(dst string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(dst), ".import-*.tmp")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), dst); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// render writes front matter and body as a profile file.
func render(doc *yaml.Node, body []byte) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	enc.Close()
	b.WriteString("---\n")
	b.Write(body)
	return b.Bytes(), nil
}

// fieldLines maps each line of a profile's front matter to the field it sets: the top-level
// key, or registration.number / registration.checked inside registration.
func fieldLines(text []byte) map[int]string {
	m := map[int]string{}
	lines := strings.Split(string(text), "\n")
	current := ""
	for i, l := range lines[1:] {
		n := i + 2
		if strings.TrimSpace(l) == "---" {
			break
		}
		if k := keyLine.FindStringSubmatch(l); k != nil {
			current = k[1]
		} else if current == "registration" {
			if sub := strings.TrimSpace(l); strings.HasPrefix(sub, "number:") {
				m[n] = "registration.number"
				continue
			} else if strings.HasPrefix(sub, "checked:") {
				m[n] = "registration.checked"
				continue
			}
		}
		m[n] = current
	}
	for n, f := range m {
		if f == "registration" {
			m[n] = "registration.number"
		}
	}
	return m
}

// splitFrontMatter returns a file's YAML front matter and what follows it; ok is false for
// a file without YAML front matter (TOML's +++, or none).
func splitFrontMatter(data []byte) (fm, rest []byte, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !bytes.HasPrefix(data, []byte("---\n")) && !bytes.HasPrefix(data, []byte("---\r\n")) {
		return nil, data, false
	}
	_, after, _ := bytes.Cut(data, []byte("\n"))
	for off := 0; off < len(after); {
		end := bytes.IndexByte(after[off:], '\n')
		line := after[off:]
		if end >= 0 {
			line = after[off : off+end]
		}
		if strings.TrimRight(string(line), "\r \t") == "---" {
			next := len(after)
			if end >= 0 {
				next = off + end + 1
			}
			return after[:off], after[next:], true
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, data, false
}

// readProfiles reads the site's company profiles (not their translations), several files
// at a time: at 20,000 profiles reading and parsing them is most of a re-import.
func readProfiles(ctx context.Context, fsys fs.FS, cfg *config.Site) ([]*profile, error) {
	ents, err := fs.ReadDir(fsys, "content/companies")
	if err != nil {
		return nil, nil // no companies yet
	}
	found := make([]*profile, len(ents))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(2 * runtime.GOMAXPROCS(0))
	for i, e := range ents {
		name := e.Name()
		if sitefs.IsJunk(name) {
			continue
		}
		pr := &profile{}
		switch {
		case e.IsDir():
			pr.path, pr.slug, pr.bundle = "content/companies/"+name+"/index.md", name, true
		case strings.HasSuffix(name, ".md") && !isTranslation(name, cfg):
			pr.path, pr.slug = "content/companies/"+name, strings.TrimSuffix(name, ".md")
		default:
			continue
		}
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			ok, err := pr.read(fsys)
			if ok {
				found[i] = pr
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(found, func(p *profile) bool { return p == nil })
	return out, nil
}

// read reads and parses the profile's file; ok is false for a bundle folder without one.
func (pr *profile) read(fsys fs.FS) (ok bool, err error) {
	data, err := fs.ReadFile(fsys, pr.path)
	if err != nil {
		if pr.bundle {
			return false, nil // a folder without index.md is not a profile
		}
		return false, err
	}
	fm, body, isYAML := splitFrontMatter(data)
	if !isYAML {
		return true, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return false, fmt.Errorf("%s: front matter: %w (fix it before importing)", pr.path, err)
	}
	switch {
	case len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode:
		pr.doc = doc.Content[0]
	case len(doc.Content) == 0:
		pr.doc = &yaml.Node{Kind: yaml.MappingNode}
	default:
		return false, fmt.Errorf("%s: front matter is not a mapping of fields", pr.path)
	}
	pr.body = body
	if reg := valueOf(pr.doc, "registration"); reg != nil {
		if n := valueOf(reg, "number"); n != nil {
			pr.reg = n.Value
		}
	}
	return true, nil
}

// isTranslation reports whether a file name is a translation (acme.zh.md).
func isTranslation(name string, cfg *config.Site) bool {
	base := strings.TrimSuffix(name, ".md")
	ext := path.Ext(base)
	if ext == "" {
		return false
	}
	return slices.ContainsFunc(cfg.Languages, func(l config.Language) bool { return "."+l.Code == ext })
}

// translationsOf lists a profile's file (or bundle folder) and its translations.
func translationsOf(fsys fs.FS, pr *profile, cfg *config.Site) []string {
	if pr.bundle {
		return []string{path.Dir(pr.path)}
	}
	files := []string{pr.path}
	for _, l := range cfg.Languages[1:] {
		t := strings.TrimSuffix(pr.path, ".md") + "." + l.Code + ".md"
		if _, err := fs.Stat(fsys, t); err == nil {
			files = append(files, t)
		}
	}
	return files
}

// park is a park of the site, found by slug or name.
type park struct{ slug, name string }

func readParks(fsys fs.FS) ([]park, error) {
	ents, err := fs.ReadDir(fsys, "content/parks")
	if err != nil {
		return nil, nil
	}
	var parks []park
	for _, e := range ents {
		name := e.Name()
		p := ""
		switch {
		case sitefs.IsJunk(name):
			continue
		case e.IsDir():
			p = "content/parks/" + name + "/index.md"
		case strings.HasSuffix(name, ".md") && strings.Count(name, ".") == 1:
			p = "content/parks/" + name
		default:
			continue
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			continue
		}
		pk := park{slug: strings.TrimSuffix(strings.TrimSuffix(name, ".md"), "/index")}
		if fm, _, ok := splitFrontMatter(data); ok {
			var v struct {
				Name string `yaml:"name"`
			}
			_ = yaml.Unmarshal(fm, &v)
			pk.name = v.Name
		}
		parks = append(parks, pk)
	}
	return parks, nil
}

// validationFS holds what a build's content loader needs to check the touched profiles:
// the site's settings, data and parks, and the files of bundles (logos) beside profiles.
func validationFS(fsys fs.FS, existing []*profile) (fstest.MapFS, error) {
	m := fstest.MapFS{}
	add := func(p string) error {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		m[p] = &fstest.MapFile{Data: data}
		return nil
	}
	if err := add("content/site.yaml"); err != nil {
		return nil, err
	}
	for _, root := range []string{"content/data", "content/parks"} {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() || sitefs.IsJunk(d.Name()) {
				return nil
			}
			return add(p)
		})
		if err != nil {
			return nil, err
		}
	}
	for _, pr := range existing {
		if !pr.bundle {
			continue
		}
		ents, _ := fs.ReadDir(fsys, path.Dir(pr.path))
		for _, e := range ents {
			if !e.IsDir() && !strings.HasSuffix(e.Name(), ".md") {
				if err := add(path.Dir(pr.path) + "/" + e.Name()); err != nil {
					return nil, err
				}
			}
		}
	}
	return m, nil
}

// valueOf returns the value node of key in a mapping node, or nil.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// setKey sets key to v in mapping m (appending it if absent); v nil removes the key.
func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			if v == nil {
				m.Content = slices.Delete(m.Content, i, i+2)
			} else {
				v.HeadComment, v.LineComment, v.FootComment = m.Content[i+1].HeadComment, m.Content[i+1].LineComment, m.Content[i+1].FootComment
				m.Content[i+1] = v
			}
			return
		}
	}
	if v != nil {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
	}
}

// orderKeys puts a new profile's fields in the schema's order.
func orderKeys(m *yaml.Node) *yaml.Node {
	order := []string{"name", "city", "park", "services", "certifications", "founded", "employees", "export_markets",
		"website", "email", "phone", "summary", "registration", "technologies", "clients"}
	type kv struct{ k, v *yaml.Node }
	var pairs []kv
	for i := 0; i+1 < len(m.Content); i += 2 {
		pairs = append(pairs, kv{m.Content[i], m.Content[i+1]})
	}
	slices.SortStableFunc(pairs, func(a, b kv) int { return slices.Index(order, a.k.Value) - slices.Index(order, b.k.Value) })
	m.Content = m.Content[:0]
	for _, p := range pairs {
		m.Content = append(m.Content, p.k, p.v)
	}
	return m
}

// same reports whether two value nodes hold the same data however they are written (quoted
// or plain, flow or block): scalars by their text, lists item by item, mappings key by key.
func same(a, b *yaml.Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind == yaml.AliasNode {
		return same(a.Alias, b)
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case yaml.ScalarNode:
		return a.Value == b.Value
	case yaml.SequenceNode:
		if len(a.Content) != len(b.Content) {
			return false
		}
		for i := range a.Content {
			if !same(a.Content[i], b.Content[i]) {
				return false
			}
		}
		return true
	case yaml.MappingNode:
		if len(a.Content) != len(b.Content) {
			return false
		}
		for i := 0; i+1 < len(a.Content); i += 2 {
			if !same(a.Content[i+1], valueOf(b, a.Content[i].Value)) {
				return false
			}
		}
		return true
	}
	return false
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
