package provider

import (
	"fmt"
	"math"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

const topQueriesAddr = "data.turso_database_top_queries.this"

func topQueriesConfig(url, arguments string) string {
	return providerBlock(url, faketurso.OrgDemo) + fmt.Sprintf("data \"turso_database_top_queries\" \"this\" {\n%s\n}\n", arguments)
}

func queryCheck(text string, read, written int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"query": knownvalue.StringExact(text), "rows_read": knownvalue.Int64Exact(read), "rows_written": knownvalue.Int64Exact(written),
	})
}

// TestAccDatabaseTopQueries_usageQueries: the CLI's endpoint answers; counts past 2^53 and their
// sums are exact, the order is by rows read, rows written, then text, and limit keeps the first.
func TestAccDatabaseTopQueries_usageQueries(t *testing.T) {
	fake, url := fakeAPI(t)
	const big = 1<<53 + 1
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: topQueriesConfig(url, `database = "orders-prod"
from = "2026-11-30T12:00:00+01:00"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("source"), knownvalue.StringExact("usage/queries")),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("from"), knownvalue.StringExact("2026-11-30T12:00:00+01:00")),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("queries"), knownvalue.ListExact([]knownvalue.Check{
					queryCheck("UPDATE orders SET status = ? WHERE id = ?", big, 12),
					queryCheck("SELECT * FROM orders WHERE customer_email = 'ada@example.com'", big, 0),
					queryCheck("SELECT count(*) FROM orders", 5000, 0),
					queryCheck("SELECT id FROM orders WHERE status = ?", 5000, 0),
					queryCheck("INSERT INTO orders (id, total) VALUES (?, ?)", 0, 1500088),
				})),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("total_rows_read"), knownvalue.Int64Exact(2*big+10000)),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("total_rows_written"), knownvalue.Int64Exact(1500100)),
			},
		}, {
			Config: topQueriesConfig(url, `database = "orders-prod"
from = "2026-11-30T12:00:00Z"
limit = 2`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("queries"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("total_rows_read"), knownvalue.Int64Exact(2*big)),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("total_rows_written"), knownvalue.Int64Exact(12)),
			},
		}},
	})
	for _, r := range fake.Requests() {
		if strings.HasSuffix(r.Path, "/stats") {
			t.Errorf("request to %s: stats is read only after a 404", r.Path)
		}
	}
}

// TestAccDatabaseTopQueries_statsFallback: a database that only stats knows.
func TestAccDatabaseTopQueries_statsFallback(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: topQueriesConfig(url, `database = "analytics"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("source"), knownvalue.StringExact("stats")),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("queries"), knownvalue.ListExact([]knownvalue.Check{
					queryCheck("SELECT event, count(*) FROM events GROUP BY event", 9100233, 0),
					queryCheck("INSERT INTO events VALUES (?, ?, ?)", 0, 400357),
				})),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("total_rows_read"), knownvalue.Int64Exact(9100233)),
			},
		}},
	})
}

// TestAccDatabaseTopQueries_last24Hours: without from, the request asks for the 24 hours before the
// read, by the provider's clock, and the state says what was asked and when.
func TestAccDatabaseTopQueries_last24Hours(t *testing.T) {
	fake, url := fakeAPI(t)
	wantFrom := testNow.Add(-24 * time.Hour).UTC().Format(time.RFC3339)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: topQueriesConfig(url, `database = "scratch"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("queries"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("total_rows_read"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("source"), knownvalue.StringExact("usage/queries")),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("from"), knownvalue.StringExact(wantFrom)),
				statecheck.ExpectKnownValue(topQueriesAddr, tfjsonpath.New("as_of"), knownvalue.StringExact(testNow.UTC().Format(time.RFC3339))),
			},
		}},
	})
	reads := 0
	for _, r := range fake.Requests() {
		if r.Path != faketurso.TopQueriesPath("demo", "scratch", faketurso.UsageQueries) {
			continue
		}
		reads++
		if q, _ := neturl.ParseQuery(r.Query); q.Get("from") != wantFrom {
			t.Errorf("from %q, want %q: 24 hours before the provider's clock", q.Get("from"), wantFrom)
		}
	}
	if reads == 0 {
		t.Error("usage/queries was never requested")
	}
}

func TestAccDatabaseTopQueries_notFound(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: topQueriesConfig(url, `database = "orders-prd"`),
			ExpectError: errorPattern("Unable to Read Database Top Queries", "/databases/orders-prd/stats: HTTP 404 Not Found",
				`Database "orders-prd" was not found in organization "demo"`, "turso db list"),
		}},
	})
}

// TestAccDatabaseTopQueries_querySensitive: an output that shows the query text without saying it
// is sensitive is refused by the CLI itself.
func TestAccDatabaseTopQueries_querySensitive(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: topQueriesConfig(url, `database = "orders-prod"`) +
				"output \"first\" { value = data.turso_database_top_queries.this.queries[0].query }\n",
			ExpectError: errorPattern("Output refers to sensitive values"),
		}},
	})
}

// TestAccDatabaseTopQueries_refusedAtPlanTime: a bad name, from or limit is an error naming the
// argument, and nothing is sent.
func TestAccDatabaseTopQueries_refusedAtPlanTime(t *testing.T) {
	for name, tc := range map[string]struct {
		arguments string
		want      []string
	}{
		"name":  {`database = "orders/../x"`, []string{"Invalid Turso Database Name", `from this data source's "database" argument must not be "." or contain ".."`}},
		"from":  {`database = "analytics"` + "\n" + `from = "yesterday"`, []string{"Invalid Top Queries Window", `The timestamp "yesterday" from this data source's "from" argument is not an RFC 3339 timestamp`}},
		"limit": {`database = "analytics"` + "\n" + `limit = 0`, []string{"Invalid Top Queries Limit", "limit", "must be at least 1, got: 0"}},
	} {
		t.Run(name, func(t *testing.T) {
			expectRefusedAtPlanTime(t, func(url string) string { return topQueriesConfig(url, tc.arguments) }, errorPattern(tc.want...))
		})
	}
}

func TestTopQueriesState(t *testing.T) {
	top := &turso.TopQueries{Source: turso.SourceStats, Queries: []turso.Query{
		{Text: "a", RowsRead: math.MaxInt64 - 1, RowsWritten: 1}, {Text: "b", RowsRead: 1, RowsWritten: 2}, {Text: "c", RowsRead: 1, RowsWritten: 0},
	}}
	m := topQueriesModel{Database: types.StringValue("db"), Limit: types.Int64Value(2)}
	asOf := time.Date(2026, 12, 1, 10, 0, 0, 0, time.FixedZone("x", 3600))
	got, err := topQueriesState(m, "acme", "2026-11-30T10:00:00Z", top, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Queries) != 2 || got.Queries[1].Query.ValueString() != "b" || got.TotalRowsRead.ValueInt64() != math.MaxInt64 ||
		got.TotalRowsWritten.ValueInt64() != 3 || got.AsOf.ValueString() != "2026-12-01T09:00:00Z" || got.Source.ValueString() != "stats" ||
		got.Organization.ValueString() != "acme" || got.From.ValueString() != "2026-11-30T10:00:00Z" {
		t.Errorf("state %+v", got)
	}
	// One more row read past the largest int64 is an error, never a wrapped total.
	m.Limit = types.Int64Null()
	if _, err := topQueriesState(m, "acme", "x", top, asOf); err == nil || !strings.Contains(err.Error(), `the 3 queries of database "db" add up to more than the largest 64-bit integer`) {
		t.Errorf("err = %v, want the overflow", err)
	}
	top.Queries[2].RowsRead = 0
	top.Queries[2].RowsWritten = math.MaxInt64 - 2
	if _, err := topQueriesState(m, "acme", "x", top, asOf); err == nil {
		t.Error("rows written past the largest int64: no error")
	}
}
