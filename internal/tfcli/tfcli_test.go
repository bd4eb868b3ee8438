package tfcli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fakeCLI writes an executable that prints json for `version -json`, plain for `version`, and exits
// with status.
func fakeCLI(t *testing.T, json, plain string, status int) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{"json": json, "plain": plain} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script := "#!/bin/sh\n" +
		`[ "$1" = version ] || exit 9` + "\n" +
		// As OpenTofu does, on stdout.
		`[ "$TF_CLI_CONFIG_FILE" = /dev/null ] || printf '\nWarning: Unable to open CLI configuration file\n\n'` + "\n" +
		`if [ "$2" = -json ]; then cat "$(dirname "$0")/json"; else cat "$(dirname "$0")/plain"; fi` + "\n" +
		`[ ` + strconv.Itoa(status) + ` = 0 ] || { echo "something broke" >&2; exit ` + strconv.Itoa(status) + "; }\n"
	path := filepath.Join(dir, "cli")
	if err := os.WriteFile(path, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDetect(t *testing.T) {
	t.Setenv("TF_CLI_CONFIG_FILE", filepath.Join(t.TempDir(), "missing.tfrc"))
	const tofuJSON = `{"terraform_version":"1.12.6","platform":"linux_amd64","provider_selections":{}}`
	for _, tc := range []struct {
		name, json, plain string
		status            int
		want              string // CLI.String(), or the start of the error
		wantHost          string
	}{
		{"Terraform", `{"terraform_version":"1.5.7","platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}`,
			"Terraform v1.5.7\non linux_amd64\n", 0, "Terraform 1.5.7", "registry.terraform.io"},
		{"OpenTofu", tofuJSON, "OpenTofu v1.12.6\non linux_amd64\n", 0, "OpenTofu 1.12.6", "registry.opentofu.org"},
		{"development build", `{"terraform_version":"1.17.0-dev"}`, "Terraform v1.17.0-dev\n", 0, "Terraform 1.17.0-dev", "registry.terraform.io"},
		{"another product", tofuJSON, "Terraformish v1.12.6\n", 0, "error: neither Terraform nor OpenTofu", ""},
		{"no version in the JSON", `{"platform":"linux_amd64"}`, "Terraform v1.5.7\n", 0, "error: no terraform_version", ""},
		{"not JSON", "Terraform v1.5.7\n", "Terraform v1.5.7\n", 0, "error: unexpected output", ""},
		{"failing", tofuJSON, "OpenTofu v1.12.6\n", 3, "error: exit status 3: something broke", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := fakeCLI(t, tc.json, tc.plain, tc.status)
			cli, err := Detect(context.Background(), path)
			got := ""
			if err != nil {
				got = "error: " + strings.TrimPrefix(strings.TrimPrefix(err.Error(), path+" version -json: "), path+" version: ")
			} else {
				got = cli.String()
			}
			if !strings.HasPrefix(got, tc.want) {
				t.Fatalf("Detect = %q, want %q", got, tc.want)
			}
			if err == nil && (cli.Path != path || cli.Product.RegistryHost() != tc.wantHost) {
				t.Errorf("Detect = %+v with host %s, want path %s and host %s", cli, cli.Product.RegistryHost(), path, tc.wantHost)
			}
		})
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]Version{
		"1.5.7":                {Major: 1, Minor: 5, Patch: 7},
		"1.12.6":               {Major: 1, Minor: 12, Patch: 6},
		"1.10.0-alpha20240911": {Major: 1, Minor: 10, Pre: "alpha20240911"},
	} {
		got, err := ParseVersion(in)
		if err != nil || got != want || got.String() != in {
			t.Errorf("ParseVersion(%q) = %+v (%s), %v; want %+v", in, got, got, err, want)
		}
	}
	for _, in := range []string{"", "v1.5.7", "1.5", "1.5.7.1", "1.x.7", "1.-5.7", "1.05.7", " 1.5.7"} {
		if got, err := ParseVersion(in); err == nil {
			t.Errorf("ParseVersion(%q) = %+v, want an error", in, got)
		}
	}
}

func TestLacks(t *testing.T) {
	cli := func(p Product, v string) CLI {
		ver, err := ParseVersion(v)
		if err != nil {
			t.Fatal(err)
		}
		return CLI{Product: p, Version: ver}
	}
	for _, tc := range []struct {
		cli  CLI
		want string
	}{
		{cli(Terraform, "1.5.7"), "ephemeral input variables need Terraform 1.10.0 or later; this is Terraform 1.5.7"},
		{cli(Terraform, "1.9.8"), "ephemeral input variables need Terraform 1.10.0 or later; this is Terraform 1.9.8"},
		{cli(Terraform, "1.10.0"), ""},
		{cli(Terraform, "1.10.0-alpha20240911"), ""},
		{cli(Terraform, "2.0.0"), ""},
		// OpenTofu counts its own releases: its 1.10 is later than Terraform's and still lacks them.
		{cli(OpenTofu, "1.10.7"), "ephemeral input variables need OpenTofu 1.11.0 or later; this is OpenTofu 1.10.7"},
		{cli(OpenTofu, "1.11.0"), ""},
		{cli(OpenTofu, "1.12.6"), ""},
	} {
		if got := tc.cli.Lacks(EphemeralVariables); got != tc.want {
			t.Errorf("%s: Lacks = %q, want %q", tc.cli, got, tc.want)
		}
	}
}

func TestLacks_providerFunctions(t *testing.T) {
	for _, tc := range []struct {
		product Product
		version string
		want    string
	}{
		{Terraform, "1.5.7", "provider functions need Terraform 1.8.0 or later; this is Terraform 1.5.7"},
		{Terraform, "1.7.5", "provider functions need Terraform 1.8.0 or later; this is Terraform 1.7.5"},
		{Terraform, "1.8.0", ""},
		{Terraform, "1.11.4", ""},
		{OpenTofu, "1.6.2", "provider functions need OpenTofu 1.7.0 or later; this is OpenTofu 1.6.2"},
		{OpenTofu, "1.7.0", ""},
		{OpenTofu, "1.12.0", ""},
	} {
		v, err := ParseVersion(tc.version)
		if err != nil {
			t.Fatal(err)
		}
		cli := CLI{Product: tc.product, Version: v}
		if got := cli.Lacks(ProviderFunctions); got != tc.want {
			t.Errorf("%s: Lacks = %q, want %q", cli, got, tc.want)
		}
	}
}

func TestDevOverrides(t *testing.T) {
	got := DevOverrides(`/tmp/a "b"`)
	for _, want := range []string{
		`"registry.terraform.io/turso-terraform/turso" = "/tmp/a \"b\""`,
		`"registry.opentofu.org/turso-terraform/turso" = "/tmp/a \"b\""`,
		"  direct {}\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("DevOverrides lacks %s:\n%s", want, got)
		}
	}
}
