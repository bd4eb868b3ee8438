package turso_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func TestDatabaseConfiguration(t *testing.T) {
	fake, url := faketurso.Start(t)
	c := newClient(t, fastOptions(url))
	ctx := context.Background()
	full, err := c.DatabaseConfiguration(ctx, faketurso.OrgDemo, "orders-prod")
	if err != nil {
		t.Fatal(err)
	}
	if full.SizeLimit != "10gb" || full.SizeLimitBytes != 10_000_000_000 || full.DeleteProtection != turso.FlagTrue || full.BlockReads != turso.FlagFalse ||
		!slices.Equal(full.AllowedIPs, []string{"10.0.0.0/8", "203.0.113.7/32", "2001:db8::/32"}) ||
		!slices.Equal(full.AllowedAWSVPCIDs, []string{"vpc-0a1b2c3d4e5f60718", "vpc-0123456789abcdef0"}) {
		t.Errorf("orders-prod = %+v", full)
	}
	empty, err := c.DatabaseConfiguration(ctx, faketurso.OrgDemo, "users-prod")
	if err != nil || empty.AllowedIPs == nil || len(empty.AllowedIPs) != 0 || empty.AllowedAWSVPCIDs == nil || empty.SizeLimitBytes != 512<<20 {
		t.Errorf("users-prod = %+v, %v: want empty lists, not absent ones", empty, err)
	}
	none, err := c.DatabaseConfiguration(ctx, faketurso.OrgDemo, "scratch")
	if err != nil || none.SizeLimit != "" || none.SizeLimitBytes != 0 || none.AllowedIPs != nil || none.AllowedAWSVPCIDs != nil || none.BlockWrites != turso.FlagTrue {
		t.Errorf("scratch = %+v, %v: want no size limit and absent lists", none, err)
	}
	_, err = c.DatabaseConfiguration(ctx, faketurso.OrgDemo, "orders-prd")
	var apiErr *turso.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || !strings.HasPrefix(err.Error(), "GET /v1/organizations/demo/databases/orders-prd/configuration: HTTP 404") {
		t.Errorf("unknown database: %v", err)
	}
	before := len(fake.Requests())
	if _, err := c.DatabaseConfiguration(ctx, faketurso.OrgDemo, "../usage"); err == nil || !strings.Contains(err.Error(), `database "../usage" must not be "." or contain ".."`) {
		t.Errorf("a name that changes the path: %v", err)
	}
	if len(fake.Requests()) != before {
		t.Error("a refused name was sent")
	}
}

func TestDecodeDatabaseConfiguration(t *testing.T) {
	c, err := turso.DecodeDatabaseConfiguration(strings.NewReader(`{"size_limit":null,"allowed_ips":null}`))
	if err != nil || c.SizeLimit != "" || c.AllowedIPs != nil || c.DeleteProtection != turso.FlagAbsent {
		t.Errorf("nulls: %+v, %v", c, err)
	}
	for body, want := range map[string]string{
		`{"size_limit":"10 parsecs"}`:    `size_limit: is "10 parsecs", which is not a size such as "10gb", "256mb" or "1.5gib": "parsecs" is not a unit`,
		`{"size_limit":"lots"}`:          `size_limit: is "lots", which is not a size`,
		`{"size_limit":10}`:              "size_limit: is a JSON number, want a string",
		`{"allowed_ips":["a",1]}`:        "allowed_ips[1]: is a JSON number, want a string",
		`{"allowed_aws_vpc_ids":"vpc"}`:  "allowed_aws_vpc_ids: is a JSON string, want an array",
		`{"error":"database not found"}`: "the API answered 200 OK with an error instead of the configuration: database not found",
	} {
		_, err := turso.DecodeDatabaseConfiguration(strings.NewReader(body))
		var de *turso.DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", body, err, want)
		}
	}
}

func TestParseSize(t *testing.T) {
	for s, want := range map[string]int64{
		"10gb": 10_000_000_000, "10GB": 10_000_000_000, "10 GB": 10_000_000_000, "256mb": 256_000_000, "1mb": 1_000_000,
		"1.5gb": 1_500_000_000, "512MiB": 512 << 20, "1gib": 1 << 30, "1Gi": 1 << 30, "2g": 2_000_000_000, "4096": 4096,
		"4096b": 4096, "1,000kb": 1_000_000, "0.1kib": 102, "8eb": 8_000_000_000_000_000_000, "7EiB": 7 << 60, "0": 0,
	} {
		got, err := turso.ParseSize(s)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for s, want := range map[string]string{
		"": "does not begin with a number", "gb": "does not begin with a number", " 1gb": "does not begin with a number",
		"1.2.3gb": "does not begin with a number", ".5gb": "does not begin with a number", "1e3": `"e3" is not a unit`,
		"10 parsecs": `"parsecs" is not a unit`, "-1gb": "does not begin with a number", "8EiB": "is more than 9223372036854775807 bytes",
		"10gbb": `"gbb" is not a unit`,
	} {
		if _, err := turso.ParseSize(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSize(%q): err = %v, want %q", s, err, want)
		}
	}
}

// An allow list of 200,000 networks reads whole; one of ten times as many stops at MaxAllowListEntries.
func TestDatabaseConfiguration_hugeAllowList(t *testing.T) {
	fake, url := faketurso.Start(t)
	faketurso.ServeHostile(fake)
	c := newClient(t, fastOptions(url))
	conf, err := c.DatabaseConfiguration(context.Background(), faketurso.OrgHugeAllowList, "wide-open")
	if err != nil || len(conf.AllowedIPs) != faketurso.HugeAllowListEntries || conf.AllowedIPs[0] != "10.0.0.0/32" || conf.AllowedIPs[199_999] != "10.3.13.63/32" {
		t.Fatalf("wide-open: %v, %d networks", err, len(conf.AllowedIPs))
	}
	_, err = c.DatabaseConfiguration(context.Background(), faketurso.OrgHugeAllowList, "wider-than-cap")
	var de *turso.DecodeError
	if !errors.As(err, &de) || !strings.HasSuffix(err.Error(), "configuration: unexpected response: allowed_ips: lists more than 250000 entries, the most this provider reads") {
		t.Fatalf("wider-than-cap: %v", err)
	}
}
