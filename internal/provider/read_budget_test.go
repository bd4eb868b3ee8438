package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// TestDataSources_shareOneReadBudget: every request of one data source read, of every endpoint it
// reads and every retry, counts against one budget. A new data source adds its row; one that
// forgot turso.Client.StartRead would send a budget per request it makes.
func TestDataSources_shareOneReadBudget(t *testing.T) {
	const budget = 5
	for _, tc := range []struct {
		typeName string
		args     map[string]tftypes.Value
	}{
		{"turso_organization_usage", nil},
		{"turso_organization_quota", nil},
		{"turso_database_usage", map[string]tftypes.Value{"database": tftypes.NewValue(tftypes.String, "analytics")}},
		{"turso_organization_invoices", nil},
		{"turso_database_top_queries", map[string]tftypes.Value{"database": tftypes.NewValue(tftypes.String, "analytics")}},
	} {
		t.Run(tc.typeName, func(t *testing.T) {
			fake, url := fakeAPI(t)
			// Every endpoint a read of organization demo could ask answers 503, with no wait asked.
			for _, path := range []string{faketurso.UsagePath("demo"), faketurso.DatabasesPath("demo"), faketurso.SubscriptionPath("demo"),
				faketurso.PlansPath("demo"), faketurso.OrganizationPath("demo"), faketurso.DatabaseUsagePath("demo", "analytics"), faketurso.InvoicesPath("demo"),
				faketurso.TopQueriesPath("demo", "analytics", faketurso.UsageQueries), faketurso.TopQueriesPath("demo", "analytics", faketurso.Stats)} {
				fake.SetFault(path, faketurso.Fault{Status: 503, RetryAfter: "0"})
			}
			opts := testClientOptions
			opts.RetryMax, opts.MaxRequestsPerRead, opts.OverallTimeout = 100, budget, time.Minute
			resp := readDataSource(t, NewProtocol6(newWithOptions("test", opts)())(), url, tc.typeName, tc.args)
			if n := len(fake.Requests()); n != budget {
				t.Errorf("the read sent %d requests, want its budget of %d", n, budget)
			}
			var details []string
			for _, d := range resp.Diagnostics {
				details = append(details, d.Detail)
			}
			if want := "the read has sent its budget of 5 requests"; !strings.Contains(strings.Join(details, "\n"), want) {
				t.Errorf("diagnostics %q do not say %q", details, want)
			}
		})
	}
}
