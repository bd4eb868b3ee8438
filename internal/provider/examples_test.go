package provider

import (
	"context"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/tfcli"
)

// examplesDir holds the examples users copy and the docs include; every .tf file in it is a
// configuration of its own and is applied here against the fake API's demo organization.
const examplesDir = "../../examples"

// exampleCase is one run of an example: the variables it is given and what it must produce.
type exampleCase struct {
	variables   config.Variables
	checks      []statecheck.StateCheck
	expectError *regexp.Regexp
	// readAtApply: a data source scoped to a check block is read again at every apply, so the plan
	// after an apply always shows that read.
	readAtApply bool
}

// topDatabase is one entry of the top databases example's output.
func topDatabase(name string, rowsRead int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact(name), "rows_read": knownvalue.Int64Exact(rowsRead)})
}

// exampleCases pin what each example produces from faketurso.OrgDemo. An example without an entry is
// still applied, and must leave every output set and make at least one API request.
var exampleCases = map[string][]exampleCase{
	"provider/provider.tf": {{
		variables: config.Variables{"turso_organization": config.StringVariable(faketurso.OrgDemo)},
		checks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("rows_read_this_cycle", knownvalue.Int64Exact(184523901)),
		},
	}},
	"data-sources/turso_organization_usage/data-source.tf": {{
		checks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("rows_read", knownvalue.Int64Exact(184523901)),
			statecheck.ExpectKnownOutputValue("database_names", knownvalue.ListExact([]knownvalue.Check{
				knownvalue.StringExact("orders-prod"),
				knownvalue.StringExact("users-prod"),
				knownvalue.StringExact("analytics"),
				knownvalue.StringExact("orders-staging"),
				knownvalue.StringExact("scratch"),
			})),
			statecheck.ExpectKnownOutputValue("storage_bytes", knownvalue.Int64Exact(1288490188)),
			statecheck.ExpectKnownValue("data.turso_organization_usage.summary", tfjsonpath.New("databases"), knownvalue.Null()),
		},
	}},
	"data-sources/turso_organization_usage/check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "rows_read_budget", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"rows_read_budget": config.IntegerVariable(200000000)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "rows_read_budget", status: tfjson.CheckStatusFail, fragments: []string{
				"Rows read this billing cycle are at 92% of the budget: 184523901 of 200000000.",
			}}},
		},
	},
	"data-sources/turso_organization_usage/postcondition.tf": {
		{checks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("gated_storage_bytes", knownvalue.Int64Exact(1288490188))}},
		{
			variables:   config.Variables{"max_storage_bytes": config.IntegerVariable(1000000000)},
			expectError: errorPattern("Resource postcondition failed", "The organization stores 1288490188 bytes, over the limit of 1000000000."),
		},
	},
	"data-sources/turso_organization_usage/dashboard.tf": {{
		checks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("storage_bytes_by_database", knownvalue.MapExact(map[string]knownvalue.Check{
				"orders-prod":    knownvalue.Int64Exact(402653184),
				"users-prod":     knownvalue.Int64Exact(536870912),
				"analytics":      knownvalue.Int64Exact(268435456),
				"orders-staging": knownvalue.Int64Exact(67108864),
				"scratch":        knownvalue.Int64Exact(13421772),
			})),
			statecheck.ExpectKnownOutputValue("top_databases_by_rows_read", knownvalue.ListExact([]knownvalue.Check{
				rankedDatabase("orders-prod", "1a2b3c4d-0001-4000-8000-00000000a001", 153317668),
				rankedDatabase("users-prod", "1a2b3c4d-0002-4000-8000-00000000a002", 20480000),
				rankedDatabase("analytics", "1a2b3c4d-0003-4000-8000-00000000a003", 9100233),
			})),
			statecheck.ExpectKnownValue("data.turso_organization_usage.dashboard", tfjsonpath.New("databases").AtSliceIndex(0).AtMapKey("instances"), knownvalue.Null()),
		},
	}},
	"data-sources/turso_organization_quota/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("plan", knownvalue.StringExact("scaler")),
		statecheck.ExpectKnownOutputValue("rows_read_percent_used", knownvalue.Float64Exact(0.184523901)),
		statecheck.ExpectKnownOutputValue("storage_bytes_remaining", knownvalue.Int64Exact(22711509812)),
	}}},
	// The failing cases of the quota examples need other organizations: organization_quota_data_source_test.go.
	"data-sources/turso_organization_quota/check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_quota", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"quota_warning_percent": config.IntegerVariable(50)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_quota", status: tfjson.CheckStatusFail, fragments: []string{
				"Past 50% of the scaler plan's quota: locations at 50.0%, groups at 66.7%.",
				"start again from zero at 2026-12-01T00:00:00Z.",
			}}},
		},
	},
	// At testNow the demo organization's counters are on course within their quotas.
	"data-sources/turso_organization_quota/forecast_check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_quota_forecast", status: tfjson.CheckStatusPass}}},
	},
	"data-sources/turso_organization_quota/postcondition.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("rows_written_remaining", knownvalue.Int64Exact(96879543)),
	}}},
	// Who can reach the demo organization, at testNow: its invite is 3 days old, its tokens 40 and 148,
	// and the fake's token has 50 days left.
	"data-sources/turso_organization/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("plan", knownvalue.StringExact("scaler")),
		statecheck.ExpectKnownOutputValue("require_mfa", knownvalue.Bool(true)),
		statecheck.ExpectKnownOutputValue("blocked", knownvalue.Bool(false)),
	}}},
	// The failing case needs an organization without MFA: organization_data_source_test.go.
	"data-sources/turso_organization/check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_mfa_required", status: tfjson.CheckStatusPass}}},
	},
	"data-sources/turso_organization_members/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("usernames", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("ada"), knownvalue.StringExact("grace"), knownvalue.StringExact("linus"),
			knownvalue.StringExact("margaret"), knownvalue.StringExact("ken"),
		})),
		statecheck.ExpectKnownOutputValue("role_counts", knownvalue.MapExact(map[string]knownvalue.Check{
			"owner": knownvalue.Int64Exact(2), "admin": knownvalue.Int64Exact(1), "member": knownvalue.Int64Exact(1), "viewer": knownvalue.Int64Exact(1),
		})),
		statecheck.ExpectKnownOutputValue("pending_invites", knownvalue.Int64Exact(1)),
	}}},
	"data-sources/turso_organization_members/owners_check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_owners", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"max_owners": config.IntegerVariable(1)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_owners", status: tfjson.CheckStatusFail, fragments: []string{
				"Turso organization demo has 2 owners (ada, grace), more than 1.",
			}}},
		},
	},
	"data-sources/turso_organization_members/invites_check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_stale_invites", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"max_invite_age_days": config.IntegerVariable(2)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_stale_invites", status: tfjson.CheckStatusFail, fragments: []string{
				"Turso organization demo has invites pending for more than 2 days: inv-7c2e41 as member, 3 days.",
			}}},
		},
	},
	"data-sources/turso_organization_api_tokens/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("token_names", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("ci-deploy"), knownvalue.StringExact("eu-analytics-read"),
		})),
		statecheck.ExpectKnownOutputValue("organization_wide_tokens", knownvalue.MapExact(map[string]knownvalue.Check{
			"ci-deploy": knownvalue.ObjectExact(map[string]knownvalue.Check{"age_days": knownvalue.Int64Exact(40), "owner": knownvalue.StringExact("ada")}),
		})),
	}}},
	"data-sources/turso_organization_api_tokens/check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_token_rotation", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"max_token_age_days": config.IntegerVariable(30)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_token_rotation", status: tfjson.CheckStatusFail, fragments: []string{
				"Turso organization demo has organization-wide tokens older than 30 days: ci-deploy (40 days, minted by ada).",
			}}},
		},
	},
	"data-sources/turso_api_token/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("token_expires_at", knownvalue.StringExact("2026-12-31T00:00:00Z")),
	}}},
	// The token that never expires: api_token_data_source_test.go.
	"data-sources/turso_api_token/check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_token_expiry", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"min_token_days_left": config.IntegerVariable(60)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_token_expiry", status: tfjson.CheckStatusFail, fragments: []string{
				"The Turso API token of this pipeline expires at 2026-12-31T00:00:00Z, in 50 days",
			}}},
		},
	},
	// Any 24 hours of the fake's series are a thirtieth of the month its fixture holds (faketurso's window.go).
	"data-sources/turso_database_usage/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("rows_read_last_24_hours", knownvalue.Int64Exact(153317668/30)),
		statecheck.ExpectKnownOutputValue("rows_written_last_24_hours", knownvalue.Int64Exact(1500100/30)),
		statecheck.ExpectKnownOutputValue("storage_bytes", knownvalue.Int64Exact(402653184)),
		statecheck.ExpectKnownValue("data.turso_database_usage.last_day", tfjsonpath.New("from"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`))),
		statecheck.ExpectKnownValue("data.turso_database_usage.this_month", tfjsonpath.New("from"), knownvalue.Null()),
	}}},
	"data-sources/turso_database_usage/check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "daily_rows_read", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"daily_rows_read_budget": config.IntegerVariable(5000000)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "daily_rows_read", status: tfjson.CheckStatusFail, fragments: []string{
				"Database orders-prod read 5110588 rows in the 24 hours since", "over its budget of 5000000.",
			}}},
		},
	},
	// plantimestamp() is the CLI's clock, which the tests cannot fix: these check only what holds on
	// any day. Outputs computed from it change at every plan, so the plan after an apply is never empty.
	"functions/billing_period/function.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("billing_cycle", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"from":             knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-01T00:00:00Z$`)),
			"to":               knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-01T00:00:00Z$`)),
			"elapsed_fraction": knownvalue.Float64Func(func(f float64) error { return inRange(f, 0, 1) }),
		})),
		// The fake's usage in a window follows the real clock, so only its form is certain here; the
		// arithmetic is pinned by TestAccFunctions and the forecast package.
		statecheck.ExpectKnownOutputValue("database_rows_read_projected", atLeast(0)),
	}}},
	"functions/forecast/function.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("rows_written_projected", atLeast(3120457)),
		statecheck.ExpectKnownOutputValue("rows_written_will_exceed", knownvalue.NotNull()),
	}}},
	// The failing cases of the invoices examples need other organizations: organization_invoices_data_source_test.go.
	"data-sources/turso_organization_invoices/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("upcoming_amount_due", decimalExact("61.43")),
		statecheck.ExpectKnownOutputValue("payment_failed", knownvalue.Bool(false)),
		statecheck.ExpectKnownOutputValue("unpaid_amount", decimalExact("0")),
	}}},
	"data-sources/turso_organization_invoices/check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_spend", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"monthly_budget_usd": config.IntegerVariable(50)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "turso_spend", status: tfjson.CheckStatusFail, fragments: []string{
				"Turso organization demo has cost $61.43 so far this billing cycle, past the budget of $50.00.",
			}}},
		},
	},
	"data-sources/turso_organization_invoices/postcondition.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("unpaid_invoices", knownvalue.Int64Exact(0)),
	}}},
	"data-sources/turso_organization_invoices/dashboard.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("last_six_invoices", knownvalue.ListExact([]knownvalue.Check{
			dashboardInvoice("DEMO-0007", "58.94", "2026-12-01T05:00:00+00:00"),
			dashboardInvoice("DEMO-0006", "29.00", "2026-11-01T05:00:00+00:00"),
			dashboardInvoice("DEMO-0005", "35.60", "2026-10-01T05:00:00+00:00"),
			dashboardInvoice("DEMO-0004", "42.18", "2026-09-01T05:00:00+00:00"),
			dashboardInvoice("DEMO-0003", "29.00", "2026-08-01T05:00:00+00:00"),
			dashboardInvoice("DEMO-0002", "31.75", "2026-07-01T05:00:00+00:00"),
		})),
	}}},
	// The demo's scratch is blocked for writes.
	"data-sources/turso_organization_usage/blocked.tf": {{checks: []statecheck.StateCheck{
		expectCheckBlock{name: "no_database_blocked_for_writes", status: tfjson.CheckStatusFail, fragments: []string{
			"Blocked for writes: scratch. Writes to these databases fail",
		}},
	}}},
	"data-sources/turso_organization_usage/top_databases.tf": {{
		checks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("top_10_databases_by_rows_read", knownvalue.ListExact([]knownvalue.Check{
				topDatabase("orders-prod", 153317668), topDatabase("users-prod", 20480000), topDatabase("analytics", 9100233),
				topDatabase("orders-staging", 1626000), topDatabase("scratch", 0),
			})),
		},
	}},
	// orders-prod reads 83% of the demo organization's rows.
	"data-sources/turso_organization_usage/group_share.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "busiest_database_share", status: tfjson.CheckStatusPass}}},
		{
			readAtApply: true,
			variables:   config.Variables{"max_share_percent": config.IntegerVariable(50)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "busiest_database_share", status: tfjson.CheckStatusFail, fragments: []string{
				"Database orders-prod of group default read 153317668 rows this billing cycle, 83% of the organization's 184523901, over the 50% share.",
			}}},
		},
		{
			readAtApply: true,
			variables:   config.Variables{"group": config.StringVariable("eu"), "max_share_percent": config.IntegerVariable(4)},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "busiest_database_share", status: tfjson.CheckStatusFail, fragments: []string{
				"Database analytics of group eu read 9100233 rows this billing cycle, 5% of the organization's 184523901, over the 4% share.",
			}}},
		},
	},
	"data-sources/turso_organization_usage/group_budget.tf": {
		{checks: []statecheck.StateCheck{expectCheckBlock{name: "group_rows_read_budgets", status: tfjson.CheckStatusPass}}},
		{
			variables: config.Variables{"group_rows_read_budgets": config.MapVariable(map[string]config.Variable{
				"default": config.IntegerVariable(200000000), "eu": config.IntegerVariable(5000000), "absent": config.IntegerVariable(0),
			})},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "group_rows_read_budgets", status: tfjson.CheckStatusFail, fragments: []string{
				"Group eu read 9100233 rows this billing cycle, over its budget of 5000000.",
			}}},
		},
	},
	"data-sources/turso_database_top_queries/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("rows_read_by_most_expensive_queries", knownvalue.Int64Exact(2*(1<<53+1)+10000)),
		statecheck.ExpectKnownOutputValue("top_queries_source", knownvalue.StringExact("usage/queries")),
		statecheck.ExpectKnownOutputValue("most_expensive_queries", knownvalue.ListSizeExact(5)),
		statecheck.ExpectKnownOutputValue("most_expensive_queries", knownvalue.ListPartial(map[int]knownvalue.Check{
			1: knownvalue.ObjectExact(map[string]knownvalue.Check{
				"query":        knownvalue.StringExact("SELECT * FROM orders WHERE customer_email = 'ada@example.com'"),
				"rows_read":    knownvalue.Int64Exact(1<<53 + 1),
				"rows_written": knownvalue.Int64Exact(0),
			}),
		})),
	}}},
	// The demo's audit log follows the fake's clock, the real one here: only what holds at any time is
	// pinned (faketurso's audit_logs.go). Its one db-delete is 50 hours old; the failing case of the
	// check moves the fake's clock: organization_audit_logs_data_source_test.go.
	"data-sources/turso_organization_audit_logs/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("changes_last_24_hours", knownvalue.MapPartial(map[string]knownvalue.Check{"org-member-add": knownvalue.Int64Exact(1)})),
		statecheck.ExpectKnownOutputValue("deleted_databases", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("legacy-orders")})),
	}}},
	"data-sources/turso_organization_audit_logs/check.tf": {
		{readAtApply: true, checks: []statecheck.StateCheck{expectCheckBlock{name: "no_database_deleted_last_24_hours", status: tfjson.CheckStatusPass}}},
	},
	"data-sources/turso_organization_audit_logs/membership.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("membership_changes_this_week", knownvalue.ListExact([]knownvalue.Check{
			membershipChange("org-member-add", "grace"), membershipChange("org-member-rm", "linus"),
			membershipChange("org-member-leave", "grace"), membershipChange("org-member-add", "linus"),
		})),
		statecheck.ExpectKnownOutputValue("membership_changes_truncated", knownvalue.Bool(false)),
	}}},
	"data-sources/turso_database_configuration/data-source.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("size_limit_bytes", knownvalue.Int64Exact(10_000_000_000)),
		statecheck.ExpectKnownOutputValue("allowed_ips", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("10.0.0.0/8"), knownvalue.StringExact("203.0.113.7/32"), knownvalue.StringExact("2001:db8::/32"),
		})),
		statecheck.ExpectKnownOutputValue("delete_protection", knownvalue.Bool(true)),
	}}},
	// The demo's users-prod has no delete protection.
	"data-sources/turso_database_configuration/delete_protection.tf": {{checks: []statecheck.StateCheck{
		expectCheckBlock{name: "production_databases_delete_protected", status: tfjson.CheckStatusFail, fragments: []string{
			"Production databases without delete protection: users-prod.",
		}},
	}}},
	"data-sources/turso_database_configuration/open_networks.tf": {
		{checks: []statecheck.StateCheck{expectCheckBlock{name: "no_database_allows_forbidden_networks", status: tfjson.CheckStatusPass}}},
		{
			variables: config.Variables{"forbidden_networks": config.ListVariable(config.StringVariable("10.0.0.0/8"), config.StringVariable("198.51.100.0/24"))},
			checks: []statecheck.StateCheck{expectCheckBlock{name: "no_database_allows_forbidden_networks", status: tfjson.CheckStatusFail, fragments: []string{
				"Databases whose allow list names 10.0.0.0/8 or 198.51.100.0/24: analytics, orders-prod.",
			}}},
		},
	},
	"demo/main.tf": {{
		checks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("report", knownvalue.StringRegexp(regexp.MustCompile(`(?s)`+
				`^Organization demo \(7d3c1e2a-9b8f-4c6d-a5e4-3f2b1a0c9d8e\), current billing cycle\n`+
				`.*\n  rows_read +184523901\n`+
				// The quota table, like `turso plan show`.
				`.*\n\nPlan scaler \(monthly\): overages off, reads allowed, writes allowed\n`+
				// Beside it, the forecast at testNow.
				`Forecast at 2026-11-10T12:00:00Z, 31\.7% of the cycle past; quotas reset at 2026-12-01T00:00:00Z\n`+
				`  RESOURCE +USED +LIMIT +LIMIT % +PROJECTED +PROJ % +EXHAUSTED AT\n`+
				`  storage_bytes +1288490188 +24000000000 +5\.37% +1288490188 +5\.37% +-\n`+
				`  rows_read +184523901 +100000000000 +0\.18% +582707055 +0\.58% +-\n`+
				`  rows_written +3120457 +100000000 +3\.12% +9854074 +9\.85% +-\n`+
				`  bytes_synced +52428800 +24000000000 +0\.22% +165564631 +0\.69% +-\n`+
				`  databases +5 +10000 +0\.05% +5 +0\.05% +-\n`+
				`  locations +3 +6 +50\.00% +3 +50\.00% +-\n`+
				`  groups +2 +3 +66\.67% +2 +66\.67% +-\n\n`+
				`database +group +instances +rows_read +rows_written +storage_bytes +bytes_synced\n`+
				`orders-prod +default +3 +153317668 +1500100 +402653184 +0\n`+
				`.*\nanalytics +eu +1 +9100233 +400357 +268435456 +0\n`+
				`.*\nscratch +default +1 +0 +0 +13421772 +0\n\n`+
				// Totals per group, and each database's blocks and protection.
				`group +databases +rows_read +rows_written +storage_bytes +bytes_synced\n`+
				`default +4 +175423668 +2720100 +1020054732 +52428800\n`+
				`eu +1 +9100233 +400357 +268435456 +0\n\n`+
				`database +region +reads +writes +delete_protection\n`+
				`orders-prod +aws-us-east-1 +allowed +allowed +true\n`+
				`.*\norders-staging +aws-us-east-1 +- +- +false\n`+
				`scratch +aws-us-east-1 +allowed +BLOCKED +false\n\n`+
				`Upcoming invoice: \$61\.43 so far this billing cycle; 7 issued, \$0 unpaid, no failed payment$`))),
		},
	}},
}

func inRange(f, low, high float64) error {
	if f < low || f >= high {
		return fmt.Errorf("%v is not in [%v, %v)", f, low, high)
	}
	return nil
}

// atLeast expects a whole number no less than low, however large.
func atLeast(low int64) knownvalue.Check {
	return knownvalue.NumberFunc(func(n *big.Float) error {
		if !n.IsInt() || n.Cmp(new(big.Float).SetInt64(low)) < 0 {
			return fmt.Errorf("%s is not a whole number of at least %d", n.Text('g', 30), low)
		}
		return nil
	})
}

func rankedDatabase(name, uuid string, rowsRead int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name":      knownvalue.StringExact(name),
		"uuid":      knownvalue.StringExact(uuid),
		"rows_read": knownvalue.Int64Exact(rowsRead),
	})
}

// requiredProviders is what a user's own configuration declares once; examples that show only a data
// source leave it out.
const requiredProviders = `terraform {
  required_providers {
    turso = {
      source = "turso-terraform/turso"
    }
  }
}
`

// TestAccExamples applies every example as written, with the provider configured only through the
// environment, as a user would run it. Subtests set environment variables, so nothing here is parallel.
func TestAccExamples(t *testing.T) {
	files := exampleFiles(t)
	for _, want := range []string{"provider/provider.tf", "data-sources/turso_organization_usage/data-source.tf"} {
		if !contains(files, want) {
			t.Fatalf("example discovery found %q, which lacks %s", files, want)
		}
	}
	for name := range exampleCases {
		if !contains(files, name) {
			t.Errorf("exampleCases has an entry for %s, which is not an example file", name)
		}
	}

	for _, name := range files {
		// Slashes would split the subtest name for -run; "make test" still runs them all.
		t.Run(strings.ReplaceAll(name, "/", ":"), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(examplesDir, name))
			if err != nil {
				t.Fatal(err)
			}
			cfg := string(src)
			if strings.Contains(cfg, "provider::") {
				skipWithoutFunctions(t)
			}
			if !strings.Contains(cfg, "required_providers") {
				cfg = requiredProviders + "\n" + cfg
			}
			fake, url := fakeAPI(t)
			// The examples declare the provider's real source, so the test provider is served under it.
			t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "turso-terraform")
			t.Setenv("TURSO_API_URL", url)
			t.Setenv("TURSO_API_TOKEN", faketurso.Token)
			t.Setenv("TURSO_ORGANIZATION", faketurso.OrgDemo)

			cases, ok := exampleCases[name]
			if !ok {
				t.Logf("%s has no entry in exampleCases: checking only that it applies, sets every output and calls the API", name)
				cases = []exampleCase{{}}
			}
			var steps []resource.TestStep
			for _, c := range cases {
				step := resource.TestStep{Config: cfg, ConfigVariables: c.variables, ExpectError: c.expectError, ExpectNonEmptyPlan: c.readAtApply}
				if timed, ok := changingEveryPlan(cfg); ok {
					step.Config, step.ExpectNonEmptyPlan = timed, true
				}
				if c.expectError == nil {
					step.ConfigStateChecks = append([]statecheck.StateCheck{everyOutputSet{}, apiCalled{fake}}, c.checks...)
				}
				steps = append(steps, step)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(testClientOptions),
				Steps:                    steps,
			})
		})
	}
}

// TestAccExamples_formatted keeps every example `terraform fmt` clean, as users will paste them.
func TestAccExamples_formatted(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("needs the Terraform CLI; set TF_ACC=1 (make test does)")
	}
	// A CLI without provider functions cannot parse a call of one: those examples are checked by the
	// CLIs that can.
	lacksFunctions := testCLI.Lacks(tfcli.ProviderFunctions)
	for _, file := range exampleFiles(t) {
		path := filepath.Join(examplesDir, file)
		if lacksFunctions != "" && callsProviderFunction(t, path) {
			t.Logf("not checking %s: %s", file, lacksFunctions)
			continue
		}
		out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "fmt", "-check", "-diff", path).CombinedOutput()
		if err != nil {
			t.Errorf("terraform fmt -check found %s unformatted (run `make fmt`): %v\n%s", file, err, out)
		}
	}
}

func callsProviderFunction(t *testing.T, path string) bool {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(src), "provider::")
}

func exampleFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(examplesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".tf" {
			return err
		}
		rel, err := filepath.Rel(examplesDir, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// everyOutputSet fails when an output is null, so that an example cannot pass by producing nothing.
type everyOutputSet struct{}

func (everyOutputSet) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		resp.Error = fmt.Errorf("the state has no values")
		return
	}
	for name, out := range req.State.Values.Outputs {
		if out == nil || out.Value == nil {
			resp.Error = fmt.Errorf("output %q is null", name)
			return
		}
	}
}

// apiCalled fails when the example never reached the fake API.
type apiCalled struct{ fake *faketurso.Server }

func (c apiCalled) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if len(c.fake.Requests()) == 0 {
		resp.Error = fmt.Errorf("the example made no request to the API")
	}
}

// dataSourceExample is one of a data source's examples from the docs, verbatim.
func dataSourceExample(t *testing.T, dataSource, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examplesDir, "data-sources", dataSource, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// changingEveryPlan makes the plan after an apply of a configuration that reads plantimestamp()
// certain: that clock counts whole seconds, so what follows it changes only when the next plan falls
// in another second. With an output known only at apply, that plan always changes.
func changingEveryPlan(cfg string) (string, bool) {
	if !strings.Contains(cfg, "plantimestamp()") {
		return cfg, false
	}
	return cfg + "\noutput \"test_applied_at\" {\n  value = timestamp()\n}\n", true
}
