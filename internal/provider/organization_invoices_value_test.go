package provider

import (
	"bytes"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// canonicalDecimal is how Terraform writes a number back: no "+", no leading or trailing zeros.
func canonicalDecimal(s string) string {
	sign := ""
	if s[0] == '-' || s[0] == '+' {
		sign, s = strings.TrimPrefix(s[:1], "+"), s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	whole = strings.TrimLeft(whole, "0")
	frac = strings.TrimRight(frac, "0")
	if whole == "" {
		whole = "0"
	}
	if frac != "" {
		whole += "." + frac
	}
	if whole == "0" {
		sign = ""
	}
	return sign + whole
}

// randomDecimal has 1 to digits digits, with the point anywhere and a sign sometimes.
func randomDecimal(r *rand.Rand, digits int) string {
	n := 1 + r.IntN(digits)
	var b strings.Builder
	switch r.IntN(3) {
	case 0:
		b.WriteByte('-')
	case 1:
		b.WriteByte('+')
	}
	point := r.IntN(n + 1)
	for i := 0; i < n; i++ {
		if i == point && i > 0 {
			b.WriteByte('.')
		}
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// throughProtocol encodes a number as the provider sends it to Terraform (msgpack, by tftypes) and
// decodes it as Terraform does (a string at 512 bits, like cty), returning the decimal Terraform
// writes to state and to `terraform output -json`, and whether it travelled as text.
func throughProtocol(t *testing.T, f *big.Float) (string, bool) {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(tftypes.Number, tftypes.NewValue(tftypes.Number, f))
	if err != nil {
		t.Fatal(err)
	}
	v, err := dv.Unmarshal(tftypes.Number)
	if err != nil {
		t.Fatal(err)
	}
	var back big.Float
	if err := v.As(&back); err != nil {
		t.Fatal(err)
	}
	// A msgpack str of up to 31 bytes starts 0xa0 | length; longer ones start 0xd9 to 0xdb.
	text := dv.MsgPack[0]&0xe0 == 0xa0 || (dv.MsgPack[0] >= 0xd9 && dv.MsgPack[0] <= 0xdb)
	return back.Text('f', -1), text
}

func TestExactNumber_throughTheProtocol(t *testing.T) {
	// The trick's alarm: tftypes sends a number that is not exactly a float64 as its decimal text,
	// and Terraform parses that text at 512 bits. Were it sent as a float64, 1234567.89 would arrive
	// as 1234567.8899999999.
	f, err := exactNumber("1234567.89")
	if err != nil {
		t.Fatal(err)
	}
	if got, text := throughProtocol(t, f); got != "1234567.89" || !text {
		t.Fatalf("1234567.89 came back as %s (sent as text: %v)", got, text)
	}
	if lossy, _ := new(big.Float).SetPrec(53).SetString("1234567.89"); lossy.Text('f', 10) == "1234567.8900000000" {
		t.Fatal("1234567.89 is exact in 53 bits: this test proves nothing")
	}

	r := rand.New(rand.NewPCG(17, 1))
	for i := 0; i < 3000; i++ {
		d := randomDecimal(r, maxExactDigits)
		f, err := exactNumber(d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if got, _ := throughProtocol(t, f); got != canonicalDecimal(d) {
			t.Fatalf("%s came back as %s, want %s", d, got, canonicalDecimal(d))
		}
	}
}

func TestExactNumber_digitBound(t *testing.T) {
	at := "1." + strings.Repeat("3", maxExactDigits-1)
	if _, err := exactNumber(at); err != nil {
		t.Errorf("%d digits: %v", maxExactDigits, err)
	}
	past := at + "7"
	if _, err := exactNumber(past); err == nil || !strings.Contains(err.Error(), "has 151 digits, more than the 150 a Terraform number holds exactly") {
		t.Errorf("%d digits: err = %v", maxExactDigits+1, err)
	}
	// The bound is needed: a decimal of 161 digits does not survive 512 bits.
	lost := "0." + strings.Repeat("7", 160) + "1"
	f, _, _ := big.ParseFloat(lost, 10, numberPrecision, big.ToNearestEven)
	if got, _ := throughProtocol(t, f); got == lost {
		t.Errorf("%s survived 512 bits: is the bound too low?", lost)
	}
}

func amount(t *testing.T, s string) turso.Amount {
	t.Helper()
	a, err := turso.ParseAmount(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func ptr(s string) *string { return &s }

func TestOrganizationInvoicesState(t *testing.T) {
	src := invoiceSources{
		upcoming: &turso.Invoice{Number: ptr("U-9"), AmountDue: amount(t, "1234567.89"), Status: ptr("draft")},
		issued: []turso.Invoice{
			{Number: nil, AmountDue: amount(t, "0.1"), PDFURL: ptr("https://x/pdf"), HostedURL: ptr("https://x/pay")},
			{Number: ptr("I-1"), AmountDue: amount(t, "10.005"), DueDate: ptr("2026-09-01T05:00:00+00:00"), PaidAt: ptr("2026-09-01T05:10:00+00:00")},
			{Number: ptr("I-3"), AmountDue: amount(t, "-12.50"), DueDate: ptr("2026-11-01T05:00:00+02:00")},
			{Number: ptr("I-4"), AmountDue: amount(t, "3"), PaidAt: ptr("2026-08-01T05:10:00+00:00")},
			{Number: ptr("I-2"), AmountDue: amount(t, "2041.1700000000000000001"), DueDate: ptr("2026-10-01T05:00:00Z"), PaymentFailedAt: ptr("2026-10-01T05:10:00Z")},
		},
	}
	m, err := organizationInvoicesState("live", src)
	if err != nil {
		t.Fatal(err)
	}
	if m.Organization.ValueString() != "live" || m.Upcoming == nil || m.Upcoming.Number.ValueString() != "U-9" ||
		m.Upcoming.AmountDueText.ValueString() != "1234567.89" || m.Upcoming.Currency.ValueString() != "USD" ||
		!m.Upcoming.PaidAt.IsNull() || m.Upcoming.Status.ValueString() != "draft" {
		t.Errorf("upcoming = %+v", m.Upcoming)
	}
	if got := m.UpcomingAmountDue.ValueBigFloat().Text('f', -1); got != "1234567.89" {
		t.Errorf("upcoming_amount_due = %s", got)
	}
	var order []string
	for _, inv := range m.Issued {
		order = append(order, inv.Number.ValueString()+"="+inv.AmountDue.ValueBigFloat().Text('f', -1))
	}
	// Newest first by due date, whatever the zone; the invoices without a due date last, in the API's order.
	if got := strings.Join(order, " "); got != "I-3=-12.5 I-2=2041.1700000000000000001 I-1=10.005 =0.1 I-4=3" {
		t.Errorf("issued = %s", got)
	}
	if last := m.Issued[3]; !last.Number.IsNull() || last.PDFURL.ValueString() != "https://x/pdf" || last.HostedURL.ValueString() != "https://x/pay" || !last.DueDate.IsNull() {
		t.Errorf("last issued = %+v", last)
	}
	if !m.PaymentFailed.ValueBool() {
		t.Error("payment_failed = false with I-2 failed and unpaid")
	}
	// -12.50 + 2041.1700000000000000001 + 0.1, exactly; I-1 is paid.
	if got := m.UnpaidAmount.ValueBigFloat().Text('f', -1); got != "2028.7700000000000000001" {
		t.Errorf("unpaid_amount = %s", got)
	}
}

func TestOrganizationInvoicesState_none(t *testing.T) {
	m, err := organizationInvoicesState("empty", invoiceSources{issued: []turso.Invoice{}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Upcoming != nil || m.Issued == nil || len(m.Issued) != 0 || m.PaymentFailed.ValueBool() ||
		m.UpcomingAmountDue.ValueBigFloat().Sign() != 0 || m.UnpaidAmount.ValueBigFloat().Sign() != 0 {
		t.Errorf("state = %+v", m)
	}
}

func TestPaymentFailed(t *testing.T) {
	failedAt, paidAt := ptr("2026-10-01T05:10:00Z"), ptr("2026-10-03T05:10:00Z")
	for _, tc := range []struct {
		name   string
		issued []turso.Invoice
		want   bool
	}{
		{"none", nil, false},
		{"paid", []turso.Invoice{{PaidAt: paidAt}}, false},
		{"unpaid, no failure", []turso.Invoice{{}}, false},
		{"failed, then paid", []turso.Invoice{{PaymentFailedAt: failedAt, PaidAt: paidAt}}, false},
		{"failed, unpaid", []turso.Invoice{{PaidAt: paidAt}, {PaymentFailedAt: failedAt}}, true},
	} {
		if got := paymentFailed(tc.issued); got != tc.want {
			t.Errorf("%s: payment_failed = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestUnpaidAmount_exact(t *testing.T) {
	var issued []turso.Invoice
	for _, a := range []string{"0.1", "0.2", "-0.3", "+1", "99999999999999999999.99", "0.00000000000000000001"} {
		issued = append(issued, turso.Invoice{AmountDue: amount(t, a)})
	}
	if got := unpaidAmount(issued); got != "100000000000000000000.99000000000000000001" {
		t.Errorf("sum = %s", got)
	}
	if got := unpaidAmount(nil); got != "0" {
		t.Errorf("empty sum = %s", got)
	}
}

func TestOrganizationInvoicesState_tooManyDigits(t *testing.T) {
	long := "1." + strings.Repeat("0", maxExactDigits)
	_, err := organizationInvoicesState("x", invoiceSources{upcoming: &turso.Invoice{Number: ptr("U-1"), AmountDue: amount(t, long)}})
	if err == nil || !strings.Contains(err.Error(), `of upcoming invoice "U-1" has 151 digits`) {
		t.Errorf("err = %v", err)
	}
	// Each amount fits, their sum does not.
	half := strings.Repeat("9", 76)
	_, err = organizationInvoicesState("x", invoiceSources{issued: []turso.Invoice{
		{AmountDue: amount(t, half)}, {AmountDue: amount(t, "0."+half)},
	}})
	if err == nil || !strings.Contains(err.Error(), "the issued invoices without paid_at add up to a number that has 152 digits") {
		t.Errorf("err = %v", err)
	}
}

func TestInvoiceFailureDiagnostics(t *testing.T) {
	forbidden := func(typ, code string) error {
		return &turso.APIError{Method: "GET", Path: "/v1/organizations/acme/invoices?type=" + typ, StatusCode: 403, Message: "no billing here", Code: code}
	}
	t.Run("starter plan, both requests", func(t *testing.T) {
		diags := invoiceFailureDiagnostics([]requestFailure{
			{"upcoming invoice", forbidden("upcoming", "feature_not_available_for_starter_plan")},
			{"issued invoices", forbidden("issued", "feature_not_available_for_starter_plan")},
		}, "acme", setting{})
		if len(diags) != 1 || diags[0].Summary() != invoicesSummary {
			t.Fatalf("diagnostics = %v, want one error", diags)
		}
		want := errorPattern(`The API token or the plan of organization "acme" cannot read invoices: the upcoming invoice and issued invoices requests were refused.`,
			`GET /v1/organizations/acme/invoices?type=upcoming: HTTP 403 Forbidden: no billing here (code "feature_not_available_for_starter_plan")`,
			`Organization "acme" is on a plan without billing`, "turso plan show")
		if !want.MatchString(diags[0].Detail()) {
			t.Errorf("detail %q does not match %s", diags[0].Detail(), want)
		}
	})
	t.Run("permission", func(t *testing.T) {
		diags := invoiceFailureDiagnostics([]requestFailure{{"issued invoices", forbidden("issued", "")}}, "acme", setting{})
		want := errorPattern(`cannot read invoices: the issued invoices request was refused.`, `HTTP 403 Forbidden: no billing here.`,
			`Use a platform API token minted for organization "acme"`, "may see its billing")
		if len(diags) != 1 || !want.MatchString(diags[0].Detail()) {
			t.Errorf("diagnostics = %v, want one matching %s", diags, want)
		}
	})
	t.Run("other failures are reported as usual", func(t *testing.T) {
		diags := invoiceFailureDiagnostics([]requestFailure{
			{"upcoming invoice", forbidden("upcoming", "feature_not_available_for_starter_plan")},
			{"issued invoices", &turso.APIError{Method: "GET", Path: "/v1/organizations/acme/invoices?type=issued", StatusCode: 503, Message: "busy", Attempts: 3}},
		}, "acme", setting{})
		if len(diags) != 2 {
			t.Fatalf("diagnostics = %v, want two", diags)
		}
		want := errorPattern("The issued invoices request failed.", "HTTP 503 Service Unavailable after 3 attempts: busy", "server error")
		if !want.MatchString(diags[1].Detail()) || strings.Contains(diags[1].Detail(), "cannot read invoices") {
			t.Errorf("detail %q does not match %s", diags[1].Detail(), want)
		}
	})
}

func TestInvoiceSchema_linksAreSensitive(t *testing.T) {
	var b bytes.Buffer
	for _, name := range []string{"pdf_url", "hosted_url"} {
		if !invoiceAttributes("x")[name].IsSensitive() {
			b.WriteString(name + " ")
		}
	}
	if b.Len() > 0 {
		t.Errorf("not sensitive: %s", b.String())
	}
}

func TestNewestFirst_keepsTheAPIOrderOfEqualDates(t *testing.T) {
	var in []turso.Invoice
	for i := range 60 {
		inv := turso.Invoice{Number: ptr(fmt.Sprintf("%02d", i))}
		switch i % 3 {
		case 0: // no due date
		case 1:
			inv.DueDate = ptr("2026-10-01T05:00:00Z")
		case 2:
			inv.DueDate = ptr("2026-11-01T07:00:00+02:00") // the same instant as the next line's
		}
		in = append(in, inv)
	}
	in = append(in, turso.Invoice{Number: ptr("60"), DueDate: ptr("2026-11-01T05:00:00Z")})
	var got []string
	for _, inv := range newestFirst(in) {
		got = append(got, *inv.Number)
	}
	var want []string
	for _, rest := range []int{2, 1, 0} {
		for i := range 61 {
			if i%3 == rest && i != 60 || (rest == 2 && i == 60) {
				want = append(want, fmt.Sprintf("%02d", i))
			}
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order:\n got %v\nwant %v", got, want)
	}
	if *in[0].Number != "00" || *in[1].Number != "01" {
		t.Error("newestFirst reordered its argument")
	}
}
