package provider

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// organizationQuotaModel is the state of turso_organization_quota.
type organizationQuotaModel struct {
	Organization  types.String     `tfsdk:"organization"`
	Plan          types.String     `tfsdk:"plan"`
	Timeline      types.String     `tfsdk:"timeline"`
	Overages      types.Bool       `tfsdk:"overages"`
	BlockedReads  types.Bool       `tfsdk:"blocked_reads"`
	BlockedWrites types.Bool       `tfsdk:"blocked_writes"`
	ResetsAt      types.String     `tfsdk:"resets_at"`
	RowsRead      quotaMetricModel `tfsdk:"rows_read"`
	RowsWritten   quotaMetricModel `tfsdk:"rows_written"`
	StorageBytes  quotaMetricModel `tfsdk:"storage_bytes"`
	BytesSynced   quotaMetricModel `tfsdk:"bytes_synced"`
	Databases     quotaMetricModel `tfsdk:"databases"`
	Locations     quotaMetricModel `tfsdk:"locations"`
	Groups        quotaMetricModel `tfsdk:"groups"`
}

// quotaMetricModel is one metric measured against its quota.
type quotaMetricModel struct {
	Used        types.Int64   `tfsdk:"used"`
	Limit       types.Int64   `tfsdk:"limit"`
	Unlimited   types.Bool    `tfsdk:"unlimited"`
	Remaining   types.Int64   `tfsdk:"remaining"`
	PercentUsed types.Float64 `tfsdk:"percent_used"`
	Exceeded    types.Bool    `tfsdk:"exceeded"`
}

// quotaSources are the four responses one quota read combines.
type quotaSources struct {
	usage        *turso.OrganizationUsage
	subscription *turso.Subscription
	plans        []turso.Plan
	organization *turso.Organization
}

// organizationQuotaState measures the organization's usage against its plan's quotas, as read at now.
func organizationQuotaState(slug string, src quotaSources, now time.Time) (organizationQuotaModel, error) {
	name := planName(src.subscription.Plan)
	quotas, err := findPlan(src.plans, name, src.subscription.Plan)
	if err != nil {
		return organizationQuotaModel{}, err
	}
	used := src.usage.Usage
	return organizationQuotaModel{
		Organization:  types.StringValue(slug),
		Plan:          types.StringValue(name),
		Timeline:      types.StringPointerValue(src.subscription.Timeline),
		Overages:      types.BoolPointerValue(src.subscription.Overages),
		BlockedReads:  types.BoolPointerValue(src.organization.BlockedReads),
		BlockedWrites: types.BoolPointerValue(src.organization.BlockedWrites),
		ResetsAt:      types.StringValue(quotaResetsAt(now).Format(time.RFC3339)),
		RowsRead:      quotaMetric(used.RowsRead, quotas.RowsRead),
		RowsWritten:   quotaMetric(used.RowsWritten, quotas.RowsWritten),
		StorageBytes:  quotaMetric(used.StorageBytes, quotas.Storage),
		BytesSynced:   quotaMetric(used.BytesSynced, quotas.BytesSynced),
		Databases:     quotaMetric(used.Databases, quotas.Databases),
		Locations:     quotaMetric(used.Locations, quotas.Locations),
		Groups:        quotaMetric(used.Groups, quotas.Groups),
	}, nil
}

// quotaResetsAt is when the counted metrics start again: quotas reset at 00:00 UTC on the first day
// of each month.
func quotaResetsAt(now time.Time) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
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

// quotaMetric measures used against quota; a quota that is 0 or null is unlimited, and a usage
// the API omitted leaves everything that depends on it null.
func quotaMetric(used, quota turso.Counter) quotaMetricModel {
	u, usedOK := used.Int64()
	m := quotaMetricModel{
		Used:        types.Int64Null(),
		Limit:       types.Int64Null(),
		Unlimited:   types.BoolValue(true),
		Remaining:   types.Int64Null(),
		PercentUsed: types.Float64Null(),
		Exceeded:    types.BoolValue(false),
	}
	if usedOK {
		m.Used = types.Int64Value(u)
	}
	limit, ok := quota.Int64()
	if !ok || limit == 0 {
		return m
	}
	m.Limit = types.Int64Value(limit)
	m.Unlimited = types.BoolValue(false)
	if !usedOK {
		m.Exceeded = types.BoolNull()
		return m
	}
	// Both are in [0, MaxInt64], so the difference cannot overflow.
	m.Remaining = types.Int64Value(max(limit-u, 0))
	m.PercentUsed = types.Float64Value(percentOf(u, limit))
	m.Exceeded = types.BoolValue(u > limit)
	return m
}

// percentOf is the float64 nearest to used / limit * 100, computed exactly: float64 division of
// counters above 2^53 would round them first. limit must be positive.
func percentOf(used, limit int64) float64 {
	r := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(used), big.NewInt(100)), big.NewInt(limit))
	f, _ := r.Float64()
	return f
}
