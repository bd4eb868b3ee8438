package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// TestCLI_hugeAllowList: an allow list of faketurso.HugeAllowListEntries networks reaches Terraform
// whole, in order, through a real plan, under the same memory bound as the hostile servers' reads.
func TestCLI_hugeAllowList(t *testing.T) {
	fake, url := fakeAPI(t)
	faketurso.ServeHostile(fake)
	config := providerConfig(url, fmt.Sprintf("api_token = %q", faketurso.Token)) + fmt.Sprintf(`
data "turso_database_configuration" "this" {
  organization = %q
  database     = "wide-open"
}
output "networks" { value = length(data.turso_database_configuration.this.allowed_ips) }
output "last" { value = data.turso_database_configuration.this.allowed_ips[%d] }
`, faketurso.OrgHugeAllowList, faketurso.HugeAllowListEntries-1)
	r := newCLIRun(t, config)
	rssLog := measureProviderRSS(t, r)
	out := strings.Join(strings.Fields(r.run("plan", "-input=false", "-no-color")), " ")
	for _, want := range []string{fmt.Sprintf("networks = %d", faketurso.HugeAllowListEntries), `last = "10.3.13.63/32"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not show %q:\n%s", want, out)
		}
	}
	expectPeakRSSUnderBound(t, rssLog)
}
