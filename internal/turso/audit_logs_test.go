package turso_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// auditClock is the fake's clock in these tests: the demo log's newest entry is at it.
var auditClock = time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)

func auditClient(t *testing.T) (*faketurso.Server, *turso.Client) {
	t.Helper()
	fake, url := faketurso.Start(t)
	fake.SetClock(auditClock)
	return fake, newClient(t, fastOptions(url))
}

// auditPagesAsked are the queries of the audit log requests, in order.
func auditPagesAsked(fake *faketurso.Server, slug string) []string {
	var queries []string
	for _, r := range fake.Requests() {
		if r.Path == faketurso.AuditLogsPath(slug) {
			queries = append(queries, r.Query)
		}
	}
	return queries
}

func pagesQueries(n int) []string {
	var q []string
	for i := 1; i <= n; i++ {
		q = append(q, fmt.Sprintf("page=%d&page_size=100", i))
	}
	return q
}

func TestAuditLogs_readsOnlyAsFarAsAsked(t *testing.T) {
	since := auditClock.Add(-24 * time.Hour).Format(time.RFC3339)
	for name, tc := range map[string]struct {
		q         turso.AuditLogQuery
		entries   int
		truncated bool
		pages     int
	}{
		// 97 entries in 24 hours, the last exactly at since; the 98th, older, ends the read on page 1.
		"24 hours": {turso.AuditLogQuery{Since: since, Limit: 1000}, 97, false, 1},
		"24 hours, limit reached at the window's end": {turso.AuditLogQuery{Since: since, Limit: 97}, 97, false, 1},
		"24 hours, limit inside":                      {turso.AuditLogQuery{Since: since, Limit: 96}, 96, true, 1},
		"limit inside a page":                         {turso.AuditLogQuery{Limit: 5}, 5, true, 1},
		// The page ends with the limit and the log has more pages: more may match, none is read.
		"limit at a page's end":   {turso.AuditLogQuery{Limit: 100}, 100, true, 1},
		"limit at the log's end":  {turso.AuditLogQuery{Limit: 350}, 350, false, 4},
		"the whole log":           {turso.AuditLogQuery{Limit: 10000}, 350, false, 4},
		"codes walk every page":   {turso.AuditLogQuery{Codes: []string{"db-delete"}, Limit: 1000}, 1, false, 4},
		"codes within the window": {turso.AuditLogQuery{Since: since, Codes: []string{"db-delete"}, Limit: 1000}, 0, false, 1},
		// The limit ends the read on page 2; the rest of it shows no match, but pages remain.
		"codes, limit, pages remain": {turso.AuditLogQuery{Codes: []string{"org-member-add", "org-member-rm"}, Limit: 2}, 2, true, 2},
		// The limit ends the read on the last page; the rest of it shows another match.
		"codes, limit, a match shown":    {turso.AuditLogQuery{Codes: []string{"org-member-add", "org-member-leave"}, Limit: 2}, 2, true, 4},
		"codes, limit at the last match": {turso.AuditLogQuery{Codes: []string{"org-member-add", "org-member-leave"}, Limit: 3}, 3, false, 4},
	} {
		t.Run(name, func(t *testing.T) {
			fake, c := auditClient(t)
			log, err := c.AuditLogs(context.Background(), faketurso.OrgDemo, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(log.Entries) != tc.entries || log.Truncated != tc.truncated || log.Pages != tc.pages {
				t.Errorf("%d entries, truncated %v, %d pages; want %d, %v, %d", len(log.Entries), log.Truncated, log.Pages, tc.entries, tc.truncated, tc.pages)
			}
			if got, want := strings.Join(auditPagesAsked(fake, faketurso.OrgDemo), " "), strings.Join(pagesQueries(tc.pages), " "); got != want {
				t.Errorf("pages asked %q, want %q", got, want)
			}
		})
	}
}

func TestAuditLogs_entries(t *testing.T) {
	_, c := auditClient(t)
	log, err := c.AuditLogs(context.Background(), faketurso.OrgDemo, turso.AuditLogQuery{Since: "2026-11-09T12:00:00Z", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	first, last := log.Entries[0], log.Entries[96]
	if first.CreatedAt != "2026-11-10T12:00:00Z" || last.CreatedAt != "2026-11-09T12:00:00Z" {
		t.Errorf("entries from %s to %s, want the clock to 24 hours before it", first.CreatedAt, last.CreatedAt)
	}
	if first.Code != "db-token-create" || *first.Origin != "cli" || *first.IP != "203.0.113.0" || *first.City != "Lisbon" || *first.CountryCode != "PT" ||
		*first.Author != "ada" || *first.Message != "db-token-create by ada" || *first.Data != `{"name":"orders-prod","sequence":0}` {
		t.Errorf("first entry = %+v", first)
	}
	if web := log.Entries[1]; *web.Origin != "web" || web.IP != nil || web.City != nil || web.CountryCode != nil {
		t.Errorf("an entry from the web has where it came from: %+v", web)
	}
	if member := log.Entries[30]; member.Code != "org-member-add" || *member.Data != `{"role":"member","username":"grace"}` {
		t.Errorf("entry 30 = %+v", member)
	}
}

func TestAuditLogs_planGate(t *testing.T) {
	_, c := auditClient(t)
	_, err := c.AuditLogs(context.Background(), faketurso.OrgBlocked, turso.AuditLogQuery{Limit: 10})
	var apiErr *turso.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Code != "feature_not_available_for_starter_plan" ||
		apiErr.Message != "audit logs are not available on the starter plan" {
		t.Fatalf("err = %v, want the plan gate's 403 with its code", err)
	}
}

// The hostile logs: each ends in its error, naming the endpoint and the page.
func TestAuditLogs_hostileLogs(t *testing.T) {
	for name, tc := range map[string]struct {
		slug     string
		q        turso.AuditLogQuery
		want     string
		requests int
	}{
		"endless, with since": {faketurso.OrgEndlessAuditLog, turso.AuditLogQuery{Since: "2026-01-01T00:00:00Z", Codes: []string{"db-delete"}, Limit: 10}, "stopped by the client: the audit log goes on past 2000 pages of 100 entries (0 entries kept so far)", 2000},
		"endless, without":    {faketurso.OrgEndlessAuditLog, turso.AuditLogQuery{Codes: []string{"db-delete"}, Limit: 10}, "the audit log goes on past 2000 pages", 2000},
		"a repeated page":     {faketurso.OrgRepeatedAuditPage, turso.AuditLogQuery{Limit: 1000}, "unexpected response: audit_logs: page 2 repeats page 1, entry for entry", 2},
		"a page out of order": {faketurso.OrgAuditOutOfOrder, turso.AuditLogQuery{Limit: 1000}, "unexpected response: audit_logs[0].created_at: on page 2, 2026-11-10T23:59:00Z is newer than the last entry of page 1 (2026-11-09T22:20:00Z): the log must come newest first", 2},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := faketurso.Start(t)
			faketurso.ServeHostile(fake)
			opts := fastOptions(url)
			opts.OverallTimeout = 2 * time.Minute
			_, err := newClient(t, opts).AuditLogs(context.Background(), tc.slug, tc.q)
			if err == nil || !strings.HasPrefix(err.Error(), "GET "+faketurso.AuditLogsPath(tc.slug)+": ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant it to name the endpoint and say %q", err, tc.want)
			}
			if n := fake.RequestCount(faketurso.AuditLogsPath(tc.slug)); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
		})
	}
}

func TestCheckAuditLogQuery(t *testing.T) {
	for _, tc := range []struct {
		q    turso.AuditLogQuery
		want string
	}{
		{turso.AuditLogQuery{Limit: 1}, ""},
		{turso.AuditLogQuery{Limit: 10000, Since: "2026-11-01T00:00:00+01:00", Codes: []string{"db-delete", "db-aunrchive", "new_code-2"}}, ""},
		{turso.AuditLogQuery{Limit: 0}, "limit 0 is not between 1 and 10000"},
		{turso.AuditLogQuery{Limit: 10001}, "limit 10001 is not between 1 and 10000"},
		{turso.AuditLogQuery{Limit: 1, Since: "2026-11-01"}, `since "2026-11-01" is not an RFC 3339 timestamp`},
		{turso.AuditLogQuery{Limit: 1, Codes: []string{}}, "codes is empty"},
		{turso.AuditLogQuery{Limit: 1, Codes: []string{""}}, `code "" is empty`},
		{turso.AuditLogQuery{Limit: 1, Codes: []string{"DB-Delete"}}, `code "DB-Delete" contains 'D'`},
		{turso.AuditLogQuery{Limit: 1, Codes: []string{"db delete"}}, `contains ' '`},
	} {
		err := turso.CheckAuditLogQuery(tc.q)
		if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.q, err, tc.want)
		}
	}
}

func TestDecodeAuditLogPage(t *testing.T) {
	page, err := turso.DecodeAuditLogPage(strings.NewReader(`{"audit_logs":[{"code":"db-delete","created_at":"2026-11-10t12:00:00z","data":{ "name" : "x" ,"n":[1, 2]}},{"code":"x","created_at":"2026-11-10T11:00:00+01:00","data":null}],"pagination":{"page":3,"page_size":100,"total_pages":7,"total_rows":650}}`))
	if err != nil {
		t.Fatal(err)
	}
	if e := page.Entries[0]; *e.Data != `{"name":"x","n":[1,2]}` || e.CreatedAt != "2026-11-10t12:00:00z" || e.Message != nil {
		t.Errorf("entry 0 = %+v: want data compacted, created_at as sent", e)
	}
	if page.Entries[1].Data != nil || page.Page != 3 || page.TotalPages != 7 {
		t.Errorf("page = %+v", page)
	}
	for body, want := range map[string]string{
		`{"audit_logs":[{"created_at":"2026-11-10T12:00:00Z"}]}`:                      "audit_logs[0].code: is missing or empty",
		`{"audit_logs":[{"code":"x"}]}`:                                               "audit_logs[0].created_at: is missing or null",
		`{"audit_logs":[{"code":"x","created_at":"yesterday"}]}`:                      `audit_logs[0].created_at: is "yesterday", not an RFC 3339 timestamp`,
		`{"audit_logs":[{"code":"x","created_at":"2026-11-10T12:00:00Z","data":[]}]}`: "audit_logs[0].data: is a JSON array, want an object",
		`{"audit_logs":[],"pagination":{"page":-1}}`:                                  "pagination.page: is -1",
		`{"error":"no"}`: `the API answered 200 OK with an error instead of "audit_logs": no`,
		`{"audit_logs":[{"code":"x","created_at":"2026-11-10T12:00:00Z","data":{"a":1,"a":2}}]}`: `duplicate key "a"`,
	} {
		_, err := turso.DecodeAuditLogPage(strings.NewReader(body))
		var de *turso.DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", body, err, want)
		}
	}
}

func TestAuditLogs_orderWithinAPage(t *testing.T) {
	fake, c := auditClient(t)
	fake.Script(faketurso.AuditLogsPath("acme"), faketurso.Fault{Body: []byte(`{"audit_logs":[` +
		`{"code":"a","created_at":"2026-11-10T12:00:00Z"},{"code":"b","created_at":"2026-11-10T12:00:00Z"},{"code":"c","created_at":"2026-11-10T13:00:00+00:00"}]}`)})
	_, err := c.AuditLogs(context.Background(), "acme", turso.AuditLogQuery{Limit: 10})
	want := "GET /v1/organizations/acme/audit-logs: unexpected response: audit_logs[2].created_at: on page 1, 2026-11-10T13:00:00+00:00 is newer than the entry before it on page 1 (2026-11-10T12:00:00Z)"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

// A page that answers another page number than the one asked for is malformed.
func TestAuditLogs_pageNumberChecked(t *testing.T) {
	fake, c := auditClient(t)
	page := func(n int) faketurso.Fault {
		entries := make([]json.RawMessage, 100)
		for i := range entries {
			entries[i] = json.RawMessage(fmt.Sprintf(`{"code":"db-create","created_at":"2026-11-10T%02d:%02d:00Z"}`, 11-(n-1), 59-i/2))
		}
		return faketurso.Fault{Body: faketurso.AuditLogPage(entries, 1, 100, 1000)}
	}
	fake.Script(faketurso.AuditLogsPath("acme"), page(1), page(2))
	_, err := c.AuditLogs(context.Background(), "acme", turso.AuditLogQuery{Limit: 1000})
	if want := "GET /v1/organizations/acme/audit-logs: unexpected response: pagination.page: is 1 on the request for page 2"; err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
}

// The entries a read keeps are bounded, whatever the pages: here pages of 100 entries of 35 KB each.
func TestAuditLogs_heldBound(t *testing.T) {
	fake, c := auditClient(t)
	fat := strings.Repeat("x", 35_000)
	fake.SetFault(faketurso.AuditLogsPath("acme"), faketurso.Fault{Stream: func(r *http.Request, w io.Writer) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		entries := make([]json.RawMessage, 100)
		for i := range entries {
			entries[i] = json.RawMessage(fmt.Sprintf(`{"code":"db-create","created_at":"2026-11-10T00:00:00Z","data":{"n":%d,"pad":%q}}`, n*100+i, fat))
		}
		_, _ = w.Write(faketurso.AuditLogPage(entries, n, 100, 100_000))
	}})
	_, err := c.AuditLogs(context.Background(), "acme", turso.AuditLogQuery{Limit: 10_000})
	var le *turso.LimitError
	if !errors.As(err, &le) || !strings.HasPrefix(err.Error(), "GET /v1/organizations/acme/audit-logs: stopped by the client: the audit log's matching entries take more than 32 MiB held, after 10 pages (955 entries)") {
		t.Fatalf("err = %v, want the bound on what the read holds", err)
	}
}
