package provider

import (
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

const organizationAddr = "data.turso_organization.this"

func organizationValues(values map[string]knownvalue.Check) []statecheck.StateCheck {
	return attributeChecks(organizationAddr, values)
}

func TestAccOrganization(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgLive) + `data "turso_organization" "this" {}`,
			ConfigStateChecks: organizationValues(map[string]knownvalue.Check{
				"organization": knownvalue.StringExact("live"), "name": knownvalue.StringExact("live"), "slug": knownvalue.StringExact("live"),
				"type": knownvalue.StringExact("team"), "plan_id": knownvalue.StringExact("scaler"), "plan_timeline": knownvalue.StringExact("monthly"),
				"overages": knownvalue.Bool(true), "require_mfa": knownvalue.Bool(true), "blocked_reads": knownvalue.Bool(false),
				"blocked_writes": knownvalue.Bool(false), "platform": knownvalue.StringExact("vercel"),
			}),
		}, {
			// Every value the API may leave out is null, never false.
			Config: providerBlock(url, faketurso.OrgNulls) + `data "turso_organization" "this" {}`,
			ConfigStateChecks: organizationValues(map[string]knownvalue.Check{
				"organization": knownvalue.StringExact("nulls"), "type": knownvalue.Null(), "plan_id": knownvalue.Null(),
				"plan_timeline": knownvalue.Null(), "overages": knownvalue.Null(), "require_mfa": knownvalue.Null(),
				"blocked_reads": knownvalue.Null(), "blocked_writes": knownvalue.Null(), "platform": knownvalue.Null(),
			}),
		}},
	})
}

// The MFA recipe fails where MFA is off, and where the API leaves require_mfa out.
func TestAccOrganization_checkExample(t *testing.T) {
	_, url := fakeAPI(t)
	example := dataSourceExample(t, "turso_organization", "check.tf")
	var steps []resource.TestStep
	for _, org := range []string{faketurso.OrgEmpty, faketurso.OrgNulls} {
		steps = append(steps, resource.TestStep{
			Config:             providerBlock(url, org) + example,
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{expectCheckBlock{name: "turso_mfa_required", status: tfjson.CheckStatusFail, fragments: []string{
				"Turso organization " + org + " does not require multi-factor authentication",
			}}},
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(testClientOptions), Steps: steps})
}

func TestAccOrganization_planTime(t *testing.T) {
	expectRefusedAtPlanTime(t, func(url string) string {
		return providerBlock(url, "") + "data \"turso_organization\" \"this\" {\n  organization = \"acme/../x\"\n}\n"
	}, errorPattern("Invalid Organization for Organization", `from this data source's "organization" argument must not be "." or contain ".."`))
}

func TestAccOrganization_errors(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, "nowhere") + `data "turso_organization" "this" {}`,
			ExpectError: errorPattern("Unable to Read Organization", "The organization request failed.",
				`GET /v1/organizations/nowhere: HTTP 404 Not Found: organization not found`, `Organization "nowhere" was not found`),
		}},
	})
}
