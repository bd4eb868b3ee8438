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

const membersAddr = "data.turso_organization_members.this"

func member(username, role string, email knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"username": knownvalue.StringExact(username), "role": knownvalue.StringExact(role), "email": email,
	})
}

func roleCountsOf(counts map[string]int64) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for role, n := range counts {
		checks[role] = knownvalue.Int64Exact(n)
	}
	return knownvalue.MapExact(checks)
}

func TestAccOrganizationMembers(t *testing.T) {
	_, url := fakeAPI(t)
	config := func(org string) string {
		return providerBlock(url, org) + `data "turso_organization_members" "this" {}`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: config(faketurso.OrgDemo),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("members"), knownvalue.ListExact([]knownvalue.Check{
					member("ada", "owner", knownvalue.StringExact("ada@example.com")),
					member("grace", "owner", knownvalue.StringExact("grace@example.com")),
					member("linus", "admin", knownvalue.StringExact("linus@example.com")),
					member("margaret", "member", knownvalue.StringExact("margaret@example.com")),
					member("ken", "viewer", knownvalue.StringExact("ken@example.com")),
				})),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("role_counts"), roleCountsOf(map[string]int64{"owner": 2, "admin": 1, "member": 1, "viewer": 1})),
				// At testNow, 2026-11-10T12:00:00Z: sent three days and two and a half hours before.
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invites"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact("inv-7c2e41"), "email": knownvalue.StringExact("barbara@example.com"), "role": knownvalue.StringExact("member"),
						"created_at": knownvalue.StringExact("2026-11-07T09:30:00Z"), "age_days": knownvalue.Int64Exact(3),
					}),
				})),
			},
		}, {
			// A role of the API's own, counted under its name beside the four that are always there; an
			// invite sent at +02:00 keeps its offset as sent and is aged in UTC.
			Config: config(faketurso.OrgLive),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("role_counts"), roleCountsOf(map[string]int64{"owner": 3, "admin": 0, "member": 1, "viewer": 0, "billing": 1})),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("members").AtSliceIndex(3), member("accountant", "billing", knownvalue.Null())),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invites").AtSliceIndex(0).AtMapKey("created_at"), knownvalue.StringExact("2026-10-20T08:00:00+02:00")),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invites").AtSliceIndex(0).AtMapKey("age_days"), knownvalue.Int64Exact(21)),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invites").AtSliceIndex(1).AtMapKey("age_days"), knownvalue.Int64Exact(0)),
			},
		}, {
			// The starter plan has no invites: null, and the members still read.
			Config: config(faketurso.OrgBlocked),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invites"), knownvalue.Null()),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("members"), knownvalue.ListExact([]knownvalue.Check{
					member("solo", "owner", knownvalue.StringExact("solo@example.com")),
				})),
				statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("role_counts"), roleCountsOf(map[string]int64{"owner": 1, "admin": 0, "member": 0, "viewer": 0})),
			},
		}},
	})
}

func TestAccOrganizationMembers_planTime(t *testing.T) {
	expectRefusedAtPlanTime(t, func(url string) string {
		return providerBlock(url, "") + "data \"turso_organization_members\" \"this\" {\n  organization = \"\"\n}\n"
	}, errorPattern("Invalid Organization for Members", `The organization slug "" from this data source's "organization" argument must not be empty`))
}

func TestAccOrganizationMembers_errors(t *testing.T) {
	fake, url := fakeAPI(t)
	config := providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_members" "this" {}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				fake.Script(faketurso.MembersPath(faketurso.OrgDemo), faketurso.Fault{Status: 403, Body: faketurso.ErrorBody("not a member of this organization")})
			},
			Config: config,
			ExpectError: errorPattern("Unable to Read Organization Members", "The members request was refused.",
				"GET /v1/organizations/demo/members: HTTP 403 Forbidden: not a member of this organization",
				"Every member of an organization can list its members and pending invites"),
		}, {
			// Invites refused without the plan-gate code are an error, not a warning.
			PreConfig: func() {
				fake.Script(faketurso.InvitesPath(faketurso.OrgDemo), faketurso.Fault{Status: 400, Body: faketurso.ErrorBody("bad request")})
			},
			Config: config,
			ExpectError: errorPattern("Unable to Read Organization Members", "The invites request failed.",
				"GET /v2/organizations/demo/invites: HTTP 400 Bad Request: bad request"),
		}},
	})
}

// The recipes fail on the live organization's three owners and its invite of 21 days, and pass on the
// starter plan, whose invites are null.
func TestAccOrganizationMembers_checkExamples(t *testing.T) {
	_, url := fakeAPI(t)
	examples := dataSourceExample(t, "turso_organization_members", "owners_check.tf") + dataSourceExample(t, "turso_organization_members", "invites_check.tf")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:             providerBlock(url, faketurso.OrgLive) + examples,
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{
				expectCheckBlock{name: "turso_owners", status: tfjson.CheckStatusFail, fragments: []string{
					"Turso organization live has 3 owners (owner-1, owner-2, owner-3), more than 2.",
				}},
				expectCheckBlock{name: "turso_stale_invites", status: tfjson.CheckStatusFail, fragments: []string{
					"Turso organization live has invites pending for more than 7 days: inv-live-1 as admin, 21 days. Revoke or resend them.",
				}},
			},
		}, {
			Config:             providerBlock(url, faketurso.OrgBlocked) + examples,
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{
				expectCheckBlock{name: "turso_owners", status: tfjson.CheckStatusPass},
				expectCheckBlock{name: "turso_stale_invites", status: tfjson.CheckStatusPass},
			},
		}},
	})
}

// The data source example on the starter plan: no invites, 0 pending.
func TestAccOrganizationMembers_exampleWithoutInvites(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            providerBlock(url, faketurso.OrgBlocked) + dataSourceExample(t, "turso_organization_members", "data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("pending_invites", knownvalue.Int64Exact(0))},
		}},
	})
}
