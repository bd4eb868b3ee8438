package turso_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func ptr[T any](v T) *T { return &v }

func TestAccessEndpoints_demo(t *testing.T) {
	_, url := faketurso.Start(t)
	c := newClient(t, fastOptions(url))
	ctx := context.Background()

	members, err := c.Members(ctx, faketurso.OrgDemo)
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 5 || members[0] != (turso.Member{Username: "ada", Role: "owner", Email: members[0].Email}) || *members[0].Email != "ada@example.com" {
		t.Errorf("members = %+v", members)
	}
	invites, err := c.Invites(ctx, faketurso.OrgDemo)
	if err != nil {
		t.Fatal(err)
	}
	wantInvites := []turso.Invite{{ID: "inv-7c2e41", Email: ptr("barbara@example.com"), Role: "member", CreatedAt: "2026-11-07T09:30:00Z", Created: time.Date(2026, 11, 7, 9, 30, 0, 0, time.UTC)}}
	if diff := cmp.Diff(wantInvites, invites); diff != "" {
		t.Errorf("invites (-want +got):\n%s", diff)
	}
	tokens, err := c.APITokens(ctx, faketurso.OrgLive)
	if err != nil {
		t.Fatal(err)
	}
	wantTokens := []turso.APIToken{
		{Name: "old-org-wide", ID: "tok-live-1", OwnerUsername: ptr("owner-1"), OwnerEmail: ptr("owner-1@example.com"), CreatedAt: "2025-01-02", Created: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
		{Name: "group-no-scopes", ID: "tok-live-2", Group: ptr("default"), OwnerUsername: ptr("dev"), OwnerEmail: ptr("dev@example.com"), CreatedAt: "2026-11-10", Created: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)},
		// An empty group is an organization-wide token, like an absent one.
		{Name: "no-owner", ID: "tok-live-3", CreatedAt: "2026-11-09", Created: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)},
	}
	if diff := cmp.Diff(wantTokens, tokens); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
	demoTokens, err := c.APITokens(ctx, faketurso.OrgDemo)
	if err != nil || !cmp.Equal(demoTokens[1].Scopes, []string{"read", "group:mint-token"}) {
		t.Errorf("demo tokens = %+v, %v; want the group token's scopes in the order sent", demoTokens, err)
	}
}

func TestValidateToken(t *testing.T) {
	_, url := faketurso.Start(t)
	v, err := newClient(t, fastOptions(url)).ValidateToken(context.Background())
	if err != nil || v.NeverExpires || !v.ExpiresAt.Equal(faketurso.TokenExpiresAt) || v.ExpiresAt.Location() != time.UTC {
		t.Errorf("validity = %+v, %v; want expiry at %s UTC", v, err, faketurso.TokenExpiresAt)
	}
	opts := fastOptions(url)
	opts.Token = faketurso.NeverExpiringToken
	v, err = newClient(t, opts).ValidateToken(context.Background())
	if err != nil || !v.NeverExpires || !v.ExpiresAt.IsZero() {
		t.Errorf("validity = %+v, %v; want a token that never expires", v, err)
	}
}

// Each decoder refuses what it cannot use, naming the JSON path.
func TestAccessDecoders_malformed(t *testing.T) {
	decoders := map[string]func(string) error{
		"members": func(s string) error { _, err := turso.DecodeMembers(strings.NewReader(s)); return err },
		"invites": func(s string) error { _, err := turso.DecodeInvites(strings.NewReader(s)); return err },
		"tokens":  func(s string) error { _, err := turso.DecodeAPITokens(strings.NewReader(s)); return err },
		"exp":     func(s string) error { _, err := turso.DecodeTokenValidity(strings.NewReader(s)); return err },
	}
	for _, tc := range []struct {
		decoder, body, where, reason string
	}{
		{"members", `{}`, "members", "is missing or null"},
		{"members", `{"error":"not a member"}`, "", `the API answered 200 OK with an error instead of "members": not a member`},
		{"members", `{"members":[{"username":"a"}]}`, "members[0].role", "is missing or empty"},
		{"members", `{"members":[{"role":"owner","username":""}]}`, "members[0].username", "is missing or empty"},
		{"members", `{"members":[{"username":"a","role":"owner","email":7}]}`, "members[0].email", "is a JSON number, want a string"},
		{"invites", `{"invites":[{"role":"member","created_at":"2026-11-07T09:30:00Z"}]}`, "invites[0].id", "is missing or empty"},
		{"invites", `{"invites":[{"id":"i","role":"member","created_at":"last week"}]}`, "invites[0].created_at", `is "last week", not a date such as "2026-05-21" or an RFC 3339 timestamp`},
		{"invites", `{"invites":[{"id":"i","role":"member"}]}`, "invites[0].created_at", "is missing or empty"},
		{"tokens", `{"tokens":[{"id":"t","created_at":"2026-05-21"}]}`, "tokens[0].name", "is missing or empty"},
		{"tokens", `{"tokens":[{"name":"n","id":"t","created_at":"2026-05-21","scopes":"read"}]}`, "tokens[0].scopes", "is a JSON string, want an array"},
		{"tokens", `{"tokens":[{"name":"n","id":"t","created_at":"21/05/2026"}]}`, "tokens[0].created_at", `is "21/05/2026", not a date`},
		{"exp", `{}`, "exp", "is missing or null"},
		{"exp", `{"exp":-2}`, "exp", "is -2, want Unix seconds after 1970 and before 10000, or -1 for a token that does not expire"},
		{"exp", `{"exp":0}`, "exp", "is 0, want Unix seconds"},
		{"exp", `{"exp":253402300800}`, "exp", "is 253402300800, want Unix seconds"},
		{"exp", `{"exp":1.5}`, "exp", "is a JSON number, want a whole number"},
		{"exp", `{"exp":"1767139200"}`, "exp", "is a JSON string, want a whole number"},
	} {
		err := decoders[tc.decoder](tc.body)
		var de *turso.DecodeError
		if !errors.As(err, &de) || de.Where != tc.where || !strings.HasPrefix(de.Reason, tc.reason) {
			t.Errorf("%s %s: err = %v, want %s: %s", tc.decoder, tc.body, err, tc.where, tc.reason)
		}
	}
}

// echoedPieces are the ways a server sends the token back: whole, as a piece of 16 characters, or
// behind a JSON escape (\u0074 is "t", the token's first character).
var echoedPieces = map[string]func(string) string{
	"whole":   func(tok string) string { return tok },
	"a piece": func(tok string) string { return "id-" + tok[20:36] + "-end" },
	"escaped": func(tok string) string { return `\u0074` + tok[1:] },
}

// A server that sends the caller's token back in a 200, as data the client keeps (a member's name, a
// token's name, an invite's e-mail), whole, as any piece of 16 characters, or behind JSON escapes:
// what the client returns holds "[REDACTED]" where the token was, never a piece of it.
func TestAccessEndpoints_tokenEchoedIn200IsRedacted(t *testing.T) {
	for _, e := range []struct {
		name, path, body string
		call             func(c *turso.Client) (any, error)
	}{
		{"members", faketurso.MembersPath("acme"), `{"members":[{"username":"{token}","role":"owner","email":"x{token}@example.com"}]}`,
			func(c *turso.Client) (any, error) { return c.Members(context.Background(), "acme") }},
		{"invites", faketurso.InvitesPath("acme"), `{"invites":[{"id":"{token}","email":"{token}","role":"admin","created_at":"2026-11-07"}]}`,
			func(c *turso.Client) (any, error) { return c.Invites(context.Background(), "acme") }},
		{"API tokens", faketurso.APITokensPath("acme"), `{"tokens":[{"name":"{token}","id":"t","group":"{token}","scopes":["{token}"],"owner":{"username":"{token}","email":"{token}"},"created_at":"2026-05-21"}]}`,
			func(c *turso.Client) (any, error) { return c.APITokens(context.Background(), "acme") }},
		{"organization", faketurso.OrganizationPath("acme"), `{"organization":{"name":"{token}","slug":"acme","platform":"{token}"}}`,
			func(c *turso.Client) (any, error) { return c.Organization(context.Background(), "acme") }},
	} {
		t.Run(e.name, func(t *testing.T) {
			fake, url := faketurso.Start(t)
			opts := fastOptions(url)
			opts.Token = echoToken
			c := newClient(t, opts)
			for name, piece := range echoedPieces {
				fake.Script(e.path, faketurso.EchoTokenInJSON(http.StatusOK, e.body, piece))
				got, err := e.call(c)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				b, _ := json.Marshal(got)
				if p := tokenPiece(string(b)); p != "" {
					t.Errorf("%s: the result holds %q of the token: %s", name, p, b)
				}
				if !strings.Contains(string(b), "[REDACTED]") {
					t.Errorf("%s: the result does not say where the token was: %s", name, b)
				}
			}
		})
	}
}

// Invalid UTF-8 in a value the client keeps is a malformed response, naming where.
func TestAccessEndpoints_invalidUTF8(t *testing.T) {
	for _, e := range []struct {
		path, body, where string
		call              func(c *turso.Client) error
	}{
		{faketurso.MembersPath("acme"), "{\"members\":[{\"username\":\"a\xffb\",\"role\":\"owner\"}]}", "members[0].username",
			func(c *turso.Client) error { _, err := c.Members(context.Background(), "acme"); return err }},
		{faketurso.InvitesPath("acme"), "{\"invites\":[{\"id\":\"i\",\"email\":\"\xfe@x\",\"role\":\"admin\",\"created_at\":\"2026-11-07\"}]}", "invites[0].email",
			func(c *turso.Client) error { _, err := c.Invites(context.Background(), "acme"); return err }},
		{faketurso.APITokensPath("acme"), "{\"tokens\":[{\"name\":\"n\xff\",\"id\":\"t\",\"created_at\":\"2026-05-21\"}]}", "tokens[0].name",
			func(c *turso.Client) error { _, err := c.APITokens(context.Background(), "acme"); return err }},
	} {
		fake, url := faketurso.Start(t)
		fake.Script(e.path, faketurso.Fault{Body: []byte(e.body)})
		err := e.call(newClient(t, fastOptions(url)))
		var de *turso.DecodeError
		if !errors.As(err, &de) || de.Where != e.where || de.Reason != "invalid UTF-8" {
			t.Errorf("%s: err = %v, want %s: invalid UTF-8", e.path, err, e.where)
		}
	}
}

// A token shorter than the redactor's pieces is redacted in short strings too, which the client
// otherwise keeps one copy of without looking for the token.
func TestShortTokenEchoedIn200IsRedacted(t *testing.T) {
	fake, url := faketurso.Start(t)
	const short = "tok_short12"
	fake.SetTokens(short)
	fake.Script(faketurso.MembersPath("acme"), faketurso.EchoTokenInJSON(http.StatusOK,
		`{"members":[{"username":"{token}","role":"owner"},{"username":"a{token}","role":"owner"}]}`, func(tok string) string { return tok }))
	opts := fastOptions(url)
	opts.Token = short
	members, err := newClient(t, opts).Members(context.Background(), "acme")
	if err != nil || members[0].Username != "[REDACTED]" || members[1].Username != "a[REDACTED]" {
		t.Fatalf("members = %+v, %v; want the short token redacted", members, err)
	}
}

// The usage's UUIDs and the top queries' texts are decoded past the redacting string decoder (into
// reused buffers, or kept long): a server that echoes the token there, whole, as a piece or behind an
// escape, gets "[REDACTED]" into what the client returns, never a piece of the token.
func TestUsageAndTopQueries_tokenEchoedIn200IsRedacted(t *testing.T) {
	const counters = `{"rows_read":1,"rows_written":2,"storage_bytes":3,"bytes_synced":4}`
	for _, e := range []struct {
		name, path, body string
		call             func(c *turso.Client) (any, error)
	}{
		{"usage", faketurso.UsagePath("acme"),
			`{"organization":{"uuid":"{token}","usage":{"rows_read":1},"databases":[` +
				`{"uuid":"{token}","instances":[{"uuid":"i-{token}","usage":` + counters + `}],"total":` + counters + `},` +
				`{"uuid":"00000000-0000-4000-8000-000000000000","instances":[{"uuid":"{token}-i","usage":` + counters + `}],"total":` + counters + `}]}}`,
			func(c *turso.Client) (any, error) {
				u, err := c.OrganizationUsage(context.Background(), "acme")
				if err != nil {
					return nil, err
				}
				return []any{u.UUID, u.Databases.Database(0), u.Databases.Database(1)}, nil
			}},
		{"top queries", faketurso.TopQueriesPath("acme", "db1", "usage/queries"),
			`[{"query":"SELECT '{token}'","rows_read":1,"rows_written":0}]`,
			func(c *turso.Client) (any, error) {
				return c.TopQueries(context.Background(), "acme", "db1", "2026-11-01T00:00:00Z")
			}},
		{"stats", faketurso.TopQueriesPath("acme", "db1", "stats"),
			`{"top_queries":[{"query":"SELECT '{token}'","rows_read":1,"rows_written":0}]}`,
			func(c *turso.Client) (any, error) {
				return c.TopQueries(context.Background(), "acme", "db1", "2026-11-01T00:00:00Z")
			}},
	} {
		t.Run(e.name, func(t *testing.T) {
			fake, url := faketurso.Start(t)
			opts := fastOptions(url)
			opts.Token = echoToken
			c := newClient(t, opts)
			for name, piece := range echoedPieces {
				if e.name == "stats" {
					fake.Script(faketurso.TopQueriesPath("acme", "db1", "usage/queries"), faketurso.Fault{Status: http.StatusNotFound, Body: []byte(`{"error":"not found"}`)})
				}
				fake.Script(e.path, faketurso.EchoTokenInJSON(http.StatusOK, e.body, piece))
				got, err := e.call(c)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				b, _ := json.Marshal(got)
				if p := tokenPiece(string(b)); p != "" {
					t.Errorf("%s: the result holds %q of the token: %s", name, p, b)
				}
				if n := strings.Count(string(b), "[REDACTED]"); n < 1 || (e.name == "usage" && n < 4) {
					t.Errorf("%s: the result says %d times where the token was: %s", name, n, b)
				}
			}
		})
	}
}
