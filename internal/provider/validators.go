package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// settingCheck is one setting's check and the wording of its error, shared by the plan-time
// validators and by Configure, which checks what the environment supplied.
type settingCheck struct {
	summary     string
	description string
	// problem explains what is wrong with value, which came from source, or returns "".
	problem func(value, source string) string
}

var (
	// tokenCheck checks the token after trimming; its messages never echo the token.
	tokenCheck = settingCheck{
		summary:     "Invalid Turso API Token",
		description: "must be a Turso Platform API token without inner whitespace or control characters",
		problem: func(value, source string) string {
			if err := turso.CheckToken(strings.TrimSpace(value)); err != nil {
				return "The API token from " + source + " is not usable: " + err.Error() +
					". The token itself is not shown. Mint a new one with `turso auth api-tokens mint NAME`."
			}
			return ""
		},
	}
	// slugCheck refuses organization slugs that would change or re-encode the request path.
	slugCheck = settingCheck{
		summary:     "Invalid Turso Organization",
		description: "must be an organization slug: letters, digits, '-', '_' and '.', without '..'",
		problem: func(value, source string) string {
			if err := turso.CheckOrganizationSlug(value); err != nil {
				return "The organization slug " + strconv.Quote(value) + " from " + source + " " + err.Error() +
					". Use the slug shown by `turso org list`."
			}
			return ""
		},
	}
	// databaseNameCheck refuses database names that would change or re-encode the request path.
	databaseNameCheck = settingCheck{
		summary:     "Invalid Turso Database Name",
		description: "must be a database name: letters, digits, '-', '_' and '.', without '..'",
		problem: func(value, source string) string {
			if err := turso.CheckDatabaseName(value); err != nil {
				return "The database name " + strconv.Quote(value) + " from " + source + " " + err.Error() +
					". Use the name shown by `turso db list`."
			}
			return ""
		},
	}
	// timestampCheck accepts the RFC 3339 timestamps, with a zone, that bound a usage window.
	timestampCheck = settingCheck{
		summary:     "Invalid Usage Window",
		description: "must be an RFC 3339 timestamp with a zone",
		problem: func(value, source string) string {
			if err := turso.CheckTimestamp(value); err != nil {
				return "The timestamp " + strconv.Quote(value) + " from " + source + " " + err.Error() +
					". `timeadd(plantimestamp(), \"-24h\")` is 24 hours before the plan, for example."
			}
			return ""
		},
	}
	// apiURLCheck enforces https, except for loopback hosts.
	apiURLCheck = settingCheck{
		summary:     "Invalid Turso API URL",
		description: "must be an https URL, or http to a loopback host",
		problem: func(value, source string) string {
			if _, err := turso.ParseBaseURL(value); err != nil {
				return "The API URL " + strconv.Quote(value) + " from " + source + " " + err.Error() + "."
			}
			return ""
		},
	}
)

// titled is the same check under another summary, for an argument whose data source the default
// summary does not fit.
func (c settingCheck) titled(summary string) settingCheck {
	c.summary = summary
	return c
}

// validator adapts the check to a plan-time validator of the argument named by source. Unknown and
// null values pass: they are checked again once known, or resolved from the environment in Configure.
func (c settingCheck) validator(source string) validator.String {
	return stringValidator{check: c, source: source}
}

type stringValidator struct {
	check  settingCheck
	source string
}

var _ validator.String = stringValidator{}

func (v stringValidator) Description(context.Context) string         { return v.check.description }
func (v stringValidator) MarkdownDescription(context.Context) string { return v.check.description }

func (v stringValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check.problem(req.ConfigValue.ValueString(), v.source); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.check.summary, problem)
	}
}

func slugValidator(source string) validator.String { return slugCheck.validator(source) }

// titledInt64 runs a framework validator and gives its errors a summary that names the argument.
type titledInt64 struct {
	validator.Int64
	summary string
}

func (v titledInt64) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	var inner validator.Int64Response
	v.Int64.ValidateInt64(ctx, req, &inner)
	for _, d := range inner.Diagnostics {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, d.Detail())
	}
}
