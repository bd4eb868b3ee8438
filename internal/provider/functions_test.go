package provider

import (
	"context"
	"math"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/tfcli"
)

func TestCountArgument(t *testing.T) {
	n := func(s string) *big.Float {
		f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tc := range []struct {
		in   *big.Float
		want uint64
		err  string
	}{
		{n("0"), 0, ""},
		{n("184523901"), 184523901, ""},
		{n("9223372036854775807"), math.MaxInt64, ""},
		{n("9223372036854775808"), 0, `"used" must be a whole number from 0 to 9223372036854775807, got 9223372036854775808`},
		{n("-1"), 0, `"used" must be a whole number from 0 to 9223372036854775807, got -1`},
		{n("0.5"), 0, `"used" must be a whole number from 0 to 9223372036854775807, got 0.5`},
		{n("1e30"), 0, "got 1e+30"},
		{new(big.Float).SetInf(false), 0, "got +Inf"},
		{nil, 0, "got null"},
	} {
		got, err := countArgument("used", tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("countArgument(%s) = %d, %v, want %d", numberText(tc.in), got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("countArgument(%s): error %v, want one containing %q", numberText(tc.in), err, tc.err)
		}
	}
}

func TestInstantArgument(t *testing.T) {
	for in, want := range map[string]string{
		"2026-11-10T12:00:00Z":            "2026-11-10T12:00:00Z",
		"2027-01-01T01:30:00+02:00":       "2026-12-31T23:30:00Z",
		"2026-02-28T23:59:59.999999999Z":  "2026-02-28T23:59:59.999999999Z",
		"2026-11-10":                      "",
		"2026-11-10 12:00:00Z":            "",
		"2026-02-30T00:00:00Z":            "",
		"":                                "",
		"2026-11-10T12:00:00Z and more ₸": "",
	} {
		got, err := instantArgument("at", in)
		if want == "" {
			if err == nil || !strings.HasPrefix(err.Error(), `"at" must be an RFC 3339 time`) {
				t.Errorf("%q: error %v, want it refused naming \"at\"", in, err)
			}
			continue
		}
		if err != nil || got.UTC().Format("2006-01-02T15:04:05.999999999Z07:00") != want {
			t.Errorf("%q: %v, %v, want %s", in, got, err, want)
		}
	}
}

// runFunction calls a function as the framework would, with no Terraform in between.
func runFunction(t *testing.T, f function.Function, args ...attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	result, ferr := def.Definition.Return.NewResultData(ctx)
	if ferr != nil {
		t.Fatal(ferr)
	}
	resp := function.RunResponse{Result: result}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
	return resp.Result.Value(), resp.Error
}

// TestFunctions_errorsNameTheArgument: each refused argument is reported at its own position.
func TestFunctions_errorsNameTheArgument(t *testing.T) {
	num := func(f float64) types.Number { return types.NumberValue(big.NewFloat(f)) }
	at := types.StringValue("2026-11-10T12:00:00Z")
	for name, tc := range map[string]struct {
		f        function.Function
		args     []attr.Value
		position int64
		text     string
	}{
		"a fraction as used":    {NewForecastFunction(), []attr.Value{num(1.5), num(10), at}, 0, `"used" must be a whole number`},
		"a negative used":       {NewForecastFunction(), []attr.Value{num(-1), num(10), at}, 0, `"used" must be a whole number`},
		"a negative limit":      {NewForecastFunction(), []attr.Value{num(1), num(-10), at}, 1, `"limit" must be a whole number`},
		"a date as at":          {NewForecastFunction(), []attr.Value{num(1), num(10), types.StringValue("2026-11-10")}, 2, `"at" must be an RFC 3339 time`},
		"a date as timestamp":   {NewBillingPeriodFunction(), []attr.Value{types.StringValue("10 Nov 2026")}, 0, `"timestamp" must be an RFC 3339 time`},
		"used past int64 range": {NewForecastFunction(), []attr.Value{num(1e19), types.NumberNull(), at}, 0, `"used" must be a whole number`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := runFunction(t, tc.f, tc.args...)
			if err == nil || err.FunctionArgument == nil || *err.FunctionArgument != tc.position || !strings.Contains(err.Text, tc.text) {
				t.Errorf("error %v, want argument %d refused with %q", err, tc.position, tc.text)
			}
		})
	}
}

func TestForecastFunction_nullLimitIsUnlimited(t *testing.T) {
	got, err := runFunction(t, NewForecastFunction(), types.NumberValue(big.NewFloat(100)), types.NumberNull(), types.StringValue("2026-02-08T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	want := types.ObjectValueMust(forecastType, map[string]attr.Value{
		"projected": types.NumberValue(big.NewFloat(400)), "projected_percent": types.NumberNull(),
		"will_exceed": types.BoolValue(false), "exhausted_at": types.StringNull(),
	})
	if !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
}

// skipWithoutFunctions skips a Terraform run that calls the provider's functions on a CLI too old
// for them; without TF_ACC, resource.Test skips on its own.
func skipWithoutFunctions(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		return
	}
	if reason := testCLI.Lacks(tfcli.ProviderFunctions); reason != "" {
		t.Skip(reason)
	}
}

func bigNumber(t *testing.T, s string) *big.Float {
	t.Helper()
	n, _, err := big.ParseFloat(s, 10, 0, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// functionsRequired declares the provider under the local name the function calls use, as the CLIs
// want for provider functions, on the namespace terraform-plugin-testing serves it under.
const functionsRequired = `
terraform {
  required_providers {
    turso = {
      source = "hashicorp/turso"
    }
  }
}
`

// functionsConfig calls both functions, on literals and on a quota read: the forecast of each counter
// from the quota's own used, limit and as_of must be the quota's.
const functionsConfig = functionsRequired + `
data "turso_organization_quota" "this" {}

locals {
  quota = data.turso_organization_quota.this
}

output "period_across_the_year" {
  value = provider::turso::billing_period("2027-01-01T01:30:00+02:00")
}

output "period_leap_day" {
  value = provider::turso::billing_period("2028-02-29T12:00:00Z")
}

output "period_of_the_quota" {
  value = provider::turso::billing_period(local.quota.as_of)
}

output "forecast_int64_maximum" {
  value = provider::turso::forecast(9223372036854775807, 1, "2026-02-28T23:59:59.999999999Z")
}

output "forecast_unlimited" {
  value = provider::turso::forecast(100, null, "2026-02-08T00:00:00Z")
}

output "forecast_first_instant" {
  value = provider::turso::forecast(5, 3, "2026-02-01T00:00:00Z")
}

output "counters_match_the_quota" {
  value = alltrue([
    for m in ["rows_read", "rows_written", "bytes_synced"] :
    provider::turso::forecast(local.quota[m].used, local.quota[m].limit, local.quota.as_of) == {
      projected         = local.quota[m].projected
      projected_percent = local.quota[m].projected_percent
      will_exceed       = local.quota[m].will_exceed
      exhausted_at      = local.quota[m].exhausted_at
    }
  ])
}

output "rows_written" {
  value = provider::turso::forecast(local.quota.rows_written.used, local.quota.rows_written.limit, local.quota.as_of)
}
`

func period(from, to string, elapsed float64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"from": knownvalue.StringExact(from), "to": knownvalue.StringExact(to), "elapsed_fraction": knownvalue.Float64Exact(elapsed),
	})
}

func TestAccFunctions(t *testing.T) {
	skipWithoutFunctions(t)
	fake, url := fakeAPI(t)
	output := statecheck.ExpectKnownOutputValue
	resource.ParallelTest(t, resource.TestCase{
		// The blocked organization's rows written are heading over, and are already.
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgBlocked) + functionsConfig,
			ConfigStateChecks: []statecheck.StateCheck{
				output("period_across_the_year", period("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 743.5/744)),
				output("period_leap_day", period("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", 28.5/29)),
				output("period_of_the_quota", period("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", 0.31666666666666665)),
				output("forecast_int64_maximum", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"projected":         knownvalue.NumberExact(bigNumber(t, "9223372036854779619")),
					"projected_percent": knownvalue.Float64Exact(922337203685477961900),
					"will_exceed":       knownvalue.Bool(true),
					"exhausted_at":      knownvalue.StringExact("2026-02-01T00:00:00Z"),
				})),
				output("forecast_unlimited", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"projected": knownvalue.Int64Exact(400), "projected_percent": knownvalue.Null(),
					"will_exceed": knownvalue.Bool(false), "exhausted_at": knownvalue.Null(),
				})),
				output("forecast_first_instant", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"projected": knownvalue.Int64Exact(5), "projected_percent": knownvalue.Float64Exact(500.0 / 3),
					"will_exceed": knownvalue.Bool(true), "exhausted_at": knownvalue.StringExact("2026-02-01T00:00:00Z"),
				})),
				output("counters_match_the_quota", knownvalue.Bool(true)),
				// 31250000 rows written of 25000000 by testNow, 9.5 days into November.
				output("rows_written", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"projected": knownvalue.Int64Exact(98684210), "projected_percent": knownvalue.Float64Exact(394.73684),
					"will_exceed": knownvalue.Bool(true), "exhausted_at": knownvalue.StringExact("2026-11-08T14:24:00Z"),
				})),
			},
		}},
	})
	expectOnlyQuotaRequests(t, fake, faketurso.OrgBlocked)
}

func TestAccFunctions_refusedArguments(t *testing.T) {
	skipWithoutFunctions(t)
	// OpenTofu calls a function on a configured provider, so the provider is configured as for a read.
	_, url := fakeAPI(t)
	call := func(expr string) string {
		return functionsRequired + providerBlock(url, faketurso.OrgDemo) + "output \"x\" {\n  value = " + expr + "\n}\n"
	}
	steps := []resource.TestStep{}
	for _, tc := range []struct{ expr, want string }{
		{`provider::turso::forecast(1.5, 10, "2026-11-10T12:00:00Z")`, `"used" must be a whole number from 0 to 9223372036854775807, got 1.5`},
		{`provider::turso::forecast(-1, 10, "2026-11-10T12:00:00Z")`, `"used" must be a whole number from 0 to 9223372036854775807, got -1`},
		{`provider::turso::forecast(1, 10.25, "2026-11-10T12:00:00Z")`, `"limit" must be a whole number`},
		{`provider::turso::forecast(1, 10, "yesterday")`, `"at" must be an RFC 3339 time such as 2026-11-10T12:00:00Z, got "yesterday"`},
		{`provider::turso::billing_period("2026-11-10")`, `"timestamp" must be an RFC 3339 time`},
	} {
		steps = append(steps, resource.TestStep{Config: call(tc.expr), ExpectError: errorPattern(tc.want)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(testClientOptions), Steps: steps})
}
