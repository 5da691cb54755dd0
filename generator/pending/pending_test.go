package pending

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestOrderAndRequeue(t *testing.T) {
	var q Set[int]
	if q.Len() != 0 || q.Has("a") || q.Keys() != nil {
		t.Fatal("the zero set is not empty")
	}
	q.Add("a", 1)
	q.Add("b", 2)
	q.Add("a", 3) // keeps its place, takes the new value
	q.Add("c", 4)
	q.Delete("c")
	if got := fmt.Sprint(q.Keys(), q.Len()); got != "[a b] 2" {
		t.Errorf("keys %s", got)
	}
	keys, values := q.Take()
	if fmt.Sprint(keys, values) != "[a b c] [3 2 0]" {
		t.Errorf("take %v %v", keys, values)
	}
	if q.Keys() != nil || q.Len() != 2 {
		t.Errorf("after Take the pages stay, out of the order: %v %d", q.Keys(), q.Len())
	}
	s, _ := q.Claim(context.Background(), "a")
	q.Release(s, true)
	q.Add("d", 5)
	q.Requeue(keys) // b is left; a was written, c deleted
	if got := fmt.Sprint(q.Keys()); got != "[d b]" {
		t.Errorf("requeued %s", got)
	}
	if s, err := q.Claim(context.Background(), "a"); s != nil || err != nil {
		t.Errorf("a written page is claimed again: %v %v", s, err)
	}
}

// Each page is written once however many writers ask for it; a claim given up leaves it
// for the next; a waiting claimant gives up with its context.
func TestClaims(t *testing.T) {
	var q Set[string]
	for i := range 50 {
		q.Add(fmt.Sprint(i), "page")
	}
	var writes [50]atomic.Int32
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				s, err := q.Claim(context.Background(), fmt.Sprint(i))
				if err != nil || s == nil {
					continue
				}
				// Every other writer gives its first claims up, unwritten.
				written := w%2 == 0 || i%3 != 0
				if written {
					writes[i].Add(1)
				}
				q.Release(s, written)
			}
		}()
	}
	wg.Wait()
	for i := range 50 {
		if n := writes[i].Load(); n != 1 {
			t.Errorf("page %d written %d times", i, n)
		}
	}
	if q.Len() != 0 {
		t.Errorf("%d pages left", q.Len())
	}
	q.Add("x", "page")
	held, _ := q.Claim(context.Background(), "x")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if s, err := q.Claim(ctx, "x"); s != nil || err == nil {
		t.Errorf("a claim while another holds the page: %v %v", s, err)
	}
	q.Release(held, false)
	if !q.Has("x") {
		t.Error("a page given up is not pending any more")
	}
}
