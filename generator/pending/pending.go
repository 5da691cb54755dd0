// Package pending owns the set of pages an edit left to write: each kept by key (its
// output file) in the order it was added, and written by whoever claims it first (the
// background settling, or a browser asking for that page). A claim is held by one writer
// at a time, others wait for it; a claim given up (a cancelled write) leaves the page in
// the set for the next claimant.
package pending

import (
	"context"
	"sync"
)

// Set is the pages to write, by key; the zero value is empty and ready to use. It is safe
// for concurrent use.
type Set[T any] struct {
	mu    sync.Mutex
	slots map[string]*Slot[T]
	order []string // the keys in the order Take returns them
}

// Slot is one page of the set, claimed by one writer at a time.
type Slot[T any] struct {
	Key   string
	Value T
	// claimed is closed by the claimant when it is done with the page, written or not;
	// nil while nobody holds it.
	claimed chan struct{}
}

// Add puts v in the set under key, after the pages already there (a key already there
// keeps its place and takes v).
func (q *Set[T]) Add(key string, v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.slots == nil {
		q.slots = map[string]*Slot[T]{}
	}
	if _, ok := q.slots[key]; !ok {
		q.order = append(q.order, key)
	}
	q.slots[key] = &Slot[T]{Key: key, Value: v}
}

// Has reports whether the page of key is still to be written.
func (q *Set[T]) Has(key string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	_, ok := q.slots[key]
	return ok
}

// Len counts the pages left to write.
func (q *Set[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.slots)
}

// Delete forgets the page of key (it is not to be written any more: its source is gone).
func (q *Set[T]) Delete(key string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.slots, key)
}

// Keys are the keys still to be written, in order.
func (q *Set[T]) Keys() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []string
	for _, k := range q.order {
		if _, ok := q.slots[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// Take hands over the keys in order with their values, for a writer that claims each;
// the pages stay in the set until written. Requeue puts back the order of those it did
// not write.
func (q *Set[T]) Take() (keys []string, values []T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	keys, q.order = q.order, nil
	values = make([]T, len(keys))
	for i, k := range keys {
		if s := q.slots[k]; s != nil {
			values[i] = s.Value
		}
	}
	return keys, values
}

// Requeue puts the keys (from Take) that are still to be written back in the order, in
// their order, for the next claimant.
func (q *Set[T]) Requeue(keys []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range keys {
		if _, ok := q.slots[k]; ok {
			q.order = append(q.order, k)
		}
	}
}

// Claim takes the page of key for writing. It returns nil when the page is written (or
// was never in the set); it waits while another claimant holds it.
func (q *Set[T]) Claim(ctx context.Context, key string) (*Slot[T], error) {
	for {
		q.mu.Lock()
		s, ok := q.slots[key]
		if !ok {
			q.mu.Unlock()
			return nil, nil
		}
		if s.claimed == nil {
			s.claimed = make(chan struct{})
			q.mu.Unlock()
			return s, nil
		}
		wait := s.claimed
		q.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Release ends a claim: a written page leaves the set, any other stays to be written.
func (q *Set[T]) Release(s *Slot[T], written bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if written && q.slots[s.Key] == s {
		delete(q.slots, s.Key)
	}
	close(s.claimed)
	s.claimed = nil
}
