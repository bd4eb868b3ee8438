package provider

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
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
				"start again from zero at " + quotaResetsAt(time.Now()).Format(time.RFC3339) + ".",
			}}},
		},
	},
	"data-sources/turso_organization_quota/postcondition.tf": {{checks: []statecheck.StateCheck{
		statecheck.ExpectKnownOutputValue("rows_written_remaining", knownvalue.Int64Exact(96879543)),
	}}},
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
	"demo/main.tf": {{
		checks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("report", knownvalue.StringRegexp(regexp.MustCompile(`(?s)`+
				`^Organization demo \(7d3c1e2a-9b8f-4c6d-a5e4-3f2b1a0c9d8e\), current billing cycle\n`+
				`.*\n  rows_read +184523901\n`+
				// The quota table, like `turso plan show`.
				`.*\n\nPlan scaler \(monthly\): overages off, reads allowed, writes allowed\n`+
				`  RESOURCE +USED +LIMIT +LIMIT %\n`+
				`  storage_bytes +1288490188 +24000000000 +5\.37%\n`+
				`  rows_read +184523901 +100000000000 +0\.18%\n`+
				`  rows_written +3120457 +100000000 +3\.12%\n`+
				`  bytes_synced +52428800 +24000000000 +0\.22%\n`+
				`  databases +5 +10000 +0\.05%\n`+
				`  locations +3 +6 +50\.00%\n`+
				`  groups +2 +3 +66\.67%\n\n`+
				`database +group +instances +rows_read +rows_written +storage_bytes +bytes_synced\n`+
				`orders-prod +default +3 +153317668 +1500100 +402653184 +0\n`+
				`.*\nanalytics +eu +1 +9100233 +400357 +268435456 +0\n`+
				`.*\nscratch +default +1 +0 +0 +13421772 +0$`))),
		},
	}},
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
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "fmt", "-check", "-recursive", "-diff", examplesDir).CombinedOutput()
	if err != nil {
		t.Fatalf("terraform fmt -check found unformatted examples (run `make fmt`): %v\n%s", err, out)
	}
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
