package related

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
)

// relatedByScoring is what Index.scan must return: every other company scored
// against c (4 a shared service, 2 the same park, 1 the same city; none without a shared
// service), the best n by score, ties in the directory's order.
func relatedByScoring(ri *Index, c *content.Company, mine []uint64, skip func(int) bool, n int) []scored {
	var all []scored
	for i := range ri.companies {
		shared := 0
		for k, m := range mine {
			shared += bits.OnesCount64(m & ri.sets[i*ri.words+k])
		}
		if shared == 0 || skip(i) {
			continue
		}
		all = append(all, scored{i, shared*4 + bonus(c, ri.companies[i])})
	}
	slices.SortStableFunc(all, func(a, b scored) int { return b.score - a.score })
	return all[:min(n, len(all))]
}

// The bit-plane scan finds what scoring every company finds, on random sites (services
// past one word of bits among them), for companies of the site and for new ones.
func TestRelatedScanMatchesScoring(t *testing.T) {
	for seed := range 20 {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		nServices := []int{3, 12, 70}[seed%3]
		data := &config.Data{}
		for k := range nServices {
			data.Services = append(data.Services, &config.Service{ID: fmt.Sprintf("s%d", k)})
		}
		cities := []*config.City{{ID: "a"}, {ID: "b"}, {ID: "c"}}
		parks := []*content.Park{{Name: "P1"}, {Name: "P2"}, {Name: "P3"}}
		company := func(i int) *content.Company {
			c := &content.Company{Name: fmt.Sprintf("C%03d", i), City: cities[r.IntN(len(cities))]}
			c.Source = fmt.Sprintf("content/companies/c%03d.md", i)
			if k := r.IntN(4); k < len(parks) {
				c.Park = parks[k]
			}
			for _, k := range r.Perm(nServices)[:1+r.IntN(min(nServices, 6))] {
				c.Services = append(c.Services, data.Services[k])
			}
			return c
		}
		site := &content.Site{Data: data}
		for i := range 40 + r.IntN(300) {
			site.Companies = append(site.Companies, company(i))
		}
		ri := New(site)
		for self, c := range site.Companies {
			mine := ri.sets[self*ri.words : (self+1)*ri.words]
			skip := func(i int) bool { return i == self }
			for _, n := range []int{1, Shown, 9} {
				if got, want := ri.scan(c, mine, skip, n), relatedByScoring(ri, c, mine, skip, n); !slices.Equal(got, want) {
					t.Fatalf("seed %d, %s, n %d: scan %v, scoring %v", seed, c.Name, n, got, want)
				}
			}
		}
		// A company not in the index, in a park and a city of its own or of the site's.
		c := company(999)
		if seed%2 == 0 {
			c.Park, c.City = &content.Park{Name: "new"}, &config.City{ID: "new"}
		}
		mine := make([]uint64, ri.words)
		for _, sv := range c.Services {
			b := ri.bit[sv.ID]
			mine[b/64] |= 1 << (b % 64)
		}
		none := func(int) bool { return false }
		if got, want := ri.scan(c, mine, none, Shown), relatedByScoring(ri, c, mine, none, Shown); !slices.Equal(got, want) {
			t.Fatalf("seed %d, a new company: scan %v, scoring %v", seed, got, want)
		}
	}
}
