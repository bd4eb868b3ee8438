package provider

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestContributing_goVersionMatchesGoMod: the prerequisites name the Go version go.mod requires.
func TestContributing_goVersionMatchesGoMod(t *testing.T) {
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(readRepoFile(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	if want := "- Go " + m[1] + " or later, the version in [go.mod](go.mod)."; !strings.Contains(readRepoFile(t, "CONTRIBUTING.md"), want) {
		t.Errorf("CONTRIBUTING.md's prerequisites lack %q: say the Go version go.mod requires", want)
	}
}

// maxReadmeLines keeps the README a user's page: the maintainers' material is in CONTRIBUTING.md.
const maxReadmeLines = 350

// TestReadme_forUsers: the README stays short, and every make target is described in it or in
// CONTRIBUTING.md.
func TestReadme_forUsers(t *testing.T) {
	readme := readRepoFile(t, "README.md")
	if n := strings.Count(readme, "\n"); n > maxReadmeLines {
		t.Errorf("README.md has %d lines, want at most %d: move maintainers' material to CONTRIBUTING.md", n, maxReadmeLines)
	}
	both := readme + readRepoFile(t, "CONTRIBUTING.md")
	targets := regexp.MustCompile(`(?m)^([a-z][a-z-]*):`).FindAllStringSubmatch(readRepoFile(t, "GNUmakefile"), -1)
	if len(targets) < 10 {
		t.Fatalf("found %d targets in the GNUmakefile: has its format changed?", len(targets))
	}
	for _, target := range targets {
		if target[1] == "default" || target[1] == "check-terraform" {
			continue
		}
		if !strings.Contains(both, "`make "+target[1]) {
			t.Errorf("neither README.md nor CONTRIBUTING.md describes `make %s`", target[1])
		}
	}
}

// TestReadme_claimsNoReleaseBeforeATag: until a v* tag exists, nothing says a release is published.
func TestReadme_claimsNoReleaseBeforeATag(t *testing.T) {
	out, err := exec.Command("git", "tag", "--list", "v*").Output()
	if err != nil {
		t.Fatalf("git tag --list: %v: the test needs the repository's git history", err)
	}
	if strings.TrimSpace(string(out)) != "" {
		t.Skipf("released: tags %s", strings.Fields(string(out)))
	}
	readme := strings.Join(strings.Fields(readRepoFile(t, "README.md")), " ")
	if !strings.Contains(readme, "No release is published yet.") {
		t.Error("README.md does not say that no release is published yet, while no v* tag exists")
	}
	if claim := regexp.MustCompile(`(?i)releases are published|is published on|first release,? on`).FindString(readme); claim != "" {
		t.Errorf("README.md claims a published release (%q) while no v* tag exists", claim)
	}
	changelog := readRepoFile(t, "CHANGELOG.md")
	headings := regexp.MustCompile(`(?m)^## .*$`).FindAllString(changelog, -1)
	if len(headings) == 0 || headings[0] != "## [Unreleased]" {
		t.Errorf("CHANGELOG.md's newest section is %q, want ## [Unreleased] while no v* tag exists", headings)
	}
	if dated := regexp.MustCompile(`(?m)^## \[?\d+\.\d+\.\d+.*$`).FindString(changelog); dated != "" {
		t.Errorf("CHANGELOG.md has the heading %q of a version no tag has released", dated)
	}
}
