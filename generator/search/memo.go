package search

import (
	"maps"
	"math"
	"slices"
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
	shards, summaries map[string]memoFile
	patched           bool
}

// Patched reports whether m's index was made from the memo before it (an edit of a few
// companies), not made whole.
func (m *Memo) Patched() bool { return m != nil && m.patched }

// memoFile is a shard or summary file of a Memo's index and the terms it was made from;
// its bytes are where the index was written, not in memory (with them, serve's live heap
// at PSEB's size was 67 MB larger, three languages).
type memoFile struct {
	terms []string
	hash  string
	path  string
	size  int
}

// maxPatched is the most companies an edit may change for an index to be patched: beyond
// it (a branch checkout, a renamed company moving others' positions) inverting everything
// is as quick.
const maxPatched = 256

// patch returns the sets of each term of docs made from prev's, and the terms whose
// sets differ, when docs are those of prev's companies, in the same order, with the same
// universe (base) and vocabulary, and at most maxPatched of them changed (a document is
// changed when it is not the same *Doc). Otherwise both are nil: make them all.
func (prev *Memo) patch(docs []*Doc, n int, base string, u *universe) (map[string][numFields]string, map[string]bool) {
	if prev == nil || n == 0 || len(prev.docs) != n || prev.base != base || prev.vocab != docs[0].vocab {
		return nil, nil
	}
	var changed []int
	for i, d := range docs {
		if d != prev.docs[i] {
			if changed = append(changed, i); len(changed) > maxPatched {
				return nil, nil
			}
		}
	}
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

// reuseOrAdd writes the file made by v (name.<hash>.json, see writer.add) for key, the
// shard or summary of terms, and records it in next; when prev has the file of key made
// from the same terms and none of them is affected, it is that file again, not made anew
// (File.Data nil, File.Remake v). It returns the file's hash.
func (w *writer) reuseOrAdd(prev, next map[string]memoFile, key string, terms []string, affected map[string]bool, name string, v func() any) string {
	if m, ok := prev[key]; ok && slices.Equal(m.terms, terms) && !slices.ContainsFunc(terms, func(t string) bool { return affected[t] }) {
		w.files = append(w.files, File{Path: m.path, Named: true, Size: m.size, Remake: func() []byte { return marshal(v()) }})
		next[key] = m
		return m.hash
	}
	hash := w.add(name, v())
	f := w.files[len(w.files)-1]
	next[key] = memoFile{terms: terms, hash: hash, path: f.Path, size: len(f.Data)}
	return hash
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
