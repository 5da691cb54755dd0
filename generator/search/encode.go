package search

import (
	"encoding/base64"
	"encoding/binary"
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
	if s == "" {
		return nil, true
	}
	raw, err := base64.RawStdEncoding.DecodeString(s[1:])
	if err != nil {
		return nil, false
	}
	var ids []uint32
	switch s[0] {
	case 'd':
		id := uint32(0)
		for i := 0; len(raw) > 0; i++ {
			gap, k := binary.Uvarint(raw)
			if k <= 0 {
				return nil, false
			}
			raw = raw[k:]
			if i == 0 {
				id = uint32(gap)
			} else {
				id += uint32(gap)
			}
			ids = append(ids, id)
		}
	case 'b':
		for i, b := range raw {
			for bit := range 8 {
				if b&(1<<bit) != 0 {
					ids = append(ids, uint32(i*8+bit))
				}
			}
		}
	default:
		return nil, false
	}
	return ids, true
}
