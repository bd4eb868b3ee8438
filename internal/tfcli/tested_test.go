package tfcli

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestTestedVersionsDocumented keeps the tables of tested CLIs in the README and the provider's docs,
// and the variables CONTRIBUTING.md names, in step with the CLIs that make testclients builds.
func TestTestedVersionsDocumented(t *testing.T) {
	script := read(t, "../../scripts/testclients.sh")
	readme := read(t, "../../README.md")
	contributing := read(t, "../../CONTRIBUTING.md")
	index := read(t, "../../templates/index.md.tmpl")

	built := regexp.MustCompile(`(?m)^\t"(\w+) (Terraform|OpenTofu) (\d+\.\d+\.\d+) `).FindAllStringSubmatch(script, -1)
	if len(built) < 3 {
		t.Fatalf("found %d CLIs in scripts/testclients.sh's clients list, want at least 3: has its format changed?", len(built))
	}
	inScript := map[string]bool{}
	for _, c := range built {
		variable, product, version := c[1], c[2], c[3]
		inScript[product+" "+version] = true
		if !strings.Contains(readme, "| "+product+" | "+version+" | `make testclients` |") {
			t.Errorf("README.md's table of tested CLIs lacks %s %s", product, version)
		}
		if !strings.Contains(contributing, "`"+variable+"`") {
			t.Errorf("CONTRIBUTING.md does not name %s, the variable that gives make testclients its own %s %s", variable, product, version)
		}
		row := regexp.MustCompile(`(?m)^\| ` + product + ` \| (.*) \|.*\|$`).FindStringSubmatch(index)
		if row == nil || !slices.Contains(strings.Split(row[1], ", "), version) {
			t.Errorf("templates/index.md.tmpl's table of tested CLIs lacks %s %s", product, version)
		}
	}
	for _, row := range regexp.MustCompile("(?m)^\\| (Terraform|OpenTofu) \\| ([^ ]+) \\| `make testclients` \\|").FindAllStringSubmatch(readme, -1) {
		if !inScript[row[1]+" "+row[2]] {
			t.Errorf("README.md lists %s %s as tested by make testclients, which does not build it", row[1], row[2])
		}
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
