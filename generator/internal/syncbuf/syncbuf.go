// Package syncbuf owns a text buffer safe for concurrent use, for tests that read what
// another goroutine (a server, a progress line, a watcher) writes meanwhile.
package syncbuf

import (
	"strings"
	"sync"
)

// Buffer is an io.Writer whose String may be read while others write; the zero value is
// ready to use.
type Buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what has been written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
