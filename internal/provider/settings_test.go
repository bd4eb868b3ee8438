package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestResolvePrecedence(t *testing.T) {
	vars := env(map[string]string{"TURSO_ORGANIZATION": "from-env", "TURSO_ORG": "from-short-env"})
	if s := resolve(types.StringValue("from-config"), "organization", vars, envOrganization); s.value != "from-config" || !strings.Contains(s.source, `provider's "organization"`) {
		t.Errorf("config did not win: %+v", s)
	}
	if s := resolve(types.StringNull(), "organization", vars, envOrganization); s.value != "from-env" || s.source != "the TURSO_ORGANIZATION environment variable" {
		t.Errorf("TURSO_ORGANIZATION did not win over TURSO_ORG: %+v", s)
	}
	if s := resolve(types.StringNull(), "organization", env(map[string]string{"TURSO_ORG": "o"}), envOrganization); s.value != "o" {
		t.Errorf("TURSO_ORG ignored: %+v", s)
	}
	if s := resolve(types.StringNull(), "organization", env(nil), envOrganization); s.isSet() {
		t.Errorf("nothing set gave %+v", s)
	}
}

func TestResolveProviderSettings(t *testing.T) {
	null := types.StringNull()
	for name, tc := range map[string]struct {
		cfg  providerModel
		env  map[string]string
		want string // a fragment of the first error, or "" for none
	}{
		"all from env": {providerModel{null, null, null},
			map[string]string{"TURSO_API_TOKEN": " zq9TOKzq\n", "TURSO_ORG": "acme", "TURSO_API_BASEURL": "http://127.0.0.1:1"}, ""},
		"missing token": {providerModel{null, null, null}, nil, `"api_token" argument or the TURSO_API_TOKEN environment variable`},
		"env token with space": {providerModel{null, null, null}, map[string]string{"TURSO_API_TOKEN": "zq9 TOKzq"},
			"The API token from the TURSO_API_TOKEN environment variable is not usable: the API token contains whitespace at character 4"},
		"env url not https": {providerModel{types.StringValue("t"), null, null}, map[string]string{"TURSO_API_URL": "http://api.example.com"},
			`"http://api.example.com" from the TURSO_API_URL environment variable must use https`},
		"env slug": {providerModel{types.StringValue("t"), null, null}, map[string]string{"TURSO_ORGANIZATION": "a/b"},
			"\"a/b\" from the TURSO_ORGANIZATION environment variable must not contain '/'. Use the slug shown by `turso org list`."},
		"base url with query": {providerModel{types.StringValue("t"), null, null}, map[string]string{"TURSO_API_BASEURL": "https://api.turso.tech/?a=b"},
			`"https://api.turso.tech/?a=b" from the TURSO_API_BASEURL environment variable must not contain a query string`},
		"unknown": {providerModel{types.StringUnknown(), null, null}, nil, `The provider's "api_token" argument depends on a value that is not known`},
	} {
		t.Run(name, func(t *testing.T) {
			s, diags := resolveProviderSettings(tc.cfg, env(tc.env))
			switch {
			case tc.want == "" && diags.HasError():
				t.Errorf("%v", diags)
			case tc.want != "" && (!diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), tc.want)):
				t.Errorf("diags = %v, want …%s…", diags, tc.want)
			}
			for _, d := range diags {
				if strings.Contains(d.Detail(), "zq9") {
					t.Errorf("diagnostic echoes the token: %s", d.Detail())
				}
			}
			if name == "all from env" && (s.token.value != "zq9TOKzq" || s.organization.value != "acme" || s.apiURL.value != "http://127.0.0.1:1") {
				t.Errorf("all from env: %+v", s)
			}
		})
	}
	s, _ := resolveProviderSettings(providerModel{types.StringValue("t"), null, null}, env(nil))
	if s.apiURL.value != "https://api.turso.tech" {
		t.Errorf("default api_url = %q", s.apiURL.value)
	}
}
