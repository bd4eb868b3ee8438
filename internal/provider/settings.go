package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// setting is a resolved value and where it came from, for error messages that say what to fix.
type setting struct {
	value  string
	source string // e.g. `the provider's "api_token" argument` or `the TURSO_API_TOKEN environment variable`
}

func (s setting) isSet() bool { return s.value != "" }

type providerSettings struct {
	token, organization, apiURL setting
}

// resolve prefers the provider block, then the first non-empty environment variable.
func resolve(cfg types.String, attribute string, getenv func(string) string, envNames []string) setting {
	if !cfg.IsNull() && !cfg.IsUnknown() {
		return setting{value: cfg.ValueString(), source: fmt.Sprintf("the provider's %q argument", attribute)}
	}
	for _, name := range envNames {
		if v := getenv(name); v != "" {
			return setting{value: v, source: "the " + name + " environment variable"}
		}
	}
	return setting{}
}

// resolveProviderSettings applies precedence (provider block, then environment) and validates
// what the environment supplied; the provider block's values were already validated at plan time.
func resolveProviderSettings(cfg providerModel, getenv func(string) string) (providerSettings, diag.Diagnostics) {
	var diags diag.Diagnostics
	for _, a := range []struct {
		name  string
		value types.String
	}{{"api_token", cfg.APIToken}, {"organization", cfg.Organization}, {"api_url", cfg.APIURL}} {
		if name := a.name; a.value.IsUnknown() {
			diags.AddAttributeError(path.Root(name), "Unknown Turso Provider Argument",
				fmt.Sprintf("The provider's %q argument depends on a value that is not known until apply. "+
					"Set it to a value known at plan time, or leave it unset and use its environment variable.", name))
		}
	}
	if diags.HasError() {
		return providerSettings{}, diags
	}

	s := providerSettings{
		token:        resolve(cfg.APIToken, "api_token", getenv, envAPIToken),
		organization: resolve(cfg.Organization, "organization", getenv, envOrganization),
		apiURL:       resolve(cfg.APIURL, "api_url", getenv, envAPIURL),
	}
	s.token.value = strings.TrimSpace(s.token.value)
	if !s.apiURL.isSet() {
		s.apiURL = setting{value: turso.DefaultBaseURL, source: "the default"}
	}

	if !s.token.isSet() {
		diags.AddAttributeError(path.Root("api_token"), "Missing Turso API Token",
			"The provider needs a Turso Platform API token. Set the provider's \"api_token\" argument or the "+
				"TURSO_API_TOKEN environment variable. Create a token with `turso auth api-tokens mint NAME`.")
	} else if err := turso.CheckToken(s.token.value); err != nil {
		diags.AddAttributeError(path.Root("api_token"), "Invalid Turso API Token",
			fmt.Sprintf("The token from %s is not usable: %s. The token itself is not shown.", s.token.source, err))
	}
	if s.organization.isSet() {
		if err := turso.CheckOrganizationSlug(s.organization.value); err != nil {
			diags.AddAttributeError(path.Root("organization"), "Invalid Turso Organization",
				fmt.Sprintf("The organization slug %q from %s %s.", s.organization.value, s.organization.source, err))
		}
	}
	if _, err := turso.ParseBaseURL(s.apiURL.value); err != nil {
		diags.AddAttributeError(path.Root("api_url"), "Invalid Turso API URL",
			fmt.Sprintf("The API URL %q from %s %s.", s.apiURL.value, s.apiURL.source, err))
	}
	return s, diags
}
