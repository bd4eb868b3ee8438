package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// keptNames checks the names of the databases a filter kept, in order.
func keptNames(names ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(names))
	for i, n := range names {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(n)})
	}
	return statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases"), knownvalue.ListExact(checks))
}

// wholeOrganization checks what a filter leaves whole: the organization's counters, its database
// count and every group's rollup over all its databases.
var wholeOrganization = []statecheck.StateCheck{
	statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("usage").AtMapKey("rows_read"), knownvalue.Int64Exact(184523901)),
	statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("database_count"), knownvalue.Int64Exact(5)),
	statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("groups"), knownvalue.MapExact(map[string]knownvalue.Check{
		"default": groupCheck(4, 175423668, 2720100, 1020054732, 52428800),
		"eu":      groupCheck(1, 9100233, 400357, 268435456, 0),
	})),
}

// TestAccOrganizationUsage_filters: each filter and their combination through Terraform on the demo
// organization, ties broken by name, and the whole organization's totals beside every filter.
func TestAccOrganizationUsage_filters(t *testing.T) {
	_, url := fakeAPI(t)
	step := func(arguments string, checks ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			Config:            providerBlock(url, faketurso.OrgDemo) + "data \"turso_organization_usage\" \"this\" {\n" + arguments + "\n}",
			ConfigStateChecks: append(checks, wholeOrganization...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{
			step(`top_databases = 2`, keptNames("orders-prod", "users-prod"),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("top_databases_by"), knownvalue.StringExact("rows_read"))),
			step("top_databases = 2\ntop_databases_by = \"storage_bytes\"", keptNames("users-prod", "orders-prod")),
			// Four databases synced no bytes: the tie is broken by name.
			step("top_databases = 3\ntop_databases_by = \"bytes_synced\"", keptNames("users-prod", "analytics", "orders-prod")),
			step(`database_names = ["scratch", "analytics"]`, keptNames("analytics", "scratch")),
			step(`database_groups = ["eu"]`, keptNames("analytics")),
			step("database_groups = [\"default\"]\ndatabase_names = [\"analytics\", \"scratch\", \"users-prod\"]", keptNames("users-prod", "scratch")),
			step("database_groups = [\"default\"]\ntop_databases = 1\ntop_databases_by = \"rows_written\"", keptNames("orders-prod"),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(0).AtMapKey("instances"), knownvalue.NotNull())),
			step("database_groups = [\"default\"]\ntop_databases = 2\ninclude_instances = false", keptNames("orders-prod", "users-prod"),
				statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("databases").AtSliceIndex(0).AtMapKey("instances"), knownvalue.Null())),
		},
	})
}

// TestAccOrganizationUsage_filterErrorsAtPlanTime: a filter beside include_databases = false, and
// each filter's own bad value, are errors before any request.
func TestAccOrganizationUsage_filterErrorsAtPlanTime(t *testing.T) {
	fake, url := fakeAPI(t)
	var steps []resource.TestStep
	for arguments, want := range map[string]*regexp.Regexp{
		"include_databases = false\ntop_databases = 3":                errorPattern("Filter Without Databases", `"top_databases" chooses among the databases, but include_databases = false reads none`),
		"include_databases = false\ndatabase_groups = [\"eu\"]":       errorPattern("Filter Without Databases", `Remove "database_groups", or set include_databases to true`),
		"include_databases = false\ntop_databases_by = \"rows_read\"": errorPattern("Filter Without Databases", `"top_databases_by"`),
		"include_databases = false\ndatabase_names = [\"analytics\"]": errorPattern("Filter Without Databases", `"database_names"`),
		`top_databases = 0`:         errorPattern(`top_databases`, `must be at least 1`),
		`top_databases_by = "rows"`: errorPattern(`top_databases_by`, `value must be one of`, `"rows_read"`, `"bytes_synced"`),
		`database_names = []`:       errorPattern(`database_names`, `set must contain at least 1 elements`),
		`database_groups = []`:      errorPattern(`database_groups`, `set must contain at least 1 elements`),
	} {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(url, faketurso.OrgDemo) + "data \"turso_organization_usage\" \"this\" {\n" + arguments + "\n}",
			PlanOnly:    true,
			ExpectError: want,
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(testClientOptions), Steps: steps})
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none: the errors are the plan's", n)
	}
}

// TestCLI_filterWarnings: a name or a group the organization does not have is a warning naming it,
// in Terraform's own output, and the plan goes on with what matched.
func TestCLI_filterWarnings(t *testing.T) {
	_, url := fakeAPI(t)
	r := newCLIRun(t, providerConfig(url, fmt.Sprintf("api_token = %q", faketurso.Token), `organization = "demo"`)+`
data "turso_organization_usage" "names" {
  database_names = ["analytics", "dropped-db"]
}
data "turso_organization_usage" "groups" {
  database_groups = ["eu", "archived"]
}
output "names" { value = data.turso_organization_usage.names.databases[*].name }
output "groups" { value = data.turso_organization_usage.groups.databases[*].name }
`)
	out := plainText([]byte(r.run("plan", "-input=false", "-no-color")))
	for _, want := range []string{
		`Warning: Database Not Found`,
		`Organization "demo" has no database named "dropped-db" in its usage and database list`,
		`Warning: Database Group Without Databases`,
		`Organization "demo" has no database in group "archived"`,
		`names = [ + "analytics", ]`,
		`groups = [ + "analytics", ]`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not show %q:\n%s", want, out)
		}
	}
}
