package provider

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"net"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

const quotaAddr = "data.turso_organization_quota.this"

// quotaMetricCheck expects one metric of a plan that sets a limit for it; its forecast is checked
// apart (quotaForecastCheck).
func quotaMetricCheck(used, limit, remaining int64, percent float64, exceeded bool) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"used":         knownvalue.Int64Exact(used),
		"limit":        knownvalue.Int64Exact(limit),
		"unlimited":    knownvalue.Bool(false),
		"remaining":    knownvalue.Int64Exact(remaining),
		"percent_used": knownvalue.Float64Exact(percent),
		"exceeded":     knownvalue.Bool(exceeded),
	})
}

// quotaUnlimitedCheck expects one metric of a plan that sets no limit for it.
func quotaUnlimitedCheck(used int64) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"used":         knownvalue.Int64Exact(used),
		"limit":        knownvalue.Null(),
		"unlimited":    knownvalue.Bool(true),
		"remaining":    knownvalue.Null(),
		"percent_used": knownvalue.Null(),
		"exceeded":     knownvalue.Bool(false),
	})
}

func quotaChecks(values map[string]knownvalue.Check) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, len(values))
	for attr, v := range values {
		checks = append(checks, statecheck.ExpectKnownValue(quotaAddr, tfjsonpath.New(attr), v))
	}
	return checks
}

func quotaConfig(url, providerOrganization, arguments string) string {
	return providerBlock(url, providerOrganization) + fmt.Sprintf("data \"turso_organization_quota\" \"this\" {\n%s}\n", arguments)
}

// Percentages below are the float64 nearest the exact ratio, worked out independently with
// rational arithmetic.

func TestAccOrganizationQuota_demo(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgDemo, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"organization":   knownvalue.StringExact("demo"),
				"plan":           knownvalue.StringExact("scaler"),
				"timeline":       knownvalue.StringExact("monthly"),
				"overages":       knownvalue.Bool(false),
				"blocked_reads":  knownvalue.Bool(false),
				"blocked_writes": knownvalue.Bool(false),
				"resets_at":      knownvalue.StringExact("2026-12-01T00:00:00Z"),
				"rows_read":      quotaMetricCheck(184523901, 100000000000, 99815476099, 0.184523901, false),
				"rows_written":   quotaMetricCheck(3120457, 100000000, 96879543, 3.120457, false),
				"storage_bytes":  quotaMetricCheck(1288490188, 24000000000, 22711509812, 5.3687091166666665, false),
				"bytes_synced":   quotaMetricCheck(52428800, 24000000000, 23947571200, 0.21845333333333333, false),
				"databases":      quotaMetricCheck(5, 10000, 9995, 0.05, false),
				"locations":      quotaMetricCheck(3, 6, 3, 50, false),
				"groups":         quotaMetricCheck(2, 3, 1, 66.66666666666667, false),
			}),
		}},
	})
}

func TestAccOrganizationQuota_atEveryLimit(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			// The reference organization's usage equals the starter plan's quotas exactly.
			Config: quotaConfig(url, "", `  organization = "reference"`+"\n"),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"organization":  knownvalue.StringExact("reference"),
				"plan":          knownvalue.StringExact("starter"),
				"rows_read":     quotaMetricCheck(1000000000, 1000000000, 0, 100, false),
				"rows_written":  quotaMetricCheck(25000000, 25000000, 0, 100, false),
				"storage_bytes": quotaMetricCheck(9000000000, 9000000000, 0, 100, false),
				"bytes_synced":  quotaMetricCheck(3000000000, 3000000000, 0, 100, false),
				"databases":     quotaMetricCheck(500, 500, 0, 100, false),
				"locations":     quotaMetricCheck(3, 3, 0, 100, false),
				"groups":        quotaMetricCheck(1, 1, 0, 100, false),
			}),
		}},
	})
}

func TestAccOrganizationQuota_liveShapeOveragesAndBigCounters(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgLive, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"plan":           knownvalue.StringExact("scaler"), // sent as "scaler_overages"
				"overages":       knownvalue.Bool(true),
				"blocked_writes": knownvalue.Bool(false),
				"rows_read":      quotaMetricCheck(1<<53+1, 100000000000, 0, 9007199.254740993, true),
				"storage_bytes":  quotaMetricCheck(math.MaxInt64, 24000000000, 0, 38430716820.22823, true),
				"rows_written":   quotaMetricCheck(1250411, 100000000, 98749589, 1.250411, false),
				"bytes_synced":   quotaMetricCheck(0, 24000000000, 24000000000, 0, false),
				"databases":      quotaMetricCheck(3, 10000, 9997, 0.03, false),
				"locations":      quotaMetricCheck(2, 6, 4, 33.333333333333336, false),
				"groups":         quotaMetricCheck(1, 3, 2, 33.333333333333336, false),
			}),
		}},
	})
}

func TestAccOrganizationQuota_unlimitedQuotas(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgPro, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"plan":          knownvalue.StringExact("pro"), // sent as "pro_overages"
				"timeline":      knownvalue.StringExact("yearly"),
				"overages":      knownvalue.Bool(true),
				"databases":     quotaUnlimitedCheck(1200), // quota null
				"locations":     quotaUnlimitedCheck(8),    // quota 0
				"groups":        quotaUnlimitedCheck(4),    // quota 0
				"rows_read":     quotaMetricCheck(31000000000, 250000000000, 219000000000, 12.4, false),
				"rows_written":  quotaMetricCheck(260000000, 250000000, 0, 104, true),
				"storage_bytes": quotaMetricCheck(12500000000, 50000000000, 37500000000, 25, false),
				"bytes_synced":  quotaMetricCheck(0, 100000000000, 100000000000, 0, false),
			}),
		}},
	})
}

func TestAccOrganizationQuota_blockedWrites(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgBlocked, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"plan":           knownvalue.StringExact("starter"),
				"blocked_reads":  knownvalue.Bool(false),
				"blocked_writes": knownvalue.Bool(true),
				"rows_read":      quotaMetricCheck(750000000, 1000000000, 250000000, 75, false),
				"rows_written":   quotaMetricCheck(31250000, 25000000, 0, 125, true),
				"storage_bytes":  quotaMetricCheck(9663676416, 9000000000, 0, 107.3741824, true),
				"bytes_synced":   quotaMetricCheck(0, 3000000000, 3000000000, 0, false),
				"databases":      quotaMetricCheck(12, 500, 488, 2.4, false),
				"locations":      quotaMetricCheck(2, 3, 1, 66.66666666666667, false),
				"groups":         quotaMetricCheck(1, 1, 0, 100, false),
			}),
		}},
	})
}

func TestAccOrganizationQuota_nothingUsed(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgEmpty, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"rows_read": quotaMetricCheck(0, 1000000000, 1000000000, 0, false),
				"groups":    quotaMetricCheck(0, 1, 1, 0, false),
			}),
		}},
	})
}

func TestAccOrganizationQuota_organizationArgumentOverridesProvider(t *testing.T) {
	fake, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgDemo, `  organization = "blocked"`+"\n"),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"organization":   knownvalue.StringExact("blocked"),
				"blocked_writes": knownvalue.Bool(true),
			}),
		}},
	})
	for _, r := range fake.Requests() {
		if strings.HasPrefix(r.Path, "/v1/organizations/demo") {
			t.Errorf("request to the provider's organization: %s", r.Path)
		}
	}
}

func TestAccOrganizationQuota_invalidOrMissingOrganizationSendsNothing(t *testing.T) {
	fake, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:      quotaConfig(url, "", `  organization = "../demo"`+"\n"),
			ExpectError: errorPattern("Invalid Turso Organization", `"../demo"`, "turso org list"),
		}, {
			Config:      quotaConfig(url, "", ""),
			ExpectError: errorPattern("Missing Turso Organization", `data source's "organization"`, "TURSO_ORGANIZATION"),
		}},
	})
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests were sent, want none", n)
	}
}

func TestAccOrganizationQuota_unknownPlan(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetSubscription(faketurso.OrgDemo, []byte(`{"subscription":{"name":"hobby","plan":"hobby_overages","overages":true,"timeline":"monthly"}}`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgDemo, ""),
			ExpectError: errorPattern("Unknown Turso Plan", `plan "hobby" (sent as "hobby_overages")`,
				`The plans that exist are "starter", "scaler", "pro", "enterprise".`),
		}},
	})
}

// TestQuotaFailureDiagnostics_eachRequest fails each of the four requests in turn, in each of the
// ways a request can fail, and expects one diagnostic that says which request failed and how.
func TestQuotaFailureDiagnostics_eachRequest(t *testing.T) {
	requests := []struct{ name, path string }{
		{"usage", faketurso.UsagePath("demo")},
		{"subscription", faketurso.SubscriptionPath("demo")},
		{"plans", faketurso.PlansPath("demo")},
		{"organization", faketurso.OrganizationPath("demo")},
	}
	failures := []struct {
		name   string
		faults []faketurso.Fault
		// held holds each attempt of the request until the others are answered, then plays faults.
		held    bool
		message func(path string) []string
	}{{
		name:   "status",
		faults: []faketurso.Fault{{Status: 403, Body: []byte(`{"error":"you are not a member of demo","code":"forbidden"}`)}},
		message: func(path string) []string {
			return []string{"GET " + path + ": HTTP 403 Forbidden: you are not a member of demo", `(code "forbidden")`, `cannot read organization "demo"`}
		},
	}, {
		name:   "server error after retries",
		faults: []faketurso.Fault{{Status: 500, Body: faketurso.ErrorBody("boom")}, {Status: 502}, {Status: 503, Body: faketurso.ErrorBody("still down")}},
		message: func(path string) []string {
			return []string{"GET " + path + ": HTTP 503 Service Unavailable after 3 attempts: still down"}
		},
	}, {
		name:   "HTML body",
		faults: []faketurso.Fault{{Body: []byte("<html><body>Bad gateway</body></html>"), Header: map[string][]string{"Content-Type": {"text/html"}}}},
		message: func(path string) []string {
			return []string{"could not be used", "GET " + path + ": unexpected response: the body is not JSON", `it begins "<html><body>Bad gateway</body></html>"`}
		},
	}, {
		name:   "truncated body",
		faults: []faketurso.Fault{{Body: []byte(`{"organization": {"uuid": "x", "usage": {`)}},
		message: func(path string) []string {
			return []string{"GET " + path + ": unexpected response: the JSON ends early"}
		},
	}, {
		// Each attempt held while the others are answered, then its connection cut mid-body (the
		// client's own timeout of an attempt is tested on the client, where nothing else runs).
		name:   "held, then cut",
		faults: []faketurso.Fault{{CutAfter: 1, Reset: true}, {CutAfter: 1, Reset: true}, {CutAfter: 1, Reset: true}},
		held:   true,
		message: func(path string) []string {
			return []string{"GET " + path + " failed after 3 attempts", "connection reset by peer"}
		},
	}}
	for _, req := range requests {
		for _, f := range failures {
			t.Run(req.name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				var others []string
				for _, other := range requests {
					if other.name != req.name {
						others = append(others, other.path)
					}
				}
				fake, answered, url := faketurso.StartAnswered(t, others...)
				faults := slices.Clone(f.faults)
				for i := range faults {
					if f.held {
						faults[i].HoldUntil = answered.Done()
					}
				}
				fake.Script(req.path, faults...)
				_, failures := fetchQuotaSources(context.Background(), testClient(t, url, testClientOptions), "demo")
				diags := requestFailureDiagnostics("Unable to Read Organization Quota", failures, "demo", setting{})
				if len(diags) != 1 || diags[0].Summary() != "Unable to Read Organization Quota" {
					t.Fatalf("diagnostics %v, want one error", diags)
				}
				want := errorPattern(append([]string{"The " + req.name + " request failed."}, f.message(req.path)...)...)
				if !want.MatchString(diags[0].Detail()) {
					t.Errorf("detail %q does not match %s", diags[0].Detail(), want)
				}
				for _, other := range requests {
					if other.name != req.name && fake.RequestCount(other.path) != 1 {
						t.Errorf("%s was requested %d times, want once", other.path, fake.RequestCount(other.path))
					}
				}
			})
		}
	}
}

// TestQuotaFailureDiagnostics_oneCauseOneError: four requests refused for the same reason are one
// error naming them all; different causes stay apart, in the requests' order.
func TestQuotaFailureDiagnostics_oneCauseOneError(t *testing.T) {
	unauthorized := func(path string) error {
		return &turso.APIError{Method: "GET", Path: path, StatusCode: 401, Message: "token is invalid or expired"}
	}
	diags := requestFailureDiagnostics("Unable to Read Organization Quota", []requestFailure{
		{"usage", unauthorized("/v1/organizations/demo/usage")},
		{"subscription", unauthorized("/v1/organizations/demo/subscription")},
		{"plans", &turso.APIError{Method: "GET", Path: "/v1/organizations/demo/plans", StatusCode: 503, Message: "busy", Attempts: 3}},
		{"organization", unauthorized("/v1/organizations/demo")},
	}, "demo", setting{})
	if len(diags) != 2 {
		t.Fatalf("%d diagnostics, want 2: %v", len(diags), diags)
	}
	for i, want := range []*regexp.Regexp{
		errorPattern("The usage, subscription and organization requests failed, all in the same way.",
			"GET /v1/organizations/demo/usage, GET /v1/organizations/demo/subscription and GET /v1/organizations/demo: HTTP 401 Unauthorized: token is invalid or expired",
			"The API token is invalid or expired"),
		errorPattern("The plans request failed.", "GET /v1/organizations/demo/plans: HTTP 503 Service Unavailable after 3 attempts: busy"),
	} {
		if !want.MatchString(diags[i].Detail()) {
			t.Errorf("diagnostic %d: %q does not match %s", i, diags[i].Detail(), want)
		}
	}
}

// TestFailureDiagnostics_sharedConnectionFailure: a connection failure shared by the usage and the
// database list is one error naming both requests in full, without a URL made of both paths.
func TestFailureDiagnostics_sharedConnectionFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	state := usageState{slug: "demo", includeDatabases: true}
	failures := fetchOrganizationUsage(context.Background(), testClient(t, url, testClientOptions), &state)
	diags := requestFailureDiagnostics("Unable to Read Organization Usage", failures, "demo", setting{})
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
	}
	want := errorPattern("The usage and database list requests failed, all in the same way.",
		"GET /v1/organizations/demo/usage and GET /v1/organizations/demo/databases?limit=1000 failed after 3 attempts: dial tcp",
		"connection refused")
	if detail := diags[0].Detail(); !want.MatchString(detail) || strings.Contains(detail, url) {
		t.Errorf("detail %q does not match %s, or shows the URL", detail, want)
	}
}

func TestAccOrganizationQuota_badTokenIsOneError(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: strings.Replace(quotaConfig(url, faketurso.OrgDemo, ""), faketurso.Token, "expired-token", 1),
			// Four errors alike would each name one request; the one error names all four.
			ExpectError: errorPattern("Unable to Read Organization Quota",
				"The usage, subscription, plans and organization requests failed, all in the same way.",
				"HTTP 401 Unauthorized: token is invalid or expired", "The API token is invalid or expired"),
		}},
	})
}

func TestAccOrganizationQuota_everyFailedRequestIsReported(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.Script(faketurso.UsagePath("demo"), faketurso.Fault{Body: []byte(`{"organization": null}`)})
	fake.Script(faketurso.SubscriptionPath("demo"), faketurso.Fault{Status: 404, Body: faketurso.ErrorBody("subscription not found")})
	fake.Script(faketurso.PlansPath("demo"), faketurso.Fault{Body: []byte(`{"plans":[{"name":"starter","quotas":{"rowsRead":"lots"}}]}`)})
	fake.Script(faketurso.OrganizationPath("demo"), faketurso.Fault{Status: 401, Body: faketurso.ErrorBody("token expired")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgDemo, ""),
			ExpectError: errorPattern(
				"The usage request failed.", "organization: is missing or null",
				"The subscription request failed.", "HTTP 404 Not Found: subscription not found",
				"The plans request failed.", "plans[0].quotas.rowsRead: is a string",
				"The organization request failed.", "HTTP 401 Unauthorized: token expired", "invalid or expired",
			),
		}},
	})
}

// TestFetchQuotaSources_concurrent proves the four requests are in flight together: the barrier
// answers none of them until all four have arrived, so a client that waited for one response
// before sending the next request would never get an answer.
func TestFetchQuotaSources_concurrent(t *testing.T) {
	paths := []string{faketurso.UsagePath("demo"), faketurso.SubscriptionPath("demo"), faketurso.PlansPath("demo"), faketurso.OrganizationPath("demo")}
	_, barrier, url := barrierAPI(t, paths...)
	opts := testClientOptions
	opts.BaseURL, opts.Token, opts.RetryMax = url, faketurso.Token, 0
	client, err := turso.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	src, failures := fetchQuotaSources(context.Background(), client, "demo")
	for _, f := range failures {
		t.Errorf("the %s request failed: %v", f.request, f.err)
	}
	if barrier.Rounds() != 1 {
		t.Errorf("the barrier opened %d times, want once", barrier.Rounds())
	}
	if src.usage == nil || src.subscription == nil || src.plans == nil || src.organization == nil {
		t.Errorf("missing responses: %+v", src)
	}
}

func TestAccOrganizationQuota_requestsAreConcurrent(t *testing.T) {
	paths := []string{faketurso.UsagePath("demo"), faketurso.SubscriptionPath("demo"), faketurso.PlansPath("demo"), faketurso.OrganizationPath("demo")}
	fake, barrier, url := barrierAPI(t, paths...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgDemo, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"groups": quotaMetricCheck(2, 3, 1, 66.66666666666667, false),
			}),
		}},
	})
	expectEveryRoundTogether(t, barrier, fake, paths)
}

func TestAccOrganizationQuota_checkBlockExample(t *testing.T) {
	_, url := fakeAPI(t)
	example := dataSourceExample(t, "turso_organization_quota", "check.tf")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			// The demo organization is under 80% of every quota and not blocked.
			Config:            providerBlock(url, faketurso.OrgDemo) + example,
			ConfigStateChecks: []statecheck.StateCheck{expectCheckBlock{name: "turso_quota", status: tfjson.CheckStatusPass}},
			// A data source scoped to a check block is read again at every apply, so the plan after
			// an apply always shows that read.
			ExpectNonEmptyPlan: true,
		}, {
			// Past its quotas, the check fails: a warning, so the run itself succeeds.
			Config:             providerBlock(url, faketurso.OrgBlocked) + example,
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{expectCheckBlock{name: "turso_quota", status: tfjson.CheckStatusFail, fragments: []string{
				"Writes to Turso organization blocked are blocked: it is over its starter plan's quota.",
				"Past 80% of the starter plan's quota: storage_bytes at 107.4%, rows_written at 125.0%, groups at 100.0%.",
			}}},
		}},
	})
}

func TestAccOrganizationQuota_postconditionExample(t *testing.T) {
	fake, url := fakeAPI(t)
	example := dataSourceExample(t, "turso_organization_quota", "postcondition.tf")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgDemo) + example,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("rows_written_remaining", knownvalue.Int64Exact(96879543)),
			},
		}, {
			Config: providerBlock(url, faketurso.OrgBlocked) + example,
			ExpectError: errorPattern("Resource postcondition failed",
				"Turso organization blocked is over its starter plan's quota for rows written (31250000 of 25000000) and storage (9663676416 of 9000000000).",
				"upgrade the plan or turn on overages"),
		}, {
			// Over its rows-written quota too, but with overages on it is billed, not blocked.
			Config: providerBlock(url, faketurso.OrgPro) + example,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.turso_organization_quota.gate", tfjsonpath.New("rows_written").AtMapKey("exceeded"), knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("rows_written_remaining", knownvalue.Int64Exact(0)),
			},
		}, {
			// The same organization without overages: the message names only the exceeded quota.
			PreConfig: func() {
				fake.SetSubscription(faketurso.OrgPro, []byte(`{"subscription":{"name":"pro","plan":"pro","overages":false,"timeline":"yearly"}}`))
			},
			Config: providerBlock(url, faketurso.OrgPro) + example,
			ExpectError: errorPattern("Resource postcondition failed",
				"Turso organization pro is over its pro plan's quota for rows written (260000000 of 250000000). Writes fail"),
		}},
	})
}

func TestAccOrganizationQuota_dataSourceExampleOutputs(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: providerBlock(url, faketurso.OrgLive) + dataSourceExample(t, "turso_organization_quota", "data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("plan", knownvalue.StringExact("scaler")),
				statecheck.ExpectKnownOutputValue("rows_read_percent_used", knownvalue.Float64Exact(9007199.254740993)),
				statecheck.ExpectKnownOutputValue("storage_bytes_remaining", knownvalue.Int64Exact(0)),
			},
		}, {
			Config: providerBlock(url, faketurso.OrgPro) + dataSourceExample(t, "turso_organization_quota", "data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("plan", knownvalue.StringExact("pro")),
				statecheck.ExpectKnownOutputValue("storage_bytes_remaining", knownvalue.Int64Exact(37500000000)),
			},
		}},
	})
}

// quotaForecastCheck expects one metric's forecast; exhaustedAt "" is null, percent < 0 is null.
func quotaForecastCheck(projected string, percent float64, willExceed bool, exhaustedAt string, overage int64) knownvalue.Check {
	n, _, err := big.ParseFloat(projected, 10, 0, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	checks := map[string]knownvalue.Check{
		"projected":         knownvalue.NumberExact(n),
		"projected_percent": knownvalue.Null(),
		"will_exceed":       knownvalue.Bool(willExceed),
		"exhausted_at":      knownvalue.Null(),
		"overage":           knownvalue.Int64Exact(overage),
	}
	if percent >= 0 {
		checks["projected_percent"] = knownvalue.Float64Exact(percent)
	}
	if exhaustedAt != "" {
		checks["exhausted_at"] = knownvalue.StringExact(exhaustedAt)
	}
	return knownvalue.ObjectPartial(checks)
}

// expectOnlyQuotaRequests fails unless every request went to one of the quota's four endpoints, each
// as often as the others: a forecast that sent a request of its own would break the count.
func expectOnlyQuotaRequests(t *testing.T, fake *faketurso.Server, slug string) {
	t.Helper()
	counts := map[string]int{}
	for _, r := range fake.Requests() {
		counts[r.Path]++
	}
	want := counts[faketurso.UsagePath(slug)]
	for _, path := range []string{faketurso.UsagePath(slug), faketurso.SubscriptionPath(slug), faketurso.PlansPath(slug), faketurso.OrganizationPath(slug)} {
		if counts[path] != want || want == 0 {
			t.Errorf("%s was requested %d times, want %d like the usage", path, counts[path], want)
		}
		delete(counts, path)
	}
	for path, n := range counts {
		t.Errorf("%s was requested %d times, want never", path, n)
	}
}

// The forecasts below are worked out independently with exact rational arithmetic.

func TestAccOrganizationQuota_forecast(t *testing.T) {
	fake, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		// testNow: 9.5 of November's 30 days are past.
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgDemo, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"as_of":            knownvalue.StringExact("2026-11-10T12:00:00Z"),
				"cycle_started_at": knownvalue.StringExact("2026-11-01T00:00:00Z"),
				"resets_at":        knownvalue.StringExact("2026-12-01T00:00:00Z"),
				"elapsed_fraction": knownvalue.Float64Exact(0.31666666666666665),
				"rows_read":        quotaForecastCheck("582707055", 0.582707055, false, "", 0),
				"rows_written":     quotaForecastCheck("9854074", 9.854074, false, "", 0),
				"storage_bytes":    quotaForecastCheck("1288490188", 5.3687091166666665, false, "", 0),
				"bytes_synced":     quotaForecastCheck("165564631", 0.6898526291666667, false, "", 0),
				"databases":        quotaForecastCheck("5", 0.05, false, "", 0),
				"locations":        quotaForecastCheck("3", 50, false, "", 0),
				"groups":           quotaForecastCheck("2", 66.66666666666667, false, "", 0),
			}),
		}},
	})
	expectOnlyQuotaRequests(t, fake, faketurso.OrgDemo)
}

func TestAccOrganizationQuota_forecastAtTheFirstInstant(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesAt(testClientOptions, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)),
		Steps: []resource.TestStep{{
			// Nothing of the cycle is past: counters are projected as they stand, no division by zero.
			Config: quotaConfig(url, faketurso.OrgBlocked, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"as_of":            knownvalue.StringExact("2027-01-01T00:00:00Z"),
				"cycle_started_at": knownvalue.StringExact("2027-01-01T00:00:00Z"),
				"resets_at":        knownvalue.StringExact("2027-02-01T00:00:00Z"),
				"elapsed_fraction": knownvalue.Float64Exact(0),
				"rows_read":        quotaForecastCheck("750000000", 75, false, "", 0),
				"rows_written":     quotaForecastCheck("31250000", 125, true, "2027-01-01T00:00:00Z", 6250000),
				"storage_bytes":    quotaForecastCheck("9663676416", 107.3741824, true, "", 663676416),
				"bytes_synced":     quotaForecastCheck("0", 0, false, "", 0),
			}),
		}},
	})
}

func TestAccOrganizationQuota_forecastLeapDayInAnotherOffset(t *testing.T) {
	_, url := fakeAPI(t)
	// 23:59:59.999 on 29 February 2028 at +02:00 is 21:59:59 UTC, to the second: 7201 seconds before
	// the end of a 29-day February.
	clock := time.Date(2028, 2, 29, 23, 59, 59, 999000000, time.FixedZone("+02:00", 2*3600))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesAt(testClientOptions, clock),
		Steps: []resource.TestStep{{
			Config: quotaConfig(url, faketurso.OrgPro, ""),
			ConfigStateChecks: quotaChecks(map[string]knownvalue.Check{
				"as_of":            knownvalue.StringExact("2028-02-29T21:59:59Z"),
				"cycle_started_at": knownvalue.StringExact("2028-02-01T00:00:00Z"),
				"resets_at":        knownvalue.StringExact("2028-03-01T00:00:00Z"),
				"elapsed_fraction": knownvalue.Float64Exact(0.9971260376756066),
				"rows_read":        quotaForecastCheck("31089349619", 12.4357398476, false, "", 0),
				"rows_written":     quotaForecastCheck("260749383", 104.2997532, true, "2028-02-28T19:18:26Z", 10000000),
				"databases":        quotaForecastCheck("1200", -1, false, "", 0), // unlimited
			}),
		}},
	})
}

func TestAccOrganizationQuota_forecastCheckExample(t *testing.T) {
	_, url := fakeAPI(t)
	example := providerBlock(url, faketurso.OrgBlocked) + dataSourceExample(t, "turso_organization_quota", "forecast_check.tf")
	at := func(now time.Time) map[string]func() (tfprotov6.ProviderServer, error) {
		return providerFactoriesAt(testClientOptions, now)
	}
	check := func(status tfjson.CheckStatus, fragments ...string) []statecheck.StateCheck {
		return []statecheck.StateCheck{expectCheckBlock{name: "turso_quota_forecast", status: status, fragments: fragments}}
	}
	// The blocked organization's rows read and written are on course past their quotas from the
	// start; the check stays quiet until a tenth of November (3 days) is past, and not a second longer.
	steps := []resource.TestStep{{
		ProtoV6ProviderFactories: at(time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)),
		ConfigStateChecks:        check(tfjson.CheckStatusPass),
	}, {
		ProtoV6ProviderFactories: at(time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC)),
		ConfigStateChecks:        check(tfjson.CheckStatusPass),
	}, {
		ProtoV6ProviderFactories: at(time.Date(2026, 11, 4, 0, 0, 1, 0, time.UTC)),
		ConfigStateChecks: check(tfjson.CheckStatusFail,
			"At the rate so far, Turso organization blocked passes its starter plan's quota before it resets at 2026-12-01T00:00:00Z:",
			"rows_read at 2026-11-05T00:00:01Z (750% of the quota by the end of the cycle),",
			"rows_written at 2026-11-03T09:36:00Z (1250% of the quota by the end of the cycle)."),
	}, {
		ProtoV6ProviderFactories: at(testNow),
		ConfigStateChecks: check(tfjson.CheckStatusFail,
			"rows_read at 2026-11-13T16:00:00Z (237% of the quota by the end of the cycle),",
			"rows_written at 2026-11-08T14:24:00Z (395% of the quota by the end of the cycle)."),
	}}
	for i := range steps {
		steps[i].Config = example
		steps[i].ExpectNonEmptyPlan = true // the check's data source is read again at every apply
	}
	resource.ParallelTest(t, resource.TestCase{Steps: steps})
}
