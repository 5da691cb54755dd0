package search

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// reader reads a built index the way the browser's script does (directory.js): from the
// manifest down the trees, and only the files a lookup needs, which it records.
type reader struct {
	t       testing.TB
	files   map[string][]byte
	m       manifest
	u       *universe
	fetched []string
}

func newReader(t testing.TB, files map[string][]byte) *reader {
	t.Helper()
	r := &reader{t: t, files: files}
	if err := json.Unmarshal(files[ManifestPath], &r.m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	if r.m.Base != "" {
		var enc string
		r.get("base."+r.m.Base+".json", &enc)
		ids, ok := decodeSet(enc)
		if !ok {
			t.Fatalf("base: bad set %q", enc)
		}
		r.u = newUniverse(ids, r.m.Docs)
		r.fetched = nil
	}
	return r
}

// get decodes the file name (relative to the manifest) into v.
func (r *reader) get(name string, v any) {
	r.t.Helper()
	data, ok := r.files["search/"+name]
	if !ok {
		r.t.Fatalf("the index names %s, which was not written", name)
	}
	r.fetched = append(r.fetched, name)
	if err := json.Unmarshal(data, v); err != nil {
		r.t.Fatalf("%s: %v", name, err)
	}
}

// lastAtMost is the position of the greatest key not above key, or -1.
func lastAtMost(keys []string, key string) int {
	i, found := slices.BinarySearch(keys, key)
	if found {
		return i
	}
	return i - 1
}

// leaf descends a sorted table's tree from root to the leaf whose range holds key.
func (r *reader) leaf(root node, key string) node {
	n := root
	for n.Depth > 0 {
		var child node
		r.get("node."+n.Hashes[max(0, lastAtMost(n.Keys, key))]+".json", &child)
		if child.Depth != n.Depth-1 {
			r.t.Fatalf("node at depth %d has a child at depth %d", n.Depth, child.Depth)
		}
		n = child
	}
	return n
}

// lookup finds the companies with a word that starts with p (per field) and with p itself
// as a word (exact), from p's summary or from the shard of p's listed prefix. From a
// summary (summarized), the prefix matches in the facts count as in the text, as the
// script counts them: field 2 is empty and field 3 holds every prefix match.
func (r *reader) lookup(p string) (prefix, exact [numFields][]uint32) {
	prefix, exact, _ = r.lookupSummarized(p)
	return prefix, exact
}

func (r *reader) lookupSummarized(p string) (prefix, exact [numFields][]uint32, summarized bool) {
	r.t.Helper()
	leaf := r.leaf(r.m.Terms, p)
	if i := slices.Index(leaf.SumKeys, p); i >= 0 {
		var s summary
		r.get("prefix."+leaf.SumHashes[i]+".json", &s)
		three := r.decodeAll([numFields]string{s.Prefix[0], s.Prefix[1], "", s.Prefix[2]})
		return three, r.decodeAll(s.Exact), true
	}
	j := lastAtMost(leaf.Keys, p)
	if j < 0 || !strings.HasPrefix(p, leaf.Keys[j]) {
		return prefix, exact, false
	}
	var s shard
	r.get("terms."+leaf.Hashes[j]+".json", &s)
	for i, term := range s.Terms {
		if !strings.HasPrefix(term, p) {
			continue
		}
		sets := r.decodeAll(s.Postings[i])
		for f := range numFields {
			prefix[f] = union(prefix[f], sets[f])
			if term == p {
				exact[f] = sets[f]
			}
		}
	}
	return prefix, exact, false
}

func (r *reader) decodeAll(enc [numFields]string) [numFields][]uint32 {
	var out [numFields][]uint32
	for f, s := range enc {
		ids, ok := r.u.decode(s)
		if !ok {
			r.t.Fatalf("bad set %q", s)
		}
		out[f] = ids
	}
	return out
}

func union(a, b []uint32) []uint32 {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// chunk decodes the chunk of a chunked table that holds company i into v, and returns
// i's position in it.
func (r *reader) chunk(name string, t chunked, i int, v any) int {
	k := i / t.Size
	r.get(name+strconv.Itoa(k)+"."+t.Hashes[k/t.Group]+".json", v)
	return i % t.Size
}

type card struct {
	slug, name string
	values     []int
}

func (r *reader) card(i int) card {
	var chunk [][3]json.RawMessage
	at := r.chunk("cards", r.m.Cards, i, &chunk)
	var c card
	json.Unmarshal(chunk[at][0], &c.slug)
	json.Unmarshal(chunk[at][1], &c.name)
	json.Unmarshal(chunk[at][2], &c.values)
	return c
}

// text is the texts of the company with a slug, from its bucket, which must hold it.
func (r *reader) text(slug string) doc {
	t := r.m.Texts
	k := BucketOf(slug, t.Buckets)
	var bucket [][2]json.RawMessage
	r.get("texts"+strconv.Itoa(k)+"."+t.Hashes[k/t.Group]+".json", &bucket)
	for _, e := range bucket {
		var s string
		json.Unmarshal(e[0], &s)
		if s == slug {
			var d doc
			json.Unmarshal(e[1], &d)
			return d
		}
	}
	r.t.Fatalf("texts bucket %d has no %q", k, slug)
	return doc{}
}

// idOf finds the company number of a slug in the slugs table.
func (r *reader) idOf(slug string) (int, bool) {
	leaf := r.leaf(r.m.Slugs, slug)
	j := lastAtMost(leaf.Keys, slug)
	if j < 0 {
		return 0, false
	}
	var f slugFile
	r.get("slugs."+leaf.Hashes[j]+".json", &f)
	if k := slices.Index(f.Slugs, slug); k >= 0 {
		return f.IDs[k], true
	}
	return 0, false
}

// set is the companies that have a facet value.
func (r *reader) set(v facetValue) []uint32 {
	enc := v.Inline
	if r.m.Sets != nil {
		num := 0
		for _, f := range r.m.Facets {
			for _, x := range f.Values {
				if x.ID == v.ID && x.Label == v.Label {
					var chunk []string
					r.chunk("set", *r.m.Sets, num, &chunk)
					enc = chunk[0]
				}
				num++
			}
		}
	}
	ids, ok := decodeSet(enc)
	if !ok {
		r.t.Fatalf("set of %s: bad set %q", v.ID, enc)
	}
	return ids
}

// value is the facet value with a number (see manifest.Cards).
func (r *reader) value(num int) (string, facetValue) {
	for _, f := range r.m.Facets {
		if num < len(f.Values) {
			return f.ID, f.Values[num]
		}
		num -= len(f.Values)
	}
	r.t.Fatalf("no facet value %d", num)
	return "", facetValue{}
}
