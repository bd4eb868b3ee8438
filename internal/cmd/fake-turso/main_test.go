package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// syncBuffer is a bytes.Buffer safe to write from the server's goroutines and read from the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the command in the background and returns its URL once it is listening, and the list
// of organizations it printed.
func start(t *testing.T, stderr io.Writer, args ...string) (url, organizations string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, stdoutW, stderr)
		stdoutW.CloseWithError(io.EOF)
		done <- err
	}()
	stdout := bufio.NewReader(stdoutR)
	line, err := stdout.ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("the command printed no URL: %v (it returned %v)", err, <-done)
	}
	orgLine, err := stdout.ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("the command printed no organizations: %v (it returned %v)", err, <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	const prefix, orgPrefix = "fake Turso API listening on ", "organizations: "
	if !strings.HasPrefix(line, prefix) {
		t.Fatalf("first line = %q, want it to start with %q", line, prefix)
	}
	if !strings.HasPrefix(orgLine, orgPrefix) {
		t.Fatalf("second line = %q, want it to start with %q", orgLine, orgPrefix)
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { _ = stop() })
	return strings.TrimSpace(strings.TrimPrefix(line, prefix)), strings.TrimSpace(strings.TrimPrefix(orgLine, orgPrefix)), stop
}

func TestRun_servesFixturesWritesURLAndStops(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	url, organizations, stop := start(t, io.Discard, "-token", "demo-token", "-url-file", urlFile)
	if want := `blocked, demo, empty, live, nulls, pro, reference (token "demo-token")`; organizations != want {
		t.Errorf("organizations line %q, want %q", organizations, want)
	}

	written, err := os.ReadFile(urlFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(written)); got != url {
		t.Errorf("URL file holds %q, the command printed %q", got, url)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") || strings.HasSuffix(url, ":0") {
		t.Errorf("URL = %q, want a picked loopback port", url)
	}

	status, body := faketurso.Get(t, url+faketurso.UsagePath(faketurso.OrgDemo), "demo-token")
	if status != http.StatusOK || !bytes.Equal(body, faketurso.Fixture("usage_demo.json")) {
		t.Errorf("demo usage: status %d, body %.80q; want 200 and the demo fixture", status, body)
	}
	if status, _ := faketurso.Get(t, url+faketurso.UsagePath(faketurso.OrgDemo), faketurso.Token); status != http.StatusUnauthorized {
		t.Errorf("with a token other than -token: status %d, want 401", status)
	}

	if err := stop(); err != nil {
		t.Fatalf("run returned %v after cancellation, want nil", err)
	}
	if resp, err := http.Get(url + faketurso.UsagePath(faketurso.OrgDemo)); err == nil {
		resp.Body.Close()
		t.Error("the server still answers after it was stopped")
	}
}

func TestRun_generatedOrganization(t *testing.T) {
	url, organizations, _ := start(t, io.Discard, "-databases", "7", "-instances", "3", "-generated-org", "big")
	if !strings.HasPrefix(organizations, "big, blocked, demo,") {
		t.Errorf("organizations line %q does not list the generated organization", organizations)
	}
	// Every endpoint serves it, so that turso_organization_quota can read it too.
	for _, p := range []string{faketurso.SubscriptionPath("big"), faketurso.PlansPath("big"), faketurso.OrganizationPath("big")} {
		if status, body := faketurso.Get(t, url+p, faketurso.Token); status != http.StatusOK {
			t.Errorf("%s: status %d (%s), want 200", p, status, body)
		}
	}
	status, body := faketurso.Get(t, url+faketurso.UsagePath("big"), faketurso.Token)
	if status != http.StatusOK {
		t.Fatalf("status %d, want 200", status)
	}
	usage, err := turso.DecodeOrganizationUsage(bytes.NewReader(body), true)
	if err != nil {
		t.Fatal(err)
	}
	if n := usage.Databases.Len(); n != 7 || len(usage.Databases.Database(6).Instances) != 3 {
		t.Errorf("got %d databases (last with %d instances), want 7 with 3 each", n, len(usage.Databases.Database(n-1).Instances))
	}
	if status, _ := faketurso.Get(t, url+faketurso.UsagePath(faketurso.OrgReference), faketurso.Token); status != http.StatusOK {
		t.Errorf("the fixture organizations are still served: got status %d, want 200", status)
	}
}

func TestRun_logsRequests(t *testing.T) {
	var log syncBuffer
	url, _, stop := start(t, &log, "-log")
	faketurso.Get(t, url+faketurso.UsagePath("nobody"), faketurso.Token)
	faketurso.Get(t, url+faketurso.DatabaseUsagePath(faketurso.OrgDemo, "analytics")+"?from=2026-11-01T00%3A00%3A00Z", faketurso.Token)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"GET /v1/organizations/nobody/usage -> 404",
		// The query as sent, so that a window can be read off the log.
		"GET /v1/organizations/demo/databases/analytics/usage?from=2026-11-01T00%3A00%3A00Z -> 200",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log = %q, want it to contain %q", log.String(), want)
		}
	}
}

func TestParseFlags_refusesUnusableSettings(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:8080"}, "loopback"},
		{[]string{"-addr", "example.com:80"}, "loopback"},
		{[]string{"-addr", "127.0.0.1"}, "missing port"},
		{[]string{"-token", ""}, "-token must not be empty"},
		{[]string{"-databases", "-1"}, "must not be negative"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		_, err := parseFlags(tc.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseFlags(%q) = %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
	for _, ok := range [][]string{nil, {"-addr", "[::1]:0"}, {"-addr", "localhost:0"}, {"-addr", "LocalHost:0"}} {
		if _, err := parseFlags(ok, io.Discard); err != nil {
			t.Errorf("parseFlags(%q) = %v, want no error", ok, err)
		}
	}
}

// TestBinaryLeavesOutPackageTesting: the fake's helpers for tests take a small interface, not
// testing.TB, so that the command does not link package testing (and its flags).
func TestBinaryLeavesOutPackageTesting(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/turso-terraform/terraform-provider-turso/internal/faketurso") {
		t.Fatalf("go list printed %d packages, without faketurso: the check would be vacuous", len(deps))
	}
	if slices.Contains(deps, "testing") {
		t.Error("fake-turso links package testing: a non-test file of its dependencies imports it")
	}
}
