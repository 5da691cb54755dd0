package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	mathbits "math/bits"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/markdown"
	"github.com/pseb/sitegen/generator/search/analysis"
)

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

// A set written relative to a universe reads back the same; one not inside it is
// written plainly.
func TestUniverseEncode(t *testing.T) {
	u := newUniverse([]uint32{1, 4, 5, 9, 200}, 300)
	for _, tt := range []struct {
		ids      []uint32
		relative bool
	}{
		{[]uint32{4, 5, 9, 200}, true},
		{[]uint32{200}, false}, // "d" and one varint is as short
		{[]uint32{1, 4, 5, 9, 200}, true},
		{[]uint32{2, 4}, false},
		{nil, false},
	} {
		s := u.encode(tt.ids, 300)
		if strings.HasPrefix(s, "t") != tt.relative {
			t.Errorf("encode(%v) = %q, relative %v", tt.ids, s, !tt.relative)
		}
		got, ok := u.decode(s)
		if !ok || !slices.Equal(got, tt.ids) {
			t.Errorf("decode(encode(%v)) = %v, %v", tt.ids, got, ok)
		}
	}
	if _, ok := (*universe)(nil).decode("tdAQ"); ok {
		t.Errorf("a relative set decoded without a universe")
	}
	if _, ok := u.decode("tdBQ"); ok { // position 5 of 5
		t.Errorf("a position past the universe decoded")
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
		// Relative to a universe of every other company, and added to a bitset (the
		// summaries' way): the same companies.
		var every []uint32
		for id := uint32(0); id < uint32(size); id += 2 {
			every = append(every, id)
		}
		u := newUniverse(every, size)
		var inside []uint32
		for _, id := range ids {
			if id%2 == 0 {
				inside = append(inside, id)
			}
		}
		for _, set := range [][]uint32{ids, inside} {
			enc := u.encode(set, size)
			back, ok := u.decode(enc)
			bits := make([]uint64, (size+63)/64)
			r := &setReader{u: u}
			if !ok || !slices.Equal(back, set) || !r.orInto(enc, bits) {
				t.Fatalf("%v in %d as %q: decoded %v, %v", set, size, enc, back, ok)
			}
			var fromBits []uint32
			for i, w := range bits {
				for ; w != 0; w &= w - 1 {
					fromBits = append(fromBits, uint32(i*64+mathbits.TrailingZeros64(w)))
				}
			}
			if !slices.Equal(fromBits, set) {
				t.Fatalf("%v in %d as %q: the bitset holds %v", set, size, enc, fromBits)
			}
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

// lookup finds a term's postings the way the browser does (reader.lookup); ok says
// whether the term is a word of the index.
func lookup(t testing.TB, files map[string][]byte, term string) ([numFields][]uint32, bool) {
	t.Helper()
	_, exact := newReader(t, files).lookup(term)
	found := false
	for _, ids := range exact {
		found = found || len(ids) > 0
	}
	return exact, found
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
		got, ok := lookup(t, files, tt.term)
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
		if _, ok := lookup(t, files, absent); ok {
			t.Errorf("term %q should not be indexed", absent)
		}
	}
}

func TestBuildFacetsAndDocs(t *testing.T) {
	for _, inline := range []int{0, -1} {
		t.Run(fmt.Sprintf("InlineSets=%d", inline), func(t *testing.T) { testFacetsAndDocs(t, inline) })
	}
}

func testFacetsAndDocs(t *testing.T, inline int) {
	site := testSite(t, sample)
	files, _ := build(t, site, Options{ChunkSize: 2, CardSize: 2, InlineSets: inline})
	r := newReader(t, files)
	if inline < 0 {
		// r.fetched fills as the sets are read below.
		defer func() {
			if !slices.ContainsFunc(r.fetched, func(f string) bool { return strings.HasPrefix(f, "set") }) {
				t.Errorf("InlineSets -1: no set file was read")
			}
		}()
	}
	got := map[string]string{}
	var ids []string
	for _, f := range r.m.Facets {
		ids = append(ids, f.ID)
		for _, v := range f.Values {
			set := r.set(v)
			got[f.ID+"="+v.ID] = fmt.Sprintf("%s|%s|%v", v.Label, v.Group, set)
			if v.Count != len(set) {
				t.Errorf("%s=%s: count %d, set %v", f.ID, v.ID, v.Count, set)
			}
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
	if f := r.m.Facets[0]; f.Values[0].ID != "web-development" || f.Values[2].ID != "cybersecurity" {
		t.Errorf("service order %+v", f.Values)
	}
	if f := r.m.Facets[1]; f.Values[0].ID != "bannu" || f.Values[1].ID != "lahore" || f.Values[2].ID != "multan" {
		t.Errorf("city order %+v", f.Values)
	}

	// Each company's card names its values, which have it in their sets.
	for i, slug := range []string{"acme", "beta", "gamma"} {
		c := r.card(i)
		if c.slug != slug {
			t.Errorf("card %d: slug %q, want %q", i, c.slug, slug)
		}
		var vals []string
		for _, num := range c.values {
			f, v := r.value(num)
			vals = append(vals, f+"="+v.ID)
			if !slices.Contains(r.set(v), uint32(i)) {
				t.Errorf("card %d names %s=%s, whose set lacks it", i, f, v.ID)
			}
		}
		n := 0
		for k, w := range want {
			if strings.Contains(w, fmt.Sprint(i)) && strings.Contains(strings.SplitN(w, "|", 3)[2], fmt.Sprint(i)) {
				n++
				if !slices.Contains(vals, k) {
					t.Errorf("card %d: values %q, want %s", i, vals, k)
				}
			}
		}
		if n != len(vals) {
			t.Errorf("card %d: values %q, want %d", i, vals, n)
		}
		if id, ok := r.idOf(slug); !ok || id != i {
			t.Errorf("idOf(%q) = %d, %v; want %d", slug, id, ok, i)
		}
	}
	if c := r.card(0); c.name != "Acme Cloud" {
		t.Errorf("acme card %+v", c)
	}
	if _, ok := r.idOf("zeta"); ok {
		t.Errorf("idOf(zeta) found a company")
	}
	if len(r.m.Texts.Hashes) != 1 || r.m.Texts.Buckets != 1 {
		t.Fatalf("texts %+v, want one bucket (3 companies, about 2 a bucket)", r.m.Texts)
	}
	if d := r.text("acme"); d.Summary != "Payments platforms for banks." || d.Excerpt != "We build cybersecurity tooling." ||
		d.Founded != 2012 || d.Email != "hi@acme.example" {
		t.Errorf("acme doc %+v", d)
	}
	if d := r.text("gamma"); !strings.HasPrefix(d.Summary, "Quotes") {
		t.Errorf("gamma doc %+v", d)
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
	_ = m
	if c := newReader(t, files).card(2); c.name != "Gamma </script><img src=x onerror=alert(1)>" {
		t.Errorf("name did not round-trip: %q", c.name)
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
	vocab := func(hash string) []string {
		var words []string
		newReader(t, files).get("vocab."+hash+".json", &words)
		return words
	}
	c := vocab(m.Vocab["c"])
	for _, w := range []string{"clever", "clients", "cloud", "clouds"} {
		if !slices.Contains(c, w) {
			t.Errorf("vocab c = %q, want %q in it", c, w)
		}
	}
	if !slices.IsSorted(c) {
		t.Errorf("vocab c = %q, not sorted", c)
	}
	for k, f := range m.Vocab {
		for _, w := range vocab(f) {
			if first := []rune(w)[0]; string(first) != k || len([]rune(w)) < 3 || analysis.IsCJK(first) {
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

// With a small limit the "cl" group splits by longer prefixes, and "cl" gets a summary;
// every file but the chunks (named after their group) is named after its content.
func TestShardsSplitByPrefix(t *testing.T) {
	companies := map[string]string{}
	words := []string{"cl", "cloud", "clouds", "clown", "client", "clinic", "close", "clever", "clay", "cab"}
	for i := range 40 {
		companies[fmt.Sprintf("c%02d", i)] = fmt.Sprintf("---\nname: N%02d\ncity: lahore\nservices: [fintech]\nsummary: S.\n---\n\n%s %s\n",
			i, words[i%len(words)], words[(i*3)%len(words)])
	}
	files, m := build(t, testSite(t, companies), Options{ShardBytes: 120, Fanout: 3})
	r := newReader(t, files)
	keys, sums := r.entries(m.Terms)
	if !slices.Contains(sums, "cl") || !slices.ContainsFunc(keys, func(p string) bool { return len(p) > 2 && strings.HasPrefix(p, "cl") }) {
		t.Errorf("shards %q, summaries %q: want cl split into longer prefixes", keys, sums)
	}
	if m.Terms.Depth == 0 {
		t.Errorf("fanout 3: the terms tree is one leaf")
	}
	for _, w := range words {
		got, ok := lookup(t, files, w)
		if !ok || len(got[3]) == 0 {
			t.Errorf("term %q not found (shards %q, summaries %q)", w, keys, sums)
		}
	}
	for p, data := range files {
		name := strings.TrimPrefix(p, "search/")
		kind, rest, _ := strings.Cut(name, ".")
		if p == ManifestPath || strings.HasPrefix(kind, "cards") || strings.HasPrefix(kind, "texts") {
			continue
		}
		if hash, _, _ := strings.Cut(rest, "."); hash != hostpolicy.ContentHash(data) {
			t.Errorf("%s is not named after its content", p)
		}
	}
}

// entries lists every shard key and every summary key of a terms tree, in order.
func (r *reader) entries(root node) (keys, sums []string) {
	if root.Depth == 0 {
		return root.Keys, root.SumKeys
	}
	for _, h := range root.Hashes {
		var child node
		r.get("node."+h+".json", &child)
		k, s := r.entries(child)
		keys, sums = append(keys, k...), append(sums, s...)
	}
	return keys, sums
}

// Every prefix of every word, looked up as the browser does through the tree, finds
// exactly the companies with a word that starts with it, per field, and those with it as
// a word; whatever the shard size and fanout, so with summaries, packed groups, deep
// trees and single-leaf trees.
func TestLookupMatchesEveryPrefix(t *testing.T) {
	site := benchSite(t, 60, 150)
	docs := docsOf(site, identity)
	want := map[string][numFields][]uint32{}
	if err := eachInverted(context.Background(), docs, 1<<20, func(terms []string, post []postings) {
		for i, term := range terms {
			var sets [numFields][]uint32
			for f := range numFields {
				for j, d := range post[i].docs {
					if post[i].fields[j]&(1<<f) != 0 {
						sets[f] = append(sets[f], d)
					}
				}
			}
			want[term] = sets
		}
	}); err != nil {
		t.Fatal(err)
	}
	prefixes := map[string]bool{"zz": true, "qx": true}
	for term := range want {
		rs := []rune(term)
		for k := analysis.MinTermLen; k <= len(rs); k++ {
			prefixes[string(rs[:k])] = true
		}
	}
	for k, opts := range []Options{{}, {ShardBytes: 300, Fanout: 2}, {ShardBytes: 2000, Fanout: 5}, {ShardBytes: 50, Fanout: 64}, {ShardBytes: 400}} {
		opts.CountryName = identity
		// Last, a localized site whose translated companies are those with the most common
		// word that at most half have: that word's sets, and those of words only theirs,
		// are written relative to them (half the bitmap).
		localized := k == 4
		site.Lang = map[bool]string{true: "xx"}[localized]
		own := map[uint32]bool{}
		if localized {
			var most []uint32
			for _, sets := range want {
				all := union(union(sets[0], sets[1]), union(sets[2], sets[3]))
				if len(all) > len(most) && 2*len(all) <= len(site.Companies) {
					most = all
				}
			}
			for _, id := range most {
				own[id] = true
			}
		}
		for i, c := range site.Companies {
			c.Fallback = localized && !own[uint32(i)]
		}
		list, err := Build(site, docs, opts)
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, f := range list {
			files[f.Path] = f.Data
		}
		r := newReader(t, files)
		if localized != (r.u != nil) {
			t.Errorf("localized %v, universe %v", localized, r.u != nil)
		}
		// Count the shards' sets written relative ("t..."), not any string starting so.
		relative := 0
		for path, data := range files {
			if !strings.HasPrefix(path, "search/terms.") {
				continue
			}
			var sh shard
			if err := json.Unmarshal(data, &sh); err != nil {
				t.Fatal(err)
			}
			for _, sets := range sh.Postings {
				for _, set := range sets {
					if strings.HasPrefix(set, "t") {
						relative++
					}
				}
			}
		}
		if localized && relative == 0 {
			t.Errorf("localized: no set is written relative to the translated companies")
		}
		for p := range prefixes {
			var wantPrefix [numFields][]uint32
			for term, sets := range want {
				if strings.HasPrefix(term, p) {
					for f := range numFields {
						wantPrefix[f] = union(wantPrefix[f], sets[f])
					}
				}
			}
			r.fetched = nil
			prefix, exact, summarized := r.lookupSummarized(p)
			if summarized {
				wantPrefix[3] = union(union(wantPrefix[0], wantPrefix[1]), union(wantPrefix[2], wantPrefix[3]))
				wantPrefix[2] = nil
			}
			for f := range numFields {
				if !slices.Equal(prefix[f], wantPrefix[f]) || !slices.Equal(exact[f], want[p][f]) {
					t.Errorf("shards of %d bytes, fanout %d: %q field %d: prefix %v exact %v, want %v and %v",
						opts.ShardBytes, opts.Fanout, p, f, prefix[f], exact[f], wantPrefix[f], want[p][f])
				}
			}
			// One data file a lookup, below the nodes of one path down the tree.
			if data := len(r.fetched) - r.m.Terms.Depth; data > 1 {
				t.Errorf("shards of %d bytes: %q fetched %q", opts.ShardBytes, p, r.fetched)
			}
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
	r := newReader(t, files)
	keys, _ := r.entries(m.Terms)
	shardFiles := map[string]bool{}
	for p := range files {
		if strings.HasPrefix(p, "search/terms.") {
			shardFiles[p] = true
		}
	}
	if len(shardFiles) >= len(keys) || len(shardFiles) < 2 {
		t.Errorf("%d prefixes in %d files: want small groups packed together", len(keys), len(shardFiles))
	}
	for i := 0; i+1 < len(chars); i++ {
		term := string(chars[i : i+2])
		// Only pairs that occur in some body are terms.
		occurs := false
		for _, c := range companies {
			occurs = occurs || strings.Contains(c, term)
		}
		if _, ok := lookup(t, files, term); ok != occurs {
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

// The founding years the directory sorts by are one file, in company order, 0 where not
// given; an index of companies without any has none.
func TestFoundedYears(t *testing.T) {
	site := testSite(t, sample)
	files, _ := build(t, site, Options{})
	r := newReader(t, files)
	if r.m.Founded == "" {
		t.Fatal("no founded file in the manifest")
	}
	var years []int
	r.get("founded."+r.m.Founded+".json", &years)
	var want []int
	for _, c := range site.Companies {
		want = append(want, c.Founded)
	}
	if !slices.Equal(years, want) || !slices.Contains(years, 2012) || !slices.Contains(years, 0) {
		t.Errorf("founded years %v, want %v (with a year and a company without one)", years, want)
	}
	for _, c := range site.Companies {
		c.Founded = 0
	}
	files, _ = build(t, site, Options{})
	if r := newReader(t, files); r.m.Founded != "" {
		t.Errorf("an index without founding years names %q", r.m.Founded)
	}
}
