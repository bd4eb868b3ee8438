package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

const docsDir = "../../docs"

var (
	// schemaEntry is an attribute line that tfplugindocs writes: "- `name` (Type) Description...".
	schemaEntry = regexp.MustCompile("^- `([^`]+)` \\(([^)]+)\\)(.*)$")
	nestedLink  = regexp.MustCompile(`\(see \[below for nested schema\]\(#[^)]*\)\)`)
)

// TestDocs_everyAttributeDescribed reads the generated docs: every data source has a page, and every
// attribute on every page has a description, nested ones included.
func TestDocs_everyAttributeDescribed(t *testing.T) {
	pages := []string{filepath.Join(docsDir, "index.md")}
	p := New("test")()
	for _, newDataSource := range p.DataSources(context.Background()) {
		var resp datasource.MetadataResponse
		newDataSource().Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: "turso"}, &resp)
		pages = append(pages, filepath.Join(docsDir, "data-sources", strings.TrimPrefix(resp.TypeName, "turso_")+".md"))
	}

	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Errorf("%v: run `make generate`", err)
			continue
		}
		entries := 0
		for i, line := range strings.Split(string(b), "\n") {
			m := schemaEntry.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			entries++
			description := strings.TrimSpace(nestedLink.ReplaceAllString(m[3], ""))
			if description == "" {
				t.Errorf("%s:%d: attribute %q has no description; set its MarkdownDescription and run `make generate`", page, i+1, m[1])
			}
		}
		if entries == 0 {
			t.Errorf("%s lists no attributes: is it generated from the schema?", page)
		}
	}
}

// TestDocs_everyFunctionHasAPage: tfplugindocs writes a page per provider function, with its
// signature and arguments from the function's definition.
func TestDocs_everyFunctionHasAPage(t *testing.T) {
	p := New("test")().(provider.ProviderWithFunctions)
	for _, newFunction := range p.Functions(context.Background()) {
		var resp function.MetadataResponse
		newFunction().Metadata(context.Background(), function.MetadataRequest{}, &resp)
		page := filepath.Join(docsDir, "functions", resp.Name+".md")
		b, err := os.ReadFile(page)
		if err != nil {
			t.Errorf("%v: run `make generate`", err)
			continue
		}
		for _, want := range []string{"# function: " + resp.Name, "```text\n" + resp.Name + "(", "## Arguments", "## Example Usage", "## Result"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s lacks %q: is it generated from the templates?", page, want)
			}
		}
	}
}
