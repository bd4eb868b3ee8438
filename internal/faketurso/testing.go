package faketurso

import "net/http/httptest"

// TB is the part of testing.TB that Start needs; taking it instead of testing.TB keeps package
// testing out of the fake-turso binary.
type TB interface {
	Helper()
	Cleanup(func())
}

// Start serves a new fake over loopback HTTP for the rest of the test and returns it with its URL.
func Start(tb TB) (*Server, string) {
	tb.Helper()
	fake := New()
	srv := httptest.NewServer(fake)
	tb.Cleanup(func() {
		fake.Close()
		srv.Close()
	})
	return fake, srv.URL
}
