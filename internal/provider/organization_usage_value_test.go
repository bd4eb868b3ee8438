package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// The models below are the plain framework way to fill this data source's state (tfsdk.State.Set
// through reflection). organizationUsageValue must produce exactly the same value, only faster.
type usageModel struct {
	Organization     types.String     `tfsdk:"organization"`
	IncludeDatabases types.Bool       `tfsdk:"include_databases"`
	UUID             types.String     `tfsdk:"uuid"`
	Usage            orgCountersModel `tfsdk:"usage"`
	Databases        []databaseModel  `tfsdk:"databases"` // nil is a null list
}

type orgCountersModel struct {
	RowsRead     types.Int64 `tfsdk:"rows_read"`
	RowsWritten  types.Int64 `tfsdk:"rows_written"`
	Databases    types.Int64 `tfsdk:"databases"`
	Locations    types.Int64 `tfsdk:"locations"`
	StorageBytes types.Int64 `tfsdk:"storage_bytes"`
	Groups       types.Int64 `tfsdk:"groups"`
	BytesSynced  types.Int64 `tfsdk:"bytes_synced"`
}

type countersModel struct {
	RowsRead     types.Int64 `tfsdk:"rows_read"`
	RowsWritten  types.Int64 `tfsdk:"rows_written"`
	StorageBytes types.Int64 `tfsdk:"storage_bytes"`
	BytesSynced  types.Int64 `tfsdk:"bytes_synced"`
}

type databaseModel struct {
	UUID      types.String    `tfsdk:"uuid"`
	Instances []instanceModel `tfsdk:"instances"`
	Total     countersModel   `tfsdk:"total"`
}

type instanceModel struct {
	UUID  types.String  `tfsdk:"uuid"`
	Usage countersModel `tfsdk:"usage"`
}

func int64Model(c turso.Counter) types.Int64 {
	if v, ok := c.Int64(); ok {
		return types.Int64Value(v)
	}
	return types.Int64Null()
}

func countersModelOf(c turso.UsageCounters) countersModel {
	return countersModel{
		RowsRead:     int64Model(c.RowsRead),
		RowsWritten:  int64Model(c.RowsWritten),
		StorageBytes: int64Model(c.StorageBytes),
		BytesSynced:  int64Model(c.BytesSynced),
	}
}

func usageModelOf(slug string, includeDatabases bool, u *turso.OrganizationUsage) usageModel {
	m := usageModel{
		Organization:     types.StringValue(slug),
		IncludeDatabases: types.BoolValue(includeDatabases),
		UUID:             types.StringValue(u.UUID),
		Usage: orgCountersModel{
			RowsRead:     int64Model(u.Usage.RowsRead),
			RowsWritten:  int64Model(u.Usage.RowsWritten),
			Databases:    int64Model(u.Usage.Databases),
			Locations:    int64Model(u.Usage.Locations),
			StorageBytes: int64Model(u.Usage.StorageBytes),
			Groups:       int64Model(u.Usage.Groups),
			BytesSynced:  int64Model(u.Usage.BytesSynced),
		},
	}
	if !includeDatabases {
		return m
	}
	m.Databases = make([]databaseModel, len(u.Databases))
	for i, db := range u.Databases {
		instances := make([]instanceModel, len(db.Instances))
		for j, in := range db.Instances {
			instances[j] = instanceModel{UUID: types.StringValue(in.UUID), Usage: countersModelOf(in.Usage)}
		}
		m.Databases[i] = databaseModel{UUID: types.StringValue(db.UUID), Instances: instances, Total: countersModelOf(db.Total)}
	}
	return m
}

// reflectionValue is the state the framework's reflection builds from the models.
func reflectionValue(t *testing.T, slug string, includeDatabases bool, u *turso.OrganizationUsage) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	s := organizationUsageSchema()
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if diags := state.Set(ctx, usageModelOf(slug, includeDatabases, u)); diags.HasError() {
		t.Fatalf("State.Set: %v", diags)
	}
	return state.Raw
}

// valueDifferences lists how got differs from want, both as values and as the msgpack Terraform receives.
func valueDifferences(got, want tftypes.Value) []string {
	var out []string
	if !got.Equal(want) {
		out = append(out, "the values are not Equal")
	}
	diffs, err := want.Diff(got)
	if err != nil {
		out = append(out, "Diff: "+err.Error())
	}
	for i, d := range diffs {
		if i == 5 {
			out = append(out, fmt.Sprintf("... and %d more differences", len(diffs)-i))
			break
		}
		out = append(out, fmt.Sprintf("at %s: want %s, got %s", d.Path, d.Value1, d.Value2))
	}
	typ := organizationUsageTypes.root
	wantWire, err1 := tfprotov6.NewDynamicValue(typ, want)
	gotWire, err2 := tfprotov6.NewDynamicValue(typ, got)
	switch {
	case err1 != nil || err2 != nil:
		out = append(out, fmt.Sprintf("msgpack encoding failed: want %v, got %v", err1, err2))
	case string(wantWire.MsgPack) != string(gotWire.MsgPack):
		out = append(out, fmt.Sprintf("the msgpack encodings differ (%d and %d bytes)", len(wantWire.MsgPack), len(gotWire.MsgPack)))
	}
	return out
}

// nullCounters has counters that are absent or null, a database without instances and one whose
// "instances" key is missing.
const nullCounters = `{"organization": {"uuid": "9d6c8a10-0000-4000-8000-000000000000",
  "usage": {"rows_read": null, "databases": 2, "locations": 1, "storage_bytes": 0, "groups": 1},
  "databases": [
    {"uuid": "db-1", "instances": [
      {"uuid": "in-1", "usage": {"rows_read": 5, "rows_written": null, "storage_bytes": 4096}},
      {"uuid": "in-2", "usage": {}}],
     "total": {"rows_read": 5, "bytes_synced": null}},
    {"uuid": "db-2", "instances": [], "usage": {"rows_read": 0, "rows_written": 0, "storage_bytes": 0, "bytes_synced": 0}},
    {"uuid": "db-3", "total": {}}]}}`

func TestOrganizationUsageValue_matchesReflection(t *testing.T) {
	cases := []struct {
		name             string
		body             []byte
		includeDatabases bool
	}{
		{"reference", faketurso.Fixture("usage_reference.json"), true},
		{"live", faketurso.Fixture("usage_live.json"), true},
		{"empty organization", faketurso.Fixture("usage_empty.json"), true},
		{"null counters", []byte(nullCounters), true},
		{"generated", faketurso.GenerateUsage(300, 3), true},
		{"include_databases false", faketurso.Fixture("usage_live.json"), false},
		{"include_databases false, generated", faketurso.GenerateUsage(300, 3), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, err := turso.DecodeOrganizationUsage(tc.body, tc.includeDatabases)
			if err != nil {
				t.Fatal(err)
			}
			got := organizationUsageValue("acme", tc.includeDatabases, u)
			want := reflectionValue(t, "acme", tc.includeDatabases, u)
			for _, d := range valueDifferences(got, want) {
				t.Error(d)
			}
		})
	}
}

// TestOrganizationUsageValue_differencesAreCaught makes sure the comparison above can fail: the same
// usage with one value changed anywhere in the tree must be reported.
func TestOrganizationUsageValue_differencesAreCaught(t *testing.T) {
	changes := map[string]func(u *turso.OrganizationUsage){
		"a deep counter": func(u *turso.OrganizationUsage) {
			last := &u.Databases[len(u.Databases)-1]
			last.Instances[len(last.Instances)-1].Usage.BytesSynced = turso.NewCounter(1)
		},
		"a counter made null": func(u *turso.OrganizationUsage) { u.Usage.Groups = turso.Counter{} },
		"a database total":    func(u *turso.OrganizationUsage) { u.Databases[0].Total.RowsRead = turso.NewCounter(1 << 62) },
		"an instance UUID":    func(u *turso.OrganizationUsage) { u.Databases[1].Instances[0].UUID = "other" },
		"a missing instance": func(u *turso.OrganizationUsage) {
			u.Databases[2].Instances = u.Databases[2].Instances[:1]
		},
		"an empty database list": func(u *turso.OrganizationUsage) { u.Databases = []turso.DatabaseUsage{} },
	}
	body := faketurso.GenerateUsage(5, 2)
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			u, err := turso.DecodeOrganizationUsage(body, true)
			if err != nil {
				t.Fatal(err)
			}
			got := organizationUsageValue("acme", true, u)
			changed, err := turso.DecodeOrganizationUsage(body, true)
			if err != nil {
				t.Fatal(err)
			}
			change(changed)
			if diffs := valueDifferences(got, reflectionValue(t, "acme", true, changed)); len(diffs) == 0 {
				t.Error("a changed value went unnoticed")
			}
		})
	}
	t.Run("include_databases", func(t *testing.T) {
		u, err := turso.DecodeOrganizationUsage(body, true)
		if err != nil {
			t.Fatal(err)
		}
		if diffs := valueDifferences(organizationUsageValue("acme", false, u), reflectionValue(t, "acme", true, u)); len(diffs) == 0 {
			t.Error("a null databases list went unnoticed")
		}
	})
}
