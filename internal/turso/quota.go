package turso

import (
	"context"
	"fmt"
	"io"

	"github.com/go-json-experiment/json/jsontext"
)

// Subscription is GET /v1/organizations/{slug}/subscription: the organization's plan.
type Subscription struct {
	Name string
	// Plan is the plan's name as sent; with overages on it carries a "_overages" suffix.
	Plan string
	// Overages and Timeline are nil when the API omits them.
	Overages *bool
	Timeline *string
}

// Plan is one entry of GET /v1/organizations/{slug}/plans.
type Plan struct {
	Name   string
	Quotas PlanQuotas
}

// PlanQuotas are a plan's limits for one billing cycle. A quota that is 0, null or absent means
// unlimited; the API's keys are camelCase and storage is "storage" (bytes).
type PlanQuotas struct {
	RowsRead    Counter
	RowsWritten Counter
	Databases   Counter
	Locations   Counter
	Storage     Counter
	Groups      Counter
	BytesSynced Counter
}

// Organization is GET /v1/organizations/{slug}. Pointer fields are nil when the API omits them.
type Organization struct {
	Name          string
	Slug          string
	Type          string
	Overages      *bool
	BlockedReads  *bool
	BlockedWrites *bool
	PlanID        string
	PlanTimeline  string
	RequireMFA    *bool
	Platform      *string
}

var (
	subscriptionEndpoint = endpoint[*Subscription]{maxBytes: smallBodyLimit, decode: DecodeSubscription}
	plansEndpoint        = endpoint[[]Plan]{maxBytes: smallBodyLimit, decode: DecodePlans}
	organizationEndpoint = endpoint[*Organization]{maxBytes: smallBodyLimit, decode: DecodeOrganization}
)

// Subscription reads the organization's subscription.
func (c *Client) Subscription(ctx context.Context, slug string) (*Subscription, error) {
	return subscriptionEndpoint.get(ctx, c, slug, "/subscription")
}

// Plans reads the plans the organization can be on, with their quotas.
func (c *Client) Plans(ctx context.Context, slug string) ([]Plan, error) {
	return plansEndpoint.get(ctx, c, slug, "/plans")
}

// Organization reads the organization itself, including whether it is blocked for being over quota.
func (c *Client) Organization(ctx context.Context, slug string) (*Organization, error) {
	return organizationEndpoint.get(ctx, c, slug, "")
}

type subscriptionEnvelope struct {
	Subscription *struct {
		Name     *string `json:"name"`
		Plan     *string `json:"plan"`
		Overages *bool   `json:"overages"`
		Timeline *string `json:"timeline"`
	} `json:"subscription"`
	Error jsontext.Value `json:"error"`
}

// DecodeSubscription decodes a subscription response. The plan name is required; unknown keys are
// ignored; anything else that is not the documented shape is a *DecodeError naming the JSON path.
func DecodeSubscription(r io.Reader) (*Subscription, error) {
	var env subscriptionEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	s := env.Subscription
	if s == nil {
		return nil, missingObject("subscription", env.Error)
	}
	if s.Plan == nil || *s.Plan == "" {
		return nil, &DecodeError{Where: "subscription.plan", Reason: "is missing or empty"}
	}
	return &Subscription{Name: deref(s.Name), Plan: *s.Plan, Overages: s.Overages, Timeline: s.Timeline}, nil
}

type plansEnvelope struct {
	Plans *[]wirePlan    `json:"plans"`
	Error jsontext.Value `json:"error"`
}

type wirePlan struct {
	Name   *string     `json:"name"`
	Quotas *PlanQuotas `json:"quotas"`
}

// DecodePlans decodes a plans response, in the API's order. Every plan needs a name and a quotas
// object whose values are non-negative integers or null.
func DecodePlans(r io.Reader) ([]Plan, error) {
	var env plansEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.Plans == nil {
		return nil, missingObject("plans", env.Error)
	}
	plans := make([]Plan, len(*env.Plans))
	for i, p := range *env.Plans {
		where := fmt.Sprintf("plans[%d]", i)
		if p.Name == nil || *p.Name == "" {
			return nil, &DecodeError{Where: where + ".name", Reason: "is missing or empty"}
		}
		if p.Quotas == nil {
			return nil, &DecodeError{Where: where + ".quotas", Reason: "is missing or null"}
		}
		if err := checkCounters(where+".quotas", planQuotaFields, p.Quotas); err != nil {
			return nil, err
		}
		plans[i] = Plan{Name: *p.Name, Quotas: *p.Quotas}
	}
	return plans, nil
}

type organizationEnvelope struct {
	Organization *struct {
		Name          *string `json:"name"`
		Slug          *string `json:"slug"`
		Type          *string `json:"type"`
		Overages      *bool   `json:"overages"`
		BlockedReads  *bool   `json:"blocked_reads"`
		BlockedWrites *bool   `json:"blocked_writes"`
		PlanID        *string `json:"plan_id"`
		PlanTimeline  *string `json:"plan_timeline"`
		RequireMFA    *bool   `json:"require_mfa"`
		Platform      *string `json:"platform"`
	} `json:"organization"`
	Error jsontext.Value `json:"error"`
}

// DecodeOrganization decodes an organization response. Absent flags stay nil; a flag or name of
// the wrong JSON type is a *DecodeError naming the JSON path.
func DecodeOrganization(r io.Reader) (*Organization, error) {
	var env organizationEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	o := env.Organization
	if o == nil {
		return nil, missingObject("organization", env.Error)
	}
	return &Organization{
		Name:          deref(o.Name),
		Slug:          deref(o.Slug),
		Type:          deref(o.Type),
		Overages:      o.Overages,
		BlockedReads:  o.BlockedReads,
		BlockedWrites: o.BlockedWrites,
		PlanID:        deref(o.PlanID),
		PlanTimeline:  deref(o.PlanTimeline),
		RequireMFA:    o.RequireMFA,
		Platform:      o.Platform,
	}, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
