package turso_test

import (
	"context"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// BenchmarkDatabaseListRead reads a list of 50,000 databases through the client, whose strings are
// all decoded with the token redacted: its allocations are to stay near the decoder's own.
func BenchmarkDatabaseListRead(b *testing.B) {
	fake, url := faketurso.Start(b)
	fake.SetDatabases("big", faketurso.GenerateDatabases(50_000))
	opts := fastOptions(url)
	opts.Token = echoToken
	fake.SetTokens(echoToken)
	c, err := turso.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := c.Databases(context.Background(), "big"); err != nil {
			b.Fatal(err)
		}
	}
}
