// Package linkcheck owns verifying a built site's links: every internal href, src and
// srcset of its HTML and every url() of its CSS reaches a file of the output, every
// #fragment an id on its target page, and nothing refers to http: on an https site; on
// request it also asks external servers whether their links still answer. It reads the
// output folder through an fs.FS and returns findings by output file; mapping them back to
// the sources that wrote them is the caller's job.
package linkcheck

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
	"golang.org/x/net/html"

	"github.com/pseb/sitegen/generator/diagnostic"
)

// Finding is one broken or insecure link.
type Finding struct {
	File string // output file where the link is, slash-separated: "companies/acme/index.html"
	Link string // the link as written in the file
	Msg  string
	Hint string
	// Status is an external link's HTTP status (0 when the request itself failed).
	Status int
}

// Options configure a check.
type Options struct {
	// BaseURL is where the site is published; links to its host are internal.
	BaseURL *url.URL
	// External also checks links to other hosts (see CheckExternal).
	External ExternalOptions
	// CheckExternal enables External.
	CheckExternal bool
}

// Report is the outcome of a check.
type Report struct {
	Findings []Finding
	Pages    int // HTML files read
	Links    int // internal links checked
	// External counts the external URLs checked by outcome ("200", "404", "timeout"...).
	External map[string]int
}

// link is a URL found in an output file.
type link struct {
	file, raw string
	external  bool
}

// Check verifies the site in fsys (the output folder).
func Check(ctx context.Context, fsys fs.FS, opts Options) (*Report, error) {
	s := &scan{fsys: fsys, base: opts.BaseURL, ids: map[string]map[string]bool{}, files: map[string]bool{}}
	var notFiles []Finding
	if err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
		case !d.Type().IsRegular():
			// A build writes regular files only; deploy refuses anything else, so a link
			// here is not a file the site will have.
			notFiles = append(notFiles, Finding{File: p, Msg: "is not a regular file (a symbolic link?): deploy refuses it",
				Hint: "build again into a fresh output folder"})
		default:
			s.files[p] = true
		}
		return nil
	}); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(s.files))
	for f := range s.files {
		names = append(names, f)
	}
	slices.Sort(names)
	var links []link
	for _, f := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		switch path.Ext(f) {
		case ".html":
			found, err := s.readHTML(f)
			if err != nil {
				return nil, err
			}
			links = append(links, found...)
		case ".css":
			found, err := s.readCSS(f)
			if err != nil {
				return nil, err
			}
			links = append(links, found...)
		}
	}
	rep := &Report{Pages: s.pages, External: map[string]int{}, Findings: notFiles}
	var external []link
	for _, l := range links {
		if l.external {
			external = append(external, l)
			continue
		}
		rep.Links++
		if f, bad := s.checkInternal(l); bad {
			rep.Findings = append(rep.Findings, f)
		}
	}
	rep.Findings = append(rep.Findings, s.insecure...)
	if opts.CheckExternal {
		found, counts, err := checkExternal(ctx, external, opts.External)
		if err != nil {
			return nil, err
		}
		rep.Findings = append(rep.Findings, found...)
		rep.External = counts
	}
	slices.SortStableFunc(rep.Findings, func(a, b Finding) int { return strings.Compare(a.File, b.File) })
	return rep, nil
}

type scan struct {
	fsys     fs.FS
	base     *url.URL
	files    map[string]bool
	ids      map[string]map[string]bool // page file -> ids in it
	pages    int
	insecure []Finding
}

// urlAttrs are the attributes that hold one URL, by element.
var urlAttrs = map[string][]string{
	"a": {"href"}, "area": {"href"}, "link": {"href"}, "img": {"src"}, "script": {"src"},
	"iframe": {"src"}, "source": {"src"}, "video": {"src", "poster"}, "audio": {"src"},
	"track": {"src"}, "embed": {"src"}, "form": {"action"}, "use": {"href"}, "image": {"href"},
}

func (s *scan) readHTML(file string) ([]link, error) {
	data, err := fs.ReadFile(s.fsys, file)
	if err != nil {
		return nil, err
	}
	s.pages++
	ids := map[string]bool{}
	s.ids[file] = ids
	var out []link
	add := func(raw string) {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			return
		}
		if l, ok := s.classify(file, raw); ok {
			out = append(out, l)
		}
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				return out, nil
			}
			return nil, z.Err()
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		tag := string(name)
		attrs := map[string]string{}
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			attrs[string(k)] = string(v)
		}
		if id := attrs["id"]; id != "" {
			ids[id] = true
		}
		if n := attrs["name"]; n != "" && tag == "a" {
			ids[n] = true
		}
		if tag == "link" && !linksResource(attrs["rel"]) {
			continue // alternate, canonical: addresses of this site, checked as pages anyway
		}
		for _, a := range urlAttrs[tag] {
			if v, ok := attrs[a]; ok {
				add(v)
			}
		}
		if v, ok := attrs["srcset"]; ok {
			for _, c := range strings.Split(v, ",") {
				if f := strings.Fields(c); len(f) > 0 {
					add(f[0])
				}
			}
		}
		if tag == "meta" && strings.EqualFold(attrs["http-equiv"], "refresh") {
			if _, u, ok := strings.Cut(attrs["content"], "url="); ok {
				add(u)
			}
		}
		if st, ok := attrs["style"]; ok {
			for _, u := range cssURLs([]byte(st)) {
				add(u)
			}
		}
	}
}

// linksResource reports whether a <link> with rel loads something the page needs.
func linksResource(rel string) bool {
	for _, r := range strings.Fields(strings.ToLower(rel)) {
		switch r {
		case "stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon", "prefetch":
			return true
		}
	}
	return false
}

func (s *scan) readCSS(file string) ([]link, error) {
	data, err := fs.ReadFile(s.fsys, file)
	if err != nil {
		return nil, err
	}
	var out []link
	for _, u := range cssURLs(data) {
		if l, ok := s.classify(file, u); ok {
			out = append(out, l)
		}
	}
	return out, nil
}

// cssURLs lists the url(...) values and @import strings of a stylesheet.
func cssURLs(data []byte) []string {
	var out []string
	l := css.NewLexer(parse.NewInput(bytes.NewReader(data)))
	importing := false
	for {
		tt, text := l.Next()
		switch tt {
		case css.ErrorToken:
			return out
		case css.URLToken:
			// url(...) as written; an unclosed one at the end of the file has no ")".
			u := string(text)
			if i := strings.IndexByte(u, '('); i >= 0 {
				u = u[i+1:]
			}
			u = strings.TrimSpace(strings.TrimSuffix(u, ")"))
			if u = strings.Trim(u, `"'`); u != "" {
				out = append(out, u)
			}
		case css.AtKeywordToken:
			importing = strings.EqualFold(string(text), "@import")
		case css.StringToken:
			if importing {
				out = append(out, strings.Trim(string(text), `"'`))
			}
			importing = false
		case css.WhitespaceToken:
		default:
			importing = false
		}
	}
}

// classify resolves a link of file; ok is false for links nothing can check (mailto:,
// tel:, data:), which it still reports when insecure.
func (s *scan) classify(file, raw string) (link, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		s.insecure = append(s.insecure, Finding{File: file, Link: raw, Msg: "link is not a valid URL"})
		return link{}, false
	}
	switch u.Scheme {
	case "", "http", "https":
	default:
		return link{}, false
	}
	if u.Scheme == "http" && s.base.Scheme == "https" {
		hint := "use https://"
		if strings.EqualFold(u.Host, s.base.Host) {
			hint = "link to the page by its path, e.g. " + u.Path
		}
		s.insecure = append(s.insecure, Finding{File: file, Link: raw, Msg: fmt.Sprintf("insecure link %q: http: on an https site", raw), Hint: hint})
		return link{}, false
	}
	if u.Host != "" && !strings.EqualFold(u.Host, s.base.Host) {
		return link{file: file, raw: raw, external: true}, true
	}
	return link{file: file, raw: raw}, true
}

// pageURL is the URL path a file is served at.
func (s *scan) pageURL(file string) *url.URL {
	p := s.base.Path + file
	if path.Base(file) == "index.html" {
		p = strings.TrimSuffix(p, "index.html")
	}
	return &url.URL{Scheme: s.base.Scheme, Host: s.base.Host, Path: p}
}

// checkInternal resolves an internal link against its page and looks for the file and,
// if it has one, the fragment.
func (s *scan) checkInternal(l link) (Finding, bool) {
	ref, _ := url.Parse(l.raw)
	target := s.pageURL(l.file).ResolveReference(ref)
	fail := func(hint, format string, args ...any) (Finding, bool) {
		return Finding{File: l.file, Link: l.raw, Msg: fmt.Sprintf(format, args...), Hint: hint}, true
	}
	rel, inside := strings.CutPrefix(target.Path, s.base.Path)
	if !inside && target.Path+"/" != s.base.Path {
		return fail("links must stay below "+s.base.Path, "link %q points outside the site", l.raw)
	}
	file := s.fileFor(rel)
	if file == "" {
		return fail(s.suggest(rel), "broken link %q", l.raw)
	}
	if frag := target.Fragment; frag != "" && path.Ext(file) == ".html" {
		ids := s.ids[file]
		if !ids[frag] {
			var known []string
			for id := range ids {
				known = append(known, id)
			}
			hint := diagnostic.SuggestOr(frag, known, "no element on "+s.pageURL(file).Path+" has that id")
			return fail(hint, "broken link %q: no #%s on the page", l.raw, frag)
		}
	}
	return Finding{}, false
}

// fileFor returns the output file a site-relative path is served from, "" when none.
func (s *scan) fileFor(rel string) string {
	rel = strings.TrimPrefix(rel, "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		if s.files[rel+"index.html"] {
			return rel + "index.html"
		}
		return ""
	}
	if s.files[rel] {
		return rel
	}
	return ""
}

// suggest names the closest existing page or file to a broken path.
func (s *scan) suggest(rel string) string {
	var paths []string
	for f := range s.files {
		if strings.HasSuffix(f, "index.html") {
			paths = append(paths, s.base.Path+strings.TrimSuffix(f, "index.html"))
		} else if path.Ext(f) != ".json" {
			paths = append(paths, s.base.Path+f)
		}
	}
	slices.Sort(paths)
	if h := diagnostic.Suggest(s.base.Path+strings.TrimPrefix(rel, "/"), paths); h != "" {
		return h
	}
	return "no page or file of the site has that address"
}
