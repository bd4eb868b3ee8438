package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*organizationQuotaDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*organizationQuotaDataSource)(nil)
)

type organizationQuotaDataSource struct {
	configuredData
}

// NewOrganizationQuotaDataSource returns the turso_organization_quota data source.
func NewOrganizationQuotaDataSource() datasource.DataSource {
	return &organizationQuotaDataSource{}
}

func (d *organizationQuotaDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_quota"
}

func (d *organizationQuotaDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = organizationQuotaSchema()
}

func (d *organizationQuotaDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, end := d.data.client.StartRead(ctx)
	defer end()
	src, failures := fetchQuotaSources(ctx, d.data.client, slug)
	if len(failures) > 0 {
		resp.Diagnostics.Append(requestFailureDiagnostics("Unable to Read Organization Quota", failures, slug, d.data.token)...)
		return
	}
	state, err := organizationQuotaState(slug, src, d.data.now().Truncate(time.Second))
	if err != nil {
		resp.Diagnostics.AddError("Unknown Turso Plan", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// fetchQuotaSources sends the four requests at once, so that a read takes as long as the slowest
// of them, and reports every one that failed, always in the same order.
func fetchQuotaSources(ctx context.Context, c *turso.Client, slug string) (quotaSources, []requestFailure) {
	var src quotaSources
	var errs [4]error
	var wg sync.WaitGroup
	wg.Go(func() { src.usage, errs[0] = c.OrganizationUsageSummary(ctx, slug) })
	wg.Go(func() { src.subscription, errs[1] = c.Subscription(ctx, slug) })
	wg.Go(func() { src.plans, errs[2] = c.Plans(ctx, slug) })
	wg.Go(func() { src.organization, errs[3] = c.Organization(ctx, slug) })
	wg.Wait()
	return src, failed(requestFailure{"usage", errs[0]}, requestFailure{"subscription", errs[1]},
		requestFailure{"plans", errs[2]}, requestFailure{"organization", errs[3]})
}

// quotaMetricAttribute describes one metric; usedKey and quotaKey are where the API sends it.
func quotaMetricAttribute(what, usedKey, quotaKey string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: what + ", measured against the plan's quota. `used` comes from the usage endpoint's " +
			"`organization.usage." + usedKey + "`, `limit` from the plan's `quotas." + quotaKey + "`.",
		Computed: true,
		Attributes: map[string]schema.Attribute{
			"used": schema.Int64Attribute{
				MarkdownDescription: "The amount used, as `turso plan show` shows it under USED. Null when the API omits it.",
				Computed:            true,
			},
			"limit": schema.Int64Attribute{
				MarkdownDescription: "The plan's quota. Null when the plan sets no limit (the API sends 0 or null).",
				Computed:            true,
			},
			"unlimited": schema.BoolAttribute{
				MarkdownDescription: "Whether the plan sets no limit for this metric.",
				Computed:            true,
			},
			"remaining": schema.Int64Attribute{
				MarkdownDescription: "`limit - used`, never below 0. Null when unlimited.",
				Computed:            true,
			},
			"percent_used": schema.Float64Attribute{
				MarkdownDescription: "`used / limit * 100`, unrounded (the nearest 64-bit float to the exact ratio); " +
					"above 100 when the quota is exceeded. Null when unlimited; use `coalesce(..., 0)` to compare it.",
				Computed: true,
			},
			"exceeded": schema.BoolAttribute{
				MarkdownDescription: "Whether `used` is greater than `limit` (reaching the limit exactly is not " +
					"exceeding it). Always `false` when unlimited.",
				Computed: true,
			},
			"projected": schema.NumberAttribute{
				MarkdownDescription: "The amount forecast for the end of the cycle, an exact integer. A counter " +
					"(rows read, rows written, bytes synced) is extrapolated at its average rate so far: " +
					"`floor(used × cycle length / elapsed)`, and `used` itself at the cycle's first instant. A " +
					"level (storage, databases, locations, groups) does not grow with time and is projected as it " +
					"stands. Null when `used` is. The same as `provider::turso::forecast(used, limit, as_of)` for a counter.",
				Computed: true,
			},
			"projected_percent": schema.Float64Attribute{
				MarkdownDescription: "`projected / limit * 100`, unrounded like `percent_used`. Null when unlimited " +
					"or when `used` is null.",
				Computed: true,
			},
			"will_exceed": schema.BoolAttribute{
				MarkdownDescription: "Whether the metric is limited and `projected` is greater than `limit`. Always " +
					"`false` when unlimited; null when `used` is null and the metric is limited.",
				Computed: true,
			},
			"exhausted_at": schema.StringAttribute{
				MarkdownDescription: "For a counter, when the quota is reached at the average rate so far: " +
					"`cycle_started_at + elapsed × limit / used`, floored to the second, in RFC 3339 UTC. In the " +
					"past when the quota is already spent. Null when unlimited, when `used` is 0 or null, when it " +
					"falls on or after `resets_at`, at the cycle's first instant unless `used` already reaches the " +
					"limit, and always for a level.",
				Computed: true,
			},
			"overage": schema.Int64Attribute{
				MarkdownDescription: "What is used past the limit, `max(used - limit, 0)`, as `turso plan show` shows " +
					"it under OVERAGE. 0 when unlimited; null when `used` is null and the metric is limited.",
				Computed: true,
			},
		},
	}
}

func organizationQuotaSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A Turso organization's usage in the current billing cycle measured against its plan's " +
			"quotas, like `turso plan show`: for each metric the amount used, the limit, what remains, the percentage " +
			"used and whether the quota is exceeded. One read sends four requests at once (`usage`, `subscription`, " +
			"`plans` and the organization itself). Each metric is also forecast to the end of the billing cycle, " +
			"at no extra request. Quotas reset on the first day of each month (UTC); a yearly plan still meters " +
			"by calendar month. For the per-database breakdown, see `turso_organization_usage`.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttribute(),
			"plan": schema.StringAttribute{
				MarkdownDescription: "The subscription's plan (for example `starter` or `scaler`), without the " +
					"`_overages` suffix the API adds when overages are on.",
				Computed: true,
			},
			"timeline": schema.StringAttribute{
				MarkdownDescription: "The subscription's billing timeline, such as `monthly`. Null when the API omits it.",
				Computed:            true,
			},
			"overages": schema.BoolAttribute{
				MarkdownDescription: "Whether the subscription allows overages: usage past a quota is billed " +
					"instead of blocked. Null when the API omits it.",
				Computed: true,
			},
			"blocked_reads": schema.BoolAttribute{
				MarkdownDescription: "Whether reads are blocked because the organization is over quota (queries " +
					"fail with a `BLOCKED` error). Null when the API omits it.",
				Computed: true,
			},
			"blocked_writes": schema.BoolAttribute{
				MarkdownDescription: "Whether writes are blocked because the organization is over quota (queries " +
					"fail with a `BLOCKED` error). Null when the API omits it.",
				Computed: true,
			},
			"as_of": schema.StringAttribute{
				MarkdownDescription: "The instant the read took its forecast at, to the second, in RFC 3339 UTC " +
					"(for example `2026-11-10T12:00:00Z`).",
				Computed: true,
			},
			"cycle_started_at": schema.StringAttribute{
				MarkdownDescription: "The start of the billing cycle: 00:00 UTC on the first day of `as_of`'s month, " +
					"in RFC 3339. Every plan, a yearly one too, meters by calendar month.",
				Computed: true,
			},
			"resets_at": schema.StringAttribute{
				MarkdownDescription: "When the counted metrics (rows read, rows written, bytes synced) start again " +
					"from zero: 00:00 UTC on the first day of the month after `as_of`, in RFC 3339 (for example " +
					"`2026-12-01T00:00:00Z`). Storage, databases, locations and groups are counts of what exists and " +
					"do not reset. Use it in a `check` message to say when relief comes.",
				Computed: true,
			},
			"elapsed_fraction": schema.Float64Attribute{
				MarkdownDescription: "The part of the billing cycle already past at `as_of`, from 0 to 1. A forecast " +
					"early in the cycle rests on little data: compare it before trusting `will_exceed`.",
				Computed: true,
			},
			"rows_read":     quotaMetricAttribute("Rows read in the current billing cycle", "rows_read", "rowsRead"),
			"rows_written":  quotaMetricAttribute("Rows written in the current billing cycle", "rows_written", "rowsWritten"),
			"storage_bytes": quotaMetricAttribute("Storage, in bytes", "storage_bytes", "storage"),
			"bytes_synced":  quotaMetricAttribute("Bytes synced to embedded replicas in the current billing cycle", "bytes_synced", "bytesSynced"),
			"databases":     quotaMetricAttribute("Number of databases", "databases", "databases"),
			"locations":     quotaMetricAttribute("Number of locations in use", "locations", "locations"),
			"groups":        quotaMetricAttribute("Number of groups", "groups", "groups"),
		},
	}
}
