package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*organizationDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*organizationDataSource)(nil)
)

type organizationDataSource struct {
	configuredData
}

// NewOrganizationDataSource returns the turso_organization data source.
func NewOrganizationDataSource() datasource.DataSource {
	return &organizationDataSource{}
}

const organizationSummary = "Unable to Read Organization"

// organizationModel is the state of turso_organization.
type organizationModel struct {
	Organization  types.String `tfsdk:"organization"`
	Name          types.String `tfsdk:"name"`
	Slug          types.String `tfsdk:"slug"`
	Type          types.String `tfsdk:"type"`
	PlanID        types.String `tfsdk:"plan_id"`
	PlanTimeline  types.String `tfsdk:"plan_timeline"`
	Overages      types.Bool   `tfsdk:"overages"`
	RequireMFA    types.Bool   `tfsdk:"require_mfa"`
	BlockedReads  types.Bool   `tfsdk:"blocked_reads"`
	BlockedWrites types.Bool   `tfsdk:"blocked_writes"`
	Platform      types.String `tfsdk:"platform"`
}

func (d *organizationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (d *organizationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	flag := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: description + " Null when the API leaves it out, never a false it did not send.", Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Turso organization's own record, from `GET /v1/organizations/{slug}`: its name, type and plan, " +
			"whether it requires multi-factor authentication of its members, and whether it is blocked for being over quota. " +
			"Any member of the organization, whatever the role, can read it with a read-only token.",
		Attributes: map[string]schema.Attribute{
			"organization":  organizationAttributeOf("Organization"),
			"name":          str("The organization's display name. Null when the API leaves it out."),
			"slug":          str("The organization's slug, as the API sends it. Null when the API leaves it out."),
			"type":          str("The organization's type as sent, `personal` or `team`. Null when the API leaves it out."),
			"plan_id":       str("The organization's plan as sent, for example `scaler`. Null when the API leaves it out."),
			"plan_timeline": str("How the plan is billed, as sent: `monthly` or `yearly`. Null when the API leaves it out."),
			"platform": str("The platform the organization was created through, as sent (for example `vercel`); an empty " +
				"string when the API sends one, which is the case for organizations created with Turso itself. Null when the API leaves it out."),
			"overages":    flag("Whether usage past the plan's quotas is billed rather than blocked."),
			"require_mfa": flag("Whether the organization requires its members to use multi-factor authentication (April 2026)."),
			"blocked_reads": flag("Whether reads are blocked because the organization is over quota: queries then fail with a " +
				"`BLOCKED` error."),
			"blocked_writes": flag("Whether writes are blocked because the organization is over quota: writes then fail with a " +
				"`BLOCKED` error."),
		},
	}
}

func (d *organizationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	org, err := d.data.client.Organization(ctx, slug)
	if err != nil {
		resp.Diagnostics.Append(requestFailureDiagnostics(organizationSummary, failed(requestFailure{"organization", err}), slug, d.data.token)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, organizationState(slug, org))...)
}

// organizationState maps the organization record to state: what the API left out is null.
func organizationState(slug string, o *turso.Organization) organizationModel {
	return organizationModel{
		Organization:  types.StringValue(slug),
		Name:          presentString(o.Name),
		Slug:          presentString(o.Slug),
		Type:          presentString(o.Type),
		PlanID:        presentString(o.PlanID),
		PlanTimeline:  presentString(o.PlanTimeline),
		Overages:      types.BoolPointerValue(o.Overages),
		RequireMFA:    types.BoolPointerValue(o.RequireMFA),
		BlockedReads:  types.BoolPointerValue(o.BlockedReads),
		BlockedWrites: types.BoolPointerValue(o.BlockedWrites),
		Platform:      optionalString(o.Platform),
	}
}
