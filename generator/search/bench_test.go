package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/markdown"
)

// benchSite is a site of n companies whose bodies of ~300 words draw on a vocabulary of
// vocab made-up words (PSEB's real size is 20,000 companies and a vocabulary of 20,000).
func benchSite(b testing.TB, n, vocab int) *content.Site {
	b.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	syllables := []string{"ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze", "ba", "di", "fo", "gu"}
	words := make([]string, vocab)
	for i := range words {
		var w strings.Builder
		for range 2 + r.IntN(3) {
			w.WriteString(syllables[r.IntN(len(syllables))])
		}
		words[i] = fmt.Sprintf("%s%d", w.String(), i%97)
	}
	cities, services := []string{"lahore", "bannu", "multan"}, []string{"web-development", "fintech", "cybersecurity"}
	companies := map[string]string{}
	for i := range n {
		var body strings.Builder
		for j := range 300 {
			if j%15 == 14 {
				body.WriteString(".\n\n")
			}
			body.WriteString(words[r.IntN(len(words))] + " ")
		}
		companies[fmt.Sprintf("company-%05d", i)] = fmt.Sprintf("---\nname: Company %d %s\ncity: %s\nservices: [%s]\nfounded: %d\nsummary: %s %s.\n---\n\n%s\n",
			i, words[r.IntN(len(words))], cities[i%3], services[i%3], 1990+i%30, words[r.IntN(len(words))], words[r.IntN(len(words))], body.String())
	}
	return testSite(b, companies)
}

// BenchmarkBuild makes the files of the index of 2,000 companies from their documents
// (what serve's Settle does for each language after an edit).
func BenchmarkBuild(b *testing.B) {
	site := benchSite(b, 2000, 5000)
	docs := docsOf(site, identity)
	for b.Loop() {
		if _, err := Build(site, docs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewDoc makes the documents of 2,000 companies from their bodies' text.
func BenchmarkNewDoc(b *testing.B) {
	site := benchSite(b, 2000, 5000)
	texts := make([]string, len(site.Companies))
	for i, c := range site.Companies {
		texts[i] = markdown.PlainText(c.Body)
	}
	for b.Loop() {
		corpus := NewCorpus(len(site.Companies))
		for i, c := range site.Companies {
			corpus.NewDoc(i, c, texts[i], identity)
		}
	}
}

// BenchmarkBuildRanges is BenchmarkBuild with the postings made in about ten ranges, as a
// large site's are (PSEB's real size: five ranges a language).
func BenchmarkBuildRanges(b *testing.B) {
	site := benchSite(b, 2000, 5000)
	docs := docsOf(site, identity)
	for b.Loop() {
		if _, err := Build(site, docs, Options{RangePostings: 70_000}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildFrom makes the index of 2,000 companies after an edit, from the memo of the
// one before (serve, and a build from the build cache): a body edited (every company in
// place), a company added first (every company moves) and in the middle (half of them),
// and, to compare, the same additions made whole.
func BenchmarkBuildFrom(b *testing.B) {
	site := benchSite(b, 2000, 5000)
	corpus, docs := corpusDocs(site)
	_, memo, err := BuildFrom(context.Background(), nil, site, docs, Options{CountryName: identity})
	if err != nil {
		b.Fatal(err)
	}
	edited := slices.Clone(docs)
	edited[1000] = corpus.NewDoc(1000, site.Companies[1000], "a new body for the company", identity)
	added := *site
	extra := *site.Companies[5]
	extra.Name = "Aaa Added"
	added.Companies = slices.Insert(slices.Clone(site.Companies), 0, &extra)
	addedDocs := slices.Insert(slices.Clone(docs), 0, corpus.NewDoc(0, &extra, "the body of a new company", identity))
	middle := *site
	middle.Companies = slices.Insert(slices.Clone(site.Companies), 1000, &extra)
	middleDocs := slices.Insert(slices.Clone(docs), 1000, addedDocs[0])
	for _, bc := range []struct {
		name string
		site *content.Site
		docs []*Doc
		prev *Memo
	}{
		{"body edited", site, edited, memo},
		{"company added first", &added, addedDocs, memo},
		{"company added first, whole", &added, addedDocs, nil},
		{"company added in the middle", &middle, middleDocs, memo},
		{"company added in the middle, whole", &middle, middleDocs, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, m, err := BuildFrom(context.Background(), bc.prev, bc.site, bc.docs, Options{CountryName: identity}); err != nil || m.Patched() != (bc.prev != nil) {
					b.Fatalf("patched %v, %v", m.Patched(), err)
				}
			}
		})
	}
}
