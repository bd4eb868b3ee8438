package turso_test

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func TestInvoices_requestsAndFixture(t *testing.T) {
	fake, c := quotaClient(t)
	issued, err := c.Invoices(context.Background(), faketurso.OrgLive, turso.IssuedInvoices)
	if err != nil {
		t.Fatal(err)
	}
	if len(issued) != 3 {
		t.Fatalf("%d issued invoices, want 3", len(issued))
	}
	failed := issued[2]
	if *failed.Number != "LIVE-0006" || failed.AmountDue.String() != "2041.17" || failed.PaidAt != nil ||
		*failed.PaymentFailedAt != "2026-11-01T05:10:02+00:00" || *failed.Status != "issued" ||
		*failed.PDFURL != "https://assets.withorb.com/invoice/live-0006.pdf" || *failed.HostedURL != "https://billing.example/live-0006" {
		t.Errorf("failed invoice = %+v", failed)
	}
	if got := issued[1].AmountDue.String(); got != "-12.50" {
		t.Errorf("credit = %q, want -12.50 as sent", got)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/organizations/live/invoices" || reqs[0].Query != "type=issued" {
		t.Fatalf("requests = %+v", reqs)
	}
}

func TestUpcomingInvoice(t *testing.T) {
	fake, c := quotaClient(t)
	ctx := context.Background()
	up, err := c.UpcomingInvoice(ctx, faketurso.OrgLive)
	if err != nil {
		t.Fatal(err)
	}
	if up == nil || *up.Number != "LIVE-0007" || up.AmountDue.String() != "1234567.89" || up.PDFURL != nil || up.HostedURL != nil || up.PaidAt != nil {
		t.Fatalf("upcoming = %+v", up)
	}
	if q := fake.Requests()[0].Query; q != "type=upcoming" {
		t.Errorf("query = %q, want type=upcoming", q)
	}
	if up, err := c.UpcomingInvoice(ctx, faketurso.OrgEmpty); up != nil || err != nil {
		t.Errorf("empty organization: %+v, %v; want no invoice and no error", up, err)
	}

	fake.SetInvoices(faketurso.OrgDemo, "upcoming", []byte(`{"invoices":[{"amount_due":"1"},{"amount_due":"2"}]}`))
	_, err = c.UpcomingInvoice(ctx, faketurso.OrgDemo)
	var de *turso.DecodeError
	if !errors.As(err, &de) || de.Path != "/v1/organizations/demo/invoices?type=upcoming" || de.Where != "invoices" || !strings.Contains(de.Reason, "lists 2 upcoming invoices") {
		t.Errorf("two upcoming invoices: %v", err)
	}
}

func TestInvoices_errors(t *testing.T) {
	t.Run("starter plan", func(t *testing.T) {
		_, c := quotaClient(t)
		_, err := c.Invoices(context.Background(), faketurso.OrgBlocked, turso.IssuedInvoices)
		var apiErr *turso.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Code != "feature_not_available_for_starter_plan" || apiErr.Path != "/v1/organizations/blocked/invoices?type=issued" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("malformed amount names the invoice and its request", func(t *testing.T) {
		fake, c := quotaClient(t)
		fake.SetInvoices(faketurso.OrgDemo, "issued", []byte(`{"invoices":[{"invoice_number":"A-1","amount_due":"1"},{"invoice_number":"A-2","amount_due":"1e3"}]}`))
		_, err := c.Invoices(context.Background(), faketurso.OrgDemo, turso.IssuedInvoices)
		want := `GET /v1/organizations/demo/invoices?type=issued: unexpected response: invoices[1].amount_due: of invoice "A-2" is "1e3", which is not a plain decimal`
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("err = %v, want %q", err, want)
		}
	})
	t.Run("invalid slug sends nothing", func(t *testing.T) {
		fake, c := quotaClient(t)
		if _, err := c.UpcomingInvoice(context.Background(), "a/b"); err == nil {
			t.Fatal("no error")
		}
		if n := len(fake.Requests()); n != 0 {
			t.Errorf("requests = %d, want 0", n)
		}
	})
	t.Run("capped like every small response", func(t *testing.T) {
		fake, c := quotaClient(t)
		body := `{"invoices":[` + strings.Repeat(`{"amount_due":"1","status":"`+strings.Repeat("x", 60000)+`"},`, 80) + `{"amount_due":"1"}]}`
		fake.SetInvoices(faketurso.OrgDemo, "issued", []byte(body))
		if _, err := c.Invoices(context.Background(), faketurso.OrgDemo, turso.IssuedInvoices); !errors.Is(err, turso.ErrResponseTooLarge) {
			t.Fatalf("a %d-byte list: err = %v, want %v", len(body), err, turso.ErrResponseTooLarge)
		}
	})
}

func TestDecodeInvoices(t *testing.T) {
	invoices, err := turso.DecodeInvoices(bytes.NewReader([]byte(`{"invoices":[
		{"amount_due":"0.1234567890123456789012345678901234567890","new_key":{"a":[1]}},
		{"invoice_number":"B-2","amount_due":"+7","due_date":null,"status":null}
	],"total":3}`)))
	if err != nil {
		t.Fatal(err)
	}
	if len(invoices) != 2 || invoices[0].Number != nil || invoices[0].AmountDue.String() != "0.1234567890123456789012345678901234567890" ||
		invoices[1].AmountDue.String() != "+7" || invoices[1].DueDate != nil || invoices[1].Status != nil {
		t.Errorf("invoices = %+v", invoices)
	}
	if empty, err := turso.DecodeInvoices(strings.NewReader(`{"invoices":[]}`)); err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("empty list = %#v, %v; want an empty, non-nil list", empty, err)
	}

	for _, tc := range []struct{ body, where, reason string }{
		{`{"invoices":null}`, "invoices", "is missing or null"},
		{`{"error":"invoices are not available"}`, "", `instead of "invoices": invoices are not available`},
		{`{"invoices":{}}`, "invoices", "is a JSON object, want an array"},
		{`{"invoices":[{"invoice_number":"C-1"}]}`, "invoices[0].amount_due", `of invoice "C-1" is missing or null`},
		{`{"invoices":[{"invoice_number":"C-1","amount_due":null}]}`, "invoices[0].amount_due", `of invoice "C-1" is missing or null`},
		{`{"invoices":[{"invoice_number":"C-1","amount_due":10.29}]}`, "invoices[0].amount_due", `of invoice "C-1" is the JSON number 10.29, want a string`},
		{`{"invoices":[{"invoice_number":"C-1","amount_due":true}]}`, "invoices[0].amount_due", `is the JSON boolean true, want a string`},
		{`{"invoices":[{"amount_due":""}]}`, "invoices[0].amount_due", `of the invoice without a number is "", which is not a plain decimal`},
		{`{"invoices":[{"invoice_number":"C-1","amount_due":"1.5e2"}]}`, "invoices[0].amount_due", `"1.5e2", which is not a plain decimal`},
		{`{"invoices":[{"invoice_number":"C-1","amount_due":"$10.29"}]}`, "invoices[0].amount_due", `"$10.29", which is not a plain decimal`},
		{`{"invoices":[{"invoice_number":"C-1","amount_due":" 10.29"}]}`, "invoices[0].amount_due", `" 10.29", which is not a plain decimal`},
		{`{"invoices":[{"invoice_number":"C-1","amount_due":"1,000.00"}]}`, "invoices[0].amount_due", `"1,000.00", which is not a plain decimal`},
		{`{"invoices":[{"invoice_number":"C-1","amount_due":"NaN"}]}`, "invoices[0].amount_due", `"NaN", which is not a plain decimal`},
		{`{"invoices":[{"amount_due":"1"},{"invoice_number":"C-2","amount_due":"1","paid_at":"yesterday"}]}`, "invoices[1].paid_at", `of invoice "C-2" is "yesterday", not an RFC 3339 timestamp`},
		{`{"invoices":[{"amount_due":"1","due_date":"2024-01-01"}]}`, "invoices[0].due_date", `is "2024-01-01", not an RFC 3339 timestamp`},
		{`{"invoices":[{"amount_due":"1","payment_failed_at":""}]}`, "invoices[0].payment_failed_at", `is "", not an RFC 3339 timestamp`},
		{`{"invoices":[{"amount_due":"1","payment_failed_at":1700000000}]}`, "invoices[0].payment_failed_at", "is a JSON number, want a string"},
		{`{"invoices":[{"amount_due":"1","invoice_pdf":{}}]}`, "invoices[0].invoice_pdf", "is a JSON object, want a string"},
		{`{"invoices":[{"amount_due":"1","amount_due":"2"}]}`, "invoices[0]", `duplicate key "amount_due"`},
		{"{\"invoices\":[{\"amount_due\":\"1\",\"status\":\"\xff\"}]}", "invoices[0].status", "invalid UTF-8"},
		{`{"invoices":[{"amount_due":"1"`, "", "truncated"},
	} {
		_, err := turso.DecodeInvoices(strings.NewReader(tc.body))
		checkDecodeError(t, tc.body, err, tc.where, tc.reason)
	}
}

func TestCheckAmount(t *testing.T) {
	for _, ok := range []string{"0", "10.29", "-3.5", "+7", "007.50", "-0.00", "1234567.89", "0." + strings.Repeat("9", 300)} {
		a, err := turso.ParseAmount(ok)
		if err != nil || a.String() != ok {
			t.Errorf("ParseAmount(%q) = %q, %v", ok, a, err)
		}
	}
	for _, bad := range []string{"", "-", "+", ".5", "5.", "1.2.3", "1e3", "1E3", "0x10", "10.29 ", " 10.29", "1_000", "--1", "+-1", "∞", "١٢", "10,29", "Inf"} {
		if _, err := turso.ParseAmount(bad); err == nil || !strings.Contains(err.Error(), "not a plain decimal") {
			t.Errorf("ParseAmount(%q) = %v, want an error", bad, err)
		}
	}
}

func TestAmountRat(t *testing.T) {
	a, err := turso.ParseAmount("-1234567.89")
	if err != nil {
		t.Fatal(err)
	}
	if want := big.NewRat(-123456789, 100); a.Rat().Cmp(want) != 0 {
		t.Errorf("Rat = %s, want %s", a.Rat(), want)
	}
	if (turso.Amount{}).Rat().Sign() != 0 {
		t.Error("the zero Amount is not 0")
	}
}
