package provider

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadme_goVersionMatchesGoMod: the README's prerequisites name the Go version go.mod requires.
func TestReadme_goVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := "- Go " + string(m[1]) + " or later, the version in [go.mod](go.mod)."; !strings.Contains(string(readme), want) {
		t.Errorf("README.md's prerequisites lack %q: say the Go version go.mod requires", want)
	}
}
