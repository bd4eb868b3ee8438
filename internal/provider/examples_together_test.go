package provider

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// exampleDirectories groups the example files by directory: a docs page shows each directory's files
// one after another, and users paste them into one configuration.
func exampleDirectories(t *testing.T) map[string][]string {
	t.Helper()
	dirs := map[string][]string{}
	for _, name := range exampleFiles(t) {
		dirs[path.Dir(name)] = append(dirs[path.Dir(name)], name)
	}
	return dirs
}

// exampleConfig joins example files into one configuration, with the required_providers block that
// those showing only a data source leave out.
func exampleConfig(t *testing.T, names ...string) string {
	t.Helper()
	var b strings.Builder
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(examplesDir, name))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(src)
		b.WriteString("\n")
	}
	cfg := b.String()
	if !strings.Contains(cfg, "required_providers") {
		cfg = requiredProviders + "\n" + cfg
	}
	return cfg
}

// scopesDataSource: a data source scoped to a check block is read again at every apply, so the plan
// after an apply is never empty. A check block of asserts alone changes nothing.
func scopesDataSource(cfg string) bool { return scopedDataSource.MatchString(cfg) }

// scopedDataSource is a check block whose first statement, after comments, is a data source.
var scopedDataSource = regexp.MustCompile(`\ncheck "[^"]*" \{\n(\s*#[^\n]*\n)*\s*data "`)

// applyExample applies cfg against organization slug of the fake API, configured through the
// environment as TestAccExamples does: it must plan and apply without an error.
func applyExample(t *testing.T, cfg, slug string) {
	t.Helper()
	fake, url := fakeAPI(t)
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "turso-terraform")
	t.Setenv("TURSO_API_URL", url)
	t.Setenv("TURSO_API_TOKEN", faketurso.Token)
	t.Setenv("TURSO_ORGANIZATION", slug)
	t.Setenv("TF_VAR_turso_organization", slug) // examples/provider's variable
	if strings.Contains(cfg, "provider::") {
		skipWithoutFunctions(t)
	}
	cfg, timed := changingEveryPlan(cfg)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(testClientOptions),
		Steps: []resource.TestStep{{
			Config:             cfg,
			ExpectNonEmptyPlan: timed || scopesDataSource(cfg),
			ConfigStateChecks:  []statecheck.StateCheck{apiCalled{fake}},
		}},
	})
}

// TestAccExamples_pastedTogether applies each directory's examples as one configuration, as a user
// who pastes a docs page's examples into one directory gets them: no variable, output, local, check
// or data source may be declared twice.
func TestAccExamples_pastedTogether(t *testing.T) {
	dirs := exampleDirectories(t)
	var names []string
	for dir, files := range dirs {
		if len(files) > 1 {
			names = append(names, dir)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatal("no example directory has more than one file: is example discovery broken?")
	}
	for _, dir := range names {
		t.Run(strings.ReplaceAll(dir, "/", ":"), func(t *testing.T) {
			applyExample(t, exampleConfig(t, dirs[dir]...), faketurso.OrgDemo)
		})
	}
}

// TestAccExamples_nullValues applies every documented example against an organization whose API
// responses leave every optional value null: a check must warn or pass, and a postcondition pass or
// fail with its own message, but no expression may fail on a null. The demo's configuration is not
// documented and reads only the demo organization.
func TestAccExamples_nullValues(t *testing.T) {
	for _, name := range exampleFiles(t) {
		if strings.HasPrefix(name, "demo/") {
			continue
		}
		t.Run(strings.ReplaceAll(name, "/", ":"), func(t *testing.T) {
			applyExample(t, exampleConfig(t, name), faketurso.OrgNulls)
		})
	}
}
