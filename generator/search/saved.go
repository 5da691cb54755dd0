package search

import (
	"cmp"
	"fmt"
	"slices"
)

// Saved are a corpus's documents in a form kept between runs (a build cache): a later run
// takes the documents of unchanged companies from them (Corpus.Load) instead of converting
// every body again, which is most of the index's cost.
type Saved struct {
	// Terms are the vocabulary the documents number.
	Terms []string
	// Bodies are the distinct terms of each distinct body, ascending, as gaps; Excerpts
	// their excerpts.
	Bodies   [][]byte
	Excerpts []string
	// Docs are the documents, each naming its body.
	Docs []SavedDoc
}

// SavedDoc is a document: the terms of the name, summary and facts, ascending, as gaps,
// with the fields each is in, and the number of its body in Saved.
type SavedDoc struct {
	IDs    []byte
	Fields []byte
	Body   int
}

// Saver collects documents of one corpus, each distinct body once.
type Saver struct {
	cp    *Corpus
	s     Saved
	seen  map[*bodyTerms]int
	known map[*Doc]int
}

// NewSaver starts collecting cp's documents.
func (cp *Corpus) NewSaver() *Saver {
	return &Saver{cp: cp, seen: map[*bodyTerms]int{}, known: map[*Doc]int{}}
}

// Add collects d (made by the saver's corpus) and returns its number in Saved.Docs.
func (s *Saver) Add(d *Doc) (int, error) {
	if d.vocab != s.cp.vocab {
		return 0, fmt.Errorf("search: a document of another corpus")
	}
	if k, ok := s.known[d]; ok {
		return k, nil
	}
	b, ok := s.seen[d.body]
	if !ok {
		b = len(s.s.Bodies)
		s.seen[d.body] = b
		s.s.Bodies = append(s.s.Bodies, d.body.ids)
		s.s.Excerpts = append(s.s.Excerpts, d.body.excerpt)
	}
	k := len(s.s.Docs)
	s.known[d] = k
	s.s.Docs = append(s.s.Docs, SavedDoc{IDs: newTermSet(d.ids), Fields: d.fields, Body: b})
	return k, nil
}

// Saved returns what was collected.
func (s *Saver) Saved() *Saved {
	out := s.s
	out.Terms = s.cp.vocab.snapshot()
	return &out
}

// Loaded are saved documents numbered in a corpus's vocabulary.
type Loaded struct {
	cp   *Corpus
	docs []*Doc
}

// Load numbers the saved documents in cp's vocabulary. Documents that name terms or bodies
// the saved ones lack are an error (they are damaged).
func (cp *Corpus) Load(s *Saved) (*Loaded, error) {
	if len(s.Bodies) != len(s.Excerpts) {
		return nil, fmt.Errorf("search: %d saved bodies for %d excerpts", len(s.Bodies), len(s.Excerpts))
	}
	ids := make([]uint32, len(s.Terms))
	cp.vocab.number(s.Terms, ids)
	var buf []uint32
	renumber := func(set []byte) ([]uint32, error) {
		buf = termSet(set).appendTo(buf[:0])
		for j, old := range buf {
			if int(old) >= len(ids) {
				return nil, fmt.Errorf("search: a saved document names term %d of %d", old, len(ids))
			}
			buf[j] = ids[old]
		}
		return buf, nil
	}
	bodies := make([]*bodyTerms, len(s.Bodies))
	for k, set := range s.Bodies {
		terms, err := renumber(set)
		if err != nil {
			return nil, err
		}
		slices.Sort(terms)
		if len(slices.Compact(terms)) != len(terms) {
			return nil, fmt.Errorf("search: saved body %d names a term twice", k)
		}
		bodies[k] = &bodyTerms{ids: newTermSet(terms), excerpt: s.Excerpts[k]}
	}
	l := &Loaded{cp: cp, docs: make([]*Doc, len(s.Docs))}
	for k, sd := range s.Docs {
		terms, err := renumber(sd.IDs)
		if err != nil {
			return nil, err
		}
		if len(terms) != len(sd.Fields) || sd.Body < 0 || sd.Body >= len(bodies) {
			return nil, fmt.Errorf("search: saved document %d is damaged", k)
		}
		// Ascending in this vocabulary, each with its fields.
		order := make([]int, len(terms))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(terms[a], terms[b]) })
		d := &Doc{vocab: cp.vocab, ids: make([]uint32, len(terms)), fields: make([]uint8, len(terms)), body: bodies[sd.Body]}
		for i, o := range order {
			d.ids[i], d.fields[i] = terms[o], sd.Fields[o]
		}
		l.docs[k] = d
	}
	return l, nil
}

// Doc returns the k-th loaded document.
func (l *Loaded) Doc(k int) (*Doc, error) {
	if k < 0 || k >= len(l.docs) {
		return nil, fmt.Errorf("search: no saved document %d", k)
	}
	return l.docs[k], nil
}

// SavedMemo is a Memo kept between runs with the documents it indexed (a build cache): the
// next run patches the index its build wrote instead of making it whole. Its documents
// are named by their numbers in the Saved documents of the same Saver.
type SavedMemo struct {
	// Docs are the memo's documents by company position, numbered as in Saved.Docs.
	Docs []int
	Base string
	// Own are the companies whose text is the language's (the universe of relative sets),
	// none when there is no universe.
	Own               []uint32
	Encoded           map[string][numFields]string
	Shards, Summaries map[string]SavedFile
	// Numbering, Cards, Texts and TextCounts are the memo's chunk sums (see
	// Memo.keptChunk and Memo.keptBucket); none when the memo knew none.
	Numbering    string
	Cards, Texts []ChunkSum
	TextCounts   []int32
}

// SavedFile is a shard or summary file of a Memo's index: where it was written, its size
// and hash, and the terms it was made from. Its bytes are where the index was written, not
// in memory (with them, serve's live heap at PSEB's size was 67 MB larger, three
// languages).
type SavedFile struct {
	Terms      []string
	Hash, Path string
	Size       int
}

// AddMemo collects m and the documents it indexed (each added as Add does, so a document
// both a company and the memo name is saved once).
func (s *Saver) AddMemo(m *Memo) (*SavedMemo, error) {
	sm := &SavedMemo{Docs: make([]int, len(m.docs)), Base: m.base, Encoded: m.encoded, Shards: m.shards, Summaries: m.summaries}
	if m.u != nil {
		sm.Own = m.u.ids
	}
	if m.chunks != nil {
		sm.Numbering, sm.Cards, sm.Texts, sm.TextCounts = m.chunks.numbering, m.chunks.cards, m.chunks.texts, m.chunks.textCounts
	}
	for i, d := range m.docs {
		k, err := s.Add(d)
		if err != nil {
			return nil, err
		}
		sm.Docs[i] = k
	}
	return sm, nil
}

// Memo returns the memo sm saved, its documents those l loaded (so that a company whose
// document was loaded, not made again, counts as unchanged by BuildFrom). A memo that
// names documents l lacks is an error (it is damaged); its sets are checked as they are
// read, and one this package did not write makes BuildFrom make the index whole.
func (l *Loaded) Memo(sm *SavedMemo) (*Memo, error) {
	m := &Memo{vocab: l.cp.vocab, docs: make([]*Doc, len(sm.Docs)), base: sm.Base, encoded: sm.Encoded,
		shards: sm.Shards, summaries: sm.Summaries}
	if m.encoded == nil {
		m.encoded = map[string][numFields]string{}
	}
	if len(sm.Cards) > 0 || len(sm.Texts) > 0 {
		m.chunks = &chunkSums{numbering: sm.Numbering, cards: sm.Cards, texts: sm.Texts, textCounts: sm.TextCounts}
	}
	if len(sm.Own) > 0 {
		for k, id := range sm.Own {
			if int(id) >= len(sm.Docs) || k > 0 && id <= sm.Own[k-1] {
				return nil, fmt.Errorf("search: saved index memo: its universe is damaged")
			}
		}
		m.u = newUniverse(sm.Own, len(sm.Docs))
	}
	for i, k := range sm.Docs {
		d, err := l.Doc(k)
		if err != nil {
			return nil, fmt.Errorf("search: saved index memo: %w", err)
		}
		m.docs[i] = d
	}
	return m, nil
}
