package provider

import (
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

const demoRowsRead = 184523901

func readsOrganization(slug string, rowsRead int64) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("organization"), knownvalue.StringExact(slug)),
		statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("usage").AtMapKey("rows_read"), knownvalue.Int64Exact(rowsRead)),
	}
}

func TestAccProvider_environmentFallbacks(t *testing.T) {
	_, url := fakeAPI(t)
	t.Setenv("TURSO_API_TOKEN", "  "+faketurso.Token+"\n") // surrounding whitespace is trimmed
	t.Setenv("TURSO_ORG", faketurso.OrgDemo)
	t.Setenv("TURSO_API_BASEURL", url)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: readsOrganization(faketurso.OrgDemo, demoRowsRead),
		}},
	})
}

func TestAccProvider_environmentOrder(t *testing.T) {
	_, url := fakeAPI(t)
	t.Setenv("TURSO_API_TOKEN", faketurso.Token)
	t.Setenv("TURSO_ORGANIZATION", faketurso.OrgLive)
	t.Setenv("TURSO_ORG", faketurso.OrgDemo)
	t.Setenv("TURSO_API_URL", url)
	t.Setenv("TURSO_API_BASEURL", "http://127.0.0.1:1") // nothing listens there
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: readsOrganization(faketurso.OrgLive, 1<<53+1),
		}},
	})
}

func TestAccProvider_blockBeatsEnvironment(t *testing.T) {
	fake, url := fakeAPI(t)
	t.Setenv("TURSO_API_TOKEN", "wrong-token")
	t.Setenv("TURSO_ORGANIZATION", faketurso.OrgLive)
	t.Setenv("TURSO_API_URL", "http://127.0.0.1:1")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: readsOrganization(faketurso.OrgDemo, demoRowsRead),
		}},
	})
	for _, r := range fake.Requests() {
		if r.Header.Get("Authorization") != "Bearer "+faketurso.Token {
			t.Errorf("a request carried %q", r.Header.Get("Authorization"))
		}
	}
}

func TestAccOrganizationUsage_overridesProviderOrganization(t *testing.T) {
	fake, url := fakeAPI(t)
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
	if fake.RequestCount(faketurso.UsagePath(faketurso.OrgReference)) == 0 {
		t.Error("the data source's organization was not requested")
	}
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
	fake, url := fakeAPI(t)
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
	reads := fake.RequestCount(faketurso.UsagePath(faketurso.OrgLive))
	if reads == 0 {
		t.Fatal("no request was made")
	}
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

func TestAccOrganizationUsage_parallelReadsShareOneProvider(t *testing.T) {
	fake, url := fakeAPI(t)
	var config strings.Builder
	config.WriteString(providerBlock(url, faketurso.OrgDemo))
	var checks []statecheck.StateCheck
	orgs := []string{faketurso.OrgDemo, faketurso.OrgLive, faketurso.OrgReference, faketurso.OrgEmpty}
	for i := range 24 {
		org := orgs[i%len(orgs)]
		fmt.Fprintf(&config, "data \"turso_organization_usage\" \"d%d\" { organization = %q }\n", i, org)
		checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("data.turso_organization_usage.d%d", i), tfjsonpath.New("organization"), knownvalue.StringExact(org)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
	if n := len(fake.Requests()); n < 24 {
		t.Errorf("requests = %d, want at least one per data source", n)
	}
}
