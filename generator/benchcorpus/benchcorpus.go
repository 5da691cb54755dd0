// Package benchcorpus writes the synthetic site that sitegen's benchmarks and scale tests
// build: company profiles, technology parks, plain pages and news with YAML front matter in
// the site's content model, deterministic for a seed. With Languages it is PSEB's real
// shape: translations (name or title, summary and body) of every park, page and news item
// and of a Translated share of the companies, the rest falling back to English; Vocab mixes
// made-up words into the text so a search index meets a realistic vocabulary.
//
// It writes, byte for byte, what the side-by-side harness's gencorpus.go writes with the same
// flags, so the project's own scripts measure the corpus the issues' figures come from.
package benchcorpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// Options say what to write; Companies is the only one a benchmark must set.
type Options struct {
	Companies int
	// Seed makes the companies' text (0: 1, the benchmarks' seed).
	Seed int64
	// Languages are the site's languages besides English, of "zh" and "ar".
	Languages []string
	// Translated is the share of companies translated into each language.
	Translated float64
	// Vocab is how many made-up words join the 100 base words.
	Vocab int
}

// Real is PSEB's real shape at n companies (the issues' "real size" at 20,000): English,
// Chinese and Arabic, a quarter of the companies translated, 20,000 extra words.
func Real(n int) Options {
	return Options{Companies: n, Languages: []string{"zh", "ar"}, Translated: 0.25, Vocab: 20000}
}

var cities = []struct {
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

var services = []string{"custom-software", "web-development", "mobile-apps", "ai-ml", "data-analytics",
	"cloud-services", "devops", "cybersecurity", "fintech", "healthtech", "edtech", "ecommerce",
	"game-development", "blockchain", "iot", "embedded-systems", "erp", "crm", "qa-testing",
	"ui-ux-design", "bpo", "call-center", "digital-marketing", "it-consulting", "managed-services",
	"networking", "gis", "telecom-software", "saas", "animation"}

var certs = []string{"iso-27001", "iso-9001", "cmmi-level-3", "cmmi-level-5", "soc-2"}
var bands = []string{"1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"}
var markets = []string{"US", "GB", "DE", "AE", "SA", "CA", "AU", "NL", "SE", "JP", "CN", "SG", "FR", "QA", "IE", "NO"}
var statuses = []string{"operational", "under-construction", "planned"}

var baseWords = strings.Fields(`software export delivery platform client team engineers quality secure
scalable cloud product design agile partner global market growth data mobile analytics service
support solution enterprise customer experience innovation integration migration architecture
performance reliable talent training research development automation testing operations compliance
standard process industry banking health retail logistics telecom energy government education
startup venture capital investment park office space infrastructure connectivity power backup
incentive tax registration certification international project portfolio award success story`)

// Write writes the site below dir (dir/content/...).
func Write(dir string, opts Options) error {
	for _, l := range opts.Languages {
		if foreign[l] == nil {
			return fmt.Errorf("benchcorpus: no word list for language %q (zh, ar)", l)
		}
	}
	seed := opts.Seed
	if seed == 0 {
		seed = 1
	}
	g := &gen{words: append(baseWords[:len(baseWords):len(baseWords)], madeUp(opts.Vocab)...)}
	g.site(rand.New(rand.NewSource(seed)), filepath.Join(dir, "content"), opts)
	return g.err
}

// gen holds the words the text is made of, and the first write that failed (the files
// after it are not written).
type gen struct {
	words []string
	err   error
}

func (g *gen) site(r *rand.Rand, c string, opts Options) {
	nparks := 60
	tr := opts.Languages
	translate := func(path, nameKey string, r *rand.Rand, nwords int) {
		for _, l := range tr {
			w := foreign[l]
			fm := fmt.Sprintf("%s: %q\nsummary: %q\n", nameKey, phrase(r, w, 3, ""), phrase(r, w, 14, "。"))
			var b strings.Builder
			for i := 0; i < nwords/20; i++ {
				b.WriteString(phrase(r, w, 20, "。") + "\n\n")
			}
			g.write(strings.TrimSuffix(path, ".md")+"."+l+".md", fm, b.String())
		}
	}

	g.writeData(c, tr)
	parks := make([]string, nparks)
	for i := range parks {
		city := cities[i%len(cities)]
		parks[i] = fmt.Sprintf("%s-technology-park-%d", city.id, i+1)
		fm := fmt.Sprintf("name: %q\ncity: %s\nstatus: %s\nlocation: {lat: %.4f, lng: %.4f}\narea_sqft: %d\n"+
			"amenities: [\"24/7 power backup\", \"Fibre connectivity\", \"Meeting rooms\"]\n"+
			"incentives: [\"Tax holiday\", \"Subsidised rent\"]\nsummary: %q\n",
			g.title(r, 2)+" Technology Park", city.id, statuses[i%3], 24+r.Float64()*10, 62+r.Float64()*12,
			10000+r.Intn(490000), g.sentence(r, 14))
		g.write(filepath.Join(c, "parks", parks[i]+".md"), fm, g.body(r, 400, nil))
		translate(filepath.Join(c, "parks", parks[i]+".md"), "name", r, 200)
	}
	slugs := make([]string, opts.Companies)
	for i := range slugs {
		slugs[i] = fmt.Sprintf("company-%05d", i+1)
	}
	for i, slug := range slugs {
		city := cities[r.Intn(len(cities))]
		var b strings.Builder
		fmt.Fprintf(&b, "name: %q\ncity: %s\n", g.title(r, 2)+" "+[]string{"Technologies", "Solutions", "Labs", "Systems", "Soft"}[r.Intn(5)], city.id)
		if r.Intn(3) > 0 {
			fmt.Fprintf(&b, "park: %s\n", parks[r.Intn(nparks)])
		}
		fmt.Fprintf(&b, "services: [%s]\n", strings.Join(pick(r, services, 2+r.Intn(4)), ", "))
		if k := r.Intn(4); k > 0 {
			fmt.Fprintf(&b, "certifications: [%s]\n", strings.Join(pick(r, certs, k), ", "))
		}
		fmt.Fprintf(&b, "founded: %d\nemployees: %q\nexport_markets: [%s]\nwebsite: https://%s.example.com\nemail: info@%s.example.com\nsummary: %q\n",
			1985+r.Intn(40), bands[r.Intn(len(bands))], strings.Join(pick(r, markets, 1+r.Intn(6)), ", "), slug, slug, g.sentence(r, 16))
		if i%97 == 0 {
			b.WriteString("featured: true\n")
		}
		g.write(filepath.Join(c, "companies", slug+".md"), b.String(), g.body(r, 300+r.Intn(600), slugs))
		if len(tr) > 0 && r.Float64() < opts.Translated {
			translate(filepath.Join(c, "companies", slug+".md"), "name", r, 300)
		}
	}
	for i := 0; i < 15; i++ {
		g.write(filepath.Join(c, "pages", fmt.Sprintf("page-%02d.md", i+1)),
			fmt.Sprintf("title: %q\nsummary: %q\n", g.title(r, 3), g.sentence(r, 12)), g.body(r, 600, nil))
		translate(filepath.Join(c, "pages", fmt.Sprintf("page-%02d.md", i+1)), "title", r, 300)
	}
	for i := 0; i < 40; i++ {
		g.write(filepath.Join(c, "news", fmt.Sprintf("news-%03d.md", i+1)),
			fmt.Sprintf("title: %q\ndate: 2025-%02d-%02d\nsummary: %q\n", g.title(r, 5), 1+i%12, 1+i%28, g.sentence(r, 15)), g.body(r, 350, nil))
		translate(filepath.Join(c, "news", fmt.Sprintf("news-%03d.md", i+1)), "title", r, 200)
	}
}

// foreign words for translations (zh and ar), joined without spaces in Chinese.
var foreign = map[string][]string{
	"zh": strings.Fields(`软件 出口 交付 平台 客户 团队 工程师 质量 安全 可扩展 云计算 产品 设计 敏捷 合作伙伴 全球 市场 增长
数据 移动 分析 服务 支持 解决方案 企业 体验 创新 集成 迁移 架构 性能 可靠 人才 培训 研究 开发 自动化 测试 运营 合规
标准 流程 行业 银行 医疗 零售 物流 电信 能源 政府 教育 初创 投资 园区 办公 基础设施 网络 电力 激励 税收 注册 认证 国际 项目`),
	"ar": strings.Fields(`برمجيات تصدير تسليم منصة عميل فريق مهندسون جودة آمن قابل للتوسع سحابة منتج تصميم رشيق شريك عالمي سوق
نمو بيانات متنقل تحليلات خدمة دعم حل مؤسسة تجربة ابتكار تكامل ترحيل بنية أداء موثوق مواهب تدريب بحث تطوير أتمتة اختبار
عمليات امتثال معيار صناعة مصارف صحة تجزئة لوجستيات اتصالات طاقة حكومة تعليم ناشئة استثمار مجمع مكاتب شبكات كهرباء حوافز
ضرائب تسجيل شهادة دولي مشروع`),
}

// phrase: n words of w; Chinese is written without spaces and ends with 。, others with ".".
func phrase(r *rand.Rand, w []string, n int, stop string) string {
	p := make([]string, n)
	for i := range p {
		p[i] = w[r.Intn(len(w))]
	}
	if w[0] == foreign["zh"][0] {
		return strings.Join(p, "") + stop
	}
	return strings.Join(p, " ") + strings.ReplaceAll(stop, "。", ".")
}

// madeUp returns n distinct pronounceable words (cv syllables), the same for the same n.
func madeUp(n int) []string {
	r := rand.New(rand.NewSource(7))
	cons, vow := "bdfgklmnprstvz", "aeiou"
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		var b strings.Builder
		for k := 2 + r.Intn(3); k > 0; k-- {
			b.WriteByte(cons[r.Intn(len(cons))])
			b.WriteByte(vow[r.Intn(len(vow))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func (g *gen) writeData(c string, langs []string) {
	var b strings.Builder
	for _, ct := range cities {
		fmt.Fprintf(&b, "- id: %s\n  name: %s\n  province: %s\n  underserved: %v\n", ct.id, ct.name, ct.province, ct.underserved)
	}
	g.writeRaw(filepath.Join(c, "data", "cities.yaml"), b.String())
	b.Reset()
	for _, s := range services {
		fmt.Fprintf(&b, "- id: %s\n  label: %s\n  description: %s services.\n", s, titleWords(strings.ReplaceAll(s, "-", " ")), s)
	}
	g.writeRaw(filepath.Join(c, "data", "services.yaml"), b.String())
	b.Reset()
	for _, s := range certs {
		fmt.Fprintf(&b, "- id: %s\n  label: %s\n", s, strings.ToUpper(strings.ReplaceAll(s, "-", " ")))
	}
	g.writeRaw(filepath.Join(c, "data", "certifications.yaml"), b.String())
	site := "title: Pakistan IT Industry\nbase_url: https://example.org/\ndescription: Benchmark corpus.\nlanguage: en\npage_size: 50\ntheme: default\n"
	if len(langs) > 0 {
		site += "languages:\n"
		for _, l := range langs {
			site += fmt.Sprintf("  - code: %s\n    title: %q\n    description: %q\n", l, phrase(rand.New(rand.NewSource(3)), foreign[l], 3, ""), phrase(rand.New(rand.NewSource(4)), foreign[l], 8, "。"))
		}
	}
	g.writeRaw(filepath.Join(c, "site.yaml"), site)
}

func (g *gen) body(r *rand.Rand, nwords int, link []string) string {
	var b strings.Builder
	for written := 0; written < nwords; {
		switch k := r.Intn(10); {
		case k == 0:
			fmt.Fprintf(&b, "## %s\n\n", g.title(r, 3))
		case k == 1:
			for i := 0; i < 3+r.Intn(3); i++ {
				fmt.Fprintf(&b, "- %s\n", g.sentence(r, 6))
				written += 6
			}
			b.WriteString("\n")
		case k == 2 && r.Intn(3) == 0:
			b.WriteString("| Metric | 2023 | 2024 |\n|---|---:|---:|\n")
			for i := 0; i < 3; i++ {
				fmt.Fprintf(&b, "| %s | %d | %d |\n", g.title(r, 1), r.Intn(900), r.Intn(900))
			}
			b.WriteString("\n")
			written += 12
		case k == 3 && r.Intn(4) == 0:
			b.WriteString("```go\nfunc main() { fmt.Println(\"hello\") }\n```\n\n")
		default:
			s := g.sentence(r, 40)
			if len(link) > 0 && r.Intn(3) == 0 {
				s += fmt.Sprintf(" See [a partner](/companies/%s/) and [their site](https://example.com/%d).", link[r.Intn(len(link))], r.Intn(1000))
			}
			fmt.Fprintf(&b, "%s **%s** and *%s*.\n\n", s, g.words[r.Intn(len(g.words))], g.words[r.Intn(len(g.words))])
			written += 40
		}
	}
	return b.String()
}

func (g *gen) sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = g.words[r.Intn(len(g.words))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

func (g *gen) title(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		x := g.words[r.Intn(len(g.words))]
		w[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(w, " ")
}

func pick(r *rand.Rand, from []string, k int) []string {
	p := r.Perm(len(from))[:k]
	out := make([]string, k)
	for i, j := range p {
		out[i] = from[j]
	}
	return out
}

func (g *gen) write(path, fm, body string) { g.writeRaw(path, "---\n"+fm+"---\n\n"+body) }

func (g *gen) writeRaw(path, s string) {
	if g.err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		g.err = err
		return
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		g.err = err
	}
}

// titleWords capitalizes each word of s (ASCII), as strings.Title did for the data files.
func titleWords(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		w[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(w, " ")
}
