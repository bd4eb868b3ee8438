package faketurso

import (
	"net/http/httptest"
	"testing"
)

// Start serves a new fake over loopback HTTP for the rest of the test and returns it with its URL.
func Start(tb testing.TB) (*Server, string) {
	tb.Helper()
	fake := New()
	srv := httptest.NewServer(fake)
	tb.Cleanup(func() {
		fake.Close()
		srv.Close()
	})
	return fake, srv.URL
}
