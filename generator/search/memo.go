package search

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
)

// Memo is what BuildFrom keeps of the index it made, so that the index of the same site
// after an edit of a few companies (serve) is made from it: only the sets of the terms
// those companies gained or lost are made again, and only the shards and prefix summaries
// holding such terms. Making the whole index took ~1.7 s a language at PSEB's size (20,000
// companies), most of it inverting every document and summing up every prefix. A Memo is
// never changed once made: a plan whose edit fails keeps its own.
type Memo struct {
	vocab   *Vocab
	docs    []*Doc // by company position
	base    string // the manifest's Base: the companies whose text is the language's
	encoded map[string][numFields]string
	// shards by their first listed prefix, summaries by their prefix.
	shards, summaries map[string]SavedFile
	patched           bool
	// u is the universe the sets are relative to (nil: none), to read them after the
	// companies changed.
	u *universe
	// chunks are the sums of the card and text chunks (nil: unknown).
	chunks *chunkSums
	// positions maps each document to its position, once asked for (see positions).
	positionsOnce sync.Once
	positionsOf   map[*Doc]int32
}

// positions maps each of the memo's documents to its position; nil when one is there twice
// (then nothing is taken from the memo by document).
func (prev *Memo) positions() map[*Doc]int32 {
	prev.positionsOnce.Do(func() {
		pos := make(map[*Doc]int32, len(prev.docs))
		for j, d := range prev.docs {
			if _, twice := pos[d]; twice {
				return
			}
			pos[d] = int32(j)
		}
		prev.positionsOf = pos
	})
	return prev.positionsOf
}

// chunkSums are the sums of an index's chunks of cards, by chunk number, and of its
// buckets of texts with how many companies each holds, by bucket; and the numbering of
// facet values the cards were written with (facetNumbering).
type chunkSums struct {
	numbering    string
	cards, texts []ChunkSum
	textCounts   []int32
}

// facetNumbering names the numbering of the facets' values: a card names its company's
// values by number.
func facetNumbering(fs []facet) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.ID)
		for _, v := range f.Values {
			b.WriteByte(0)
			b.WriteString(v.ID)
		}
		b.WriteByte(1)
	}
	return b.String()
}

// keptChunk returns writer.chunks' kept for the cards (size companies a chunk) of an
// index of docs: chunk k is prev's when it holds as many companies, each the same
// document prev had at its place, and the facet values are numbered as prev's were
// (numbering). nil when prev has no sums.
func (prev *Memo) keptChunk(docs []*Doc, size int, numbering string) func(k int) (ChunkSum, bool) {
	if prev == nil || prev.chunks == nil || prev.chunks.numbering != numbering {
		return nil
	}
	sums := prev.chunks.cards
	n, pn := len(docs), len(prev.docs)
	return func(k int) (ChunkSum, bool) {
		lo, hi := k*size, min(n, (k+1)*size)
		if k >= len(sums) || min(pn, (k+1)*size) != hi {
			return ChunkSum{}, false
		}
		for i := lo; i < hi; i++ {
			if docs[i] != prev.docs[i] {
				return ChunkSum{}, false
			}
		}
		return sums[k], true
	}
}

// keptBucket returns writer.buckets' kept for the texts of an index of docs in buckets
// buckets: bucket k is prev's when prev had as many buckets, as many companies in k, and
// each company k holds now is a document prev had. A document is a company unchanged,
// its slug too, so it was in k before; as many then means no other was. nil when prev
// has no sums.
func (prev *Memo) keptBucket(docs []*Doc, buckets int) func(k int, members []int32) (ChunkSum, bool) {
	if prev == nil || prev.chunks == nil || len(prev.chunks.texts) != buckets || len(prev.chunks.textCounts) != buckets {
		return nil
	}
	before := prev.positions()
	if before == nil {
		return nil
	}
	return func(k int, members []int32) (ChunkSum, bool) {
		if int(prev.chunks.textCounts[k]) != len(members) {
			return ChunkSum{}, false
		}
		for _, i := range members {
			if _, ok := before[docs[i]]; !ok {
				return ChunkSum{}, false
			}
		}
		return prev.chunks.texts[k], true
	}
}

// Patched reports whether m's index was made from the memo before it (an edit of a few
// companies), not made whole.
func (m *Memo) Patched() bool { return m != nil && m.patched }

// maxPatched is the most companies an edit may add, remove or change for an index to be
// patched: beyond it (a branch checkout) inverting everything is as quick.
const maxPatched = 256

// patch returns the sets of each term of docs made from prev's, and the terms whose sets
// differ from prev's, when docs are in prev's vocabulary, at most maxPatched of them are
// not prev's and at most maxPatched of prev's are gone; otherwise both are nil: make them
// all. A
// document is the same company unchanged when it is the same *Doc (documents are never
// modified), wherever it is now. When every company stayed where it was (an edit of a
// body, a city, a translation) only the sets of the terms the changed documents gained or
// lost are made again; when companies moved (a rename, a company added or deleted) every
// set is read, its companies renumbered, and written again. sameShape reports that the
// number of companies and the universe are prev's: a prefix summary made of unaffected
// terms is then prev's again.
func (prev *Memo) patch(ctx context.Context, docs []*Doc, n int, base string, u *universe) (encoded map[string][numFields]string, affected map[string]bool, sameShape bool) {
	if prev == nil || n == 0 || len(prev.docs) == 0 || prev.vocab != docs[0].vocab {
		return nil, nil, false
	}
	oldPos := prev.positions()
	if oldPos == nil {
		return nil, nil, false
	}
	// Where each company the memo indexed is now (-1: gone or changed).
	newOf := make([]int32, len(prev.docs))
	for j := range newOf {
		newOf[j] = -1
	}
	var added []int // positions of documents prev did not index
	moved := false
	for i, d := range docs {
		j, ok := oldPos[d]
		if !ok || newOf[j] >= 0 {
			if added = append(added, i); len(added) > maxPatched {
				return nil, nil, false
			}
			continue
		}
		newOf[j] = int32(i)
		moved = moved || int(j) != i
	}
	removed := 0
	for _, i := range newOf {
		if i < 0 {
			removed++
		}
	}
	if removed > maxPatched {
		return nil, nil, false
	}
	sameShape = n == len(prev.docs) && base == prev.base
	if !moved && sameShape {
		// Each changed document replaced prev's at its position.
		encoded, affected = prev.patchInPlace(docs, added, n, u)
		return encoded, affected, encoded != nil
	}
	encoded, affected = prev.renumber(ctx, docs, newOf, added, n, u)
	return encoded, affected, sameShape && encoded != nil
}

// patchInPlace is patch when the documents at positions changed replaced prev's there and
// every other company is where it was.
func (prev *Memo) patchInPlace(docs []*Doc, changed []int, n int, u *universe) (map[string][numFields]string, map[string]bool) {
	// The fields each changed document had and has for each of its terms, old and new;
	// a term whose fields are the same in both keeps its sets.
	type change struct {
		doc      uint32
		old, new uint8
	}
	byTerm := map[uint32][]change{}
	for _, i := range changed {
		fields := map[uint32][2]uint8{}
		prev.docs[i].eachTerm(0, math.MaxUint32, func(id uint32, f uint8) {
			x := fields[id]
			x[0] = f
			fields[id] = x
		})
		docs[i].eachTerm(0, math.MaxUint32, func(id uint32, f uint8) {
			x := fields[id]
			x[1] = f
			fields[id] = x
		})
		for id, x := range fields {
			if x[0] != x[1] {
				byTerm[id] = append(byTerm[id], change{uint32(i), x[0], x[1]})
			}
		}
	}
	all := docs[0].vocab.snapshot()
	encoded := maps.Clone(prev.encoded)
	affected := make(map[string]bool, len(byTerm))
	r := &setReader{u: u}
	for id, changes := range byTerm {
		t := all[id]
		var sets [numFields]string
		empty := true
		for f := range numFields {
			var ids []uint32
			if !r.each(prev.encoded[t][f], func(id uint32) bool { ids = append(ids, id); return true }) {
				return nil, nil // not a set this package wrote: make them all
			}
			for _, c := range changes {
				k, has := slices.BinarySearch(ids, c.doc)
				switch want := c.new&(1<<f) != 0; {
				case want && !has:
					ids = slices.Insert(ids, k, c.doc)
				case !want && has:
					ids = slices.Delete(ids, k, k+1)
				}
			}
			sets[f] = u.encode(ids, n)
			empty = empty && sets[f] == ""
		}
		// A term no company has any more is left out, as inverting leaves it out.
		if empty {
			delete(encoded, t)
		} else {
			encoded[t] = sets
		}
		affected[t] = true
	}
	return encoded, affected
}

// renumber is patch when companies moved: every set of prev is read (relative to prev's
// universe), its companies renumbered by newOf (dropped at -1), the documents at positions
// added put in the sets of their terms, and the set written for n companies in u. A term
// is affected when any of its sets is written otherwise than before (a set of companies
// that all kept their numbers often is not).
func (prev *Memo) renumber(ctx context.Context, docs []*Doc, newOf []int32, added []int, n int, u *universe) (map[string][numFields]string, map[string]bool) {
	type membership struct {
		doc    uint32
		fields uint8
	}
	all := docs[0].vocab.snapshot()
	adds := map[string][]membership{}
	for _, i := range added {
		docs[i].eachTerm(0, math.MaxUint32, func(id uint32, f uint8) {
			adds[all[id]] = append(adds[all[id]], membership{uint32(i), f})
		})
	}
	encoded := make(map[string][numFields]string, len(prev.encoded)+len(adds))
	affected := map[string]bool{}
	r := &setReader{u: prev.u}
	var ids []uint32
	write := func(t string, old [numFields]string) bool {
		var sets [numFields]string
		empty := true
		for f := range numFields {
			ids = ids[:0]
			sorted, inRange := true, true
			ok := r.each(old[f], func(id uint32) bool {
				if int(id) >= len(newOf) {
					inRange = false
					return false
				}
				if k := newOf[id]; k >= 0 {
					sorted = sorted && (len(ids) == 0 || uint32(k) > ids[len(ids)-1])
					ids = append(ids, uint32(k))
				}
				return true
			})
			if !ok || !inRange {
				return false // not a set this package wrote for prev
			}
			for _, m := range adds[t] {
				if m.fields&(1<<f) != 0 {
					ids = append(ids, m.doc)
					sorted = false
				}
			}
			if !sorted {
				slices.Sort(ids)
			}
			sets[f] = u.encode(ids, n)
			empty = empty && sets[f] == ""
		}
		if !empty {
			encoded[t] = sets
		}
		if sets != old {
			affected[t] = true
		}
		return true
	}
	k := 0
	for t, old := range prev.encoded {
		if k++; k%4096 == 0 && ctx.Err() != nil {
			return nil, nil
		}
		if !write(t, old) {
			return nil, nil
		}
	}
	for t := range adds {
		if _, ok := prev.encoded[t]; !ok {
			write(t, [numFields]string{}) // a term prev's companies lacked
		}
	}
	return encoded, affected
}

// reuseOrAdd writes the file made by v (name.<hash>.json, see writer.add) for key, the
// shard or summary of terms, and records it in next; when prev has the file of key made
// from the same terms and none of them is affected, it is that file again, not made anew
// (File.Data nil, File.Remake v). It returns the file's hash.
func (w *writer) reuseOrAdd(prev, next map[string]SavedFile, key string, terms []string, affected map[string]bool, name string, v func() any) string {
	if m, ok := prev[key]; ok && slices.Equal(m.Terms, terms) && !slices.ContainsFunc(terms, func(t string) bool { return affected[t] }) {
		w.files = append(w.files, File{Path: m.Path, Named: true, Size: m.Size, Remake: func() []byte { return marshal(v()) }})
		next[key] = m
		return m.Hash
	}
	hash := w.add(name, v())
	f := w.files[len(w.files)-1]
	next[key] = SavedFile{Terms: terms, Hash: hash, Path: f.Path, Size: len(f.Data)}
	return hash
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
