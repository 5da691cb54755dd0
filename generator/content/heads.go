package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"maps"
	"slices"
	"sync"

	"github.com/pseb/sitegen/generator/binform"
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
	// HeadHash is meta.HeadHash of the file and its body, and Blank says whether the body
	// is only white space: with them a file whose body is left on disk is not read at all
	// (known).
	HeadHash uint64
	Blank    bool
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
	var err error
	if h.saved, err = decodeRecords(r); err != nil {
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
	added, err := decodeRecords(r)
	if err != nil {
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
	return encodeRecords(w, h.used)
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
	return encodeRecords(w, added)
}

// headsMagic starts the binary form of heads (binform and meta.WriteValue: gob, through the
// trees' interfaces, took 0.33 s to read PSEB's 30,000 back, 24 MB).
const headsMagic = "sitegen heads 2\n"

// encodeRecords writes records in their binary form. A record whose tree has no binary
// form (meta.WriteValue) is left out: its file is parsed again.
func encodeRecords(w io.Writer, records map[[sha256.Size]byte]*head) error {
	out := &binform.Writer{Buf: make([]byte, 0, 64<<10)}
	out.Buf = append(out.Buf, headsMagic...)
	var rec binform.Writer
	n := 0
	for k, hd := range records {
		if hd == trimmedHead || hd.FM == nil {
			continue
		}
		rec.Buf = append(rec.Buf[:0], k[:]...)
		rec.Int(int64(hd.BodyAt))
		rec.Int(int64(hd.BodyLine))
		rec.Uint(hd.HeadHash)
		rec.Bool(hd.Blank)
		writeCalls(&rec, hd.Checked, hd.Calls)
		if meta.WriteValue(&rec, hd.FM) != nil {
			continue
		}
		out.Bytes(rec.Buf)
		n++
		if len(out.Buf) >= 1<<20 {
			if _, err := w.Write(out.Buf); err != nil {
				return err
			}
			out.Buf = out.Buf[:0]
		}
	}
	// The count ends the stream: a truncated file never reads as a shorter whole one.
	out.Buf = append(out.Buf, 0)
	out.Uint(uint64(n))
	_, err := w.Write(out.Buf)
	return err
}

// writeCalls writes whether the body passed markdown's check, and the shortcodes it
// returned.
func writeCalls(w *binform.Writer, checked bool, calls []shortcode.Call) {
	if !checked {
		w.Uint(0)
		return
	}
	w.Uint(uint64(len(calls)) + 1)
	for _, c := range calls {
		w.String(c.Name)
		w.Int(int64(c.Line))
		w.Int(int64(c.Col))
		w.Bool(c.Closing)
		writeStrings(w, c.Args)
		w.Count(c.ArgCols == nil, len(c.ArgCols))
		for _, k := range slices.Sorted(maps.Keys(c.ArgCols)) {
			w.String(k)
			w.Int(int64(c.ArgCols[k]))
		}
	}
}

func writeStrings(w *binform.Writer, m map[string]string) {
	w.Count(m == nil, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.String(k)
		w.String(m[k])
	}
}

// errHeads is a heads file that does not read back.
var errHeads = errors.New("front matter records damaged")

// decodeRecords reads what encodeRecords wrote.
func decodeRecords(r io.Reader) (map[[sha256.Size]byte]*head, error) {
	in, err := binform.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if in.Fixed(len(headsMagic)) != headsMagic {
		return nil, errHeads
	}
	records := map[[sha256.Size]byte]*head{}
	for n := 0; ; n++ {
		size := in.Uint()
		if in.Err() != nil {
			return nil, in.Err()
		}
		if size == 0 {
			if in.Uint() != uint64(n) || in.Err() != nil || in.Len() != 0 {
				return nil, errHeads
			}
			return records, nil
		}
		end := in.Len() - int(min(size, uint64(in.Len())))
		var k [sha256.Size]byte
		copy(k[:], in.Fixed(sha256.Size))
		hd := &head{BodyAt: in.Small(), BodyLine: in.Small(), HeadHash: in.Uint(), Blank: in.Bool()}
		hd.Checked, hd.Calls = readCalls(in)
		hd.FM = meta.ReadValue(in)
		if in.Err() != nil {
			return nil, in.Err()
		}
		if in.Len() != end || hd.FM == nil {
			return nil, errHeads
		}
		records[k] = hd
	}
}

// readCalls reads what writeCalls wrote.
func readCalls(in *binform.Reader) (checked bool, calls []shortcode.Call) {
	n, unchecked := in.Count()
	if unchecked {
		return false, nil
	}
	for range n {
		c := shortcode.Call{Name: in.String(), Line: in.Small(), Col: in.Small(), Closing: in.Bool()}
		c.Args = readStrings(in)
		cols, isNil := in.Count()
		if !isNil {
			c.ArgCols = make(map[string]int, cols)
		}
		for range cols {
			c.ArgCols[in.String()] = in.Small()
		}
		calls = append(calls, c)
		if in.Err() != nil {
			return false, nil
		}
	}
	return true, calls
}

func readStrings(in *binform.Reader) map[string]string {
	n, isNil := in.Count()
	if isNil {
		return nil
	}
	m := make(map[string]string, n)
	for range n {
		k := in.String()
		m[k] = in.String()
	}
	return m
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

// SumFS is a file system that knows the SHA-256 of a file's bytes without reading it: the
// build cache's copy of the sources as an earlier build read them.
type SumFS interface {
	fs.FS
	SHA256(name string) (sum [sha256.Size]byte, ok bool)
}

// known returns the record of the file name of fsys when fsys knows the file's SHA-256
// (SumFS) and its record is of a body that passed the check, with what a load needs to
// leave the body on disk; nil otherwise (the file is read).
func (h *Heads) known(fsys fs.FS, name string) *head {
	sums, ok := fsys.(SumFS)
	if h == nil || !ok {
		return nil
	}
	key, ok := sums.SHA256(name)
	if !ok {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	hd, ok := h.saved[key]
	if !ok {
		hd, ok = h.used[key]
	}
	if !ok || hd.FM == nil || !hd.Checked || hd.BodyAt <= 0 || hd.HeadHash == 0 {
		return nil
	}
	h.used[key] = hd
	return hd
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
	hd = &head{FM: fm, BodyAt: len(data) - len(body), BodyLine: bodyLine, HeadHash: meta.HeadHash(data, body),
		Blank: len(bytes.TrimSpace(body)) == 0}
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
