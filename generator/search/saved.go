package search

import (
	"fmt"
	"slices"

	"github.com/pseb/sitegen/generator/content"
)

// Bodies are the body terms and excerpts of a corpus's documents in a form kept between
// runs (a build cache): a later run makes the documents of unchanged bodies from them
// (Corpus.LoadBodies, Corpus.DocWithBody) instead of converting every body again, which
// is most of the index's cost.
type Bodies struct {
	// Terms are the vocabulary the sets number.
	Terms []string
	// Sets are the distinct terms of each body, ascending, as gaps; Excerpts its excerpt.
	Sets     [][]byte
	Excerpts []string
}

// BodySaver collects the bodies of documents of one corpus, each distinct body once.
type BodySaver struct {
	cp   *Corpus
	b    Bodies
	seen map[*bodyTerms]int
}

// NewBodySaver starts collecting the bodies of cp's documents.
func (cp *Corpus) NewBodySaver() *BodySaver {
	return &BodySaver{cp: cp, seen: map[*bodyTerms]int{}}
}

// Add collects the body of d (made by the saver's corpus) and returns its number in
// Bodies, or -1 for a nil d.
func (s *BodySaver) Add(d *Doc) (int, error) {
	if d == nil {
		return -1, nil
	}
	if d.vocab != s.cp.vocab {
		return 0, fmt.Errorf("search: a document of another corpus")
	}
	if k, ok := s.seen[d.body]; ok {
		return k, nil
	}
	k := len(s.b.Sets)
	s.seen[d.body] = k
	s.b.Sets = append(s.b.Sets, d.body.ids)
	s.b.Excerpts = append(s.b.Excerpts, d.body.excerpt)
	return k, nil
}

// Bodies returns what was collected.
func (s *BodySaver) Bodies() *Bodies {
	b := s.b
	b.Terms = s.cp.vocab.snapshot()
	return &b
}

// LoadedBodies are saved bodies numbered in a corpus's vocabulary.
type LoadedBodies struct {
	cp   *Corpus
	list []*bodyTerms
}

// LoadBodies numbers b's terms in cp's vocabulary. A set naming a term b does not have is
// an error (the bodies are damaged).
func (cp *Corpus) LoadBodies(b *Bodies) (*LoadedBodies, error) {
	if len(b.Sets) != len(b.Excerpts) {
		return nil, fmt.Errorf("search: %d term sets for %d excerpts", len(b.Sets), len(b.Excerpts))
	}
	ids := make([]uint32, len(b.Terms))
	cp.vocab.number(b.Terms, ids)
	lb := &LoadedBodies{cp: cp, list: make([]*bodyTerms, len(b.Sets))}
	var buf []uint32
	for k, set := range b.Sets {
		buf = termSet(set).appendTo(buf[:0])
		for j, old := range buf {
			if int(old) >= len(ids) {
				return nil, fmt.Errorf("search: saved body %d names term %d of %d", k, old, len(ids))
			}
			buf[j] = ids[old]
		}
		slices.Sort(buf)
		if len(slices.Compact(buf)) != len(buf) {
			return nil, fmt.Errorf("search: saved body %d names a term twice", k)
		}
		lb.list[k] = &bodyTerms{ids: newTermSet(buf), excerpt: b.Excerpts[k]}
	}
	return lb, nil
}

// DocWithBody is NewDoc of c with the k-th loaded body as the terms of its body.
func (cp *Corpus) DocWithBody(c *content.Company, lb *LoadedBodies, k int, countryName func(string) string) (*Doc, error) {
	if lb.cp != cp || k < 0 || k >= len(lb.list) {
		return nil, fmt.Errorf("search: no loaded body %d", k)
	}
	if countryName == nil {
		countryName = identity
	}
	return cp.companyTerms(c, func() *bodyTerms { return lb.list[k] }, countryName), nil
}
