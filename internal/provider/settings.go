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

// providerArgument names an argument of the provider block, as error messages say it.
func providerArgument(name string) string { return fmt.Sprintf("the provider's %q argument", name) }

// resolve prefers the provider block, then the first non-empty environment variable.
func resolve(cfg types.String, attribute string, getenv func(string) string, envNames []string) setting {
	if !cfg.IsNull() && !cfg.IsUnknown() {
		return setting{value: cfg.ValueString(), source: providerArgument(attribute)}
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
	}
	for _, c := range []struct {
		name  string
		value setting
		check settingCheck
	}{{"api_token", s.token, tokenCheck}, {"organization", s.organization, slugCheck}, {"api_url", s.apiURL, apiURLCheck}} {
		if !c.value.isSet() {
			continue
		}
		if problem := c.check.problem(c.value.value, c.value.source); problem != "" {
			diags.AddAttributeError(path.Root(c.name), c.check.summary, problem)
		}
	}
	return s, diags
}
