package binform

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"testing/iotest"
)

// Everything a Writer appends reads back in order, and the reader ends where it did.
func TestRoundTrip(t *testing.T) {
	var w Writer
	w.Byte(7)
	for _, u := range []uint64{0, 1, 127, 128, math.MaxUint32, math.MaxUint64} {
		w.Uint(u)
	}
	for _, i := range []int64{0, -1, 1, math.MinInt64, math.MaxInt64, math.MinInt32, math.MaxInt32} {
		w.Int(i)
	}
	w.Bool(true)
	w.Bool(false)
	w.String("")
	w.String("héllo, 世界")
	w.Bytes([]byte{0, 1, 2})
	w.Count(true, 0)
	w.Count(false, 0)
	w.Count(false, 3)
	w.Buf = append(w.Buf, "fixed"...)

	r := NewReader(w.Buf)
	if b := r.Byte(); b != 7 {
		t.Fatalf("byte %d", b)
	}
	for _, want := range []uint64{0, 1, 127, 128, math.MaxUint32, math.MaxUint64} {
		if got := r.Uint(); got != want {
			t.Fatalf("uint %d, want %d", got, want)
		}
	}
	for _, want := range []int64{0, -1, 1, math.MinInt64, math.MaxInt64} {
		if got := r.Int(); got != want {
			t.Fatalf("int %d, want %d", got, want)
		}
	}
	for _, want := range []int{math.MinInt32, math.MaxInt32} {
		if got := r.Small(); got != want {
			t.Fatalf("small %d, want %d", got, want)
		}
	}
	if !r.Bool() || r.Bool() {
		t.Fatal("bools")
	}
	if s := r.String(); s != "" {
		t.Fatalf("empty string read as %q", s)
	}
	if s := r.String(); s != "héllo, 世界" {
		t.Fatalf("string %q", s)
	}
	if b := r.Bytes(); string(b) != "\x00\x01\x02" {
		t.Fatalf("bytes %v", b)
	}
	if n, isNil := r.Count(); n != 0 || !isNil {
		t.Fatalf("nil count read as %d, %v", n, isNil)
	}
	if n, isNil := r.Count(); n != 0 || isNil {
		t.Fatalf("empty count read as %d, %v", n, isNil)
	}
	if n, isNil := r.Count(); n != 3 || isNil {
		t.Fatalf("count read as %d, %v", n, isNil)
	}
	if s := r.Fixed(5); s != "fixed" {
		t.Fatalf("fixed %q", s)
	}
	if r.Err() != nil || r.Len() != 0 {
		t.Fatalf("%v, %d bytes left", r.Err(), r.Len())
	}
}

// A read that cannot be what was written fails, and the failure sticks: every later read
// is a zero value.
func TestDamage(t *testing.T) {
	big := func() []byte { var w Writer; w.Int(math.MaxInt32 + 1); w.String("after"); return w.Buf }
	tests := []struct {
		name string
		data []byte
		read func(r *Reader)
	}{
		{"past the end", nil, func(r *Reader) { r.Byte() }},
		{"varint past the end", []byte{0x80}, func(r *Reader) { r.Uint() }},
		{"varint too long", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, func(r *Reader) { r.Uint() }},
		{"string longer than what is left", []byte{10, 'a'}, func(r *Reader) { _ = r.String() }},
		{"count larger than what is left", []byte{5, 1, 1}, func(r *Reader) { r.Count() }},
		{"small too large", big(), func(r *Reader) { r.Small() }},
		{"bool of another byte", []byte{2}, func(r *Reader) { r.Bool() }},
		{"fixed past the end", []byte{1, 2}, func(r *Reader) { r.Fixed(3) }},
		{"fail", []byte{1, 2}, func(r *Reader) { r.Fail() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(tt.data)
			tt.read(r)
			if !errors.Is(r.Err(), ErrDamaged) {
				t.Fatalf("error %v, want ErrDamaged", r.Err())
			}
			if s, u, l := r.String(), r.Uint(), r.Len(); s != "" || u != 0 || l != 0 {
				t.Fatalf("after the damage: %q, %d, %d bytes left", s, u, l)
			}
		})
	}
}

// FuzzReader: no sequence of reads of any bytes panics, and a reader that failed stays
// failed.
func FuzzReader(f *testing.F) {
	f.Add([]byte{3, 'a', 'b', 'c', 0x80, 1}, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, data, ops []byte) {
		r := NewReader(data)
		failed := false
		for _, op := range ops {
			switch op % 9 {
			case 0:
				r.Byte()
			case 1:
				r.Uint()
			case 2:
				r.Int()
			case 3:
				r.Small()
			case 4:
				r.Bool()
			case 5:
				_ = r.String()
			case 6:
				r.Bytes()
			case 7:
				r.Count()
			case 8:
				r.Fixed(int(op) - 128)
			}
			if failed && r.Err() == nil {
				t.Fatal("a failure did not stick")
			}
			failed = r.Err() != nil
			if r.Len() < 0 || r.Len() > len(data) {
				t.Fatalf("%d bytes left of %d", r.Len(), len(data))
			}
		}
	})
}

type sized struct {
	io.Reader
	size int64
}

func (s sized) Size() int64 { return s.size }

// ReadAll reads everything whatever size the reader tells (right, short, long, unknown).
func TestReadAll(t *testing.T) {
	var w Writer
	for i := range 5000 {
		w.String(strings.Repeat("x", i%37))
	}
	for _, tell := range []int64{int64(len(w.Buf)), 10, int64(len(w.Buf)) * 3, -1, 0} {
		r, err := ReadAll(sized{iotest.HalfReader(bytes.NewReader(w.Buf)), tell})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5000 {
			if s := r.String(); len(s) != i%37 {
				t.Fatalf("told %d: string %d is %q", tell, i, s)
			}
		}
		if r.Err() != nil || r.Len() != 0 {
			t.Fatalf("told %d: %v, %d left", tell, r.Err(), r.Len())
		}
	}
	if _, err := ReadAll(iotest.ErrReader(errors.New("boom"))); err == nil || err.Error() != "boom" {
		t.Fatalf("error %v", err)
	}
}

// TestSpilled: a writer that spills hands over pieces of at least SpillSize bytes but the
// last, which put together are what one buffer would hold.
func TestSpilled(t *testing.T) {
	var whole, spilling Writer
	var pieces [][]byte
	spilling.Spill = func(b []byte) { pieces = append(pieces, b) }
	for i := range 200_000 {
		for _, w := range []*Writer{&whole, &spilling} {
			w.String(strings.Repeat("x", i%40))
			w.Int(int64(i))
			w.Spilled()
		}
	}
	pieces = append(pieces, spilling.Buf)
	if len(pieces) < 3 {
		t.Fatalf("%d pieces of %d bytes", len(pieces), len(whole.Buf))
	}
	for _, p := range pieces[:len(pieces)-1] {
		if len(p) < SpillSize {
			t.Errorf("a piece of %d bytes spilled", len(p))
		}
	}
	if got := bytes.Join(pieces, nil); !bytes.Equal(got, whole.Buf) {
		t.Errorf("the pieces (%d bytes) are not the whole (%d bytes)", len(got), len(whole.Buf))
	}
	var plain Writer
	plain.String("a")
	plain.Spilled() // no Spill: nothing happens
	if string(plain.Buf) != "\x01a" {
		t.Errorf("without Spill: %q", plain.Buf)
	}
}
