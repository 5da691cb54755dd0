package syncbuf

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Writers and a reader at once: every write arrives whole (go test -race checks the rest).
func TestConcurrentWrites(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				fmt.Fprintf(&b, "<%d>", i)
				_ = b.String()
			}
		}()
	}
	wg.Wait()
	for i := range 8 {
		if n := strings.Count(b.String(), fmt.Sprintf("<%d>", i)); n != 100 {
			t.Errorf("writer %d: %d writes", i, n)
		}
	}
}
