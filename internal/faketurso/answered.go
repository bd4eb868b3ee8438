package faketurso

import (
	"net/http"
	"net/http/httptest"
	"sync"
)

// Answered wraps a handler and announces when it has finished answering the first request to one
// path: a test waits on Done to know the client holds that answer, instead of sleeping.
type Answered struct {
	next http.Handler
	path string
	once sync.Once
	done chan struct{}
}

// NewAnswered wraps next; requests to other paths pass through unannounced.
func NewAnswered(next http.Handler, path string) *Answered {
	return &Answered{next: next, path: path, done: make(chan struct{})}
}

// Done is closed once a response to a request for the path has been written.
func (a *Answered) Done() <-chan struct{} { return a.done }

func (a *Answered) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.next.ServeHTTP(w, r)
	if r.URL.Path == a.path {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		a.once.Do(func() { close(a.done) })
	}
}

// StartAnswered is Start with the fake behind NewAnswered for path.
func StartAnswered(tb TB, path string) (*Server, *Answered, string) {
	tb.Helper()
	fake := New()
	answered := NewAnswered(fake, path)
	srv := httptest.NewServer(answered)
	tb.Cleanup(func() {
		fake.Close()
		srv.Close()
	})
	return fake, answered, srv.URL
}
