package content

import (
	"crypto/sha256"
	"encoding/gob"
	"io"
	"slices"
	"sync"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/meta"
	"github.com/pseb/sitegen/generator/shortcode"
)

// Heads keeps the parsed front matter of content files by the SHA-256 of their bytes,
// from one build to the next (the build cache saves them): a load finds there the files an
// earlier one parsed, parses the others, and records every file it read, for the next. At
// PSEB's size splitting and decoding the front matter of 30,319 files was two thirds of
// the time a warm build took to load the site as the cached build read it (yaml.v3, about
// 40 µs a file); decoding the saved trees takes a fraction of it.
type Heads struct {
	mu    sync.Mutex
	saved map[[sha256.Size]byte]*head // as decoded; read-only
	used  map[[sha256.Size]byte]*head // what loads since read or parsed: what Encode saves
	based bool                        // made by DecodeHeads
	// baseLen counts the base's records; trimmed is set once Trim let their trees go.
	baseLen int
	trimmed bool
}

// trimmedHead stands for a record of the base in used once Trim let go of its tree.
var trimmedHead = &head{inBase: true}

// head is a file's front matter as SplitFrontMatter returned it.
type head struct {
	FM *meta.Value
	// BodyAt is where the body starts in the cleaned file; BodyLine its line.
	BodyAt, BodyLine int
	// Checked is set once the body passed markdown.CheckBody, which returned Calls: the
	// same bytes pass again (a fifth of the load's time at PSEB's size was this scan).
	Checked bool
	Calls   []shortcode.Call
	// inBase is set on the records DecodeHeads read (not those of DecodeAdded): the
	// ones EncodeAdded leaves out.
	inBase bool
}

// NewHeads returns an empty Heads: every file is parsed, and recorded.
func NewHeads() *Heads {
	return &Heads{saved: map[[sha256.Size]byte]*head{}, used: map[[sha256.Size]byte]*head{}}
}

// DecodeHeads reads what Encode wrote: the base that EncodeAdded writes additions to.
func DecodeHeads(r io.Reader) (*Heads, error) {
	h := NewHeads()
	if err := gob.NewDecoder(r).Decode(&h.saved); err != nil {
		return nil, err
	}
	for _, hd := range h.saved {
		hd.inBase = true
	}
	h.based, h.baseLen = true, len(h.saved)
	return h, nil
}

// DecodeAdded reads what EncodeAdded wrote, after DecodeHeads read the base it was
// written to.
func (h *Heads) DecodeAdded(r io.Reader) error {
	var added map[[sha256.Size]byte]*head
	if err := gob.NewDecoder(r).Decode(&added); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for k, hd := range added {
		if _, ok := h.saved[k]; !ok {
			h.saved[k] = hd
		}
	}
	return nil
}

// Encode writes the front matter of every file the loads since NewHeads or DecodeHeads
// read.
func (h *Heads) Encode(w io.Writer) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return gob.NewEncoder(w).Encode(h.used)
}

// EncodeAdded writes the front matter of the files the loads read that the base
// DecodeHeads read does not hold: with that base, what Encode would write, and a few
// records instead of 30,000 when one file was edited (KeepsBase says when to write it all).
func (h *Heads) EncodeAdded(w io.Writer) error {
	h.mu.Lock()
	added := map[[sha256.Size]byte]*head{}
	for k, hd := range h.used {
		if !hd.inBase {
			added[k] = hd
		}
	}
	h.mu.Unlock()
	return gob.NewEncoder(w).Encode(added)
}

// growth counts, against the base DecodeHeads read (ok is false without one), the
// records loads read that it does not hold (what EncodeAdded writes), its records no load
// read (dead weight in the base), and the records loads read; the caller holds h.mu.
func (h *Heads) growth() (added, stale, used int, ok bool) {
	inBase, used := 0, len(h.used)
	for _, hd := range h.used {
		if hd.inBase {
			inBase++
		}
	}
	return used - inBase, h.baseLen - inBase, used, h.based
}

// keepsBase is KeepsBase were margin more records added and as many of the base's left
// unread; the caller holds h.mu.
func (h *Heads) keepsBase(margin int) bool {
	added, stale, used, based := h.growth()
	return based && added+margin <= used/8 && stale+margin <= used/8
}

// KeepsBase says whether the next build is to read the base DecodeHeads read and what
// EncodeAdded writes (true), or a whole new base, what Encode writes: the base stays until
// the records it lacks, or its records no load read, are an eighth of what loads read;
// always once Trim let go of its trees.
func (h *Heads) KeepsBase() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.trimmed || h.keepsBase(0)
}

// Trim lets go of the trees of the base's records, once the site they were read for is
// loaded, when the base stays (KeepsBase) even with margin more files edited: at PSEB's
// size they were a third of a warm build's live heap while it wrote the pages and the
// search index. A load after it parses any file of the base it reads. It reports whether
// it let go; after it, only EncodeAdded is of use.
func (h *Heads) Trim(margin int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.trimmed || !h.keepsBase(margin) {
		return h.trimmed
	}
	for k, hd := range h.used {
		if hd.inBase {
			h.used[k] = trimmedHead
		}
	}
	for k, hd := range h.saved {
		if hd.inBase {
			delete(h.saved, k)
		}
	}
	h.trimmed = true
	return true
}

// Release lets go of every tree (once encoded: the site loaded holds none of them); loads
// through h then parse every file again.
func (h *Heads) Release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.saved, h.used = map[[sha256.Size]byte]*head{}, map[[sha256.Size]byte]*head{}
}

// Len counts the files Encode would save.
func (h *Heads) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.used)
}

// split is meta.SplitFrontMatter of data, the cleaned text of raw, through h; hd is the
// file's record, for checkBody (nil when h is).
func (h *Heads) split(raw, data []byte) (fm *meta.Value, body []byte, bodyLine int, hd *head, err error) {
	if h == nil {
		fm, body, bodyLine, err = meta.SplitFrontMatter(data)
		return fm, body, bodyLine, nil, err
	}
	key := sha256.Sum256(raw)
	h.mu.Lock()
	hd, ok := h.saved[key]
	if !ok {
		hd, ok = h.used[key]
	}
	if ok {
		h.used[key] = hd
	}
	h.mu.Unlock()
	if ok && hd.FM != nil && hd.BodyAt >= 0 && hd.BodyAt <= len(data) {
		// A tree is only read, never changed: loads may share it.
		return hd.FM, data[hd.BodyAt:], hd.BodyLine, hd, nil
	}
	fm, body, bodyLine, err = meta.SplitFrontMatter(data)
	if err != nil {
		return nil, nil, 0, nil, err // errors are never kept: the file is read again
	}
	hd = &head{FM: fm, BodyAt: len(data) - len(body), BodyLine: bodyLine}
	h.mu.Lock()
	h.used[key] = hd
	h.mu.Unlock()
	return fm, body, bodyLine, hd, nil
}

// checkBody is markdown.CheckBody of the body of the file whose record split returned
// (hd, nil without Heads): a body that passed is not scanned again. Its errors go to errs.
func (h *Heads) checkBody(hd *head, source string, body []byte, bodyLine int, errs *diagnostic.List) []shortcode.Call {
	if hd != nil {
		h.mu.Lock()
		checked, calls := hd.Checked, hd.Calls
		h.mu.Unlock()
		if checked {
			return slices.Clone(calls) // the record's stay as they were
		}
	}
	local := &diagnostic.List{}
	calls := markdown.CheckBody(source, body, bodyLine, local)
	if local.Len() > 0 {
		errs.Merge(source, local)
		return calls
	}
	if hd != nil {
		h.mu.Lock()
		hd.Checked, hd.Calls = true, slices.Clone(calls)
		h.mu.Unlock()
	}
	return calls
}
