package provider

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/forecast"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func TestPlanName(t *testing.T) {
	for in, want := range map[string]string{
		"scaler":                "scaler",
		"scaler_overages":       "scaler",
		"pro_overages_overages": "pro_overages", // only one suffix is the API's
		"overages":              "overages",
		"starter_overage":       "starter_overage",
	} {
		if got := planName(in); got != want {
			t.Errorf("planName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindPlan(t *testing.T) {
	plans := []turso.Plan{
		{Name: "starter", Quotas: turso.PlanQuotas{Groups: turso.NewCounter(1)}},
		{Name: "scaler", Quotas: turso.PlanQuotas{Groups: turso.NewCounter(3)}},
	}
	q, err := findPlan(plans, "scaler", "scaler_overages")
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := q.Groups.Int64(); g != 3 {
		t.Errorf("found the wrong plan: groups = %d", g)
	}

	_, err = findPlan(plans, "hobby", "hobby_overages")
	var unknown *unknownPlanError
	if !errors.As(err, &unknown) {
		t.Fatalf("err = %v, want *unknownPlanError", err)
	}
	for _, want := range []string{`plan "hobby" (sent as "hobby_overages")`, `The plans that exist are "starter", "scaler".`, "turso plan show"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}

	_, err = findPlan(plans, "Starter", "Starter")
	if err == nil || strings.Contains(err.Error(), "sent as") || !strings.Contains(err.Error(), `plan "Starter", which`) {
		t.Errorf("plan names match exactly; err = %v", err)
	}
	if _, err := findPlan(nil, "starter", "starter"); err == nil || !strings.Contains(err.Error(), "The plan list is empty.") {
		t.Errorf("empty plan list: err = %v", err)
	}
}

func TestPercentOf(t *testing.T) {
	// Expected values are the float64 nearest the exact ratio, computed independently with rational
	// arithmetic; plain float64 division gives a different last digit for several of them.
	for _, tc := range []struct {
		used, limit int64
		want        float64
	}{
		{0, 1, 0},
		{3, 6, 50},
		{1, 3, 33.333333333333336},
		{2, 3, 66.66666666666667},             // float64 2.0/3*100 is 66.66666666666666
		{1250411, 100000000, 1.250411},        // float64 division gives 1.2504110000000002
		{9663676416, 9000000000, 107.3741824}, // float64 division gives 107.37418240000001
		{1<<53 + 1, 3, 3.002399751580331e+17}, // float64(2^53+1) would already be rounded
		{math.MaxInt64, 1, 9.223372036854776e+20},
		{1, math.MaxInt64, 1.0842021724855044e-17},
		{math.MaxInt64 - 1, math.MaxInt64, 100},
		{math.MaxInt64, 24000000000, 38430716820.22823},
	} {
		if got := percentOf(tc.used, tc.limit); got != tc.want {
			t.Errorf("percentOf(%d, %d) = %v, want %v", tc.used, tc.limit, got, tc.want)
		}
	}
}

func metric(used, limit, remaining types.Int64, unlimited bool, percent types.Float64, exceeded types.Bool) quotaMetricModel {
	return quotaMetricModel{Used: used, Limit: limit, Unlimited: types.BoolValue(unlimited), Remaining: remaining, PercentUsed: percent, Exceeded: exceeded}
}

// projected is a metric's forecast: exhaustedAt "" is null, and so is a projected of "".
func (m quotaMetricModel) projected(projected string, percent types.Float64, willExceed types.Bool, exhaustedAt string, overage types.Int64) quotaMetricModel {
	m.Projected = types.NumberNull()
	if projected != "" {
		n, _, err := big.ParseFloat(projected, 10, 0, big.ToNearestEven)
		if err != nil {
			panic(err)
		}
		m.Projected = types.NumberValue(n)
	}
	m.ProjectedPercent, m.WillExceed, m.Overage = percent, willExceed, overage
	m.ExhaustedAt = types.StringNull()
	if exhaustedAt != "" {
		m.ExhaustedAt = types.StringValue(exhaustedAt)
	}
	return m
}

// level is the forecast of a level: projected as it stands, never exhausted.
func (m quotaMetricModel) level(overage types.Int64) quotaMetricModel {
	projected := ""
	if !m.Used.IsNull() {
		projected = fmt.Sprint(m.Used.ValueInt64())
	}
	return m.projected(projected, m.PercentUsed, m.Exceeded, "", overage)
}

// sameModel compares two models field by field with the values' Equal (a Float64 value holds a
// pointer), recursing into nested models, so that a field added to a model is compared too.
func sameModel(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		fa, fb := va.Field(i).Interface(), vb.Field(i).Interface()
		if v, ok := fa.(attr.Value); ok {
			if !v.Equal(fb.(attr.Value)) {
				return false
			}
		} else if !sameModel(fa, fb) {
			return false
		}
	}
	return true
}

func TestQuotaMetric(t *testing.T) {
	i, f, b := types.Int64Value, types.Float64Value, types.BoolValue
	nullInt, nullFloat := types.Int64Null(), types.Float64Null()
	absent := turso.Counter{}
	c := turso.NewCounter
	for name, tc := range map[string]struct {
		used, quota turso.Counter
		want        quotaMetricModel
	}{
		"under":                        {c(25), c(100), metric(i(25), i(100), i(75), false, f(25), b(false)).level(i(0))},
		"at the limit is not exceeded": {c(100), c(100), metric(i(100), i(100), i(0), false, f(100), b(false)).level(i(0))},
		"over":                         {c(150), c(100), metric(i(150), i(100), i(0), false, f(150), b(true)).level(i(50))},
		"quota 0 is unlimited":         {c(7), c(0), metric(i(7), nullInt, nullInt, true, nullFloat, b(false)).level(i(0))},
		"quota null is unlimited":      {c(7), absent, metric(i(7), nullInt, nullInt, true, nullFloat, b(false)).level(i(0))},
		"usage omitted":                {absent, c(10), metric(nullInt, i(10), nullInt, false, nullFloat, types.BoolNull()).level(nullInt)},
		"usage omitted, unlimited":     {absent, c(0), metric(nullInt, nullInt, nullInt, true, nullFloat, b(false)).level(i(0))},
		"nothing used of the most":     {c(0), c(math.MaxInt64), metric(i(0), i(math.MaxInt64), i(math.MaxInt64), false, f(0), b(false)).level(i(0))},
		"the most used of the least":   {c(math.MaxInt64), c(1), metric(i(math.MaxInt64), i(1), i(0), false, f(9.223372036854776e+20), b(true)).level(i(math.MaxInt64 - 1))},
		"the most of the most":         {c(math.MaxInt64), c(math.MaxInt64), metric(i(math.MaxInt64), i(math.MaxInt64), i(0), false, f(100), b(false)).level(i(0))},
	} {
		t.Run(name, func(t *testing.T) {
			if got := quotaMetric(tc.used, tc.quota, forecast.Level); !sameModel(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// quotaFixtureSources decodes an organization's fixtures, as the client would receive them.
func quotaFixtureSources(t *testing.T, slug string) quotaSources {
	t.Helper()
	usage, err := turso.DecodeOrganizationUsage(bytes.NewReader(faketurso.Fixture("usage_"+slug+".json")), false)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := turso.DecodeSubscription(bytes.NewReader(faketurso.Fixture("subscription_" + slug + ".json")))
	if err != nil {
		t.Fatal(err)
	}
	plans, err := turso.DecodePlans(bytes.NewReader(faketurso.Fixture("plans.json")))
	if err != nil {
		t.Fatal(err)
	}
	org, err := turso.DecodeOrganization(bytes.NewReader(faketurso.Fixture("organization_" + slug + ".json")))
	if err != nil {
		t.Fatal(err)
	}
	return quotaSources{usage: usage, subscription: sub, plans: plans, organization: org}
}

// TestQuotaMetric_counter: a counter is extrapolated to the end of the cycle; the values are worked
// out independently with exact rational arithmetic.
func TestQuotaMetric_counter(t *testing.T) {
	i, f, b := types.Int64Value, types.Float64Value, types.BoolValue
	nullInt, nullFloat := types.Int64Null(), types.Float64Null()
	c := turso.NewCounter
	// A quarter into February 2026.
	counter := func(used, limit uint64) forecast.Forecast {
		return forecast.Counter(used, limit, time.Date(2026, 2, 8, 0, 0, 0, 0, time.UTC))
	}
	for name, tc := range map[string]struct {
		used, quota turso.Counter
		want        quotaMetricModel
	}{
		"on track": {c(100), c(1000), metric(i(100), i(1000), i(900), false, f(10), b(false)).projected("400", f(40), b(false), "", i(0))},
		"heading over": {c(300), c(1000), metric(i(300), i(1000), i(700), false, f(30), b(false)).
			projected("1200", f(120), b(true), "2026-02-24T08:00:00Z", i(0))},
		"already over": {c(2000), c(1000), metric(i(2000), i(1000), i(0), false, f(200), b(true)).
			projected("8000", f(800), b(true), "2026-02-04T12:00:00Z", i(1000))},
		"unlimited": {c(100), c(0), metric(i(100), nullInt, nullInt, true, nullFloat, b(false)).projected("400", nullFloat, b(false), "", i(0))},
		"usage omitted": {turso.Counter{}, c(10), metric(nullInt, i(10), nullInt, false, nullFloat, types.BoolNull()).
			projected("", nullFloat, types.BoolNull(), "", nullInt)},
		"past 64 bits": {c(math.MaxInt64), c(1), metric(i(math.MaxInt64), i(1), i(0), false, f(9.223372036854776e+20), b(true)).
			projected("36893488147419103228", f(3.6893488147419103e+21), b(true), "2026-02-01T00:00:00Z", i(math.MaxInt64-1))},
	} {
		t.Run(name, func(t *testing.T) {
			if got := quotaMetric(tc.used, tc.quota, counter); !sameModel(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestOrganizationQuotaState_fixtures(t *testing.T) {
	i, f, b, s := types.Int64Value, types.Float64Value, types.BoolValue, types.StringValue
	nullInt, nullFloat := types.Int64Null(), types.Float64Null()
	// At 2026-11-23T11:15:00Z, 1941300 of November's 2592000 seconds are past.
	const elapsed = 0.7489583333333333
	for _, tc := range []struct {
		slug string
		want organizationQuotaModel
	}{{
		slug: faketurso.OrgBlocked,
		want: organizationQuotaModel{
			Organization: s("blocked"), Plan: s("starter"), Timeline: s("monthly"), Overages: b(false),
			BlockedReads: b(false), BlockedWrites: b(true),
			AsOf: s("2026-11-23T11:15:00Z"), CycleStartedAt: s("2026-11-01T00:00:00Z"), ResetsAt: s("2026-12-01T00:00:00Z"), ElapsedFraction: f(elapsed),
			RowsRead: metric(i(750000000), i(1000000000), i(250000000), false, f(75), b(false)).
				projected("1001390820", f(100.139082), b(true), "2026-11-30T23:00:00Z", i(0)),
			RowsWritten: metric(i(31250000), i(25000000), i(0), false, f(125), b(true)).
				projected("41724617", f(166.898468), b(true), "2026-11-18T23:24:00Z", i(6250000)),
			StorageBytes: metric(i(9663676416), i(9000000000), i(0), false, f(107.3741824), b(true)).level(i(663676416)),
			BytesSynced:  metric(i(0), i(3000000000), i(3000000000), false, f(0), b(false)).projected("0", f(0), b(false), "", i(0)),
			Databases:    metric(i(12), i(500), i(488), false, f(2.4), b(false)).level(i(0)),
			Locations:    metric(i(2), i(3), i(1), false, f(66.66666666666667), b(false)).level(i(0)),
			Groups:       metric(i(1), i(1), i(0), false, f(100), b(false)).level(i(0)),
		},
	}, {
		slug: faketurso.OrgPro,
		want: organizationQuotaModel{
			Organization: s("pro"), Plan: s("pro"), Timeline: s("yearly"), Overages: b(true),
			BlockedReads: b(false), BlockedWrites: b(false),
			AsOf: s("2026-11-23T11:15:00Z"), CycleStartedAt: s("2026-11-01T00:00:00Z"), ResetsAt: s("2026-12-01T00:00:00Z"), ElapsedFraction: f(elapsed),
			RowsRead: metric(i(31000000000), i(250000000000), i(219000000000), false, f(12.4), b(false)).
				projected("41390820584", f(16.5563282336), b(false), "", i(0)),
			RowsWritten: metric(i(260000000), i(250000000), i(0), false, f(104), b(true)).
				projected("347148817", f(138.8595268), b(true), "2026-11-22T14:30:34Z", i(10000000)),
			StorageBytes: metric(i(12500000000), i(50000000000), i(37500000000), false, f(25), b(false)).level(i(0)),
			BytesSynced:  metric(i(0), i(100000000000), i(100000000000), false, f(0), b(false)).projected("0", f(0), b(false), "", i(0)),
			Databases:    metric(i(1200), nullInt, nullInt, true, nullFloat, b(false)).level(i(0)),
			Locations:    metric(i(8), nullInt, nullInt, true, nullFloat, b(false)).level(i(0)),
			Groups:       metric(i(4), nullInt, nullInt, true, nullFloat, b(false)).level(i(0)),
		},
	}} {
		t.Run(tc.slug, func(t *testing.T) {
			got, err := organizationQuotaState(tc.slug, quotaFixtureSources(t, tc.slug), time.Date(2026, 11, 23, 11, 15, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if !sameModel(got, tc.want) {
				t.Errorf("\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestOrganizationQuotaState_absentFlagsAreNull(t *testing.T) {
	src := quotaFixtureSources(t, faketurso.OrgDemo)
	src.subscription = &turso.Subscription{Plan: "scaler"}
	src.organization = &turso.Organization{}
	got, err := organizationQuotaState("demo", src, time.Date(2026, 11, 23, 11, 15, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Timeline.IsNull() || !got.Overages.IsNull() || !got.BlockedReads.IsNull() || !got.BlockedWrites.IsNull() {
		t.Errorf("absent values became %v %v %v %v, want null", got.Timeline, got.Overages, got.BlockedReads, got.BlockedWrites)
	}
}

func TestOrganizationQuotaState_unknownPlan(t *testing.T) {
	src := quotaFixtureSources(t, faketurso.OrgDemo)
	src.subscription = &turso.Subscription{Plan: "hobby_overages"}
	_, err := organizationQuotaState("demo", src, time.Date(2026, 11, 23, 11, 15, 0, 0, time.UTC))
	want := `plan "hobby" (sent as "hobby_overages"), which is not in its plan list. The plans that exist are "starter", "scaler", "pro", "enterprise".`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want it to contain %q", err, want)
	}
}
