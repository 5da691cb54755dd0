package render

import (
	"math/bits"
	"slices"

	"github.com/pseb/sitegen/generator/content"
)

// relatedIndex finds the companies most like a given one: those sharing the most services,
// then the same park, then the same city. Services are bitsets, so scoring one company
// against all others is a popcount per word; results depend only on the sorted site.
type relatedIndex struct {
	companies []*content.Company
	sets      [][]uint64
	pos       map[*content.Company]int
}

func newRelatedIndex(s *content.Site) *relatedIndex {
	bit := map[string]int{}
	for i, sv := range s.Data.Services {
		bit[sv.ID] = i
	}
	words := (len(s.Data.Services) + 63) / 64
	ri := &relatedIndex{companies: s.Companies, sets: make([][]uint64, len(s.Companies)), pos: map[*content.Company]int{}}
	backing := make([]uint64, words*len(s.Companies))
	for i, c := range s.Companies {
		set := backing[i*words : (i+1)*words]
		for _, sv := range c.Services {
			b := bit[sv.ID]
			set[b/64] |= 1 << (b % 64)
		}
		ri.sets[i] = set
		ri.pos[c] = i
	}
	return ri
}

// of returns up to n companies related to c, best first; ties keep the directory order.
func (ri *relatedIndex) of(c *content.Company, n int) []*content.Company {
	self, ok := ri.pos[c]
	if !ok || n <= 0 {
		return nil
	}
	type scored struct{ i, score int }
	best := make([]scored, 0, n+1)
	mine := ri.sets[self]
	for i, other := range ri.sets {
		if i == self {
			continue
		}
		shared := 0
		for w := range mine {
			shared += bits.OnesCount64(mine[w] & other[w])
		}
		if shared == 0 {
			continue
		}
		o := ri.companies[i]
		score := shared * 4
		if c.Park != nil && o.Park == c.Park {
			score += 2
		}
		if o.City == c.City {
			score++
		}
		if len(best) == n && score <= best[n-1].score {
			continue
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
	}
	out := make([]*content.Company, len(best))
	for k, s := range best {
		out[k] = ri.companies[s.i]
	}
	return out
}
