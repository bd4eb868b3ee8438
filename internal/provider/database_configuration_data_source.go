package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*databaseConfigurationDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*databaseConfigurationDataSource)(nil)
)

type databaseConfigurationDataSource struct {
	configuredData
}

// NewDatabaseConfigurationDataSource returns the turso_database_configuration data source.
func NewDatabaseConfigurationDataSource() datasource.DataSource {
	return &databaseConfigurationDataSource{}
}

func (d *databaseConfigurationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_database_configuration"
}

func (d *databaseConfigurationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = databaseConfigurationSchema()
}

// databaseConfigurationModel is the data source's configuration and state.
type databaseConfigurationModel struct {
	Organization     types.String `tfsdk:"organization"`
	Database         types.String `tfsdk:"database"`
	SizeLimit        types.String `tfsdk:"size_limit"`
	SizeLimitBytes   types.Int64  `tfsdk:"size_limit_bytes"`
	BlockReads       types.Bool   `tfsdk:"block_reads"`
	BlockWrites      types.Bool   `tfsdk:"block_writes"`
	DeleteProtection types.Bool   `tfsdk:"delete_protection"`
	AllowedIPs       types.List   `tfsdk:"allowed_ips"`
	AllowedAWSVPCIDs types.List   `tfsdk:"allowed_aws_vpc_ids"`
}

func (d *databaseConfigurationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	var m databaseConfigurationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	conf, err := d.data.client.DatabaseConfiguration(ctx, slug, m.Database.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read Database Configuration", databaseErrorDetail(err, slug, m.Database.ValueString(), d.data.token))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, databaseConfigurationState(slug, m.Database.ValueString(), conf))...)
}

// databaseConfigurationState maps the configuration: an empty size limit and an absent list are null,
// an empty list stays empty.
func databaseConfigurationState(slug, database string, c *turso.DatabaseConfiguration) databaseConfigurationModel {
	m := databaseConfigurationModel{
		Organization:     types.StringValue(slug),
		Database:         types.StringValue(database),
		SizeLimit:        types.StringNull(),
		SizeLimitBytes:   types.Int64Null(),
		BlockReads:       flagValue(c.BlockReads),
		BlockWrites:      flagValue(c.BlockWrites),
		DeleteProtection: flagValue(c.DeleteProtection),
		AllowedIPs:       stringList(c.AllowedIPs),
		AllowedAWSVPCIDs: stringList(c.AllowedAWSVPCIDs),
	}
	if c.SizeLimit != "" {
		m.SizeLimit, m.SizeLimitBytes = types.StringValue(c.SizeLimit), types.Int64Value(c.SizeLimitBytes)
	}
	return m
}

// flagValue is a flag as Terraform holds it: null when the API sent none.
func flagValue(f turso.Flag) types.Bool {
	if v, ok := f.Bool(); ok {
		return types.BoolValue(v)
	}
	return types.BoolNull()
}

// stringList is a list of strings in its order, null for a nil one.
func stringList(list []string) types.List {
	if list == nil {
		return types.ListNull(types.StringType)
	}
	elements := make([]attr.Value, len(list))
	for i, s := range list {
		elements[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, elements)
}

func databaseConfigurationSchema() schema.Schema {
	flag := func(description string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: description + " Null when the API sends none.", Computed: true}
	}
	return schema.Schema{
		MarkdownDescription: "One database's access configuration, as `turso db config show` reads it from " +
			"`GET /v1/organizations/{slug}/databases/{database}/configuration`: its size limit, its blocks, its delete " +
			"protection and the networks allowed to reach it. One request per read. The deprecated `allow_attach` is " +
			"left out.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttribute(),
			"database":     databaseAttribute(),
			"size_limit": schema.StringAttribute{
				MarkdownDescription: "The database's size limit exactly as the API sends it, such as `\"10gb\"`. Null when " +
					"the database has none (the API sends an empty string).",
				Computed: true,
			},
			"size_limit_bytes": schema.Int64Attribute{
				MarkdownDescription: "`size_limit` in bytes, read as the Turso CLI reads sizes: a number, optionally with " +
					"a fraction, then a unit in any case. `b` or no unit is bytes; `kb`, `mb`, `gb`, `tb`, `pb`, `eb` (or `k`, " +
					"`m`, `g`, ...) are powers of 1000, so `\"10gb\"` is `10000000000`; `kib`, `mib`, `gib`, `tib`, `pib`, `eib` " +
					"(or `ki`, `mi`, ...) are powers of 1024, so `\"512MiB\"` is `536870912`. A fraction of a byte is dropped. " +
					"Null when there is no limit. A size limit that does not read this way is an error that quotes it.",
				Computed: true,
			},
			"block_reads":       flag("Whether reads of the database are blocked."),
			"block_writes":      flag("Whether writes to the database are blocked."),
			"delete_protection": flag("Whether the database is protected from deletion."),
			"allowed_ips": schema.ListAttribute{
				MarkdownDescription: "The IP addresses and networks (CIDR) allowed to reach the database, in the API's " +
					"order. An empty list when the API sends one; null when it leaves the list out, as deployments older " +
					"than allow lists (June 2026) do.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"allowed_aws_vpc_ids": schema.ListAttribute{
				MarkdownDescription: "The AWS VPC IDs allowed to reach the database, in the API's order; empty and null " +
					"as for `allowed_ips`.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}
