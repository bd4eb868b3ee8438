package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func TestWholeDays(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		from, to string
		want     int64
	}{
		{"2026-11-10T00:00:00Z", "2026-11-10T23:59:59Z", 0},
		{"2026-11-10T00:00:00Z", "2026-11-11T00:00:00Z", 1},
		{"2026-11-07T09:30:00Z", "2026-11-10T12:00:00Z", 3},
		// In UTC, whatever the offset it was sent with: 07:00 at +02:00 is 05:00 UTC.
		{"2026-11-09T07:00:00+02:00", "2026-11-10T04:59:59Z", 0},
		{"2026-11-09T07:00:00+02:00", "2026-11-10T05:00:00Z", 1},
		// Rounded down when to is earlier, too.
		{"2026-11-10T12:00:00Z", "2026-11-10T11:00:00Z", -1},
		{"2026-11-10T12:00:00Z", "2026-11-08T12:00:00Z", -2},
		// Past what a time.Duration holds (292 years).
		{"2026-11-10T12:00:00Z", "9999-12-31T23:59:59Z", 2912129},
	} {
		if got := wholeDays(at(tc.from), at(tc.to)); got != tc.want {
			t.Errorf("wholeDays(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
	// An age is never negative, for a server clock ahead of the provider's.
	if got := ageDays(at("2026-11-10T13:00:00Z"), at("2026-11-10T12:00:00Z")); got != types.Int64Value(0) {
		t.Errorf("ageDays of a creation an hour ahead = %v, want 0", got)
	}
}

func TestRoleCounts(t *testing.T) {
	got := roleCounts([]turso.Member{{Role: "owner"}, {Role: "owner"}, {Role: "billing"}, {Role: "viewer"}})
	want := map[string]int64{"owner": 2, "admin": 0, "member": 0, "viewer": 1, "billing": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("roleCounts (-want +got):\n%s", diff)
	}
	if got := roleCounts(nil); len(got) != 4 || got["owner"] != 0 {
		t.Errorf("roleCounts(nil) = %v, want the four standard roles at 0", got)
	}
}

func TestOrganizationState_absentIsNull(t *testing.T) {
	yes := true
	m := organizationState("acme", &turso.Organization{Name: "Acme", RequireMFA: &yes})
	if m.Name != types.StringValue("Acme") || m.RequireMFA != types.BoolValue(true) {
		t.Errorf("state = %+v, want the name and require_mfa as sent", m)
	}
	for name, v := range map[string]interface{ IsNull() bool }{
		"slug": m.Slug, "type": m.Type, "plan_id": m.PlanID, "plan_timeline": m.PlanTimeline, "platform": m.Platform,
		"overages": m.Overages, "blocked_reads": m.BlockedReads, "blocked_writes": m.BlockedWrites,
	} {
		if !v.IsNull() {
			t.Errorf("%s = %v, want null for what the API left out", name, v)
		}
	}
	empty := ""
	if m := organizationState("acme", &turso.Organization{Platform: &empty}); m.Platform != types.StringValue("") {
		t.Errorf("platform = %v, want the empty string the API sent", m.Platform)
	}
}

func TestOrganizationMembersState(t *testing.T) {
	now := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	email := "ada@example.com"
	members := []turso.Member{{Username: "ada", Role: "owner", Email: &email}, {Username: "bob", Role: "admin"}}
	invites := []turso.Invite{{ID: "i", Role: "member", CreatedAt: "2026-11-01T12:00:01Z", Created: time.Date(2026, 11, 1, 12, 0, 1, 0, time.UTC)}}
	m := organizationMembersState("acme", members, invites, now)
	if len(m.Members) != 2 || m.Members[0].Email != types.StringValue(email) || !m.Members[1].Email.IsNull() {
		t.Errorf("members = %+v", m.Members)
	}
	if len(m.Invites) != 1 || m.Invites[0].AgeDays != types.Int64Value(8) || m.Invites[0].CreatedAt != types.StringValue("2026-11-01T12:00:01Z") || !m.Invites[0].Email.IsNull() {
		t.Errorf("invites = %+v, want one 8 days old, created_at as sent", m.Invites)
	}
	if m := organizationMembersState("acme", members, []turso.Invite{}, now); m.Invites == nil {
		t.Error("no invite pending is an empty list, not null")
	}
	if m := organizationMembersState("acme", members, nil, now); m.Invites != nil {
		t.Error("a plan without invites is null invites")
	}
}

func TestOrganizationAPITokensState(t *testing.T) {
	now := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	group, owner := "eu", "ada"
	m := organizationAPITokensState("acme", []turso.APIToken{
		{Name: "wide", ID: "1", CreatedAt: "2026-08-12", Created: time.Date(2026, 8, 12, 0, 0, 0, 0, time.UTC), OwnerUsername: &owner},
		{Name: "eu", ID: "2", Group: &group, Scopes: []string{"read", "db:create"}, CreatedAt: "2026-11-10", Created: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)},
	}, now)
	wide, eu := m.Tokens[0], m.Tokens[1]
	if !wide.Group.IsNull() || wide.Scopes != nil || wide.AgeDays != types.Int64Value(90) || wide.OwnerUsername != types.StringValue("ada") || !wide.OwnerEmail.IsNull() {
		t.Errorf("organization-wide token = %+v", wide)
	}
	if eu.Group != types.StringValue("eu") || !cmp.Equal(eu.Scopes, []types.String{types.StringValue("read"), types.StringValue("db:create")}) || eu.AgeDays != types.Int64Value(0) {
		t.Errorf("group token = %+v", eu)
	}
	if m := organizationAPITokensState("acme", []turso.APIToken{}, now); m.Tokens == nil {
		t.Error("no token is an empty list, not null")
	}
}

func TestAPITokenState(t *testing.T) {
	now := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	m := apiTokenState(&turso.TokenValidity{ExpiresAt: time.Date(2026, 11, 24, 11, 59, 59, 0, time.UTC)}, now)
	if m.ExpiresAt != types.StringValue("2026-11-24T11:59:59Z") || m.ExpiresInDays != types.Int64Value(13) || m.NeverExpires != types.BoolValue(false) {
		t.Errorf("expiring token = %+v, want 13 whole days left", m)
	}
	m = apiTokenState(&turso.TokenValidity{NeverExpires: true}, now)
	if !m.ExpiresAt.IsNull() || !m.ExpiresInDays.IsNull() || m.NeverExpires != types.BoolValue(true) {
		t.Errorf("token that never expires = %+v", m)
	}
}

// Each data source's organization is refused at plan time under a title of its own.
func TestOrganizationAttributeOf_titleNamesTheDataSource(t *testing.T) {
	attr := organizationAttributeOf("API Tokens")
	var resp validator.StringResponse
	attr.Validators[0].ValidateString(context.Background(), validator.StringRequest{Path: path.Root("organization"), ConfigValue: types.StringValue("a/../b")}, &resp)
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary() != "Invalid Organization for API Tokens" ||
		!strings.Contains(resp.Diagnostics[0].Detail(), `from this data source's "organization" argument`) {
		t.Errorf("diagnostics = %v", resp.Diagnostics)
	}
	if organizationAttribute().Validators[0].(stringValidator).check.summary != "Invalid Turso Organization" {
		t.Error("the shared attribute's title changed")
	}
}

func TestAccessDiagnostics(t *testing.T) {
	refused := &turso.APIError{Method: "GET", Path: "/v1/organizations/acme/api-tokens", StatusCode: 403, Message: "forbidden"}
	detail := refusedDetail(refused, "acme", whoSeesTokens)
	for _, want := range []string{"GET /v1/organizations/acme/api-tokens: HTTP 403 Forbidden: forbidden", "Owners and admins see every token",
		"members and viewers see only the tokens they minted", `minted for organization "acme"`} {
		if !strings.Contains(detail, want) {
			t.Errorf("403 detail lacks %q:\n%s", want, detail)
		}
	}
	gated := &turso.APIError{StatusCode: 403, Code: "feature_not_available_for_starter_plan"}
	if _, ok := planGated(errors.Join(errors.New("x"), gated)); !ok {
		t.Error("the plan-gate code is not recognised")
	}
	if _, ok := planGated(refused); ok {
		t.Error("a 403 without the plan-gate code is taken for one")
	}
	notFound := &turso.APIError{Method: "GET", Path: turso.ValidatePath, StatusCode: 404, Message: "not found"}
	if d := apiTokenErrorDetail(notFound, setting{}); strings.Contains(d, "Organization") || !strings.Contains(d, `"api_url"`) {
		t.Errorf("a 404 of the validation speaks of an organization, or not of the URL:\n%s", d)
	}
	unauthorized := &turso.APIError{Method: "GET", Path: turso.ValidatePath, StatusCode: 401}
	if d := apiTokenErrorDetail(unauthorized, setting{}); !strings.Contains(d, "The API token is invalid or expired") {
		t.Errorf("a 401 does not say the token is invalid:\n%s", d)
	}
}
