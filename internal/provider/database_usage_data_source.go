package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource                     = (*databaseUsageDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*databaseUsageDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*databaseUsageDataSource)(nil)
)

type databaseUsageDataSource struct {
	configuredData
}

// NewDatabaseUsageDataSource returns the turso_database_usage data source.
func NewDatabaseUsageDataSource() datasource.DataSource {
	return &databaseUsageDataSource{}
}

func (d *databaseUsageDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_database_usage"
}

func (d *databaseUsageDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = databaseUsageSchema()
}

func (d *databaseUsageDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{windowOrderValidator{}}
}

func (d *databaseUsageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	var database, from, to types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("database"), &database)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("from"), &from)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("to"), &to)...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	ctx, end := d.data.client.StartRead(ctx)
	defer end()
	window := turso.UsageWindow{From: from.ValueString(), To: to.ValueString()}
	usage, err := d.data.client.DatabaseUsage(ctx, slug, database.ValueString(), window)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read Database Usage", databaseErrorDetail(err, slug, database.ValueString(), d.data.token))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, databaseUsageState(slug, database, from, to, usage))...)
}

// databaseErrorDetail is errorDetail, but a 404 is about the database.
func databaseErrorDetail(err error, slug, database string, token setting) string {
	var apiErr *turso.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
		return fmt.Sprintf("The Turso API answered %s.\n\nDatabase %q was not found in organization %q. List the "+
			"organization's databases with `turso db list` (the name it shows, not the hostname), and check the "+
			"organization with `turso org list`.", err, database, slug)
	}
	return errorDetail(err, slug, token)
}

// windowOrderValidator refuses a window whose "to" is not after its "from", at plan time. Each
// bound's own form is checked by its attribute's validator; unknown bounds are checked at apply.
type windowOrderValidator struct{}

func (windowOrderValidator) Description(context.Context) string {
	return "to must be after from"
}

func (v windowOrderValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (windowOrderValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var from, to types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("from"), &from)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("to"), &to)...)
	if resp.Diagnostics.HasError() || from.IsNull() || from.IsUnknown() || to.IsNull() || to.IsUnknown() {
		return
	}
	// A bound of the wrong form is its own attribute's error; only the order is checked here, by the
	// client's own rule.
	window := turso.UsageWindow{From: from.ValueString(), To: to.ValueString()}
	if turso.CheckTimestamp(window.From) != nil || turso.CheckTimestamp(window.To) != nil || turso.CheckWindow(window) == nil {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("to"), "Invalid Usage Window",
		fmt.Sprintf("This data source's \"to\" (%s) is not after its \"from\" (%s): the window would be empty. "+
			"Swap them, or leave \"to\" unset to read up to now.", to.ValueString(), from.ValueString()))
}

// databaseUsageModel is the state of turso_database_usage.
type databaseUsageModel struct {
	Organization types.String         `tfsdk:"organization"`
	Database     types.String         `tfsdk:"database"`
	From         types.String         `tfsdk:"from"`
	To           types.String         `tfsdk:"to"`
	UUID         types.String         `tfsdk:"uuid"`
	Instances    []instanceUsageModel `tfsdk:"instances"`
	Total        types.Object         `tfsdk:"total"`
}

type instanceUsageModel struct {
	UUID  types.String `tfsdk:"uuid"`
	Usage types.Object `tfsdk:"usage"`
}

// databaseUsageState maps one database's usage, read with the given arguments, to its state.
func databaseUsageState(slug string, database, from, to types.String, usage *turso.DatabaseUsage) databaseUsageModel {
	m := databaseUsageModel{Organization: types.StringValue(slug), Database: database, From: from, To: to,
		UUID: types.StringValue(usage.UUID), Instances: make([]instanceUsageModel, len(usage.Instances)), Total: usageCountersValue(&usage.Total)}
	for i := range usage.Instances {
		in := &usage.Instances[i]
		m.Instances[i] = instanceUsageModel{UUID: types.StringValue(in.UUID), Usage: usageCountersValue(&in.Usage)}
	}
	return m
}

// usageCountersType is the object type of a database's or an instance's counters, named as the
// client names them.
var usageCountersType = func() map[string]attr.Type {
	types := map[string]attr.Type{}
	for _, f := range turso.UsageCounterFields {
		types[f.Name] = basetypes.Int64Type{}
	}
	return types
}()

// usageCountersValue is a counter object: each counter a number, or null when the API sent none.
func usageCountersValue(c *turso.UsageCounters) types.Object {
	values := make(map[string]attr.Value, len(turso.UsageCounterFields))
	for _, f := range turso.UsageCounterFields {
		values[f.Name] = types.Int64Null()
		if v, ok := f.At(c).Int64(); ok {
			values[f.Name] = types.Int64Value(v)
		}
	}
	return types.ObjectValueMust(usageCountersType, values)
}

func databaseUsageSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "One database's usage in a window of time, as " +
			"`GET /v1/organizations/{slug}/databases/{database}/usage` returns it: its instances and its totals. " +
			"One request per read. Without `from` and `to` the window is the current calendar month (UTC), the " +
			"API's default; with them, any window, such as the last 24 hours.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttribute(),
			"database":     databaseAttribute(),
			"from": schema.StringAttribute{
				MarkdownDescription: "The start of the window: an RFC 3339 timestamp with its zone, such as " +
					"`2026-11-01T00:00:00Z` or `2026-11-01T00:00:00+01:00`, sent to the API as written (a lowercase `t` or " +
					"`z`, which RFC 3339 allows, in upper case). " +
					"When unset, the API starts the window at the beginning of the current month. " +
					"`timeadd(plantimestamp(), \"-24h\")` is the last 24 hours.",
				Optional:   true,
				Validators: []validator.String{timestampCheck.validator(`this data source's "from" argument`)},
			},
			"to": schema.StringAttribute{
				MarkdownDescription: "The end of the window, in the same form as `from`, and after it. When unset, the " +
					"API ends the window at the end of the current month, which includes everything up to now.",
				Optional:   true,
				Validators: []validator.String{timestampCheck.validator(`this data source's "to" argument`)},
			},
			"uuid": schema.StringAttribute{
				MarkdownDescription: "The database's UUID, as `turso_organization_usage` lists it.",
				Computed:            true,
			},
			"instances": schema.ListNestedAttribute{
				MarkdownDescription: "The database's instances, each with its counters in the window.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"uuid": schema.StringAttribute{MarkdownDescription: "The instance's UUID.", Computed: true},
						"usage": schema.SingleNestedAttribute{
							MarkdownDescription: "The instance's counters in the window.",
							Computed:            true,
							Attributes:          usageCounterAttributes("this instance", inTheWindow),
						},
					},
				},
			},
			"total": schema.SingleNestedAttribute{
				MarkdownDescription: "The database's totals in the window, as the API reports them (from " +
					"`database.total`, else `database.usage`, else the response's top-level `total`). Not always the " +
					"sum of the instances.",
				Computed:   true,
				Attributes: usageCounterAttributes("this database", inTheWindow),
			},
		},
	}
}
