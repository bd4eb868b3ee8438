package faketurso

import (
	"io"
	"net/http"
	"net/http/httptest"
)

// TB is the part of testing.TB that the helpers here need; taking it instead of testing.TB keeps
// package testing out of the fake-turso binary.
type TB interface {
	Helper()
	Cleanup(func())
	Fatal(args ...any)
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

// Get sends a GET with the bearer token to url, as a client of the fake would, and returns the
// status and the whole body; any failure to get them ends the test.
func Get(tb TB, url, token string) (int, []byte) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, body
}
