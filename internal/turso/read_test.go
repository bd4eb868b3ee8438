package turso_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// The production policy, asserted: a change to any of these is a decision, made here on purpose.
func TestDefaultOptions(t *testing.T) {
	got := turso.DefaultOptions()
	want := turso.Options{
		BaseURL:             "https://api.turso.tech",
		RetryMax:            4,
		RetryWaitMin:        time.Second,
		RetryWaitMax:        30 * time.Second,
		RetryAfterMax:       time.Minute,
		AttemptTimeout:      2 * time.Minute,
		DialTimeout:         30 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
		OverallTimeout:      5 * time.Minute,
		MaxRequestsPerRead:  3000,
	}
	if got != want {
		t.Errorf("DefaultOptions() = %+v\nwant %+v", got, want)
	}
}

// An endless list of empty pages ends after the pages a million databases take, plus the margin:
// each empty page counts.
func TestDatabases_endlessEmptyPages(t *testing.T) {
	fake, url := faketurso.Start(t)
	faketurso.ServeHostile(fake)
	_, err := newClient(t, fastOptions(url)).Databases(context.Background(), faketurso.OrgEndlessEmptyPages)
	var limit *turso.LimitError
	want := "GET /v1/organizations/hostile-endless-empty-pages/databases: stopped by the client: the database list names a next page after 1010 pages (0 databases so far); 1000000 databases take at most 1000 pages of 1000"
	if !errors.As(err, &limit) || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if n := fake.RequestCount(faketurso.DatabasesPath(faketurso.OrgEndlessEmptyPages)); n != 1010 {
		t.Errorf("%d requests, want 1010", n)
	}
}

// An endless list of full pages ends past a million databases, before the page bound.
func TestDatabases_endlessFullPages(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a million databases")
	}
	fake, url := faketurso.Start(t)
	faketurso.ServeHostile(fake)
	opts := fastOptions(url)
	opts.OverallTimeout = 5 * time.Minute // a million databases, under the race detector
	_, err := newClient(t, opts).Databases(context.Background(), faketurso.OrgEndlessFullPages)
	want := "GET /v1/organizations/hostile-endless-full-pages/databases: stopped by the client: the database list goes on past 1000000 databases, after 1001 pages"
	var limit *turso.LimitError
	if !errors.As(err, &limit) || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

// An endless list of pages of long names ends when what the list holds passes its bound, long before a
// million databases.
func TestDatabases_endlessFatPages(t *testing.T) {
	fake, url := faketurso.Start(t)
	faketurso.ServeHostile(fake)
	_, err := newClient(t, fastOptions(url)).Databases(context.Background(), faketurso.OrgEndlessFatPages)
	want := "GET /v1/organizations/hostile-endless-fat-pages/databases: stopped by the client: the database list takes more than 96 MiB held (72 bytes a database and the text of its name), after 33 pages ("
	var limit *turso.LimitError
	if !errors.As(err, &limit) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s…", err, want)
	}
	if n := fake.RequestCount(faketurso.DatabasesPath(faketurso.OrgEndlessFatPages)); n != 33 {
		t.Errorf("%d requests, want 33", n)
	}
}

// Every request of a read counts against one budget, retries included; the request past it is never
// sent, and the error names it.
func TestRead_requestBudget(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.DatabasesPath("acme")
	fake.SetFault(path, faketurso.EndlessEmptyPages())
	opts := fastOptions(url)
	opts.MaxRequestsPerRead = 7
	c := newClient(t, opts)
	ctx, end := c.StartRead(context.Background())
	defer end()
	if _, err := c.OrganizationUsage(ctx, faketurso.OrgDemo); err != nil {
		t.Fatal(err)
	}
	_, err := c.Databases(ctx, "acme")
	var limit *turso.LimitError
	want := "GET /v1/organizations/acme/databases?limit=1000: stopped by the client: the read has sent its budget of 7 requests (retries included) and sends no more"
	if !errors.As(err, &limit) || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if n := len(fake.Requests()); n != 7 {
		t.Errorf("%d requests were sent, want 7: one usage and six pages", n)
	}

	// Retries count: a 503 answered every time spends the budget within one call.
	fake.SetFault(faketurso.UsagePath("down"), faketurso.Fault{Status: 503})
	opts.RetryMax = 10
	_, err = newClient(t, opts).OrganizationUsage(context.Background(), "down")
	if !errors.As(err, &limit) || !strings.Contains(err.Error(), "GET /v1/organizations/down/usage: stopped by the client: the read has sent its budget of 7 requests") {
		t.Fatalf("err = %v, want the budget", err)
	}
	if n := fake.RequestCount(faketurso.UsagePath("down")); n != 7 {
		t.Errorf("%d attempts, want 7", n)
	}
}

// One deadline for the whole read: a read of many calls, each quick, ends when the read's time is
// up, not a call's.
func TestRead_oneDeadline(t *testing.T) {
	fake, url := faketurso.Start(t)
	path := faketurso.DatabasesPath("acme")
	fake.SetFault(path, faketurso.Fault{Hang: true})
	opts := fastOptions(url)
	opts.OverallTimeout = 300 * time.Millisecond
	opts.AttemptTimeout = time.Hour
	opts.RetryMax = 0
	c := newClient(t, opts)
	ctx, end := c.StartRead(context.Background())
	defer end()
	deadline, ok := ctx.Deadline()
	if !ok {
		t.Fatal("a read has no deadline")
	}
	_, err := c.Databases(ctx, "acme")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "GET /v1/organizations/acme/databases?limit=1000 failed: the read's overall time limit of 300ms (all its requests and retries) ran out") {
		t.Fatalf("err = %v, want the read's deadline", err)
	}
	// A later call of the same read has no time left: it is not given a deadline of its own.
	_, err = c.OrganizationUsage(ctx, faketurso.OrgDemo)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the read's deadline, already past", err)
	}
	if n := fake.RequestCount(faketurso.UsagePath(faketurso.OrgDemo)); n != 0 || time.Now().Before(deadline) {
		t.Errorf("%d usage requests after the deadline, want none", n)
	}
	// A nested StartRead keeps the read it is in.
	inner, endInner := c.StartRead(ctx)
	defer endInner()
	if d, _ := inner.Deadline(); !d.Equal(deadline) {
		t.Errorf("a nested read's deadline is %v, want the outer %v", d, deadline)
	}
}

// A call outside a read is a read of its own, with its own budget.
func TestRead_callsOutsideAReadAreEachARead(t *testing.T) {
	fake, url := faketurso.Start(t)
	opts := fastOptions(url)
	opts.MaxRequestsPerRead = 1
	c := newClient(t, opts)
	for i := range 3 {
		if _, err := c.OrganizationUsage(context.Background(), faketurso.OrgDemo); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if n := len(fake.Requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

// Every error names its request in one form: the method, the path and the query the client chose, so
// that two requests of one path read as two (type=upcoming and type=issued); never a server's cursor.
func TestErrors_nameTheRequestWithTheClientsQuery(t *testing.T) {
	fake, url := faketurso.Start(t)
	const cursor = "cursor-from-the-server"
	fake.Script(faketurso.DatabasesPath("acme"),
		faketurso.Fault{Body: []byte(`{"databases":[],"pagination":{"next":"` + cursor + `"}}`)},
		faketurso.Fault{Status: 404, Body: faketurso.ErrorBody("nope")})
	fake.SetFault(faketurso.DatabasesPath("bad"), faketurso.Fault{Body: []byte(`{"databases":[{"Name":""}]}`)})
	fake.SetFault(faketurso.DatabaseUsagePath("acme", "db"), faketurso.Fault{Body: []byte(`{"database":{}}`), CutAfter: 5})
	fake.SetFault(faketurso.InvoicesPath("acme"), faketurso.Fault{Status: 500, Body: faketurso.ErrorBody("down")})
	c := newClient(t, fastOptions(url))
	window := turso.UsageWindow{From: "2026-11-01T00:00:00Z"}
	for _, tc := range []struct {
		call func() error
		want string
	}{
		{func() error { _, err := c.Databases(context.Background(), "acme"); return err }, "GET /v1/organizations/acme/databases?limit=1000: HTTP 404"},
		{func() error { _, err := c.Databases(context.Background(), "bad"); return err }, "GET /v1/organizations/bad/databases?limit=1000: unexpected response"},
		{func() error { _, err := c.DatabaseUsage(context.Background(), "acme", "db", window); return err }, "GET /v1/organizations/acme/databases/db/usage?from=2026-11-01T00%3A00%3A00Z failed after 3 attempts: "},
		{func() error { _, err := c.Invoices(context.Background(), "acme", turso.UpcomingInvoices); return err }, "GET /v1/organizations/acme/invoices?type=upcoming: HTTP 500"},
		{func() error { _, err := c.Invoices(context.Background(), "acme", turso.IssuedInvoices); return err }, "GET /v1/organizations/acme/invoices?type=issued: HTTP 500"},
	} {
		err := tc.call()
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), cursor) {
			t.Errorf("err = %v\nwant it to begin %q, without the server's cursor", err, tc.want)
		}
	}
}

// A connection failure names its request once, without the URL net/http puts in front of it.
func TestRequestError_withoutTheURL(t *testing.T) {
	_, err := newClient(t, fastOptions("http://127.0.0.1:9")).Databases(context.Background(), "acme")
	if err == nil || strings.Count(err.Error(), "/v1/organizations/acme/databases") != 1 || strings.Contains(err.Error(), "http://") {
		t.Errorf("err = %v, want the request named once, without the URL", err)
	}
}

// A token pasted as the organization slug passes the slug's check, and is in the request's path: the
// error names the request with the token redacted.
func TestErrors_redactTheTokenInThePath(t *testing.T) {
	_, url := faketurso.Start(t)
	opts := fastOptions(url)
	opts.Token = "tok_0123456789abcdefghij"
	_, err := newClient(t, opts).Subscription(context.Background(), opts.Token)
	if err == nil || strings.Contains(err.Error(), opts.Token[:8]) || !strings.HasPrefix(err.Error(), "GET /v1/organizations/[REDACTED]/subscription: HTTP 401") {
		t.Errorf("err = %v, want the request named with the token redacted", err)
	}
}
