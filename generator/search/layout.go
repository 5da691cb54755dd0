package search

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"hash/fnv"
	mathbits "math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/pseb/sitegen/generator/hostpolicy"
)

// The index is many small files, each named after its content so that a CDN may cache it
// forever, and a visitor fetches only the few a query needs. The manifest must stay small
// at any size (it is fetched by every first search), so it does not list them: the
// files of a table in sorted order (term shards, slugs) are reached through a tree of
// nodes whose root is in the manifest (a B-tree: a lookup fetches one node a level, and
// the levels grow with the logarithm of the files), and the chunks of the companies' cards
// (reached by company number) and the buckets of their texts (reached by slug) are named
// after their group's content, the manifest holding one name per group.

// writer collects the index's files.
type writer struct {
	files []File
}

// add writes v as JSON to name.<hash>.json and returns the hash.
func (w *writer) add(name string, v any) string {
	data := marshal(v)
	hash := hostpolicy.ContentHash(data)
	w.files = append(w.files, File{Path: "search/" + name + "." + hash + ".json", Data: data, Named: true})
	return hash
}

func marshal(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs of strings and numbers are marshalled
	}
	return data
}

// node is a node of a sorted table's tree. Keys[i] is the least key below child i, whose
// content hash is Hashes[i]: a node file (node.<hash>.json) above the leaves (Depth > 0),
// a data file of the table at a leaf (Depth 0). The leaves of the terms table also name
// the summaries of the prefixes in their range (see summary).
type node struct {
	Depth     int      `json:"d,omitempty"`
	Keys      []string `json:"k"`
	Hashes    []string `json:"h"`
	SumKeys   []string `json:"pk,omitempty"`
	SumHashes []string `json:"ph,omitempty"`
}

// entry is a data file of a sorted table: the least key it holds, its hash, and whether
// it is a prefix's summary rather than a shard.
type entry struct {
	key, hash string
	summary   bool
}

// tree builds the tree over entries (ascending by key) with at most fanout children a
// node, writes every node but the root, and returns the root.
func (w *writer) tree(entries []entry, fanout int) node {
	type child struct {
		first string
		n     node
	}
	var level []child
	for lo := 0; lo < len(entries); lo += fanout {
		n := node{Keys: []string{}, Hashes: []string{}}
		for _, e := range entries[lo:min(lo+fanout, len(entries))] {
			if e.summary {
				n.SumKeys, n.SumHashes = append(n.SumKeys, e.key), append(n.SumHashes, e.hash)
			} else {
				n.Keys, n.Hashes = append(n.Keys, e.key), append(n.Hashes, e.hash)
			}
		}
		level = append(level, child{entries[lo].key, n})
	}
	if len(level) == 0 {
		return node{Keys: []string{}, Hashes: []string{}}
	}
	for depth := 1; len(level) > 1; depth++ {
		var up []child
		for lo := 0; lo < len(level); lo += fanout {
			n := node{Depth: depth}
			for _, c := range level[lo:min(lo+fanout, len(level))] {
				n.Keys = append(n.Keys, c.first)
				n.Hashes = append(n.Hashes, w.add("node", c.n))
			}
			up = append(up, child{level[lo].first, n})
		}
		level = up
	}
	return level[0].n
}

// chunked is a table reached by company number: chunk k holds companies k*Size to
// (k+1)*Size-1 and is the file <name><k>.<Hashes[k/Group]>.json, named after the content
// of its group of Group chunks (a change re-publishes the group, not the table): the hash
// of its chunks' hashes.
type chunked struct {
	Size   int      `json:"size"`
	Group  int      `json:"group"`
	Hashes []string `json:"h"`
}

// ChunkSum is a chunk file's SHA-256 and length: what its group's name is made from, and
// what a memo keeps so that a chunk whose companies did not change is not made again.
type ChunkSum struct {
	Sum  [sha256.Size]byte
	Size int
}

// chunks writes the n items of a table, size to a chunk, in at most groups groups;
// item(i) is the i-th item. kept, when not nil, gives the sum of a chunk whose items are
// the ones the index before wrote (its file is that index's, not made again); sums, when
// not nil, receives every chunk's sum.
func (w *writer) chunks(name string, n, size, groups int, item func(i int) any, kept func(k int) (ChunkSum, bool), sums *[]ChunkSum) chunked {
	numChunks := (n + size - 1) / size
	chunkData := func(k int) []byte {
		var chunk []any
		for i := k * size; i < min(n, (k+1)*size); i++ {
			chunk = append(chunk, item(i))
		}
		return marshal(chunk)
	}
	group, hashes := w.grouped(name, numChunks, groups, chunkData, nil, kept, sums)
	return chunked{Size: size, Group: group, Hashes: hashes}
}

// bucketed is a table reached by slug: the entry of the company with a slug is in chunk
// k = BucketOf(slug, Buckets), the file <name><k>.<Hashes[k/Group]>.json, a list of
// [slug, entry] pairs ordered by slug (no file for a bucket no company falls in).
// Unlike a chunked table's, a bucket's companies do not depend on the others': a
// company added, deleted or renamed changes one bucket, and its group is re-published,
// where every chunk after its number would be in a table by number.
type bucketed struct {
	Buckets int      `json:"buckets"`
	Group   int      `json:"group"`
	Hashes  []string `json:"h"`
}

// BucketOf is the bucket of a slug among buckets (a power of two): the low bits of the
// slug's 32-bit FNV-1a hash folded with its high bits. The theme's script computes the
// same (bucketOf in directory.js).
func BucketOf(slug string, buckets int) int {
	h := fnv.New32a()
	h.Write([]byte(slug))
	sum := h.Sum32()
	return int((sum ^ sum>>16) & uint32(buckets-1))
}

// numBuckets is the number of buckets for n companies, about size a bucket: the greatest
// power of two at most n/size (at least 1). It changes only when n crosses a power of two.
func numBuckets(n, size int) int {
	return 1 << max(0, mathbits.Len(uint(n/max(size, 1)))-1)
}

// bucketMembers returns, for each of buckets buckets, the positions of its slugs, ordered
// by slug (slugs are unique on a site; positions order any that are not).
func bucketMembers(slugs func(i int) string, n, buckets int) [][]int32 {
	members := make([][]int32, buckets)
	for i := range n {
		k := BucketOf(slugs(i), buckets)
		members[k] = append(members[k], int32(i))
	}
	for _, m := range members {
		slices.SortFunc(m, func(a, b int32) int { return cmp.Or(strings.Compare(slugs(int(a)), slugs(int(b))), cmp.Compare(a, b)) })
	}
	return members
}

// buckets writes a bucketed table of the n companies whose slugs slug gives, item(i)
// being the entry of the i-th; kept and sums are as for chunks, by bucket, and counts,
// when not nil, receives how many companies each bucket holds.
func (w *writer) buckets(name string, n, size, groups int, slug func(i int) string, item func(i int) any, kept func(k int, members []int32) (ChunkSum, bool), sums *[]ChunkSum, counts *[]int32) bucketed {
	numBuckets := numBuckets(n, size)
	members := bucketMembers(slug, n, numBuckets)
	chunkData := func(k int) []byte {
		chunk := make([][2]any, len(members[k]))
		for j, i := range members[k] {
			chunk[j] = [2]any{slug(int(i)), item(int(i))}
		}
		return marshal(chunk)
	}
	var keptBucket func(k int) (ChunkSum, bool)
	if kept != nil {
		keptBucket = func(k int) (ChunkSum, bool) { return kept(k, members[k]) }
	}
	empty := func(k int) bool { return len(members[k]) == 0 }
	group, hashes := w.grouped(name, numBuckets, groups, chunkData, empty, keptBucket, sums)
	if counts != nil {
		for _, m := range members {
			*counts = append(*counts, int32(len(m)))
		}
	}
	return bucketed{Buckets: numBuckets, Group: group, Hashes: hashes}
}

// grouped writes numChunks chunks, chunkData(k) being chunk k's bytes, in at most groups
// groups, each named after the hash of its chunks' hashes; it returns the chunks a group
// and the groups' hashes. A chunk that empty (when not nil) says is empty has no file.
// kept and sums are as for chunks.
func (w *writer) grouped(name string, numChunks, groups int, chunkData func(k int) []byte, empty func(k int) bool, kept func(k int) (ChunkSum, bool), sums *[]ChunkSum) (int, []string) {
	groups = max(groups, 1)
	group := max(1, (numChunks+groups-1)/groups)
	hashes := []string{}
	for g := 0; g*group < numChunks; g++ {
		var datas [][]byte
		var gsums []ChunkSum
		whole := hostpolicy.ContentHasher() // the group's chunks' hashes, each ended by a newline
		for k := g * group; k < min(numChunks, (g+1)*group); k++ {
			var data []byte
			s, ok := ChunkSum{}, false
			if kept != nil {
				s, ok = kept(k)
			}
			if !ok {
				data = chunkData(k)
				s = ChunkSum{Sum: sha256.Sum256(data), Size: len(data)}
			}
			datas = append(datas, data)
			gsums = append(gsums, s)
			whole.Write(s.Sum[:])
			whole.Write([]byte{'\n'})
		}
		hash := hostpolicy.ContentHashSum(whole)
		hashes = append(hashes, hash)
		for j, data := range datas {
			k := g*group + j
			if empty != nil && empty(k) {
				continue
			}
			f := File{Path: "search/" + name + strconv.Itoa(k) + "." + hash + ".json", Data: data, Named: true}
			if data == nil {
				f.Size, f.Remake = gsums[j].Size, func() []byte { return chunkData(k) }
			}
			w.files = append(w.files, f)
		}
		if sums != nil {
			*sums = append(*sums, gsums...)
		}
	}
	return group, hashes
}
