package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

const configurationAddr = "data.turso_database_configuration.this"

func configurationConfig(url, database string) string {
	return providerBlock(url, faketurso.OrgDemo) + fmt.Sprintf("data \"turso_database_configuration\" \"this\" {\n  database = %q\n}\n", database)
}

func stringsExact(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// TestAccDatabaseConfiguration: one database with a size limit, allow lists in their order and
// protection; one with empty allow lists; one with no size limit and no allow lists at all.
func TestAccDatabaseConfiguration(t *testing.T) {
	_, url := fakeAPI(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: configurationConfig(url, "orders-prod"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("organization"), knownvalue.StringExact("demo")),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("size_limit"), knownvalue.StringExact("10gb")),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("size_limit_bytes"), knownvalue.Int64Exact(10_000_000_000)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("block_reads"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("block_writes"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("delete_protection"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("allowed_ips"), stringsExact("10.0.0.0/8", "203.0.113.7/32", "2001:db8::/32")),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("allowed_aws_vpc_ids"), stringsExact("vpc-0a1b2c3d4e5f60718", "vpc-0123456789abcdef0")),
			},
		}, {
			Config: configurationConfig(url, "users-prod"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("size_limit_bytes"), knownvalue.Int64Exact(512<<20)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("allowed_ips"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("allowed_aws_vpc_ids"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}, {
			Config: configurationConfig(url, "scratch"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("size_limit"), knownvalue.Null()),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("size_limit_bytes"), knownvalue.Null()),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("block_writes"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("delete_protection"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("allowed_ips"), knownvalue.Null()),
				statecheck.ExpectKnownValue(configurationAddr, tfjsonpath.New("allowed_aws_vpc_ids"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccDatabaseConfiguration_errors(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.SetDatabaseConfiguration(faketurso.OrgDemo, "odd", []byte(`{"size_limit":"10 parsecs","delete_protection":true}`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config: configurationConfig(url, "orders-prd"),
			ExpectError: errorPattern("Unable to Read Database Configuration", "GET /v1/organizations/demo/databases/orders-prd/configuration: HTTP 404 Not Found: database not found",
				`Database "orders-prd" was not found in organization "demo"`, "turso db list"),
		}, {
			Config: configurationConfig(url, "odd"),
			ExpectError: errorPattern("Unable to Read Database Configuration",
				`GET /v1/organizations/demo/databases/odd/configuration: unexpected response: size_limit: is "10 parsecs", which is not a size`),
		}},
	})
}

func TestAccDatabaseConfiguration_refusedAtPlanTime(t *testing.T) {
	expectRefusedAtPlanTime(t, func(url string) string { return configurationConfig(url, "orders/../x") },
		errorPattern("Invalid Turso Database Name", `The database name "orders/../x" from this data source's "database" argument must not be "." or contain ".."`, "turso db list"))
}

func TestDatabaseConfigurationState(t *testing.T) {
	m := databaseConfigurationState("demo", "db", &turso.DatabaseConfiguration{
		SizeLimit: "1gb", SizeLimitBytes: 1e9, BlockReads: turso.FlagAbsent, BlockWrites: turso.FlagTrue, DeleteProtection: turso.FlagFalse,
		AllowedIPs: []string{"b", "a"}, AllowedAWSVPCIDs: []string{},
	})
	if m.SizeLimit.ValueString() != "1gb" || m.SizeLimitBytes.ValueInt64() != 1e9 || !m.BlockReads.IsNull() || !m.BlockWrites.ValueBool() ||
		m.DeleteProtection.ValueBool() || m.DeleteProtection.IsNull() {
		t.Errorf("state = %+v", m)
	}
	if got := m.AllowedIPs.String(); got != `["b","a"]` {
		t.Errorf("allowed_ips = %s, want the API's order", got)
	}
	if m.AllowedAWSVPCIDs.IsNull() || len(m.AllowedAWSVPCIDs.Elements()) != 0 {
		t.Errorf("an empty list became %s", m.AllowedAWSVPCIDs)
	}
	none := databaseConfigurationState("demo", "db", &turso.DatabaseConfiguration{})
	if !none.SizeLimit.IsNull() || !none.SizeLimitBytes.IsNull() || !none.AllowedIPs.IsNull() || !none.AllowedAWSVPCIDs.IsNull() {
		t.Errorf("no limit, no lists: %+v", none)
	}
}

// TestDocs_auditLogAndAllowListBoundsMatchTheClient: the pages state the client's bounds.
func TestDocs_auditLogAndAllowListBoundsMatchTheClient(t *testing.T) {
	for page, want := range map[string]string{
		"data-sources/organization_audit_logs.md": fmt.Sprintf("A read takes at most\n%s pages (%s entries)",
			thousands(turso.MaxAuditLogPages), thousands(turso.MaxAuditLogPages*turso.AuditLogPageSize)),
		"data-sources/database_configuration.md": fmt.Sprintf("Each list is read up to %s entries", thousands(turso.MaxAllowListEntries)),
	} {
		b, err := os.ReadFile(filepath.Join(docsDir, page))
		if err != nil {
			t.Fatalf("%v: run `make generate`", err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("docs/%s does not say %q: edit its template to match the client and run `make generate`", page, want)
		}
	}
}
