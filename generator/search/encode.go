package search

import (
	"encoding/base64"
	"encoding/binary"
	mathbits "math/bits"
	"slices"
)

// encodeSet writes a sorted set of document numbers out of n as a string for JSON: "d"
// and the gaps between numbers as unsigned varints, or "b" and a bitmap (bit i of byte
// i/8 for document i), whichever is shorter, in unpadded standard base64; "" when empty.
// Dense sets (a common word, a popular service) cost n/8 bytes whatever their size.
func encodeSet(ids []uint32, n int) string {
	if len(ids) == 0 {
		return ""
	}
	var gaps []byte
	prev := uint32(0)
	for i, id := range ids {
		gap := id - prev
		if i == 0 {
			gap = id
		}
		gaps = binary.AppendUvarint(gaps, uint64(gap))
		prev = id
		if len(gaps) > (n+7)/8 {
			gaps = nil
			break
		}
	}
	if gaps != nil {
		return "d" + base64.RawStdEncoding.EncodeToString(gaps)
	}
	bitmap := make([]byte, (n+7)/8)
	for _, id := range ids {
		bitmap[id/8] |= 1 << (id % 8)
	}
	return "b" + base64.RawStdEncoding.EncodeToString(bitmap)
}

// decodeSet reverses encodeSet; the browser script has its twin.
func decodeSet(s string) ([]uint32, bool) {
	var ids []uint32
	ok := (&setReader{}).each(s, func(id uint32) bool {
		ids = append(ids, id)
		return true
	})
	if !ok {
		return nil, false
	}
	return ids, true
}

// universe is the companies whose text is in an index's language (on a localized site,
// those with a translated body). A term of the language's own script is only theirs: its
// set is written relative to them, "t" and the encodeSet of its positions among them, when
// that is shorter (a quarter of the companies translated: a quarter of the bitmap).
type universe struct {
	ids []uint32 // ascending
	pos []int32  // pos[id] is id's position in ids, or -1
}

func newUniverse(ids []uint32, n int) *universe {
	u := &universe{ids: ids, pos: make([]int32, n)}
	for i := range u.pos {
		u.pos[i] = -1
	}
	for i, id := range ids {
		u.pos[id] = int32(i)
	}
	return u
}

// encode is encodeSet, relative to u when ids are all u's and that is shorter; u may be
// nil (no universe: plain).
func (u *universe) encode(ids []uint32, n int) string {
	plain := encodeSet(ids, n)
	if u == nil || len(ids) == 0 {
		return plain
	}
	rel := make([]uint32, len(ids))
	for i, id := range ids {
		p := u.pos[id]
		if p < 0 {
			return plain
		}
		rel[i] = uint32(p)
	}
	if s := "t" + encodeSet(rel, len(u.ids)); len(s) < len(plain) {
		return s
	}
	return plain
}

// decode reverses encode.
func (u *universe) decode(s string) ([]uint32, bool) {
	var ids []uint32
	ok := (&setReader{u: u}).each(s, func(id uint32) bool {
		ids = append(ids, id)
		return true
	})
	if !ok {
		return nil, false
	}
	return ids, true
}

// setReader reads sets (encode's format: encodeSet's, or "t" and one relative to u),
// reusing its buffers: a summary adds up the sets of up to thousands of terms, and a slice
// of ids for each was most of the index's garbage at the real size. It is the one decoder
// of sets in Go; decodeSet and universe.decode collect what it yields.
type setReader struct {
	u        *universe
	src, raw []byte
}

// each calls yield with the companies of s, ascending, until it returns false; false if
// s is not a set (or a relative one without u), or yield stopped.
func (r *setReader) each(s string, yield func(id uint32) bool) bool {
	if s == "" {
		return true
	}
	relative := s[0] == 't'
	if relative {
		if r.u == nil || len(s) < 2 {
			return false
		}
		s = s[1:]
	}
	r.src = append(r.src[:0], s[1:]...)
	size := base64.RawStdEncoding.DecodedLen(len(r.src))
	r.raw = slices.Grow(r.raw[:0], size)[:size]
	k, err := base64.RawStdEncoding.Decode(r.raw, r.src)
	if err != nil {
		return false
	}
	raw := r.raw[:k]
	emit := func(id uint32) bool {
		if relative {
			if int(id) >= len(r.u.ids) {
				return false
			}
			id = r.u.ids[id]
		}
		return yield(id)
	}
	switch s[0] {
	case 'd':
		id := uint32(0)
		for i := 0; len(raw) > 0; i++ {
			gap, n := binary.Uvarint(raw)
			if n <= 0 {
				return false
			}
			raw = raw[n:]
			if i == 0 {
				id = uint32(gap)
			} else {
				id += uint32(gap)
			}
			if !emit(id) {
				return false
			}
		}
	case 'b':
		for i, b := range raw {
			for ; b != 0; b &= b - 1 {
				if !emit(uint32(i*8 + mathbits.TrailingZeros8(b))) {
					return false
				}
			}
		}
	default:
		return false
	}
	return true
}

// orInto adds the companies of s to bits (bit id%64 of bits[id/64]); false if s is not a
// set of at most len(bits)*64 companies.
func (r *setReader) orInto(s string, bits []uint64) bool {
	return r.each(s, func(id uint32) bool {
		if int(id/64) >= len(bits) {
			return false
		}
		bits[id/64] |= 1 << (id % 64)
		return true
	})
}
