package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// Terraform runs of organizations' usage that the provider must hold compactly: a body of tiny
// databases just under the 128 MiB cap ends in a clear error within two minutes and under 256 MiB of
// provider memory, with its end or without; and states small and large reach Terraform whole.

func TestCLI_tinyDatabasesUpToTheCap(t *testing.T) {
	const want = "takes the organization past the 64 MiB its databases and instances may take"
	for name, org := range map[string]string{"with its end": faketurso.OrgTinyDatabases, "without its end": faketurso.OrgTinyDatabasesCut} {
		t.Run(name, func(t *testing.T) {
			fake, url := fakeAPI(t)
			faketurso.ServeHostile(fake)
			r := newCLIRun(t, usageConfig(url, hostileToken, org, ""))
			rssLog := measureProviderRSS(t, r)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			out, err := r.command(ctx, "plan", "-input=false", "-no-color").CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("the plan did not end within two minutes:\n%s", out)
			}
			if err == nil || !strings.Contains(strings.Join(strings.Fields(string(out)), " "), want) {
				t.Fatalf("plan: %v, want the error %q:\n%s", err, want, out)
			}
			expectPeakRSSUnderBound(t, rssLog)
		})
	}
}

// TestCLI_stateWhole: the state of 150 databases (past 64 KiB) and of 10,000 goes to Terraform as
// the one buffer the data source encoded; Terraform must read every database of it.
func TestCLI_stateWhole(t *testing.T) {
	for _, databases := range []int{150, 10_000} {
		t.Run(fmt.Sprint(databases, " databases"), func(t *testing.T) {
			fake, url := fakeAPI(t)
			fake.AddGeneratedOrganization("large", databases, 2)
			last := fmt.Sprintf("data.turso_organization_usage.this.databases[%d]", databases-1)
			r := newCLIRun(t, usageConfig(url, faketurso.Token, "large", fmt.Sprintf(`
output "databases" { value = length(data.turso_organization_usage.this.databases) }
output "named" { value = length([for db in data.turso_organization_usage.this.databases : db if db.name != null]) }
output "last" { value = "${%s.name} ${%s.instances[1].uuid} ${%s.instances[1].usage.rows_read}" }
`, last, last, last)))
			out := strings.Join(strings.Fields(r.run("plan", "-input=false", "-no-color")), " ")
			i := databases - 1
			for _, want := range []string{
				fmt.Sprintf("databases = %d", databases),
				fmt.Sprintf("named = %d", databases),
				fmt.Sprintf(`last = "db-%05d %08x-0001-4000-8000-%012x %d"`, i, i, i, i*1000+7),
			} {
				if !strings.Contains(out, want) {
					t.Errorf("the plan does not show %q:\n%s", want, out)
				}
			}
		})
	}
}

// usageConfig reads organization org of the fake API at url with token through one
// turso_organization_usage, followed by more.
func usageConfig(url, token, org, more string) string {
	return providerConfig(url, fmt.Sprintf("api_token = %q", token)) + fmt.Sprintf(`data "turso_organization_usage" "this" {
  organization = %q
}
`, org) + more
}
