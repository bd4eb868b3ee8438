package turso_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// clientEndpoint is one endpoint of the client, as the protection tests below call it.
type clientEndpoint struct {
	name string
	// path is the API path that call requests, where the fake plays its faults.
	path string
	// maxBytes is the endpoint's cap on a successful body.
	maxBytes int64
	// array says that the endpoint's body is a JSON array rather than an object.
	array bool
	// earlier is how many requests the call sends to other paths before this one's: the top queries'
	// stats endpoint is asked only after usage/queries answered 404.
	earlier int
	// longStrings: the body's cap alone bounds its strings, as query text is cut rather than refused.
	longStrings bool
	call        func(ctx context.Context, c *turso.Client) error
}

// clientEndpoints is every endpoint of the client, one row each: adding its row is all a new endpoint
// needs for the tests below to prove that it gets every protection (they all live in Client.get).
var clientEndpoints = []clientEndpoint{
	{"usage", faketurso.UsagePath("acme"), 128 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.OrganizationUsage(ctx, "acme")
		return err
	}},
	{"usage summary", faketurso.UsagePath("acme"), 128 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.OrganizationUsageSummary(ctx, "acme")
		return err
	}},
	{"subscription", faketurso.SubscriptionPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.Subscription(ctx, "acme")
		return err
	}},
	{"plans", faketurso.PlansPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.Plans(ctx, "acme")
		return err
	}},
	{"organization", faketurso.OrganizationPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.Organization(ctx, "acme")
		return err
	}},
	{"database list", faketurso.DatabasesPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.Databases(ctx, "acme")
		return err
	}},
	{"database usage", faketurso.DatabaseUsagePath("acme", "db-1"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.DatabaseUsage(ctx, "acme", "db-1", turso.UsageWindow{From: "2026-11-01T00:00:00Z"})
		return err
	}},
	{"upcoming invoice", faketurso.InvoicesPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.UpcomingInvoice(ctx, "acme")
		return err
	}},
	{"issued invoices", faketurso.InvoicesPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.Invoices(ctx, "acme", turso.IssuedInvoices)
		return err
	}},
	{"top queries", faketurso.TopQueriesPath("acme", "db-1", faketurso.UsageQueries), 4 << 20, true, 0, true, func(ctx context.Context, c *turso.Client) error {
		_, err := c.TopQueries(ctx, "acme", "db-1", "2026-11-30T00:00:00Z")
		return err
	}},
	{"audit logs", faketurso.AuditLogsPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.AuditLogs(ctx, "acme", turso.AuditLogQuery{Limit: 10})
		return err
	}},
	{"database configuration", faketurso.DatabaseConfigurationPath("acme", "db-1"), 32 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.DatabaseConfiguration(ctx, "acme", "db-1")
		return err
	}},
	{"top queries from stats", faketurso.TopQueriesPath("acme", "db-1", faketurso.Stats), 4 << 20, false, 1, true, func(ctx context.Context, c *turso.Client) error {
		_, err := c.TopQueries(ctx, "acme", "db-1", "2026-11-30T00:00:00Z")
		return err
	}},
	{"organization members", faketurso.MembersPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.Members(ctx, "acme")
		return err
	}},
	{"organization invites", faketurso.InvitesPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.Invites(ctx, "acme")
		return err
	}},
	{"organization API tokens", faketurso.APITokensPath("acme"), 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.APITokens(ctx, "acme")
		return err
	}},
	{"token validity", faketurso.ValidatePath, 4 << 20, false, 0, false, func(ctx context.Context, c *turso.Client) error {
		_, err := c.ValidateToken(ctx)
		return err
	}},
}

// TestEveryEndpointGetsEveryProtection plays each hostile server on each endpoint: every one ends in
// the error its protection gives, naming the endpoint's request.
func TestEveryEndpointGetsEveryProtection(t *testing.T) {
	for _, p := range []struct {
		name  string
		fault func(e clientEndpoint) faketurso.Fault
		opts  func(o *turso.Options)
		check func(t *testing.T, e clientEndpoint, err error, requests int)
	}{{
		name: "a body announced past the endpoint's cap",
		fault: func(e clientEndpoint) faketurso.Fault {
			return faketurso.Fault{Header: http.Header{"Content-Length": {strconv.FormatInt(e.maxBytes+1, 10)}}, Stream: func(*http.Request, io.Writer) {}}
		},
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.RequestError](t, e, err, "the limit is "+strconv.FormatInt(e.maxBytes, 10))
			wantRequests(t, requests, 1)
		},
	}, {
		name: "a body that inflates past the cap",
		fault: func(e clientEndpoint) faketurso.Fault {
			open, end := e.around()
			return faketurso.GzipBomb(http.StatusOK, open+`{"zz":[`, "0,", 8<<20, `0]}`+end)
		},
		opts: func(o *turso.Options) { o.MaxResponseBytes = 1 << 20 },
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.RequestError](t, e, err, "response body too large (more than 1048576 bytes after decompression)")
			wantRequests(t, requests, 1)
		},
	}, {
		name: "a body that never ends",
		fault: func(e clientEndpoint) faketurso.Fault {
			open, _ := e.around()
			return faketurso.EndlessBody(open+`{"zz":[`, "0,")
		},
		opts: func(o *turso.Options) { o.MaxResponseBytes = 1 << 20 },
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.RequestError](t, e, err, "response body too large (more than 1048576 bytes after decompression)")
			wantRequests(t, requests, 1)
		},
	}, {
		name: "a huge string",
		fault: func(e clientEndpoint) faketurso.Fault {
			open, end := e.around()
			return faketurso.GzipBomb(http.StatusOK, open+`{"zz":"`, "0", 8<<20, `"}`+end)
		},
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			if e.longStrings {
				wantError[*turso.RequestError](t, e, err, "response body too large (more than 4194304 bytes after decompression)")
			} else {
				wantError[*turso.DecodeError](t, e, err, "a JSON string or number longer than 65536 bytes")
			}
			wantRequests(t, requests, 1)
		},
	}, {
		name:  "a huge error page",
		fault: func(clientEndpoint) faketurso.Fault { return faketurso.HugeErrorBody(401, 8<<20) },
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.APIError](t, e, err, "HTTP 401 Unauthorized: text/html body (more than 65536 bytes)")
		},
	}, {
		name:  "an error body that inflates",
		fault: func(clientEndpoint) faketurso.Fault { return faketurso.ErrorGzipBomb(403, 64<<20) },
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.APIError](t, e, err, "HTTP 403 Forbidden: application/json body (more than 65536 bytes)")
		},
	}, {
		name: "invalid UTF-8",
		fault: func(e clientEndpoint) faketurso.Fault {
			return faketurso.Fault{Body: []byte(e.wrap("{\"zz\":\"a\xff\xfeb\"}"))}
		},
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.DecodeError](t, e, err, "zz: invalid UTF-8")
		},
	}, {
		name: "a duplicate key",
		fault: func(e clientEndpoint) faketurso.Fault {
			return faketurso.Fault{Body: []byte(e.wrap(`{"zz":1,"zz":2}`))}
		},
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.DecodeError](t, e, err, `duplicate key "zz"`)
		},
	}, {
		name:  "a server that never answers",
		fault: func(clientEndpoint) faketurso.Fault { return faketurso.Fault{Hang: true} },
		opts: func(o *turso.Options) {
			o.OverallTimeout, o.AttemptTimeout = 200*time.Millisecond, time.Hour
		},
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.RequestError](t, e, err, "the read's overall time limit of 200ms (all its requests and retries) ran out")
		},
	}, {
		name: "a server that always fails",
		// The 503s ask for no wait; the request past the budget is not retried, or it would wait an hour.
		fault: func(clientEndpoint) faketurso.Fault { return faketurso.Fault{Status: 503, RetryAfter: "0"} },
		opts: func(o *turso.Options) {
			o.RetryMax, o.MaxRequestsPerRead, o.RetryWaitMin, o.RetryWaitMax = 100, 4, time.Hour, time.Hour
		},
		check: func(t *testing.T, e clientEndpoint, err error, requests int) {
			wantError[*turso.LimitError](t, e, err, "the read has sent its budget of 4 requests (retries included)")
			wantRequests(t, requests, 4-e.earlier)
		},
	}} {
		t.Run(p.name, func(t *testing.T) {
			for _, e := range clientEndpoints {
				t.Run(e.name, func(t *testing.T) {
					t.Parallel()
					fake, url := faketurso.Start(t)
					fake.SetFault(e.path, p.fault(e))
					opts := fastOptions(url)
					// Under the race detector on a busy machine, the fake's first bomb (compressed as it
					// is first sent) can take seconds: an attempt that timed out would be retried.
					opts.AttemptTimeout = time.Minute
					if p.opts != nil {
						p.opts(&opts)
					}
					err := e.call(context.Background(), newClient(t, opts))
					p.check(t, e, err, fake.RequestCount(e.path))
				})
			}
		})
	}
}

// wrap puts an object where the endpoint's body could hold it: in an array if its body is one.
func (e clientEndpoint) wrap(object string) string {
	open, end := e.around()
	return open + object + end
}

// around is what goes around an object to make it the endpoint's body.
func (e clientEndpoint) around() (open, end string) {
	if e.array {
		return "[", "]"
	}
	return "", ""
}

func wantRequests(t *testing.T, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%d requests, want %d", got, want)
	}
}

// wantError fails the test unless err is an error of type E that names the endpoint's request, after
// any request tried before it, and says want.
func wantError[E error](t *testing.T, e clientEndpoint, err error, want string) {
	t.Helper()
	var typed E
	if !errors.As(err, &typed) {
		t.Fatalf("err = %v (%T), want a %T", err, err, typed)
	}
	// The request that failed is the last one the error names (stats names usage/queries before it).
	last := err.Error()[max(strings.LastIndex(err.Error(), "GET "), 0):]
	if !strings.HasPrefix(err.Error(), "GET ") || !strings.HasPrefix(last, "GET "+e.path) || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v\nwant it to name GET %s last and say %q", err, e.path, want)
	}
}

// The token, echoed across every point where the client cuts what a server sent: no piece of it
// shows in an error, not even a beginning of 4 characters. The cuts are where an excerpt ends (300
// characters of a JSON error message, 80 of another error body, 60 of a 200's body that is not JSON)
// and where the client stops reading (64 KiB of an error body, 1 KiB of a 200's beginning), which
// spaces before the token reach, since an excerpt collapses them.
func TestEveryEndpoint_tokenNeverShowsAtACut(t *testing.T) {
	type cut struct {
		kind    string
		at      int    // the cut, from the start of the JSON error string or of the body
		padding string // what comes before "Bearer <token>"
	}
	var cuts []cut
	for _, c := range []struct {
		kind string
		at   int
		pad  string
	}{
		{faketurso.EchoJSONError, 300, "e"}, {faketurso.EchoTextError, 80, "e"}, {faketurso.EchoText200, 60, "e"},
		{faketurso.EchoJSONError, 64<<10 - len(`{"error":"`), " "}, {faketurso.EchoTextError, 64 << 10, " "}, {faketurso.EchoText200, 1 << 10, " "},
	} {
		// From the whole token before the cut to "Bearer " cut itself.
		for offset := c.at - len("Bearer "+echoToken) - 2; offset <= c.at; offset++ {
			cuts = append(cuts, cut{c.kind, c.at, strings.Repeat(c.pad, offset)})
		}
	}
	for _, e := range clientEndpoints {
		t.Run(e.name, func(t *testing.T) {
			t.Parallel()
			fake, url := faketurso.Start(t)
			opts := fastOptions(url)
			opts.Token = echoToken
			c := newClient(t, opts)
			for _, cut := range cuts {
				fake.Script(e.path, faketurso.EchoTokenAfter(cut.kind, cut.padding))
				err := e.call(context.Background(), c)
				if err == nil {
					t.Fatalf("%s, cut at %d, token at %d: no error", cut.kind, cut.at, len(cut.padding)+len("Bearer "))
				}
				if piece := tokenPrefixOrPiece(err.Error()); piece != "" {
					t.Fatalf("%s, cut at %d, token at %d: the error shows %q of the token: %v", cut.kind, cut.at, len(cut.padding)+len("Bearer "), piece, err)
				}
			}
		})
	}
}

// tokenPrefixOrPiece returns a beginning of echoToken of 4 characters or more, or a piece of it of
// 16, found in s; or "".
func tokenPrefixOrPiece(s string) string {
	for k := len(echoToken); k >= 4; k-- {
		if strings.Contains(s, echoToken[:k]) {
			return echoToken[:k]
		}
	}
	return tokenPiece(s)
}
