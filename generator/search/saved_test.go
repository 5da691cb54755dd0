package search

import (
	"bytes"
	"context"
	"encoding/gob"
	"slices"
	"strings"
	"testing"

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
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(saver.Saved()); err != nil {
		t.Fatal(err)
	}
	var saved Saved
	if err := gob.NewDecoder(&buf).Decode(&saved); err != nil {
		t.Fatal(err)
	}
	if len(saved.Docs) != len(docs)+1 || len(saved.Bodies) != len(docs) {
		t.Fatalf("%d documents and %d bodies saved, want %d and %d", len(saved.Docs), len(saved.Bodies), len(docs)+1, len(docs))
	}

	later := NewCorpus(len(site.Companies))
	later.NewDoc(-1, site.Companies[5], "zebra words first, numbered before the saved ones", identity)
	loaded, err := later.Load(&saved)
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
		var s Saved
		var buf bytes.Buffer
		gob.NewEncoder(&buf).Encode(saver.Saved())
		gob.NewDecoder(&buf).Decode(&s)
		damage(&s)
		if _, err := NewCorpus(1).Load(&s); err == nil {
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
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(struct {
		S *Saved
		M *SavedMemo
	}{saver.Saved(), sm}); err != nil {
		t.Fatal(err)
	}
	var back struct {
		S *Saved
		M *SavedMemo
	}
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	later := NewCorpus(len(site.Companies))
	loaded, err := later.Load(back.S)
	if err != nil {
		t.Fatal(err)
	}
	lmemo, err := loaded.Memo(back.M)
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
	kept := 0
	for k := range want {
		if got[k].Path != want[k].Path || !bytes.Equal(got[k].Bytes(), want[k].Data) {
			t.Fatalf("%s from the loaded memo differs from %s made whole", got[k].Path, want[k].Path)
		}
		if got[k].Data == nil && (strings.Contains(got[k].Path, "/texts") || strings.Contains(got[k].Path, "/cards")) {
			kept++
		}
	}
	if kept == 0 {
		t.Error("no chunk of cards or texts kept from the loaded memo")
	}
}
