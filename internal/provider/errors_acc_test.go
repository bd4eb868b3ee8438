package provider

import (
	"fmt"
	"net"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// The client's statuses, retries, bodies and transport faults are tested on the client
// (internal/turso), the wording of every diagnostic in diagnostics_test.go and the checks of every
// setting in validators_test.go. Terraform runs below prove the wiring: one case for each class.

var tfjsonPathRowsRead = tfjsonpath.New("usage").AtMapKey("rows_read")

// expectNoRequests fails the test if the fake saw any request.
func expectNoRequests(t *testing.T, fake *faketurso.Server) {
	t.Helper()
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake API saw %d requests, want none", n)
	}
}

// expectRefusedAtPlanTime plans the configuration that config returns for a fresh fake API's URL:
// the plan must fail as want says, and nothing may reach the API.
func expectRefusedAtPlanTime(t *testing.T, config func(url string) string, want *regexp.Regexp) {
	t.Helper()
	fake, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps:                    []resource.TestStep{{Config: config(url), ExpectError: want}},
	})
	expectNoRequests(t, fake)
}

// TestAccBadInput_planTime sets each validated argument, of the provider and of the data source, to a
// bad value: each is refused at plan time, naming the argument, and nothing is sent.
func TestAccBadInput_planTime(t *testing.T) {
	for name, tc := range map[string]struct {
		provider, dataSource string
		want                 *regexp.Regexp
	}{
		"provider api_token": {`api_token = "zq9 TOKzq"`, ``,
			errorPattern(`Invalid Turso API Token`, `The API token from the provider's "api_token" argument is not usable`, `whitespace at character 4`, `The token itself is not shown`)},
		"provider api_url": {`api_url = "http://api.turso.tech"`, ``,
			errorPattern(`Invalid Turso API URL`, `from the provider's "api_url" argument`, `plain http is allowed only for loopback hosts`)},
		"provider api_url ending in /v1": {`api_url = "https://api.turso.tech/v1"`, ``,
			errorPattern(`Invalid Turso API URL`, `The API URL "https://api.turso.tech/v1" from the provider's "api_url" argument must not end in /v1`)},
		"provider organization": {`organization = ""`, ``,
			errorPattern(`Invalid Turso Organization`, `The organization slug "" from the provider's "organization" argument must not be empty`)},
		"data source organization": {``, `organization = "acme/../usage"`,
			errorPattern(`Invalid Turso Organization`, `from this data source's "organization" argument must not be "." or contain ".."`, "turso org list")},
	} {
		t.Run(name, func(t *testing.T) {
			expectRefusedAtPlanTime(t, func(url string) string {
				provider := fmt.Sprintf("provider \"turso\" {\n  api_url = %q\n  api_token = %q\n  organization = \"demo\"\n}\n", url, faketurso.Token)
				if tc.provider != "" {
					key := regexp.MustCompile(`^\w+`).FindString(tc.provider)
					provider = regexp.MustCompile(`(?m)^\s*`+key+`\s*=.*$`).ReplaceAllLiteralString(provider, "  "+tc.provider)
				}
				return provider + "data \"turso_organization_usage\" \"this\" {\n  " + tc.dataSource + "\n}\n"
			}, tc.want)
		})
	}
}

// TestAccBadInput_environment: what the environment supplies is checked when the provider is
// configured, in the same words, and nothing is sent.
func TestAccBadInput_environment(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want *regexp.Regexp
	}{
		"missing token": {map[string]string{},
			errorPattern(`Missing Turso API Token`, `Set the provider's "api_token" argument or the TURSO_API_TOKEN environment variable`)},
		"bad value": {map[string]string{"TURSO_API_TOKEN": faketurso.Token, "TURSO_ORGANIZATION": "acme/../x"},
			errorPattern(`Invalid Turso Organization`, `from the TURSO_ORGANIZATION environment variable must not be "." or contain ".."`, "turso org list")},
		"no organization": {map[string]string{"TURSO_API_TOKEN": faketurso.Token},
			errorPattern(`Missing Turso Organization`, `this data source's "organization" argument, the provider's "organization" argument, or the TURSO_ORGANIZATION environment variable`)},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := fakeAPI(t)
			t.Setenv("TURSO_API_URL", url)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(testClientOptions),
				Steps: []resource.TestStep{{
					Config:      `data "turso_organization_usage" "this" {}`,
					ExpectError: tc.want,
				}},
			})
			expectNoRequests(t, fake)
		})
	}
}

func TestAccBadInput_unknownProviderValue(t *testing.T) {
	fake, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "org" { input = "demo" }
provider "turso" {
  api_url      = %q
  api_token    = %q
  organization = terraform_data.org.output
}
data "turso_organization_usage" "this" {}`, url, faketurso.Token),
			ExpectError: errorPattern(`Unknown Turso Provider Argument`, `The provider's "organization" argument depends on a value that is not known until apply`),
		}},
	})
	expectNoRequests(t, fake)
}

// TestAccFaults_eachClass: one failure of each kind the client reports reaches the user as one
// diagnostic that says what happened and what to do.
func TestAccFaults_eachClass(t *testing.T) {
	refused := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return "http://" + ln.Addr().String()
	}()
	for name, tc := range map[string]struct {
		faults []faketurso.Fault
		url    string // overrides the fake's
		want   *regexp.Regexp
	}{
		"status, after retries": {
			faults: []faketurso.Fault{{Status: 503, Body: faketurso.ErrorBody("busy")}, {Status: 503, Body: faketurso.ErrorBody("busy")}, {Status: 503, Body: faketurso.ErrorBody("still busy")}},
			want:   errorPattern("Unable to Read Organization Usage", "HTTP 503 Service Unavailable after 3 attempts: still busy", "server error and the request was retried"),
		},
		"transport": {url: refused,
			want: errorPattern("Unable to Read Organization Usage", "failed after 3 attempts", "connection refused", "Check network access")},
		"malformed response": {
			faults: []faketurso.Fault{{Body: []byte(`{"organization":{"uuid":"o","usage":{"rows_read":"12"}}}`)}},
			want:   errorPattern("Unable to Read Organization Usage", "organization.usage.rows_read: is a string, want an integer", "nothing was written to state")},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := fakeAPI(t)
			fake.Script(faketurso.UsagePath(faketurso.OrgDemo), tc.faults...)
			if tc.url != "" {
				url = tc.url
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(testClientOptions),
				Steps: []resource.TestStep{{
					Config:      providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// TestAccFaults_recovers: a transient failure, retried, ends in the exact values.
func TestAccFaults_recovers(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.Script(faketurso.UsagePath(faketurso.OrgDemo), faketurso.Fault{Status: 503, RetryAfter: "0", Body: faketurso.ErrorBody("busy")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(usageAddr, tfjsonPathRowsRead, knownvalue.Int64Exact(demoRowsRead))},
		}},
	})
}
