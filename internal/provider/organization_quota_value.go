package provider

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/forecast"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// organizationQuotaModel is the state of turso_organization_quota.
type organizationQuotaModel struct {
	Organization    types.String     `tfsdk:"organization"`
	Plan            types.String     `tfsdk:"plan"`
	Timeline        types.String     `tfsdk:"timeline"`
	Overages        types.Bool       `tfsdk:"overages"`
	BlockedReads    types.Bool       `tfsdk:"blocked_reads"`
	BlockedWrites   types.Bool       `tfsdk:"blocked_writes"`
	AsOf            types.String     `tfsdk:"as_of"`
	CycleStartedAt  types.String     `tfsdk:"cycle_started_at"`
	ResetsAt        types.String     `tfsdk:"resets_at"`
	ElapsedFraction types.Float64    `tfsdk:"elapsed_fraction"`
	RowsRead        quotaMetricModel `tfsdk:"rows_read"`
	RowsWritten     quotaMetricModel `tfsdk:"rows_written"`
	StorageBytes    quotaMetricModel `tfsdk:"storage_bytes"`
	BytesSynced     quotaMetricModel `tfsdk:"bytes_synced"`
	Databases       quotaMetricModel `tfsdk:"databases"`
	Locations       quotaMetricModel `tfsdk:"locations"`
	Groups          quotaMetricModel `tfsdk:"groups"`
}

// quotaMetricModel is one metric measured against its quota.
type quotaMetricModel struct {
	Used        types.Int64   `tfsdk:"used"`
	Limit       types.Int64   `tfsdk:"limit"`
	Unlimited   types.Bool    `tfsdk:"unlimited"`
	Remaining   types.Int64   `tfsdk:"remaining"`
	PercentUsed types.Float64 `tfsdk:"percent_used"`
	Exceeded    types.Bool    `tfsdk:"exceeded"`

	Projected        types.Number  `tfsdk:"projected"`
	ProjectedPercent types.Float64 `tfsdk:"projected_percent"`
	WillExceed       types.Bool    `tfsdk:"will_exceed"`
	ExhaustedAt      types.String  `tfsdk:"exhausted_at"`
	Overage          types.Int64   `tfsdk:"overage"`
}

// quotaSources are the four responses one quota read combines.
type quotaSources struct {
	usage        *turso.OrganizationUsage
	subscription *turso.Subscription
	plans        []turso.Plan
	organization *turso.Organization
}

// organizationQuotaState measures the organization's usage against its plan's quotas, and forecasts
// it to the end of the billing cycle, as read at asOf (whole seconds, so that the forecast function
// given the state's as_of computes the same).
func organizationQuotaState(slug string, src quotaSources, asOf time.Time) (organizationQuotaModel, error) {
	name := planName(src.subscription.Plan)
	quotas, err := findPlan(src.plans, name, src.subscription.Plan)
	if err != nil {
		return organizationQuotaModel{}, err
	}
	used := src.usage.Usage
	cycle := forecast.PeriodOf(asOf)
	counter := func(used, limit uint64) forecast.Forecast { return forecast.Counter(used, limit, asOf) }
	return organizationQuotaModel{
		Organization:    types.StringValue(slug),
		Plan:            types.StringValue(name),
		Timeline:        types.StringPointerValue(src.subscription.Timeline),
		Overages:        types.BoolPointerValue(src.subscription.Overages),
		BlockedReads:    types.BoolPointerValue(src.organization.BlockedReads),
		BlockedWrites:   types.BoolPointerValue(src.organization.BlockedWrites),
		AsOf:            types.StringValue(asOf.UTC().Format(time.RFC3339)),
		CycleStartedAt:  types.StringValue(cycle.From.Format(time.RFC3339)),
		ResetsAt:        types.StringValue(cycle.To.Format(time.RFC3339)),
		ElapsedFraction: types.Float64Value(cycle.ElapsedFraction(asOf)),
		// Counters grow through the cycle and are extrapolated; levels are projected as they stand.
		RowsRead:     quotaMetric(used.RowsRead, quotas.RowsRead, counter),
		RowsWritten:  quotaMetric(used.RowsWritten, quotas.RowsWritten, counter),
		StorageBytes: quotaMetric(used.StorageBytes, quotas.Storage, forecast.Level),
		BytesSynced:  quotaMetric(used.BytesSynced, quotas.BytesSynced, counter),
		Databases:    quotaMetric(used.Databases, quotas.Databases, forecast.Level),
		Locations:    quotaMetric(used.Locations, quotas.Locations, forecast.Level),
		Groups:       quotaMetric(used.Groups, quotas.Groups, forecast.Level),
	}, nil
}

// overagesSuffix is what the API appends to the plan's name when overages are on.
const overagesSuffix = "_overages"

// planName is the subscription's plan as the plan list names it.
func planName(subscriptionPlan string) string {
	return strings.TrimSuffix(subscriptionPlan, overagesSuffix)
}

// unknownPlanError is a subscription whose plan is not in the plan list.
type unknownPlanError struct {
	plan, sent string
	available  []string
}

func (e *unknownPlanError) Error() string {
	plan := fmt.Sprintf("%q", e.plan)
	if e.sent != e.plan {
		plan += fmt.Sprintf(" (sent as %q)", e.sent)
	}
	exist := "The plan list is empty"
	if len(e.available) > 0 {
		quoted := make([]string, len(e.available))
		for i, a := range e.available {
			quoted[i] = fmt.Sprintf("%q", a)
		}
		exist = "The plans that exist are " + strings.Join(quoted, ", ")
	}
	return fmt.Sprintf("The organization's subscription is on plan %s, which is not in its plan list. %s. "+
		"Without the plan's quotas nothing can be measured, so nothing was written to state. Check the plan "+
		"with `turso plan show`, and report this if it persists.", plan, exist)
}

// findPlan returns the quotas of the named plan, or an error naming it and the plans that exist.
func findPlan(plans []turso.Plan, name, sent string) (turso.PlanQuotas, error) {
	available := make([]string, 0, len(plans))
	for _, p := range plans {
		if p.Name == name {
			return p.Quotas, nil
		}
		available = append(available, p.Name)
	}
	return turso.PlanQuotas{}, &unknownPlanError{plan: name, sent: sent, available: available}
}

// quotaMetric measures used against quota and forecasts it with project; a quota that is 0 or null
// is unlimited, and a usage the API omitted leaves everything that depends on it null.
func quotaMetric(used, quota turso.Counter, project func(used, limit uint64) forecast.Forecast) quotaMetricModel {
	u, usedOK := used.Int64()
	m := quotaMetricModel{
		Used:             types.Int64Null(),
		Limit:            types.Int64Null(),
		Unlimited:        types.BoolValue(true),
		Remaining:        types.Int64Null(),
		PercentUsed:      types.Float64Null(),
		Exceeded:         types.BoolValue(false),
		Projected:        types.NumberNull(),
		ProjectedPercent: types.Float64Null(),
		WillExceed:       types.BoolValue(false),
		ExhaustedAt:      types.StringNull(),
		Overage:          types.Int64Value(0),
	}
	limit, limited := quota.Int64()
	limited = limited && limit != 0
	if limited {
		m.Limit = types.Int64Value(limit)
		m.Unlimited = types.BoolValue(false)
	}
	if !usedOK {
		if limited {
			m.Exceeded, m.WillExceed, m.Overage = types.BoolNull(), types.BoolNull(), types.Int64Null()
		}
		return m
	}
	m.Used = types.Int64Value(u)
	// Counters hold no negative value, so the conversions are exact; an unlimited quota is 0.
	var lim uint64
	if limited {
		lim = uint64(limit)
	}
	f := project(uint64(u), lim)
	m.Projected = types.NumberValue(new(big.Float).SetInt(f.Projected))
	m.WillExceed = types.BoolValue(f.WillExceed)
	if !limited {
		return m
	}
	// Both are in [0, MaxInt64], so the difference cannot overflow.
	m.Remaining = types.Int64Value(max(limit-u, 0))
	m.PercentUsed = types.Float64Value(percentOf(u, limit))
	m.Exceeded = types.BoolValue(u > limit)
	m.ProjectedPercent = types.Float64PointerValue(f.ProjectedPercent)
	m.ExhaustedAt = timeValue(f.ExhaustedAt)
	m.Overage = types.Int64Value(int64(forecast.Overage(uint64(u), lim)))
	return m
}

// timeValue is t in RFC 3339 UTC, or null.
func timeValue(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// percentOf is the float64 nearest to used / limit * 100, computed exactly: float64 division of
// counters above 2^53 would round them first. limit must be positive.
func percentOf(used, limit int64) float64 {
	r := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(used), big.NewInt(100)), big.NewInt(limit))
	f, _ := r.Float64()
	return f
}
