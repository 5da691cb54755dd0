// Package binform owns the binary form of what the build cache keeps between builds: numbers
// as varints and strings as a length and bytes, appended to one buffer, and read back from
// one buffer by a reader that never panics on damaged bytes (every read past the end, or of
// a count larger than what is left, is an error that sticks). Each kind of record (front
// matter trees, the output list, search documents) writes its own layout with it.
package binform

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unsafe"
)

// Writer appends numbers and strings to Buf.
type Writer struct {
	Buf []byte
	// Spill, when set, is handed Buf by Spilled once it holds SpillSize bytes or more, and
	// the writer goes on in a new buffer: a long form (the search index memos, tens of MB)
	// is written out as it is made instead of growing one buffer, which copied and cleared
	// it again at every doubling. Spill owns what it is handed.
	Spill func([]byte)
}

// SpillSize is the least a buffer holds when it is spilled.
const SpillSize = 1 << 20

// Spilled hands Buf to Spill once it holds SpillSize bytes or more (nothing without
// Spill): a writer of a long form calls it between records.
func (w *Writer) Spilled() {
	if w.Spill != nil && len(w.Buf) >= SpillSize {
		w.Spill(w.Buf)
		w.Buf = make([]byte, 0, SpillSize+SpillSize/8)
	}
}

// Byte appends b.
func (w *Writer) Byte(b byte) { w.Buf = append(w.Buf, b) }

// Uint appends u.
func (w *Writer) Uint(u uint64) { w.Buf = binary.AppendUvarint(w.Buf, u) }

// Int appends i.
func (w *Writer) Int(i int64) { w.Buf = binary.AppendVarint(w.Buf, i) }

// Bool appends b.
func (w *Writer) Bool(b bool) {
	if b {
		w.Byte(1)
	} else {
		w.Byte(0)
	}
}

// String appends s.
func (w *Writer) String(s string) {
	w.Uint(uint64(len(s)))
	w.Buf = append(w.Buf, s...)
}

// Bytes appends b as String does.
func (w *Writer) Bytes(b []byte) {
	w.Uint(uint64(len(b)))
	w.Buf = append(w.Buf, b...)
}

// Count appends n, the length of a slice or map whose elements follow, or that it is nil:
// Reader.Count tells the two apart.
func (w *Writer) Count(isNil bool, n int) {
	if isNil {
		w.Uint(0)
		return
	}
	w.Uint(uint64(n) + 1)
}

// ErrDamaged is a binary form that does not read: damaged, truncated, or of another kind.
var ErrDamaged = errors.New("damaged binary form")

// Reader reads what a Writer wrote, from one buffer. Strings are slices of one copy of it,
// made when the reader is: a string read keeps that copy alive. After the first malformed
// read every read returns a zero value and Err says why.
type Reader struct {
	data string
	off  int
	err  error
}

// NewReader reads data (copied).
func NewReader(data []byte) *Reader { return &Reader{data: string(data)} }

// Own reads data without copying it: the caller hands it over and never writes it again
// (the strings read share it). A build cache file read whole is (the 20 MB state).
func Own(data []byte) *Reader {
	return &Reader{data: unsafe.String(unsafe.SliceData(data), len(data))}
}

// Err is the first error a read met, or nil.
func (r *Reader) Err() error { return r.err }

// Len counts the bytes not read yet.
func (r *Reader) Len() int { return len(r.data) - r.off }

// Fail marks the form damaged (a layout's own check failed): every read from now on fails.
func (r *Reader) Fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w at byte %d", ErrDamaged, r.off)
	}
	r.off = len(r.data)
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if r.off >= len(r.data) {
		r.Fail()
		return 0
	}
	b := r.data[r.off]
	r.off++
	return b
}

// Uint reads what Writer.Uint wrote.
func (r *Reader) Uint() uint64 {
	var u uint64
	for shift := 0; shift < 64; shift += 7 {
		b := r.Byte()
		if r.err != nil {
			return 0
		}
		u |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return u
		}
	}
	r.Fail()
	return 0
}

// Int reads what Writer.Int wrote.
func (r *Reader) Int() int64 {
	u := r.Uint()
	i := int64(u >> 1)
	if u&1 != 0 {
		i = ^i
	}
	return i
}

// Small reads what Writer.Int wrote as an int that fits in 32 bits (lines, columns,
// offsets, sizes of one file's parts); a larger one is damage.
func (r *Reader) Small() int {
	i := r.Int()
	if i < math.MinInt32 || i > math.MaxInt32 {
		r.Fail()
		return 0
	}
	return int(i)
}

// Bool reads what Writer.Bool wrote.
func (r *Reader) Bool() bool {
	switch r.Byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.Fail()
	return false
}

// String reads what Writer.String wrote.
func (r *Reader) String() string {
	n := r.Uint()
	if n > uint64(r.Len()) {
		r.Fail()
		return ""
	}
	s := r.data[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

// Bytes reads what Writer.Bytes wrote (a copy; nil when empty).
func (r *Reader) Bytes() []byte {
	s := r.String()
	if s == "" {
		return nil
	}
	return []byte(s)
}

// Fixed reads n bytes written as they are (Writer.Buf appended to directly).
func (r *Reader) Fixed(n int) string {
	if n < 0 || n > r.Len() {
		r.Fail()
		return ""
	}
	s := r.data[r.off : r.off+n]
	r.off += n
	return s
}

// Count reads what Writer.Count wrote: n elements, or a nil slice or map. Every element
// takes at least one byte, so a damaged count cannot ask for more than is left.
func (r *Reader) Count() (n int, isNil bool) {
	u := r.Uint()
	if u == 0 {
		return 0, r.err == nil
	}
	if u-1 > uint64(r.Len()) {
		r.Fail()
		return 0, false
	}
	return int(u - 1), false
}

// ReadAll reads r to its end into a buffer the Reader owns: no second copy of a file of
// ~90 MB (the search documents at PSEB's size) is made for its strings. A reader that
// tells its Size() is read into a buffer of that size (io.ReadAll's doubling copied
// twice the file).
func ReadAll(r io.Reader) (*Reader, error) {
	var data []byte
	if sized, ok := r.(interface{ Size() int64 }); ok && sized.Size() >= 0 && sized.Size() < 1<<40 {
		data = make([]byte, 0, sized.Size()+1)
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return Own(data), nil // data is never seen by anyone else
}
