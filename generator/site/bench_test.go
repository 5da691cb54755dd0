package site

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pseb/sitegen/generator/content"
)

// writeCorpus writes a deterministic synthetic site with n companies in the content model
// (generator/benchcorpus, with smaller bodies) and the repository's themes.
func writeCorpus(tb testing.TB, dir string, n int) {
	tb.Helper()
	r := rand.New(rand.NewSource(1))
	w := func(p, s string) {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	cities := []string{"lahore", "karachi", "islamabad", "bannu", "quetta", "gilgit", "multan", "sukkur"}
	services := []string{"web", "mobile", "ai", "data", "cloud", "security", "fintech", "bpo", "qa", "design", "erp", "games"}
	var b strings.Builder
	for i, c := range cities {
		fmt.Fprintf(&b, "- id: %s\n  name: City %s\n  province: Province %d\n  underserved: %v\n", c, c, i%4, i%2 == 0)
	}
	w("content/data/cities.yaml", b.String())
	b.Reset()
	for _, s := range services {
		fmt.Fprintf(&b, "- id: %s\n  label: Service %s\n", s, s)
	}
	w("content/data/services.yaml", b.String())
	w("content/data/certifications.yaml", "- id: iso-27001\n  label: ISO 27001\n- id: cmmi-level-5\n  label: CMMI 5\n")
	w("content/site.yaml", "title: Bench\nbase_url: https://example.org/\npage_size: 50\n")
	words := strings.Fields("software export delivery platform client team engineers quality secure scalable cloud product design agile partner global market growth data mobile")
	sentence := func(k int) string {
		s := make([]string, k)
		for i := range s {
			s[i] = words[r.Intn(len(words))]
		}
		return strings.Join(s, " ") + "."
	}
	for i := 0; i < 20; i++ {
		w(fmt.Sprintf("content/parks/park-%d.md", i), fmt.Sprintf("---\nname: Park %d\ncity: %s\nstatus: planned\nsummary: %s\n---\n\n%s\n", i, cities[i%len(cities)], sentence(10), sentence(80)))
	}
	for i := 0; i < n; i++ {
		var body strings.Builder
		for p := 0; p < 6; p++ {
			fmt.Fprintf(&body, "## %s\n\n%s **%s** and [a link](/companies/company-%05d/).\n\n- %s\n- %s\n\n", sentence(3), sentence(40), words[r.Intn(len(words))], r.Intn(n)+1, sentence(6), sentence(6))
		}
		w(fmt.Sprintf("content/companies/company-%05d.md", i+1), fmt.Sprintf(
			"---\nname: Company %d\ncity: %s\npark: park-%d\nservices: [%s, %s]\ncertifications: [iso-27001]\nfounded: %d\nemployees: \"51-200\"\nexport_markets: [US, DE]\nwebsite: https://c%d.example.com\nsummary: %s\n---\n\n%s",
			i, cities[r.Intn(len(cities))], r.Intn(20), services[i%len(services)], services[(i*7+3)%len(services)], 1990+r.Intn(30), i, sentence(12), body.String()))
	}
	if err := os.CopyFS(filepath.Join(dir, "themes"), os.DirFS("../../themes")); err != nil {
		tb.Fatal(err)
	}
}

func benchCorpus(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	writeCorpus(b, dir, n)
	return dir
}

// BenchmarkBuild is a whole build, written to disk and swapped into place.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("companies=%d", n), func(b *testing.B) {
			src := benchCorpus(b, n)
			dest := filepath.Join(b.TempDir(), "public")
			var pages int
			for b.Loop() {
				sum, err := Build(context.Background(), Options{Source: src, Dest: dest})
				if err != nil {
					b.Fatal(err)
				}
				pages = int(sum.Files)
			}
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

// BenchmarkLoad is reading and validating content only.
func BenchmarkLoad(b *testing.B) {
	src := benchCorpus(b, 1000)
	fsys := os.DirFS(src)
	for b.Loop() {
		if _, err := content.Load(context.Background(), fsys, content.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender renders every route to io.Discard: templates and Markdown without disk
// or minification.
func BenchmarkRender(b *testing.B) {
	src := benchCorpus(b, 1000)
	plan, err := Prepare(context.Background(), os.DirFS(src), content.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, rt := range plan.Routes {
			if rt.Late() {
				continue // the search index: files of its own, made after the pages
			}
			if err := plan.Render(io.Discard, rt); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(plan.Routes)), "routes/op")
}
