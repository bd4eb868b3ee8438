package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// BenchmarkOrganizationUsage measures reading organizations of 100 to 50,000 databases (two instances
// each) next to the bare encoding/json decode of the same bytes. Every line reports x_json, its time
// divided by that baseline's, measured moments before for the same size:
//
//   - json_baseline: encoding/json into plain structs with int64 fields, no validation;
//   - decode: the client's decode and validation (turso.DecodeOrganizationUsage);
//   - read: decode plus the Terraform value of the state, the provider's own work in a read;
//   - read_data_source: the whole ReadDataSource call through the framework's provider server,
//     including the HTTP request to a fake API and the msgpack encoding of the state;
//   - read_data_source_summary: the same with include_databases = false.
func BenchmarkOrganizationUsage(b *testing.B) {
	for _, n := range []int{100, 1_000, 10_000, 50_000} {
		body := faketurso.GenerateUsage(n, 2)
		b.Run(fmt.Sprintf("databases=%d", n), func(b *testing.B) {
			var baseline float64
			measure := func(name string, op func(b *testing.B)) {
				b.Run(name, func(b *testing.B) {
					b.SetBytes(int64(len(body)))
					for b.Loop() {
						op(b)
					}
					perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
					if name == "json_baseline" {
						baseline = perOp
					}
					b.ReportMetric(perOp/baseline, "x_json")
				})
			}
			measure("json_baseline", func(b *testing.B) {
				var u plainUsage
				if err := json.Unmarshal(body, &u); err != nil || len(u.Organization.Databases) != n {
					b.Fatalf("decoded %d databases, want %d (%v)", len(u.Organization.Databases), n, err)
				}
			})
			measure("decode", func(b *testing.B) {
				if u, err := turso.DecodeOrganizationUsage(body, true); err != nil || len(u.Databases) != n {
					b.Fatalf("decode: %v", err)
				}
			})
			measure("read", func(b *testing.B) {
				u, err := turso.DecodeOrganizationUsage(body, true)
				if err != nil {
					b.Fatal(err)
				}
				if v := organizationUsageValue("bench", true, u); v.IsNull() {
					b.Fatal("null state")
				}
			})
			measure("read_data_source", newBenchReader(b, body, true))
			measure("read_data_source_summary", newBenchReader(b, body, false))
		})
	}
}

// plainUsage is the simplest decode of a usage response, the baseline of the benchmarks.
type plainUsage struct {
	Organization struct {
		UUID  string `json:"uuid"`
		Usage struct {
			RowsRead     int64 `json:"rows_read"`
			RowsWritten  int64 `json:"rows_written"`
			Databases    int64 `json:"databases"`
			Locations    int64 `json:"locations"`
			StorageBytes int64 `json:"storage_bytes"`
			Groups       int64 `json:"groups"`
			BytesSynced  int64 `json:"bytes_synced"`
		} `json:"usage"`
		Databases []struct {
			UUID      string `json:"uuid"`
			Instances []struct {
				UUID  string        `json:"uuid"`
				Usage plainCounters `json:"usage"`
			} `json:"instances"`
			Total plainCounters `json:"total"`
			Usage plainCounters `json:"usage"`
		} `json:"databases"`
	} `json:"organization"`
}

type plainCounters struct {
	RowsRead     int64 `json:"rows_read"`
	RowsWritten  int64 `json:"rows_written"`
	StorageBytes int64 `json:"storage_bytes"`
	BytesSynced  int64 `json:"bytes_synced"`
}

// newBenchReader configures a provider server against a fake API serving body and returns one read
// of the data source through it.
func newBenchReader(b *testing.B, body []byte, includeDatabases bool) func(b *testing.B) {
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

	return func(b *testing.B) {
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
