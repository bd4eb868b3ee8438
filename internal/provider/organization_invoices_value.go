package provider

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// organizationInvoicesModel is the state of turso_organization_invoices.
type organizationInvoicesModel struct {
	Organization      types.String   `tfsdk:"organization"`
	Upcoming          *invoiceModel  `tfsdk:"upcoming"`
	Issued            []invoiceModel `tfsdk:"issued"`
	UpcomingAmountDue types.Number   `tfsdk:"upcoming_amount_due"`
	PaymentFailed     types.Bool     `tfsdk:"payment_failed"`
	UnpaidAmount      types.Number   `tfsdk:"unpaid_amount"`
}

// invoiceModel is one invoice.
type invoiceModel struct {
	Number          types.String `tfsdk:"number"`
	AmountDue       types.Number `tfsdk:"amount_due"`
	AmountDueText   types.String `tfsdk:"amount_due_text"`
	Currency        types.String `tfsdk:"currency"`
	DueDate         types.String `tfsdk:"due_date"`
	PaidAt          types.String `tfsdk:"paid_at"`
	PaymentFailedAt types.String `tfsdk:"payment_failed_at"`
	Status          types.String `tfsdk:"status"`
	PDFURL          types.String `tfsdk:"pdf_url"`
	HostedURL       types.String `tfsdk:"hosted_url"`
}

// invoiceCurrency is the currency of every amount the API sends: US dollars.
const invoiceCurrency = "USD"

// invoiceSources are the two responses one read combines.
type invoiceSources struct {
	upcoming *turso.Invoice // nil when there is none
	issued   []turso.Invoice
}

// organizationInvoicesState maps the invoices to state: the issued ones newest first, the summaries
// computed exactly.
func organizationInvoicesState(slug string, src invoiceSources) (organizationInvoicesModel, error) {
	m := organizationInvoicesModel{
		Organization:      types.StringValue(slug),
		Issued:            make([]invoiceModel, 0, len(src.issued)),
		UpcomingAmountDue: types.NumberValue(new(big.Float)),
		PaymentFailed:     types.BoolValue(paymentFailed(src.issued)),
	}
	if src.upcoming != nil {
		up, err := invoiceValue(*src.upcoming, "upcoming")
		if err != nil {
			return organizationInvoicesModel{}, err
		}
		m.Upcoming, m.UpcomingAmountDue = &up, up.AmountDue
	}
	for _, inv := range newestFirst(src.issued) {
		v, err := invoiceValue(inv, "issued")
		if err != nil {
			return organizationInvoicesModel{}, err
		}
		m.Issued = append(m.Issued, v)
	}
	unpaid, err := exactNumber(unpaidAmount(src.issued))
	if err != nil {
		return organizationInvoicesModel{}, fmt.Errorf("the issued invoices without paid_at add up to a number that %w", err)
	}
	m.UnpaidAmount = types.NumberValue(unpaid)
	return m, nil
}

func invoiceValue(inv turso.Invoice, kind string) (invoiceModel, error) {
	amount, err := exactNumber(inv.AmountDue.String())
	if err != nil {
		return invoiceModel{}, fmt.Errorf("the amount_due %q of %s %w", inv.AmountDue.String(), invoiceName(inv, kind), err)
	}
	return invoiceModel{
		Number:          types.StringPointerValue(inv.Number),
		AmountDue:       types.NumberValue(amount),
		AmountDueText:   types.StringValue(inv.AmountDue.String()),
		Currency:        types.StringValue(invoiceCurrency),
		DueDate:         types.StringPointerValue(inv.DueDate),
		PaidAt:          types.StringPointerValue(inv.PaidAt),
		PaymentFailedAt: types.StringPointerValue(inv.PaymentFailedAt),
		Status:          types.StringPointerValue(inv.Status),
		PDFURL:          types.StringPointerValue(inv.PDFURL),
		HostedURL:       types.StringPointerValue(inv.HostedURL),
	}, nil
}

func invoiceName(inv turso.Invoice, kind string) string {
	if inv.Number == nil || *inv.Number == "" {
		return "the " + kind + " invoice without a number"
	}
	return fmt.Sprintf("%s invoice %q", kind, *inv.Number)
}

// paymentFailed is whether any invoice has a failed payment and has not been paid since.
func paymentFailed(issued []turso.Invoice) bool {
	return slices.ContainsFunc(issued, func(inv turso.Invoice) bool { return inv.PaymentFailedAt != nil && inv.PaidAt == nil })
}

// unpaidAmount is the exact sum of the invoices without paid_at, as a decimal: credits (negative
// amounts) lower it.
func unpaidAmount(issued []turso.Invoice) string {
	sum, scale := new(big.Rat), 0
	for _, inv := range issued {
		if inv.PaidAt != nil {
			continue
		}
		sum.Add(sum, inv.AmountDue.Rat())
		if _, frac, ok := strings.Cut(inv.AmountDue.String(), "."); ok {
			scale = max(scale, len(frac))
		}
	}
	// Every amount is a multiple of 10^-scale, and so is the sum: this is exact.
	return sum.FloatString(scale)
}

// newestFirst sorts invoices by due date, newest first; invoices without one go last, in the API's
// order.
func newestFirst(invoices []turso.Invoice) []turso.Invoice {
	sorted := slices.Clone(invoices)
	due := func(inv turso.Invoice) (time.Time, bool) {
		if inv.DueDate == nil {
			return time.Time{}, false
		}
		t, err := time.Parse(time.RFC3339, *inv.DueDate)
		return t, err == nil
	}
	slices.SortStableFunc(sorted, func(a, b turso.Invoice) int {
		ta, okA := due(a)
		tb, okB := due(b)
		switch {
		case okA && okB:
			return tb.Compare(ta)
		case okA:
			return -1
		case okB:
			return 1
		}
		return 0
	})
	return sorted
}

// numberPrecision is the precision of Terraform's numbers (cty parses every number at 512 bits).
const numberPrecision = 512

// maxExactDigits is the most digits a decimal may have to come back from a Terraform number exactly:
// 150 decimal digits need 499 bits, within numberPrecision.
const maxExactDigits = 150

// exactNumber is the Terraform number of a plain decimal, at Terraform's own precision, so that the
// state, the plan and `terraform output -json` write it back as the same decimal. A decimal with
// more digits than a Terraform number holds is refused rather than rounded.
func exactNumber(decimal string) (*big.Float, error) {
	digits := 0
	for _, c := range decimal {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	if digits > maxExactDigits {
		return nil, fmt.Errorf("has %d digits, more than the %d a Terraform number holds exactly", digits, maxExactDigits)
	}
	f, _, err := big.ParseFloat(decimal, 10, numberPrecision, big.ToNearestEven)
	if err != nil {
		return nil, fmt.Errorf("is not a decimal number: %w", err)
	}
	return f, nil
}
