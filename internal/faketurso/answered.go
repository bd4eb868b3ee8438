package faketurso

import (
	"net/http"
	"net/http/httptest"
	"sync"
)

// Answered wraps a handler and announces when it has finished answering a request to each of its
// paths: a test waits on Done to know the client holds those answers, instead of sleeping.
type Answered struct {
	next http.Handler

	mu      sync.Mutex
	waiting map[string]bool // the paths not answered yet
	done    chan struct{}
}

// NewAnswered wraps next; requests to other paths pass through unannounced.
func NewAnswered(next http.Handler, paths ...string) *Answered {
	a := &Answered{next: next, waiting: map[string]bool{}, done: make(chan struct{})}
	for _, p := range paths {
		a.waiting[p] = true
	}
	return a
}

// Done is closed once a response to a request for each path has been written.
func (a *Answered) Done() <-chan struct{} { return a.done }

func (a *Answered) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.next.ServeHTTP(w, r)
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.waiting[r.URL.Path] {
		return
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	delete(a.waiting, r.URL.Path)
	if len(a.waiting) == 0 {
		close(a.done)
	}
}

// StartAnswered is Start with the fake behind NewAnswered for paths.
func StartAnswered(tb TB, paths ...string) (*Server, *Answered, string) {
	tb.Helper()
	fake := New()
	answered := NewAnswered(fake, paths...)
	srv := httptest.NewServer(answered)
	tb.Cleanup(func() {
		fake.Close()
		srv.Close()
	})
	return fake, answered, srv.URL
}
