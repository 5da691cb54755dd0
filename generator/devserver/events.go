package devserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

type event struct{ kind, data string }

// hub fans events out to the open pages. A page that does not keep up is dropped: it
// reconnects by itself (EventSource retries), and it must never hold a rebuild back.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
}

func (h *hub) add() chan event {
	ch := make(chan event, 4)
	h.mu.Lock()
	h.clients[ch] = true
	h.mu.Unlock()
	return ch
}

func (h *hub) remove(ch chan event) {
	h.mu.Lock()
	if h.clients[ch] {
		delete(h.clients, ch)
		close(ch)
	}
	h.mu.Unlock()
}

func (h *hub) broadcast(e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case ch <- e:
		default:
			delete(h.clients, ch)
			close(ch)
		}
	}
}

// send gives one client an event if it is still registered and has room.
func (h *hub) send(ch chan event, e event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[ch] {
		select {
		case ch <- e:
		default:
		}
	}
}

func errorsEvent(lines []string) event {
	data, _ := json.Marshal(lines) // one line of JSON, as an SSE data field needs
	return event{kind: "errors", data: string(data)}
}

func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		delete(h.clients, ch)
		close(ch)
	}
}

// events streams server-sent events to one page until it goes away.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := s.hub.add()
	defer s.hub.remove(ch)
	// The current build number first: a page served by an older build reloads.
	s.mu.RLock()
	errs, build := s.errs, s.build
	s.mu.RUnlock()
	fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %d\n\n", build)
	// A page that opens while the build is broken shows the errors at once.
	if errs != nil {
		s.hub.send(ch, errorsEvent(errs))
	}
	flusher.Flush()
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, open := <-ch:
			if !open {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.kind, e.data)
			flusher.Flush()
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
		}
	}
}
