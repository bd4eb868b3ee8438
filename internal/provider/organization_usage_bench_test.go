package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

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
//   - read_data_source: the whole ReadDataSource call through the provider's protocol server,
//     including the HTTP requests to a fake API (the usage, and the database list in pages of 1,000
//     for the names) and the msgpack encoding of the state;
//   - read_data_source_no_names: the same with an empty database list, the cost of the names aside;
//   - read_data_source_framework: the same read through the framework's own protocol server, which
//     decodes the handed-over state into its own values and encodes them again: what the bypass in
//     NewProtocol6 saves, to be measured again at every framework upgrade;
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
				if u, err := turso.DecodeOrganizationUsage(bytes.NewReader(body), true); err != nil || u.Databases.Len() != n {
					b.Fatalf("decode: %v", err)
				}
			})
			measure("read", func(b *testing.B) {
				u, err := turso.DecodeOrganizationUsage(bytes.NewReader(body), true)
				if err != nil {
					b.Fatal(err)
				}
				if state := encodeAll(&usageState{slug: "bench", includeDatabases: true, includeInstances: true, usage: u}); len(state) < len(body)/2 {
					b.Fatalf("a state of %d bytes for %d bytes of JSON", len(state), len(body))
				}
			})
			names := faketurso.GenerateDatabases(n)
			measure("read_data_source", readThroughServer(b, NewProtocol6WithError, body, names, true))
			measure("read_data_source_no_names", readThroughServer(b, NewProtocol6WithError, body, nil, true))
			measure("read_data_source_framework", readThroughServer(b, providerserver.NewProtocol6WithError, body, names, true))
			measure("read_data_source_summary", readThroughServer(b, NewProtocol6WithError, body, nil, false))
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

// readThroughServer returns one read through a protocol server, as Terraform runs it.
func readThroughServer(b *testing.B, newServer func(provider.Provider) func() (tfprotov6.ProviderServer, error), body, databases []byte, includeDatabases bool) func(b *testing.B) {
	read := newUsageReader(b, newServer(newWithOptions("bench", testClientOptions)()), body, databases, includeDatabases)
	return func(b *testing.B) {
		if resp := read(context.Background(), b); len(resp.Diagnostics) > 0 || resp.State == nil {
			b.Fatalf("ReadDataSource: %v", resp.Diagnostics)
		}
	}
}
