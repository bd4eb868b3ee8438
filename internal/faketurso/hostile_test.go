package faketurso

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A bomb inflates to what it says, from a small body on the wire.
func TestGzipBombInflates(t *testing.T) {
	fake := New()
	fake.SetFault(UsagePath("bomb"), GzipBomb(http.StatusTeapot, `{"a":"`, "0,", 8<<20, `"}`))
	srv := httptest.NewServer(fake)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+UsagePath("bomb"), nil)
	req.Header.Set("Accept-Encoding", "gzip") // so that the transport hands the body over as sent
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	wire, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusTeapot || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, Content-Encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	inflated, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(`{"a":"`) + 8<<20 + len(`"}`); len(inflated) != want || !bytes.HasPrefix(inflated, []byte(`{"a":"0,0,`)) || !bytes.HasSuffix(inflated, []byte(`0,"}`)) {
		t.Errorf("inflated to %d bytes (%q…), want %d", len(inflated), inflated[:min(20, len(inflated))], want)
	}
	if len(wire) > 64<<10 {
		t.Errorf("%d bytes on the wire for 8 MiB inflated", len(wire))
	}
}

// An echo puts the request's Authorization value at the offset asked for.
func TestEchoToken(t *testing.T) {
	fake := New()
	fake.SetFault(UsagePath("echo"), EchoToken(EchoTextError, 5))
	srv := httptest.NewServer(fake)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+UsagePath("echo"), nil)
	req.Header.Set("Authorization", "Bearer secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusUnauthorized || !bytes.HasPrefix(body, []byte("eeeeeBearer secret was refused")) {
		t.Errorf("%d %q", resp.StatusCode, body[:min(40, len(body))])
	}
}

// A body of tiny databases is valid JSON with its end, and stops in the list without it.
func TestTinyDatabasesUsage(t *testing.T) {
	for _, end := range []bool{true, false} {
		fake := New()
		fake.SetFault(UsagePath("tiny"), TinyDatabasesUsage(3<<20, end))
		srv := httptest.NewServer(fake)
		status, body := Get(t, srv.URL+UsagePath("tiny"), Token)
		srv.Close()
		var usage struct {
			Organization struct {
				Databases []struct{ UUID string }
			}
		}
		err := json.Unmarshal(body, &usage)
		if status != http.StatusOK || len(body) > 3<<20+100 || len(body) < 3<<20-100 {
			t.Errorf("end %t: status %d, %d bytes", end, status, len(body))
		}
		if n := len(usage.Organization.Databases); end && (err != nil || n < 3<<20/(len(tinyDatabase)+1)-10 || usage.Organization.Databases[n-1].UUID != "d") {
			t.Errorf("with its end: %d databases, %v", n, err)
		}
		if !end && err == nil {
			t.Error("without its end, the body is valid JSON")
		}
	}
}
