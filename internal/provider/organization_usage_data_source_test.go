package provider

import (
	"fmt"
	"math"
	"testing"

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
						"uuid": knownvalue.StringExact("0eb771dd-6906-11ee-8553-eaa7715aeaf2"),
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
