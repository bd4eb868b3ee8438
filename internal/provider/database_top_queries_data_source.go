package provider

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*databaseTopQueriesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*databaseTopQueriesDataSource)(nil)
)

type databaseTopQueriesDataSource struct {
	configuredData
}

// NewDatabaseTopQueriesDataSource returns the turso_database_top_queries data source.
func NewDatabaseTopQueriesDataSource() datasource.DataSource {
	return &databaseTopQueriesDataSource{}
}

func (d *databaseTopQueriesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_database_top_queries"
}

func (d *databaseTopQueriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = databaseTopQueriesSchema()
}

// topQueriesModel is the data source's configuration and state.
type topQueriesModel struct {
	Organization     types.String `tfsdk:"organization"`
	Database         types.String `tfsdk:"database"`
	From             types.String `tfsdk:"from"`
	Limit            types.Int64  `tfsdk:"limit"`
	Source           types.String `tfsdk:"source"`
	Queries          []queryModel `tfsdk:"queries"`
	TotalRowsRead    types.Int64  `tfsdk:"total_rows_read"`
	TotalRowsWritten types.Int64  `tfsdk:"total_rows_written"`
	AsOf             types.String `tfsdk:"as_of"`
}

type queryModel struct {
	Query       types.String `tfsdk:"query"`
	RowsRead    types.Int64  `tfsdk:"rows_read"`
	RowsWritten types.Int64  `tfsdk:"rows_written"`
}

// topQueriesWindow is how far back the queries go when from is unset, as `turso db inspect --queries`.
const topQueriesWindow = 24 * time.Hour

func (d *databaseTopQueriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	var m topQueriesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	now := d.data.now().UTC()
	from := m.From.ValueString()
	if m.From.IsNull() {
		from = now.Add(-topQueriesWindow).Format(time.RFC3339)
	}
	top, err := d.data.client.TopQueries(ctx, slug, m.Database.ValueString(), from)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read Database Top Queries", databaseErrorDetail(err, slug, m.Database.ValueString(), d.data.token))
		return
	}
	state, err := topQueriesState(m, slug, from, top, now)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Sum Database Top Queries", "The API's counts cannot be summed exactly: "+err.Error()+
			". Set `limit` to sum fewer queries, or report the response to Turso: no database reads that many rows.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// topQueriesState keeps the first limit queries (all when limit is null) and sums their counts. A
// sum past the largest int64 is an error, never a wrapped number.
func topQueriesState(m topQueriesModel, slug, from string, top *turso.TopQueries, asOf time.Time) (topQueriesModel, error) {
	queries := top.Queries
	if !m.Limit.IsNull() && m.Limit.ValueInt64() < int64(len(queries)) {
		queries = queries[:max(m.Limit.ValueInt64(), 0)]
	}
	m.Organization, m.From = types.StringValue(slug), types.StringValue(from)
	m.Source, m.AsOf = types.StringValue(top.Source), types.StringValue(asOf.UTC().Format(time.RFC3339))
	m.Queries = make([]queryModel, len(queries))
	var read, written int64
	for i, q := range queries {
		if q.RowsRead > math.MaxInt64-read || q.RowsWritten > math.MaxInt64-written {
			return m, fmt.Errorf("the rows read or written by the %d queries of database %q add up to more than the largest "+
				"64-bit integer (%d)", len(queries), m.Database.ValueString(), int64(math.MaxInt64))
		}
		read, written = read+q.RowsRead, written+q.RowsWritten
		m.Queries[i] = queryModel{Query: types.StringValue(q.Text), RowsRead: types.Int64Value(q.RowsRead), RowsWritten: types.Int64Value(q.RowsWritten)}
	}
	m.TotalRowsRead, m.TotalRowsWritten = types.Int64Value(read), types.Int64Value(written)
	return m, nil
}

func databaseTopQueriesSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "One database's top queries since a moment, with the rows each read and wrote, as " +
			"`turso db inspect --queries` shows them. The read asks " +
			"`GET /v1/organizations/{slug}/databases/{database}/usage/queries` (what the official CLI reads) and, only when " +
			"that answers 404, the documented `GET .../databases/{database}/stats`, which does not work for databases on " +
			"AWS; `source` says which answered. The query text carries the literals the application sent (e-mail " +
			"addresses, ids), so it is sensitive: an output that shows it must be marked `sensitive = true`.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttribute(),
			"database":     databaseAttribute(),
			"from": schema.StringAttribute{
				MarkdownDescription: "Where the queries start: an RFC 3339 timestamp with its zone, such as " +
					"`2026-11-01T00:00:00Z`, sent to `usage/queries` exactly as written (`stats` takes no window). When unset, " +
					"24 hours before the read, as the official CLI does; the state then holds the timestamp that was sent.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{timestampCheck.titled("Invalid Top Queries Window").validator(`this data source's "from" argument`)},
			},
			"limit": schema.Int64Attribute{
				MarkdownDescription: "At most this many queries, the most expensive first; at least 1. When unset, every " +
					"query the API returns. The totals sum the queries kept.",
				Optional:   true,
				Validators: []validator.Int64{titledInt64{Int64: int64validator.AtLeast(1), summary: "Invalid Top Queries Limit"}},
			},
			"source": schema.StringAttribute{
				MarkdownDescription: "The endpoint that answered: `usage/queries`, or `stats` when `usage/queries` answered 404.",
				Computed:            true,
			},
			"queries": schema.ListNestedAttribute{
				MarkdownDescription: "The queries, most rows read first; ties by most rows written, then by query text.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"query": schema.StringAttribute{
							MarkdownDescription: "The statement, with the literals the application sent: **sensitive**, never " +
								"shown in a plan. A text longer than 64 KiB is cut at a character boundary and ends with " +
								"`/* truncated: N of M bytes */`.",
							Computed:  true,
							Sensitive: true,
						},
						"rows_read":    counterAttribute("Rows read by this query, exact."),
						"rows_written": counterAttribute("Rows written by this query, exact."),
					},
				},
			},
			"total_rows_read":    counterAttribute("The rows read by the queries in `queries`, summed exactly."),
			"total_rows_written": counterAttribute("The rows written by the queries in `queries`, summed exactly."),
			"as_of": schema.StringAttribute{
				MarkdownDescription: "When the queries were read: an RFC 3339 timestamp in UTC.",
				Computed:            true,
			},
		},
	}
}
