package provider

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// What the data sources of who can reach an organization share: turso_organization,
// turso_organization_members, turso_organization_api_tokens and turso_api_token.

// organizationAttributeOf is organizationAttribute whose plan-time error names the data source, as in
// "Invalid Organization for API Tokens".
func organizationAttributeOf(what string) schema.StringAttribute {
	a := organizationAttribute()
	check := slugCheck
	check.summary = "Invalid Organization for " + what
	a.Validators = []validator.String{check.validator(`this data source's "organization" argument`)}
	return a
}

// secondsPerDay counts whole days on Unix seconds: a duration would saturate for an expiry in the
// year 9999.
const secondsPerDay = 24 * 60 * 60

// wholeDays is how many whole days from from to to, rounded down (negative when to is earlier).
func wholeDays(from, to time.Time) int64 {
	d := to.Unix() - from.Unix()
	days := d / secondsPerDay
	if d < 0 && d%secondsPerDay != 0 {
		days--
	}
	return days
}

// ageDays is how old something created at created is at now, in whole days; never negative, for a
// server clock a little ahead of the provider's.
func ageDays(created, now time.Time) types.Int64 {
	return types.Int64Value(max(wholeDays(created, now), 0))
}

// optionalString is null for a string the API left out.
func optionalString(s *string) types.String {
	if s == nil {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

// presentString is null for a string the API left out or sent empty: the client reads both as "".
func presentString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// planGated reports an API error that says the organization's plan lacks the feature, with a code
// such as "feature_not_available_for_starter_plan".
func planGated(err error) (*turso.APIError, bool) {
	var apiErr *turso.APIError
	return apiErr, errors.As(err, &apiErr) && strings.HasPrefix(apiErr.Code, featureNotAvailable)
}

// whoSeesTokens is what the API shows of the token list to whom, as the docs and the 403 say it.
const whoSeesTokens = "Owners and admins see every token of the organization, with its owner; members and viewers " +
	"see only the tokens they minted themselves. Unrestricted (cross-organization) tokens are never listed."

// refusedDetail is the detail of a 403: what the API answered, then which role sees what.
func refusedDetail(err error, slug, roles string) string {
	return fmt.Sprintf("The Turso API answered %s.\n\n%s Use a platform API token minted for organization %q "+
		"(`turso auth api-tokens mint NAME`) by a member with that role; a read-only token is enough.", err, roles, slug)
}
