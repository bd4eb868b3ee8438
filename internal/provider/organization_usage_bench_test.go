package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// benchSizes match internal/turso's benchmarks, whose BenchmarkDecodeBaseline is the reference the
// read path is compared with (scripts/bench.sh prints the ratios).
var benchSizes = []int{100, 1_000, 10_000, 50_000}

// BenchmarkOrganizationUsageRead is the provider's side of a read: decode and validate the body, then
// build the Terraform value of the state.
func BenchmarkOrganizationUsageRead(b *testing.B) {
	for _, n := range benchSizes {
		body := faketurso.GenerateUsage(n, 2)
		b.Run(fmt.Sprintf("databases=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				u, err := turso.DecodeOrganizationUsage(body, true)
				if err != nil {
					b.Fatal(err)
				}
				_ = organizationUsageValue("bench", true, u)
			}
		})
	}
}

// BenchmarkOrganizationUsageValue is the conversion alone, from already decoded usage.
func BenchmarkOrganizationUsageValue(b *testing.B) {
	for _, n := range benchSizes {
		u, err := turso.DecodeOrganizationUsage(faketurso.GenerateUsage(n, 2), true)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("databases=%d", n), func(b *testing.B) {
			for b.Loop() {
				_ = organizationUsageValue("bench", true, u)
			}
		})
	}
}

// BenchmarkReadDataSource is a whole read as Terraform asks for it: the protocol call through the
// framework's provider server, the HTTP request to the fake API, and the msgpack encoding of the state.
func BenchmarkReadDataSource(b *testing.B) {
	for _, include := range []bool{true, false} {
		for _, n := range benchSizes {
			body := faketurso.GenerateUsage(n, 2)
			b.Run(fmt.Sprintf("include_databases=%t/databases=%d", include, n), func(b *testing.B) {
				read := newBenchReader(b, body, include)
				b.SetBytes(int64(len(body)))
				for b.Loop() {
					read()
				}
			})
		}
	}
}

// newBenchReader configures a provider server against a fake API serving body and returns a function
// that reads the data source once.
func newBenchReader(b *testing.B, body []byte, includeDatabases bool) func() {
	b.Helper()
	ctx := context.Background()
	fake := faketurso.New()
	fake.SetUsage("bench", body)
	srv := httptest.NewServer(fake)
	b.Cleanup(srv.Close)

	server, err := providerserver.NewProtocol6WithError(newWithOptions("bench", testClientOptions)())()
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerConfig := dynamicValue(b, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"api_token":    tftypes.NewValue(tftypes.String, faketurso.Token),
		"organization": tftypes.NewValue(tftypes.String, "bench"),
		"api_url":      tftypes.NewValue(tftypes.String, srv.URL),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig})
	if err != nil || len(configured.Diagnostics) > 0 {
		b.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}

	const typeName = "turso_organization_usage"
	dsType := schemas.DataSourceSchemas[typeName].ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, t := range dsType.AttributeTypes {
		attrs[name] = tftypes.NewValue(t, nil)
	}
	attrs["include_databases"] = tftypes.NewValue(tftypes.Bool, includeDatabases)
	config := dynamicValue(b, dsType, attrs)
	// A state without its databases is a few hundred bytes; with them, a good fraction of the JSON.
	minState := 1
	if includeDatabases {
		minState = len(body) / 10
	}

	return func() {
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: config})
		if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil || len(resp.State.MsgPack) < minState {
			b.Fatalf("ReadDataSource: %v %v", err, resp.Diagnostics)
		}
	}
}

func dynamicValue(b *testing.B, t tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	dv, err := tfprotov6.NewDynamicValue(t, tftypes.NewValue(t, attrs))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}
