package search

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/pseb/sitegen/generator/markdown"
)

// TestSavedBodiesMakeTheSameIndex: documents made in a later run from saved bodies, in a
// fresh corpus that first numbered other terms, make the same index files as documents
// made from the bodies' text.
func TestSavedBodiesMakeTheSameIndex(t *testing.T) {
	site := benchSite(t, 60, 400)
	corpus := NewCorpus(len(site.Companies))
	docs := make([]*Doc, len(site.Companies))
	for i, c := range site.Companies {
		docs[i] = corpus.NewDoc(i, c, markdown.PlainText(c.Body), identity)
	}
	want, err := Build(site, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Saved: the corpus of docs; every body once, although a doc appears twice (as the
	// same profile does in two languages).
	saver := corpus.NewBodySaver()
	nums := make([]int, len(docs))
	for i, d := range docs {
		if nums[i], err = saver.Add(d); err != nil {
			t.Fatal(err)
		}
		if again, _ := saver.Add(d); again != nums[i] {
			t.Fatalf("the same body saved twice: %d and %d", nums[i], again)
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(saver.Bodies()); err != nil {
		t.Fatal(err)
	}
	var saved Bodies
	if err := gob.NewDecoder(&buf).Decode(&saved); err != nil {
		t.Fatal(err)
	}

	later := NewCorpus(len(site.Companies))
	later.NewDoc(-1, site.Companies[5], "zebra words first, numbered before the saved ones", identity)
	lb, err := later.LoadBodies(&saved)
	if err != nil {
		t.Fatal(err)
	}
	again := make([]*Doc, len(docs))
	for i, c := range site.Companies {
		if i%7 == 0 { // some converted again, as the edited ones are
			again[i] = later.NewDoc(i, c, markdown.PlainText(c.Body), identity)
			continue
		}
		if again[i], err = later.DocWithBody(c, lb, nums[i], identity); err != nil {
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

	// Damaged: a set naming a term the saved vocabulary lacks is refused.
	saved.Sets[0] = newTermSet([]uint32{uint32(len(saved.Terms)) + 5})
	if _, err := NewCorpus(1).LoadBodies(&saved); err == nil {
		t.Fatal("a body naming an unknown term was loaded")
	}
}
