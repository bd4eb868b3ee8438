package faketurso

// Organizations served only for the quota endpoints' scenarios. Every fixture organization (these
// and those above) has a usage, a subscription, an organization record and the same plan list:
//   - reference: starter plan, usage exactly at every quota (100%, nothing exceeded);
//   - live: "scaler_overages" subscription with extra keys; rows read and storage far over quota;
//   - demo: scaler plan, everything under quota (the demo's table);
//   - empty: starter plan, nothing used;
//   - blocked, pro and nulls, below.
const (
	// OrgBlocked is on the starter plan, over its rows-written and storage quotas and under the
	// others, with writes blocked.
	OrgBlocked = "blocked"
	// OrgPro is on "pro_overages": its plan's databases quota is null and its locations and groups
	// quotas are 0 (all three unlimited); rows written are over quota, the rest under.
	OrgPro = "pro"
	// OrgNulls sends null for every value the API may leave out: every counter of the organization,
	// of its databases' totals and of their instances; a database's name and group (one database is
	// not in the list, the other has no group); the subscription's overages and timeline; the
	// organization's blocks. Its plan, enterprise, has no quotas.
	OrgNulls = "nulls"
)

// quotaOrganizations are the organizations with quota fixtures.
var quotaOrganizations = []string{OrgReference, OrgLive, OrgDemo, OrgEmpty, OrgBlocked, OrgPro, OrgNulls}

// SubscriptionPath is the API path of an organization's subscription.
func SubscriptionPath(slug string) string { return "/v1/organizations/" + slug + "/subscription" }

// PlansPath is the API path of the plans an organization can be on.
func PlansPath(slug string) string { return "/v1/organizations/" + slug + "/plans" }

// OrganizationPath is the API path of an organization.
func OrganizationPath(slug string) string { return "/v1/organizations/" + slug }

// SetSubscription serves body as the subscription of organization slug.
func (s *Server) SetSubscription(slug string, body []byte) { s.SetBody(SubscriptionPath(slug), body) }

// SetPlans serves body as the plan list of organization slug.
func (s *Server) SetPlans(slug string, body []byte) { s.SetBody(PlansPath(slug), body) }

// SetOrganization serves body as organization slug itself.
func (s *Server) SetOrganization(slug string, body []byte) { s.SetBody(OrganizationPath(slug), body) }

// serveQuota registers the subscription, plans and organization endpoints and their fixtures.
func (s *Server) serveQuota() {
	plans := Fixture("plans.json")
	for _, slug := range quotaOrganizations {
		s.SetSubscription(slug, Fixture("subscription_"+slug+".json"))
		s.SetOrganization(slug, Fixture("organization_"+slug+".json"))
		s.SetPlans(slug, plans)
	}
	s.SetUsage(OrgBlocked, Fixture("usage_blocked.json"))
	s.SetUsage(OrgPro, Fixture("usage_pro.json"))
	s.SetUsage(OrgNulls, Fixture("usage_nulls.json"))
	s.mux.HandleFunc("GET /v1/organizations/{slug}/subscription", s.serveFixture)
	s.mux.HandleFunc("GET /v1/organizations/{slug}/plans", s.serveFixture)
	s.mux.HandleFunc("GET /v1/organizations/{slug}", s.serveFixture)
}
