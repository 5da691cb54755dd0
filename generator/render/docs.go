package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/binform"
	"github.com/pseb/sitegen/generator/search"
)

// The search documents: made while the profiles render (companyView), kept per company,
// inherited across edits, encoded for a build cache, and turned into the directory's
// search index once every page of a write has rendered (the late route).

// newSaver collects the search documents of r and of the renderers that Share it (one
// corpus), for a later run (see search.Saved).
func (r *Renderer) newSaver() *search.Saver { return r.corpus.NewSaver() }

// saveDocs adds each company's search document to s and returns each one's number, by the
// company's source. A body with shortcodes is left out: what they draw can change while
// its file does not.
func (r *Renderer) saveDocs(s *search.Saver) (map[string]int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.docs))
	for i, d := range r.docs {
		c := r.site.Companies[i]
		if d == nil || len(c.Shortcodes) > 0 {
			continue
		}
		k, err := s.Add(d)
		if err != nil {
			return nil, err
		}
		out[c.Source] = k
	}
	return out, nil
}

// loadSaved numbers saved documents in the vocabulary r's documents use.
func (r *Renderer) loadSaved(s *search.Saved) (*search.Loaded, error) { return r.corpus.Load(s) }

// loadDocs takes the search document of each company saved names (by source) from l.
func (r *Renderer) loadDocs(l *search.Loaded, saved map[string]int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, c := range r.site.Companies {
		k, ok := saved[c.Source]
		if !ok || len(c.Shortcodes) > 0 {
			continue
		}
		d, err := l.Doc(k)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Source, err)
		}
		r.docs[i] = d
	}
	return nil
}

// InheritDocs takes the search documents of Inherit alone, and old's index memo (see
// KeepIndexMemo).
func (r *Renderer) InheritDocs(old *Renderer, stale map[string]bool) {
	old.mu.Lock()
	for i, c := range r.site.Companies {
		if stale[c.Source] {
			continue
		}
		if j, ok := old.related.PosOf(c.Source); ok {
			r.docs[i] = old.docs[j]
		}
	}
	memo := old.index
	old.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.index = memo
}

// searchIndex makes the files of the directory's search index from the documents made
// while the profiles rendered; a company whose profile was not rendered in this write (a
// watch-mode patch of other pages) has its body converted again, the same way.
func (r *Renderer) searchIndex(ctx context.Context) ([]File, error) {
	r.mu.Lock()
	docs := slices.Clone(r.docs)
	r.mu.Unlock()
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if d == nil {
			c := r.site.Companies[i]
			_, text, err := r.convert(&c.Entry, true)
			if err != nil {
				return nil, err
			}
			docs[i] = r.corpus.NewDoc(i, c, text, r.theme.CountryName)
			r.mu.Lock()
			if r.docs[i] == nil {
				r.docs[i] = docs[i] // kept, as a rendered profile's is (a build cache saves them)
			}
			r.mu.Unlock()
		}
	}
	// Each language has its own index below its prefix, linking to its own profiles.
	r.mu.Lock()
	prev, keep := r.index, r.keepIndex
	r.mu.Unlock()
	idx, memo, err := search.BuildFrom(ctx, prev, r.site, docs, search.Options{BasePath: r.theme.URL(""), CountryName: r.theme.CountryName})
	if err != nil {
		return nil, err
	}
	if keep {
		r.mu.Lock()
		r.index = memo
		r.mu.Unlock()
	}
	for i := range idx {
		idx[i].Path = r.theme.Lang.Prefix + idx[i].Path
	}
	return idx, nil
}

// IndexMemo is what r kept of its last search index (KeepIndexMemo), nil for none.
func (r *Renderer) IndexMemo() *search.Memo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.index
}

// KeepIndexMemo makes r keep what it made of its search index, for the renderer that
// replaces it after an edit (Inherit, InheritDocs) to make the next one from: serve's
// plans, whose indexes are made again after every edit, and a build with a build cache,
// which saves it for the next build (EncodeDocs). A build without one keeps none (a memo
// holds tens of MB a language at PSEB's size).
func (r *Renderer) KeepIndexMemo() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keepIndex = true
}

// EncodeDocs writes the search documents of renderers (by language) to w for a later
// run, and what each kept of the search index it made (KeepIndexMemo), for that run to
// patch: def is the default language's, whose corpus the others share (Share), so one
// vocabulary numbers them all. The documents, and then each memo, are written in
// binform.
func EncodeDocs(w io.Writer, def *Renderer, renderers map[string]*Renderer) error {
	saver := def.newSaver()
	langs := map[string]map[string]int{}
	var codes []string
	memos := map[string]*search.SavedMemo{}
	for _, code := range slices.Sorted(maps.Keys(renderers)) {
		r := renderers[code]
		m, err := r.saveDocs(saver)
		if err != nil {
			return err
		}
		langs[code] = m
		if memo := r.IndexMemo(); memo != nil {
			if memos[code], err = saver.AddMemo(memo); err != nil {
				return err
			}
			codes = append(codes, code)
		}
	}
	// Each part is encoded while the one before is written (and hashed, by the cache):
	// the documents, then each memo, in pieces of about binform.SpillSize; at most three
	// pieces are in memory at once (one being encoded, one waiting, one being written).
	parts := make(chan []byte, 1)
	spill := func(b []byte) { parts <- b }
	go func() {
		defer close(parts)
		out := &binform.Writer{Buf: []byte(docsMagic), Spill: spill}
		saver.Saved().Write(out)
		out.Count(false, len(langs))
		for _, code := range slices.Sorted(maps.Keys(langs)) {
			out.String(code)
			m := langs[code]
			out.Count(false, len(m))
			for source, k := range m {
				out.String(source)
				out.Int(int64(k))
			}
		}
		out.Count(false, len(codes))
		for _, code := range codes {
			out.String(code)
		}
		parts <- out.Buf
		for _, code := range codes {
			out := &binform.Writer{Spill: spill}
			memos[code].Write(out)
			parts <- out.Buf
		}
	}()
	var err error
	for part := range parts {
		if err == nil {
			_, err = w.Write(part)
		}
	}
	return err
}

// docsMagic starts what EncodeDocs writes.
const docsMagic = "sitegen search documents 1\n"

// errDocs is saved search documents that do not read back.
var errDocs = errors.New("search documents damaged")

// readDocsHead reads what EncodeDocs wrote up to the memos: the documents, which
// document each company has in each language, and the languages whose memos follow.
func readDocsHead(rd io.Reader) (in *binform.Reader, saved *search.Saved, langs map[string]map[string]int, codes []string, err error) {
	in, err = binform.ReadAll(rd)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if in.Fixed(len(docsMagic)) != docsMagic {
		return nil, nil, nil, nil, errDocs
	}
	saved = search.ReadSaved(in)
	n, _ := in.Count()
	langs = make(map[string]map[string]int, n)
	for range n {
		code := strings.Clone(in.String())
		entries, _ := in.Count()
		m := make(map[string]int, entries)
		for range entries {
			source := in.String()
			m[source] = in.Small()
		}
		langs[code] = m
	}
	n, _ = in.Count()
	codes = make([]string, n)
	for i := range codes {
		codes[i] = strings.Clone(in.String())
	}
	if in.Err() != nil {
		return nil, nil, nil, nil, in.Err()
	}
	return in, saved, langs, codes, nil
}

// DocsContents says what EncodeDocs wrote to rd holds: how many companies have a document
// in each language, and the memos by language (for looking into a build cache).
func DocsContents(rd io.Reader) (companies map[string]int, memos map[string]*search.SavedMemo, err error) {
	in, _, langs, codes, err := readDocsHead(rd)
	if err != nil {
		return nil, nil, err
	}
	companies = map[string]int{}
	for code, m := range langs {
		companies[code] = len(m)
	}
	memos = map[string]*search.SavedMemo{}
	for _, code := range codes {
		if memos[code] = search.ReadSavedMemo(in); memos[code] == nil {
			return nil, nil, in.Err()
		}
	}
	if in.Len() != 0 {
		return nil, nil, errDocs
	}
	return companies, memos, nil
}

// DecodeDocsInto gives renderers (by language; def the default's) the search documents
// EncodeDocs wrote, for the companies whose sources it names, and the memo of the search
// index each made, to make the next one from (renderers that keep none drop it). The
// renderers may not be made yet: the documents are read from rd first (most of the
// work), then into asks for them (and may wait; an error it returns is DecodeDocsInto's),
// and the memos are read into them one at a time.
func DecodeDocsInto(rd io.Reader, into func() (def *Renderer, renderers map[string]*Renderer, err error)) error {
	in, saved, langs, codes, err := readDocsHead(rd)
	if err != nil {
		return err
	}
	def, renderers, err := into()
	if err != nil {
		return err
	}
	lb, err := def.loadSaved(saved)
	if err != nil {
		return err
	}
	for code, r := range renderers {
		if err := r.loadDocs(lb, langs[code]); err != nil {
			return err
		}
	}
	for _, code := range codes {
		sm := search.ReadSavedMemo(in)
		if sm == nil {
			return in.Err()
		}
		r, ok := renderers[code]
		if !ok {
			continue
		}
		memo, err := lb.Memo(sm)
		if err != nil {
			return err
		}
		r.mu.Lock()
		r.index = memo
		r.mu.Unlock()
	}
	if in.Len() != 0 {
		return errDocs
	}
	return nil
}
