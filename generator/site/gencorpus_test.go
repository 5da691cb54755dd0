package site

// genCorpus is ../shared/bench/gencorpus.go (the corpus the side-by-side benchmarks use),
// carried into the tests so that CI can measure the directory at 10,000 companies without
// the bench folder; with the same seed it writes the same files.

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var gcCities = []struct {
	id, name, province string
	underserved        bool
}{
	{"lahore", "Lahore", "Punjab", false}, {"karachi", "Karachi", "Sindh", false},
	{"islamabad", "Islamabad", "Islamabad Capital Territory", false}, {"rawalpindi", "Rawalpindi", "Punjab", false},
	{"faisalabad", "Faisalabad", "Punjab", false}, {"peshawar", "Peshawar", "Khyber Pakhtunkhwa", false},
	{"quetta", "Quetta", "Balochistan", true}, {"multan", "Multan", "Punjab", false},
	{"hyderabad", "Hyderabad", "Sindh", false}, {"bannu", "Bannu", "Khyber Pakhtunkhwa", true},
	{"sialkot", "Sialkot", "Punjab", false}, {"gujranwala", "Gujranwala", "Punjab", false},
	{"abbottabad", "Abbottabad", "Khyber Pakhtunkhwa", true}, {"sukkur", "Sukkur", "Sindh", true},
	{"bahawalpur", "Bahawalpur", "Punjab", true}, {"gilgit", "Gilgit", "Gilgit-Baltistan", true},
	{"muzaffarabad", "Muzaffarabad", "Azad Jammu and Kashmir", true}, {"mardan", "Mardan", "Khyber Pakhtunkhwa", true},
	{"sargodha", "Sargodha", "Punjab", true}, {"gwadar", "Gwadar", "Balochistan", true},
	{"dera-ismail-khan", "Dera Ismail Khan", "Khyber Pakhtunkhwa", true}, {"swat", "Swat", "Khyber Pakhtunkhwa", true},
	{"larkana", "Larkana", "Sindh", true}, {"mirpur", "Mirpur", "Azad Jammu and Kashmir", true},
	{"jhelum", "Jhelum", "Punjab", true},
}

var gcServices = []string{"custom-software", "web-development", "mobile-apps", "ai-ml", "data-analytics",
	"cloud-services", "devops", "cybersecurity", "fintech", "healthtech", "edtech", "ecommerce",
	"game-development", "blockchain", "iot", "embedded-systems", "erp", "crm", "qa-testing",
	"ui-ux-design", "bpo", "call-center", "digital-marketing", "it-consulting", "managed-services",
	"networking", "gis", "telecom-software", "saas", "animation"}

var gcCerts = []string{"iso-27001", "iso-9001", "cmmi-level-3", "cmmi-level-5", "soc-2"}
var gcBands = []string{"1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"}
var gcMarkets = []string{"US", "GB", "DE", "AE", "SA", "CA", "AU", "NL", "SE", "JP", "CN", "SG", "FR", "QA", "IE", "NO"}
var gcStatuses = []string{"operational", "under-construction", "planned"}

var gcWords = strings.Fields(`software export delivery platform client team engineers quality secure
scalable cloud product design agile partner global market growth data mobile analytics service
support solution enterprise customer experience innovation integration migration architecture
performance reliable talent training research development automation testing operations compliance
standard process industry banking health retail logistics telecom energy government education
startup venture capital investment park office space infrastructure connectivity power backup
incentive tax registration certification international project portfolio award success story`)

func genCorpus(nCompanies int, outDir string) {
	n, out, seed := &nCompanies, &outDir, int64(1)
	r := rand.New(rand.NewSource(seed))
	c := filepath.Join(*out, "content")
	nparks := 60

	gcWriteData(c)
	parks := make([]string, nparks)
	for i := range parks {
		city := gcCities[i%len(gcCities)]
		parks[i] = fmt.Sprintf("%s-technology-park-%d", city.id, i+1)
		fm := fmt.Sprintf("name: %q\ncity: %s\nstatus: %s\nlocation: {lat: %.4f, lng: %.4f}\narea_sqft: %d\n"+
			"amenities: [\"24/7 power backup\", \"Fibre connectivity\", \"Meeting rooms\"]\n"+
			"incentives: [\"Tax holiday\", \"Subsidised rent\"]\nsummary: %q\n",
			gcTitle(r, 2)+" Technology Park", city.id, gcStatuses[i%3], 24+r.Float64()*10, 62+r.Float64()*12,
			10000+r.Intn(490000), gcSentence(r, 14))
		gcWrite(filepath.Join(c, "parks", parks[i]+".md"), fm, gcBody(r, 400, nil))
	}
	slugs := make([]string, *n)
	for i := range slugs {
		slugs[i] = fmt.Sprintf("company-%05d", i+1)
	}
	for i, slug := range slugs {
		city := gcCities[r.Intn(len(gcCities))]
		var b strings.Builder
		fmt.Fprintf(&b, "name: %q\ncity: %s\n", gcTitle(r, 2)+" "+[]string{"Technologies", "Solutions", "Labs", "Systems", "Soft"}[r.Intn(5)], city.id)
		if r.Intn(3) > 0 {
			fmt.Fprintf(&b, "park: %s\n", parks[r.Intn(nparks)])
		}
		fmt.Fprintf(&b, "services: [%s]\n", strings.Join(gcPick(r, gcServices, 2+r.Intn(4)), ", "))
		if k := r.Intn(4); k > 0 {
			fmt.Fprintf(&b, "certifications: [%s]\n", strings.Join(gcPick(r, gcCerts, k), ", "))
		}
		fmt.Fprintf(&b, "founded: %d\nemployees: %q\nexport_markets: [%s]\nwebsite: https://%s.example.com\nemail: info@%s.example.com\nsummary: %q\n",
			1985+r.Intn(40), gcBands[r.Intn(len(gcBands))], strings.Join(gcPick(r, gcMarkets, 1+r.Intn(6)), ", "), slug, slug, gcSentence(r, 16))
		if i%97 == 0 {
			b.WriteString("featured: true\n")
		}
		gcWrite(filepath.Join(c, "companies", slug+".md"), b.String(), gcBody(r, 300+r.Intn(600), slugs))
	}
	for i := 0; i < 15; i++ {
		gcWrite(filepath.Join(c, "pages", fmt.Sprintf("page-%02d.md", i+1)),
			fmt.Sprintf("title: %q\nsummary: %q\n", gcTitle(r, 3), gcSentence(r, 12)), gcBody(r, 600, nil))
	}
	for i := 0; i < 40; i++ {
		gcWrite(filepath.Join(c, "news", fmt.Sprintf("news-%03d.md", i+1)),
			fmt.Sprintf("title: %q\ndate: 2025-%02d-%02d\nsummary: %q\n", gcTitle(r, 5), 1+i%12, 1+i%28, gcSentence(r, 15)), gcBody(r, 350, nil))
	}
}

func gcWriteData(c string) {
	var b strings.Builder
	for _, ct := range gcCities {
		fmt.Fprintf(&b, "- id: %s\n  name: %s\n  province: %s\n  underserved: %v\n", ct.id, ct.name, ct.province, ct.underserved)
	}
	gcWriteRaw(filepath.Join(c, "data", "cities.yaml"), b.String())
	b.Reset()
	for _, s := range gcServices {
		fmt.Fprintf(&b, "- id: %s\n  label: %s\n  description: %s services.\n", s, title(strings.ReplaceAll(s, "-", " ")), s)
	}
	gcWriteRaw(filepath.Join(c, "data", "services.yaml"), b.String())
	b.Reset()
	for _, s := range gcCerts {
		fmt.Fprintf(&b, "- id: %s\n  label: %s\n", s, strings.ToUpper(strings.ReplaceAll(s, "-", " ")))
	}
	gcWriteRaw(filepath.Join(c, "data", "certifications.yaml"), b.String())
	gcWriteRaw(filepath.Join(c, "site.yaml"), "title: Pakistan IT Industry\nbase_url: https://example.org/\ndescription: Benchmark corpus.\nlanguage: en\npage_size: 50\ntheme: default\n")
}

func gcBody(r *rand.Rand, nwords int, link []string) string {
	var b strings.Builder
	for written := 0; written < nwords; {
		switch k := r.Intn(10); {
		case k == 0:
			fmt.Fprintf(&b, "## %s\n\n", gcTitle(r, 3))
		case k == 1:
			for i := 0; i < 3+r.Intn(3); i++ {
				fmt.Fprintf(&b, "- %s\n", gcSentence(r, 6))
				written += 6
			}
			b.WriteString("\n")
		case k == 2 && r.Intn(3) == 0:
			b.WriteString("| Metric | 2023 | 2024 |\n|---|---:|---:|\n")
			for i := 0; i < 3; i++ {
				fmt.Fprintf(&b, "| %s | %d | %d |\n", gcTitle(r, 1), r.Intn(900), r.Intn(900))
			}
			b.WriteString("\n")
			written += 12
		case k == 3 && r.Intn(4) == 0:
			b.WriteString("```go\nfunc main() { fmt.Println(\"hello\") }\n```\n\n")
		default:
			s := gcSentence(r, 40)
			if len(link) > 0 && r.Intn(3) == 0 {
				s += fmt.Sprintf(" See [a partner](/companies/%s/) and [their site](https://example.com/%d).", link[r.Intn(len(link))], r.Intn(1000))
			}
			fmt.Fprintf(&b, "%s **%s** and *%s*.\n\n", s, gcWords[r.Intn(len(gcWords))], gcWords[r.Intn(len(gcWords))])
			written += 40
		}
	}
	return b.String()
}

func gcSentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = gcWords[r.Intn(len(gcWords))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

func gcTitle(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		x := gcWords[r.Intn(len(gcWords))]
		w[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(w, " ")
}

func gcPick(r *rand.Rand, from []string, k int) []string {
	p := r.Perm(len(from))[:k]
	out := make([]string, k)
	for i, j := range p {
		out[i] = from[j]
	}
	return out
}

func gcWrite(path, fm, body string) { gcWriteRaw(path, "---\n"+fm+"---\n\n"+body) }

func gcWriteRaw(path, s string) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		panic(err)
	}
}

// title is strings.Title for the ASCII labels here (deprecated there for Unicode reasons).
func title(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		w[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(w, " ")
}

func TestGenCorpusMatchesBench(t *testing.T) {
	ref := os.Getenv("SITEGEN_BENCH_CORPUS")
	if ref == "" {
		t.Skip("set SITEGEN_BENCH_CORPUS to a corpus written by ../shared/bench/gencorpus.go -companies 10000")
	}
	dir := t.TempDir()
	genCorpus(10000, dir)
	n := 0
	filepath.WalkDir(filepath.Join(ref, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(ref, p)
		a, _ := os.ReadFile(p)
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || string(a) != string(b) {
			t.Errorf("%s differs", rel)
		}
		n++
		return nil
	})
	t.Logf("%d files compared", n)
}
