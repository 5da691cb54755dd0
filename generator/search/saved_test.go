package search

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pseb/sitegen/generator/binform"
	"github.com/pseb/sitegen/generator/markdown"
)

// TestSavedDocsMakeTheSameIndex: documents taken in a later run from saved ones, in a fresh
// corpus that first numbered other terms, make the same index files as documents made from
// the bodies' text.
func TestSavedDocsMakeTheSameIndex(t *testing.T) {
	site := benchSite(t, 60, 400)
	corpus, docs := corpusDocs(site)
	want, err := Build(site, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Saved: a document seen twice (the same profile in two languages) is kept once, and
	// so is a body two documents share.
	saver := corpus.NewSaver()
	nums := make([]int, len(docs))
	for i, d := range docs {
		if nums[i], err = saver.Add(d); err != nil {
			t.Fatal(err)
		}
		if again, _ := saver.Add(d); again != nums[i] {
			t.Fatalf("one document saved twice: %d and %d", nums[i], again)
		}
	}
	other := corpus.NewDoc(0, site.Companies[0], markdown.PlainText(site.Companies[0].Body), func(string) string { return "elsewhere" })
	if _, err := saver.Add(other); err != nil {
		t.Fatal(err)
	}
	saved, _ := throughBinform(t, saver.Saved(), nil)
	if len(saved.Docs) != len(docs)+1 || len(saved.Bodies) != len(docs) {
		t.Fatalf("%d documents and %d bodies saved, want %d and %d", len(saved.Docs), len(saved.Bodies), len(docs)+1, len(docs))
	}

	later := NewCorpus(len(site.Companies))
	later.NewDoc(-1, site.Companies[5], "zebra words first, numbered before the saved ones", identity)
	loaded, err := later.Load(saved)
	if err != nil {
		t.Fatal(err)
	}
	again := make([]*Doc, len(docs))
	for i, c := range site.Companies {
		if i%7 == 0 { // some made again from the text, as the edited ones are
			again[i] = later.NewDoc(i, c, markdown.PlainText(c.Body), identity)
			continue
		}
		if again[i], err = loaded.Doc(nums[i]); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Build(site, again, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("%s differs from the index made from the text", want[i].Path)
		}
	}

	// Damaged: a term, a body or fields that are not there are refused.
	for name, damage := range map[string]func(s *Saved){
		"unknown term":   func(s *Saved) { s.Bodies[0] = newTermSet([]uint32{uint32(len(s.Terms)) + 5}) },
		"unknown body":   func(s *Saved) { s.Docs[1].Body = len(s.Bodies) },
		"fields missing": func(s *Saved) { s.Docs[2].Fields = nil },
	} {
		s, _ := throughBinform(t, saver.Saved(), nil)
		damage(s)
		if _, err := NewCorpus(1).Load(s); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

// TestSavedMemoKeepsChunks: a memo saved and loaded in a later run (as the build cache
// does) still names its chunks of cards and texts, so an index made from it after one
// company changed keeps the others' chunks, and equals the index made whole.
func TestSavedMemoKeepsChunks(t *testing.T) {
	site := benchSite(t, 60, 400)
	corpus, docs := corpusDocs(site)
	opts := Options{CountryName: identity}
	_, memo, err := BuildFrom(context.Background(), nil, site, docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	saver := corpus.NewSaver()
	sm, err := saver.AddMemo(memo)
	if err != nil {
		t.Fatal(err)
	}
	backS, backM := throughBinform(t, saver.Saved(), sm)
	later := NewCorpus(len(site.Companies))
	loaded, err := later.Load(backS)
	if err != nil {
		t.Fatal(err)
	}
	lmemo, err := loaded.Memo(backM)
	if err != nil {
		t.Fatal(err)
	}
	// The loaded memo's documents are the companies as they are, but the 7th's summary.
	again := slices.Clone(lmemo.docs)
	c := *site.Companies[7]
	c.Summary = "A summary edited since."
	site.Companies = slices.Clone(site.Companies)
	site.Companies[7] = &c
	again[7] = later.NewDoc(7, &c, markdown.PlainText(c.Body), identity)
	got, _, err := BuildFrom(context.Background(), lmemo, site, again, opts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Build(site, again, opts)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]int{}
	for k := range want {
		if got[k].Path != want[k].Path || !bytes.Equal(got[k].Bytes(), want[k].Data) {
			t.Fatalf("%s from the loaded memo differs from %s made whole", got[k].Path, want[k].Path)
		}
		for _, table := range []string{"/texts", "/cards"} {
			if got[k].Data == nil && strings.Contains(got[k].Path, table) {
				kept[table]++
			}
		}
	}
	if kept["/texts"] == 0 || kept["/cards"] == 0 {
		t.Errorf("kept from the loaded memo: %v chunks; want some of both cards and texts", kept)
	}
}

// throughBinform writes s and sm (nil: none) as the build cache does, reads them back, and
// checks that they read back as they were and that cut short anywhere they do not read.
func throughBinform(t *testing.T, s *Saved, sm *SavedMemo) (*Saved, *SavedMemo) {
	t.Helper()
	var w binform.Writer
	s.Write(&w)
	if sm != nil {
		sm.Write(&w)
	}
	read := func(data []byte) (*Saved, *SavedMemo, error) {
		r := binform.NewReader(data)
		gotS := ReadSaved(r)
		var gotM *SavedMemo
		if sm != nil {
			gotM = ReadSavedMemo(r)
		}
		if r.Err() == nil && r.Len() != 0 {
			t.Fatalf("%d bytes left", r.Len())
		}
		return gotS, gotM, r.Err()
	}
	gotS, gotM, err := read(w.Buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotS.Terms, s.Terms) || !reflect.DeepEqual(gotS.Excerpts, s.Excerpts) || len(gotS.Bodies) != len(s.Bodies) || len(gotS.Docs) != len(s.Docs) {
		t.Fatal("saved documents read back otherwise")
	}
	for i := range s.Bodies {
		if !bytes.Equal(gotS.Bodies[i], s.Bodies[i]) {
			t.Fatalf("body %d read back otherwise", i)
		}
	}
	for i, d := range s.Docs {
		if g := gotS.Docs[i]; !bytes.Equal(g.IDs, d.IDs) || !bytes.Equal(g.Fields, d.Fields) || g.Body != d.Body {
			t.Fatalf("document %d read back as %+v, want %+v", i, g, d)
		}
	}
	if sm != nil && !reflect.DeepEqual(gotM, sm) {
		t.Fatalf("memo read back as\n%+v\nwant\n%+v", gotM, sm)
	}
	for n := 0; n < len(w.Buf); n += 1 + len(w.Buf)/500 {
		if _, _, err := read(w.Buf[:n]); err == nil {
			t.Fatalf("cut to %d bytes of %d: read", n, len(w.Buf))
		}
	}
	return gotS, gotM
}
