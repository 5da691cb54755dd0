// Package search owns the directory's client-side index. From the site model it builds, at
// build time, everything the browser needs to search and filter companies without a server,
// as small JSON files named after their content under search/ (a CDN may cache them
// forever): an inverted index of the companies' words in shards by term prefix, with a
// summary for each prefix whose words fill several shards; the companies' cards (slug, name,
// facet values) and texts (summary, excerpt, contact) in chunks; each facet value's set of
// companies; and a manifest at the stable name search/index.json, small at any size, that
// holds the facets' values and the roots of the rest (layout.go). A first search fetches
// the manifest, a node or two and one file per query word, and the chunks of the results
// it shows.
//
// Terms are made the same way here and in the theme's script (see Normalize and Terms).
package search

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	mathbits "math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/search/analysis"
)

// ManifestPath is where the manifest is written, below the site root.
const ManifestPath = "search/index.json"

// Fields of a company that the index tells apart, as bits; a match in an earlier field
// ranks higher (name > summary > services, city, park, certifications and markets > body).
const (
	fieldName = 1 << iota
	fieldSummary
	fieldMeta
	fieldBody
	numFields = 4
)

// Options tune the index; the zero value is fine.
type Options struct {
	// BasePath is the site's URL path ("/" or "/pseb/"); profile links start with it.
	BasePath string
	// CountryName names an export market (an ISO 3166-1 code) in the facet table, in the
	// site's language; the renderer passes the function its templates use. Default: the
	// code itself.
	CountryName func(code string) string
	// ChunkSize is about how many companies share one bucket of texts (summary, excerpt,
	// contact; default 4): the cards in view fetch their own, and hits are far apart (2
	// saved 3 KB of a first search at 20,000 companies for 5,000 more files a language).
	ChunkSize int
	// CardSize is how many companies share one chunk of cards (slug, name, facet values;
	// default 4): a page of results fetches the chunks of its hits.
	CardSize int
	// ShardBytes is the size above which the terms of a prefix are split by a longer
	// prefix (default 8 KiB): a query word fetches one shard of about this size, or the
	// summary of its prefix.
	ShardBytes int
	// Fanout is the most children of a node of a sorted table's tree (default 64).
	Fanout int
	// Groups is the most groups of a chunked table, each named in the manifest (default
	// 32): the manifest does not grow with the site.
	Groups int
	// InlineSets is the most bytes of all facet values' sets that the manifest holds
	// itself (default 4 KiB; -1: never); above it each value's set is a file, fetched when
	// the value is chosen or the visitor reaches for its facet's counts.
	InlineSets int
	// RangePostings is about how many postings (a company having a term) are made at once
	// (default 2 million, 10 MB): an index with more is made a range of terms at a time.
	RangePostings int
}

// File is one file of the index, by path below the site root.
type File struct {
	Path string
	Data []byte
	// Named is set on every file but the manifest: its name is made from its content (of
	// its group's, for a chunk), so a file of that name holds these bytes.
	Named bool
	// Data is nil for a file that the index before wrote (BuildFrom from a Memo, which
	// does not hold it): Size is its length, and Remake makes its bytes again for a
	// caller that does not find it where it wrote it.
	Size   int
	Remake func() []byte
}

// Bytes returns the file's content: Data, or made again.
func (f File) Bytes() []byte {
	if f.Data == nil && f.Remake != nil {
		return f.Remake()
	}
	return f.Data
}

// manifest is search/index.json: what every search needs (the facets' values, which are
// few) and the roots of the rest. File names are relative to it.
type manifest struct {
	Version   int      `json:"version"`
	Docs      int      `json:"docs"`
	Profiles  string   `json:"profiles"` // URL path prefix of company profiles
	MinTerm   int      `json:"minTerm"`
	StopWords []string `json:"stopWords"`
	Facets    []facet  `json:"facets"`
	// Cards are chunks of [slug, name, [value numbers]] by company number: a value's
	// number is its position among all facets' values, in order.
	Cards chunked `json:"cards"`
	// Texts are buckets of doc by slug: the script fetches a card's texts when it comes
	// into view, and a company added or deleted changes one bucket.
	Texts bucketed `json:"texts"`
	// Base names the file (base.<hash>.json) of the companies whose text is in the index's
	// language, when some are not: sets written "t..." are relative to them (universe).
	Base string `json:"base,omitempty"`
	// Founded names the file (founded.<hash>.json) of the companies' founding years by
	// number, 0 where not given: fetched only when the visitor sorts by founding year.
	// Absent when no company gives one.
	Founded string `json:"founded,omitempty"`
	// Sets are the facet values' sets by value number, one a chunk (none on a small site).
	Sets *chunked `json:"sets,omitempty"`
	// Terms is the root of the tree of term shards (terms.<hash>.json) and prefix
	// summaries (prefix.<hash>.json), keyed by term prefix.
	Terms node `json:"terms"`
	// Slugs is the root of the tree of slug files (slugs.<hash>.json): which company
	// number a slug has (the shortlist keeps slugs).
	Slugs node `json:"slugs"`
	// Vocab names, by first letter, the hash of the file of the index's words that start
	// with it (vocab.<hash>.json; words of 3 letters or more, no CJK pairs): the browser
	// looks a query word's near misses up there (typo tolerance) without the whole
	// vocabulary.
	Vocab map[string]string `json:"vocab"`
}

type facet struct {
	ID     string       `json:"id"`
	Values []facetValue `json:"values"`
}

// facetValue is a value of a facet. The set of companies that have it (an encodeSet
// string) is in the manifest for a small site, and otherwise the file of its number in
// the manifest's Sets, fetched only when the value is filtered on or the visitor reaches
// for its facet's counts.
type facetValue struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Group string `json:"group,omitempty"` // cities: the province
	Count int    `json:"n"`
	// Inline is the set itself, in the manifest, when all values' sets are small (a small
	// site): no file a value.
	Inline string `json:"set,omitempty"`
}

// doc is one company's entry in a texts chunk: what a result card's snippet and the
// comparison table show beyond its card.
type doc struct {
	Summary string `json:"s"`
	Excerpt string `json:"x,omitempty"`
	Founded int    `json:"y,omitempty"`
	Website string `json:"w,omitempty"`
	Email   string `json:"e,omitempty"`
	Phone   string `json:"t,omitempty"`
}

// shard is a file of terms: term i's postings are p[i], one set per field.
type shard struct {
	Terms    []string            `json:"t"`
	Postings [][numFields]string `json:"p"`
}

// summary is the file of a prefix whose words are more than one shard holds: the
// companies with the prefix itself as a word, per field (e), and those with a word that
// starts with it (p): in the name, in the summary, and in any field. The facts and the
// profile text are not told apart there: for a short prefix both are often most companies,
// two dense sets where one does (a prefix match is ranked as one in the text).
type summary struct {
	Exact  [numFields]string `json:"e"`
	Prefix [3]string         `json:"p"`
}

// slugFile is a data file of the slugs table: slugs ascending, with company numbers.
type slugFile struct {
	Slugs []string `json:"s"`
	IDs   []int    `json:"i"`
}

// slugsPerFile is how many slugs share a data file of the slugs table.
const slugsPerFile = 256

// excerptLen is the most characters of a body kept for result snippets.
const excerptLen = 280

// Doc is what the index keeps of one company: its terms by field and the start of its
// body. Making it is most of the cost of the index, so the renderer makes each one while
// it renders the company's body, and keeps it until the company changes.
//
// Terms are numbers of the corpus' vocabulary: a document holds 5 bytes a term where it
// held the term's letters too (at 20,000 companies in three languages the documents took
// 300 MB of a build's live heap, half of it the terms' text repeated in every document).
// The body's terms are kept apart and shared by the documents of the same body text in
// other languages (an untranslated profile reads the same everywhere): extracting them
// again took 19 s of CPU at that size, two thirds of it for such repeats.
type Doc struct {
	vocab *Vocab
	// ids are the distinct terms of the name, summary and facts, ascending; fields[i]
	// says where ids[i] appears, fieldBody included when the body has it too.
	ids    []uint32
	fields []uint8
	// body are the distinct terms of the body, ascending, as gaps (see termSet), and its
	// excerpt, shared (never modified).
	body *bodyTerms
}

// Vocab numbers the terms of the documents of one index, so that each term's text is
// kept once. It is safe for concurrent use.
type Vocab struct {
	mu    sync.Mutex
	ids   map[string]uint32
	terms []string
}

// number returns the id of each term, adding the new ones.
func (v *Vocab) number(terms []string, ids []uint32) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i, t := range terms {
		id, ok := v.ids[t]
		if !ok {
			id = uint32(len(v.terms))
			v.ids[t] = id
			v.terms = append(v.terms, t)
		}
		ids[i] = id
	}
}

// numberAll returns the id of each term of arena, which ends[i] ends, adding the new ones.
func (v *Vocab) numberAll(arena []byte, ends []int) []uint32 {
	ids := make([]uint32, len(ends))
	v.mu.Lock()
	defer v.mu.Unlock()
	start := 0
	for i, end := range ends {
		t := arena[start:end]
		start = end
		id, ok := v.ids[string(t)] // a lookup with string(t) does not allocate
		if !ok {
			term := string(t)
			id = uint32(len(v.terms))
			v.ids[term] = id
			v.terms = append(v.terms, term)
		}
		ids[i] = id
	}
	return ids
}

// snapshot returns the terms by id as they are now; later additions do not change the
// elements it has.
func (v *Vocab) snapshot() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.terms[:len(v.terms):len(v.terms)]
}

// Corpus is what the documents of one site share across its languages: the vocabulary,
// and each company's body terms by the text they were read from. Company positions are
// those of the site's (default-order) company list. It is safe for concurrent use.
type Corpus struct {
	vocab  *Vocab
	seed   maphash.Seed
	bodies []atomic.Pointer[bodyTerms]
}

// bodyTerms are the terms and the excerpt of a body text, known by its hash and length.
type bodyTerms struct {
	sum     uint64
	n       int
	ids     termSet
	excerpt string
}

// termSet is an ascending set of term ids, each written as its gap from the one before
// (uvarint): about two bytes a term instead of four, for the ~450 distinct terms of each of
// 30,000 bodies that the search documents keep until the index is made.
type termSet []byte

func newTermSet(ids []uint32) termSet {
	size, prev := 0, uint32(0)
	for _, id := range ids {
		size += uvarintLen(id - prev)
		prev = id
	}
	s, prev := make(termSet, 0, size), 0 // kept: sized exactly
	for _, id := range ids {
		s = binary.AppendUvarint(s, uint64(id-prev))
		prev = id
	}
	return s
}

func uvarintLen(v uint32) int {
	n := 1
	for ; v >= 0x80; v >>= 7 {
		n++
	}
	return n
}

// each calls fn with the ids of s in order until it returns false.
func (s termSet) each(fn func(id uint32) bool) {
	id := uint32(0)
	for i := 0; i < len(s); {
		if b := s[i]; b < 0x80 { // most gaps are below 128: one byte
			id += uint32(b)
			i++
		} else {
			gap, n := binary.Uvarint(s[i:])
			id += uint32(gap)
			i += n
		}
		if !fn(id) {
			return
		}
	}
}

// appendTo appends the ids of s, in order, to dst.
func (s termSet) appendTo(dst []uint32) []uint32 {
	s.each(func(id uint32) bool {
		dst = append(dst, id)
		return true
	})
	return dst
}

// NewCorpus returns an empty corpus for a site of n companies.
func NewCorpus(n int) *Corpus {
	return &Corpus{vocab: &Vocab{ids: map[string]uint32{}}, seed: maphash.MakeSeed(), bodies: make([]atomic.Pointer[bodyTerms], n)}
}

// NewDoc extracts the terms of c, at position pos, whose body reads bodyText (see
// markdown.PlainText); countryName is Options.CountryName.
func (cp *Corpus) NewDoc(pos int, c *content.Company, bodyText string, countryName func(string) string) *Doc {
	if countryName == nil {
		countryName = identity
	}
	return cp.companyTerms(pos, c, bodyText, countryName)
}

// bodyTerms returns the distinct terms of the body text of the company at pos, ascending,
// and its excerpt, from the corpus when another language read the same text (the pages of
// a profile without a translation then share them).
func (cp *Corpus) bodyTerms(pos int, body string) *bodyTerms {
	sum := maphash.String(cp.seed, body)
	if pos >= 0 && pos < len(cp.bodies) {
		if b := cp.bodies[pos].Load(); b != nil && b.sum == sum && b.n == len(body) {
			return b
		}
	}
	// Every occurrence goes into one buffer; the vocabulary numbers them in one pass and
	// copies only the terms it has not seen: no string per word, no set of them.
	arena := make([]byte, 0, len(body))
	ends := make([]int, 0, len(body)/6)
	analysis.EachTerm(body, func(term []byte) {
		arena = append(arena, term...)
		ends = append(ends, len(arena))
	})
	ids := cp.vocab.numberAll(arena, ends)
	slices.Sort(ids)
	// Kept for the index: the distinct ones, not the array of every occurrence.
	b := &bodyTerms{sum: sum, n: len(body), ids: newTermSet(slices.Compact(ids)), excerpt: excerpt(body, excerptLen)}
	if pos >= 0 && pos < len(cp.bodies) {
		cp.bodies[pos].Store(b)
	}
	return b
}

// Build makes the files of the index of the site's companies, the manifest last;
// docs[i] is NewDoc of site.Companies[i]. Its output depends only on the site and the
// options, never on timing or map order.
func Build(site *content.Site, docs []*Doc, opts Options) ([]File, error) {
	files, _, err := BuildFrom(context.Background(), nil, site, docs, opts)
	return files, err
}

// BuildFrom is Build, remade from prev (the Memo of the index of the same site before an
// edit; nil for none) where the edit left it as it was; it also returns the Memo of the
// index it made. The files are the same as Build's. It stops early with ctx's error when
// ctx is cancelled (serve: a save while the index is made waits for nothing).
func BuildFrom(ctx context.Context, prev *Memo, site *content.Site, docs []*Doc, opts Options) ([]File, *Memo, error) {
	opts.ChunkSize = cmp.Or(max(opts.ChunkSize, 0), 4)
	opts.CardSize = cmp.Or(max(opts.CardSize, 0), 4)
	opts.ShardBytes = cmp.Or(max(opts.ShardBytes, 0), 8<<10)
	opts.Fanout = cmp.Or(max(opts.Fanout, 0), 64)
	opts.Groups = cmp.Or(max(opts.Groups, 0), 32)
	opts.RangePostings = cmp.Or(max(opts.RangePostings, 0), 2<<20)
	opts.InlineSets = cmp.Or(opts.InlineSets, 4<<10)
	opts.BasePath = cmp.Or(opts.BasePath, "/")
	if opts.CountryName == nil {
		opts.CountryName = identity
	}
	companies := site.Companies
	n := len(companies)
	if len(docs) != n {
		return nil, nil, fmt.Errorf("search: %d documents for %d companies", len(docs), n)
	}

	w := &writer{}
	m := manifest{Version: 3, Docs: n, Profiles: strings.TrimSuffix(opts.BasePath, "/") + "/companies/",
		MinTerm: analysis.MinTermLen, StopWords: analysis.StopWords}
	var values [][]int
	m.Facets, values = facets(site, opts.CountryName)
	var sets []string
	for _, f := range m.Facets {
		for i := range f.Values {
			sets = append(sets, f.Values[i].Inline)
		}
	}
	total := 0
	for _, set := range sets {
		total += len(set)
	}
	if total > opts.InlineSets {
		for _, f := range m.Facets {
			for i := range f.Values {
				f.Values[i].Inline = ""
			}
		}
		t := w.chunks("set", len(sets), 1, opts.Groups/4, func(i int) any { return sets[i] }, nil, nil)
		m.Sets = &t
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	// A chunk of cards or texts whose companies are the documents the index before had at
	// the same places is that index's (a card also names its facet values by number: only
	// while they are numbered alike): at PSEB's size, marshalling all 10,000 chunks of a
	// language to name their groups was half of a patched index's time.
	numbering := facetNumbering(m.Facets)
	chunks := &chunkSums{numbering: numbering}
	m.Cards = w.chunks("cards", n, opts.CardSize, opts.Groups, func(i int) any {
		return []any{companies[i].Slug, companies[i].Name, values[i]}
	}, prev.keptChunk(docs, opts.CardSize, numbering), &chunks.cards)
	m.Texts = w.buckets("texts", n, opts.ChunkSize, opts.Groups, func(i int) string { return companies[i].Slug }, func(i int) any {
		c := companies[i]
		return doc{Summary: c.Summary, Founded: c.Founded, Website: c.Website,
			Email: c.Email, Phone: c.Phone, Excerpt: docs[i].body.excerpt}
	}, prev.keptBucket(docs, numBuckets(n, opts.ChunkSize)), &chunks.texts, &chunks.textCounts)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	m.Slugs = w.slugs(companies, opts.Fanout)
	years := make([]int, n)
	for i, c := range companies {
		years[i] = c.Founded
	}
	if slices.ContainsFunc(years, func(y int) bool { return y > 0 }) {
		m.Founded = w.add("founded", years)
	}

	// On a localized site, the sets of the companies whose text is the language's own are
	// written relative to them (see universe).
	var u *universe
	if site.Lang != "" {
		var own []uint32
		for i, c := range companies {
			if !c.Fallback {
				own = append(own, uint32(i))
			}
		}
		if len(own) > 0 && len(own) < n {
			u = newUniverse(own, n)
			m.Base = w.add("base", encodeSet(own, n))
		}
	}

	// Each term's sets are encoded as its range of postings is made: the encoded sets are
	// about the size of the shard files, the postings of every term at once five times that.
	// After an edit of a few companies, prev's sets are patched instead (affected names the
	// terms whose sets changed; nil when all were made).
	encoded, affected, sameShape := prev.patch(ctx, docs, n, m.Base, u)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if encoded == nil {
		encoded = map[string][numFields]string{}
		err := eachInverted(ctx, docs, opts.RangePostings, func(terms []string, post []postings) {
			for i, t := range terms {
				encoded[t] = post[i].encode(n, u)
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	next := &Memo{docs: docs, base: m.Base, encoded: encoded, shards: map[string]SavedFile{}, summaries: map[string]SavedFile{}, patched: affected != nil, u: u,
		chunks: chunks}
	if n > 0 {
		next.vocab = docs[0].vocab
	}
	m.Vocab = map[string]string{}
	byFirst := map[string][]string{}
	for t := range encoded {
		if first, _ := utf8.DecodeRuneInString(t); unicode.IsLetter(first) && !analysis.IsCJK(first) && utf8.RuneCountInString(t) >= 3 {
			k := string(first)
			byFirst[k] = append(byFirst[k], t)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(byFirst)) {
		slices.Sort(byFirst[k])
		m.Vocab[k] = w.add("vocab", byFirst[k])
	}
	var prevShards, prevSummaries map[string]SavedFile // what may be reused
	if affected != nil {
		// A shard is its terms' sets; a summary is also made for n companies in u.
		prevShards = prev.shards
		if sameShape {
			prevSummaries = prev.summaries
		}
	}
	files, splits := shards(encoded, opts.ShardBytes)
	var entries []entry
	for k, s := range files {
		if k%64 == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		hash := w.reuseOrAdd(prevShards, next.shards, s.prefixes[0], s.terms, affected, "terms",
			func() any { return makeShard(s.terms, encoded) })
		for _, p := range s.prefixes {
			entries = append(entries, entry{key: p, hash: hash})
		}
	}
	for k, s := range splits {
		if k%16 == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if utf8.RuneCountInString(s.prefix) >= analysis.MinTermLen {
			hash := w.reuseOrAdd(prevSummaries, next.summaries, s.prefix, s.terms, affected, "prefix",
				func() any { return summarize(s.prefix, s.terms, encoded, n, u) })
			entries = append(entries, entry{key: s.prefix, hash: hash, summary: true})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	m.Terms = w.tree(entries, opts.Fanout)

	// The same content twice is one file: the one made now, if either was.
	slices.SortFunc(w.files, func(a, b File) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(boolInt(a.Data == nil), boolInt(b.Data == nil)))
	})
	w.files = slices.CompactFunc(w.files, func(a, b File) bool { return a.Path == b.Path })
	return append(w.files, File{Path: ManifestPath, Data: marshal(m)}), next, nil
}

// slugs writes the slugs table: data files of slugsPerFile slugs, ascending, and the
// tree over them.
func (w *writer) slugs(companies []*content.Company, fanout int) node {
	order := make([]int, len(companies))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(companies[a].Slug, companies[b].Slug) })
	var entries []entry
	for lo := 0; lo < len(order); lo += slugsPerFile {
		var f slugFile
		for _, i := range order[lo:min(lo+slugsPerFile, len(order))] {
			f.Slugs, f.IDs = append(f.Slugs, companies[i].Slug), append(f.IDs, i)
		}
		entries = append(entries, entry{key: f.Slugs[0], hash: w.add("slugs", f)})
	}
	return w.tree(entries, fanout)
}

// summarize makes the summary of prefix, whose words are terms.
func summarize(prefix string, terms []string, encoded map[string][numFields]string, n int, u *universe) summary {
	var s summary
	if e, ok := encoded[prefix]; ok {
		s.Exact = e
	}
	union := make([][]uint64, numFields)
	for f := range union {
		union[f] = make([]uint64, (n+63)/64)
	}
	r := &setReader{u: u}
	for _, t := range terms {
		for f, enc := range encoded[t] {
			r.orInto(enc, union[f])
		}
	}
	anyField := make([]uint64, (n+63)/64)
	for _, bits := range union {
		for i, word := range bits {
			anyField[i] |= word
		}
	}
	var ids []uint32
	for k, bits := range [][]uint64{union[0], union[1], anyField} {
		ids = ids[:0]
		for i, word := range bits {
			for ; word != 0; word &= word - 1 {
				ids = append(ids, uint32(i*64+mathbits.TrailingZeros64(word)))
			}
		}
		s.Prefix[k] = u.encode(ids, n)
	}
	return s
}

func (cp *Corpus) companyTerms(pos int, c *content.Company, body string, countryName func(string) string) *Doc {
	index := map[string]int{} // term -> position in fields
	var fields []uint8
	add := func(field uint8, texts ...string) {
		for _, t := range texts {
			analysis.EachTerm(t, func(term []byte) {
				if i, ok := index[string(term)]; ok { // a lookup with string(term) does not allocate
					fields[i] |= field
					return
				}
				index[string(term)] = len(fields)
				fields = append(fields, field)
			})
		}
	}
	add(fieldName, c.Name)
	add(fieldSummary, c.Summary)
	add(fieldMeta, c.City.Name, c.City.Province)
	if c.Park != nil {
		add(fieldMeta, c.Park.Name)
	}
	for _, s := range c.Services {
		add(fieldMeta, s.Label)
	}
	for _, ct := range c.Certifications {
		add(fieldMeta, ct.Label)
	}
	for _, m := range c.ExportMarkets {
		add(fieldMeta, countryName(m))
	}
	// What a buyer names a vendor by besides its services: the products it builds on
	// ("react", "salesforce", "sap") and whom it has worked for.
	add(fieldMeta, c.Technologies...)
	add(fieldMeta, c.Clients...)
	for _, cs := range c.CaseStudies {
		add(fieldMeta, cs.Title, cs.Client)
	}
	terms := make([]string, len(index))
	for t, i := range index {
		terms[i] = t
	}
	ids := make([]uint32, len(index))
	cp.vocab.number(terms, ids)
	return cp.doc(ids, fields, cp.bodyTerms(pos, body))
}

// doc is the document of the terms (ids) of a company's name, summary and facts (fields)
// and of its body (bt).
func (cp *Corpus) doc(ids []uint32, fields []uint8, bt *bodyTerms) *Doc {
	d := &Doc{vocab: cp.vocab, body: bt}
	// ids ascending, with their fields; a term of the body too gets fieldBody here, and
	// invert skips it among the body's.
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
	d.ids, d.fields = make([]uint32, len(ids)), make([]uint8, len(ids))
	for k, i := range order {
		d.ids[k], d.fields[k] = ids[i], fields[i]
	}
	// Both ascending: one walk marks the terms the body has too.
	k := 0
	for _, id := range d.body.ids.appendTo(make([]uint32, 0, len(d.body.ids))) {
		for k < len(d.ids) && d.ids[k] < id {
			k++
		}
		if k == len(d.ids) {
			break
		}
		if d.ids[k] == id {
			d.fields[k] |= fieldBody
		}
	}
	return d
}

// postings are the companies that contain a term, ascending, with the fields it is in.
type postings struct {
	docs   []uint32
	fields []uint8
}

// eachInverted calls fn with the postings of every term of docs: the documents that have
// it, ascending, and where. Terms come in ranges of their ids, each range holding about
// budget postings (one range for most sites): at 20,000 companies a
// language's index has 9 million, 47 MB when made at once. Each range is two flat arrays
// (the postings of a term are a window of them) filled in one pass over the documents,
// so that millions of postings are not as many appends.
func eachInverted(ctx context.Context, docs []*Doc, budget int, fn func(terms []string, post []postings)) error {
	if len(docs) == 0 {
		return nil
	}
	vocab := docs[0].vocab
	all := vocab.snapshot()
	for i, d := range docs {
		if d.vocab != vocab {
			return fmt.Errorf("search: document %d has another vocabulary", i)
		}
	}
	each := (*Doc).eachTerm
	n := uint32(len(all))
	count := make([]uint32, n)
	for i, d := range docs {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		each(d, 0, n, func(id uint32, _ uint8) { count[id]++ })
	}
	// Ranges of term ids (the shards sort the terms later). A term only of documents
	// replaced since (watch mode) has no postings and is left out.
	for lo := uint32(0); lo < n; {
		hi, total := lo, uint32(0)
		for hi < n && (total == 0 || int(total+count[hi]) <= budget) {
			total += count[hi]
			hi++
		}
		// next[id-lo] is where the next posting of term id goes; its postings end at the
		// next term's start.
		next := make([]uint32, hi-lo)
		at := uint32(0)
		for id := lo; id < hi; id++ {
			next[id-lo] = at
			at += count[id]
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		allDocs, allFields := make([]uint32, total), make([]uint8, total)
		for i, d := range docs {
			if i%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			each(d, lo, hi, func(id uint32, fields uint8) {
				k := next[id-lo]
				allDocs[k], allFields[k] = uint32(i), fields
				next[id-lo]++
			})
		}
		var terms []string
		var post []postings
		for id := lo; id < hi; id++ {
			if c := count[id]; c > 0 {
				end := next[id-lo]
				terms = append(terms, all[id])
				post = append(post, postings{docs: allDocs[end-c : end : end], fields: allFields[end-c : end : end]})
			}
		}
		fn(terms, post)
		lo = hi
	}
	return nil
}

// eachTerm calls post with every term of d whose id is in [lo, hi) and where it is: its
// own terms (ids, which tell whether the body has them too), then the terms only its body
// has. Both lists ascend: the ones below lo are passed over, and the body is read only up
// to hi.
func (d *Doc) eachTerm(lo, hi uint32, post func(id uint32, fields uint8)) {
	j0, _ := slices.BinarySearch(d.ids, lo)
	for j := j0; j < len(d.ids) && d.ids[j] < hi; j++ {
		post(d.ids[j], d.fields[j])
	}
	j := j0
	d.body.ids.each(func(id uint32) bool {
		if id >= hi {
			return false
		}
		if id < lo {
			return true
		}
		for j < len(d.ids) && d.ids[j] < id {
			j++
		}
		if j == len(d.ids) || d.ids[j] != id {
			post(id, fieldBody)
		}
		return true
	})
}

func (p *postings) encode(n int, u *universe) [numFields]string {
	var out [numFields]string
	ids := make([]uint32, 0, len(p.docs)) // one buffer for the fields in turn
	for f := range numFields {
		ids = ids[:0]
		for j, d := range p.docs {
			if p.fields[j]&(1<<f) != 0 {
				ids = append(ids, d)
			}
		}
		out[f] = u.encode(ids, n)
	}
	return out
}

type shardFile struct {
	prefixes []string // every listed prefix whose terms the file holds
	terms    []string // ascending
}

// split is a prefix whose terms were split among longer prefixes: its terms, ascending.
type split struct {
	prefix string
	terms  []string
}

// shards puts all terms in one file if it is at most limit bytes, and otherwise splits
// them by their first rune, then by their first two, and so on, as deep as needed. A term
// lives in the file of the longest listed prefix of it, so a small site has one shard and
// a large one many small ones; a split prefix is listed in splits (its summary answers a
// query word of that prefix, and holds the term equal to it, if any). Sibling groups that
// are small share a file up to limit (several prefixes then name one file), so text with
// many distinct first characters, as Chinese, does not make hundreds of tiny files.
// encoded are the terms' sets (postings.encode).
//
// A listed prefix is never the prefix of another (only split ones have longer prefixes
// below them): the listed prefix of a word is the greatest listed key not above it.
func shards(encoded map[string][numFields]string, limit int) (files []shardFile, splits []split) {
	terms := slices.Sorted(maps.Keys(encoded))
	sizeOf := func(terms []string) int {
		size := 0
		for _, t := range terms {
			size += len(t) + 8
			for _, s := range encoded[t] {
				size += len(s) + 3
			}
		}
		return size
	}
	var splitBy func(prefix string, terms []string)
	splitBy = func(prefix string, terms []string) {
		depth := utf8.RuneCountInString(prefix)
		if sizeOf(terms) <= limit || depth >= 8 {
			files = append(files, shardFile{[]string{prefix}, terms})
			return
		}
		splits = append(splits, split{prefix, terms})
		groups := map[string][]string{}
		var keys []string
		for _, t := range terms {
			if utf8.RuneCountInString(t) == depth {
				continue // the prefix itself: in its summary
			}
			k := analysis.FirstRunes(t, depth+1)
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], t)
		}
		var bin shardFile
		binSize := 0
		flush := func() {
			if len(bin.prefixes) > 0 {
				files = append(files, bin)
			}
			bin, binSize = shardFile{}, 0
		}
		for _, k := range keys {
			size := sizeOf(groups[k])
			if size > limit {
				splitBy(k, groups[k])
				continue
			}
			// A Chinese or Japanese pair is looked up whole, never as the start of
			// longer terms: its bin is smaller, so that a lookup fetches less of others.
			binLimit := limit
			if last, _ := utf8.DecodeLastRuneInString(k); analysis.IsCJK(last) {
				binLimit = limit / 4
			}
			if binSize+size > binLimit {
				flush()
			}
			bin.prefixes = append(bin.prefixes, k)
			bin.terms = append(bin.terms, groups[k]...)
			binSize += size
		}
		flush()
	}
	if len(terms) > 0 {
		splitBy("", terms)
	}
	return files, splits
}

// makeShard is the shard file of terms.
func makeShard(terms []string, encoded map[string][numFields]string) shard {
	s := shard{Terms: terms, Postings: make([][numFields]string, len(terms))}
	for i, t := range terms {
		s.Postings[i] = encoded[t]
	}
	return s
}

// excerpt returns the start of text, at most limit bytes, cut at a word boundary.
func excerpt(text string, limit int) string {
	// The limit counts characters, not bytes: a Chinese or Arabic excerpt says as much as
	// an English one.
	end, n := len(text), 0
	for i := range text {
		if n == limit {
			end = i
			break
		}
		n++
	}
	if end == len(text) {
		return text
	}
	// Cut at a space unless the text has none nearby (Chinese has none at all).
	cut := strings.LastIndexFunc(text[:end], unicode.IsSpace)
	if cut < end/2 {
		cut = end
	}
	return strings.TrimRightFunc(text[:cut], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

func identity(code string) string { return code }

// facets lists the facets' values, each with its set of companies (encodeSet) in Inline,
// and for each company the numbers of its values (its position among all values, in
// order). Values no company has are left out; cities are grouped by province, founding
// years by decade.
func facets(site *content.Site, countryName func(string) string) ([]facet, [][]int) {
	n := len(site.Companies)
	byFacet := map[string]map[string]*valueSet{}
	put := func(f, id, label, group string, doc int) {
		vs := byFacet[f]
		if vs == nil {
			vs = map[string]*valueSet{}
			byFacet[f] = vs
		}
		v := vs[id]
		if v == nil {
			v = &valueSet{facetValue: facetValue{ID: id, Label: label, Group: group}}
			vs[id] = v
		}
		v.ids = append(v.ids, uint32(doc))
	}
	// seen adds doc to a value there already: its label is made once (a country's name is
	// looked up in the language's tables).
	seen := func(f, id string, doc int) bool {
		if v := byFacet[f][id]; v != nil {
			v.ids = append(v.ids, uint32(doc))
			return true
		}
		return false
	}
	for i, c := range site.Companies {
		for _, s := range c.Services {
			put("service", s.ID, s.Label, "", i)
		}
		put("city", c.City.ID, c.City.Name, c.City.Province, i)
		if c.Park != nil {
			put("park", c.Park.Slug, c.Park.Name, "", i)
		}
		for _, ct := range c.Certifications {
			put("certification", ct.ID, ct.Label, "", i)
		}
		if c.Employees != "" {
			put("employees", c.Employees, c.Employees, "", i)
		}
		for _, m := range c.ExportMarkets {
			if !seen("market", m, i) {
				put("market", m, countryName(m), "", i)
			}
		}
		if c.Founded > 0 {
			d := c.Founded / 10 * 10
			if id := strconv.Itoa(d) + "-" + strconv.Itoa(d+9); !seen("founded", id, i) {
				put("founded", id, fmt.Sprintf("%d–%d", d, d+9), "", i)
			}
		}
	}
	// Value order: the data files' order for services and certifications, bands smallest
	// first, decades oldest first; the rest by group, then label.
	var services, certs []string
	for _, s := range site.Data.Services {
		services = append(services, s.ID)
	}
	for _, c := range site.Data.Certifications {
		certs = append(certs, c.ID)
	}
	order := map[string]func(a, b *valueSet) int{
		"service":       byPosition(services),
		"certification": byPosition(certs),
		"employees":     byPosition(content.EmployeeBands),
		"founded":       func(a, b *valueSet) int { return strings.Compare(a.ID, b.ID) },
	}
	var out []facet
	values := make([][]int, n)
	num := 0
	for _, f := range FacetIDs {
		var vals []*valueSet
		for _, v := range byFacet[f] {
			vals = append(vals, v)
		}
		sortFn := order[f]
		if sortFn == nil {
			sortFn = func(a, b *valueSet) int {
				return cmp.Or(strings.Compare(a.Group, b.Group), strings.Compare(a.Label, b.Label), strings.Compare(a.ID, b.ID))
			}
		}
		slices.SortFunc(vals, sortFn)
		fc := facet{ID: f, Values: []facetValue{}}
		for _, v := range vals {
			v.Inline, v.Count = encodeSet(v.ids, n), len(v.ids)
			fc.Values = append(fc.Values, v.facetValue)
			for _, id := range v.ids {
				values[id] = append(values[id], num)
			}
			num++
		}
		out = append(out, fc)
	}
	for i := range values {
		if values[i] == nil {
			values[i] = []int{}
		}
	}
	return out, values
}

// FacetIDs are the facets in the order the directory shows them; each is also the name of
// its URL query parameter.
var FacetIDs = []string{"service", "city", "park", "certification", "employees", "market", "founded"}

type valueSet struct {
	facetValue
	ids []uint32
}

func byPosition(order []string) func(a, b *valueSet) int {
	pos := map[string]int{}
	for i, id := range order {
		pos[id] = i
	}
	return func(a, b *valueSet) int { return cmp.Compare(pos[a.ID], pos[b.ID]) }
}

// Renew returns a corpus for the site of n companies that replaces the one cp was made
// for after an edit: the same vocabulary, so documents of both can go into one index.
func (cp *Corpus) Renew(n int) *Corpus {
	return &Corpus{vocab: cp.vocab, seed: maphash.MakeSeed(), bodies: make([]atomic.Pointer[bodyTerms], n)}
}
