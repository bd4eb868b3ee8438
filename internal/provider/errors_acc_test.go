package provider

import (
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var tfjsonPathRowsRead = tfjsonpath.New("usage").AtMapKey("rows_read")

// expectNoRequests fails the test if the fake saw any request.
func expectNoRequests(t *testing.T, fake *faketurso.Server) {
	t.Helper()
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the fake API saw %d requests, want none", n)
	}
}

func TestAccBadInput_planTime(t *testing.T) {
	for name, tc := range map[string]struct {
		provider, dataSource string
		want                 *regexp.Regexp
	}{
		"empty token":         {`api_token = ""`, ``, errorPattern(`Invalid Turso API Token`, `"api_token" argument is not usable: the API token is empty`)},
		"whitespace token":    {`api_token = "   "`, ``, errorPattern(`Invalid Turso API Token`, `the API token is empty`)},
		"inner space token":   {`api_token = "zq9 TOKzq"`, ``, errorPattern(`Invalid Turso API Token`, `whitespace at character 4`, `The token itself is not shown`)},
		"control token":       {`api_token = "zq9\tTOKzq"`, ``, errorPattern(`Invalid Turso API Token`, `whitespace at character 4`)},
		"empty url":           {`api_url = ""`, ``, errorPattern(`Invalid Turso API URL`, `must be a non-empty URL`)},
		"whitespace url":      {`api_url = " https://api.turso.tech"`, ``, errorPattern(`Invalid Turso API URL`, `surrounding whitespace`)},
		"ftp url":             {`api_url = "ftp://api.turso.tech"`, ``, errorPattern(`Invalid Turso API URL`, `must use https (got scheme "ftp")`)},
		"plain http":          {`api_url = "http://api.turso.tech"`, ``, errorPattern(`Invalid Turso API URL`, `plain http is allowed only for loopback hosts`)},
		"userinfo url":        {`api_url = "https://me:pw@api.turso.tech"`, ``, errorPattern(`Invalid Turso API URL`, `must not contain credentials`)},
		"query url":           {`api_url = "https://api.turso.tech?org=x"`, ``, errorPattern(`Invalid Turso API URL`, `must not contain a query string`)},
		"fragment url":        {`api_url = "https://api.turso.tech#x"`, ``, errorPattern(`Invalid Turso API URL`, `must not contain a fragment`)},
		"empty provider slug": {`organization = ""`, ``, errorPattern(`Invalid Turso Organization`, `The organization slug "" from the provider's "organization" argument must not be empty`)},
		"empty slug":          {``, `organization = ""`, errorPattern(`Invalid Turso Organization`, `must not be empty`)},
		"space slug":          {``, `organization = "my org"`, errorPattern(`Invalid Turso Organization`, `must not contain whitespace`)},
		"slash slug":          {``, `organization = "a/../b"`, errorPattern(`Invalid Turso Organization`, `must not be "." or contain ".."`)},
		"path slug":           {``, `organization = "acme/usage"`, errorPattern(`Invalid Turso Organization`, `must not contain '/'`)},
		"query slug":          {``, `organization = "acme?x=1"`, errorPattern(`Invalid Turso Organization`, `must not contain '?'`)},
		"hash slug":           {``, `organization = "acme#x"`, errorPattern(`Invalid Turso Organization`, `must not contain '#'`)},
		"encoded slug":        {``, `organization = "acme%2Fother"`, errorPattern(`Invalid Turso Organization`, `must not contain '%'`)},
		"dotdot slug":         {``, `organization = ".."`, errorPattern(`Invalid Turso Organization`, `contain ".."`)},
		"control slug":        {``, `organization = "ac\u0001me"`, errorPattern(`Invalid Turso Organization`, `must not contain control characters`)},
		"unicode slug":        {``, `organization = "acmé"`, errorPattern(`Invalid Turso Organization`, `only letters, digits`)},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := fakeAPI(t)
			provider := fmt.Sprintf("provider \"turso\" {\n  api_url = %q\n  api_token = %q\n  organization = \"demo\"\n}\n", url, faketurso.Token)
			if tc.provider != "" {
				key := strings.Fields(tc.provider)[0]
				provider = regexp.MustCompile(`(?m)^\s*`+key+`\s*=.*$`).ReplaceAllLiteralString(provider, "  "+tc.provider)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(testClientOptions),
				Steps: []resource.TestStep{{
					Config:      provider + "data \"turso_organization_usage\" \"this\" {\n  " + tc.dataSource + "\n}\n",
					ExpectError: tc.want,
				}},
			})
			expectNoRequests(t, fake)
		})
	}
}

func TestAccBadInput_environment(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want *regexp.Regexp
	}{
		"missing token": {map[string]string{},
			errorPattern(`Missing Turso API Token`, `Set the provider's "api_token" argument or the TURSO_API_TOKEN environment variable`)},
		"token with space": {map[string]string{"TURSO_API_TOKEN": "zq9 TOKzq"},
			errorPattern(`Invalid Turso API Token`, `from the TURSO_API_TOKEN environment variable is not usable`)},
		"remote http url": {map[string]string{"TURSO_API_TOKEN": faketurso.Token, "TURSO_API_URL": "http://api.example.com"},
			errorPattern(`Invalid Turso API URL`, `from the TURSO_API_URL environment variable must use https`)},
		"base url with query": {map[string]string{"TURSO_API_TOKEN": faketurso.Token, "TURSO_API_URL": "", "TURSO_API_BASEURL": "https://api.turso.tech/?a=b"},
			errorPattern(`Invalid Turso API URL`, `TURSO_API_BASEURL environment variable must not contain a query string`)},
		"slug": {map[string]string{"TURSO_API_TOKEN": faketurso.Token, "TURSO_ORGANIZATION": "acme/../x"},
			errorPattern(`Invalid Turso Organization`, `from the TURSO_ORGANIZATION environment variable must not be "." or contain ".."`)},
		"no organization": {map[string]string{"TURSO_API_TOKEN": faketurso.Token},
			errorPattern(`Missing Turso Organization`, `this data source's "organization" argument, the provider's "organization" argument, or the TURSO_ORGANIZATION environment variable`)},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := fakeAPI(t)
			if _, ok := tc.env["TURSO_API_URL"]; !ok {
				t.Setenv("TURSO_API_URL", url)
			}
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

// Every API failure reaches the user as one diagnostic with the status, the API's message and a hint.
func TestAccFaults_statuses(t *testing.T) {
	for _, tc := range []struct {
		status int
		tries  int
		hint   string
	}{
		{400, 1, "The API refused the request"},
		{401, 1, `The API token is invalid or expired. Check the provider's "api_token" argument`},
		{402, 1, `Organization "demo" needs attention on its billing`},
		{403, 1, `The API token cannot read organization "demo"`},
		{404, 1, `Organization "demo" was not found`},
		{409, 1, "The API refused the request"},
		{429, 3, "rate limiting"},
		{500, 3, "server error and the request was retried"},
		{501, 1, "does not implement this request"},
		{502, 3, "server error and the request was retried"},
		{503, 3, "server error and the request was retried"},
		{504, 3, "server error and the request was retried"},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			fake, url := fakeAPI(t)
			path := faketurso.UsagePath(faketurso.OrgDemo)
			message := fmt.Sprintf("scripted failure %d", tc.status)
			for range 10 {
				fake.Script(path, faketurso.Fault{Status: tc.status, RetryAfter: "0", Body: faketurso.ErrorBody(message)})
			}
			status := fmt.Sprintf("HTTP %d %s", tc.status, http.StatusText(tc.status))
			if tc.tries > 1 {
				status += fmt.Sprintf(" after %d attempts", tc.tries)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(testClientOptions),
				Steps: []resource.TestStep{{
					Config:      providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
					ExpectError: errorPattern("Unable to Read Organization Usage", status+": "+message, tc.hint),
				}},
			})
			if got := fake.RequestCount(path); got != tc.tries {
				t.Errorf("requests = %d, want %d", got, tc.tries)
			}
		})
	}
}

func TestAccFaults_transport(t *testing.T) {
	refused := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return "http://" + ln.Addr().String()
	}()
	other := "http://127.0.0.2:9/elsewhere"
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	for name, tc := range map[string]struct {
		faults []faketurso.Fault
		url    string // overrides the fake's
		opts   func(*turso.Options)
		want   *regexp.Regexp
	}{
		"connection refused": {url: refused, want: errorPattern("failed after 3 attempts", "connection refused", "Check network access")},
		"never answers": {faults: []faketurso.Fault{{Hang: true}, {Hang: true}, {Hang: true}},
			opts: func(o *turso.Options) { o.AttemptTimeout = 300 * time.Millisecond },
			want: errorPattern("failed after 3 attempts", "per-attempt timeout of 300ms")},
		"reset mid-body": {faults: []faketurso.Fault{{CutAfter: 50, Reset: true}, {CutAfter: 50, Reset: true}, {CutAfter: 50, Reset: true}},
			want: errorPattern("failed after 3 attempts", "reading response body after")},
		"body ends early": {faults: []faketurso.Fault{{CutAfter: 70}, {CutAfter: 70}, {CutAfter: 70}},
			want: errorPattern("failed after 3 attempts", "reading response body after 70 bytes", "unexpected EOF")},
		"error in a 200": {faults: []faketurso.Fault{{Body: faketurso.ErrorBody("under maintenance")}},
			want: errorPattern("unexpected response", "200 OK with an error instead of \"organization\": under maintenance")},
		"html page": {faults: []faketurso.Fault{{Header: html, Body: []byte("<!DOCTYPE html><title>Oops</title>")}},
			want: errorPattern("unexpected response", "the body is not JSON", `<!DOCTYPE html>`)},
		"html error page": {faults: []faketurso.Fault{{Status: 404, Header: html, Body: []byte("<html>Not here</html>")}},
			want: errorPattern("HTTP 404 Not Found", `text/html; charset=utf-8 body (21 bytes) beginning "<html>Not here</html>"`)},
		"empty body": {faults: []faketurso.Fault{{Body: []byte{}}},
			want: errorPattern("unexpected response", "the body is empty")},
		"too large": {faults: []faketurso.Fault{{Body: faketurso.GenerateUsage(100, 2)}},
			opts: func(o *turso.Options) { o.MaxResponseBytes = 10_000 },
			want: errorPattern("response body too large", "the limit is 10000")},
		"string counter": {faults: []faketurso.Fault{{Body: []byte(`{"organization":{"uuid":"o","usage":{"rows_read":"12"}}}`)}},
			want: errorPattern("organization.usage.rows_read: is a string, want an integer")},
		"negative zero": {faults: []faketurso.Fault{{Body: []byte(`{"organization":{"uuid":"o","usage":{},"databases":[{"uuid":"d","instances":[{"uuid":"i","usage":{"rows_read":-0}}],"total":{}}]}}`)}},
			want: errorPattern("organization.databases[0].instances[0].usage.rows_read: is negative zero")},
		"redirect to another host": {faults: []faketurso.Fault{{Location: other}},
			want: errorPattern("redirect refused: to another host (127.0.0.2:9)")},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := fakeAPI(t)
			fake.Script(faketurso.UsagePath(faketurso.OrgDemo), tc.faults...)
			if tc.url != "" {
				url = tc.url
			}
			opts := testClientOptions
			if tc.opts != nil {
				tc.opts(&opts)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(opts),
				Steps: []resource.TestStep{{
					Config:      providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

func TestAccFaults_recovers(t *testing.T) {
	for name, fault := range map[string]faketurso.Fault{
		"gzip body":             {Gzip: true},
		"503 then success":      {Status: 503, Body: faketurso.ErrorBody("busy")},
		"429 with retry-after":  {Status: 429, RetryAfter: "1"},
		"retry-after as a date": {Status: 503, RetryAfter: time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)},
		"absurd retry-after":    {Status: 503, RetryAfter: "31536000"},
		"body ends early, once": {CutAfter: 30},
		"same-host redirect":    {Location: "/v1/organizations/demo/usage"},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := fakeAPI(t)
			fake.Script(faketurso.UsagePath(faketurso.OrgDemo), fault)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(testClientOptions),
				Steps: []resource.TestStep{{
					Config:            providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
					ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(usageAddr, tfjsonPathRowsRead, knownvalue.Int64Exact(demoRowsRead))},
				}},
			})
		})
	}
}
