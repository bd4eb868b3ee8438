package provider

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

const invoicesCLIConfig = `
data "turso_organization_invoices" "live" {
  organization = "live"
}
data "turso_organization_invoices" "many" {
  organization = "demo"
}
output "upcoming" { value = data.turso_organization_invoices.live.upcoming.amount_due }
output "unpaid" { value = data.turso_organization_invoices.live.unpaid_amount }
output "many_decimals" { value = data.turso_organization_invoices.many.upcoming_amount_due }
`

// manyDecimals is far more than a float64 holds (about 17 significant digits).
const manyDecimals = "98765.4321098765432109876543210987654321"

// TestCLI_invoiceAmountsExact applies through the built provider and the real CLI: the amounts come
// back exactly, as the same decimals, in the state and in `output -json`.
func TestCLI_invoiceAmountsExact(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetInvoices(faketurso.OrgDemo, "upcoming", []byte(`{"invoices":[{"invoice_number":"D-1","amount_due":"`+manyDecimals+`"}]}`))
	r := newCLIRun(t, providerConfig(url)+invoicesCLIConfig, "TURSO_API_TOKEN="+faketurso.Token)
	r.run("apply", "-input=false", "-auto-approve")
	want := map[string]string{"upcoming": "1234567.89", "unpaid": "2028.67", "many_decimals": manyDecimals}

	var outputs map[string]struct{ Value json.Number }
	decodeNumbers(t, []byte(r.run("output", "-json")), &outputs)
	for name, w := range want {
		if got := string(outputs[name].Value); got != w {
			t.Errorf("output -json %s = %s, want exactly %s", name, got, w)
		}
	}

	raw, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Outputs   map[string]struct{ Value json.Number }
		Resources []struct {
			Name      string
			Instances []struct {
				Attributes struct {
					Upcoming struct {
						AmountDue json.Number `json:"amount_due"`
					}
					UpcomingAmountDue json.Number `json:"upcoming_amount_due"`
				}
			}
		}
	}
	decodeNumbers(t, raw, &state)
	for name, w := range want {
		if got := string(state.Outputs[name].Value); got != w {
			t.Errorf("state output %s = %s, want exactly %s", name, got, w)
		}
	}
	attrs := map[string]string{}
	for _, res := range state.Resources {
		a := res.Instances[0].Attributes
		attrs[res.Name] = string(a.Upcoming.AmountDue) + " " + string(a.UpcomingAmountDue)
	}
	if attrs["live"] != "1234567.89 1234567.89" || attrs["many"] != manyDecimals+" "+manyDecimals {
		t.Errorf("state attributes upcoming.amount_due, upcoming_amount_due = %q", attrs)
	}
}

func decodeNumbers(t *testing.T, b []byte, v any) {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}
