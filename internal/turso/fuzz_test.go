package turso

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode: no response decoder panics, and what the usage decoder accepts is consistent.
func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob("../faketurso/fixtures/*.json")
	if len(seeds) == 0 {
		f.Fatal("no fixtures found for the seed corpus")
	}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"organization":{"uuid":"o","usage":{"rows_read":-0}}}`))
	f.Add([]byte(`{"organization":{"uuid":"o","usage":{},"databases":[{"uuid":"d","instances":[{"uuid":"i","usage":{"rows_read":1e3}}],"usage":{}}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = DecodeSubscription(bytes.NewReader(b))
		_, _ = DecodePlans(bytes.NewReader(b))
		_, _ = DecodeOrganization(bytes.NewReader(b))
		full, err := DecodeOrganizationUsage(bytes.NewReader(b), true)
		summary, summaryErr := DecodeOrganizationUsage(bytes.NewReader(b), false)
		if err != nil {
			return
		}
		if summaryErr != nil {
			t.Fatalf("the full decode succeeded but the summary failed: %v", summaryErr)
		}
		if full.UUID == "" || full.UUID != summary.UUID || full.Usage != summary.Usage {
			t.Fatalf("full and summary disagree: %+v vs %+v", full, summary)
		}
		for _, db := range full.Databases {
			if db.UUID == "" || db.Instances == nil {
				t.Fatalf("accepted database without uuid or instances: %+v", db)
			}
			for _, c := range []Counter{db.Total.RowsRead, db.Total.RowsWritten, db.Total.StorageBytes, db.Total.BytesSynced} {
				if v, ok := c.Int64(); c.problem() != "" || (ok && v < 0) {
					t.Fatalf("accepted an invalid counter: %+v", c)
				}
			}
		}
	})
}
