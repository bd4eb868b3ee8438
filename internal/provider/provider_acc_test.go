package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

const demoRowsRead = 184523901

func readsOrganization(slug string, rowsRead int64) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("organization"), knownvalue.StringExact(slug)),
		statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("usage").AtMapKey("rows_read"), knownvalue.Int64Exact(rowsRead)),
	}
}

func TestAccProvider_environmentFallbacks(t *testing.T) {
	_, url := fakeAPI(t)
	t.Setenv("TURSO_API_TOKEN", "  "+faketurso.Token+"\n") // surrounding whitespace is trimmed
	t.Setenv("TURSO_ORG", faketurso.OrgDemo)
	t.Setenv("TURSO_API_BASEURL", url)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: readsOrganization(faketurso.OrgDemo, demoRowsRead),
		}},
	})
}

func TestAccProvider_environmentOrder(t *testing.T) {
	_, url := fakeAPI(t)
	t.Setenv("TURSO_API_TOKEN", faketurso.Token)
	t.Setenv("TURSO_ORGANIZATION", faketurso.OrgLive)
	t.Setenv("TURSO_ORG", faketurso.OrgDemo)
	t.Setenv("TURSO_API_URL", url)
	t.Setenv("TURSO_API_BASEURL", "http://127.0.0.1:1") // nothing listens there
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: readsOrganization(faketurso.OrgLive, 1<<53+1),
		}},
	})
}

// TestAccProvider_blockBeatsEnvironment: the environment's token, organization and URL are all wrong
// (the token would be refused, nothing listens at the URL), so the read succeeds only if the provider
// block's values win.
func TestAccProvider_blockBeatsEnvironment(t *testing.T) {
	_, url := fakeAPI(t)
	t.Setenv("TURSO_API_TOKEN", "wrong-token")
	t.Setenv("TURSO_ORGANIZATION", faketurso.OrgLive)
	t.Setenv("TURSO_API_URL", "http://127.0.0.1:1")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:            providerBlock(url, faketurso.OrgDemo) + `data "turso_organization_usage" "this" {}`,
			ConfigStateChecks: readsOrganization(faketurso.OrgDemo, demoRowsRead),
		}},
	})
}

// TestAccProvider_emptyBlockLocatesTheError: with an empty `provider "turso" {}` block, as the
// README's first configuration has it, a missing token is one error that points at the block. Without
// a block the CLI adds its own "requires explicit configuration" and shows this one at "<empty> line
// 0", which is why the README shows the block.
func TestAccProvider_emptyBlockLocatesTheError(t *testing.T) {
	fake, url := fakeAPI(t)
	t.Setenv("TURSO_API_TOKEN", "")
	t.Setenv("TURSO_API_URL", url)
	t.Setenv("TURSO_ORGANIZATION", faketurso.OrgDemo)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:      "provider \"turso\" {}\n\ndata \"turso_organization_usage\" \"this\" {}\n",
			ExpectError: errorPattern(`Missing Turso API Token`, `in provider "turso":`, `provider "turso" {}`, `TURSO_API_TOKEN environment variable`),
		}},
	})
	expectNoRequests(t, fake)
}
