package turso_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

const since = "2026-11-30T12:00:00Z"

func queryLines(qs []turso.Query) string {
	var lines []string
	for _, q := range qs {
		lines = append(lines, fmt.Sprintf("%d/%d %s", q.RowsRead, q.RowsWritten, q.Text))
	}
	return strings.Join(lines, "\n")
}

func TestTopQueries_usageQueriesFirst(t *testing.T) {
	fake, url := faketurso.Start(t)
	got, err := newClient(t, fastOptions(url)).TopQueries(context.Background(), faketurso.OrgDemo, "orders-prod", "2026-11-30T12:00:00+01:00")
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != turso.SourceUsageQueries {
		t.Errorf("source %q, want %q", got.Source, turso.SourceUsageQueries)
	}
	want := strings.Join([]string{
		"9007199254740993/12 UPDATE orders SET status = ? WHERE id = ?",
		"9007199254740993/0 SELECT * FROM orders WHERE customer_email = 'ada@example.com'",
		"5000/0 SELECT count(*) FROM orders",
		"5000/0 SELECT id FROM orders WHERE status = ?",
		"0/1500088 INSERT INTO orders (id, total) VALUES (?, ?)",
	}, "\n")
	if q := queryLines(got.Queries); q != want {
		t.Errorf("queries, most rows read first, ties by rows written then text:\n%s\nwant\n%s", q, want)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != faketurso.TopQueriesPath("demo", "orders-prod", faketurso.UsageQueries) || reqs[0].Query != "from=2026-11-30T12%3A00%3A00%2B01%3A00" {
		t.Errorf("requests %+v, want one to usage/queries with from encoded", reqs)
	}
}

func TestTopQueries_statsOnlyOn404(t *testing.T) {
	fake, url := faketurso.Start(t)
	c := newClient(t, fastOptions(url))
	got, err := c.TopQueries(context.Background(), faketurso.OrgDemo, "analytics", since)
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != turso.SourceStats || queryLines(got.Queries) != "9100233/0 SELECT event, count(*) FROM events GROUP BY event\n0/400357 INSERT INTO events VALUES (?, ?, ?)" {
		t.Errorf("got %s %q", got.Source, queryLines(got.Queries))
	}
	if n := fake.RequestCount(faketurso.TopQueriesPath("demo", "analytics", faketurso.UsageQueries)); n != 1 {
		t.Errorf("%d requests to usage/queries, want 1 (a 404 is not retried)", n)
	}

	// Any other failure of usage/queries is the answer: stats is not asked.
	fake.Script(faketurso.TopQueriesPath("demo", "scratch", faketurso.UsageQueries), faketurso.Fault{Status: 403, Body: faketurso.ErrorBody("forbidden")})
	_, err = c.TopQueries(context.Background(), faketurso.OrgDemo, "scratch", since)
	var apiErr *turso.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 {
		t.Errorf("err = %v, want the 403", err)
	}
	if n := fake.RequestCount(faketurso.TopQueriesPath("demo", "scratch", faketurso.Stats)); n != 0 {
		t.Errorf("%d requests to stats after a 403, want 0", n)
	}

	// Both 404: the error is stats' 404, and it names both requests, usage/queries first.
	_, err = c.TopQueries(context.Background(), faketurso.OrgDemo, "ghost", since)
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || !strings.HasSuffix(apiErr.Path, "/ghost/stats") {
		t.Errorf("err = %v, want stats' 404", err)
	}
	usageQueries := "GET /v1/organizations/demo/databases/ghost/usage/queries?from=2026-11-30T12%3A00%3A00Z: HTTP 404"
	if msg := fmt.Sprint(err); !strings.HasPrefix(msg, usageQueries) || !strings.Contains(msg, "; then GET /v1/organizations/demo/databases/ghost/stats: HTTP 404") {
		t.Errorf("err = %q, want it to name %q, then stats", msg, usageQueries)
	}
}

func TestTopQueries_checksBeforeSending(t *testing.T) {
	fake, url := faketurso.Start(t)
	c := newClient(t, fastOptions(url))
	for _, tc := range []struct{ database, from, want string }{
		{"../x", since, `database "../x" must not be "." or contain ".."`},
		{"a/b", since, `database "a/b" must not contain '/'`},
		{"db", "yesterday", `from "yesterday" is not an RFC 3339 timestamp`},
		{"db", "", `from "" is not an RFC 3339 timestamp`},
	} {
		if _, err := c.TopQueries(context.Background(), "demo", tc.database, tc.from); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("TopQueries(%q, %q) = %v, want %q", tc.database, tc.from, err, tc.want)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}

func TestTopQueries_bodies(t *testing.T) {
	long := strings.Repeat("é", turso.MaxQueryTextBytes) // 2 bytes a character: twice the bound
	for name, tc := range map[string]struct {
		endpoint, body, want string // want: the queries, or a fragment of the error
	}{
		"usage/queries empty":   {faketurso.UsageQueries, `[]`, ""},
		"stats null":            {faketurso.Stats, `{"top_queries":null}`, ""},
		"stats without queries": {faketurso.Stats, `{}`, "top_queries: is missing or null"},
		"stats error in 200":    {faketurso.Stats, `{"error":"maintenance"}`, `200 OK with an error instead of "top_queries": maintenance`},
		"error in 200":          {faketurso.UsageQueries, `{"error":"maintenance"}`, `200 OK with an error instead of an array of queries: maintenance`},
		"object":                {faketurso.UsageQueries, `{"queries":[]}`, "the body is a JSON object, want an array of queries"},
		"no text":               {faketurso.UsageQueries, `[{"rows_read":1,"rows_written":2}]`, "[0].query: is missing or null"},
		"no count":              {faketurso.UsageQueries, `[{"query":"q","rows_read":1}]`, "[0].rows_written: is missing or null"},
		"float count":           {faketurso.Stats, `{"top_queries":[{"query":"q","rows_read":1.5,"rows_written":2}]}`, "top_queries[0].rows_read: has a fraction"},
		"negative count":        {faketurso.UsageQueries, `[{"query":"q","rows_read":1,"rows_written":-2}]`, "[0].rows_written: is negative"},
		"over int64":            {faketurso.UsageQueries, `[{"query":"q","rows_read":9223372036854775808,"rows_written":0}]`, "[0].rows_read: is larger than a 64-bit integer"},
		"duplicate key":         {faketurso.UsageQueries, `[{"query":"a","query":"b","rows_read":1,"rows_written":0}]`, `[0]: duplicate key "query"`},
		"invalid UTF-8":         {faketurso.UsageQueries, "[{\"query\":\"\xff\",\"rows_read\":1,\"rows_written\":0}]", "invalid UTF-8"},
		"a long number":         {faketurso.UsageQueries, `[{"query":"q","rows_read":1` + strings.Repeat("0", 64<<10) + `,"rows_written":0}]`, "a JSON string or number longer than 65536 bytes"},
		"a long text is cut": {faketurso.UsageQueries, `[{"query":"` + long + `","rows_read":1,"rows_written":0}]`,
			"1/0 " + long[:turso.MaxQueryTextBytes] + " /* truncated: 65536 of 131072 bytes */"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake, url := faketurso.Start(t)
			if tc.endpoint == faketurso.Stats {
				fake.Script(faketurso.TopQueriesPath("acme", "db", faketurso.UsageQueries), faketurso.Fault{Status: 404, Body: faketurso.ErrorBody("not found")})
			}
			fake.Script(faketurso.TopQueriesPath("acme", "db", tc.endpoint), faketurso.Fault{Body: []byte(tc.body)})
			got, err := newClient(t, fastOptions(url)).TopQueries(context.Background(), "acme", "db", since)
			if err != nil {
				if !strings.Contains(err.Error(), tc.want) || tc.want == "" {
					t.Fatalf("err = %.300v, want %.300q", err, tc.want)
				}
				if !strings.Contains(err.Error(), "/databases/db/"+tc.endpoint) {
					t.Errorf("err = %v, want the API path", err)
				}
				return
			}
			if q := queryLines(got.Queries); q != tc.want {
				t.Fatalf("queries %.80q, want %.80q", q, tc.want)
			}
		})
	}
}

func TestCutQueryText(t *testing.T) {
	for _, tc := range []struct {
		in      string
		keep    int
		cutHere bool
	}{
		{strings.Repeat("a", turso.MaxQueryTextBytes), turso.MaxQueryTextBytes, false},
		{strings.Repeat("a", turso.MaxQueryTextBytes+1), turso.MaxQueryTextBytes, true},
		// A three-byte character across the bound is left out whole.
		{strings.Repeat("a", turso.MaxQueryTextBytes-1) + "€", turso.MaxQueryTextBytes - 1, true},
	} {
		got := turso.CutQueryText(tc.in)
		if !tc.cutHere {
			if got != tc.in {
				t.Errorf("a text of %d bytes was changed", len(tc.in))
			}
			continue
		}
		marker := fmt.Sprintf(" /* truncated: %d of %d bytes */", tc.keep, len(tc.in))
		if got != tc.in[:tc.keep]+marker || !utf8.ValidString(got) {
			t.Errorf("CutQueryText of %d bytes ends %q, want %d bytes kept and %q", len(tc.in), got[max(0, len(got)-60):], tc.keep, marker)
		}
	}
}
