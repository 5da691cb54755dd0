package search

import (
	"crypto/sha256"
	"maps"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/binform"
)

// The binary form of Saved and SavedMemo (package binform), which a build cache keeps:
// with gob, reading PSEB's (~90 MB) took a warm build 0.4 s of CPU, most of it gob reading
// its one large message in growing pieces, and writing them 0.3 s at the end of the build.
// The strings that outlive the reading (terms, excerpts, sets, file names) are copies: a
// slice of the reader's buffer would keep all ~90 MB of it for the rest of the build.

// Write appends s to w.
func (s *Saved) Write(w *binform.Writer) {
	w.Count(s.Terms == nil, len(s.Terms))
	for _, t := range s.Terms {
		w.String(t)
	}
	w.Count(s.Bodies == nil, len(s.Bodies))
	for _, b := range s.Bodies {
		w.Bytes(b)
		w.Spilled()
	}
	w.Count(s.Excerpts == nil, len(s.Excerpts))
	for _, e := range s.Excerpts {
		w.String(e)
		w.Spilled()
	}
	w.Count(s.Docs == nil, len(s.Docs))
	for _, d := range s.Docs {
		w.Bytes(d.IDs)
		w.Bytes(d.Fields)
		w.Int(int64(d.Body))
		w.Spilled()
	}
}

// ReadSaved reads what Saved.Write wrote (nil once r failed: r.Err says why).
func ReadSaved(r *binform.Reader) *Saved {
	s := &Saved{}
	n, isNil := r.Count()
	if !isNil {
		s.Terms = make([]string, n)
	}
	for i := range n {
		s.Terms[i] = strings.Clone(r.String())
	}
	n, isNil = r.Count()
	if !isNil {
		s.Bodies = make([][]byte, n)
	}
	for i := range n {
		s.Bodies[i] = r.Bytes()
	}
	n, isNil = r.Count()
	if !isNil {
		s.Excerpts = make([]string, n)
	}
	for i := range n {
		s.Excerpts[i] = strings.Clone(r.String())
	}
	n, isNil = r.Count()
	if !isNil {
		s.Docs = make([]SavedDoc, n)
	}
	for i := range n {
		s.Docs[i] = SavedDoc{IDs: r.Bytes(), Fields: r.Bytes(), Body: r.Small()}
	}
	if r.Err() != nil {
		return nil
	}
	return s
}

// Write appends sm to w.
func (sm *SavedMemo) Write(w *binform.Writer) {
	w.Count(sm.Docs == nil, len(sm.Docs))
	for _, k := range sm.Docs {
		w.Int(int64(k))
	}
	w.String(sm.Base)
	w.Count(sm.Own == nil, len(sm.Own))
	for _, id := range sm.Own {
		w.Uint(uint64(id))
	}
	w.Count(sm.Encoded == nil, len(sm.Encoded))
	for term, sets := range sm.Encoded {
		w.String(term)
		for _, set := range sets {
			w.String(set)
		}
		w.Spilled()
	}
	writeSavedFiles(w, sm.Shards)
	writeSavedFiles(w, sm.Summaries)
	w.String(sm.Numbering)
	writeChunkSums(w, sm.Cards)
	writeChunkSums(w, sm.Texts)
	w.Count(sm.TextCounts == nil, len(sm.TextCounts))
	for _, c := range sm.TextCounts {
		w.Uint(uint64(c))
	}
}

// ReadSavedMemo reads what SavedMemo.Write wrote (nil once r failed: r.Err says why).
func ReadSavedMemo(r *binform.Reader) *SavedMemo {
	sm := &SavedMemo{}
	n, isNil := r.Count()
	if !isNil {
		sm.Docs = make([]int, n)
	}
	for i := range n {
		sm.Docs[i] = r.Small()
	}
	sm.Base = strings.Clone(r.String())
	sm.Own = readUints[uint32](r, 1<<32-1)
	n, isNil = r.Count()
	if !isNil {
		sm.Encoded = make(map[string][numFields]string, n)
	}
	for range n {
		term := strings.Clone(r.String())
		var sets [numFields]string
		for f := range sets {
			sets[f] = strings.Clone(r.String())
		}
		sm.Encoded[term] = sets
	}
	sm.Shards = readSavedFiles(r)
	sm.Summaries = readSavedFiles(r)
	sm.Numbering = strings.Clone(r.String())
	sm.Cards = readChunkSums(r)
	sm.Texts = readChunkSums(r)
	sm.TextCounts = readUints[int32](r, 1<<31-1)
	if r.Err() != nil {
		return nil
	}
	return sm
}

// readUints reads a list of numbers written with Count and Uint, each at most most (a
// greater one fails r).
func readUints[T int32 | uint32](r *binform.Reader, most uint64) []T {
	n, isNil := r.Count()
	if isNil {
		return nil
	}
	list := make([]T, n)
	for i := range list {
		v := r.Uint()
		if v > most {
			r.Fail()
		}
		list[i] = T(v)
	}
	return list
}

func writeSavedFiles(w *binform.Writer, files map[string]SavedFile) {
	w.Count(files == nil, len(files))
	for _, key := range slices.Sorted(maps.Keys(files)) {
		f := files[key]
		w.String(key)
		w.Count(f.Terms == nil, len(f.Terms))
		for _, t := range f.Terms {
			w.String(t)
		}
		w.String(f.Hash)
		w.String(f.Path)
		w.Int(int64(f.Size))
	}
}

func readSavedFiles(r *binform.Reader) map[string]SavedFile {
	n, isNil := r.Count()
	if isNil {
		return nil
	}
	files := make(map[string]SavedFile, n)
	for range n {
		key := strings.Clone(r.String())
		var f SavedFile
		terms, isNil := r.Count()
		if !isNil {
			f.Terms = make([]string, terms)
		}
		for i := range terms {
			f.Terms[i] = strings.Clone(r.String())
		}
		f.Hash, f.Path, f.Size = strings.Clone(r.String()), strings.Clone(r.String()), r.Small()
		files[key] = f
	}
	return files
}

func writeChunkSums(w *binform.Writer, sums []ChunkSum) {
	w.Count(sums == nil, len(sums))
	for _, s := range sums {
		w.Buf = append(w.Buf, s.Sum[:]...)
		w.Int(int64(s.Size))
	}
}

func readChunkSums(r *binform.Reader) []ChunkSum {
	n, isNil := r.Count()
	if isNil {
		return nil
	}
	sums := make([]ChunkSum, n)
	for i := range sums {
		copy(sums[i].Sum[:], r.Fixed(sha256.Size))
		sums[i].Size = r.Small()
	}
	return sums
}
