package turso

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Who can reach an organization: its members, its pending invites, its API tokens, and how long the
// client's own token stays valid.

// Member is one entry of GET /v1/organizations/{slug}/members.
type Member struct {
	Username string
	Role     string
	// Email is nil when the API leaves it out.
	Email *string
}

// Invite is one entry of GET /v2/organizations/{slug}/invites: a pending invitation. The v2 list
// carries no invite token.
type Invite struct {
	ID    string
	Email *string
	Role  string
	// CreatedAt is "created_at" exactly as sent; Created is its instant.
	CreatedAt string
	Created   time.Time
}

// APIToken is one entry of GET /v1/organizations/{slug}/api-tokens. No token carries an expiry or a
// last use.
type APIToken struct {
	Name string
	ID   string
	// Group is nil for an organization-wide token; Scopes is nil where the API sends none.
	Group         *string
	Scopes        []string
	OwnerUsername *string
	OwnerEmail    *string
	// CreatedAt is "created_at" exactly as sent (a date such as "2026-05-21"); Created is its instant.
	CreatedAt string
	Created   time.Time
}

// TokenValidity is GET /v1/auth/validate: when the client's own token expires.
type TokenValidity struct {
	// NeverExpires is the API's "exp": -1; ExpiresAt is then the zero time.
	NeverExpires bool
	ExpiresAt    time.Time
}

// ValidatePath is the API path of the token's validity, which belongs to no organization.
const ValidatePath = "/v1/auth/validate"

var (
	membersEndpoint   = endpoint[[]Member]{maxBytes: smallBodyLimit, decode: DecodeMembers}
	invitesEndpoint   = endpoint[[]Invite]{maxBytes: smallBodyLimit, decode: DecodeInvites}
	apiTokensEndpoint = endpoint[[]APIToken]{maxBytes: smallBodyLimit, decode: DecodeAPITokens}
	validateEndpoint  = endpoint[*TokenValidity]{maxBytes: smallBodyLimit, decode: DecodeTokenValidity}
)

// Members lists the organization's members, in the API's order.
func (c *Client) Members(ctx context.Context, slug string) ([]Member, error) {
	return membersEndpoint.get(ctx, c, slug, "/members")
}

// Invites lists the organization's pending invites from the v2 endpoint (the v1 list is gone). Plans
// without invites answer an error whose code begins "feature_not_available".
func (c *Client) Invites(ctx context.Context, slug string) ([]Invite, error) {
	return invitesEndpoint.getIn(ctx, c, "/v2", slug, "/invites")
}

// APITokens lists the organization's API tokens that the caller may see: owners and admins see every
// one, members and viewers their own; unrestricted tokens are not listed.
func (c *Client) APITokens(ctx context.Context, slug string) ([]APIToken, error) {
	return apiTokensEndpoint.get(ctx, c, slug, "/api-tokens")
}

// ValidateToken reads when the client's own token expires.
func (c *Client) ValidateToken(ctx context.Context) (*TokenValidity, error) {
	return validateEndpoint.getPath(ctx, c, ValidatePath)
}

type membersEnvelope struct {
	Members *[]struct {
		Username *string `json:"username"`
		Role     *string `json:"role"`
		Email    *string `json:"email"`
	} `json:"members"`
	Error jsontext.Value `json:"error"`
}

// DecodeMembers decodes a member list. Every member needs a username and a role.
func DecodeMembers(r io.Reader) ([]Member, error) {
	var env membersEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.Members == nil {
		return nil, missingObject("members", env.Error)
	}
	members := make([]Member, len(*env.Members))
	for i, m := range *env.Members {
		where := func(key string) string { return fmt.Sprintf("members[%d].%s", i, key) }
		if err := required(where("username"), m.Username); err != nil {
			return nil, err
		}
		if err := required(where("role"), m.Role); err != nil {
			return nil, err
		}
		members[i] = Member{Username: *m.Username, Role: *m.Role, Email: m.Email}
	}
	return members, nil
}

type invitesEnvelope struct {
	Invites *[]struct {
		ID        *string `json:"id"`
		Email     *string `json:"email"`
		Role      *string `json:"role"`
		CreatedAt *string `json:"created_at"`
	} `json:"invites"`
	Error jsontext.Value `json:"error"`
}

// DecodeInvites decodes an invite list. Every invite needs an id, a role and a created_at that is an
// RFC 3339 timestamp or a date.
func DecodeInvites(r io.Reader) ([]Invite, error) {
	var env invitesEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.Invites == nil {
		return nil, missingObject("invites", env.Error)
	}
	invites := make([]Invite, len(*env.Invites))
	for i, w := range *env.Invites {
		where := func(key string) string { return fmt.Sprintf("invites[%d].%s", i, key) }
		if err := required(where("id"), w.ID); err != nil {
			return nil, err
		}
		if err := required(where("role"), w.Role); err != nil {
			return nil, err
		}
		created, err := creationTime(where("created_at"), w.CreatedAt)
		if err != nil {
			return nil, err
		}
		invites[i] = Invite{ID: *w.ID, Email: w.Email, Role: *w.Role, CreatedAt: *w.CreatedAt, Created: created}
	}
	return invites, nil
}

type apiTokensEnvelope struct {
	Tokens *[]struct {
		Name   *string   `json:"name"`
		ID     *string   `json:"id"`
		Group  *string   `json:"group"`
		Scopes *[]string `json:"scopes"`
		Owner  *struct {
			Username *string `json:"username"`
			Email    *string `json:"email"`
		} `json:"owner"`
		CreatedAt *string `json:"created_at"`
	} `json:"tokens"`
	Error jsontext.Value `json:"error"`
}

// DecodeAPITokens decodes a token list. Every token needs a name, an id and a created_at that is a
// date or an RFC 3339 timestamp; an empty group is an organization-wide token, like an absent one.
func DecodeAPITokens(r io.Reader) ([]APIToken, error) {
	var env apiTokensEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.Tokens == nil {
		return nil, missingObject("tokens", env.Error)
	}
	tokens := make([]APIToken, len(*env.Tokens))
	for i, w := range *env.Tokens {
		where := func(key string) string { return fmt.Sprintf("tokens[%d].%s", i, key) }
		if err := required(where("name"), w.Name); err != nil {
			return nil, err
		}
		if err := required(where("id"), w.ID); err != nil {
			return nil, err
		}
		created, err := creationTime(where("created_at"), w.CreatedAt)
		if err != nil {
			return nil, err
		}
		t := APIToken{Name: *w.Name, ID: *w.ID, CreatedAt: *w.CreatedAt, Created: created}
		if w.Group != nil && *w.Group != "" {
			t.Group = w.Group
		}
		if w.Scopes != nil {
			t.Scopes = *w.Scopes
		}
		if w.Owner != nil {
			t.OwnerUsername, t.OwnerEmail = w.Owner.Username, w.Owner.Email
		}
		tokens[i] = t
	}
	return tokens, nil
}

type validateEnvelope struct {
	Exp   *int64         `json:"exp"`
	Error jsontext.Value `json:"error"`
}

// DecodeTokenValidity decodes the token's validity: "exp" is Unix seconds, or -1 for a token that
// does not expire.
func DecodeTokenValidity(r io.Reader) (*TokenValidity, error) {
	var env validateEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	switch {
	case env.Exp == nil:
		return nil, missingObject("exp", env.Error)
	case *env.Exp == -1:
		return &TokenValidity{NeverExpires: true}, nil
	case *env.Exp <= 0 || *env.Exp > maxUnixSeconds:
		return nil, &DecodeError{Where: "exp", Reason: fmt.Sprintf("is %d, want Unix seconds after 1970 and before 10000, or -1 for a token that does not expire", *env.Exp)}
	}
	return &TokenValidity{ExpiresAt: time.Unix(*env.Exp, 0).UTC()}, nil
}

// maxUnixSeconds is the last second of the year 9999: RFC 3339 has four digits for the year.
const maxUnixSeconds = 253402300799

// required refuses a string the API left out or sent empty.
func required(where string, s *string) error {
	if s == nil || *s == "" {
		return &DecodeError{Where: where, Reason: "is missing or empty"}
	}
	return nil
}

// creationTime parses a created_at: an RFC 3339 timestamp, or a date such as "2026-05-21" (UTC
// midnight).
func creationTime(where string, s *string) (time.Time, error) {
	if err := required(where, s); err != nil {
		return time.Time{}, err
	}
	if t, err := time.Parse(time.RFC3339, *s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, *s); err == nil {
		return t, nil
	}
	return time.Time{}, &DecodeError{Where: where, Reason: fmt.Sprintf("is %q, not a date such as \"2026-05-21\" or an RFC 3339 timestamp", *s)}
}
