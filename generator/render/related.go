package render

import (
	"math/bits"
	"slices"
	"sync/atomic"

	"github.com/pseb/sitegen/generator/content"
)

// relatedIndex finds the companies most like a given one: those sharing the most services,
// then the same park, then the same city. Each company's services are a bitset in one flat
// array, so scoring a company against all others is a popcount per word over contiguous
// memory; results depend only on the sorted site.
type relatedIndex struct {
	companies []*content.Company
	words     int      // uint64 words per bitset
	sets      []uint64 // company i's set is sets[i*words : (i+1)*words]
	pos       map[*content.Company]int
	// memo keeps each company's related ones (positions) once found; renderers of the
	// same site in other languages share it (Renderer.Share), since services, parks and
	// cities, and so the scores, are the same in every language. Finding them is a scan
	// of every company: 9 s of CPU at 20,000 companies in three languages.
	memo *relatedMemo
}

// relatedMemo holds the positions of the relatedShown companies related to each company.
type relatedMemo struct{ lists []atomic.Pointer[[]int32] }

// relatedShown is how many related companies a profile shows.
const relatedShown = 4

func newRelatedIndex(s *content.Site) *relatedIndex {
	bit := map[string]int{}
	for i, sv := range s.Data.Services {
		bit[sv.ID] = i
	}
	words := max(1, (len(s.Data.Services)+63)/64)
	ri := &relatedIndex{companies: s.Companies, words: words, sets: make([]uint64, words*len(s.Companies)),
		pos: make(map[*content.Company]int, len(s.Companies)), memo: &relatedMemo{lists: make([]atomic.Pointer[[]int32], len(s.Companies))}}
	for i, c := range s.Companies {
		for _, sv := range c.Services {
			b := bit[sv.ID]
			ri.sets[i*words+b/64] |= 1 << (b % 64)
		}
		ri.pos[c] = i
	}
	return ri
}

type scored struct{ i, score int }

// of returns up to n companies related to c, best first; ties keep the directory order.
func (ri *relatedIndex) of(c *content.Company, n int) []*content.Company {
	self, ok := ri.pos[c]
	if !ok || n <= 0 {
		return nil
	}
	if n == relatedShown {
		if p := ri.memo.lists[self].Load(); p != nil {
			out := make([]*content.Company, len(*p))
			for k, i := range *p {
				out[k] = ri.companies[i]
			}
			return out
		}
	}
	best := make([]scored, 0, n+1)
	w := ri.words
	mine := ri.sets[self*w : (self+1)*w]
	for i := range ri.companies {
		shared := 0
		if w == 1 {
			shared = bits.OnesCount64(mine[0] & ri.sets[i])
		} else {
			for k, m := range mine {
				shared += bits.OnesCount64(m & ri.sets[i*w+k])
			}
		}
		// 4 points a shared service outweigh the 3 that park and city can add, so a
		// candidate that cannot beat the weakest kept one is skipped before it is looked at.
		if shared == 0 || i == self || (len(best) == n && shared*4+3 <= best[n-1].score) {
			continue
		}
		best = ri.consider(best, c, i, shared*4, n)
	}
	out := make([]*content.Company, len(best))
	positions := make([]int32, len(best))
	for k, s := range best {
		out[k], positions[k] = ri.companies[s.i], int32(s.i)
	}
	if n == relatedShown {
		ri.memo.lists[self].Store(&positions)
	}
	return out
}

// consider adds candidate i to the best-first list if it scores high enough.
func (ri *relatedIndex) consider(best []scored, c *content.Company, i, score, n int) []scored {
	o := ri.companies[i]
	if c.Park != nil && o.Park == c.Park {
		score += 2
	}
	if o.City == c.City {
		score++
	}
	if len(best) == n && score <= best[n-1].score {
		return best
	}
	at, _ := slices.BinarySearchFunc(best, score, func(s scored, t int) int {
		if s.score >= t {
			return -1
		}
		return 1
	})
	best = slices.Insert(best, at, scored{i, score})
	if len(best) > n {
		best = best[:n]
	}
	return best
}
