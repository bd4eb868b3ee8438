package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource                     = (*organizationUsageDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*organizationUsageDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*organizationUsageDataSource)(nil)
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

func (d *organizationUsageDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{filtersNeedDatabasesValidator{}}
}

func (d *organizationUsageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	var includeDatabases, includeInstances types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("include_databases"), &includeDatabases)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("include_instances"), &includeInstances)...)
	filter, diags := readDatabaseFilter(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	state := usageState{slug: slug, includeDatabases: orTrue(includeDatabases), includeInstances: orTrue(includeInstances), filter: filter}
	ctx, end := d.data.client.StartRead(ctx)
	defer end()
	failures := fetchOrganizationUsage(ctx, d.data.client, &state)
	if len(failures) > 0 {
		resp.Diagnostics.Append(requestFailureDiagnostics("Unable to Read Organization Usage", failures, slug, d.data.token)...)
		return
	}
	var kept []keptDatabase
	if state.includeDatabases {
		if kept, ok = keptDatabases(&state, &resp.Diagnostics); !ok {
			return
		}
	}
	encoded := encodeOrganizationUsage(&state, kept)
	tflog.Debug(ctx, "Wrote the organization's usage state", map[string]any{"state_bytes": len(encoded), "buffer_bytes": cap(encoded)})
	resp.Diagnostics.Append(setEncodedState(ctx, &resp.State, organizationUsageType, encoded)...)
}

// keptDatabases sums the groups of s over all its databases and returns the databases its filter
// keeps, warning of each name or group asked for that the organization does not have.
func keptDatabases(s *usageState, diags *diag.Diagnostics) ([]keptDatabase, bool) {
	var err error
	if s.groups, err = sumGroups(groupMembers(s)); err != nil {
		diags.AddError("Unable to Sum Group Usage", "The API's counters cannot be summed exactly: "+err.Error()+
			". Read the databases' own totals in `databases`, or report the response to Turso.")
		return nil, false
	}
	kept, missingNames, missingGroups := selectDatabases(s, &s.filter)
	for _, name := range missingNames {
		diags.AddAttributeWarning(path.Root("database_names"), "Database Not Found",
			fmt.Sprintf("Organization %q has no database named %q in its usage and database list, so none is kept for it. "+
				"If it was deleted or renamed, update database_names; `turso db list` shows the databases.", s.slug, name))
	}
	for _, group := range missingGroups {
		diags.AddAttributeWarning(path.Root("database_groups"), "Database Group Without Databases",
			fmt.Sprintf("Organization %q has no database in group %q, so none is kept for it. If the group was deleted "+
				"or renamed, update database_groups; `turso group list` shows the groups.", s.slug, group))
	}
	return kept, true
}

// markdownList is `a`, `b` and `c`.
func markdownList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}

// orTrue is a boolean argument whose default is true.
func orTrue(b types.Bool) bool { return b.IsNull() || b.IsUnknown() || b.ValueBool() }

// fetchOrganizationUsage reads the usage into s and, with the databases, the database list for their
// names: the usage request and the list's first page go out together, and the list's other pages
// follow one another.
func fetchOrganizationUsage(ctx context.Context, c *turso.Client, s *usageState) []requestFailure {
	if !s.includeDatabases {
		usage, err := c.OrganizationUsageSummary(ctx, s.slug)
		s.usage = usage
		return failed(requestFailure{"usage", err})
	}
	var list *turso.DatabaseList
	var listErr error
	var wg sync.WaitGroup
	wg.Go(func() { list, listErr = c.Databases(ctx, s.slug) })
	usage, usageErr := c.OrganizationUsage(ctx, s.slug)
	wg.Wait()
	s.usage, s.names = usage, list
	return failed(requestFailure{"usage", usageErr}, requestFailure{"database list", listErr})
}

func counterAttribute(description string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
}

// The periods a counter can cover, as its description says them.
const (
	inTheBillingCycle = "in the current billing cycle"
	inTheWindow       = "in the window (`from` to `to`)"
)

func usageCounterAttributes(scope, period string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"rows_read":     counterAttribute("Rows read by " + scope + " " + period + "."),
		"rows_written":  counterAttribute("Rows written by " + scope + " " + period + "."),
		"storage_bytes": counterAttribute("Storage used by " + scope + ", in bytes."),
		"bytes_synced":  counterAttribute("Bytes synced to embedded replicas by " + scope + " " + period + "."),
	}
}

func organizationUsageSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "The current billing cycle's usage of a Turso organization, as " +
			"`GET /v1/organizations/{slug}/usage` returns it, with each database's name and group from the " +
			"database list. One usage request per read, and with the databases one request per page of the " +
			"list (1,000 databases a page), the first at the same time as the usage. For the plan's limits, see " +
			"`turso_organization_quota`; for one database in any window, `turso_database_usage`.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttribute(),
			"include_instances": schema.BoolAttribute{
				MarkdownDescription: "Whether to read each database's instances into its `instances` (default `true`). " +
					"Set to `false` when per-database totals are enough, as for a dashboard: each database's " +
					"`instances` is then null and its `total` stays. Most of a large organization's state is " +
					"per-instance, so a `terraform plan` is then about three times cheaper.",
				Optional: true,
				Computed: true,
			},
			"include_databases": schema.BoolAttribute{
				MarkdownDescription: "Whether to read the per-database breakdown into `databases` (default `true`). " +
					"Set to `false` on large organizations when only the organization's counters are needed: " +
					"`databases` is then null and the read is much cheaper. The filters (`top_databases`, `database_names`, " +
					"`database_groups`) need the databases: setting one with `false` is an error at plan time.",
				Optional: true,
				Computed: true,
			},
			"top_databases": schema.Int64Attribute{
				MarkdownDescription: "Keep only this many databases in `databases`: those with the highest `top_databases_by` " +
					"counter of their `total`, highest first. Ties are broken by name, ascending; a database the list does not " +
					"name (created or deleted between the two reads) comes after the named ones, by UUID, so that the result is " +
					"stable from plan to plan. A database without the counter comes last. Without it, `databases` keeps the " +
					"API's order. The provider still reads every database (to rank them and to sum `groups`), but hands " +
					"Terraform only the ones kept: a plan then costs what it shows.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"top_databases_by": schema.StringAttribute{
				MarkdownDescription: "The counter `top_databases` ranks by: one of " + markdownList(rankingCounters) +
					" (default `" + defaultRankingCounter + "`).",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(rankingCounters...)},
			},
			"database_names": schema.SetAttribute{
				MarkdownDescription: "Keep only the databases of these names. A name the organization does not have is a " +
					"warning that names it, not an error, so that a deleted database does not break a check.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1)},
			},
			"database_groups": schema.SetAttribute{
				MarkdownDescription: "Keep only the databases of these groups. A group with no database is a warning that " +
					"names it. With `database_names` too, a database is kept when both keep it; `top_databases` then ranks " +
					"what is left.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1)},
			},
			"database_count": schema.Int64Attribute{
				MarkdownDescription: "How many databases the organization's usage lists (those the full `databases` would " +
					"hold), whatever the filters; null when `include_databases` is `false`.",
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
				MarkdownDescription: "The databases the filters keep (every database without a filter), in the API's order " +
					"or, with `top_databases`, in rank; an empty list when there are none, null when `include_databases` is `false`.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"uuid": schema.StringAttribute{MarkdownDescription: "The database's UUID.", Computed: true},
						"name": schema.StringAttribute{
							MarkdownDescription: "The database's name, from the organization's database list " +
								"(`GET /v1/organizations/{slug}/databases`, its `DbId` joined to `uuid`). Null when the list " +
								"does not have this database: it was created or deleted between the two reads.",
							Computed: true,
						},
						"group": schema.StringAttribute{
							MarkdownDescription: "The database's group, from the database list. Null when the list does " +
								"not have this database, or gives it no group.",
							Computed: true,
						},
						"primary_region": schema.StringAttribute{
							MarkdownDescription: "The database's primary region (`primaryRegion` in the database list), such as " +
								"`aws-us-east-1`. Null when the list does not have this database, or gives it none.",
							Computed: true,
						},
						"block_reads": schema.BoolAttribute{
							MarkdownDescription: "Whether reads of this database are blocked (`block_reads` in the database list), " +
								"besides the organization's own block. Null when the list does not have this database, or omits the flag.",
							Computed: true,
						},
						"block_writes": schema.BoolAttribute{
							MarkdownDescription: "Whether writes to this database are blocked (`block_writes` in the database list), " +
								"besides the organization's own block. Null when the list does not have this database, or omits the flag.",
							Computed: true,
						},
						"delete_protection": schema.BoolAttribute{
							MarkdownDescription: "Whether the database is protected from deletion (`delete_protection` in the " +
								"database list). Null when the list does not have this database, or omits the flag.",
							Computed: true,
						},
						"instances": schema.ListNestedAttribute{
							MarkdownDescription: "The database's instances; null when `include_instances` is `false`. The " +
								"same instance UUID can appear under several databases (instances shared through a group).",
							Computed: true,
							NestedObject: schema.NestedAttributeObject{
								Attributes: map[string]schema.Attribute{
									"uuid": schema.StringAttribute{MarkdownDescription: "The instance's UUID.", Computed: true},
									"usage": schema.SingleNestedAttribute{
										MarkdownDescription: "The instance's counters.",
										Computed:            true,
										Attributes:          usageCounterAttributes("this instance", inTheBillingCycle),
									},
								},
							},
						},
						"total": schema.SingleNestedAttribute{
							MarkdownDescription: "The database's totals as the API reports them (from `total`, or " +
								"`usage` where the live API sends them there). Not always the sum of the instances.",
							Computed:   true,
							Attributes: usageCounterAttributes("this database", inTheBillingCycle),
						},
					},
				},
			},
			"groups": schema.MapNestedAttribute{
				MarkdownDescription: "Totals per group, keyed by group name, over the whole organization whatever the " +
					"filters: each database of the usage whose entry in the database list names a group counts in it. A database the list lacks, or gives no group, is in " +
					"no group. A counter is the sum of the databases' totals, and null when any database of the group " +
					"has that counter null (a sum without it would understate the group); a sum past the largest 64-bit " +
					"integer is an error. No extra request: it comes from the same two reads. Null when " +
					"`include_databases` is `false`, since there is nothing to roll up; an empty map when no database has a group.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"databases":     counterAttribute("How many databases of the organization are in the group, whatever the filters."),
						"rows_read":     counterAttribute("Rows read by the group's databases in the current billing cycle."),
						"rows_written":  counterAttribute("Rows written by the group's databases in the current billing cycle."),
						"storage_bytes": counterAttribute("Storage used by the group's databases, in bytes."),
						"bytes_synced":  counterAttribute("Bytes synced to embedded replicas by the group's databases in the current billing cycle."),
					},
				},
			},
		},
	}
}
