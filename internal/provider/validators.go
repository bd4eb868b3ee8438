package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// stringCheck adapts a pure check to a plan-time validator. Unknown and null values pass: they are
// checked again once known, or resolved from the environment in Configure.
type stringCheck struct {
	description string
	summary     string
	check       func(string) string // returns the problem, or ""
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, problem)
	}
}

// slugValidator refuses organization slugs that would change or re-encode the request path.
func slugValidator() validator.String {
	return stringCheck{
		description: "must be an organization slug: letters, digits, '-', '_' and '.', without '..'",
		summary:     "Invalid Turso Organization",
		check: func(s string) string {
			if err := turso.CheckOrganizationSlug(s); err != nil {
				return "The organization slug " + quote(s) + " " + err.Error() +
					". Use the slug shown by `turso org list`."
			}
			return ""
		},
	}
}

// tokenValidator checks the token after trimming; its messages never echo the token.
func tokenValidator() validator.String {
	return stringCheck{
		description: "must be a Turso Platform API token without inner whitespace or control characters",
		summary:     "Invalid Turso API Token",
		check: func(s string) string {
			if err := turso.CheckToken(strings.TrimSpace(s)); err != nil {
				return "The provider's \"api_token\" argument is not usable: " + err.Error() +
					". The token itself is not shown. Mint a new one with `turso auth api-tokens mint NAME`."
			}
			return ""
		},
	}
}

// apiURLValidator enforces https, except for loopback hosts.
func apiURLValidator() validator.String {
	return stringCheck{
		description: "must be an https URL, or http to a loopback host",
		summary:     "Invalid Turso API URL",
		check: func(s string) string {
			if _, err := turso.ParseBaseURL(s); err != nil {
				return "The provider's \"api_url\" " + quote(s) + " " + err.Error() + "."
			}
			return ""
		},
	}
}

func quote(s string) string { return strconv.Quote(s) }
