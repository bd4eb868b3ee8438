package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*organizationAuditLogsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*organizationAuditLogsDataSource)(nil)
)

type organizationAuditLogsDataSource struct {
	configuredData
}

// NewOrganizationAuditLogsDataSource returns the turso_organization_audit_logs data source.
func NewOrganizationAuditLogsDataSource() datasource.DataSource {
	return &organizationAuditLogsDataSource{}
}

const auditLogsSummary = "Unable to Read Organization Audit Logs"

func (d *organizationAuditLogsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_audit_logs"
}

func (d *organizationAuditLogsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = organizationAuditLogsSchema()
}

// auditLogsModel is the data source's configuration and state.
type auditLogsModel struct {
	Organization types.String         `tfsdk:"organization"`
	Since        types.String         `tfsdk:"since"`
	Codes        []string             `tfsdk:"codes"`
	Limit        types.Int64          `tfsdk:"limit"`
	Entries      []auditLogEntryModel `tfsdk:"entries"`
	Counts       map[string]int64     `tfsdk:"counts"`
	Truncated    types.Bool           `tfsdk:"truncated"`
}

type auditLogEntryModel struct {
	Code        types.String `tfsdk:"code"`
	Message     types.String `tfsdk:"message"`
	Origin      types.String `tfsdk:"origin"`
	Author      types.String `tfsdk:"author"`
	CreatedAt   types.String `tfsdk:"created_at"`
	Data        types.String `tfsdk:"data"`
	IP          types.String `tfsdk:"ip"`
	City        types.String `tfsdk:"city"`
	CountryCode types.String `tfsdk:"country_code"`
}

func (d *organizationAuditLogsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	var m auditLogsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	q := auditLogQuery(m)
	log, err := d.data.client.AuditLogs(ctx, slug, q)
	if err != nil {
		resp.Diagnostics.AddError(auditLogsSummary, auditLogsErrorDetail(err, slug, d.data.token))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, auditLogsState(m, slug, q, log))...)
}

// auditLogQuery is the query the configuration asks for; an unset limit is the default.
func auditLogQuery(m auditLogsModel) turso.AuditLogQuery {
	q := turso.AuditLogQuery{Since: m.Since.ValueString(), Codes: m.Codes, Limit: turso.DefaultAuditLogLimit}
	if !m.Limit.IsNull() {
		q.Limit = int(m.Limit.ValueInt64())
	}
	return q
}

// auditLogsState maps the entries, newest first, and counts them by code.
func auditLogsState(m auditLogsModel, slug string, q turso.AuditLogQuery, log *turso.AuditLog) auditLogsModel {
	m.Organization, m.Limit, m.Truncated = types.StringValue(slug), types.Int64Value(int64(q.Limit)), types.BoolValue(log.Truncated)
	m.Entries = make([]auditLogEntryModel, len(log.Entries))
	m.Counts = map[string]int64{}
	for i, e := range log.Entries {
		m.Entries[i] = auditLogEntryModel{
			Code:        types.StringValue(e.Code),
			Message:     types.StringPointerValue(e.Message),
			Origin:      types.StringPointerValue(e.Origin),
			Author:      types.StringPointerValue(e.Author),
			CreatedAt:   types.StringValue(e.CreatedAt),
			Data:        types.StringPointerValue(e.Data),
			IP:          types.StringPointerValue(e.IP),
			City:        types.StringPointerValue(e.City),
			CountryCode: types.StringPointerValue(e.CountryCode),
		}
		m.Counts[e.Code]++
	}
	return m
}

// auditLogsErrorDetail explains a failed read; the plan gate is one error of its own, decided by the
// API's answer alone.
func auditLogsErrorDetail(err error, slug string, token setting) string {
	var apiErr *turso.APIError
	if errors.As(err, &apiErr) && strings.HasPrefix(apiErr.Code, featureNotAvailable) {
		return fmt.Sprintf("Audit logs need the Scaler plan or above, and organization %q is on a plan without them. "+
			"The Turso API answered %s.\n\nCheck the organization's plan with `turso plan show`, and upgrade it to Scaler or "+
			"above to read its audit log; until then, leave this data source out of the organization's configuration.", slug, err)
	}
	return errorDetail(err, slug, token)
}

var (
	auditLogSinceCheck = timestampCheck.titled("Invalid Audit Log Start")
	auditLogCodesCheck = settingCheck{
		summary:     "Invalid Audit Log Code",
		description: "each must be an audit log code: lowercase letters, digits, '-' and '_'",
		problem: func(value, source string) string {
			if err := turso.CheckAuditLogCode(value); err != nil {
				return "The audit log code " + fmt.Sprintf("%q", value) + " from " + source + " " + err.Error() +
					". Codes the documentation does not list are accepted, as new ones appear."
			}
			return ""
		},
	}
)

func organizationAuditLogsSchema() schema.Schema {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	return schema.Schema{
		MarkdownDescription: "A Turso organization's audit log, newest first, as `turso org audit-logs list` pages " +
			"through it (`GET /v1/organizations/{slug}/audit-logs`): what changed, and who did it. The API pages the log " +
			"newest first with no time filter, so the read asks for pages of 100 and stops at the first entry older than " +
			"`since`, once `limit` matching entries are in, or at the last page, and never reads a page past the one " +
			"where it stops: a 24-hour window of an active organization costs one or two requests. The order is checked, " +
			"since the early stop relies on it, and a read takes at most 2,000 pages. Audit logs need the Scaler plan or " +
			"above; below it the read is an error that says so.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttribute(),
			"since": schema.StringAttribute{
				MarkdownDescription: "Only entries created at or after this moment: an RFC 3339 timestamp with its zone, " +
					"such as `2026-11-01T00:00:00Z`; `timeadd(plantimestamp(), \"-24h\")` is the last 24 hours. When unset, " +
					"the read returns the newest `limit` matching entries.",
				Optional:   true,
				Validators: []validator.String{auditLogSinceCheck.validator(`this data source's "since" argument`)},
			},
			"codes": schema.SetAttribute{
				MarkdownDescription: "Only entries with one of these codes, such as `[\"db-delete\", \"org-member-add\"]`; " +
					"at least one. Codes the documentation does not list are accepted, since new ones appear. When unset, " +
					"every entry.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Set{auditLogCodesValidator{}},
			},
			"limit": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("The most entries to return, from 1 to %d; %d when unset. It counts the "+
					"entries that match `codes`: with `codes` set, the read goes on past entries that do not match.",
					turso.MaxAuditLogLimit, turso.DefaultAuditLogLimit),
				Optional: true,
				Computed: true,
				Validators: []validator.Int64{titledInt64{Int64: int64validator.Between(1, turso.MaxAuditLogLimit),
					summary: "Invalid Audit Log Limit"}},
			},
			"entries": schema.ListNestedAttribute{
				MarkdownDescription: "The matching entries, newest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"code":       str("What happened, such as `db-delete` or `org-member-add`."),
						"message":    str("The API's description of the entry. Null when it sends none."),
						"origin":     str("Where the change was made: `cli` or `web`. Null when the API sends none."),
						"author":     str("The user who made the change. Null when the API sends none."),
						"created_at": str("When, as the API sent it: an RFC 3339 timestamp."),
						"data": str("The entry's `data` object as a JSON string, for `jsondecode`. Null when the API " +
							"sends none."),
						"ip":           str("The IP address the change came from. Null where the API does not send one."),
						"city":         str("The city the change came from. Null where the API does not send one."),
						"country_code": str("The country the change came from, as a code such as `PT`. Null where the API does not send one."),
					},
				},
			},
			"counts": schema.MapAttribute{
				MarkdownDescription: "How many of the returned entries carry each code, by code.",
				ElementType:         types.Int64Type,
				Computed:            true,
			},
			"truncated": schema.BoolAttribute{
				MarkdownDescription: "Whether `limit` ended the read while the log may hold more matching entries inside " +
					"the window: the page where the read stopped shows one, or that page ends inside the window and the " +
					"log has more pages, which are not read. `false` otherwise, never null.",
				Computed: true,
			},
		},
	}
}

// auditLogCodesValidator checks each code by auditLogCodesCheck, and that the set names one at least.
type auditLogCodesValidator struct{}

var _ validator.Set = auditLogCodesValidator{}

func (auditLogCodesValidator) Description(context.Context) string {
	return "at least one code; " + auditLogCodesCheck.description
}

func (v auditLogCodesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (auditLogCodesValidator) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elements := req.ConfigValue.Elements()
	if len(elements) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, auditLogCodesCheck.summary, "This data source's \"codes\" argument is "+
			"an empty set, which would keep no entry. Name at least one code, such as \"db-delete\", or leave \"codes\" "+
			"unset to keep every entry.")
		return
	}
	for _, e := range elements {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if problem := auditLogCodesCheck.problem(s.ValueString(), `this data source's "codes" argument`); problem != "" {
			resp.Diagnostics.AddAttributeError(req.Path, auditLogCodesCheck.summary, problem)
		}
	}
}
