package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

const auditLogsAddr = "data.turso_organization_audit_logs.this"

func auditLogsConfig(url, arguments string) string {
	return providerBlock(url, faketurso.OrgDemo) + fmt.Sprintf("data \"turso_organization_audit_logs\" \"this\" {\n%s\n}\n", arguments)
}

// auditLogAPI is a fake whose clock stands at testNow: the demo log's newest entry is at it.
func auditLogAPI(t *testing.T) (*faketurso.Server, string) {
	t.Helper()
	fake, url := fakeAPI(t)
	fake.SetClock(testNow)
	return fake, url
}

// expectAuditPages fails the test unless every audit log request of the test asked one of the pages
// want, of 100 entries, and each of them was asked.
func expectAuditPages(t *testing.T, fake *faketurso.Server, want ...int) {
	t.Helper()
	asked := map[string]bool{}
	for _, r := range fake.Requests() {
		if r.Path == faketurso.AuditLogsPath(faketurso.OrgDemo) {
			asked[r.Query] = true
		}
	}
	for _, page := range want {
		q := fmt.Sprintf("page=%d&page_size=100", page)
		if !asked[q] {
			t.Errorf("page %d was never asked for", page)
		}
		delete(asked, q)
	}
	for q := range asked {
		t.Errorf("asked %q, beyond the pages the read needs", q)
	}
}

// TestAccOrganizationAuditLogs_lastDayFromTheFirstPage: 24 hours of the demo log are its 97 newest
// entries, the last exactly 24 hours old; the first page shows the 98th, older, so the read asks for
// no other page.
func TestAccOrganizationAuditLogs_lastDayFromTheFirstPage(t *testing.T) {
	fake, url := auditLogAPI(t)
	since := testNow.Add(-24 * time.Hour).Format(time.RFC3339)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: auditLogsConfig(url, fmt.Sprintf("since = %q", since)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("entries"), knownvalue.ListSizeExact(97)),
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("entries").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"code":         knownvalue.StringExact("db-token-create"),
					"message":      knownvalue.StringExact("db-token-create by ada"),
					"origin":       knownvalue.StringExact("cli"),
					"author":       knownvalue.StringExact("ada"),
					"created_at":   knownvalue.StringExact("2026-11-10T12:00:00Z"),
					"data":         knownvalue.StringExact(`{"name":"orders-prod","sequence":0}`),
					"ip":           knownvalue.StringExact("203.0.113.0"),
					"city":         knownvalue.StringExact("Lisbon"),
					"country_code": knownvalue.StringExact("PT"),
				})),
				// From the web: no address, no place.
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("entries").AtSliceIndex(1).AtMapKey("ip"), knownvalue.Null()),
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("entries").AtSliceIndex(1).AtMapKey("country_code"), knownvalue.Null()),
				// The boundary entry is in.
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("entries").AtSliceIndex(96).AtMapKey("created_at"), knownvalue.StringExact(since)),
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("limit"), knownvalue.Int64Exact(1000)),
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("codes"), knownvalue.Null()),
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("counts"), knownvalue.MapExact(map[string]knownvalue.Check{
					"db-token-create": knownvalue.Int64Exact(19), "instance-create": knownvalue.Int64Exact(20), "db-create": knownvalue.Int64Exact(19),
					"user-token-create": knownvalue.Int64Exact(19), "db-protect": knownvalue.Int64Exact(19), "org-member-add": knownvalue.Int64Exact(1),
				})),
			},
		}},
	})
	expectAuditPages(t, fake, 1)
}

// TestAccOrganizationAuditLogs_codesWalkEveryPage: the one db-delete is on page 3; the read goes on to
// the last page, 4, and no further.
func TestAccOrganizationAuditLogs_codesWalkEveryPage(t *testing.T) {
	fake, url := auditLogAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: auditLogsConfig(url, `codes = ["db-delete"]`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("entries"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"code":       knownvalue.StringExact("db-delete"),
						"created_at": knownvalue.StringExact("2026-11-08T10:00:00Z"),
						"data":       knownvalue.StringExact(`{"group":"default","name":"legacy-orders"}`),
					}),
				})),
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("counts"), knownvalue.MapExact(map[string]knownvalue.Check{"db-delete": knownvalue.Int64Exact(1)})),
				statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("truncated"), knownvalue.Bool(false)),
			},
		}},
	})
	expectAuditPages(t, fake, 1, 2, 3, 4)
}

// TestAccOrganizationAuditLogs_limit: a limit that ends the read inside page 1, which shows more
// entries, is truncated, and no other page is asked for; so is one that ends it at page 1's last
// entry, since pages remain. A limit as large as the log is not truncated.
func TestAccOrganizationAuditLogs_limit(t *testing.T) {
	for name, tc := range map[string]struct {
		limit     int
		truncated bool
		pages     []int
	}{
		"inside a page":       {5, true, []int{1}},
		"at a page's end":     {100, true, []int{1}},
		"as large as the log": {350, false, []int{1, 2, 3, 4}},
		"larger than the log": {10000, false, []int{1, 2, 3, 4}},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := auditLogAPI(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(testClientOptions),
				Steps: []resource.TestStep{{
					Config: auditLogsConfig(url, fmt.Sprintf("limit = %d", tc.limit)),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("entries"), knownvalue.ListSizeExact(min(tc.limit, 350))),
						statecheck.ExpectKnownValue(auditLogsAddr, tfjsonpath.New("truncated"), knownvalue.Bool(tc.truncated)),
					},
				}},
			})
			expectAuditPages(t, fake, tc.pages...)
		})
	}
}

func TestAccOrganizationAuditLogs_planGate(t *testing.T) {
	_, url := auditLogAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: auditLogsConfig(url, `organization = "blocked"`),
			ExpectError: errorPattern("Unable to Read Organization Audit Logs",
				`Audit logs need the Scaler plan or above, and organization "blocked" is on a plan without them.`,
				`GET /v1/organizations/blocked/audit-logs?page=1&page_size=100: HTTP 403 Forbidden: audit logs are not available on the starter plan (code "feature_not_available_for_starter_plan")`,
				"turso plan show"),
		}},
	})
}

// TestAccOrganizationAuditLogs_refusedAtPlanTime: each argument's error names this data source's
// argument, and nothing is sent.
func TestAccOrganizationAuditLogs_refusedAtPlanTime(t *testing.T) {
	for name, tc := range map[string]struct {
		arguments string
		want      []string
	}{
		"since":       {`since = "2026-11-01"`, []string{"Invalid Audit Log Start", `The timestamp "2026-11-01" from this data source's "since" argument is not an RFC 3339 timestamp`}},
		"no codes":    {`codes = []`, []string{"Invalid Audit Log Code", `This data source's "codes" argument is an empty set`}},
		"a bad code":  {`codes = ["db-delete", "DB Delete"]`, []string{"Invalid Audit Log Code", `The audit log code "DB Delete" from this data source's "codes" argument contains 'D'`}},
		"limit 0":     {`limit = 0`, []string{"Invalid Audit Log Limit", "must be between 1 and 10000, got: 0"}},
		"limit 10001": {`limit = 10001`, []string{"Invalid Audit Log Limit", "must be between 1 and 10000, got: 10001"}},
	} {
		t.Run(name, func(t *testing.T) {
			expectRefusedAtPlanTime(t, func(url string) string { return auditLogsConfig(url, tc.arguments) }, errorPattern(tc.want...))
		})
	}
}

// TestAccOrganizationAuditLogs_checkExampleFails: with the fake's clock 30 hours ahead, the demo's
// db-delete is 20 hours old.
func TestAccOrganizationAuditLogs_checkExampleFails(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetClock(time.Now().Add(30 * time.Hour))
	example := dataSourceExample(t, "turso_organization_audit_logs", "check.tf")
	cfg, _ := changingEveryPlan(providerBlock(url, faketurso.OrgDemo) + example)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:             cfg,
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{expectCheckBlock{name: "no_database_deleted_last_24_hours", status: tfjson.CheckStatusFail, fragments: []string{
				"Deleted in the last 24 hours: legacy-orders by ada at",
			}}},
		}},
	})
}

func TestAuditLogsState(t *testing.T) {
	web, data := "web", `{"a":1}`
	m := auditLogsModel{Codes: []string{"db-delete", "db-create"}, Limit: types.Int64Null(), Since: types.StringValue("2026-11-10t00:00:00z")}
	q := auditLogQuery(m)
	if q.Limit != 1000 || q.Since != "2026-11-10t00:00:00z" || strings.Join(q.Codes, ",") != "db-delete,db-create" {
		t.Fatalf("query = %+v", q)
	}
	got := auditLogsState(m, "demo", q, &turso.AuditLog{Truncated: true, Entries: []turso.AuditLogEntry{
		{Code: "db-delete", CreatedAt: "2026-11-10T10:00:00Z", Origin: &web, Data: &data},
		{Code: "db-create", CreatedAt: "2026-11-10T09:00:00Z"},
		{Code: "db-delete", CreatedAt: "2026-11-10T08:00:00Z"},
	}})
	if got.Organization.ValueString() != "demo" || got.Limit.ValueInt64() != 1000 || !got.Truncated.ValueBool() || got.Since.ValueString() != "2026-11-10t00:00:00z" {
		t.Errorf("state = %+v", got)
	}
	if len(got.Counts) != 2 || got.Counts["db-delete"] != 2 || got.Counts["db-create"] != 1 {
		t.Errorf("counts = %v", got.Counts)
	}
	if e := got.Entries[0]; e.Origin.ValueString() != "web" || e.Data.ValueString() != data || !e.Message.IsNull() || !e.IP.IsNull() {
		t.Errorf("entry 0 = %+v", e)
	}
	if e := got.Entries[1]; !e.Origin.IsNull() || !e.Data.IsNull() || e.CreatedAt.ValueString() != "2026-11-10T09:00:00Z" {
		t.Errorf("entry 1 = %+v", e)
	}
	empty := auditLogsState(auditLogsModel{Limit: types.Int64Value(5)}, "demo", turso.AuditLogQuery{Limit: 5}, &turso.AuditLog{})
	if empty.Counts == nil || len(empty.Entries) != 0 || empty.Entries == nil || empty.Truncated.IsNull() || empty.Limit.ValueInt64() != 5 {
		t.Errorf("no entries: %+v, want an empty list and map, truncated false", empty)
	}
}

// The plan gate is recognised by the API's code alone, whatever the status.
func TestAuditLogsErrorDetail(t *testing.T) {
	gate := &turso.APIError{Method: "GET", Path: "/v1/organizations/acme/audit-logs", StatusCode: 400, Message: "upgrade", Code: "feature_not_available_for_starter_plan"}
	if d := auditLogsErrorDetail(gate, "acme", setting{}); !strings.HasPrefix(d, `Audit logs need the Scaler plan or above, and organization "acme"`) || !strings.Contains(d, "HTTP 400 Bad Request: upgrade") {
		t.Errorf("gate: %s", d)
	}
	other := &turso.APIError{Method: "GET", Path: "/v1/organizations/acme/audit-logs", StatusCode: 403, Message: "forbidden"}
	if d := auditLogsErrorDetail(other, "acme", setting{}); strings.Contains(d, "Scaler") || !strings.Contains(d, "The API token cannot read organization") {
		t.Errorf("a 403 without the code: %s", d)
	}
}

func TestTitledInt64(t *testing.T) {
	v := titledInt64{Int64: int64validator.Between(1, 10), summary: "Invalid Audit Log Limit"}
	var resp validator.Int64Response
	v.ValidateInt64(context.Background(), validator.Int64Request{Path: path.Root("limit"), ConfigValue: types.Int64Value(11)}, &resp)
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary() != "Invalid Audit Log Limit" || !strings.Contains(resp.Diagnostics[0].Detail(), "must be between 1 and 10, got: 11") {
		t.Errorf("diagnostics = %v", resp.Diagnostics)
	}
	resp = validator.Int64Response{}
	v.ValidateInt64(context.Background(), validator.Int64Request{Path: path.Root("limit"), ConfigValue: types.Int64Value(10)}, &resp)
	if resp.Diagnostics.HasError() {
		t.Errorf("10 refused: %v", resp.Diagnostics)
	}
}

// membershipChange is one change of the membership example, made by ada at any time.
func membershipChange(change, member string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"at":     knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$`)),
		"change": knownvalue.StringExact(change),
		"by":     knownvalue.StringExact("ada"),
		"member": knownvalue.StringExact(member),
	})
}
