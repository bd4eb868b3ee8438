package turso_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// The fake's hostile scenarios, against the client: each ends in a clear error, once, with the status
// where there was one.

func TestGzipBombsStopAtTheFirstHugeValue(t *testing.T) {
	for name, fault := range map[string]faketurso.Fault{
		"usage":        faketurso.UsageGzipBomb(2 << 30),
		"error string": faketurso.GzipBomb(http.StatusOK, `{"error":"`, "x", 2<<30, `"}`),
		"whitespace":   faketurso.WhitespaceGzipBomb(2 << 30),
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := faketurso.Start(t)
			path := faketurso.UsagePath(faketurso.OrgDemo)
			fake.Script(path, fault)
			_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
			var de *turso.DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), "longer than 65536 bytes starts at byte") {
				t.Fatalf("err = %v, want a DecodeError about one huge value", err)
			}
			if n := fake.RequestCount(path); n != 1 {
				t.Errorf("requests = %d, want 1: a malformed body is not retried", n)
			}
		})
	}
}

func TestCapsCountInflatedBytes(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.SubscriptionPath(faketurso.OrgDemo)
	// One array of zeros: no value is long, but the body inflates past the 4 MiB cap.
	fake.Script(path, faketurso.ArrayGzipBomb("subscription", 64<<20))
	_, err := newClient(t, fastOptions(url)).Subscription(context.Background(), faketurso.OrgDemo)
	if !errors.Is(err, turso.ErrResponseTooLarge) || !strings.Contains(err.Error(), "response body too large (more than 4194304 bytes after decompression)") {
		t.Fatalf("err = %v, want the subscription's 4 MiB cap", err)
	}
	if strings.Contains(err.Error(), "attempts") || fake.RequestCount(path) != 1 {
		t.Errorf("a too-large body was retried: %v, %d requests", err, fake.RequestCount(path))
	}
}

// The usage endpoint's cap is sized for very large organizations: a body (inflated) well past the
// small endpoints' 4 MiB reads. Its own cap is the same code as theirs, tested above.
func TestUsageCapIsLarge(t *testing.T) {
	fake, url := faketurso.Start(t)
	body := faketurso.GenerateUsage(12_000, 2)
	if len(body) <= 4<<20 {
		t.Fatalf("the body is %d bytes, not past the small cap", len(body))
	}
	fake.SetUsage("big", body)
	fake.Script(faketurso.UsagePath("big"), faketurso.Fault{Gzip: true})
	opts := fastOptions(url)
	// Decoding under the race detector takes seconds, and many more on a busy machine.
	opts.AttemptTimeout, opts.OverallTimeout = time.Minute, 5*time.Minute
	u, err := newClient(t, opts).OrganizationUsage(context.Background(), "big")
	if err != nil || u.Databases.Len() != 12_000 {
		t.Fatalf("err = %v, want all 12,000 databases", err)
	}
}

func TestErrorBodiesKeepTheirStatus(t *testing.T) {
	for name, tc := range map[string]struct {
		fault    faketurso.Fault
		status   int
		attempts int
		want     string
	}{
		"401 with 50 MB of HTML": {faketurso.HugeErrorBody(401, 50<<20), 401, 1,
			`HTTP 401 Unauthorized: text/html body (more than 65536 bytes) beginning "<html><body> <p>Unauthorized</p>`},
		"401 gzip bomb": {faketurso.ErrorGzipBomb(401, 400<<20), 401, 1,
			`HTTP 401 Unauthorized: application/json body (more than 65536 bytes) beginning "{\"error\":\"xxxx`},
		"503 gzip bomb, retried": {faketurso.ErrorGzipBomb(503, 400<<20), 503, 3,
			`HTTP 503 Service Unavailable after 3 attempts: application/json body (more than 65536 bytes)`},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := faketurso.Start(t)
			path := faketurso.UsagePath(faketurso.OrgDemo)
			fake.SetFault(path, tc.fault)
			_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
			var apiErr *turso.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status || apiErr.Attempts != tc.attempts {
				t.Fatalf("err = %v, want an APIError %d after %d attempts", err, tc.status, tc.attempts)
			}
			if !strings.Contains(err.Error(), tc.want) || errors.Is(err, turso.ErrResponseTooLarge) {
				t.Errorf("err = %v\nwant it to contain %s", err, tc.want)
			}
		})
	}
}

// echoToken is 47 characters, like a real token's "Bearer "-less length in the report.
const echoToken = "tok_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"

func TestTokenEchoNeverLeaksAnyPart(t *testing.T) {
	fake, url := faketurso.Start(t)
	logger := &recordingLogger{}
	opts := fastOptions(url)
	opts.Token = echoToken
	opts.Logger = logger
	c := newClient(t, opts)
	path := faketurso.UsagePath(faketurso.OrgDemo)
	for _, kind := range []string{faketurso.EchoJSONError, faketurso.EchoTextError, faketurso.EchoText200} {
		// The cut points: 300 characters of a JSON error, 80 of a non-JSON error body, 60 of a 200's.
		for offset := 0; offset <= 340; offset++ {
			fake.Script(path, faketurso.EchoToken(kind, offset))
			_, err := c.OrganizationUsage(context.Background(), faketurso.OrgDemo)
			if err == nil {
				t.Fatalf("%s at %d: no error", kind, offset)
			}
			if piece := tokenPiece(err.Error()); piece != "" {
				t.Fatalf("%s at %d: the error shows %q of the token: %v", kind, offset, piece, err)
			}
		}
	}
	for _, e := range logger.entries {
		for k, v := range e {
			if piece := tokenPiece(fmt.Sprint(v)); piece != "" {
				t.Fatalf("log field %s shows %q of the token", k, piece)
			}
		}
	}
}

// tokenPiece returns a 16-character piece of echoToken found in s, or "".
func tokenPiece(s string) string {
	for i := 0; i+16 <= len(echoToken); i++ {
		if strings.Contains(s, echoToken[i:i+16]) {
			return echoToken[i : i+16]
		}
	}
	return ""
}

func TestInvalidUTF8AndDuplicateKeysAreMalformed(t *testing.T) {
	for name, tc := range map[string]struct {
		fault       faketurso.Fault
		where, want string
	}{
		"invalid UTF-8": {faketurso.InvalidUTF8Usage(), "organization.databases[3].uuid", "invalid UTF-8"},
		"duplicate key": {faketurso.DuplicateKeyUsage(), "organization.usage", `duplicate key "rows_read"`},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := faketurso.Start(t)
			fake.Script(faketurso.UsagePath(faketurso.OrgDemo), tc.fault)
			_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
			var de *turso.DecodeError
			if !errors.As(err, &de) || de.Where != tc.where || de.Reason != tc.want {
				t.Fatalf("err = %v, want %s: %s", err, tc.where, tc.want)
			}
		})
	}
}

func TestDialTimeoutIsNamed(t *testing.T) {
	opts := fastOptions("http://127.0.0.1:9")
	opts.DialTimeout = time.Nanosecond
	opts.RetryMax = 0
	_, err := newClient(t, opts).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	if err == nil || !strings.Contains(err.Error(), "could not connect within the dial timeout of 1ns") || strings.Contains(err.Error(), "per-attempt") {
		t.Fatalf("err = %v, want the dial timeout named", err)
	}
}

func TestRedirectHopsAreNotAttempts(t *testing.T) {
	fake, url := faketurso.Start(t)
	for i := range 6 {
		fake.Script(faketurso.UsagePath(fmt.Sprintf("hop%d", i)), faketurso.Fault{Location: faketurso.UsagePath(fmt.Sprintf("hop%d", i+1))})
	}
	_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), "hop0")
	var reqErr *turso.RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 1 || strings.Contains(err.Error(), "attempts") || !strings.Contains(err.Error(), "more than 5 redirects") {
		t.Fatalf("err = %v, want one attempt refused after 5 redirects", err)
	}
}

func TestTLSFailuresAreNotRetried(t *testing.T) {
	tlsServer := httptest.NewTLSServer(faketurso.New())
	defer tlsServer.Close()
	plain := httptest.NewServer(faketurso.New())
	defer plain.Close()
	for name, tc := range map[string]struct{ url, want string }{
		"untrusted certificate":      {tlsServer.URL, "certificate"},
		"plain HTTP at an https URL": {strings.Replace(plain.URL, "http://", "https://", 1), "server gave HTTP response to HTTPS client"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := newClient(t, fastOptions(tc.url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
			var reqErr *turso.RequestError
			if !errors.As(err, &reqErr) || reqErr.Attempts != 1 || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one attempt failing on %q", err, tc.want)
			}
		})
	}
}

func TestUnreadableErrorBodyKeepsItsStatus(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.UsagePath(faketurso.OrgDemo)
	// The connection drops 20 bytes into a 401's body: the status is all there is to report.
	fake.Script(path, faketurso.Fault{Status: 401, Body: faketurso.ErrorBody(strings.Repeat("no ", 1000)), CutAfter: 20, Reset: true})
	_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	var apiErr *turso.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Attempts != 1 {
		t.Fatalf("err = %v, want the 401", err)
	}
	if !strings.Contains(err.Error(), `HTTP 401 Unauthorized: application/json body (20 bytes) beginning "{\"error\":\"no no no n"`) {
		t.Errorf("err = %v, want the 20 bytes that arrived described", err)
	}
}

func TestTLSHandshakeTimeoutIsNamed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accept, and never start TLS
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, conn)
		}
	}()
	opts := fastOptions("https://" + ln.Addr().String())
	opts.TLSHandshakeTimeout = 50 * time.Millisecond
	opts.RetryMax = 0
	_, err = newClient(t, opts).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	if err == nil || !strings.Contains(err.Error(), "the TLS handshake did not finish within its timeout of 50ms") || strings.Contains(err.Error(), "per-attempt") {
		t.Fatalf("err = %v, want the TLS handshake timeout named", err)
	}
}
