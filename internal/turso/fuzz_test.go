package turso

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// FuzzDecode: no response decoder panics; each decodes the same whether the body arrives whole or a
// byte at a time through the client's bounded reader; what the usage decoder accepts is consistent;
// and no error message shows a piece of the token, wherever the body echoes it.
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
	f.Add([]byte(`{"organization":{"uuid":"o","usage":{"rows_read":1,"rows_read":2}}}`))
	f.Add([]byte("{\"organization\":{\"uuid\":\"\xff\xfe\",\"usage\":{}}}"))
	f.Add([]byte(`{"error":"Bearer ` + fuzzToken + `"}`))
	f.Add([]byte(`{"invoices":[{"invoice_number":"A","amount_due":"-0.10","paid_at":"2024-01-01T05:00:00+00:00"}]}`))
	f.Add([]byte(`[{"query":"SELECT 1","rows_read":9007199254740993,"rows_written":0},{"query":"x","rows_read":1,"rows_written":2}]`))
	f.Add([]byte(`{"top_queries":[{"query":"SELECT 'a@b.c'","rows_read":1,"rows_written":0}]}`))
	f.Add([]byte(`{"top_queries":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		streamed := func(b []byte) *boundedBody {
			return newBoundedBody(iotest.OneByteReader(bytes.NewReader(b)), 1<<20)
		}
		sameBothWays(t, "subscription", func(b []byte) (any, error) { return DecodeSubscription(bytes.NewReader(b)) }, func(b []byte) (any, error) { return DecodeSubscription(streamed(b)) }, b)
		sameBothWays(t, "plans", func(b []byte) (any, error) { return DecodePlans(bytes.NewReader(b)) }, func(b []byte) (any, error) { return DecodePlans(streamed(b)) }, b)
		sameBothWays(t, "organization", func(b []byte) (any, error) { return DecodeOrganization(bytes.NewReader(b)) }, func(b []byte) (any, error) { return DecodeOrganization(streamed(b)) }, b)
		sameBothWays(t, "database page", func(b []byte) (any, error) { return DecodeDatabasePage(bytes.NewReader(b)) }, func(b []byte) (any, error) { return DecodeDatabasePage(streamed(b)) }, b)
		sameBothWays(t, "usage/queries", func(b []byte) (any, error) { return DecodeUsageQueries(bytes.NewReader(b)) }, func(b []byte) (any, error) { return DecodeUsageQueries(streamed(b)) }, b)
		sameBothWays(t, "stats", func(b []byte) (any, error) { return DecodeStats(bytes.NewReader(b)) }, func(b []byte) (any, error) { return DecodeStats(streamed(b)) }, b)
		sameBothWays(t, "database usage", func(b []byte) (any, error) { return DecodeDatabaseUsage(bytes.NewReader(b)) }, func(b []byte) (any, error) { return DecodeDatabaseUsage(streamed(b)) }, b)
		sameBothWays(t, "invoices", func(b []byte) (any, error) { return DecodeInvoices(bytes.NewReader(b)) }, func(b []byte) (any, error) { return DecodeInvoices(streamed(b)) }, b)
		checkRedaction(t, b)
		if queries, err := DecodeUsageQueries(streamed(b)); err == nil {
			for _, q := range queries {
				if !utf8.ValidString(q.Text) || len(q.Text) > MaxQueryTextBytes+64 || q.RowsRead < 0 || q.RowsWritten < 0 {
					t.Fatalf("accepted a query of %d bytes (valid UTF-8: %t), counts %d/%d", len(q.Text), utf8.ValidString(q.Text), q.RowsRead, q.RowsWritten)
				}
			}
		}

		full, err := DecodeOrganizationUsage(streamed(b), true)
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
		for i := range full.Databases.Len() {
			db := full.Databases.Database(i)
			if db.UUID == "" || db.Instances == nil {
				t.Fatalf("accepted database without uuid or instances: %+v", db)
			}
			for _, f := range usageCounterFields {
				if c := f.at(&db.Total); c.problem() != "" {
					t.Fatalf("accepted an invalid counter: %+v", c)
				}
			}
		}
	})
}

func sameBothWays(t *testing.T, name string, whole, streamed func([]byte) (any, error), b []byte) {
	t.Helper()
	v1, err1 := whole(b)
	v2, err2 := streamed(b)
	if (err1 == nil) != (err2 == nil) || (err1 == nil && !reflect.DeepEqual(v1, v2)) {
		t.Fatalf("%s: whole body gave %v, %v; a byte at a time gave %v, %v", name, v1, err1, v2, err2)
	}
}

const fuzzToken = "tok_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"

// checkRedaction: an error body made of b with the token inserted anywhere never shows 16
// characters of it.
func checkRedaction(t *testing.T, b []byte) {
	t.Helper()
	r := redactor{token: fuzzToken}
	at := 0
	if len(b) > 0 {
		at = int(b[0]) * len(b) / 256
	}
	body := append(append(append([]byte{}, b[:at]...), "Bearer "+fuzzToken...), b[at:]...)
	for _, cut := range []int{len(body), min(len(body), errorBodyLimit), len(body) / 2} {
		msg, code := errorMessage(body[:cut], cut < len(body), "text/plain", r)
		for i := 0; i+16 <= len(fuzzToken); i++ {
			if piece := fuzzToken[i : i+16]; strings.Contains(msg, piece) || strings.Contains(code, piece) {
				t.Fatalf("the message shows %q of the token: %q", piece, msg)
			}
		}
	}
}
