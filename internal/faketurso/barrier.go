package faketurso

import (
	"net/http"
	"sync"
)

// Barrier holds every request to its paths until one request to each path has arrived, then lets
// that round through to the next handler together. A client that sends the requests one after
// another never gets past it; one that sends them concurrently does. Nothing is timed.
type Barrier struct {
	next  http.Handler
	paths map[string]bool

	mu      sync.Mutex
	arrived map[string]bool
	open    chan struct{}
	rounds  int
}

// NewBarrier wraps next; requests to other paths pass straight through. A path may carry a query
// ("/v1/organizations/demo/invoices?type=upcoming"): it then gates only requests with that query.
func NewBarrier(next http.Handler, paths ...string) *Barrier {
	b := &Barrier{next: next, paths: map[string]bool{}, arrived: map[string]bool{}, open: make(chan struct{})}
	for _, p := range paths {
		b.paths[p] = true
	}
	return b
}

// Rounds returns how many times every path had a request waiting at once.
func (b *Barrier) Rounds() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rounds
}

func (b *Barrier) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if withQuery := key + "?" + r.URL.RawQuery; b.paths[withQuery] {
		key = withQuery
	}
	if !b.paths[key] {
		b.next.ServeHTTP(w, r)
		return
	}
	b.mu.Lock()
	open := b.open
	b.arrived[key] = true
	if len(b.arrived) == len(b.paths) {
		b.rounds++
		close(b.open)
		b.arrived = map[string]bool{}
		b.open = make(chan struct{})
	}
	b.mu.Unlock()

	select {
	case <-open:
		b.next.ServeHTTP(w, r)
	case <-r.Context().Done():
		// A request the client gave up on no longer counts towards this round.
		b.mu.Lock()
		if b.open == open {
			delete(b.arrived, key)
		}
		b.mu.Unlock()
	}
}
