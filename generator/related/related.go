// Package related owns which companies a profile suggests: those sharing the most
// services, then the same park, then the same city, found for every company of a
// 20,000-company site with bitsets over services, parks and cities, kept across the
// site's languages and across an edit for the companies the edit did not reach.
package related

import (
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
)

// Index finds the companies most like a given one: those sharing the most services,
// then the same park, then the same city. Each company's services are a bitset in one flat
// array (for scoring two companies), and each service, park and city a bitset over the
// companies (for finding the best of all at once, see scan); results depend only on the
// sorted site.
type Index struct {
	companies []*content.Company
	words     int            // uint64 words per bitset
	bit       map[string]int // service ID -> its bit
	sets      []uint64       // company i's set is sets[i*words : (i+1)*words]
	pos       map[*content.Company]int
	// The same sets by column, as bitsets over the companies (bit i for company i): the
	// companies offering each service (by its bit), in each park and in each city. scan
	// adds them up a word of 64 companies at a time instead of scoring every company.
	byService [][]uint64
	byPark    map[*content.Park][]uint64
	byCity    map[*config.City][]uint64
	// memo keeps each company's related ones (positions) once found; renderers of the
	// same site in other languages share it (Renderer.Share), since services, parks and
	// cities, and so the scores, are the same in every language.
	memo *memoLists
	// bySource finds positions by source file, made once when asked (posOf).
	once     sync.Once
	bySource map[string]int
}

// memoLists holds the positions of the Shown companies related to each company.
type memoLists struct{ lists []atomic.Pointer[[]int32] }

// Shown is how many related companies a profile shows.
const Shown = 4

// New indexes the companies of s, in its order.
func New(s *content.Site) *Index {
	bit := map[string]int{}
	for i, sv := range s.Data.Services {
		bit[sv.ID] = i
	}
	words := max(1, (len(s.Data.Services)+63)/64)
	ri := &Index{companies: s.Companies, words: words, bit: bit, sets: make([]uint64, words*len(s.Companies)),
		pos: make(map[*content.Company]int, len(s.Companies)), memo: &memoLists{lists: make([]atomic.Pointer[[]int32], len(s.Companies))}}
	cw := (len(s.Companies) + 63) / 64
	ri.byService = make([][]uint64, len(s.Data.Services))
	for b := range ri.byService {
		ri.byService[b] = make([]uint64, cw)
	}
	ri.byPark, ri.byCity = map[*content.Park][]uint64{}, map[*config.City][]uint64{}
	for i, c := range s.Companies {
		for _, sv := range c.Services {
			b := bit[sv.ID]
			ri.sets[i*words+b/64] |= 1 << (b % 64)
			ri.byService[b][i/64] |= 1 << (i % 64)
		}
		if c.Park != nil {
			addToColumn(ri.byPark, c.Park, i, cw)
		}
		addToColumn(ri.byCity, c.City, i, cw)
		ri.pos[c] = i
	}
	return ri
}

type scored struct{ i, score int }

// of returns up to n companies related to c, best first; ties keep the directory order.
func (ri *Index) Of(c *content.Company, n int) []*content.Company {
	self, ok := ri.pos[c]
	if !ok || n <= 0 {
		return nil
	}
	if n == Shown {
		if p := ri.memo.lists[self].Load(); p != nil {
			out := make([]*content.Company, len(*p))
			for k, i := range *p {
				out[k] = ri.companies[i]
			}
			return out
		}
	}
	best := ri.scan(c, ri.sets[self*ri.words:(self+1)*ri.words], func(i int) bool { return i == self }, n)
	out := make([]*content.Company, len(best))
	positions := make([]int32, len(best))
	for k, s := range best {
		out[k], positions[k] = ri.companies[s.i], int32(s.i)
	}
	if n == Shown {
		ri.memo.lists[self].Store(&positions)
	}
	return out
}

// probe returns up to n companies related to c, which is not in the index (a new version
// of a company that is, left out, or a new one), as of would if it were.
func (ri *Index) Probe(c *content.Company, n int) []*content.Company {
	if n <= 0 {
		return nil
	}
	mine := make([]uint64, ri.words)
	for _, sv := range c.Services {
		if b, ok := ri.bit[sv.ID]; ok {
			mine[b/64] |= 1 << (b % 64)
		}
	}
	best := ri.scan(c, mine, func(i int) bool { return ri.companies[i].Source == c.Source }, n)
	out := make([]*content.Company, len(best))
	for k, s := range best {
		out[k] = ri.companies[s.i]
	}
	return out
}

// scan finds the best n companies for c, whose services bitset is mine, but those skip
// names: by score (score), ties in the directory's order. 4 points a shared service
// outweigh the 3 that park and city can add, so the scores come in tiers: most shared
// services first, and within them same park and city, same park, same city, neither.
// The count of shared services of 64 companies at a time is added up in bit planes (a
// binary counter per company, one plane a bit) from the columns of c's services, and each
// tier is read off the planes in company order until n are found.
func (ri *Index) scan(c *content.Company, mine []uint64, skip func(i int) bool, n int) []scored {
	var cols [][]uint64
	for k, m := range mine {
		for ; m != 0; m &= m - 1 {
			if b := k*64 + bits.TrailingZeros64(m); b < len(ri.byService) {
				cols = append(cols, ri.byService[b])
			}
		}
	}
	if len(cols) == 0 || n <= 0 {
		return nil
	}
	cw := (len(ri.companies) + 63) / 64
	nplanes := bits.Len(uint(len(cols)))
	buf := planeBufs.Get().(*[]uint64)
	defer planeBufs.Put(buf)
	if cap(*buf) < nplanes*cw {
		*buf = make([]uint64, nplanes*cw)
	}
	all := (*buf)[:nplanes*cw]
	clear(all)
	planes := make([][]uint64, nplanes)
	for p := range planes {
		planes[p] = all[p*cw : (p+1)*cw]
	}
	for _, col := range cols {
		for w, x := range col {
			for p := 0; x != 0 && p < nplanes; p++ { // add x, carrying up the planes
				carry := planes[p][w] & x
				planes[p][w] ^= x
				x = carry
			}
		}
	}
	park, city := ri.byPark[c.Park], ri.byCity[c.City]
	if c.Park == nil {
		park = nil
	}
	best := make([]scored, 0, n)
	for shared := len(cols); shared >= 1; shared-- {
		for bonus := 3; bonus >= 0; bonus-- {
			for w := range cw {
				tier := ^uint64(0)
				for p := range planes {
					if shared&(1<<p) != 0 {
						tier &= planes[p][w]
					} else {
						tier &^= planes[p][w]
					}
				}
				tier &= sameOrNot(park, w, bonus&2 != 0) & sameOrNot(city, w, bonus&1 != 0)
				for ; tier != 0; tier &= tier - 1 {
					i := w*64 + bits.TrailingZeros64(tier)
					if skip(i) {
						continue
					}
					best = append(best, scored{i, shared*4 + bonus})
					if len(best) == n {
						return best
					}
				}
			}
		}
	}
	return best
}

// addToColumn sets company i's bit in the column of k (made, of cw words, when new).
func addToColumn[K comparable](m map[K][]uint64, k K, i, cw int) {
	if m[k] == nil {
		m[k] = make([]uint64, cw)
	}
	m[k][i/64] |= 1 << (i % 64)
}

// planeBufs are scan's bit planes, kept between calls: 20,000 companies take 2.5 KB a plane.
var planeBufs = sync.Pool{New: func() any { return new([]uint64) }}

// sameOrNot is word w of col (the companies in c's park or city) when same is set, and of
// its complement when not; a nil col has no company in it.
func sameOrNot(col []uint64, w int, same bool) uint64 {
	var x uint64
	if col != nil {
		x = col[w]
	}
	if same {
		return x
	}
	return ^x
}

// score is how related company o is to c: 4 points a shared service, 2 for the same park,
// 1 for the same city; 0 when they share no service (never related).
func (ri *Index) score(c, o int) int {
	w, shared := ri.words, 0
	for k := range w {
		shared += bits.OnesCount64(ri.sets[c*w+k] & ri.sets[o*w+k])
	}
	if shared == 0 {
		return 0
	}
	return shared*4 + bonus(ri.companies[c], ri.companies[o])
}

// bonus is what the same park (2) and the same city (1) add to a score: together less than
// the 4 points of one shared service.
func bonus(c, o *content.Company) int {
	b := 0
	if c.Park != nil && o.Park == c.Park {
		b += 2
	}
	if o.City == c.City {
		b++
	}
	return b
}

// showing returns the companies whose related ones include the company at pos.
func (ri *Index) Showing(pos int) []*content.Company {
	var out []*content.Company
	for i, c := range ri.companies {
		if i == pos || ri.score(i, pos) == 0 {
			continue
		}
		if slices.Contains(ri.Of(c, Shown), ri.companies[pos]) {
			out = append(out, c)
		}
	}
	return out
}

// inherit takes the related lists of old, the index of the site before an edit, that the
// edit leaves as they were: a list stays when neither its company nor any company on it
// changed (stale, by source), and no changed company now scores its way onto it. The
// others are found again when asked for. It returns the companies whose list changed.
func (ri *Index) Inherit(old *Index, stale map[string]bool) []*content.Company {
	var changed []int // positions of the stale companies that are on the new site
	for i, c := range ri.companies {
		if stale[c.Source] {
			changed = append(changed, i)
		}
	}
	var moved []*content.Company
	for i, c := range ri.companies {
		j, ok := old.PosOf(c.Source)
		if !ok {
			continue // a new company: its profile is new
		}
		if stale[c.Source] {
			moved = append(moved, c) // a changed company: its profile is drawn again anyway
			continue
		}
		p := old.memo.lists[j].Load()
		if p == nil {
			// Never found (its profile was not rendered): nothing to compare with, so it
			// is drawn, and its list found, when its profile is.
			moved = append(moved, c)
			continue
		}
		prev := *p
		kept := true
		list := make([]int32, 0, len(prev))
		for _, k := range prev {
			o := old.companies[k]
			if stale[o.Source] {
				kept = false
				break
			}
			k, _ := ri.PosOf(o.Source) // on the new site: it is not stale, so not removed
			list = append(list, int32(k))
		}
		// A changed company joins the list when it beats the weakest (an equal score goes
		// to the earlier company, see of), or when the list is not full.
		for _, x := range changed {
			if !kept {
				break
			}
			s := ri.score(i, x)
			if s == 0 {
				continue
			}
			if len(list) < Shown {
				kept = false
				break
			}
			weakest := int(list[len(list)-1])
			if ws := ri.score(i, weakest); s > ws || (s == ws && x < weakest) {
				kept = false
			}
		}
		if kept {
			ri.memo.lists[i].Store(&list)
			continue
		}
		// Found again now, to tell whether the profile shows other companies.
		now := ri.Of(c, Shown)
		same := len(now) == len(prev)
		for k := 0; same && k < len(now); k++ {
			same = now[k].Source == old.companies[prev[k]].Source && !stale[now[k].Source]
		}
		if !same {
			moved = append(moved, c)
		}
	}
	return moved
}

// posOf returns the position of the company read from source.
func (ri *Index) PosOf(source string) (int, bool) {
	ri.once.Do(func() {
		ri.bySource = make(map[string]int, len(ri.companies))
		for i, c := range ri.companies {
			ri.bySource[c.Source] = i
		}
	})
	i, ok := ri.bySource[source]
	return i, ok
}

// Pos is c's position in the index, false for a company it does not hold.
func (ri *Index) Pos(c *content.Company) (int, bool) {
	i, ok := ri.pos[c]
	return i, ok
}

// Companies are the indexed companies, in the site's order.
func (ri *Index) Companies() []*content.Company { return ri.companies }

// Share makes ri use the related lists other has found and will find, other indexing the
// same site in another language (services, parks and cities, so the scores, are the same
// in every language), when both hold the same companies in the same order; it reports
// whether they do.
func (ri *Index) Share(other *Index) bool {
	a, b := ri.companies, other.companies
	if len(a) != len(b) || slices.ContainsFunc(a, func(c *content.Company) bool {
		return b[ri.pos[c]].Source != c.Source
	}) {
		return false
	}
	ri.memo = other.memo
	return true
}
