package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*organizationInvoicesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*organizationInvoicesDataSource)(nil)
)

type organizationInvoicesDataSource struct {
	configuredData
}

// NewOrganizationInvoicesDataSource returns the turso_organization_invoices data source.
func NewOrganizationInvoicesDataSource() datasource.DataSource {
	return &organizationInvoicesDataSource{}
}

const invoicesSummary = "Unable to Read Organization Invoices"

func (d *organizationInvoicesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_invoices"
}

func (d *organizationInvoicesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = organizationInvoicesSchema()
}

func (d *organizationInvoicesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, end := d.data.client.StartRead(ctx)
	defer end()
	src, failures := fetchInvoices(ctx, d.data.client, slug)
	if len(failures) > 0 {
		resp.Diagnostics.Append(invoiceFailureDiagnostics(failures, slug, d.data.token)...)
		return
	}
	state, err := organizationInvoicesState(slug, src)
	if err != nil {
		resp.Diagnostics.AddError(invoicesSummary, fmt.Sprintf("The Turso API's invoices could not be used: %s.\n\n"+
			"Nothing was written to state. Retry later, and report it if it persists.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// fetchInvoices sends the two requests at once: the API marks the upcoming invoice only by the
// request's type, so the upcoming one and the issued ones are read apart.
func fetchInvoices(ctx context.Context, c *turso.Client, slug string) (invoiceSources, []requestFailure) {
	var src invoiceSources
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() { src.upcoming, errs[0] = c.UpcomingInvoice(ctx, slug) })
	wg.Go(func() { src.issued, errs[1] = c.Invoices(ctx, slug, turso.IssuedInvoices) })
	wg.Wait()
	return src, failed(requestFailure{"upcoming invoice", errs[0]}, requestFailure{"issued invoices", errs[1]})
}

// invoiceFailureDiagnostics reports the failed requests: a 403, which is a token or a plan that
// cannot read invoices, is one error whichever requests it refused; any other failure is reported as
// every data source reports it.
func invoiceFailureDiagnostics(failures []requestFailure, slug string, token setting) diag.Diagnostics {
	var refused, others []requestFailure
	for _, f := range failures {
		var apiErr *turso.APIError
		if errors.As(f.err, &apiErr) && apiErr.StatusCode == http.StatusForbidden {
			refused = append(refused, f)
			continue
		}
		others = append(others, f)
	}
	var diags diag.Diagnostics
	if len(refused) > 0 {
		diags.AddError(invoicesSummary, invoicesRefusedDetail(refused, slug))
	}
	if len(others) > 0 {
		diags.Append(requestFailureDiagnostics(invoicesSummary, others, slug, token)...)
	}
	return diags
}

// featureNotAvailable begins the code the API sends when the organization's plan lacks a feature, as
// in "feature_not_available_for_starter_plan".
const featureNotAvailable = "feature_not_available"

func invoicesRefusedDetail(refused []requestFailure, slug string) string {
	var apiErr *turso.APIError
	errors.As(refused[0].err, &apiErr)
	requests := make([]string, len(refused))
	for i, f := range refused {
		requests[i] = f.request
	}
	were := "request was"
	if len(refused) > 1 {
		were = "requests were"
	}
	what := fmt.Sprintf("The API token or the plan of organization %q cannot read invoices: the %s %s refused. "+
		"The Turso API answered %s.", slug, englishList(requests), were, apiErr)
	if strings.HasPrefix(apiErr.Code, featureNotAvailable) {
		return what + fmt.Sprintf("\n\nOrganization %q is on a plan without billing, which has no invoices. Check the plan "+
			"with `turso plan show`; until it moves to a paid plan, leave this data source out of the organization's configuration.", slug)
	}
	return what + fmt.Sprintf("\n\nUse a platform API token minted for organization %q (`turso auth api-tokens mint NAME`) by a "+
		"member who may see its billing, and check with `turso plan show` that its plan is a paid one: plans without "+
		"billing have no invoices.", slug)
}

func invoiceAttributes(which string) map[string]schema.Attribute {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	return map[string]schema.Attribute{
		"number": str("The invoice number (`invoice_number`), as sent. Null when the API sends none."),
		"amount_due": schema.NumberAttribute{
			MarkdownDescription: "What " + which + " asks for, in US dollars: `amount_due` as an exact number, with no binary " +
				"rounding (`\"1234567.89\"` is `1234567.89`). Negative for a credit.",
			Computed: true,
		},
		"amount_due_text": str("`amount_due` exactly as the API sent it, for example `\"10.29\"` or `\"-12.50\"`: a plain " +
			"decimal string with an optional sign."),
		"currency":          str("The currency of `amount_due`: always `USD`, the only currency the API bills in."),
		"due_date":          str("When the invoice is due, as sent (RFC 3339, for example `2024-01-01T05:00:00+00:00`). Null when the API sends none."),
		"paid_at":           str("When the invoice was paid, as sent (RFC 3339). Null while it is unpaid."),
		"payment_failed_at": str("When a payment of the invoice failed, as sent (RFC 3339). Null when none failed. A payment can fail and the invoice be paid later: then both this and `paid_at` are set."),
		"status":            str("The invoice's status as the API sends it (for example `paid` or `issued`). Null when the API sends none."),
		"pdf_url": schema.StringAttribute{
			MarkdownDescription: "The link to the invoice's PDF (`invoice_pdf`), as sent; the provider never fetches it. Sensitive: " +
				"anyone with the link can open the invoice. Null when the API sends none.",
			Computed:  true,
			Sensitive: true,
		},
		"hosted_url": schema.StringAttribute{
			MarkdownDescription: "The link to the invoice's payment page (`hosted_invoice_url`), as sent; the provider never " +
				"fetches it. Sensitive: anyone with the link can open the invoice. Null when the API sends none.",
			Computed:  true,
			Sensitive: true,
		},
	}
}

func organizationInvoicesSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A Turso organization's invoices, from `GET /v1/organizations/{slug}/invoices`: what the current " +
			"billing cycle has cost so far (the upcoming invoice), the issued invoices, and whether a payment failed. " +
			"Amounts are exact numbers of US dollars. One read sends two requests at once, `?type=upcoming` and " +
			"`?type=issued`: the API marks the upcoming invoice only by the type asked for. Plans without billing (the " +
			"starter plan) have no invoices, and the read is an error that says so.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttribute(),
			"upcoming": schema.SingleNestedAttribute{
				MarkdownDescription: "The upcoming invoice: the charges accrued so far in the current billing cycle, which " +
					"grow until the cycle ends. Null when there is none.",
				Computed:   true,
				Attributes: invoiceAttributes("the upcoming invoice"),
			},
			"issued": schema.ListNestedAttribute{
				MarkdownDescription: "The issued invoices, newest first (by `due_date`; any without one last, in the API's " +
					"order). An empty list when there are none.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: invoiceAttributes("the invoice"),
				},
			},
			"upcoming_amount_due": schema.NumberAttribute{
				MarkdownDescription: "`upcoming.amount_due`, or `0` when there is no upcoming invoice: compare it with a " +
					"budget without a null check.",
				Computed: true,
			},
			"payment_failed": schema.BoolAttribute{
				MarkdownDescription: "Whether any issued invoice has a failed payment (`payment_failed_at`) and has not been " +
					"paid since (no `paid_at`).",
				Computed: true,
			},
			"unpaid_amount": schema.NumberAttribute{
				MarkdownDescription: "The exact sum of the `amount_due` of the issued invoices without `paid_at`, in US " +
					"dollars. Credits (negative amounts) lower it, so it can be negative. `0` when every invoice is paid.",
				Computed: true,
			},
		},
	}
}
