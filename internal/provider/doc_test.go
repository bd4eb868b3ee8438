package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestDoc_namesTestsThatExist: every test the package comment names as a guard of the usage's route
// is a test of this package or of the client's.
func TestDoc_namesTestsThatExist(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile(`\bTest[A-Za-z0-9_]+`).FindAllString(string(doc), -1)
	if len(named) < 10 {
		t.Fatalf("doc.go names %d tests, want one or more for each step", len(named))
	}
	var sources []byte
	for _, pattern := range []string{"*_test.go", "../turso/*_test.go"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sources = append(sources, b...)
		}
	}
	for _, name := range named {
		if !regexp.MustCompile(`func ` + name + `\(`).Match(sources) {
			t.Errorf("doc.go names %s, which is no test of internal/provider or internal/turso", name)
		}
	}
}
