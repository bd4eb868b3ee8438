package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

const invoicesAddr = "data.turso_organization_invoices.this"

func invoicesConfig(url, providerOrganization, arguments string) string {
	return providerBlock(url, providerOrganization) + fmt.Sprintf("data \"turso_organization_invoices\" \"this\" {\n%s}\n", arguments)
}

// decimalExact checks a number by the decimal text Terraform wrote for it, not by its value: a
// binary rounding (1234567.8899999999) would show here even where a comparison at 512 bits might
// not.
type decimalExact string

func (d decimalExact) CheckValue(v any) error {
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("got %T, want a number", v)
	}
	if string(n) != string(d) {
		return fmt.Errorf("got %s, want exactly %s", n, d)
	}
	return nil
}

func (d decimalExact) String() string { return string(d) }

func invoiceCheck(number, amount, text string, paidAt, failedAt knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"number":            knownvalue.StringExact(number),
		"amount_due":        decimalExact(amount),
		"amount_due_text":   knownvalue.StringExact(text),
		"currency":          knownvalue.StringExact("USD"),
		"paid_at":           paidAt,
		"payment_failed_at": failedAt,
	})
}

func invoicesChecks(values map[string]knownvalue.Check) []statecheck.StateCheck {
	return attributeChecks(invoicesAddr, values)
}

// attributeChecks expects each top-level attribute of the data source at addr to hold its value.
func attributeChecks(addr string, values map[string]knownvalue.Check) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, len(values))
	for attr, v := range values {
		checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), v))
	}
	return checks
}

func TestAccOrganizationInvoices_upcomingExactAndFailedPayment(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: invoicesConfig(url, faketurso.OrgLive, ""),
			ConfigStateChecks: invoicesChecks(map[string]knownvalue.Check{
				"organization": knownvalue.StringExact("live"),
				"upcoming": knownvalue.ObjectExact(map[string]knownvalue.Check{
					"number":            knownvalue.StringExact("LIVE-0007"),
					"amount_due":        decimalExact("1234567.89"),
					"amount_due_text":   knownvalue.StringExact("1234567.89"),
					"currency":          knownvalue.StringExact("USD"),
					"due_date":          knownvalue.StringExact("2027-01-01T05:00:00+00:00"),
					"paid_at":           knownvalue.Null(),
					"payment_failed_at": knownvalue.Null(),
					"status":            knownvalue.StringExact("draft"),
					"pdf_url":           knownvalue.Null(),
					"hosted_url":        knownvalue.Null(),
				}),
				"upcoming_amount_due": decimalExact("1234567.89"),
				// The API lists them oldest first; the state has them newest first.
				"issued": knownvalue.ListExact([]knownvalue.Check{
					invoiceCheck("LIVE-0006", "2041.17", "2041.17", knownvalue.Null(), knownvalue.StringExact("2026-11-01T05:10:02+00:00")),
					invoiceCheck("LIVE-0005", "-12.5", "-12.50", knownvalue.Null(), knownvalue.Null()),
					invoiceCheck("LIVE-0004", "1988.4", "1988.40", knownvalue.StringExact("2026-09-01T05:12:44+00:00"), knownvalue.Null()),
				}),
				"payment_failed": knownvalue.Bool(true),
				// 2041.17 - 12.50: the credit lowers what is owed.
				"unpaid_amount": decimalExact("2028.67"),
			}),
		}},
	})
}

func TestAccOrganizationInvoices_paidAfterAFailedPayment(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: invoicesConfig(url, "", `  organization = "demo"`+"\n"),
			ConfigStateChecks: append(invoicesChecks(map[string]knownvalue.Check{
				"upcoming_amount_due": decimalExact("61.43"),
				"payment_failed":      knownvalue.Bool(false),
				"unpaid_amount":       decimalExact("0"),
				"issued":              knownvalue.ListSizeExact(7),
			}), statecheck.ExpectKnownValue(invoicesAddr, tfjsonpath.New("issued").AtSliceIndex(2), invoiceCheck("DEMO-0005", "35.6", "35.60",
				knownvalue.StringExact("2026-10-03T09:41:00+00:00"), knownvalue.StringExact("2026-10-01T05:02:13+00:00")))),
		}},
	})
}

func TestAccOrganizationInvoices_none(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: invoicesConfig(url, faketurso.OrgEmpty, ""),
			ConfigStateChecks: invoicesChecks(map[string]knownvalue.Check{
				"upcoming":            knownvalue.Null(),
				"issued":              knownvalue.ListExact([]knownvalue.Check{}),
				"upcoming_amount_due": decimalExact("0"),
				"payment_failed":      knownvalue.Bool(false),
				"unpaid_amount":       decimalExact("0"),
			}),
		}},
	})
}

func TestAccOrganizationInvoices_starterPlanIsOneError(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		// Both requests are refused: still one error, not one per request.
		ErrorCheck: func(err error) error {
			if n := strings.Count(err.Error(), "Error: "); n != 1 {
				return fmt.Errorf("%d errors, want one", n)
			}
			return err
		},
		Steps: []resource.TestStep{{
			Config: invoicesConfig(url, faketurso.OrgBlocked, ""),
			ExpectError: errorPattern(invoicesSummary,
				`The API token or the plan of organization "blocked" cannot read invoices: the upcoming invoice and issued invoices requests were refused.`,
				`HTTP 403 Forbidden: invoices are not available on the starter plan (code "feature_not_available_for_starter_plan")`,
				`Organization "blocked" is on a plan without billing`),
		}},
	})
}

// Both requests fail in the same way: one error, naming each request with its own query.
func TestAccOrganizationInvoices_unknownOrganizationNamesBothRequests(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: invoicesConfig(url, "nope-org", ""),
			ExpectError: errorPattern(invoicesSummary, "The upcoming invoice and issued invoices requests failed, all in the same way.",
				"GET /v1/organizations/nope-org/invoices?type=upcoming and GET /v1/organizations/nope-org/invoices?type=issued: HTTP 404 Not Found"),
		}},
	})
}

func TestAccOrganizationInvoices_malformedAmount(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetInvoices(faketurso.OrgDemo, "issued", []byte(`{"invoices":[{"invoice_number":"DEMO-0009","amount_due":"1.2e3"}]}`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: invoicesConfig(url, faketurso.OrgDemo, ""),
			ExpectError: errorPattern(invoicesSummary, "The issued invoices request failed.",
				`GET /v1/organizations/demo/invoices?type=issued: unexpected response: invoices[0].amount_due: of invoice "DEMO-0009" is "1.2e3", which is not a plain decimal`),
		}},
	})
}

func TestAccOrganizationInvoices_organizationRefusedAtPlanTime(t *testing.T) {
	expectRefusedAtPlanTime(t, func(url string) string {
		return invoicesConfig(url, faketurso.OrgDemo, `  organization = "demo/../live"`+"\n")
	}, errorPattern("Invalid Turso Organization", `"demo/../live" from this data source's "organization" argument must not be "." or contain ".."`))
}

// TestAccOrganizationInvoices_requestsAreConcurrent: the barrier answers neither request until both
// have arrived, so a read that sent them one after the other would never finish.
func TestAccOrganizationInvoices_requestsAreConcurrent(t *testing.T) {
	upcoming, issued := faketurso.InvoicesPath("live")+"?type=upcoming", faketurso.InvoicesPath("live")+"?type=issued"
	fake, barrier, url := barrierAPI(t, upcoming, issued)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            invoicesConfig(url, faketurso.OrgLive, ""),
			ConfigStateChecks: invoicesChecks(map[string]knownvalue.Check{"upcoming_amount_due": decimalExact("1234567.89")}),
		}},
	})
	rounds := barrier.Rounds()
	if rounds == 0 {
		t.Fatal("the two invoice requests were never in flight together")
	}
	if n := fake.RequestCount(faketurso.InvoicesPath("live")); n != 2*rounds {
		t.Errorf("%d invoice requests in %d rounds, want two a round", n, rounds)
	}
}

func TestAccOrganizationInvoices_linksAreSensitive(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: invoicesConfig(url, faketurso.OrgDemo, "") +
				`output "pdf" { value = data.turso_organization_invoices.this.issued[0].pdf_url }`,
			ExpectError: errorPattern("Output refers to sensitive values"),
		}},
	})
}

// dashboardInvoice is one entry of the dashboard example's output, of a paid invoice.
func dashboardInvoice(number, amount, dueDate string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"number":   knownvalue.StringExact(number),
		"amount":   knownvalue.StringExact(amount),
		"due_date": knownvalue.StringExact(dueDate),
		"status":   knownvalue.StringExact("paid"),
		"paid":     knownvalue.Bool(true),
	})
}

func TestAccOrganizationInvoices_postconditionExample(t *testing.T) {
	fake, url := fakeAPI(t)
	example := dataSourceExample(t, "turso_organization_invoices", "postcondition.tf")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			// Demo's one failed payment was paid since: the gate lets the run through.
			Config:            providerBlock(url, faketurso.OrgDemo) + example,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("unpaid_invoices", knownvalue.Int64Exact(0))},
		}, {
			Config: providerBlock(url, faketurso.OrgLive) + example,
			ExpectError: errorPattern("Resource postcondition failed",
				"A payment to Turso failed for organization live and is still unpaid (invoice LIVE-0006 of $2041.17; $2028.67 unpaid in all).",
				"Update the payment method"),
		}, {
			// Null-safe: no invoices at all, then a failed invoice without a number.
			Config:            providerBlock(url, faketurso.OrgEmpty) + example,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("unpaid_invoices", knownvalue.Int64Exact(0))},
		}, {
			PreConfig:   func() { nullInvoices(fake) },
			Config:      providerBlock(url, faketurso.OrgPro) + example,
			ExpectError: errorPattern("Resource postcondition failed", "(invoice without a number of $5.00; $5.00 unpaid in all)"),
		}},
	})
}

// nullInvoices serves organization pro an upcoming and an issued invoice with every optional value
// null or absent; the issued one's payment failed.
func nullInvoices(fake *faketurso.Server) {
	fake.SetInvoices(faketurso.OrgPro, "upcoming", []byte(`{"invoices":[{"amount_due":"7"}]}`))
	fake.SetInvoices(faketurso.OrgPro, "issued", []byte(`{"invoices":[{"invoice_number":null,"amount_due":"5","payment_failed_at":"2026-11-01T05:10:02+00:00"}]}`))
}

// TestAccOrganizationInvoices_examplesAreNullSafe applies the examples that do not fail together,
// with no invoices and with invoices whose optional values are all null.
func TestAccOrganizationInvoices_examplesAreNullSafe(t *testing.T) {
	fake, url := fakeAPI(t)
	nullInvoices(fake)
	examples := dataSourceExample(t, "turso_organization_invoices", "dashboard.tf") + dataSourceExample(t, "turso_organization_invoices", "data-source.tf") + dataSourceExample(t, "turso_organization_invoices", "check.tf")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgEmpty) + examples,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("last_six_invoices", knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("upcoming_amount_due", decimalExact("0")),
				expectCheckBlock{name: "turso_spend", status: tfjson.CheckStatusPass},
			},
			ExpectNonEmptyPlan: true,
		}, {
			Config: providerBlock(url, faketurso.OrgPro) + examples,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("last_six_invoices", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"number":   knownvalue.StringExact("-"),
						"amount":   knownvalue.StringExact("5"),
						"due_date": knownvalue.StringExact("-"),
						"status":   knownvalue.StringExact("-"),
						"paid":     knownvalue.Bool(false),
					}),
				})),
				statecheck.ExpectKnownOutputValue("payment_failed", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("unpaid_amount", decimalExact("5")),
				statecheck.ExpectKnownValue("data.turso_organization_invoices.this", tfjsonpath.New("upcoming").AtMapKey("number"), knownvalue.Null()),
				expectCheckBlock{name: "turso_spend", status: tfjson.CheckStatusPass},
			},
			ExpectNonEmptyPlan: true,
		}},
	})
}
