package search

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/markdown"
)

// TestPatchedIndexEqualsWhole: after random edits of a few companies (words added and
// dropped in every field, new words, the only company with a word changed) and companies
// added, deleted and moved in the order (renamed), the index made from the Memo of the one
// before is the index made whole, file for file; also on a localized site (sets relative
// to the translated companies) and when the edit changes which companies are translated.
func TestPatchedIndexEqualsWhole(t *testing.T) {
	for _, localized := range []bool{false, true} {
		t.Run(fmt.Sprint("localized=", localized), func(t *testing.T) {
			site := benchSite(t, 60, 150)
			if localized {
				site.Lang = "xx"
				for i, c := range site.Companies {
					c.Fallback = i%4 != 0
				}
			}
			corpus := NewCorpus(len(site.Companies))
			docs := make([]*Doc, len(site.Companies))
			text := make([]string, len(site.Companies))
			for i, c := range site.Companies {
				text[i] = markdown.PlainText(c.Body)
				docs[i] = corpus.NewDoc(i, c, text[i], identity)
			}
			opts := Options{ShardBytes: 300, Fanout: 4, CountryName: identity}
			_, memo, err := BuildFrom(context.Background(), nil, site, docs, opts)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(3, 4))
			patched, kept, keptChunks := 0, 0, 0
			written := map[string]bool{} // every file an index so far wrote
			first, _ := Build(site, docs, opts)
			for _, f := range first {
				written[f.Path] = true
			}
			for round := range 40 {
				docs = slices.Clone(docs)
				site.Companies = slices.Clone(site.Companies)
				text = slices.Clone(text)
				switch round % 4 {
				case 1: // a company added somewhere (every company after it moves)
					i := r.IntN(len(docs) + 1)
					c := *site.Companies[r.IntN(len(docs))]
					c.Name, c.Slug = fmt.Sprintf("Added %d", round), fmt.Sprintf("added-%d", round)
					site.Companies = slices.Insert(site.Companies, i, &c)
					text = slices.Insert(text, i, text[r.IntN(len(text))]+fmt.Sprintf(" added%dword", round))
					docs = slices.Insert(docs, i, nil)
				case 2: // a company deleted
					i := r.IntN(len(docs))
					site.Companies = slices.Delete(site.Companies, i, i+1)
					text = slices.Delete(text, i, i+1)
					docs = slices.Delete(docs, i, i+1)
				case 3: // a company renamed, moving to another place in the order
					i, j := r.IntN(len(docs)), r.IntN(len(docs))
					c := *site.Companies[i]
					c.Name += fmt.Sprintf(" Renamed%d", round)
					t := text[i]
					site.Companies = slices.Insert(slices.Delete(site.Companies, i, i+1), j, &c)
					text = slices.Insert(slices.Delete(text, i, i+1), j, t)
					docs = slices.Insert(slices.Delete(docs, i, i+1), j, nil)
				}
				for i := range docs {
					if docs[i] == nil {
						docs[i] = corpus.NewDoc(i, site.Companies[i], text[i], identity)
					}
				}
				for range r.IntN(4) {
					i := r.IntN(len(docs))
					c := *site.Companies[i]
					words := strings.Fields(text[i])
					switch r.IntN(5) {
					case 4: // a facet value no company had, first of its facet: every
						// later value is numbered anew, and the cards naming them change
						c.ExportMarkets = append(slices.Clone(c.ExportMarkets), fmt.Sprintf("AA%d", round))
					case 0: // a word no company had
						c.Name += fmt.Sprintf(" Novel%dx", round)
					case 1: // the summary's words dropped
						c.Summary = ""
					case 2: // half the body gone, a new word in it
						text[i] = strings.Join(words[:len(words)/2], " ") + fmt.Sprintf(" fresh%dword", round)
					case 3: // another company's body
						text[i] = text[r.IntN(len(text))]
					}
					site.Companies[i] = &c
					docs[i] = corpus.NewDoc(i, &c, text[i], identity)
				}
				flip := localized && round%10 == 9
				if flip { // another company translated: every relative set changes
					c := *site.Companies[round]
					c.Fallback = !c.Fallback
					site.Companies[round] = &c
				}
				var got []File
				got, memo, err = BuildFrom(context.Background(), memo, site, docs, opts)
				if err != nil {
					t.Fatal(err)
				}
				if !memo.patched {
					t.Errorf("round %d: sets made whole (the translated companies changed: %v)", round, flip)
				}
				if memo.patched {
					patched++
				}
				want, err := Build(site, docs, opts)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("round %d: %d files from the memo, %d made whole", round, len(got), len(want))
				}
				for k := range want {
					if got[k].Path != want[k].Path || !bytes.Equal(got[k].Bytes(), want[k].Data) {
						t.Fatalf("round %d: %s from the memo differs from %s made whole", round, got[k].Path, want[k].Path)
					}
					if got[k].Data == nil {
						kept++
						if strings.Contains(got[k].Path, "/texts") || strings.Contains(got[k].Path, "/cards") {
							keptChunks++
						}
						if got[k].Size != len(want[k].Data) {
							t.Fatalf("round %d: %s kept, of %d bytes, is %d", round, got[k].Path, got[k].Size, len(want[k].Data))
						}
						if _, ok := written[got[k].Path]; !ok {
							t.Fatalf("round %d: %s kept, but no index before wrote it", round, got[k].Path)
						}
					}
				}
				for _, f := range want {
					written[f.Path] = true
				}
			}
			if patched < 40 || kept == 0 || keptChunks == 0 {
				t.Errorf("only %d of 40 rounds patched the memo's sets, %d files kept (%d chunks of cards or texts)", patched, kept, keptChunks)
			}
		})
	}
}

// corpusDocs makes the documents of the site's companies in one corpus, in order.
func corpusDocs(site *content.Site) (*Corpus, []*Doc) {
	corpus := NewCorpus(len(site.Companies))
	docs := make([]*Doc, len(site.Companies))
	for i, c := range site.Companies {
		docs[i] = corpus.NewDoc(i, c, markdown.PlainText(c.Body), identity)
	}
	return corpus, docs
}

// A Memo is patched only for the same companies in the same order, vocabulary and
// universe, and a few changes.
func TestMemoPatchedOnlyWhenComparable(t *testing.T) {
	site := benchSite(t, 20, 60)
	corpus, docs := corpusDocs(site)
	_, memo, err := BuildFrom(context.Background(), nil, site, docs, Options{CountryName: identity})
	if err != nil {
		t.Fatal(err)
	}
	other := NewCorpus(len(site.Companies))
	edited := slices.Clone(docs)
	edited[3] = corpus.NewDoc(3, site.Companies[3], "another text", identity)
	for _, tt := range []struct {
		name string
		docs []*Doc
		base string
		want bool
	}{
		{"one company edited", edited, "", true},
		{"nothing edited", docs, "", true},
		{"a company fewer", docs[1:], "", true},
		{"two companies swapped", append([]*Doc{docs[1], docs[0]}, docs[2:]...), "", true},
		{"another universe", edited, "dAQ", true},
		{"another vocabulary", append([]*Doc{other.NewDoc(0, site.Companies[0], "x", identity)}, docs[1:]...), "", false},
		{"a document twice", append([]*Doc{docs[1]}, docs[1:]...), "", true}, // the second is new
	} {
		enc, _, _ := memo.patch(context.Background(), tt.docs, len(tt.docs), tt.base, nil)
		if got := enc != nil; got != tt.want {
			t.Errorf("%s: patched %v, want %v", tt.name, got, tt.want)
		}
	}
	var nilMemo *Memo
	if enc, _, _ := nilMemo.patch(context.Background(), docs, len(docs), "", nil); enc != nil {
		t.Error("no memo: patched")
	}
	// More companies changed than maxPatched: made whole.
	big := benchSite(t, maxPatched+40, 60)
	bc, bdocs := corpusDocs(big)
	_, bmemo, err := BuildFrom(context.Background(), nil, big, bdocs, Options{CountryName: identity})
	if err != nil {
		t.Fatal(err)
	}
	many := slices.Clone(bdocs)
	for i := range maxPatched + 1 {
		many[i] = bc.NewDoc(i, big.Companies[i], "another text", identity)
	}
	if enc, _, _ := bmemo.patch(context.Background(), many, len(many), "", nil); enc != nil {
		t.Errorf("%d companies changed: patched", len(many))
	}
}

// A cancelled build stops with the context's error instead of making the index (serve: a
// save while the index is made must not wait for it).
func TestBuildStopsWhenCancelled(t *testing.T) {
	site := benchSite(t, 30, 80)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if files, memo, err := BuildFrom(ctx, nil, site, docsOf(site, identity), Options{CountryName: identity}); err != context.Canceled || files != nil || memo != nil {
		t.Errorf("cancelled: %d files, memo %v, error %v", len(files), memo != nil, err)
	}
}

// TestTextsMoveOneBucket: a company added or deleted changes the texts of its own bucket
// only, every other bucket's file is the one published before, and an index made from the
// memo makes only that bucket's group again (a table by company number changed every
// chunk after the company's place).
func TestTextsMoveOneBucket(t *testing.T) {
	site := benchSite(t, 200, 150)
	corpus, docs := corpusDocs(site)
	opts := Options{ChunkSize: 4, Groups: 8, CountryName: identity}
	_, memo, err := BuildFrom(context.Background(), nil, site, docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	texts := func(files []File) map[string]File {
		m := map[string]File{}
		for _, f := range files {
			if strings.HasPrefix(f.Path, "search/texts") {
				m[f.Path] = f
			}
		}
		return m
	}
	before, _ := Build(site, docs, opts)
	prev := texts(before)
	if len(prev) < 28 {
		t.Fatalf("%d texts files for 200 companies in 32 buckets", len(prev))
	}

	added := *site.Companies[7]
	added.Name, added.Slug = "Zzz Added", "zzz-added"
	edits := []struct {
		name string
		edit func(s *content.Site, docs []*Doc) (*content.Site, []*Doc, string)
	}{
		{"added", func(s *content.Site, docs []*Doc) (*content.Site, []*Doc, string) {
			// Its name sorts it before most: every company after it moves by one.
			added.Name = "Aaa Added"
			s.Companies = slices.Insert(slices.Clone(s.Companies), 3, &added)
			d := corpus.NewDoc(-1, &added, "a new company", identity)
			return s, slices.Insert(slices.Clone(docs), 3, d), added.Slug
		}},
		{"deleted", func(s *content.Site, docs []*Doc) (*content.Site, []*Doc, string) {
			slug := s.Companies[10].Slug
			s.Companies = slices.Delete(slices.Clone(s.Companies), 10, 11)
			return s, slices.Delete(slices.Clone(docs), 10, 11), slug
		}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			s := *site
			edited, edocs, slug := e.edit(&s, docs)
			got, _, err := BuildFrom(context.Background(), memo, edited, edocs, opts)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := Build(edited, edocs, opts)
			if len(got) != len(want) {
				t.Fatalf("%d files from the memo, %d made whole", len(got), len(want))
			}
			for k := range want {
				if got[k].Path != want[k].Path || !bytes.Equal(got[k].Bytes(), want[k].Data) {
					t.Fatalf("%s from the memo differs from %s made whole", got[k].Path, want[k].Path)
				}
			}
			group := BucketOf(slug, 32) / 4 // 32 buckets in 8 groups
			inGroup := func(path string) bool {
				k, _ := strconv.Atoi(strings.TrimPrefix(strings.Split(path, ".")[0], "search/texts"))
				return k/4 == group
			}
			now := texts(got)
			for path, f := range now {
				_, published := prev[path]
				switch {
				case inGroup(path) && published:
					t.Errorf("%s: the changed bucket's group has the name it had", path)
				case !inGroup(path) && !published:
					t.Errorf("%s: a bucket of another group is renamed", path)
				case !inGroup(path) && f.Data != nil:
					t.Errorf("%s: a bucket of another group is made again", path)
				}
			}
			for path := range prev {
				if _, ok := now[path]; !ok && !inGroup(path) {
					t.Errorf("%s: gone, though its group did not change", path)
				}
			}
		})
	}
}

// bucketCases are slugs and their buckets among 4,096 and 65,536, as the theme's script
// must compute them too (TestBucketOfInBrowser).
var bucketCases = []struct {
	slug          string
	b4096, b65536 int
}{
	{"acme", 1106, 13394},
	{"company-05000", 300, 20780},
	{"arfa-software", 3071, 39935},
	{"شركة-تقنية", 2903, 19287},
	{"北京软件", 2145, 51297},
	{"", 3289, 7385},
}

// TestBucketOf: the buckets are a function of the slug alone, spread over all buckets,
// and their number a power of two about n/size.
func TestBucketOf(t *testing.T) {
	for _, tc := range bucketCases {
		if got := BucketOf(tc.slug, 4096); got != tc.b4096 {
			t.Errorf("BucketOf(%q, 4096) = %d, want %d", tc.slug, got, tc.b4096)
		}
		if got := BucketOf(tc.slug, 1<<16); got != tc.b65536 {
			t.Errorf("BucketOf(%q, 65536) = %d, want %d", tc.slug, got, tc.b65536)
		}
		if got := BucketOf(tc.slug, 1); got != 0 {
			t.Errorf("BucketOf(%q, 1) = %d", tc.slug, got)
		}
	}
	for _, tc := range []struct{ n, size, want int }{
		{0, 4, 1}, {3, 4, 1}, {7, 4, 1}, {8, 4, 2}, {20000, 4, 4096}, {20480, 4, 4096}, {32768, 4, 8192},
	} {
		if got := numBuckets(tc.n, tc.size); got != tc.want {
			t.Errorf("numBuckets(%d, %d) = %d, want %d", tc.n, tc.size, got, tc.want)
		}
	}
	// 20,000 slugs as the registry's are made: in 4,096 buckets, none empty of many and
	// none far above the mean of 4.9.
	counts := make([]int, 4096)
	for i := range 20000 {
		counts[BucketOf(fmt.Sprintf("company-%05d", i), 4096)]++
	}
	empty := 0
	for _, c := range counts {
		if c == 0 {
			empty++
		}
	}
	if most := slices.Max(counts); most > 16 || empty > 80 {
		t.Errorf("20,000 slugs in 4,096 buckets: at most %d a bucket, %d empty", most, empty)
	}
}
