package turso

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	RowsRead    Counter `json:"rowsRead"`
	RowsWritten Counter `json:"rowsWritten"`
	Databases   Counter `json:"databases"`
	Locations   Counter `json:"locations"`
	Storage     Counter `json:"storage"`
	Groups      Counter `json:"groups"`
	BytesSynced Counter `json:"bytesSynced"`
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
}

// Subscription reads the organization's subscription.
func (c *Client) Subscription(ctx context.Context, slug string) (*Subscription, error) {
	return getDecoded(ctx, c, slug, "/subscription", DecodeSubscription)
}

// Plans reads the plans the organization can be on, with their quotas.
func (c *Client) Plans(ctx context.Context, slug string) ([]Plan, error) {
	return getDecoded(ctx, c, slug, "/plans", DecodePlans)
}

// Organization reads the organization itself, including whether it is blocked for being over quota.
func (c *Client) Organization(ctx context.Context, slug string) (*Organization, error) {
	return getDecoded(ctx, c, slug, "", DecodeOrganization)
}

type subscriptionEnvelope struct {
	Subscription *struct {
		Name     *string `json:"name"`
		Plan     *string `json:"plan"`
		Overages *bool   `json:"overages"`
		Timeline *string `json:"timeline"`
	} `json:"subscription"`
	Error json.RawMessage `json:"error"`
}

// DecodeSubscription decodes a subscription response. The plan name is required; unknown keys are
// ignored; anything else that is not the documented shape is a *DecodeError naming the JSON path.
func DecodeSubscription(body []byte) (*Subscription, error) {
	var env subscriptionEnvelope
	if err := unmarshalObject(body, &env); err != nil {
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
	Plans *[]json.RawMessage `json:"plans"`
	Error json.RawMessage    `json:"error"`
}

type wirePlan struct {
	Name   *string     `json:"name"`
	Quotas *PlanQuotas `json:"quotas"`
}

// DecodePlans decodes a plans response, in the API's order. Every plan needs a name and a quotas
// object whose values are non-negative integers or null.
func DecodePlans(body []byte) ([]Plan, error) {
	var env plansEnvelope
	if err := unmarshalObject(body, &env); err != nil {
		return nil, err
	}
	if env.Plans == nil {
		return nil, missingObject("plans", env.Error)
	}
	plans := make([]Plan, len(*env.Plans))
	for i, raw := range *env.Plans {
		where := fmt.Sprintf("plans[%d]", i)
		if raw[0] != '{' {
			return nil, &DecodeError{Where: where, Reason: "is " + jsonValueKind(raw) + ", want an object"}
		}
		var p wirePlan
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, elementError(where, err)
		}
		if p.Name == nil || *p.Name == "" {
			return nil, &DecodeError{Where: where + ".name", Reason: "is missing or empty"}
		}
		if p.Quotas == nil {
			return nil, &DecodeError{Where: where + ".quotas", Reason: "is missing or null"}
		}
		if name, problem := p.Quotas.firstProblem(); problem != "" {
			return nil, &DecodeError{Where: where + ".quotas." + name, Reason: problem}
		}
		plans[i] = Plan{Name: *p.Name, Quotas: *p.Quotas}
	}
	return plans, nil
}

func (q *PlanQuotas) firstProblem() (name, problem string) {
	for _, f := range [...]struct {
		name string
		c    Counter
	}{
		{"rowsRead", q.RowsRead}, {"rowsWritten", q.RowsWritten}, {"databases", q.Databases},
		{"locations", q.Locations}, {"storage", q.Storage}, {"groups", q.Groups},
		{"bytesSynced", q.BytesSynced},
	} {
		if p := f.c.problem(); p != "" {
			return f.name, p
		}
	}
	return "", ""
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
	} `json:"organization"`
	Error json.RawMessage `json:"error"`
}

// DecodeOrganization decodes an organization response. Absent flags stay nil; a flag or name of
// the wrong JSON type is a *DecodeError naming the JSON path.
func DecodeOrganization(body []byte) (*Organization, error) {
	var env organizationEnvelope
	if err := unmarshalObject(body, &env); err != nil {
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
	}, nil
}

// elementError names the JSON path of a type error inside one element of an array; the body was
// already parsed whole, so no other error can happen here.
func elementError(where string, err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return &DecodeError{Where: where + "." + typeErr.Field, Reason: fmt.Sprintf("is a JSON %s, want %s", typeErr.Value, jsonKind(typeErr.Type.Kind().String()))}
	}
	return &DecodeError{Where: where, Reason: err.Error()}
}

// jsonValueKind names the kind of a syntactically valid JSON value.
func jsonValueKind(raw json.RawMessage) string {
	switch raw[0] {
	case 'n':
		return "null"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case '[':
		return "an array"
	case '{':
		return "an object"
	}
	return "a number"
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
