package content

import (
	"crypto/sha256"
	"encoding/gob"
	"io"
	"sync"

	"github.com/pseb/sitegen/generator/meta"
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
}

// head is a file's front matter as SplitFrontMatter returned it.
type head struct {
	FM *meta.Value
	// BodyAt is where the body starts in the cleaned file; BodyLine its line.
	BodyAt, BodyLine int
}

// NewHeads returns an empty Heads: every file is parsed, and recorded.
func NewHeads() *Heads {
	return &Heads{saved: map[[sha256.Size]byte]*head{}, used: map[[sha256.Size]byte]*head{}}
}

// DecodeHeads reads what Encode wrote.
func DecodeHeads(r io.Reader) (*Heads, error) {
	h := NewHeads()
	if err := gob.NewDecoder(r).Decode(&h.saved); err != nil {
		return nil, err
	}
	return h, nil
}

// Encode writes the front matter of every file the loads since NewHeads or DecodeHeads
// read.
func (h *Heads) Encode(w io.Writer) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return gob.NewEncoder(w).Encode(h.used)
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

// split is meta.SplitFrontMatter of data, the cleaned text of raw, through h.
func (h *Heads) split(raw, data []byte) (fm *meta.Value, body []byte, bodyLine int, err error) {
	if h == nil {
		return meta.SplitFrontMatter(data)
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
		return hd.FM, data[hd.BodyAt:], hd.BodyLine, nil
	}
	fm, body, bodyLine, err = meta.SplitFrontMatter(data)
	if err != nil {
		return nil, nil, 0, err // errors are never kept: the file is read again
	}
	h.mu.Lock()
	h.used[key] = &head{FM: fm, BodyAt: len(data) - len(body), BodyLine: bodyLine}
	h.mu.Unlock()
	return fm, body, bodyLine, nil
}
