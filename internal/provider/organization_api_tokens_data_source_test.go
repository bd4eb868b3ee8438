package provider

import (
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

const apiTokensAddr = "data.turso_organization_api_tokens.this"

func TestAccOrganizationAPITokens(t *testing.T) {
	_, url := fakeAPI(t)
	config := func(org string) string {
		return providerBlock(url, org) + `data "turso_organization_api_tokens" "this" {}`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: config(faketurso.OrgDemo),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name": knownvalue.StringExact("ci-deploy"), "id": knownvalue.StringExact("tok-01HZX3"), "group": knownvalue.Null(),
						"scopes": knownvalue.Null(), "owner_username": knownvalue.StringExact("ada"), "owner_email": knownvalue.StringExact("ada@example.com"),
						"created_at": knownvalue.StringExact("2026-10-01"), "age_days": knownvalue.Int64Exact(40),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name": knownvalue.StringExact("eu-analytics-read"), "id": knownvalue.StringExact("tok-01HZX4"), "group": knownvalue.StringExact("eu"),
						"scopes":         knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("read"), knownvalue.StringExact("group:mint-token")}),
						"owner_username": knownvalue.StringExact("linus"), "owner_email": knownvalue.StringExact("linus@example.com"),
						"created_at": knownvalue.StringExact("2026-06-15"), "age_days": knownvalue.Int64Exact(148),
					}),
				})),
			},
		}, {
			// A group token without scopes, a token without an owner and with an empty group.
			Config: config(faketurso.OrgLive),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens").AtSliceIndex(1).AtMapKey("scopes"), knownvalue.Null()),
				statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens").AtSliceIndex(1).AtMapKey("age_days"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens").AtSliceIndex(2), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"name": knownvalue.StringExact("no-owner"), "id": knownvalue.StringExact("tok-live-3"), "group": knownvalue.Null(),
					"scopes": knownvalue.Null(), "owner_username": knownvalue.Null(), "owner_email": knownvalue.Null(),
					"created_at": knownvalue.StringExact("2026-11-09"), "age_days": knownvalue.Int64Exact(1),
				})),
			},
		}, {
			// An owner sent as null, or with null values: null either way.
			Config: config(faketurso.OrgNulls),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens").AtSliceIndex(0).AtMapKey("owner_username"), knownvalue.Null()),
				statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens").AtSliceIndex(1).AtMapKey("owner_username"), knownvalue.Null()),
				statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens").AtSliceIndex(1).AtMapKey("owner_email"), knownvalue.Null()),
				statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens").AtSliceIndex(1).AtMapKey("group"), knownvalue.StringExact("g")),
			},
		}, {
			Config:            config(faketurso.OrgBlocked),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(apiTokensAddr, tfjsonpath.New("tokens"), knownvalue.ListExact(nil))},
		}},
	})
}

func TestAccOrganizationAPITokens_checkExample(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:             providerBlock(url, faketurso.OrgLive) + dataSourceExample(t, "turso_organization_api_tokens", "check.tf"),
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{expectCheckBlock{name: "turso_token_rotation", status: tfjson.CheckStatusFail, fragments: []string{
				"Turso organization live has organization-wide tokens older than 90 days: old-org-wide (677 days, minted by owner-1). Mint new ones",
			}}},
		}},
	})
}

func TestAccOrganizationAPITokens_planTime(t *testing.T) {
	expectRefusedAtPlanTime(t, func(url string) string {
		return providerBlock(url, "") + "data \"turso_organization_api_tokens\" \"this\" {\n  organization = \"a b\"\n}\n"
	}, errorPattern("Invalid Organization for API Tokens", `The organization slug "a b" from this data source's "organization" argument`))
}

func TestAccOrganizationAPITokens_errors(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.Script(faketurso.APITokensPath(faketurso.OrgDemo), faketurso.Fault{Status: 403, Body: faketurso.ErrorBody("forbidden")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_api_tokens" "this" {}`,
			ExpectError: errorPattern("Unable to Read Organization API Tokens", "The API tokens request was refused.",
				"GET /v1/organizations/demo/api-tokens: HTTP 403 Forbidden: forbidden",
				"Owners and admins see every token of the organization, with its owner; members and viewers see only the tokens they minted themselves.",
				`Use a platform API token minted for organization "demo"`),
		}},
	})
}
