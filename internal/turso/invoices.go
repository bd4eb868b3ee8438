package turso

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// InvoiceType is the invoices endpoint's "type": which invoices to list.
type InvoiceType string

const (
	// UpcomingInvoices is the invoice being accrued in the current billing cycle.
	UpcomingInvoices InvoiceType = "upcoming"
	// IssuedInvoices are the invoices already issued, paid or not.
	IssuedInvoices InvoiceType = "issued"
)

// Invoice is one entry of GET /v1/organizations/{slug}/invoices. Pointer fields are nil when the API
// sends null or leaves the key out.
type Invoice struct {
	Number *string
	// AmountDue is "amount_due" exactly as sent: US dollars as a plain decimal string.
	AmountDue Amount
	// DueDate, PaidAt and PaymentFailedAt are RFC 3339 timestamps, as sent.
	DueDate         *string
	PaidAt          *string
	PaymentFailedAt *string
	Status          *string
	PDFURL          *string
	HostedURL       *string
}

// Amount is a plain decimal string, checked by ParseAmount: an optional sign, digits, and an optional
// fraction. It is never converted to a binary float.
type Amount struct{ text string }

// ParseAmount checks s and keeps it as it is written.
func ParseAmount(s string) (Amount, error) {
	if err := CheckAmount(s); err != nil {
		return Amount{}, err
	}
	return Amount{text: s}, nil
}

// String is the amount exactly as the API sent it.
func (a Amount) String() string { return a.text }

// Rat is the amount's exact value; the zero Amount is 0.
func (a Amount) Rat() *big.Rat {
	r, ok := new(big.Rat).SetString(a.text)
	if !ok {
		return new(big.Rat)
	}
	return r
}

// CheckAmount accepts a plain decimal such as "10.29", "-3.5" or "+0": no exponent, no spaces, digits
// on both sides of a decimal point.
func CheckAmount(s string) error {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	intDigits := digitRun(s[i:])
	i += intDigits
	fracDigits := -1
	if i < len(s) && s[i] == '.' {
		fracDigits = digitRun(s[i+1:])
		i += 1 + fracDigits
	}
	if intDigits == 0 || fracDigits == 0 || i != len(s) {
		return errors.New(`is not a plain decimal such as "10.29" (an optional sign, digits, and an optional fraction; no exponent)`)
	}
	return nil
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

var invoicesEndpoint = endpoint[[]Invoice]{maxBytes: smallBodyLimit, decode: DecodeInvoices}

// Invoices lists the organization's invoices of one type, in the API's order.
func (c *Client) Invoices(ctx context.Context, slug string, typ InvoiceType) ([]Invoice, error) {
	return invoicesEndpoint.get(ctx, c, slug, invoicesSuffix(typ))
}

// UpcomingInvoice reads the invoice of the current billing cycle: nil when there is none, and an
// error when the API lists more than one.
func (c *Client) UpcomingInvoice(ctx context.Context, slug string) (*Invoice, error) {
	invoices, err := c.Invoices(ctx, slug, UpcomingInvoices)
	switch {
	case err != nil:
		return nil, err
	case len(invoices) > 1:
		return nil, &DecodeError{
			Path:   "/v1/organizations/" + url.PathEscape(slug) + invoicesSuffix(UpcomingInvoices),
			Where:  "invoices",
			Reason: fmt.Sprintf("lists %d upcoming invoices; an organization has at most one", len(invoices)),
		}
	case len(invoices) == 0:
		return nil, nil
	}
	return &invoices[0], nil
}

func invoicesSuffix(typ InvoiceType) string { return "/invoices?type=" + url.QueryEscape(string(typ)) }

type invoicesEnvelope struct {
	Invoices *[]wireInvoice `json:"invoices"`
	Error    jsontext.Value `json:"error"`
}

type wireInvoice struct {
	Number *string `json:"invoice_number"`
	// AmountDue is kept raw, so that a JSON number where a string is promised names the invoice.
	AmountDue       jsontext.Value `json:"amount_due"`
	DueDate         *string        `json:"due_date"`
	PaidAt          *string        `json:"paid_at"`
	PaymentFailedAt *string        `json:"payment_failed_at"`
	Status          *string        `json:"status"`
	PDFURL          *string        `json:"invoice_pdf"`
	HostedURL       *string        `json:"hosted_invoice_url"`
}

// DecodeInvoices decodes an invoice list. Every invoice needs an amount_due that is a plain decimal
// string, and its times must be RFC 3339 or null; anything else is a *DecodeError naming the invoice
// and its JSON path. Unknown keys are ignored.
func DecodeInvoices(r io.Reader) ([]Invoice, error) {
	var env invoicesEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.Invoices == nil {
		return nil, missingObject("invoices", env.Error)
	}
	invoices := make([]Invoice, len(*env.Invoices))
	for i, w := range *env.Invoices {
		inv, err := w.convert(i)
		if err != nil {
			return nil, err
		}
		invoices[i] = inv
	}
	return invoices, nil
}

func (w wireInvoice) convert(i int) (Invoice, error) {
	bad := func(key, reason string) error {
		return &DecodeError{Where: fmt.Sprintf("invoices[%d].%s", i, key), Reason: w.name() + " " + reason}
	}
	amount, problem := amountOf(w.AmountDue)
	if problem != "" {
		return Invoice{}, bad("amount_due", problem)
	}
	for _, t := range []struct {
		key   string
		value *string
	}{{"due_date", w.DueDate}, {"paid_at", w.PaidAt}, {"payment_failed_at", w.PaymentFailedAt}} {
		if t.value == nil {
			continue
		}
		if _, err := time.Parse(time.RFC3339, *t.value); err != nil {
			return Invoice{}, bad(t.key, fmt.Sprintf("is %q, not an RFC 3339 timestamp such as \"2024-01-01T05:00:00+00:00\"", *t.value))
		}
	}
	return Invoice{
		Number:          w.Number,
		AmountDue:       amount,
		DueDate:         w.DueDate,
		PaidAt:          w.PaidAt,
		PaymentFailedAt: w.PaymentFailedAt,
		Status:          w.Status,
		PDFURL:          w.PDFURL,
		HostedURL:       w.HostedURL,
	}, nil
}

// name is how an error names the invoice: by its number when it has one.
func (w wireInvoice) name() string {
	if w.Number == nil || *w.Number == "" {
		return "of the invoice without a number"
	}
	return fmt.Sprintf("of invoice %q", *w.Number)
}

// amountOf checks a raw amount_due, or says what is wrong with it.
func amountOf(raw jsontext.Value) (Amount, string) {
	switch raw.Kind() {
	case 0, 'n':
		return Amount{}, "is missing or null"
	case '"':
	default:
		return Amount{}, fmt.Sprintf("is the JSON %s %s, want a string such as \"10.29\"", kindName(raw.Kind()), raw)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return Amount{}, "is not a valid JSON string"
	}
	amount, err := ParseAmount(s)
	if err != nil {
		return Amount{}, fmt.Sprintf("is %q, which %s", s, err)
	}
	return amount, ""
}
