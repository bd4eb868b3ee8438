package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// checkPlanGrowth is how many more lines a check example's plan may print for an organization of
// checkPlanDatabases databases than for the demo organization's five. A data source scoped to a check
// block is printed in full in every plan: the whole usage of 1,000 databases printed 15,050 lines.
const (
	checkPlanDatabases = 1000
	checkPlanGrowth    = 20
)

// growsByDesign are the check examples that read one data source per database, since the API has no
// request that answers for all of them: their plans grow with the organization, whatever they read.
var growsByDesign = map[string]string{
	"data-sources/turso_database_configuration/open_networks.tf": "one configuration per database",
}

// exampleHeader is what a user's configuration has around an example: the provider's source.
const exampleHeader = `terraform {
  required_providers {
    turso = { source = "turso-terraform/turso" }
  }
}
`

// TestCLI_checkExamplesPlanOutputDoesNotGrow: every example with a check block reads the smallest
// thing that answers it, so that its plan's output does not grow with the organization.
func TestCLI_checkExamplesPlanOutputDoesNotGrow(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "data-sources", "*", "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	fake, url := fakeAPI(t)
	fake.AddGeneratedOrganization("large", checkPlanDatabases, 2)
	checked := 0
	for _, file := range files {
		config, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(config), "\ncheck \"") {
			continue
		}
		name, _ := filepath.Rel(examplesDir, file)
		if _, ok := growsByDesign[name]; ok {
			continue
		}
		checked++
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			lines := func(org string) int {
				run := newCLIRun(t, exampleHeader+string(config), "TURSO_API_URL="+url, "TURSO_API_TOKEN="+faketurso.Token, "TURSO_ORGANIZATION="+org)
				out, err := run.command(t.Context(), "plan", "-no-color", "-input=false").CombinedOutput()
				if err != nil {
					t.Fatalf("plan against organization %q: %v\n%s", org, err, out)
				}
				return strings.Count(string(out), "\n")
			}
			small, large := lines(faketurso.OrgDemo), lines("large")
			if large > small+checkPlanGrowth {
				t.Errorf("the plan prints %d lines for %d databases and %d for the demo's 5: a check's data source must read "+
					"only what the check needs (include_databases = false, turso_organization_quota, a filter), or be read "+
					"outside the check block", large, checkPlanDatabases, small)
			}
		})
	}
	if checked == 0 {
		t.Fatalf("no example under %s has a check block", examplesDir)
	}
}
