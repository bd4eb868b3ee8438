package turso_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func quotaClient(t *testing.T) (*faketurso.Server, *turso.Client) {
	t.Helper()
	fake, url := faketurso.Start(t)
	opts := fastOptions(url)
	opts.RetryMax = 1
	return fake, newClient(t, opts)
}

func quotaCounter(t *testing.T, name string, c turso.Counter, want int64, wantSet bool) {
	t.Helper()
	got, ok := c.Int64()
	if ok != wantSet || got != want {
		t.Errorf("%s = %d (set %v), want %d (set %v)", name, got, ok, want, wantSet)
	}
}

func TestSubscription_fixtureAndRequest(t *testing.T) {
	fake, c := quotaClient(t)
	s, err := c.Subscription(context.Background(), faketurso.OrgLive)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "scaler" || s.Plan != "scaler_overages" || s.Overages == nil || !*s.Overages || s.Timeline == nil || *s.Timeline != "monthly" {
		t.Errorf("subscription = %+v (overages %v, timeline %v)", s, s.Overages, s.Timeline)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/organizations/live/subscription" {
		t.Fatalf("requests = %+v", reqs)
	}
	h := reqs[0].Header
	if h.Get("Authorization") != "Bearer "+faketurso.Token || h.Get("Accept") != "application/json" || h.Get("User-Agent") != "terraform-provider-turso/test" {
		t.Errorf("headers = %v", h)
	}
}

func TestPlans_fixture(t *testing.T) {
	fake, c := quotaClient(t)
	plans, err := c.Plans(context.Background(), faketurso.OrgDemo)
	if err != nil {
		t.Fatal(err)
	}
	if got := fake.RequestCount("/v1/organizations/demo/plans"); got != 1 {
		t.Errorf("plans requests = %d, want 1", got)
	}
	var names []string
	for _, p := range plans {
		names = append(names, p.Name)
	}
	if strings.Join(names, ",") != "starter,scaler,pro,enterprise" {
		t.Fatalf("plan names = %v", names)
	}
	starter, pro := plans[0].Quotas, plans[2].Quotas
	quotaCounter(t, "starter.rowsRead", starter.RowsRead, 1_000_000_000, true)
	quotaCounter(t, "starter.rowsWritten", starter.RowsWritten, 25_000_000, true)
	quotaCounter(t, "starter.databases", starter.Databases, 500, true)
	quotaCounter(t, "starter.locations", starter.Locations, 3, true)
	quotaCounter(t, "starter.storage", starter.Storage, 9_000_000_000, true)
	quotaCounter(t, "starter.groups", starter.Groups, 1, true)
	quotaCounter(t, "starter.bytesSynced", starter.BytesSynced, 3_000_000_000, true)
	quotaCounter(t, "pro.databases", pro.Databases, 0, false) // null
	quotaCounter(t, "pro.locations", pro.Locations, 0, true)
	quotaCounter(t, "pro.storage", pro.Storage, 50_000_000_000, true)
}

func TestOrganization_fixtures(t *testing.T) {
	_, c := quotaClient(t)
	o, err := c.Organization(context.Background(), faketurso.OrgBlocked)
	if err != nil {
		t.Fatal(err)
	}
	if o.Slug != "blocked" || o.Type != "team" || o.PlanID != "starter" || o.PlanTimeline != "monthly" ||
		o.BlockedReads == nil || *o.BlockedReads || o.BlockedWrites == nil || !*o.BlockedWrites || o.Overages == nil || *o.Overages {
		t.Errorf("organization = %+v", o)
	}
	live, err := c.Organization(context.Background(), faketurso.OrgLive)
	if err != nil {
		t.Fatal(err)
	}
	if live.BlockedWrites == nil || *live.BlockedWrites || live.Overages == nil || !*live.Overages {
		t.Errorf("live organization = %+v", live)
	}
}

func TestQuotaEndpoints_everyFixtureOrganizationDecodes(t *testing.T) {
	_, c := quotaClient(t)
	ctx := context.Background()
	for _, slug := range []string{faketurso.OrgReference, faketurso.OrgLive, faketurso.OrgDemo, faketurso.OrgEmpty, faketurso.OrgBlocked, faketurso.OrgPro, faketurso.OrgNulls} {
		if _, err := c.Subscription(ctx, slug); err != nil {
			t.Error(err)
		}
		if _, err := c.Plans(ctx, slug); err != nil {
			t.Error(err)
		}
		if _, err := c.Organization(ctx, slug); err != nil {
			t.Error(err)
		}
		if _, err := c.OrganizationUsageSummary(ctx, slug); err != nil {
			t.Error(err)
		}
	}
}

func TestQuotaEndpoints_errors(t *testing.T) {
	calls := map[string]func(*turso.Client, string) error{
		"/subscription": func(c *turso.Client, slug string) error {
			_, err := c.Subscription(context.Background(), slug)
			return err
		},
		"/plans": func(c *turso.Client, slug string) error { _, err := c.Plans(context.Background(), slug); return err },
		"": func(c *turso.Client, slug string) error {
			_, err := c.Organization(context.Background(), slug)
			return err
		},
	}
	for suffix, call := range calls {
		t.Run("status"+suffix, func(t *testing.T) {
			fake, c := quotaClient(t)
			fake.Script("/v1/organizations/demo"+suffix, faketurso.Fault{Status: 403, Body: []byte(`{"error":"not a member","code":"forbidden"}`)})
			err := call(c, faketurso.OrgDemo)
			var apiErr *turso.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Message != "not a member" || apiErr.Code != "forbidden" || apiErr.Path != "/v1/organizations/demo"+suffix {
				t.Fatalf("err = %#v", err)
			}
		})
		t.Run("unknown organization"+suffix, func(t *testing.T) {
			_, c := quotaClient(t)
			var apiErr *turso.APIError
			if err := call(c, "nosuchorg"); !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Message != "organization not found" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("malformed"+suffix, func(t *testing.T) {
			fake, c := quotaClient(t)
			fake.Script("/v1/organizations/demo"+suffix, faketurso.Fault{Body: []byte("<html>oops</html>"), Header: map[string][]string{"Content-Type": {"text/html"}}})
			var de *turso.DecodeError
			if err := call(c, faketurso.OrgDemo); !errors.As(err, &de) || de.Path != "/v1/organizations/demo"+suffix || !strings.Contains(de.Reason, "not JSON") {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("retried"+suffix, func(t *testing.T) {
			fake, c := quotaClient(t)
			fake.Script("/v1/organizations/demo"+suffix, faketurso.Fault{Status: 503, Body: faketurso.ErrorBody("busy")})
			if err := call(c, faketurso.OrgDemo); err != nil {
				t.Fatal(err)
			}
			if n := fake.RequestCount("/v1/organizations/demo" + suffix); n != 2 {
				t.Errorf("requests = %d, want 2", n)
			}
		})
		t.Run("invalid slug sends nothing"+suffix, func(t *testing.T) {
			fake, c := quotaClient(t)
			if err := call(c, "a/b"); err == nil {
				t.Fatal("no error")
			}
			if n := len(fake.Requests()); n != 0 {
				t.Errorf("requests = %d, want 0", n)
			}
		})
	}
}

func TestDecodeSubscription(t *testing.T) {
	s, err := turso.DecodeSubscription(bytes.NewReader([]byte(`{"subscription":{"plan":"pro_overages","new":{"x":1}},"other":[1]}`)))
	if err != nil {
		t.Fatal(err)
	}
	if s.Plan != "pro_overages" || s.Name != "" || s.Overages != nil || s.Timeline != nil {
		t.Errorf("subscription = %+v", s)
	}
	for _, tc := range []struct{ body, where, reason string }{
		{``, "", "the body is empty"},
		{`{"subscription":null}`, "subscription", "is missing or null"},
		{`{}`, "subscription", "is missing or null"},
		{`{"error":"organization is archived"}`, "", `instead of "subscription": organization is archived`},
		{`{"subscription":{"name":"pro"}}`, "subscription.plan", "is missing or empty"},
		{`{"subscription":{"plan":""}}`, "subscription.plan", "is missing or empty"},
		{`{"subscription":{"plan":7}}`, "subscription.plan", "is a JSON number, want a string"},
		{`{"subscription":{"plan":"pro","overages":"yes"}}`, "subscription.overages", "is a JSON string, want a boolean"},
		{`{"subscription":[]}`, "subscription", "is a JSON array, want an object"},
		{`{"subscription":{"plan":"pro"`, "", "truncated"},
		{`<!doctype html>`, "", "not JSON"},
	} {
		_, err := turso.DecodeSubscription(bytes.NewReader([]byte(tc.body)))
		checkDecodeError(t, tc.body, err, tc.where, tc.reason)
	}
}

func TestDecodePlans(t *testing.T) {
	plans, err := turso.DecodePlans(bytes.NewReader([]byte(`{"plans":[ {"name":"big","price":"1","quotas":{"rowsRead":9223372036854775807,"rowsWritten":9007199254740993,"storage_bytes":5,"extra":"x"}} ]}`)))
	if err != nil {
		t.Fatal(err)
	}
	q := plans[0].Quotas
	quotaCounter(t, "rowsRead", q.RowsRead, math.MaxInt64, true)
	quotaCounter(t, "rowsWritten", q.RowsWritten, 1<<53+1, true)
	// The plans endpoint calls storage "storage"; a "storage_bytes" key is not it.
	quotaCounter(t, "storage", q.Storage, 0, false)
	quotaCounter(t, "databases", q.Databases, 0, false)

	empty, err := turso.DecodePlans(bytes.NewReader([]byte(`{"plans":[]}`)))
	if err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("empty plan list = %v, %v", empty, err)
	}

	for _, tc := range []struct{ body, where, reason string }{
		{`{"plans":null}`, "plans", "is missing or null"},
		{`{"error":"nope"}`, "", `instead of "plans": nope`},
		{`{"plans":{}}`, "plans", "is a JSON object, want an array"},
		{`[]`, "(document)", "is a JSON array, want an object"},
		{`{"plans":[{"name":"a","quotas":{}}, 3]}`, "plans[1]", "is a JSON number, want an object"},
		{`{"plans":[null]}`, "plans[0].name", "is missing or empty"},
		{`{"plans":[{"quotas":{}}]}`, "plans[0].name", "is missing or empty"},
		{`{"plans":[{"name":1,"quotas":{}}]}`, "plans[0].name", "is a JSON number, want a string"},
		{`{"plans":[{"name":"a"}]}`, "plans[0].quotas", "is missing or null"},
		{`{"plans":[{"name":"a","quotas":[]}]}`, "plans[0].quotas", "is a JSON array, want an object"},
		{`{"plans":[{"name":"a","quotas":{}},{"name":"b","quotas":{"rowsRead":"1000"}}]}`, "plans[1].quotas.rowsRead", "is a string"},
		{`{"plans":[{"name":"a","quotas":{"storage":-1}}]}`, "plans[0].quotas.storage", "is negative"},
		{`{"plans":[{"name":"a","quotas":{"bytesSynced":1.5}}]}`, "plans[0].quotas.bytesSynced", "has a fraction"},
		{`{"plans":[{"name":"a","quotas":{"groups":1e3}}]}`, "plans[0].quotas.groups", "has a fraction or exponent"},
		{`{"plans":[{"name":"a","quotas":{"databases":9223372036854775808}}]}`, "plans[0].quotas.databases", "larger than a 64-bit integer"},
		{`{"plans":[{"name":"a","quotas":{"locations":true}}]}`, "plans[0].quotas.locations", "is a boolean"},
		{`{"plans":[{"name":"a","quotas":{"rowsWritten":{}}}]}`, "plans[0].quotas.rowsWritten", "is an object or array"},
		{`{"plans":[{"name":"a",`, "", "truncated"},
	} {
		_, err := turso.DecodePlans(bytes.NewReader([]byte(tc.body)))
		checkDecodeError(t, tc.body, err, tc.where, tc.reason)
	}
}

func TestDecodeOrganization(t *testing.T) {
	o, err := turso.DecodeOrganization(bytes.NewReader([]byte(`{"organization":{"slug":"x","blocked_reads":true,"features":{"a":1}}}`)))
	if err != nil {
		t.Fatal(err)
	}
	if o.Slug != "x" || o.BlockedReads == nil || !*o.BlockedReads || o.BlockedWrites != nil || o.Overages != nil {
		t.Errorf("organization = %+v", o)
	}
	for _, tc := range []struct{ body, where, reason string }{
		{`{"organization":null}`, "organization", "is missing or null"},
		{`{"error":"organization not found"}`, "", `instead of "organization": organization not found`},
		{`{"organization":{"blocked_writes":"false"}}`, "organization.blocked_writes", "is a JSON string, want a boolean"},
		{`{"organization":{"blocked_reads":0}}`, "organization.blocked_reads", "is a JSON number, want a boolean"},
		{` `, "", "the body is empty"},
	} {
		_, err := turso.DecodeOrganization(bytes.NewReader([]byte(tc.body)))
		checkDecodeError(t, tc.body, err, tc.where, tc.reason)
	}
}

func checkDecodeError(t *testing.T, body string, err error, where, reason string) {
	t.Helper()
	var de *turso.DecodeError
	if !errors.As(err, &de) {
		t.Errorf("%s: err = %v, want a *DecodeError", body, err)
		return
	}
	if de.Where != where || !strings.Contains(de.Reason, reason) {
		t.Errorf("%s: got where %q reason %q, want where %q reason containing %q", body, de.Where, de.Reason, where, reason)
	}
}
