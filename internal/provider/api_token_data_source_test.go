package provider

import (
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

const apiTokenAddr = "data.turso_api_token.this"

// tokenBlock configures the provider with token and no organization: the data source needs none.
func tokenBlock(url, token string) string {
	return strings.Replace(providerBlock(url, ""), faketurso.Token, token, 1)
}

func TestAccAPIToken(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			// testNow is 2026-11-10T12:00:00Z: 50 days and 12 hours before the fake token's expiry.
			Config: tokenBlock(url, faketurso.Token) + `data "turso_api_token" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(apiTokenAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2026-12-31T00:00:00Z")),
				statecheck.ExpectKnownValue(apiTokenAddr, tfjsonpath.New("never_expires"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(apiTokenAddr, tfjsonpath.New("expires_in_days"), knownvalue.Int64Exact(50)),
			},
		}, {
			Config: tokenBlock(url, faketurso.NeverExpiringToken) + `data "turso_api_token" "this" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(apiTokenAddr, tfjsonpath.New("expires_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(apiTokenAddr, tfjsonpath.New("never_expires"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(apiTokenAddr, tfjsonpath.New("expires_in_days"), knownvalue.Null()),
			},
		}},
	})
}

// The recipe passes for a token that never expires, and fails on the token's last day.
func TestAccAPIToken_checkExample(t *testing.T) {
	_, url := fakeAPI(t)
	example := dataSourceExample(t, "turso_api_token", "check.tf")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesAt(testClientOptions, time.Date(2026, 12, 30, 0, 0, 1, 0, time.UTC)),
		Steps: []resource.TestStep{{
			Config:             tokenBlock(url, faketurso.NeverExpiringToken) + example,
			ExpectNonEmptyPlan: true,
			ConfigStateChecks:  []statecheck.StateCheck{expectCheckBlock{name: "turso_token_expiry", status: tfjson.CheckStatusPass}},
		}, {
			Config:             tokenBlock(url, faketurso.Token) + example,
			ExpectNonEmptyPlan: true,
			ConfigStateChecks: []statecheck.StateCheck{expectCheckBlock{name: "turso_token_expiry", status: tfjson.CheckStatusFail, fragments: []string{
				"The Turso API token of this pipeline expires at 2026-12-31T00:00:00Z, in 0 days",
			}}},
		}},
	})
}

func TestAccAPIToken_errors(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: tokenBlock(url, "revoked-token") + `data "turso_api_token" "this" {}`,
			ExpectError: errorPattern("Unable to Read the API Token's Expiry", "The token validity request failed.",
				"GET /v1/auth/validate: HTTP 401 Unauthorized: token is invalid or expired", "The API token is invalid or expired"),
		}},
	})
}
