package meta

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
)

// The binary form of a Value is what the build cache keeps parsed front matter in: gob,
// which reaches V through an interface, took a third of a second to read the 30,000 trees
// of PSEB's site back, most of a warm build's wait for its front matter. A value is a tag,
// its line and column, then its payload; numbers are varints, strings a length and bytes.
const (
	tagAbsent = iota // a nil *Value
	tagNil
	tagString
	tagInt
	tagFloat
	tagFalse
	tagTrue
	tagTime
	tagList
	tagMap
)

// maxDepth bounds the nesting of lists and maps in the binary form: the reader recurses, and
// a damaged file must not be able to exhaust its stack. Front matter nests a few levels.
const maxDepth = 200

// BinaryWriter appends numbers, strings and values in the binary form BinaryReader reads.
type BinaryWriter struct {
	Buf []byte
}

// Uint appends u.
func (w *BinaryWriter) Uint(u uint64) { w.Buf = binary.AppendUvarint(w.Buf, u) }

// Int appends i.
func (w *BinaryWriter) Int(i int64) { w.Buf = binary.AppendVarint(w.Buf, i) }

// String appends s.
func (w *BinaryWriter) String(s string) {
	w.Uint(uint64(len(s)))
	w.Buf = append(w.Buf, s...)
}

// Value appends v (nil included). A V of a type Value does not hold, or lists and maps
// nested deeper than the reader accepts, are an error, and w is left as it was.
func (w *BinaryWriter) Value(v *Value) error {
	mark := len(w.Buf)
	if err := w.value(v, 0); err != nil {
		w.Buf = w.Buf[:mark]
		return err
	}
	return nil
}

func (w *BinaryWriter) value(v *Value, depth int) error {
	if v == nil {
		w.Buf = append(w.Buf, tagAbsent)
		return nil
	}
	if depth > maxDepth {
		return fmt.Errorf("line %d: nested more than %d levels", v.Line, maxDepth)
	}
	put := func(tag byte) {
		w.Buf = append(w.Buf, tag)
		w.Int(int64(v.Line))
		w.Int(int64(v.Col))
	}
	switch x := v.V.(type) {
	case nil:
		put(tagNil)
	case string:
		put(tagString)
		w.String(x)
	case int64:
		put(tagInt)
		w.Int(x)
	case float64:
		put(tagFloat)
		w.Buf = binary.LittleEndian.AppendUint64(w.Buf, math.Float64bits(x))
	case bool:
		if x {
			put(tagTrue)
		} else {
			put(tagFalse)
		}
	case time.Time:
		data, err := x.MarshalBinary()
		if err != nil {
			return err
		}
		put(tagTime)
		w.String(string(data))
	case []*Value:
		put(tagList)
		w.count(x == nil, len(x))
		for _, e := range x {
			if err := w.value(e, depth+1); err != nil {
				return err
			}
		}
	case *Map:
		if x == nil || len(x.Keys) != len(x.Fields) {
			return fmt.Errorf("line %d: a mapping whose keys are not its fields", v.Line)
		}
		put(tagMap)
		w.count(x.Keys == nil, len(x.Keys))
		for _, k := range x.Keys {
			f, ok := x.Fields[k]
			if !ok || f == nil || f.Key != k {
				return fmt.Errorf("line %d: a mapping whose keys are not its fields", v.Line)
			}
			w.String(k)
			w.Int(int64(f.Line))
			w.Int(int64(f.Col))
			if err := w.value(f.Value, depth+1); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("line %d: a value of type %T", v.Line, v.V)
	}
	return nil
}

// count appends n, or that the slice is nil (0): a nil slice reads back nil.
func (w *BinaryWriter) count(isNil bool, n int) {
	if isNil {
		w.Uint(0)
		return
	}
	w.Uint(uint64(n) + 1)
}

// ErrBinary is a binary form that does not read: damaged, truncated, or of another kind.
var ErrBinary = errors.New("damaged binary value")

// BinaryReader reads what a BinaryWriter wrote, from one buffer. Strings are slices of one
// copy of it, made when the reader is: a string read keeps that copy alive. After the
// first malformed read every read returns a zero value and Err says why.
type BinaryReader struct {
	data string
	off  int
	err  error
}

// NewBinaryReader reads data (copied).
func NewBinaryReader(data []byte) *BinaryReader { return &BinaryReader{data: string(data)} }

// Err is the first error a read met, or nil.
func (r *BinaryReader) Err() error { return r.err }

// Len counts the bytes not read yet.
func (r *BinaryReader) Len() int { return len(r.data) - r.off }

func (r *BinaryReader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("%w at byte %d", ErrBinary, r.off)
	}
	r.off = len(r.data)
}

// Byte reads one byte.
func (r *BinaryReader) Byte() byte {
	if r.off >= len(r.data) {
		r.fail()
		return 0
	}
	b := r.data[r.off]
	r.off++
	return b
}

// Uint reads what BinaryWriter.Uint wrote.
func (r *BinaryReader) Uint() uint64 {
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
	r.fail()
	return 0
}

// Int reads what BinaryWriter.Int wrote.
func (r *BinaryReader) Int() int64 {
	u := r.Uint()
	i := int64(u >> 1)
	if u&1 != 0 {
		i = ^i
	}
	return i
}

// Small reads what Int wrote as an int that fits in 32 bits (lines, columns, offsets).
func (r *BinaryReader) Small() int {
	i := r.Int()
	if i < math.MinInt32 || i > math.MaxInt32 {
		r.fail()
		return 0
	}
	return int(i)
}

// String reads what BinaryWriter.String wrote.
func (r *BinaryReader) String() string {
	n := r.Uint()
	if n > uint64(r.Len()) {
		r.fail()
		return ""
	}
	s := r.data[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

// Count reads a count of elements of at least one byte each (a damaged count cannot ask
// for more than is left), and whether the slice was nil.
func (r *BinaryReader) Count() (n int, isNil bool) {
	u := r.Uint()
	if u == 0 {
		return 0, r.err == nil
	}
	if u-1 > uint64(r.Len()) {
		r.fail()
		return 0, false
	}
	return int(u - 1), false
}

// Value reads what BinaryWriter.Value wrote (nil for a nil value, or once a read failed).
func (r *BinaryReader) Value() *Value { return r.value(0) }

func (r *BinaryReader) value(depth int) *Value {
	tag := r.Byte()
	if r.err != nil || tag == tagAbsent {
		return nil
	}
	if depth > maxDepth {
		r.fail()
		return nil
	}
	v := &Value{Line: r.Small(), Col: r.Small()}
	switch tag {
	case tagNil:
	case tagString:
		v.V = r.String()
	case tagInt:
		v.V = r.Int()
	case tagFloat:
		if r.Len() < 8 {
			r.fail()
			return nil
		}
		v.V = math.Float64frombits(binary.LittleEndian.Uint64([]byte(r.data[r.off : r.off+8])))
		r.off += 8
	case tagFalse:
		v.V = false
	case tagTrue:
		v.V = true
	case tagTime:
		var t time.Time
		if err := t.UnmarshalBinary([]byte(r.String())); err != nil {
			r.fail()
			return nil
		}
		v.V = t
	case tagList:
		n, isNil := r.Count()
		var list []*Value
		if !isNil {
			list = make([]*Value, 0, n)
		}
		for range n {
			list = append(list, r.value(depth+1))
		}
		v.V = list
	case tagMap:
		n, _ := r.Count()
		m := &Map{Fields: make(map[string]*Field, n)}
		if n > 0 {
			m.Keys = make([]string, 0, n)
		}
		for range n {
			k := r.String()
			f := &Field{Key: k, Line: r.Small(), Col: r.Small()}
			f.Value = r.value(depth + 1)
			if _, dup := m.Fields[k]; dup && r.err == nil {
				r.fail()
			}
			m.Keys = append(m.Keys, k)
			m.Fields[k] = f
		}
		v.V = m
	default:
		r.fail()
	}
	if r.err != nil {
		return nil
	}
	return v
}
