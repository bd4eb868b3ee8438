package turso

import (
	"bytes"
	stdjson "encoding/json"
	"io"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// BenchmarkDecodeOrganizationUsage compares the streaming decoder (encoding/json v2 over an
// io.Reader) with encoding/json v1 decoding the same wire structs from the whole body in memory,
// as the client did before, for an organization of 50,000 databases.
func BenchmarkDecodeOrganizationUsage(b *testing.B) {
	body := faketurso.GenerateUsage(50_000, 2)
	b.Run("v1_whole_body", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			// The body is read whole first, as the client did before it streamed.
			whole, err := io.ReadAll(onlyReader{bytes.NewReader(body)})
			if err != nil {
				b.Fatal(err)
			}
			var env v1Envelope
			if err := stdjson.Unmarshal(whole, &env); err != nil || len(env.Organization.Databases) != 50_000 {
				b.Fatalf("decoded %d databases: %v", len(env.Organization.Databases), err)
			}
		}
	})
	b.Run("v2_stream", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			u, err := DecodeOrganizationUsage(newBoundedBody(onlyReader{bytes.NewReader(body)}, usageBodyLimit), true)
			if err != nil || u.Databases.Len() != 50_000 {
				b.Fatalf("decode: %v", err)
			}
		}
	})
}

// onlyReader hides every method but Read, as a response body does.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// The v1 baseline's wire types: the shapes the client decoded with encoding/json before.
type v1Counter struct {
	value int64
	state counterState
}

func (c *v1Counter) UnmarshalJSON(b []byte) error {
	c.value, c.state = parseCounter(b)
	return nil
}

type v1Counters struct {
	RowsRead     v1Counter `json:"rows_read"`
	RowsWritten  v1Counter `json:"rows_written"`
	Databases    v1Counter `json:"databases"`
	Locations    v1Counter `json:"locations"`
	StorageBytes v1Counter `json:"storage_bytes"`
	Groups       v1Counter `json:"groups"`
	BytesSynced  v1Counter `json:"bytes_synced"`
}

type v1Envelope struct {
	Organization *struct {
		UUID      *string     `json:"uuid"`
		Usage     *v1Counters `json:"usage"`
		Databases []struct {
			UUID      *string `json:"uuid"`
			Instances []struct {
				UUID  *string     `json:"uuid"`
				Usage *v1Counters `json:"usage"`
			} `json:"instances"`
			Total *v1Counters `json:"total"`
			Usage *v1Counters `json:"usage"`
		} `json:"databases"`
	} `json:"organization"`
	Error stdjson.RawMessage `json:"error"`
}
