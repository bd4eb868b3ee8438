// Package tfcli tells which command-line tool drives the provider, Terraform or OpenTofu, and what
// follows from it for the tests and scripts: the registry host the provider is addressed on, a CLI
// configuration that serves a local build under both hosts, and whether a language feature is there.
package tfcli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// ProviderSource is the provider's source address without its registry host.
const ProviderSource = "turso-terraform/turso"

// Product is the CLI's name as it prints it.
type Product string

const (
	Terraform Product = "Terraform"
	OpenTofu  Product = "OpenTofu"
)

// Products lists every product the provider is tested with.
var Products = []Product{Terraform, OpenTofu}

// RegistryHost is the host the product gives a source address that names none, such as ProviderSource.
func (p Product) RegistryHost() string {
	if p == OpenTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// Command is the product's usual executable name, for messages that tell what to run.
func (p Product) Command() string {
	if p == OpenTofu {
		return "tofu"
	}
	return "terraform"
}

// Version is a CLI's release number. A pre-release or development build counts as its release:
// "1.17.0-dev" is at least 1.17.0.
type Version struct {
	Major, Minor, Patch int
	Pre                 string
}

// ParseVersion reads "MAJOR.MINOR.PATCH" with an optional "-PRERELEASE", without a leading "v".
func ParseVersion(s string) (Version, error) {
	core, pre, _ := strings.Cut(s, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("version %.40q is not MAJOR.MINOR.PATCH", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p != strconv.Itoa(v) {
			return Version{}, fmt.Errorf("version %.40q is not MAJOR.MINOR.PATCH", s)
		}
		n[i] = v
	}
	return Version{Major: n[0], Minor: n[1], Patch: n[2], Pre: pre}, nil
}

func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	return s
}

// AtLeast reports whether v is first or later, ignoring pre-release suffixes.
func (v Version) AtLeast(first Version) bool {
	if v.Major != first.Major {
		return v.Major > first.Major
	}
	if v.Minor != first.Minor {
		return v.Minor > first.Minor
	}
	return v.Patch >= first.Patch
}

// CLI is one detected Terraform or OpenTofu executable. Its Version is the product's own: OpenTofu
// 1.6 is not Terraform 1.6, so compare versions through a Feature, never across products.
type CLI struct {
	Path    string
	Product Product
	Version Version
}

func (c CLI) String() string { return string(c.Product) + " " + c.Version.String() }

// Feature is a language feature and the first release of each product that has it.
type Feature struct {
	Name      string
	Terraform Version
	OpenTofu  Version
}

// ProviderFunctions: calls of a provider's own functions, provider::NAME::FUNCTION(...).
var ProviderFunctions = Feature{Name: "provider functions", Terraform: Version{Major: 1, Minor: 8}, OpenTofu: Version{Major: 1, Minor: 7}}

// EphemeralVariables: `ephemeral = true` on an input variable.
var EphemeralVariables = Feature{Name: "ephemeral input variables", Terraform: Version{Major: 1, Minor: 10}, OpenTofu: Version{Major: 1, Minor: 11}}

// Lacks returns why c cannot run f, or "" when it can.
func (c CLI) Lacks(f Feature) string {
	first := f.Terraform
	if c.Product == OpenTofu {
		first = f.OpenTofu
	}
	if c.Version.AtLeast(first) {
		return ""
	}
	return fmt.Sprintf("%s need %s %s or later; this is %s", f.Name, c.Product, first, c)
}

// Detect runs the executable at path twice: `version -json` for the version, which both products
// print as terraform_version, and `version`, whose first word names the product.
func Detect(ctx context.Context, path string) (CLI, error) {
	jsonOut, err := version(ctx, path, "-json")
	if err != nil {
		return CLI{}, err
	}
	v, err := parseVersionJSON(jsonOut)
	if err != nil {
		return CLI{}, fmt.Errorf("%s version -json: %w", path, err)
	}
	plainOut, err := version(ctx, path)
	if err != nil {
		return CLI{}, err
	}
	p, err := parseProduct(plainOut)
	if err != nil {
		return CLI{}, fmt.Errorf("%s version: %w", path, err)
	}
	return CLI{Path: path, Product: p, Version: v}, nil
}

func version(ctx context.Context, path string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, append([]string{"version"}, args...)...)
	// No update check, which would reach out to the network, and no CLI configuration: OpenTofu prints
	// its warnings about one to stdout, into the JSON.
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w: %.500s", path, strings.Join(cmd.Args[1:], " "), err, stderr.Bytes())
	}
	return out, nil
}

func parseVersionJSON(out []byte) (Version, error) {
	var doc struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return Version{}, fmt.Errorf("unexpected output %.200q: %w", out, err)
	}
	if doc.Version == "" {
		return Version{}, fmt.Errorf("no terraform_version in %.200q", out)
	}
	return ParseVersion(doc.Version)
}

func parseProduct(out []byte) (Product, error) {
	first, _, _ := strings.Cut(string(out), " ")
	for _, p := range Products {
		if first == string(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("neither Terraform nor OpenTofu: the output starts %.80q", out)
}

// DevOverrides returns a CLI configuration that takes the provider from dir, under the registry host
// of every product, and every other provider from its registry as usual.
func DevOverrides(dir string) string {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, p := range Products {
		fmt.Fprintf(&b, "    %q = %q\n", p.RegistryHost()+"/"+ProviderSource, dir)
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return b.String()
}
