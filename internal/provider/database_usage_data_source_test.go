package provider

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

const databaseUsageAddr = "data.turso_database_usage.this"

func databaseUsageConfig(url, arguments string) string {
	return providerBlock(url, faketurso.OrgDemo) + fmt.Sprintf("data \"turso_database_usage\" \"this\" {\n%s\n}\n", arguments)
}

func TestAccDatabaseUsage_documentedShape(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: databaseUsageConfig(url, `organization = "reference"
database = "my-db"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("organization"), knownvalue.StringExact("reference")),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("from"), knownvalue.Null()),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("to"), knownvalue.Null()),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("uuid"), knownvalue.StringExact("0eb771dd-6906-11ee-8553-eaa7715aeaf2")),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("total"), counters(0, 0, 8192, 0)),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("instances"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"uuid": knownvalue.StringExact("cd831986-94e5-11ee-a6fe-7a52e1f7759a"), "usage": counters(0, 0, 4096, 0)}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"uuid": knownvalue.StringExact("0be90471-6906-11ee-8553-eaa7715aeaf2"), "usage": counters(0, 0, 4096, 0)}),
				})),
			},
		}},
	})
}

// TestAccDatabaseUsage_liveShapeBigIntegers: totals under "usage" and at the top level, counters past
// 2^53 and at the int64 maximum, exact.
func TestAccDatabaseUsage_liveShapeBigIntegers(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: databaseUsageConfig(url, `organization = "live"
database = "orders-staging"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("total").AtMapKey("storage_bytes"), knownvalue.Int64Exact(9223372036854763519)),
			},
		}, {
			Config: databaseUsageConfig(url, `organization = "live"
database = "orders-prod"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("total"), counters(1<<53+1, 1250000, 12288, 0)),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("instances").AtSliceIndex(0).AtMapKey("usage").AtMapKey("rows_read"), knownvalue.Int64Exact(1<<52)),
			},
		}},
	})
}

// TestAccDatabaseUsage_windowSentExactly: the bounds reach the API as written, zone included, the
// state keeps them as written, and the counters are the window's: the fake's analytics reads 9100233
// rows in 30 days, in hourly weights 1 to 24 a day (faketurso's window.go), so this window of one
// hour of weight 24, 21 days, 12 hours of weights 1 to 12 and half an hour of weight 13 reads
// 9100233 × 23070600 / 32400000 rows, rounded down.
func TestAccDatabaseUsage_windowSentExactly(t *testing.T) {
	fake, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: databaseUsageConfig(url, `database = "analytics"
from = "2026-11-01T00:00:00+01:00"
to   = "2026-11-22T12:30:00.250Z"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("from"), knownvalue.StringExact("2026-11-01T00:00:00+01:00")),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("to"), knownvalue.StringExact("2026-11-22T12:30:00.250Z")),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("total").AtMapKey("rows_read"), knownvalue.Int64Exact(6479871)),
			},
		}},
	})
	const want = "from=2026-11-01T00%3A00%3A00%2B01%3A00&to=2026-11-22T12%3A30%3A00.250Z"
	path := faketurso.DatabaseUsagePath(faketurso.OrgDemo, "analytics")
	var reads int
	for _, r := range fake.Requests() {
		if r.Path != path {
			continue
		}
		reads++
		if r.Query != want {
			t.Errorf("query %q, want %q", r.Query, want)
		}
	}
	if reads == 0 {
		t.Error("the database's usage was never requested")
	}
}

// TestAccDatabaseUsage_refusedAtPlanTime: a bad name, bound or window is an error naming the
// argument, and nothing is sent. Every rule of the name and bound checks is in validators_test.go.
func TestAccDatabaseUsage_refusedAtPlanTime(t *testing.T) {
	for name, tc := range map[string]struct {
		arguments string
		want      []string
	}{
		"name": {`database = "orders/../x"`, []string{"Invalid Turso Database Name", `from this data source's "database" argument must not be "." or contain ".."`, "turso db list"}},
		"from": {`database = "analytics"` + "\n" + `from = "2026-11-01"`, []string{"Invalid Usage Window", `The timestamp "2026-11-01" from this data source's "from" argument is not an RFC 3339 timestamp`}},
		"to":   {`database = "analytics"` + "\n" + `to = "2026-11-01T00:00:00"`, []string{"Invalid Usage Window", `"to" argument is not an RFC 3339 timestamp with a zone`}},
		"to before from": {`database = "analytics"` + "\n" + `from = "2026-11-02T00:00:00Z"` + "\n" + `to = "2026-11-01T00:00:00Z"`,
			[]string{"Invalid Usage Window", `This data source's "to" (2026-11-01T00:00:00Z) is not after its "from" (2026-11-02T00:00:00Z)`}},
		"the same instant": {`database = "analytics"` + "\n" + `from = "2026-11-02T00:00:00Z"` + "\n" + `to = "2026-11-02T01:00:00+01:00"`,
			[]string{"Invalid Usage Window", "is not after"}},
	} {
		t.Run(name, func(t *testing.T) {
			expectRefusedAtPlanTime(t, func(url string) string { return databaseUsageConfig(url, tc.arguments) }, errorPattern(tc.want...))
		})
	}
}

func TestAccDatabaseUsage_notFound(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: databaseUsageConfig(url, `database = "orders-prd"`),
			ExpectError: errorPattern("Unable to Read Database Usage", "HTTP 404 Not Found: database not found",
				`Database "orders-prd" was not found in organization "demo"`, "turso db list"),
		}},
	})
}

// TestAccDatabaseUsage_boundKnownOnlyAtApply: a bound taken from another resource is unknown at plan
// time; the read waits for apply, and then sends it. The window is one day: a thirtieth of the
// fixture's 153317668 rows read.
func TestAccDatabaseUsage_boundKnownOnlyAtApply(t *testing.T) {
	fake, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + `
resource "terraform_data" "since" { input = "2026-11-20T00:00:00Z" }
data "turso_database_usage" "this" {
  database = "orders-prod"
  from     = terraform_data.since.output
  to       = "2026-11-21T00:00:00Z"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("from"), knownvalue.StringExact("2026-11-20T00:00:00Z")),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("total").AtMapKey("rows_read"), knownvalue.Int64Exact(153317668/30)),
			},
		}},
	})
	for _, r := range fake.Requests() {
		if r.Query != "from=2026-11-20T00%3A00%3A00Z&to=2026-11-21T00%3A00%3A00Z" {
			t.Errorf("request %s?%s, want the bound from apply", r.Path, r.Query)
		}
	}
}

// TestAccDatabaseUsage_topLevelTotal: a response whose only totals are at the top level.
func TestAccDatabaseUsage_topLevelTotal(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetFault(faketurso.DatabaseUsagePath(faketurso.OrgDemo, "scratch"), faketurso.Fault{Body: []byte(
		fmt.Sprintf(`{"database":{"uuid":"u-1","instances":[]},"instances":{},"total":{"rows_read":%d,"rows_written":1,"storage_bytes":2,"bytes_synced":3,"queries":4}}`, int64(math.MaxInt64)))})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: databaseUsageConfig(url, `database = "scratch"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("total"), counters(math.MaxInt64, 1, 2, 3)),
				statecheck.ExpectKnownValue(databaseUsageAddr, tfjsonpath.New("instances"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// TestDatabaseUsageSchema_describesTheWindow: every counter of turso_database_usage covers the window
// it was read for, and no description may say otherwise.
func TestDatabaseUsageSchema_describesTheWindow(t *testing.T) {
	var walk func(where string, attrs map[string]schema.Attribute)
	counters := 0
	walk = func(where string, attrs map[string]schema.Attribute) {
		for name, a := range attrs {
			description := a.GetMarkdownDescription()
			if strings.Contains(description, "billing cycle") {
				t.Errorf("%s%s: %q speaks of the billing cycle; this data source reads a window", where, name, description)
			}
			if name == "rows_read" || name == "rows_written" || name == "bytes_synced" {
				counters++
				if !strings.Contains(description, "in the window") {
					t.Errorf("%s%s: %q does not say it counts the window", where, name, description)
				}
			}
			switch a := a.(type) {
			case schema.SingleNestedAttribute:
				walk(where+name+".", a.Attributes)
			case schema.ListNestedAttribute:
				walk(where+name+"[].", a.NestedObject.Attributes)
			}
		}
	}
	walk("", databaseUsageSchema().Attributes)
	if counters != 6 {
		t.Errorf("found %d counters, want 6 (three each for the instances and the total)", counters)
	}
}
