package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/markdown"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Cloud Services", []string{"cloud", "services"}},
		{"Café CRÈME naïve", []string{"cafe", "creme", "naive"}},
		{"ISO/IEC 27001-certified", []string{"iso", "iec", "27001", "certified"}},
		{"the team of a C++ shop", []string{"team", "shop"}},                     // stop words, 1-letter words
		{"Ｆｕｌｌｗｉｄｔｈ ﬁnance", []string{"fullwidth", "finance"}},                   // compatibility forms
		{"Multān, Kārachi; İstanbul", []string{"multan", "karachi", "istanbul"}}, // marks removed before lower case
		{"", nil},
		{"<script>alert(1)</script>", []string{"script", "alert", "script"}},
		{"软件公司", []string{"软件", "件公", "公司"}}, // CJK: character pairs
		{"云", nil}, // a lone character is too short
		{"ISO27001认证的软件", []string{"iso27001", "认证", "证的", "的软", "软件"}}, // mixed runs split
		{"ソフトウェア開発", []string{"ソフ", "フト", "トウ", "ウェ", "ェア", "ア開", "開発"}},
		// Arabic has spaces; each word is indexed bare and stemmed too (ArabicForms).
		{"شركة البرمجيات", []string{"شركة", "شرك", "البرمجيات", "برمجيات", "برمج"}},
		{"وشركات", []string{"وشركات", "وشرك", "شركات", "شرك"}},
		{"في مصر", []string{"في", "مصر"}}, // short words stay whole
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArabicForms(t *testing.T) {
	tests := []struct {
		word  string
		forms []string
	}{
		{"البرمجيات", []string{"برمجيات", "برمج"}},     // the software
		{"والشركات", []string{"شركات", "شرك"}},         // and the companies
		{"للحكومات", []string{"حكومات", "حكوم"}},       // for the governments
		{"بالعربية", []string{"عربية", "عرب"}},         // in Arabic
		{"وشركات", []string{"وشرك", "شركات", "شرك"}},   // and companies: a particle, or the word's letter
		{"لشركات", []string{"لشرك", "شركات", "شرك"}},   // for companies
		{"برمجيات", []string{"برمج", "رمجيات", "رمج"}}, // software: ب is the word's own
		{"حكومة", []string{"حكوم"}},                    // government: a suffix only
		{"الحكومية", []string{"حكومية", "حكوم"}},       // governmental
		{"وقت", nil},   // time: short words stay whole
		{"بنك", nil},   // bank
		{"فريق", nil},  // team: three letters would be left
		{"الى", nil},   // ال with one letter after it
		{"مع", nil},    // two letters
		{"وال", nil},   // a prefix alone
		{"cloud", nil}, // not Arabic
		{"软件", nil},    // not Arabic
	}
	for _, tt := range tests {
		if got := ArabicForms(tt.word); !slices.Equal(got, tt.forms) {
			t.Errorf("ArabicForms(%q) = %q, want %q", tt.word, got, tt.forms)
		}
	}
}

func TestEncodeSet(t *testing.T) {
	tests := []struct {
		name string
		ids  []uint32
		n    int
		kind byte
	}{
		{"empty", nil, 100, 0},
		{"sparse", []uint32{3, 700, 9000}, 10000, 'd'},
		{"first is zero", []uint32{0, 1, 2}, 1000, 'd'},
		{"dense", func() (ids []uint32) {
			for i := uint32(0); i < 1000; i += 2 {
				ids = append(ids, i)
			}
			return
		}(), 1000, 'b'},
		{"full", []uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 16, 'b'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := encodeSet(tt.ids, tt.n)
			if tt.kind == 0 {
				if s != "" {
					t.Fatalf("encodeSet(empty) = %q", s)
				}
				return
			}
			if s[0] != tt.kind {
				t.Errorf("encoding %c, want %c (%s)", s[0], tt.kind, s)
			}
			got, ok := decodeSet(s)
			if !ok || !slices.Equal(got, tt.ids) {
				t.Errorf("round trip: got %v (ok %v), want %v", got, ok, tt.ids)
			}
		})
	}
}

func FuzzEncodeSet(f *testing.F) {
	f.Add([]byte{1, 2, 3}, uint16(100))
	f.Fuzz(func(t *testing.T, raw []byte, n uint16) {
		size := int(n)%5000 + 1
		var ids []uint32
		seen := map[uint32]bool{}
		for _, b := range raw {
			id := uint32(b) * uint32(size) / 256
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		got, ok := decodeSet(encodeSet(ids, size))
		if !ok || !slices.Equal(got, ids) {
			t.Fatalf("round trip of %v in %d: got %v", ids, size, got)
		}
	})
}

// testSite is a small site whose companies' text the tests know.
func testSite(t testing.TB, companies map[string]string) *content.Site {
	t.Helper()
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: Test\nbase_url: https://example.org/pseb/\n")},
		"content/data/cities.yaml": {Data: []byte("- id: lahore\n  name: Lahore\n  province: Punjab\n  underserved: false\n" +
			"- id: bannu\n  name: Bannu\n  province: Khyber Pakhtunkhwa\n  underserved: true\n" +
			"- id: multan\n  name: Multan\n  province: Punjab\n  underserved: false\n")},
		"content/data/services.yaml":       {Data: []byte("- id: web-development\n  label: Web Development\n- id: fintech\n  label: Fintech\n- id: cybersecurity\n  label: Cybersecurity\n")},
		"content/data/certifications.yaml": {Data: []byte("- id: iso-27001\n  label: ISO 27001\n")},
		"content/parks/lahore-park.md": {Data: []byte("---\nname: Lahore Park\ncity: lahore\nstatus: operational\nsummary: A park.\n" +
			"location: {lat: 31.5, lng: 74.3}\n---\n")},
	}
	for slug, src := range companies {
		fsys["content/companies/"+slug+".md"] = &fstest.MapFile{Data: []byte(src)}
	}
	site, err := content.Load(context.Background(), fsys, content.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return site
}

var sample = map[string]string{
	"acme": "---\nname: Acme Cloud\ncity: lahore\npark: lahore-park\nservices: [web-development, fintech]\ncertifications: [iso-27001]\n" +
		"founded: 2012\nemployees: 51-200\nexport_markets: [DE, US]\nemail: hi@acme.example\nsummary: Payments platforms for banks.\n---\n\n" +
		"We build **cybersecurity** tooling.\n\n```\ncodeword\n```\n",
	"beta": "---\nname: Beta Systems\ncity: bannu\nservices: [cybersecurity]\nfounded: 2019\nemployees: 11-50\nexport_markets: [DE]\n" +
		"summary: Security audits.\n---\n\nCloud migrations for Café owners.\n",
	"gamma": "---\nname: \"Gamma </script><img src=x onerror=alert(1)>\"\ncity: multan\nservices: [web-development]\n" +
		"summary: \"Quotes \\\" and <b>tags</b> & ampersands\"\n---\n\nPlain.\n",
}

// docsOf makes the documents of every company the way the renderer does, concurrently
// and in reverse order, so that Build cannot depend on the order they were made in.
func docsOf(site *content.Site, countryName func(string) string) []*Doc {
	docs := make([]*Doc, len(site.Companies))
	corpus := NewCorpus(len(site.Companies))
	var wg sync.WaitGroup
	for i := len(site.Companies) - 1; i >= 0; i-- {
		wg.Go(func() {
			c := site.Companies[i]
			docs[i] = corpus.NewDoc(i, c, markdown.PlainText(c.Body), countryName)
		})
	}
	wg.Wait()
	return docs
}

func build(t testing.TB, site *content.Site, opts Options) (map[string][]byte, manifest) {
	t.Helper()
	if opts.CountryName == nil {
		opts.CountryName = func(code string) string { return display.English.Regions().Name(language.MustParseRegion(code)) }
	}
	files, err := Build(site, docsOf(site, opts.CountryName), opts)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	var m manifest
	if err := json.Unmarshal(byPath[ManifestPath], &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	if last := files[len(files)-1].Path; last != ManifestPath {
		t.Errorf("last file is %s, want the manifest", last)
	}
	return byPath, m
}

func load[T any](t testing.TB, files map[string][]byte, name string) T {
	t.Helper()
	var v T
	data, ok := files["search/"+name]
	if !ok {
		t.Fatalf("manifest names %s, which was not written", name)
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// lookup finds a term's postings the way the browser does: in the shard of the longest
// listed prefix of the term.
func lookup(t testing.TB, files map[string][]byte, m manifest, term string) ([numFields][]uint32, bool) {
	t.Helper()
	best, found := "", false
	for p := range m.Shards {
		if strings.HasPrefix(term, p) && (!found || len(p) > len(best)) {
			best, found = p, true
		}
	}
	var out [numFields][]uint32
	if !found {
		return out, false
	}
	s := load[shard](t, files, m.Shards[best])
	i := slices.Index(s.Terms, term)
	if i < 0 {
		return out, false
	}
	for f, enc := range s.Postings[i] {
		ids, ok := decodeSet(enc)
		if !ok {
			t.Fatalf("term %q field %d: bad set %q", term, f, enc)
		}
		out[f] = ids
	}
	return out, true
}

func TestBuildPostings(t *testing.T) {
	site := testSite(t, sample)
	files, m := build(t, site, Options{})
	if m.Docs != 3 || m.Profiles != "/companies/" {
		t.Errorf("manifest docs %d profiles %q", m.Docs, m.Profiles)
	}
	// Companies sort by name: Acme Cloud (0), Beta Systems (1), Gamma (2).
	tests := []struct {
		term string
		want [numFields][]uint32 // name, summary, meta, body
	}{
		{"cloud", [numFields][]uint32{{0}, nil, nil, {1}}},
		{"cybersecurity", [numFields][]uint32{nil, nil, {1}, {0}}},
		{"payments", [numFields][]uint32{nil, {0}, nil, nil}},
		{"lahore", [numFields][]uint32{nil, nil, {0}, nil}},     // city
		{"punjab", [numFields][]uint32{nil, nil, {0, 2}, nil}},  // province
		{"park", [numFields][]uint32{nil, nil, {0}, nil}},       // park name
		{"27001", [numFields][]uint32{nil, nil, {0}, nil}},      // certification
		{"germany", [numFields][]uint32{nil, nil, {0, 1}, nil}}, // export market
		{"cafe", [numFields][]uint32{nil, nil, nil, {1}}},       // diacritics folded
		{"script", [numFields][]uint32{{2}, nil, nil, nil}},     // words of markup are words
	}
	for _, tt := range tests {
		got, ok := lookup(t, files, m, tt.term)
		if !ok {
			t.Errorf("term %q not found", tt.term)
			continue
		}
		for f := range numFields {
			if !slices.Equal(got[f], tt.want[f]) {
				t.Errorf("term %q field %d = %v, want %v", tt.term, f, got[f], tt.want[f])
			}
		}
	}
	for _, absent := range []string{"codeword", "the", "we", "b"} {
		if _, ok := lookup(t, files, m, absent); ok {
			t.Errorf("term %q should not be indexed", absent)
		}
	}
}

func TestBuildFacetsAndDocs(t *testing.T) {
	site := testSite(t, sample)
	files, m := build(t, site, Options{ChunkSize: 2})
	ft := load[facetTable](t, files, m.Facets)
	if !slices.Equal(ft.Slugs, []string{"acme", "beta", "gamma"}) {
		t.Errorf("slugs %q", ft.Slugs)
	}
	got := map[string]string{}
	var ids []string
	for _, f := range ft.Facets {
		ids = append(ids, f.ID)
		for _, v := range f.Values {
			set, _ := decodeSet(v.Set)
			got[f.ID+"="+v.ID] = fmt.Sprintf("%s|%s|%v", v.Label, v.Group, set)
		}
	}
	if !slices.Equal(ids, FacetIDs) {
		t.Errorf("facets %q, want %q", ids, FacetIDs)
	}
	want := map[string]string{
		"service=web-development": "Web Development||[0 2]",
		"service=fintech":         "Fintech||[0]",
		"service=cybersecurity":   "Cybersecurity||[1]",
		"city=lahore":             "Lahore|Punjab|[0]",
		"city=multan":             "Multan|Punjab|[2]",
		"city=bannu":              "Bannu|Khyber Pakhtunkhwa|[1]",
		"park=lahore-park":        "Lahore Park||[0]",
		"certification=iso-27001": "ISO 27001||[0]",
		"employees=51-200":        "51-200||[0]",
		"employees=11-50":         "11-50||[1]",
		"market=DE":               "Germany||[0 1]",
		"market=US":               "United States||[0]",
		"founded=2010-2019":       "2010–2019||[0 1]",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("facet values %v, want exactly %v", got, want)
	}
	// Value order: services as in the data file, cities by province then name.
	if f := ft.Facets[0]; f.Values[0].ID != "web-development" || f.Values[2].ID != "cybersecurity" {
		t.Errorf("service order %+v", f.Values)
	}
	if f := ft.Facets[1]; f.Values[0].ID != "bannu" || f.Values[1].ID != "lahore" || f.Values[2].ID != "multan" {
		t.Errorf("city order %+v", f.Values)
	}

	if len(m.Chunks) != 2 {
		t.Fatalf("chunks %q, want 2 of 2", m.Chunks)
	}
	first := load[[]doc](t, files, m.Chunks[0])
	second := load[[]doc](t, files, m.Chunks[1])
	if len(first) != 2 || len(second) != 1 {
		t.Fatalf("chunk sizes %d, %d", len(first), len(second))
	}
	if d := first[0]; d.Summary != "Payments platforms for banks." || d.Excerpt != "We build cybersecurity tooling." ||
		d.Founded != 2012 || d.Email != "hi@acme.example" {
		t.Errorf("acme doc %+v", d)
	}
}

// Untrusted text (names, summaries, bodies) must never reach the page as markup: the files
// are JSON with <, > and & escaped, so even if a theme inlined one in a <script> element it
// could not end it, and the script only ever sets textContent.
func TestBuildEscapesText(t *testing.T) {
	files, m := build(t, testSite(t, sample), Options{})
	for path, data := range files {
		for _, bad := range []string{"<", ">", "&"} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("%s contains a raw %q", path, bad)
			}
		}
		if !json.Valid(data) {
			t.Errorf("%s is not valid JSON", path)
		}
	}
	ft := load[facetTable](t, files, m.Facets)
	if ft.Names[2] != "Gamma </script><img src=x onerror=alert(1)>" {
		t.Errorf("name did not round-trip: %q", ft.Names[2])
	}
}

func TestBuildDeterministic(t *testing.T) {
	companies := map[string]string{}
	for i := range 60 {
		companies[fmt.Sprintf("c%02d", i)] = fmt.Sprintf("---\nname: Company %02d\ncity: lahore\nservices: [fintech]\nsummary: Words %d.\n---\n\nBody text number %d about cloud and clouds and clowns.\n", i, i, i)
	}
	site := testSite(t, companies)
	var first map[string][]byte
	for run := range 3 {
		files, _ := build(t, site, Options{ShardBytes: 200})
		if first == nil {
			first = files
			continue
		}
		if len(files) != len(first) {
			t.Fatalf("run %d: %d files, want %d", run, len(files), len(first))
		}
		for p, d := range files {
			if !bytes.Equal(d, first[p]) {
				t.Errorf("run %d: %s differs", run, p)
			}
		}
	}
}

// The vocab files list the index's words by first letter, for the browser's near misses:
// every word of 3 letters or more is in its letter's file, sorted; no CJK pairs, no numbers.
func TestVocabFiles(t *testing.T) {
	site := testSite(t, map[string]string{
		"acme": "---\nname: Acme Cloud\ncity: lahore\nservices: [fintech]\nsummary: Clouds for 2024.\n---\n\nClever clients 软件公司 in Lahore.\n",
	})
	files, m := build(t, site, Options{})
	c := load[[]string](t, files, m.Vocab["c"])
	for _, w := range []string{"clever", "clients", "cloud", "clouds"} {
		if !slices.Contains(c, w) {
			t.Errorf("vocab c = %q, want %q in it", c, w)
		}
	}
	if !slices.IsSorted(c) {
		t.Errorf("vocab c = %q, not sorted", c)
	}
	for k, f := range m.Vocab {
		for _, w := range load[[]string](t, files, f) {
			if first := []rune(w)[0]; string(first) != k || len([]rune(w)) < 3 || isCJK(first) {
				t.Errorf("vocab %s holds %q", k, w)
			}
		}
	}
	if _, ok := m.Vocab["2"]; ok {
		t.Errorf("vocab files %v: numbers have none", m.Vocab)
	}
}

// An index made a range of terms at a time (a large site's) is the one made at once, down
// to ranges of a single term.
func TestRangesMakeTheSameIndex(t *testing.T) {
	site := benchSite(t, 80, 300)
	whole, _ := build(t, site, Options{ShardBytes: 2000})
	for _, budget := range []int{1, 50, 5000} {
		files, _ := build(t, site, Options{ShardBytes: 2000, RangePostings: budget})
		if len(files) != len(whole) || len(files) < 5 {
			t.Fatalf("ranges of %d postings: %d files, at once %d", budget, len(files), len(whole))
		}
		for p, d := range files {
			if !bytes.Equal(d, whole[p]) {
				t.Errorf("ranges of %d postings: %s differs from the index made at once", budget, p)
			}
		}
	}
}

// With a small limit the "cl" group splits by longer prefixes; every term must still be
// found in the shard of its longest listed prefix, and every file must be named after its
// content.
func TestShardsSplitByPrefix(t *testing.T) {
	companies := map[string]string{}
	words := []string{"cl", "cloud", "clouds", "clown", "client", "clinic", "close", "clever", "clay", "cab"}
	for i := range 40 {
		companies[fmt.Sprintf("c%02d", i)] = fmt.Sprintf("---\nname: N%02d\ncity: lahore\nservices: [fintech]\nsummary: S.\n---\n\n%s %s\n",
			i, words[i%len(words)], words[(i*3)%len(words)])
	}
	files, m := build(t, testSite(t, companies), Options{ShardBytes: 120})
	var prefixes []string
	for p := range m.Shards {
		prefixes = append(prefixes, p)
	}
	slices.Sort(prefixes)
	if !slices.Contains(prefixes, "cl") || !slices.ContainsFunc(prefixes, func(p string) bool { return len(p) > 2 && strings.HasPrefix(p, "cl") }) {
		t.Errorf("prefixes %q: want cl split into longer prefixes", prefixes)
	}
	for _, w := range words {
		got, ok := lookup(t, files, m, w)
		if !ok || len(got[3]) == 0 {
			t.Errorf("term %q not found in its shard (prefixes %q)", w, prefixes)
		}
	}
	for p, data := range files {
		if p == ManifestPath {
			continue
		}
		name := strings.TrimPrefix(p, "search/")
		kind, _, _ := strings.Cut(name, ".")
		if fingerprint(kind, data) != name {
			t.Errorf("%s is not named after its content", p)
		}
	}
}

// Chinese text starts terms with hundreds of different characters: small groups share a
// file, and every term is still found through the prefix that names it.
func TestShardsPackSmallGroups(t *testing.T) {
	chars := []rune("软件公司云计算人工智能数据分析网络安全金融科技移动应用开发测试咨询服务外包电子商务游戏设计教育医疗物流")
	companies := map[string]string{}
	for i := range 30 {
		var body []rune
		for j := range 12 {
			body = append(body, chars[(i*7+j*5)%len(chars)])
		}
		companies[fmt.Sprintf("c%02d", i)] = fmt.Sprintf("---\nname: N%02d\ncity: lahore\nservices: [fintech]\nsummary: S.\n---\n\n%s\n", i, string(body))
	}
	files, m := build(t, testSite(t, companies), Options{ShardBytes: 600})
	shardFiles := map[string]bool{}
	for _, f := range m.Shards {
		shardFiles[f] = true
	}
	if len(shardFiles) >= len(m.Shards) || len(shardFiles) < 2 {
		t.Errorf("%d prefixes in %d files: want small groups packed together", len(m.Shards), len(shardFiles))
	}
	for i := 0; i+1 < len(chars); i++ {
		term := string(chars[i : i+2])
		// Only pairs that occur in some body are terms.
		occurs := false
		for _, c := range companies {
			occurs = occurs || strings.Contains(c, term)
		}
		if _, ok := lookup(t, files, m, term); ok != occurs {
			t.Errorf("term %q: found %v, occurs %v", term, ok, occurs)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		text  string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"one two three four", 10, "one two…"},
		{"软件公司提供云计算服务", 4, "软件公司…"}, // no spaces: cut at the limit, in characters
		{"Labs 开发核心数字银行产品和服务", 12, "Labs 开发核心数字银…"},
		{"شركة برمجيات في لاهور", 12, "شركة برمجيات…"},
	}
	for _, tt := range tests {
		if got := excerpt(tt.text, tt.limit); got != tt.want {
			t.Errorf("excerpt(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
		}
	}
}

// Documents of the same body text share its terms (the renderers of other languages make
// them from one corpus), and the index is the same as from documents made apart: a term
// of both the name and the body is in both fields once.
func TestCorpusSharesBodyTerms(t *testing.T) {
	site := testSite(t, map[string]string{
		"cloudy": "---\nname: Cloud Works\ncity: lahore\nservices: [fintech]\nsummary: Cloud apps.\n---\n\nWe build cloud platforms and payments.\n",
		"other":  "---\nname: Other\ncity: lahore\nservices: [fintech]\nsummary: Payments.\n---\n\nPayments for banks.\n",
	})
	opts := Options{CountryName: identity}
	apart, err := Build(site, docsOf(site, identity), opts)
	if err != nil {
		t.Fatal(err)
	}
	corpus := NewCorpus(len(site.Companies))
	var english, other []*Doc
	for i, c := range site.Companies {
		text := markdown.PlainText(c.Body)
		english = append(english, corpus.NewDoc(i, c, text, identity))
		other = append(other, corpus.NewDoc(i, c, text, identity))
	}
	for i := range english {
		if english[i].body != other[i].body {
			t.Errorf("document %d: the body terms were read again", i)
		}
	}
	for _, docs := range [][]*Doc{english, other} {
		shared, err := Build(site, docs, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(shared) != len(apart) {
			t.Fatalf("%d files, want %d", len(shared), len(apart))
		}
		for k := range shared {
			if shared[k].Path != apart[k].Path || !bytes.Equal(shared[k].Data, apart[k].Data) {
				t.Errorf("%s differs from the index of documents made apart", shared[k].Path)
			}
		}
	}
	// A changed body is read again.
	c := site.Companies[0]
	d := corpus.NewDoc(0, c, "Entirely new words.", identity)
	if len(d.body.ids) != 3 {
		t.Errorf("new body: %d terms, want 3", len(d.body.ids))
	}
}
