package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestSettingChecks(t *testing.T) {
	const source = "the test's argument"
	for name, tc := range map[string]struct {
		check settingCheck
		value string
		want  string // a fragment of the problem; "" when the value is fine
	}{
		"token":               {tokenCheck, " zq9TOKzq\n", ""},
		"empty token":         {tokenCheck, "", "The API token from the test's argument is not usable: the API token is empty"},
		"whitespace token":    {tokenCheck, "   ", "the API token is empty"},
		"inner space token":   {tokenCheck, "zq9 TOKzq", "whitespace at character 4; a platform API token is a single word. The token itself is not shown"},
		"control token":       {tokenCheck, "zq9\x01TOKzq", "control or invalid character at character 4"},
		"non-ASCII token":     {tokenCheck, "zq9éTOKzq", "non-ASCII character at character 4"},
		"url":                 {apiURLCheck, "https://api.turso.tech", ""},
		"loopback http":       {apiURLCheck, "http://127.0.0.1:8080", ""},
		"empty url":           {apiURLCheck, "", `The API URL "" from the test's argument must be a non-empty URL`},
		"whitespace url":      {apiURLCheck, " https://api.turso.tech", "surrounding whitespace"},
		"ftp url":             {apiURLCheck, "ftp://api.turso.tech", `must use https (got scheme "ftp")`},
		"plain http":          {apiURLCheck, "http://api.turso.tech", "plain http is allowed only for loopback hosts"},
		"userinfo url":        {apiURLCheck, "https://me:pw@api.turso.tech", "must not contain credentials"},
		"query url":           {apiURLCheck, "https://api.turso.tech?org=x", "must not contain a query string"},
		"fragment url":        {apiURLCheck, "https://api.turso.tech#x", "must not contain a fragment"},
		"url ending in /v1":   {apiURLCheck, "https://api.turso.tech/v1/", `The API URL "https://api.turso.tech/v1/" from the test's argument must not end in /v1`},
		"slug":                {slugCheck, "my-org_2.prod", ""},
		"empty slug":          {slugCheck, "", `The organization slug "" from the test's argument must not be empty. Use the slug shown by ` + "`turso org list`."},
		"space slug":          {slugCheck, "my org", "must not contain whitespace"},
		"dot-dot slug":        {slugCheck, "a/../b", `must not be "." or contain ".."`},
		"path slug":           {slugCheck, "acme/usage", "must not contain '/'"},
		"query slug":          {slugCheck, "acme?x=1", "must not contain '?'"},
		"hash slug":           {slugCheck, "acme#x", "must not contain '#'"},
		"encoded slug":        {slugCheck, "acme%2Fother", "must not contain '%'"},
		"control slug":        {slugCheck, "ac\x01me", "must not contain control characters"},
		"non-ASCII slug":      {slugCheck, "acmé", "only letters, digits"},
		"dot slug":            {slugCheck, ".", `must not be "."`},
		"backslash slug":      {slugCheck, `acme\x`, `must not contain '\\'`},
		"colon slug (scheme)": {slugCheck, "acme:x", "only letters, digits"},
		"database name":       {databaseNameCheck, "orders-prod", ""},
		"empty name":          {databaseNameCheck, "", `The database name "" from the test's argument must not be empty. Use the name shown by ` + "`turso db list`."},
		"name with a space":   {databaseNameCheck, "orders prod", "must not contain whitespace"},
		"name with a query":   {databaseNameCheck, "orders?x", "must not contain '?'"},
		"name with a hash":    {databaseNameCheck, "orders#x", "must not contain '#'"},
		"encoded name":        {databaseNameCheck, "orders%2F", "must not contain '%'"},
		"dot-dot name":        {databaseNameCheck, "..", `must not be "." or contain ".."`},
		"control name":        {databaseNameCheck, "orders\x7f", "must not contain control characters"},
		"timestamp":           {timestampCheck, "2026-11-01T00:00:00Z", ""},
		"timestamp, offset":   {timestampCheck, "2026-11-01T00:00:00+01:00", ""},
		"timestamp, fraction": {timestampCheck, "2026-11-01T00:00:00.250Z", ""},
		"timestamp, t and z":  {timestampCheck, "2026-11-01t00:00:00.250z", ""},
		"a date":              {timestampCheck, "2026-11-01", `The timestamp "2026-11-01" from the test's argument is not an RFC 3339 timestamp`},
		"no zone":             {timestampCheck, "2026-11-01T00:00:00", "with a zone"},
		"a space":             {timestampCheck, "2026-11-01 00:00:00Z", "not an RFC 3339 timestamp"},
		"words":               {timestampCheck, "yesterday", `timeadd(plantimestamp(), "-24h")`},
	} {
		t.Run(name, func(t *testing.T) {
			got := tc.check.problem(tc.value, source)
			switch {
			case tc.want == "" && got != "":
				t.Errorf("problem %q, want none", got)
			case !strings.Contains(got, tc.want):
				t.Errorf("problem %q, want it to contain %q", got, tc.want)
			}
			if tc.check.summary == tokenCheck.summary && strings.Contains(got, "TOKzq") {
				t.Errorf("the problem echoes the token: %q", got)
			}
		})
	}
}

// TestSettingCheckValidator: the plan-time validator reports the check's problem on the attribute,
// and leaves null and unknown values to Configure.
func TestSettingCheckValidator(t *testing.T) {
	v := slugCheck.validator(`this data source's "organization" argument`)
	for name, tc := range map[string]struct {
		value types.String
		want  string
	}{
		"bad":     {types.StringValue("a/b"), `The organization slug "a/b" from this data source's "organization" argument must not contain '/'`},
		"good":    {types.StringValue("acme"), ""},
		"null":    {types.StringNull(), ""},
		"unknown": {types.StringUnknown(), ""},
	} {
		t.Run(name, func(t *testing.T) {
			var resp validator.StringResponse
			v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("organization"), ConfigValue: tc.value}, &resp)
			if tc.want == "" {
				if resp.Diagnostics.HasError() {
					t.Errorf("diagnostics %v, want none", resp.Diagnostics)
				}
				return
			}
			if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary() != "Invalid Turso Organization" || !strings.Contains(resp.Diagnostics[0].Detail(), tc.want) {
				t.Errorf("diagnostics %v, want one error containing %q", resp.Diagnostics, tc.want)
			}
		})
	}
}
