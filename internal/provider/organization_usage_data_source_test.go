package provider

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

func providerBlock(url, organization string) string {
	org := ""
	if organization != "" {
		org = fmt.Sprintf("  organization = %q\n", organization)
	}
	return fmt.Sprintf("provider \"turso\" {\n  api_url   = %q\n  api_token = %q\n%s}\n", url, faketurso.Token, org)
}

func counters(rowsRead, rowsWritten, storage, synced int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"rows_read":     knownvalue.Int64Exact(rowsRead),
		"rows_written":  knownvalue.Int64Exact(rowsWritten),
		"storage_bytes": knownvalue.Int64Exact(storage),
		"bytes_synced":  knownvalue.Int64Exact(synced),
	})
}

const usageAddr = "data.turso_organization_usage.this"

func TestAccOrganizationUsage_referenceExample(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgReference) + `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("organization"), knownvalue.StringExact("reference")),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("include_databases"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("uuid"), knownvalue.StringExact("fa72ba58-7db3-436b-bcab-14b83eb1dd88")),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("usage"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"rows_read":     knownvalue.Int64Exact(1000000000),
					"rows_written":  knownvalue.Int64Exact(25000000),
					"databases":     knownvalue.Int64Exact(500),
					"locations":     knownvalue.Int64Exact(3),
					"storage_bytes": knownvalue.Int64Exact(9000000000),
					"groups":        knownvalue.Int64Exact(1),
					"bytes_synced":  knownvalue.Int64Exact(3000000000),
				})),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"uuid":              knownvalue.StringExact("0eb771dd-6906-11ee-8553-eaa7715aeaf2"),
						"name":              knownvalue.StringExact("my-db"),
						"group":             knownvalue.StringExact("default"),
						"primary_region":    knownvalue.StringExact("aws-us-east-1"),
						"block_reads":       knownvalue.Bool(false),
						"block_writes":      knownvalue.Bool(false),
						"delete_protection": knownvalue.Bool(false),
						"instances": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{
								"uuid":  knownvalue.StringExact("cd831986-94e5-11ee-a6fe-7a52e1f7759a"),
								"usage": counters(0, 0, 4096, 0),
							}),
							knownvalue.ObjectExact(map[string]knownvalue.Check{
								"uuid":  knownvalue.StringExact("0be90471-6906-11ee-8553-eaa7715aeaf2"),
								"usage": counters(0, 0, 4096, 0),
							}),
						}),
						"total": counters(0, 0, 8192, 0),
					}),
				})),
			},
		}},
	})
}

func TestAccOrganizationUsage_liveShape(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, "") + `data "turso_organization_usage" "this" { organization = "live" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				// 2^53+1 and int64 max survive the round trip exactly.
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("usage").AtMapKey("rows_read"), knownvalue.Int64Exact(1<<53+1)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("usage").AtMapKey("storage_bytes"), knownvalue.Int64Exact(math.MaxInt64)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(0).AtMapKey("total"), counters(1<<53+1, 1250000, 12288, 0)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(1).AtMapKey("total").AtMapKey("storage_bytes"), knownvalue.Int64Exact(9223372036854763519)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(1).AtMapKey("instances").AtSliceIndex(0).AtMapKey("uuid"),
					knownvalue.StringExact("cd831986-94e5-11ee-a6fe-7a52e1f7759a")),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(2).AtMapKey("instances"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases"), knownvalue.ListSizeExact(3)),
			},
		}},
	})
}

func TestAccOrganizationUsage_errorsShowStatusAndMessage(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.Script(faketurso.UsagePath("gone"), faketurso.Fault{Status: 404, Body: faketurso.ErrorBody("organization not found")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:      providerBlock(url, "gone") + `data "turso_organization_usage" "this" {}`,
			ExpectError: errorPattern("Unable to Read Organization Usage", "HTTP 404 Not Found: organization not found", `Organization "gone" was not found`),
		}},
	})
}

func TestAccOrganizationUsage_overridesProviderOrganization(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + `
data "turso_organization_usage" "this" { organization = "reference" }
data "turso_organization_usage" "default" {}`,
			ConfigStateChecks: append(readsOrganization(faketurso.OrgReference, 1000000000),
				statecheck.ExpectKnownValue("data.turso_organization_usage.default", tfjsonpath.New("organization"), knownvalue.StringExact(faketurso.OrgDemo))),
		}},
	})
}

func TestAccOrganizationUsage_emptyOrganization(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgEmpty) + `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("usage").AtMapKey("databases"), knownvalue.Int64Exact(0)),
			},
		}},
	})
}

func TestAccOrganizationUsage_withoutDatabases(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgLive) + `data "turso_organization_usage" "this" { include_databases = false }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases"), knownvalue.Null()),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("include_databases"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("uuid"), knownvalue.StringExact("5c0ab6a1-3e1f-4a5e-9a51-8d2f1c7b9e40")),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("usage").AtMapKey("storage_bytes"), knownvalue.Int64Exact(9223372036854775807)),
			},
		}},
	})
}

func TestAccOrganizationUsage_outputs(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + `
data "turso_organization_usage" "this" {}
output "rows_read" { value = data.turso_organization_usage.this.usage.rows_read }
output "storage_by_database" {
  value = { for db in data.turso_organization_usage.this.databases : db.uuid => db.total.storage_bytes }
}
output "instances_of_first" { value = length(data.turso_organization_usage.this.databases[0].instances) }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("rows_read", knownvalue.Int64Exact(demoRowsRead)),
				statecheck.ExpectKnownOutputValue("instances_of_first", knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownOutputValue("storage_by_database", knownvalue.MapExact(map[string]knownvalue.Check{
					"1a2b3c4d-0001-4000-8000-00000000a001": knownvalue.Int64Exact(402653184),
					"1a2b3c4d-0002-4000-8000-00000000a002": knownvalue.Int64Exact(536870912),
					"1a2b3c4d-0003-4000-8000-00000000a003": knownvalue.Int64Exact(268435456),
					"1a2b3c4d-0004-4000-8000-00000000a004": knownvalue.Int64Exact(67108864),
					"1a2b3c4d-0005-4000-8000-00000000a005": knownvalue.Int64Exact(13421772),
				})),
			},
		}},
	})
}

func TestAccOrganizationUsage_conditions(t *testing.T) {
	_, url := fakeAPI(t)
	config := func(limit int64) string {
		return providerBlock(url, faketurso.OrgDemo) + fmt.Sprintf(`
data "turso_organization_usage" "this" {
  lifecycle {
    postcondition {
      condition     = self.usage.rows_read < %d
      error_message = "Rows read are over budget."
    }
  }
}`, limit)
	}
	outputConfig := func(limit int64) string {
		return providerBlock(url, faketurso.OrgDemo) + fmt.Sprintf(`
data "turso_organization_usage" "this" {}
output "storage_bytes" {
  value = data.turso_organization_usage.this.usage.storage_bytes
  precondition {
    condition     = data.turso_organization_usage.this.usage.storage_bytes < %d
    error_message = "Storage is over budget."
  }
}`, limit)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{
			{Config: config(demoRowsRead + 1), ConfigStateChecks: readsOrganization(faketurso.OrgDemo, demoRowsRead)},
			{Config: config(demoRowsRead), ExpectError: errorPattern("Resource postcondition failed", "Rows read are over budget.")},
			{Config: outputConfig(1288490189), ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("storage_bytes", knownvalue.Int64Exact(1288490188))}},
			{Config: outputConfig(1288490188), ExpectError: errorPattern("Module output value precondition failed", "Storage is over budget.")},
		},
	})
}

func TestAccOrganizationUsage_checkBlock(t *testing.T) {
	_, url := fakeAPI(t)
	config := func(threshold int64) string {
		return providerBlock(url, faketurso.OrgDemo) + fmt.Sprintf(`
data "turso_organization_usage" "this" {}
check "rows_read_budget" {
  assert {
    condition     = data.turso_organization_usage.this.usage.rows_read < 0.8 * %d
    error_message = "Rows read passed 80%% of the budget."
  }
}`, threshold)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{
			{
				Config:            config(1_000_000_000),
				ConfigStateChecks: []statecheck.StateCheck{expectCheckBlock{name: "rows_read_budget", status: tfjson.CheckStatusPass}},
			},
			{
				Config:            config(200_000_000),
				ConfigStateChecks: []statecheck.StateCheck{expectCheckBlock{name: "rows_read_budget", status: tfjson.CheckStatusFail, fragments: []string{"Rows read passed 80% of the budget."}}},
			},
		},
	})
}

// TestAccOrganizationUsage_parallelReads reads four organizations through one provider: the barrier
// answers no usage request until all four are in flight together, so the reads only succeed if
// Terraform runs them concurrently, and the race detector watches the shared client while they do.
func TestAccOrganizationUsage_parallelReads(t *testing.T) {
	orgs := []string{faketurso.OrgDemo, faketurso.OrgLive, faketurso.OrgReference, faketurso.OrgEmpty}
	paths := make([]string, len(orgs))
	for i, org := range orgs {
		paths[i] = faketurso.UsagePath(org)
	}
	fake, barrier, url := barrierAPI(t, paths...)
	var config strings.Builder
	config.WriteString(providerBlock(url, faketurso.OrgDemo))
	var checks []statecheck.StateCheck
	for i, org := range orgs {
		fmt.Fprintf(&config, "data \"turso_organization_usage\" \"d%d\" { organization = %q }\n", i, org)
		checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("data.turso_organization_usage.d%d", i), tfjsonpath.New("organization"), knownvalue.StringExact(org)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
	expectEveryRoundTogether(t, barrier, fake, paths)
}

// expectEveryRoundTogether: the barrier opened, and every request to its paths came in one of its
// rounds, all of them in flight together.
func expectEveryRoundTogether(t *testing.T, barrier *faketurso.Barrier, fake *faketurso.Server, paths []string) {
	t.Helper()
	rounds := barrier.Rounds()
	if rounds == 0 {
		t.Fatalf("the requests to %q were never in flight together", paths)
	}
	for _, p := range paths {
		if n := fake.RequestCount(p); n != rounds {
			t.Errorf("%s reached the fake %d times in %d rounds: some request did not run alongside the others", p, n, rounds)
		}
	}
}

// TestAccOrganizationUsage_names reads the demo organization's list in pages of two: every database
// gets its name and group, and the read costs the usage request and one request per page.
func TestAccOrganizationUsage_names(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetPageSize(2)
	names := map[string]knownvalue.Check{}
	for i, n := range []string{"orders-prod", "users-prod", "analytics", "orders-staging", "scratch"} {
		names[fmt.Sprint(i)] = knownvalue.StringExact(n)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + `
data "turso_organization_usage" "this" {}
output "names" { value = { for i, db in data.turso_organization_usage.this.databases : i => db.name } }
output "rows_read_by_name" { value = { for db in data.turso_organization_usage.this.databases : db.name => db.total.rows_read } }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("names", knownvalue.MapExact(names)),
				statecheck.ExpectKnownOutputValue("rows_read_by_name", knownvalue.MapPartial(map[string]knownvalue.Check{
					"orders-prod": knownvalue.Int64Exact(153317668), "scratch": knownvalue.Int64Exact(0),
				})),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(2).AtMapKey("group"), knownvalue.StringExact("eu")),
			},
		}},
	})
	usage, pages := fake.RequestCount(faketurso.UsagePath(faketurso.OrgDemo)), fake.RequestCount(faketurso.DatabasesPath(faketurso.OrgDemo))
	if usage == 0 || pages != 3*usage {
		t.Errorf("%d usage requests and %d list requests, want 3 pages a read", usage, pages)
	}
}

// TestAccOrganizationUsage_databaseMissingFromList: the live organization's list lacks a database its
// usage has (and has one its usage lacks): that database has no name, and nothing else is guessed.
func TestAccOrganizationUsage_databaseMissingFromList(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgLive) + `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases"), knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("orders-prod")),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(1).AtMapKey("group"), knownvalue.StringExact("staging")),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(2).AtMapKey("uuid"), knownvalue.StringExact("c3d2e4f6-6906-11ee-8553-eaa7715aeaf2")),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(2).AtMapKey("name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(2).AtMapKey("group"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccOrganizationUsage_listFails(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.Script(faketurso.DatabasesPath(faketurso.OrgDemo), faketurso.Fault{Status: 403, Body: []byte(`{"error":"token is scoped to group eu","code":"forbidden"}`)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
			ExpectError: errorPattern("Unable to Read Organization Usage", "The database list request failed.",
				"GET /v1/organizations/demo/databases?limit=1000: HTTP 403 Forbidden: token is scoped to group eu", `(code "forbidden")`,
				`The API token cannot read organization "demo"`),
		}},
	})
}

// TestAccOrganizationUsage_withoutInstances keeps each database's total and name, and leaves out
// its instances.
func TestAccOrganizationUsage_withoutInstances(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" { include_instances = false }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("include_instances"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"uuid":              knownvalue.StringExact("1a2b3c4d-0001-4000-8000-00000000a001"),
					"name":              knownvalue.StringExact("orders-prod"),
					"group":             knownvalue.StringExact("default"),
					"primary_region":    knownvalue.StringExact("aws-us-east-1"),
					"block_reads":       knownvalue.Bool(false),
					"block_writes":      knownvalue.Bool(false),
					"delete_protection": knownvalue.Bool(true),
					"instances":         knownvalue.Null(),
					"total":             counters(153317668, 1500100, 402653184, 0),
				})),
			},
		}},
	})
}

// TestAccOrganizationUsage_summaryReadsNoList: without the databases, the list is not requested.
func TestAccOrganizationUsage_summaryReadsNoList(t *testing.T) {
	fake, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" { include_databases = false }`,
			ConfigStateChecks: readsOrganization(faketurso.OrgDemo, demoRowsRead),
		}},
	})
	if n := fake.RequestCount(faketurso.DatabasesPath(faketurso.OrgDemo)); n != 0 {
		t.Errorf("the database list was requested %d times, want never", n)
	}
}

// TestFetchOrganizationUsage_concurrent proves the usage request and the list's first page are in
// flight together: the barrier answers neither until both have arrived.
func TestFetchOrganizationUsage_concurrent(t *testing.T) {
	_, barrier, url := barrierAPI(t, faketurso.UsagePath(faketurso.OrgDemo), faketurso.DatabasesPath(faketurso.OrgDemo))
	opts := testClientOptions
	opts.RetryMax = 0
	s := usageState{slug: faketurso.OrgDemo, includeDatabases: true, includeInstances: true}
	if failures := fetchOrganizationUsage(context.Background(), testClient(t, url, opts), &s); len(failures) > 0 {
		t.Fatalf("failures: %v", failures)
	}
	if barrier.Rounds() != 1 || s.names.Len() != 5 || s.usage.Databases.Len() != 5 {
		t.Errorf("barrier rounds %d, %d names, %d databases; want 1, 5 and 5", barrier.Rounds(), s.names.Len(), s.usage.Databases.Len())
	}
}

func groupCheck(databases, rowsRead, rowsWritten, storage, synced int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"databases": knownvalue.Int64Exact(databases), "rows_read": knownvalue.Int64Exact(rowsRead), "rows_written": knownvalue.Int64Exact(rowsWritten),
		"storage_bytes": knownvalue.Int64Exact(storage), "bytes_synced": knownvalue.Int64Exact(synced),
	})
}

// TestAccOrganizationUsage_flagsAndGroups: each database's blocks, protection and region come from the
// list it already reads (null where the list omits them), and the groups sum the databases of each;
// without the databases there are no groups. No request is added.
func TestAccOrganizationUsage_flagsAndGroups(t *testing.T) {
	fake, url := fakeAPI(t)
	database := func(i int, key string) tfjsonpath.Path {
		return tfjsonpath.New("databases").AtSliceIndex(i).AtMapKey(key)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usageAddr, database(0, "delete_protection"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(usageAddr, database(0, "block_writes"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(usageAddr, database(2, "primary_region"), knownvalue.StringExact("aws-eu-west-1")),
				statecheck.ExpectKnownValue(usageAddr, database(3, "block_reads"), knownvalue.Null()),
				statecheck.ExpectKnownValue(usageAddr, database(3, "block_writes"), knownvalue.Null()),
				statecheck.ExpectKnownValue(usageAddr, database(4, "block_writes"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(usageAddr, database(4, "block_reads"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("groups"), knownvalue.MapExact(map[string]knownvalue.Check{
					"default": groupCheck(4, 175423668, 2720100, 1020054732, 52428800),
					"eu":      groupCheck(1, 9100233, 400357, 268435456, 0),
				})),
			},
		}, {
			// The live organization: a database its list lacks has null flags and is in no group; counts past 2^53.
			Config: providerBlock(url, faketurso.OrgLive) + `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usageAddr, database(2, "block_writes"), knownvalue.Null()),
				statecheck.ExpectKnownValue(usageAddr, database(2, "delete_protection"), knownvalue.Null()),
				statecheck.ExpectKnownValue(usageAddr, database(2, "primary_region"), knownvalue.Null()),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("groups"), knownvalue.MapExact(map[string]knownvalue.Check{
					"default": groupCheck(1, 9007199254740993, 1250000, 12288, 0),
					"staging": groupCheck(1, 0, 411, 9223372036854763519, 0),
				})),
			},
		}, {
			Config: providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" { include_databases = false }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("groups"), knownvalue.Null()),
			},
		}},
	})
	for _, r := range fake.Requests() {
		if !strings.HasSuffix(r.Path, "/usage") && !strings.HasSuffix(r.Path, "/databases") {
			t.Errorf("request to %s: only the usage and the database list are read", r.Path)
		}
	}
}

// TestAccOrganizationUsage_groupOverflow: group totals that pass the largest int64 are an error.
func TestAccOrganizationUsage_groupOverflow(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetUsage("acme", []byte(`{"organization":{"uuid":"o","usage":{},"databases":[
{"uuid":"1","usage":{"rows_read":9223372036854775807}},{"uuid":"2","usage":{"rows_read":1}}]}}`))
	fake.SetDatabases("acme", []byte(`{"databases":[{"Name":"a","DbId":"1","group":"big"},{"Name":"b","DbId":"2","group":"big"}]}`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:      providerBlock(url, "acme") + `data "turso_organization_usage" "this" {}`,
			ExpectError: errorPattern("Unable to Sum Group Usage", `the rows_read of the databases of group "big" add up to more than the largest 64-bit integer`),
		}},
	})
}
