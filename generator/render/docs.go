package render

import (
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"maps"
	"slices"

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
// vocabulary numbers them all. The documents are one gob message and each memo one more,
// so that only one language's memo is ever encoded in memory at once.
func EncodeDocs(w io.Writer, def *Renderer, renderers map[string]*Renderer) error {
	saver := def.newSaver()
	saved := savedDocs{Langs: map[string]map[string]int{}}
	memos := map[string]*search.SavedMemo{}
	for _, code := range slices.Sorted(maps.Keys(renderers)) {
		r := renderers[code]
		m, err := r.saveDocs(saver)
		if err != nil {
			return err
		}
		saved.Langs[code] = m
		if memo := r.IndexMemo(); memo != nil {
			if memos[code], err = saver.AddMemo(memo); err != nil {
				return err
			}
			saved.Memos = append(saved.Memos, code)
		}
	}
	saved.Search = *saver.Saved()
	enc := gob.NewEncoder(w)
	if err := enc.Encode(&saved); err != nil {
		return err
	}
	for _, code := range saved.Memos {
		if err := enc.Encode(memos[code]); err != nil {
			return err
		}
	}
	return nil
}

// DecodeDocsInto gives renderers (by language; def the default's) the search documents
// EncodeDocs wrote, for the companies whose sources it names, and the memo of the search
// index each made, to make the next one from (renderers that keep none drop it). The
// renderers may not be made yet: the documents are decoded from rd first (most of the
// work), then into asks for them (and may wait; an error it returns is DecodeDocsInto's),
// and the memos are decoded into them one at a time.
func DecodeDocsInto(rd io.Reader, into func() (def *Renderer, renderers map[string]*Renderer, err error)) error {
	dec := gob.NewDecoder(rd)
	var saved savedDocs
	if err := dec.Decode(&saved); err != nil {
		return err
	}
	def, renderers, err := into()
	if err != nil {
		return err
	}
	lb, err := def.loadSaved(&saved.Search)
	if err != nil {
		return err
	}
	for code, r := range renderers {
		if err := r.loadDocs(lb, saved.Langs[code]); err != nil {
			return err
		}
	}
	for _, code := range saved.Memos {
		var sm search.SavedMemo
		if err := dec.Decode(&sm); err != nil {
			return err
		}
		r, ok := renderers[code]
		if !ok {
			continue
		}
		memo, err := lb.Memo(&sm)
		if err != nil {
			return err
		}
		r.mu.Lock()
		r.index = memo
		r.mu.Unlock()
	}
	return nil
}

// savedDocs are the search documents and which company has which in each language; the
// search index memos of the languages Memos names follow, one gob message each.
type savedDocs struct {
	Search search.Saved
	Langs  map[string]map[string]int // language -> company source -> document
	Memos  []string
}
