package turso_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// benchSizes are the organization sizes, in databases of two instances each, of every usage benchmark.
var benchSizes = []int{100, 1_000, 10_000, 50_000}

// plainUsage is the same response decoded the simplest way: encoding/json into int64 fields, with no
// validation. It is the baseline the provider's read path is measured against.
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

// BenchmarkDecodeBaseline is the bare encoding/json decode of a generated organization.
func BenchmarkDecodeBaseline(b *testing.B) {
	for _, n := range benchSizes {
		body := faketurso.GenerateUsage(n, 2)
		b.Run(fmt.Sprintf("databases=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				var u plainUsage
				if err := json.Unmarshal(body, &u); err != nil {
					b.Fatal(err)
				}
				if len(u.Organization.Databases) != n {
					b.Fatalf("decoded %d databases, want %d", len(u.Organization.Databases), n)
				}
			}
		})
	}
}

// BenchmarkDecodeOrganizationUsage is the client's decode and validation of the same bodies.
func BenchmarkDecodeOrganizationUsage(b *testing.B) {
	for _, n := range benchSizes {
		body := faketurso.GenerateUsage(n, 2)
		b.Run(fmt.Sprintf("databases=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				u, err := turso.DecodeOrganizationUsage(body, true)
				if err != nil {
					b.Fatal(err)
				}
				if len(u.Databases) != n {
					b.Fatalf("decoded %d databases, want %d", len(u.Databases), n)
				}
			}
		})
	}
}

// BenchmarkDecodeOrganizationUsageSummary decodes only the organization's uuid and counters.
func BenchmarkDecodeOrganizationUsageSummary(b *testing.B) {
	for _, n := range benchSizes {
		body := faketurso.GenerateUsage(n, 2)
		b.Run(fmt.Sprintf("databases=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := turso.DecodeOrganizationUsage(body, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
