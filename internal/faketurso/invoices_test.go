package faketurso

import (
	"encoding/json"
	"strings"
	"testing"
)

type invoiceListBody struct {
	Invoices []struct {
		Number    string  `json:"invoice_number"`
		AmountDue string  `json:"amount_due"`
		PaidAt    *string `json:"paid_at"`
		FailedAt  *string `json:"payment_failed_at"`
	} `json:"invoices"`
}

func invoiceNumbers(t *testing.T, base, slug, query string) (int, []string) {
	t.Helper()
	status, body := fetch(t, base, InvoicesPath(slug)+query)
	if status != 200 {
		return status, nil
	}
	var b invoiceListBody
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("%s%s: %v: %s", slug, query, err, body)
	}
	numbers := []string{}
	for _, inv := range b.Invoices {
		numbers = append(numbers, inv.Number+"="+inv.AmountDue)
	}
	return status, numbers
}

func TestInvoices_eachTypeOfEachOrganization(t *testing.T) {
	_, base := Start(t)
	for _, tc := range []struct {
		slug, query string
		want        string
	}{
		{OrgLive, "?type=upcoming", "LIVE-0007=1234567.89"},
		{OrgLive, "?type=issued", "LIVE-0004=1988.40 LIVE-0005=-12.50 LIVE-0006=2041.17"},
		{OrgLive, "?type=all", "LIVE-0007=1234567.89 LIVE-0004=1988.40 LIVE-0005=-12.50 LIVE-0006=2041.17"},
		{OrgLive, "", "LIVE-0007=1234567.89 LIVE-0004=1988.40 LIVE-0005=-12.50 LIVE-0006=2041.17"},
		{OrgDemo, "?type=upcoming", "DEMO-0008=61.43"},
		{OrgDemo, "?type=issued", "DEMO-0007=58.94 DEMO-0006=29.00 DEMO-0005=35.60 DEMO-0004=42.18 DEMO-0003=29.00 DEMO-0002=31.75 DEMO-0001=29.00"},
		{OrgReference, "?type=upcoming", ""},
		{OrgReference, "?type=issued", "LFONTK-00001=10.29"},
		{OrgEmpty, "?type=upcoming", ""},
		{OrgEmpty, "?type=issued", ""},
		{OrgPro, "?type=all", ""},
	} {
		status, numbers := invoiceNumbers(t, base, tc.slug, tc.query)
		if status != 200 || strings.Join(numbers, " ") != tc.want {
			t.Errorf("%s%s: status %d, invoices %q, want %q", tc.slug, tc.query, status, numbers, tc.want)
		}
	}
}

func TestInvoices_failedPayments(t *testing.T) {
	_, base := Start(t)
	_, body := fetch(t, base, InvoicesPath(OrgLive)+"?type=issued")
	var live invoiceListBody
	if err := json.Unmarshal(body, &live); err != nil {
		t.Fatal(err)
	}
	if failed := live.Invoices[2]; failed.FailedAt == nil || failed.PaidAt != nil {
		t.Errorf("live's last invoice is not a failed, unpaid payment: %+v", failed)
	}
	_, body = fetch(t, base, InvoicesPath(OrgDemo)+"?type=issued")
	var demo invoiceListBody
	if err := json.Unmarshal(body, &demo); err != nil {
		t.Fatal(err)
	}
	for _, inv := range demo.Invoices {
		if inv.PaidAt == nil {
			t.Errorf("demo's invoice %s is unpaid", inv.Number)
		}
	}
	if retried := demo.Invoices[2]; retried.FailedAt == nil {
		t.Errorf("demo's %s has no failed payment before it was paid", retried.Number)
	}
}

func TestInvoices_refusals(t *testing.T) {
	fake, base := Start(t)
	status, body := fetch(t, base, InvoicesPath(OrgBlocked)+"?type=upcoming")
	if status != 403 || string(body) != StarterPlanInvoicesError {
		t.Errorf("blocked: %d %s", status, body)
	}
	if status, body = fetch(t, base, InvoicesPath("nosuchorg")+"?type=issued"); status != 404 {
		t.Errorf("unknown organization: %d %s", status, body)
	}
	if status, body = fetch(t, base, InvoicesPath(OrgDemo)+"?type=paid"); status != 400 || !strings.Contains(string(body), `invalid invoice type \"paid\"`) {
		t.Errorf("unknown type: %d %s", status, body)
	}
	fake.SetInvoices(OrgEmpty, "issued", []byte(`{"invoices":[{"amount_due":1}]}`))
	if status, body = fetch(t, base, InvoicesPath(OrgEmpty)+"?type=issued"); status != 200 || string(body) != `{"invoices":[{"amount_due":1}]}` {
		t.Errorf("a body set by SetInvoices: %d %s", status, body)
	}
	if _, numbers := invoiceNumbers(t, base, OrgEmpty, "?type=upcoming"); len(numbers) != 0 {
		t.Errorf("SetInvoices for one type changed another: %q", numbers)
	}
}
