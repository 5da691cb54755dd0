package search

import (
	"fmt"
	"math/rand/v2"
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
