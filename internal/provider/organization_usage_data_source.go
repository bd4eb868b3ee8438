package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSource              = (*organizationUsageDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*organizationUsageDataSource)(nil)
)

type organizationUsageDataSource struct {
	configuredData
}

// NewOrganizationUsageDataSource returns the turso_organization_usage data source.
func NewOrganizationUsageDataSource() datasource.DataSource {
	return &organizationUsageDataSource{}
}

func (d *organizationUsageDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_usage"
}

func (d *organizationUsageDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = organizationUsageSchema()
}

func (d *organizationUsageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	var includeDatabases types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("include_databases"), &includeDatabases)...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	withDatabases := includeDatabases.IsNull() || includeDatabases.ValueBool()

	read := d.data.client.OrganizationUsageSummary
	if withDatabases {
		read = d.data.client.OrganizationUsage
	}
	usage, err := read(ctx, slug)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read Organization Usage", errorDetail(err, slug, d.data.token))
		return
	}
	resp.Diagnostics.Append(setOrganizationUsageState(ctx, &resp.State, slug, withDatabases, usage)...)
}

func counterAttribute(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
}

func usageCounterAttributes(scope string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"rows_read":     counterAttribute("Rows read by " + scope + " in the current billing cycle."),
		"rows_written":  counterAttribute("Rows written by " + scope + " in the current billing cycle."),
		"storage_bytes": counterAttribute("Storage used by " + scope + ", in bytes."),
		"bytes_synced":  counterAttribute("Bytes synced to embedded replicas by " + scope + " in the current billing cycle."),
	}
}

func organizationUsageSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The current billing cycle's usage of a Turso organization, as " +
			"`GET /v1/organizations/{slug}/usage` returns it. One request per read. For the plan's limits, " +
			"see `turso_organization_quota`.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttribute(),
			"include_databases": schema.BoolAttribute{
				MarkdownDescription: "Whether to read the per-database breakdown into `databases` (default `true`). " +
					"Set to `false` on large organizations when only the organization's counters are needed: " +
					"`databases` is then null and the read is much cheaper.",
				Optional: true,
				Computed: true,
			},
			"uuid": schema.StringAttribute{
				MarkdownDescription: "The organization's UUID.",
				Computed:            true,
			},
			"usage": schema.SingleNestedAttribute{
				MarkdownDescription: "The organization's counters. The API reference describes each as the amount " +
					"\"allowed for the specific plan\", but the official CLI (`turso plan show`) shows these same " +
					"figures as USED in the current billing cycle, and live responses match the sum of the databases' " +
					"totals: read them as usage. A counter the API omits is null.",
				Computed: true,
				Attributes: map[string]schema.Attribute{
					"rows_read":     counterAttribute("Rows read in the current billing cycle."),
					"rows_written":  counterAttribute("Rows written in the current billing cycle."),
					"databases":     counterAttribute("Number of databases."),
					"locations":     counterAttribute("Number of locations in use."),
					"storage_bytes": counterAttribute("Storage used, in bytes."),
					"groups":        counterAttribute("Number of groups."),
					"bytes_synced":  counterAttribute("Bytes synced to embedded replicas in the current billing cycle."),
				},
			},
			"databases": schema.ListNestedAttribute{
				MarkdownDescription: "Every database, in the API's order; an empty list when there are none, null " +
					"when `include_databases` is `false`.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"uuid": schema.StringAttribute{MarkdownDescription: "The database's UUID.", Computed: true},
						"instances": schema.ListNestedAttribute{
							MarkdownDescription: "The database's instances. The same instance UUID can appear under " +
								"several databases (instances shared through a group).",
							Computed: true,
							NestedObject: schema.NestedAttributeObject{
								Attributes: map[string]schema.Attribute{
									"uuid": schema.StringAttribute{MarkdownDescription: "The instance's UUID.", Computed: true},
									"usage": schema.SingleNestedAttribute{
										MarkdownDescription: "The instance's counters.",
										Computed:            true,
										Attributes:          usageCounterAttributes("this instance"),
									},
								},
							},
						},
						"total": schema.SingleNestedAttribute{
							MarkdownDescription: "The database's totals as the API reports them (from `total`, or " +
								"`usage` where the live API sends them there). Not always the sum of the instances.",
							Computed:   true,
							Attributes: usageCounterAttributes("this database"),
						},
					},
				},
			},
		},
	}
}
