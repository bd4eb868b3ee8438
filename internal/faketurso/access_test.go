package faketurso

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAccess_validateAnswersPerToken(t *testing.T) {
	fake := New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	for token, want := range map[string]string{Token: `{"exp":1798675200}`, NeverExpiringToken: `{"exp":-1}`} {
		status, body := Get(t, srv.URL+ValidatePath, token)
		if status != http.StatusOK || string(body) != want {
			t.Errorf("validate with %s: %d %s, want %s", token, status, body, want)
		}
	}
	if status, _ := Get(t, srv.URL+ValidatePath, "other"); status != http.StatusUnauthorized {
		t.Errorf("validate with an unknown token: %d, want 401", status)
	}
}

func TestAccess_starterPlanHasNoInvites(t *testing.T) {
	fake := New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	status, body := Get(t, srv.URL+InvitesPath(OrgBlocked), Token)
	if status != http.StatusForbidden || !strings.Contains(string(body), `"code":"feature_not_available_for_starter_plan"`) {
		t.Errorf("starter invites: %d %s, want a 403 with the plan-gate code", status, body)
	}
	for _, path := range []string{MembersPath(OrgBlocked), APITokensPath(OrgBlocked), InvitesPath(OrgDemo), MembersPath(OrgLive)} {
		status, body := Get(t, srv.URL+path, Token)
		if status != http.StatusOK || !json.Valid(body) {
			t.Errorf("%s: %d %s", path, status, body)
		}
	}
}

// The demo organization has every standard role, a pending invite, and organization-wide and group
// tokens with owners.
func TestAccess_demoFixtures(t *testing.T) {
	var members struct{ Members []struct{ Role string } }
	if err := json.Unmarshal(Fixture("members_demo.json"), &members); err != nil {
		t.Fatal(err)
	}
	roles := map[string]bool{}
	for _, m := range members.Members {
		roles[m.Role] = true
	}
	for _, r := range []string{"owner", "admin", "member", "viewer"} {
		if !roles[r] {
			t.Errorf("no %s in the demo's members", r)
		}
	}
	var tokens struct {
		Tokens []struct {
			Group *string
			Owner *struct{ Username string }
		}
	}
	if err := json.Unmarshal(Fixture("api_tokens_demo.json"), &tokens); err != nil {
		t.Fatal(err)
	}
	var orgWide, group int
	for _, tok := range tokens.Tokens {
		if tok.Owner == nil {
			t.Error("a demo token has no owner")
		}
		if tok.Group == nil {
			orgWide++
		} else {
			group++
		}
	}
	if orgWide == 0 || group == 0 {
		t.Errorf("%d organization-wide and %d group tokens, want some of each", orgWide, group)
	}
}
