package faketurso

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Who can reach the fixture organizations (fixtures/members_<slug>.json, invites_<slug>.json,
// api_tokens_<slug>.json):
//   - demo: two owners, an admin, a member and a viewer; one invite pending since 2026-11-07; an
//     organization-wide token of 2026-10-01 and a group token of 2026-06-15, both with owners;
//   - live: three owners and a role of its own ("billing", without an e-mail); two invites, one
//     sent at +02:00; an organization-wide token of 2025-01-02, a group token without scopes and a
//     token without an owner whose group is "";
//   - blocked: on the starter plan, one owner, no tokens, and invites refused with the plan-gate code;
//   - nulls: null for every value the API may leave out: e-mails, groups, scopes, owners.
var accessOrganizations = []string{OrgDemo, OrgLive, OrgBlocked, OrgNulls}

// StarterPlanInvitesError is the body of the fake's 403 for invites on a plan without them.
const StarterPlanInvitesError = `{"error":"invites are not available on the starter plan","code":"feature_not_available_for_starter_plan"}`

// NeverExpiringToken is a second token the fake accepts, one that /v1/auth/validate says never
// expires (exp -1). Token expires at TokenExpiresAt.
const NeverExpiringToken = "fake-turso-token-never-expires-51d0"

// TokenExpiresAt is when /v1/auth/validate says Token expires.
var TokenExpiresAt = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)

// MembersPath is the API path of an organization's members.
func MembersPath(slug string) string { return "/v1/organizations/" + slug + "/members" }

// InvitesPath is the API path of an organization's pending invites, in version 2 of the API.
func InvitesPath(slug string) string { return "/v2/organizations/" + slug + "/invites" }

// APITokensPath is the API path of an organization's API tokens.
func APITokensPath(slug string) string { return "/v1/organizations/" + slug + "/api-tokens" }

// ValidatePath is the API path of the token's own validity.
const ValidatePath = "/v1/auth/validate"

// SetTokenExpiry makes /v1/auth/validate answer exp (Unix seconds, or -1) for token, and accepts it.
func (s *Server) SetTokenExpiry(token string, exp int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = true
	s.expiries[token] = exp
}

// serveAccess registers the members, invites, API tokens and validate endpoints and their fixtures.
func (s *Server) serveAccess() {
	s.expiries = map[string]int64{}
	s.SetTokenExpiry(Token, TokenExpiresAt.Unix())
	s.SetTokenExpiry(NeverExpiringToken, -1)
	for _, slug := range accessOrganizations {
		s.SetBody(MembersPath(slug), Fixture("members_"+slug+".json"))
		s.SetBody(APITokensPath(slug), Fixture("api_tokens_"+slug+".json"))
		if !slices.Contains(starterPlanOrganizations, slug) {
			s.SetBody(InvitesPath(slug), Fixture("invites_"+slug+".json"))
		}
	}
	s.mux.HandleFunc("GET /v1/organizations/{slug}/members", s.serveFixture)
	s.mux.HandleFunc("GET /v1/organizations/{slug}/api-tokens", s.serveFixture)
	s.mux.HandleFunc("GET /v2/organizations/{slug}/invites", s.serveInvites)
	s.mux.HandleFunc("GET "+ValidatePath, s.serveValidate)
}

func (s *Server) serveInvites(w http.ResponseWriter, r *http.Request) {
	if slices.Contains(starterPlanOrganizations, r.PathValue("slug")) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(StarterPlanInvitesError))
		return
	}
	s.serveFixture(w, r)
}

func (s *Server) serveValidate(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	exp, ok := s.expiries[bearer(r)]
	s.mu.Unlock()
	if !ok {
		exp = TokenExpiresAt.Unix()
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = fmt.Fprintf(w, `{"exp":%d}`, exp)
}
