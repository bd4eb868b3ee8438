package provider

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/forecast"
)

var (
	_ function.Function = (*billingPeriodFunction)(nil)
	_ function.Function = (*forecastFunction)(nil)
)

// The provider's functions are pure: they read no clock and send no request, and share the
// arithmetic of turso_organization_quota's forecast (package forecast).

type billingPeriodFunction struct{}

// NewBillingPeriodFunction returns provider::turso::billing_period.
func NewBillingPeriodFunction() function.Function { return billingPeriodFunction{} }

func (billingPeriodFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "billing_period"
}

var billingPeriodType = map[string]attr.Type{"from": types.StringType, "to": types.StringType, "elapsed_fraction": types.NumberType}

func (billingPeriodFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The Turso billing cycle that holds an instant",
		MarkdownDescription: "Returns the UTC calendar month that holds `timestamp`, the cycle Turso meters every plan " +
			"by (a yearly plan too): `from` is 00:00 UTC on its first day and `to` on the first day of the next month, " +
			"both in RFC 3339, and `elapsed_fraction` is the part of the month before `timestamp`, from 0 to 1. Pass " +
			"`plantimestamp()` for the current cycle, and `from` and `to` to `turso_database_usage`. Needs Terraform " +
			"1.8 or later, or OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "timestamp",
				MarkdownDescription: "An RFC 3339 time, for example `2026-11-10T12:00:00Z`, with any offset: it is converted to UTC first.",
			},
		},
		Return: function.ObjectReturn{AttributeTypes: billingPeriodType},
	}
}

func (billingPeriodFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var timestamp string
	resp.Error = req.Arguments.Get(ctx, &timestamp)
	if resp.Error != nil {
		return
	}
	at, err := instantArgument("timestamp", timestamp)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	p := forecast.PeriodOf(at)
	resp.Error = resp.Result.Set(ctx, types.ObjectValueMust(billingPeriodType, map[string]attr.Value{
		"from":             types.StringValue(p.From.Format(time.RFC3339)),
		"to":               types.StringValue(p.To.Format(time.RFC3339)),
		"elapsed_fraction": types.NumberValue(big.NewFloat(p.ElapsedFraction(at))),
	}))
}

type forecastFunction struct{}

// NewForecastFunction returns provider::turso::forecast.
func NewForecastFunction() function.Function { return forecastFunction{} }

func (forecastFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "forecast"
}

var forecastType = map[string]attr.Type{
	"projected": types.NumberType, "projected_percent": types.NumberType, "will_exceed": types.BoolType, "exhausted_at": types.StringType,
}

func (forecastFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "A counter's usage forecast to the end of its Turso billing cycle",
		MarkdownDescription: "Extrapolates a counter (rows read, rows written, bytes synced) used so far in the billing " +
			"cycle that holds `at` to the end of that cycle, with `turso_organization_quota`'s arithmetic: given a " +
			"metric's `used` and `limit` and the quota's `as_of`, it returns that metric's forecast. `projected` is " +
			"`floor(used × cycle length / elapsed)`, exact, and `used` at the cycle's first instant; " +
			"`projected_percent` is `projected / limit * 100`, null when unlimited; `will_exceed` is `projected > " +
			"limit`; `exhausted_at` is when the limit is reached at the average rate so far (`cycle start + elapsed " +
			"× limit / used`, floored to the second, RFC 3339 UTC), null when unlimited, when `used` is 0, or when it " +
			"falls on or after the cycle's end. Needs Terraform 1.8 or later, or OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.NumberParameter{
				Name:                "used",
				MarkdownDescription: "The amount used so far in the cycle: a whole number from 0 to 9223372036854775807.",
			},
			function.NumberParameter{
				Name:                "limit",
				AllowNullValue:      true,
				MarkdownDescription: "The quota: a whole number from 0 to 9223372036854775807; 0 or null means unlimited.",
			},
			function.StringParameter{
				Name:                "at",
				MarkdownDescription: "The instant to forecast from, in RFC 3339 with any offset, such as the quota's `as_of` or `plantimestamp()`.",
			},
		},
		Return: function.ObjectReturn{AttributeTypes: forecastType},
	}
}

func (forecastFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var used, limit *big.Float
	var at string
	resp.Error = req.Arguments.Get(ctx, &used, &limit, &at)
	if resp.Error != nil {
		return
	}
	u, err := countArgument("used", used)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	var l uint64
	if limit != nil {
		if l, err = countArgument("limit", limit); err != nil {
			resp.Error = function.NewArgumentFuncError(1, err.Error())
			return
		}
	}
	instant, err := instantArgument("at", at)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(2, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, forecastValue(forecast.Counter(u, l, instant)))
}

// forecastValue is the forecast function's result.
func forecastValue(f forecast.Forecast) types.Object {
	percent := types.NumberNull()
	if f.ProjectedPercent != nil {
		percent = types.NumberValue(big.NewFloat(*f.ProjectedPercent))
	}
	return types.ObjectValueMust(forecastType, map[string]attr.Value{
		"projected":         types.NumberValue(new(big.Float).SetInt(f.Projected)),
		"projected_percent": percent,
		"will_exceed":       types.BoolValue(f.WillExceed),
		"exhausted_at":      timeValue(f.ExhaustedAt),
	})
}

var maxCount = new(big.Float).SetInt64(math.MaxInt64)

// countArgument is a usage or quota passed to a function: a whole number from 0 to the largest the
// data sources hold.
func countArgument(name string, n *big.Float) (uint64, error) {
	if n == nil || n.IsInf() || !n.IsInt() || n.Sign() < 0 || n.Cmp(maxCount) > 0 {
		return 0, fmt.Errorf("%q must be a whole number from 0 to %d, got %s", name, int64(math.MaxInt64), numberText(n))
	}
	v, _ := n.Uint64()
	return v, nil
}

func numberText(n *big.Float) string {
	if n == nil {
		return "null"
	}
	return n.Text('g', 20)
}

// instantArgument is a time passed to a function, in RFC 3339 with any offset.
func instantArgument(name, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q must be an RFC 3339 time such as 2026-11-10T12:00:00Z, got %.64q", name, s)
	}
	return t, nil
}
