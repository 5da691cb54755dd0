package meta

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/binform"
)

// binarySources are front matter of every kind V may hold, in each format.
var binarySources = []struct{ name, src string }{
	{"yaml", "---\nname: \"Acme\"\nfounded: 2004\nscore: 4.5\nneg: -17\nfeatured: true\noff: false\nnothing:\ndate: 2024-03-01T10:00:00+05:00\nday: 2024-03-01\nservices: [a, b]\nempty: []\nnone: {}\nnested:\n  key: value\n  list:\n    - x: [1, 2.5, \"三\"]\n---\nBody.\n"},
	{"toml", "+++\nname = \"Acme\"\nfounded = 2004\nscore = 4.5\ndate = 2024-03-01T10:00:00Z\nservices = [\"a\", \"b\"]\n[nested]\nkey = \"value\"\n+++\nBody.\n"},
	{"json", "{\n\"name\": \"Acme\",\n\"founded\": 2004,\n\"score\": 4.5,\n\"ok\": true,\n\"nothing\": null,\n\"services\": [\"a\", \"b\"],\n\"nested\": {\"key\": \"value\"}\n}\nBody.\n"},
	{"empty", "---\n---\nBody.\n"},
}

// A Value read back from its binary form is the value written, every kind V may hold
// included, and the reader ends where the writer did.
func TestValueThroughBinary(t *testing.T) {
	for _, tt := range binarySources {
		t.Run(tt.name, func(t *testing.T) {
			fm, _, _, err := SplitFrontMatter([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var w binform.Writer
			w.String("before")
			if err := WriteValue(&w, fm); err != nil {
				t.Fatal(err)
			}
			w.Int(-42)
			if err := WriteValue(&w, nil); err != nil {
				t.Fatal(err)
			}
			r := binform.NewReader(w.Buf)
			if s := r.String(); s != "before" {
				t.Fatalf("string %q", s)
			}
			got := ReadValue(r)
			if r.Err() != nil {
				t.Fatal(r.Err())
			}
			if !reflect.DeepEqual(got, fm) {
				t.Fatalf("through the binary form:\n%#v\nwant\n%#v", got, fm)
			}
			if i := r.Int(); i != -42 {
				t.Fatalf("int %d after the value", i)
			}
			if v := ReadValue(r); v != nil || r.Err() != nil || r.Len() != 0 {
				t.Fatalf("nil value read as %v (%v), %d bytes left", v, r.Err(), r.Len())
			}
			for key, f := range fm.V.(*Map).Fields {
				if want, ok := f.Value.V.(time.Time); ok {
					if g := got.V.(*Map).Fields[key].Value.V.(time.Time); g.String() != want.String() {
						t.Errorf("%s: %s, want %s", key, g, want)
					}
				}
			}
		})
	}
}

// Every truncation of a value's binary form, and every byte of it changed, reads as an
// error or as some value, never a panic; a truncation is always an error.
func TestBinaryDamaged(t *testing.T) {
	fm, _, _, err := SplitFrontMatter([]byte(binarySources[0].src))
	if err != nil {
		t.Fatal(err)
	}
	var w binform.Writer
	if err := WriteValue(&w, fm); err != nil {
		t.Fatal(err)
	}
	for n := range len(w.Buf) {
		r := binform.NewReader(w.Buf[:n])
		if v := ReadValue(r); !errors.Is(r.Err(), binform.ErrDamaged) || v != nil {
			t.Fatalf("truncated to %d of %d bytes: %v, %v", n, len(w.Buf), v, r.Err())
		}
	}
	for i := range w.Buf {
		for _, b := range []byte{0, 0x7f, 0x80, 0xff, w.Buf[i] + 1} {
			data := append([]byte(nil), w.Buf...)
			data[i] = b
			ReadValue(binform.NewReader(data))
		}
	}
}

// What the reader would not read back is refused by the writer, which then leaves its
// buffer as it was.
func TestBinaryWriterRefuses(t *testing.T) {
	deep := &Value{V: "leaf"}
	for range maxDepth + 1 {
		deep = &Value{V: []*Value{deep}}
	}
	tests := []struct {
		name string
		v    *Value
		want string
	}{
		{"too deep", deep, "nested more than"},
		{"unknown type", &Value{Line: 3, V: 7}, "line 3: a value of type int"},
		{"keys not fields", &Value{V: &Map{Keys: []string{"a"}, Fields: map[string]*Field{"b": {Key: "b"}}}}, "keys are not its fields"},
		{"nil map", &Value{V: (*Map)(nil)}, "keys are not its fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := binform.Writer{Buf: []byte("kept")}
			err := WriteValue(&w, tt.v)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if string(w.Buf) != "kept" {
				t.Fatalf("buffer %q after a refusal", w.Buf)
			}
		})
	}
	// The deepest value the writer takes, the reader reads.
	ok := &Value{V: "leaf"}
	for range maxDepth {
		ok = &Value{V: []*Value{ok}}
	}
	var w binform.Writer
	if err := WriteValue(&w, ok); err != nil {
		t.Fatal(err)
	}
	if got := ReadValue(binform.NewReader(w.Buf)); !reflect.DeepEqual(got, ok) {
		t.Fatal("the deepest value does not read back")
	}
}

// FuzzBinaryReader: any bytes read as an error or as a value that the writer writes, to
// bytes that read back as a value written the same (NaN is not equal to itself); never a
// panic.
func FuzzBinaryReader(f *testing.F) {
	for _, tt := range binarySources {
		fm, _, _, err := SplitFrontMatter([]byte(tt.src))
		if err != nil {
			f.Fatal(err)
		}
		var w binform.Writer
		if err := WriteValue(&w, fm); err != nil {
			f.Fatal(err)
		}
		f.Add(w.Buf)
	}
	f.Add([]byte{tagList, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := binform.NewReader(data)
		v := ReadValue(r)
		if r.Err() != nil {
			if v != nil {
				t.Fatalf("a value %v with the error %v", v, r.Err())
			}
			return
		}
		var w binform.Writer
		if err := WriteValue(&w, v); err != nil {
			t.Fatalf("read %#v, which does not write: %v", v, err)
		}
		again := ReadValue(binform.NewReader(w.Buf))
		var w2 binform.Writer
		if err := WriteValue(&w2, again); err != nil || string(w2.Buf) != string(w.Buf) {
			t.Fatalf("read %#v, then %#v (%v)", v, again, err)
		}
	})
}
