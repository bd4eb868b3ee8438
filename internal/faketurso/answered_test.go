package faketurso

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestAnswered(t *testing.T) {
	entered, release := make(chan struct{}, 1), make(chan struct{})
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/watched" {
			entered <- struct{}{}
			<-release
		}
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	answered := NewAnswered(inner, "/watched")
	srv := httptest.NewServer(answered)
	defer srv.Close()

	get := func(path string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	closed := func() bool {
		select {
		case <-answered.Done():
			return true
		default:
			return false
		}
	}

	get("/other")
	if closed() {
		t.Fatal("Done closed by a request to another path")
	}
	got := make(chan struct{})
	go func() { get("/watched"); close(got) }()
	<-entered
	if closed() {
		t.Fatal("Done closed while the handler was still answering")
	}
	close(release)
	<-got
	select {
	case <-answered.Done():
	case <-time.After(10 * time.Second): // a bound on the bug, not a timing target
		t.Fatal("Done not closed after the client had its response")
	}
	get("/watched") // a second answer must not close Done again (a panic)
	<-entered
}

// With several paths, Done waits for an answer to each of them.
func TestAnswered_everyPath(t *testing.T) {
	answered := NewAnswered(http.NotFoundHandler(), "/a", "/b")
	srv := httptest.NewServer(answered)
	defer srv.Close()
	for i, path := range []string{"/a", "/a", "/b"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		select {
		case <-answered.Done():
			if i < 2 {
				t.Fatalf("Done closed after %s, before /b was answered", path)
			}
		default:
			if i == 2 {
				t.Fatal("Done still open after every path was answered")
			}
		}
	}
}
