package meta

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/pseb/sitegen/generator/binform"
)

// The binary form of a Value (package binform) is what the build cache keeps parsed front
// matter in: gob, which reaches V through an interface, took a third of a second to read
// the 30,000 trees of PSEB's site back, most of a warm build's wait for its front matter.
// A value is a tag, its line and column, then its payload.
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

// WriteValue appends v (nil included) to w. A V of a type Value does not hold, or lists and
// maps nested deeper than ReadValue accepts, are an error, and w is left as it was.
func WriteValue(w *binform.Writer, v *Value) error {
	mark := len(w.Buf)
	if err := writeValue(w, v, 0); err != nil {
		w.Buf = w.Buf[:mark]
		return err
	}
	return nil
}

func writeValue(w *binform.Writer, v *Value, depth int) error {
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
		w.Count(x == nil, len(x))
		for _, e := range x {
			if err := writeValue(w, e, depth+1); err != nil {
				return err
			}
		}
	case *Map:
		if x == nil || len(x.Keys) != len(x.Fields) {
			return fmt.Errorf("line %d: a mapping whose keys are not its fields", v.Line)
		}
		put(tagMap)
		w.Count(x.Keys == nil, len(x.Keys))
		for _, k := range x.Keys {
			f, ok := x.Fields[k]
			if !ok || f == nil || f.Key != k {
				return fmt.Errorf("line %d: a mapping whose keys are not its fields", v.Line)
			}
			w.String(k)
			w.Int(int64(f.Line))
			w.Int(int64(f.Col))
			if err := writeValue(w, f.Value, depth+1); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("line %d: a value of type %T", v.Line, v.V)
	}
	return nil
}

// ReadValue reads what WriteValue wrote (nil for a nil value, or once a read failed: r.Err
// says why).
func ReadValue(r *binform.Reader) *Value { return readValue(r, 0) }

func readValue(r *binform.Reader, depth int) *Value {
	tag := r.Byte()
	if r.Err() != nil || tag == tagAbsent {
		return nil
	}
	if depth > maxDepth {
		r.Fail()
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
		if bits := r.Fixed(8); len(bits) == 8 {
			v.V = math.Float64frombits(binary.LittleEndian.Uint64([]byte(bits)))
		}
	case tagFalse:
		v.V = false
	case tagTrue:
		v.V = true
	case tagTime:
		var t time.Time
		if err := t.UnmarshalBinary([]byte(r.String())); err != nil {
			r.Fail()
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
			list = append(list, readValue(r, depth+1))
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
			f.Value = readValue(r, depth+1)
			if _, dup := m.Fields[k]; dup && r.Err() == nil {
				r.Fail()
			}
			m.Keys = append(m.Keys, k)
			m.Fields[k] = f
		}
		v.V = m
	default:
		r.Fail()
	}
	if r.Err() != nil {
		return nil
	}
	return v
}
