package turso_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// fastOptions keep retries short; tests that need other limits change a copy.
func fastOptions(url string) turso.Options {
	return turso.Options{
		BaseURL:        url,
		Token:          faketurso.Token,
		UserAgent:      "terraform-provider-turso/test",
		RetryMax:       2,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   5 * time.Millisecond,
		RetryAfterMax:  20 * time.Millisecond,
		AttemptTimeout: 2 * time.Second,
		OverallTimeout: 20 * time.Second,
	}
}

func newClient(t *testing.T, opts turso.Options) *turso.Client {
	t.Helper()
	c, err := turso.New(opts)
	if err != nil {
		t.Fatalf("turso.New: %v", err)
	}
	return c
}

func mustInt(t *testing.T, c turso.Counter, want int64) {
	t.Helper()
	got, ok := c.Int64()
	if !ok || got != want {
		t.Errorf("counter = %d (set %v), want %d", got, ok, want)
	}
}

func TestOrganizationUsage_sendsHeadersAndDecodesReference(t *testing.T) {
	fake, url := faketurso.Start(t)
	u, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgReference)
	if err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("requests = %d, want exactly 1", len(reqs))
	}
	h := reqs[0].Header
	for name, want := range map[string]string{
		"Authorization": "Bearer " + faketurso.Token,
		"Accept":        "application/json",
		"User-Agent":    "terraform-provider-turso/test",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if reqs[0].Method != http.MethodGet || reqs[0].Path != "/v1/organizations/reference/usage" {
		t.Errorf("request = %s %s", reqs[0].Method, reqs[0].Path)
	}
	if u.UUID != "fa72ba58-7db3-436b-bcab-14b83eb1dd88" {
		t.Errorf("uuid = %q", u.UUID)
	}
	mustInt(t, u.Usage.RowsRead, 1000000000)
	mustInt(t, u.Usage.StorageBytes, 9000000000)
	mustInt(t, u.Usage.BytesSynced, 3000000000)
	if u.Databases.Len() != 1 || len(u.Databases.Database(0).Instances) != 2 {
		t.Fatalf("databases = %+v", u.Databases)
	}
	mustInt(t, u.Databases.Database(0).Total.StorageBytes, 8192)
	mustInt(t, u.Databases.Database(0).Instances[1].Usage.StorageBytes, 4096)
	if u.Databases.Database(0).Instances[1].UUID != "0be90471-6906-11ee-8553-eaa7715aeaf2" {
		t.Errorf("instance uuid = %q", u.Databases.Database(0).Instances[1].UUID)
	}
}

func TestOrganizationUsage_liveShape(t *testing.T) {
	_, url := faketurso.Start(t)
	u, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgLive)
	if err != nil {
		t.Fatal(err)
	}
	mustInt(t, u.Usage.RowsRead, 1<<53+1)
	mustInt(t, u.Usage.StorageBytes, 1<<63-1)
	mustInt(t, u.Databases.Database(0).Total.RowsRead, 1<<53+1) // from "usage", not recomputed from instances
	mustInt(t, u.Databases.Database(1).Total.StorageBytes, 9223372036854763519)
	if len(u.Databases.Database(2).Instances) != 0 || u.Databases.Database(2).Instances == nil {
		t.Errorf("instances of an instance-less database = %#v, want empty", u.Databases.Database(2).Instances)
	}
}

func TestOrganizationUsageSummary_skipsDatabases(t *testing.T) {
	_, url := faketurso.Start(t)
	u, err := newClient(t, fastOptions(url)).OrganizationUsageSummary(context.Background(), faketurso.OrgLive)
	if err != nil {
		t.Fatal(err)
	}
	if u.Databases != nil {
		t.Errorf("databases = %v, want nil", u.Databases)
	}
	mustInt(t, u.Usage.RowsRead, 1<<53+1)
}

func TestStatuses(t *testing.T) {
	for _, tc := range []struct {
		status   int
		attempts int // RetryMax is 2: transient statuses are tried 3 times
	}{
		{400, 1}, {401, 1}, {402, 1}, {403, 1}, {404, 1}, {409, 1}, {501, 1},
		{429, 3}, {500, 3}, {502, 3}, {503, 3}, {504, 3},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			t.Parallel()
			fake, url := faketurso.Start(t)
			path := faketurso.UsagePath(faketurso.OrgDemo)
			for range 5 {
				fake.Script(path, faketurso.Fault{Status: tc.status, Body: []byte(`{"error":"boom ` + http.StatusText(tc.status) + `","code":"E42"}`)})
			}
			_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
			var apiErr *turso.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *turso.APIError", err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Message != "boom "+http.StatusText(tc.status) || apiErr.Code != "E42" {
				t.Errorf("APIError = %+v", apiErr)
			}
			if apiErr.Attempts != tc.attempts || fake.RequestCount(path) != tc.attempts {
				t.Errorf("attempts = %d, requests = %d, want %d", apiErr.Attempts, fake.RequestCount(path), tc.attempts)
			}
			if !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), http.StatusText(tc.status)) {
				t.Errorf("message %q lacks status or API message", err)
			}
		})
	}
}

func TestTransientThenSuccess(t *testing.T) {
	for name, fault := range map[string]faketurso.Fault{
		"503":           {Status: 503},
		"429 seconds":   {Status: 429, RetryAfter: "0"},
		"truncated":     {CutAfter: 40},
		"reset":         {CutAfter: 40, Reset: true},
		"huge retry-at": {Status: 503, RetryAfter: "999999999999999999999"},
		"http date":     {Status: 503, RetryAfter: time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake, url := faketurso.Start(t)
			path := faketurso.UsagePath(faketurso.OrgDemo)
			fake.Script(path, fault)
			// A Retry-After above RetryAfterMax is clamped: an hour-long wait would exceed OverallTimeout.
			u, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
			if err != nil {
				t.Fatal(err)
			}
			mustInt(t, u.Usage.RowsRead, 184523901)
			if n := fake.RequestCount(path); n != 2 {
				t.Errorf("requests = %d, want 2", n)
			}
		})
	}
}

func TestBodyReadFailuresAreReported(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.UsagePath(faketurso.OrgDemo)
	for range 3 {
		fake.Script(path, faketurso.Fault{CutAfter: 100})
	}
	_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	var reqErr *turso.RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 3 {
		t.Fatalf("err = %#v, want a RequestError after 3 attempts", err)
	}
	if !strings.Contains(err.Error(), "reading response body after 100 bytes") {
		t.Errorf("err = %v", err)
	}
}

func TestHangingServerHitsAttemptTimeout(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.UsagePath(faketurso.OrgDemo)
	fake.Script(path, faketurso.Fault{Hang: true}, faketurso.Fault{Hang: true})
	opts := fastOptions(url)
	opts.AttemptTimeout = 100 * time.Millisecond
	opts.RetryMax = 1
	_, err := newClient(t, opts).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	var reqErr *turso.RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 2 || !strings.Contains(err.Error(), "per-attempt timeout of 100ms") {
		t.Fatalf("err = %v, want a per-attempt timeout after 2 attempts", err)
	}
}

func TestOverallTimeoutBoundsRetries(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.UsagePath(faketurso.OrgDemo)
	fake.Script(path, faketurso.Fault{Status: 503, RetryAfter: "3600"}, faketurso.Fault{Status: 503})
	opts := fastOptions(url)
	opts.RetryAfterMax = time.Hour
	opts.OverallTimeout = 200 * time.Millisecond
	_, err := newClient(t, opts).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the overall deadline", err)
	}
	if n := fake.RequestCount(path); n != 1 {
		t.Errorf("requests = %d, want 1: the deadline ends the wait", n)
	}
}

func TestCancellationEndsWaitAtOnce(t *testing.T) {
	path := faketurso.UsagePath(faketurso.OrgDemo)
	fake, answered, url := faketurso.StartAnswered(t, path)
	fake.Script(path, faketurso.Fault{Status: 503, RetryAfter: "3600"})
	opts := fastOptions(url)
	opts.RetryAfterMax = time.Hour
	opts.OverallTimeout = 2 * time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := newClient(t, opts).OrganizationUsage(ctx, faketurso.OrgDemo)
		done <- err
	}()
	select {
	case <-answered.Done(): // the client holds the 503 and its hour-long Retry-After
	case err := <-done:
		t.Fatalf("the call ended (%v) before the API answered", err)
	case <-time.After(30 * time.Second): // a bound on a bug, not a timing target
		t.Fatal("the API saw no request within 30s")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second): // a bound on a bug (an hour-long wait), not a timing target
		t.Fatal("cancellation did not end the Retry-After wait")
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	_, err = newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), "acme")
	var reqErr *turso.RequestError
	if !errors.As(err, &reqErr) || reqErr.Attempts != 3 || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err = %v, want connection refused after 3 attempts", err)
	}
}

func TestGzipBody(t *testing.T) {
	fake, url := faketurso.Start(t)
	fake.Script(faketurso.UsagePath(faketurso.OrgDemo), faketurso.Fault{Gzip: true})
	u, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	if err != nil {
		t.Fatal(err)
	}
	mustInt(t, u.Usage.StorageBytes, 1288490188)
}

func TestResponseSizeCap(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.UsagePath("big")
	fake.SetUsage("big", faketurso.GenerateUsage(50, 2))
	opts := fastOptions(url)
	opts.MaxResponseBytes = 1000
	_, err := newClient(t, opts).OrganizationUsage(context.Background(), "big")
	if !errors.Is(err, turso.ErrResponseTooLarge) || !strings.Contains(err.Error(), "limit is 1000") {
		t.Fatalf("err = %v, want ErrResponseTooLarge", err)
	}
	if n := fake.RequestCount(path); n != 1 {
		t.Errorf("requests = %d, want 1: a too-large body is not retried", n)
	}
}

func TestMalformedSuccessBodies(t *testing.T) {
	for name, tc := range map[string]struct {
		body, contentType, want string
	}{
		"error in 200": {`{"error":"maintenance"}`, "", "the API answered 200 OK with an error instead of \"organization\": maintenance"},
		"html":         {"<!DOCTYPE html><html><body>Bad gateway</body></html>", "text/html", `the body is not JSON`},
		"empty":        {"", "", "the body is empty"},
		"truncated":    {`{"organization":{"uuid":"x","usage":{"rows_read":1`, "", "ends early"},
		"null org":     {`{"organization":null}`, "", "organization: is missing or null"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake, url := faketurso.Start(t)
			header := http.Header{}
			if tc.contentType != "" {
				header.Set("Content-Type", tc.contentType)
			}
			fake.Script(faketurso.UsagePath(faketurso.OrgDemo), faketurso.Fault{Body: []byte(tc.body), Header: header})
			_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
			var de *turso.DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a DecodeError containing %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), "GET /v1/organizations/demo/usage") {
				t.Errorf("err = %v, want the API path", err)
			}
		})
	}
}

func TestNonJSONErrorPage(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.UsagePath(faketurso.OrgDemo)
	header := http.Header{"Content-Type": {"text/html"}}
	for range 3 {
		fake.Script(path, faketurso.Fault{Status: 502, Header: header, Body: []byte("<html><h1>502 Bad Gateway</h1></html>")})
	}
	_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	if err == nil || !strings.Contains(err.Error(), `HTTP 502 Bad Gateway after 3 attempts: text/html body (37 bytes) beginning "<html><h1>502 Bad Gateway</h1></html>"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestRedirects(t *testing.T) {
	var mu sync.Mutex
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		leaked = append(leaked, r.Header.Get("Authorization"))
		mu.Unlock()
	}))
	defer other.Close()

	fake, url := faketurso.Start(t)
	fake.Script(faketurso.UsagePath("moved"), faketurso.Fault{Location: other.URL + "/v1/organizations/demo/usage"})
	_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), "moved")
	if err == nil || !strings.Contains(err.Error(), "redirect refused: to another host") {
		t.Fatalf("err = %v, want a refused redirect", err)
	}
	if fake.RequestCount(faketurso.UsagePath("moved")) != 1 || len(leaked) != 0 {
		t.Errorf("the redirect was retried or followed: other host saw %d requests", len(leaked))
	}

	fake.Script(faketurso.UsagePath("renamed"), faketurso.Fault{Location: "/v1/organizations/demo/usage"})
	u, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), "renamed")
	if err != nil {
		t.Fatalf("same-host redirect: %v", err)
	}
	mustInt(t, u.Usage.RowsRead, 184523901)
	reqs := fake.Requests()
	if last := reqs[len(reqs)-1]; last.Path != "/v1/organizations/demo/usage" || last.Header.Get("Authorization") != "Bearer "+faketurso.Token {
		t.Errorf("same-host redirect lost the token or path: %+v", last)
	}
}

func TestTokenNeverInErrors(t *testing.T) {
	fake, url := faketurso.Start(t)
	fake.Script(faketurso.UsagePath(faketurso.OrgDemo), faketurso.Fault{Status: 401, Body: []byte(`{"error":"token ` + faketurso.Token + ` is expired"}`)})
	_, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	if err == nil || strings.Contains(err.Error(), faketurso.Token) || !strings.Contains(err.Error(), "token [REDACTED] is expired") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnknownTokenIs401(t *testing.T) {
	_, url := faketurso.Start(t)
	opts := fastOptions(url)
	opts.Token = "not-the-token"
	_, err := newClient(t, opts).OrganizationUsage(context.Background(), faketurso.OrgDemo)
	var apiErr *turso.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Message != "token is invalid or expired" {
		t.Fatalf("err = %v", err)
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	for name, opts := range map[string]turso.Options{
		"no token":         {BaseURL: "https://api.turso.tech"},
		"token with space": {BaseURL: "https://api.turso.tech", Token: "abc def"},
		"http remote":      {BaseURL: "http://api.turso.tech", Token: "abc"},
	} {
		if _, err := turso.New(opts); err == nil {
			t.Errorf("%s: New succeeded", name)
		} else if strings.Contains(err.Error(), "abc") {
			t.Errorf("%s: error echoes the token: %v", name, err)
		}
	}
	if _, err := turso.New(turso.Options{Token: "abc"}); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

func TestInvalidSlugSendsNothing(t *testing.T) {
	fake, url := faketurso.Start(t)
	for _, slug := range []string{"", "a/b", "..", "a?b", "a%2f", "a b"} {
		if _, err := newClient(t, fastOptions(url)).OrganizationUsage(context.Background(), slug); err == nil {
			t.Errorf("slug %q accepted", slug)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("requests = %d, want 0", n)
	}
}

type recordingLogger struct {
	mu      sync.Mutex
	entries []map[string]any
}

func (l *recordingLogger) Debug(_ context.Context, msg string, f map[string]any) { l.add(msg, f) }
func (l *recordingLogger) Warn(_ context.Context, msg string, f map[string]any)  { l.add(msg, f) }
func (l *recordingLogger) add(msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f["msg"] = msg
	l.entries = append(l.entries, f)
}

func TestLogsEveryAttempt(t *testing.T) {
	fake, url := faketurso.Start(t)
	fake.Script(faketurso.UsagePath(faketurso.OrgDemo), faketurso.Fault{Status: 500})
	logger := &recordingLogger{}
	opts := fastOptions(url)
	opts.Logger = logger
	if _, err := newClient(t, opts).OrganizationUsage(context.Background(), faketurso.OrgDemo); err != nil {
		t.Fatal(err)
	}
	if len(logger.entries) != 2 {
		t.Fatalf("entries = %v, want 2", logger.entries)
	}
	for i, e := range logger.entries {
		if e["http_method"] != "GET" || e["http_path"] != "/v1/organizations/demo/usage" || e["attempt"] != i+1 {
			t.Errorf("entry %d = %v", i, e)
		}
		if _, ok := e["duration_ms"].(int64); !ok {
			t.Errorf("entry %d has no duration: %v", i, e)
		}
		for k, v := range e {
			if s, ok := v.(string); ok && strings.Contains(s, faketurso.Token) {
				t.Errorf("entry %d field %s holds the token", i, k)
			}
		}
	}
	if logger.entries[0]["http_status"] != 500 || logger.entries[1]["http_status"] != 200 {
		t.Errorf("statuses = %v, %v", logger.entries[0]["http_status"], logger.entries[1]["http_status"])
	}
}
