package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// The data sources of who can reach an organization, through the built provider and the CLI.

// accessConfig reads the four data sources of organization demo; the token comes from the environment
// (accessRun), since Terraform itself writes a literal one into the plan.
func accessConfig(url string) string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    turso = { source = \"turso-terraform/turso\" }\n  }\n}\n"+
		"provider \"turso\" {\n  api_url      = %q\n  organization = \"demo\"\n}\n", url) + `
data "turso_organization" "this" {}
data "turso_organization_members" "this" {}
data "turso_organization_api_tokens" "this" {}
data "turso_api_token" "this" {}
output "names" {
  value = [
    data.turso_organization.this.name,
    data.turso_organization_members.this.members[0].username,
    data.turso_organization_api_tokens.this.tokens[0].name,
  ]
}
`
}

// accessRun is a CLI run of accessConfig with hostileToken, logging at TRACE.
func accessRun(t *testing.T, url string) *cliRun {
	t.Helper()
	return newCLIRun(t, accessConfig(url), "TURSO_API_TOKEN="+hostileToken, "TF_LOG=TRACE", "TF_LOG_PATH=trace.log")
}

// accessPaths are the paths the four data sources read in organization demo.
var accessPaths = []string{faketurso.OrganizationPath(faketurso.OrgDemo), faketurso.MembersPath(faketurso.OrgDemo),
	faketurso.InvitesPath(faketurso.OrgDemo), faketurso.APITokensPath(faketurso.OrgDemo), faketurso.ValidatePath}

// hostileAccessAPI is a fake that accepts hostileToken and plays fault on every path the four data
// sources read.
func hostileAccessAPI(t *testing.T, fault faketurso.Fault) string {
	t.Helper()
	fake, url := fakeAPI(t)
	fake.SetTokens(hostileToken)
	for _, p := range accessPaths {
		fake.SetFault(p, fault)
	}
	return url
}

// checkNoTokenPiece fails the test if any beginning of 4 characters or piece of 16 of hostileToken
// shows in one of texts.
func checkNoTokenPiece(t *testing.T, texts map[string]string) {
	t.Helper()
	for name, text := range texts {
		for _, piece := range tokenPieces(hostileToken) {
			if strings.Contains(text, piece) {
				t.Fatalf("%q of the token shows in the %s", piece, name)
			}
		}
	}
}

func TestCLI_accessHostileServers(t *testing.T) {
	for name, tc := range map[string]struct {
		fault faketurso.Fault
		want  string // shows once per request, five in all
	}{
		"gzip bombs":             {faketurso.GzipBomb(http.StatusOK, `{"zz":"`, "0", 4<<30, `"}`), "a JSON string or number longer than 65536 bytes"},
		"endless bodies":         {faketurso.EndlessBody(`{"zz":[`, "0,"), "response body too large (more than 4194304 bytes after decompression)"},
		"invalid UTF-8":          {faketurso.Fault{Body: []byte("{\"zz\":\"a\xff\xfeb\"}")}, "zz: invalid UTF-8"},
		"token echoed in errors": {faketurso.EchoToken(faketurso.EchoJSONError, 250), "[REDACTED] was refused"},
		// A 403 whose message carries 16 characters from the middle of the token.
		"a piece of the token echoed in errors": {faketurso.EchoTokenInJSON(http.StatusForbidden, `{"error":"token ...{token}... is not allowed"}`,
			func(tok string) string { return tok[10:26] }), "token ...[REDACTED]... is not allowed"},
	} {
		t.Run(name, func(t *testing.T) {
			r := accessRun(t, hostileAccessAPI(t, tc.fault))
			ctx, cancel := context.WithTimeout(context.Background(), hostileTimeLimit)
			defer cancel()
			out, err := r.command(ctx, "plan", "-input=false", "-no-color").CombinedOutput()
			if ctx.Err() != nil || err == nil {
				t.Fatalf("the plan did not fail within %s:\n%s", hostileTimeLimit, out)
			}
			if got := strings.Count(plainText(out), tc.want); got < len(accessPaths) {
				t.Errorf("the plan shows %q %d times, want %d:\n%s", tc.want, got, len(accessPaths), out)
			}
			trace := readTrace(t, r, "http_path=/v1/auth/validate")
			checkNoTokenPiece(t, map[string]string{"plan output": string(out), "TRACE log": string(trace)})
		})
	}
}

// A server that sends the token back in its 200s, whole or a piece of it, as the names the state
// keeps: the state, the plan, the outputs and the log hold "[REDACTED]" and never a piece of it.
func TestCLI_accessTokenEchoedIn200(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetTokens(hostileToken)
	whole := func(tok string) string { return tok }
	piece := func(tok string) string { return "x-" + tok[20:36] + "-y" }
	for path, body := range map[string]faketurso.Fault{
		faketurso.OrganizationPath(faketurso.OrgDemo): faketurso.EchoTokenInJSON(http.StatusOK, `{"organization":{"name":"{token}","slug":"demo"}}`, whole),
		faketurso.MembersPath(faketurso.OrgDemo):      faketurso.EchoTokenInJSON(http.StatusOK, `{"members":[{"username":"{token}","role":"owner","email":"{token}@example.com"}]}`, piece),
		faketurso.InvitesPath(faketurso.OrgDemo):      faketurso.EchoTokenInJSON(http.StatusOK, `{"invites":[{"id":"{token}","role":"member","created_at":"2026-11-07"}]}`, whole),
		faketurso.APITokensPath(faketurso.OrgDemo):    faketurso.EchoTokenInJSON(http.StatusOK, `{"tokens":[{"name":"{token}","id":"t","group":"{token}","created_at":"2026-05-21"}]}`, piece),
	} {
		fake.SetFault(path, body)
	}
	r := accessRun(t, url)
	planOutput := r.run("plan", "-out=tfplan", "-input=false", "-no-color")
	planJSON := r.run("show", "-json", "tfplan")
	r.run("apply", "-input=false", "-auto-approve", "tfplan")
	outputs := r.run("output", "-json")
	state, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	// The reads must really have taken the echoes, or finding no token would prove nothing.
	if n := strings.Count(string(state), "[REDACTED]"); n < 6 || !strings.Contains(outputs, `"x-[REDACTED]-y"`) {
		t.Errorf("the state holds [REDACTED] %d times and the outputs are %s: the echoes were not read", n, outputs)
	}
	trace := readTrace(t, r, "http_path=/v1/organizations/demo/api-tokens")
	checkNoTokenPiece(t, map[string]string{"plan output": planOutput, "plan JSON": planJSON, "outputs": outputs, "state": string(state), "TRACE log": string(trace)})
}

// On the starter plan the members read, and the plan warns that there are no invites.
func TestCLI_accessPlanGateWarns(t *testing.T) {
	_, url := fakeAPI(t)
	config := strings.Replace(cliConfig(url), `organization = "demo"`, `organization = "blocked"`, 1) +
		"data \"turso_organization_members\" \"this\" {}\n"
	out := plainText([]byte(newCLIRun(t, config, "TURSO_API_TOKEN="+faketurso.Token).run("plan", "-input=false", "-no-color")))
	for _, want := range []string{"Warning: Organization Plan Has No Invites", `The invites of organization "blocked" were not read`,
		`GET /v2/organizations/blocked/invites: HTTP 403 Forbidden: invites are not available on the starter plan (code "feature_not_available_for_starter_plan")`,
		"`invites` is null; the members were read"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
}

// TestCLI_emailsAreSensitive: the CLI sees every e-mail attribute of every data source as sensitive,
// nested ones included, and so keeps them out of what it shows.
func TestCLI_emailsAreSensitive(t *testing.T) {
	_, url := fakeAPI(t)
	r := newCLIRun(t, cliConfig(url))
	var schemas struct {
		ProviderSchemas map[string]struct {
			DataSourceSchemas map[string]struct {
				Block struct {
					Attributes map[string]schemaAttribute `json:"attributes"`
				} `json:"block"`
			} `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal([]byte(r.run("providers", "schema", "-json")), &schemas); err != nil {
		t.Fatal(err)
	}
	provider, ok := schemas.ProviderSchemas[testCLI.Product.RegistryHost()+"/turso-terraform/turso"]
	if !ok {
		t.Fatalf("no schema for the provider in %v", schemas.ProviderSchemas)
	}
	var emails []string
	for name, ds := range provider.DataSourceSchemas {
		walkAttributes(name, ds.Block.Attributes, func(path string, a schemaAttribute) {
			if strings.Contains(path[strings.LastIndex(path, ".")+1:], "email") {
				emails = append(emails, path)
				if !a.Sensitive {
					t.Errorf("%s is not sensitive in the CLI's view of the schema", path)
				}
			}
		})
	}
	sort.Strings(emails)
	want := []string{"turso_organization_api_tokens.tokens.owner_email", "turso_organization_members.invites.email", "turso_organization_members.members.email"}
	if strings.Join(emails, " ") != strings.Join(want, " ") {
		t.Errorf("e-mail attributes = %v, want %v", emails, want)
	}
}

// schemaAttribute is an attribute of `providers schema -json`, with the attributes nested in it.
type schemaAttribute struct {
	Sensitive  bool `json:"sensitive"`
	NestedType *struct {
		Attributes map[string]schemaAttribute `json:"attributes"`
	} `json:"nested_type"`
}

func walkAttributes(prefix string, attrs map[string]schemaAttribute, visit func(path string, a schemaAttribute)) {
	for name, a := range attrs {
		visit(prefix+"."+name, a)
		if a.NestedType != nil {
			walkAttributes(prefix+"."+name, a.NestedType.Attributes, visit)
		}
	}
}
