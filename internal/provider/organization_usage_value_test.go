package provider

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// The models below are the plain framework way to fill this data source's state (tfsdk.State.Set
// through reflection). encodeOrganizationUsage must encode exactly the same value, only faster.
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

// stateDifferences lists how an encoded state differs from the value want: as Terraform values, and
// byte for byte from the msgpack the framework would send for want.
func stateDifferences(encoded []byte, want tftypes.Value) []string {
	typ := organizationUsageType
	got, err := (&tfprotov6.DynamicValue{MsgPack: encoded}).Unmarshal(typ)
	if err != nil {
		return []string{"the encoded state does not decode: " + err.Error()}
	}
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
	wantWire, err := tfprotov6.NewDynamicValue(typ, want)
	switch {
	case err != nil:
		out = append(out, "msgpack encoding of the reflection value: "+err.Error())
	case !bytes.Equal(wantWire.MsgPack, encoded):
		out = append(out, fmt.Sprintf("the msgpack differs from the framework's (%d and %d bytes)", len(encoded), len(wantWire.MsgPack)))
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

// everyWidth has numbers and strings at every boundary of their msgpack encodings, and lists longer
// than 15 elements.
func everyWidth() *turso.OrganizationUsage {
	numbers := []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, 1<<53 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64}
	u := &turso.OrganizationUsage{UUID: strings.Repeat("o", 65536)}
	for i, v := range numbers {
		c := turso.UsageCounters{RowsRead: turso.NewCounter(v), RowsWritten: turso.NewCounter(-v), StorageBytes: turso.NewCounter(int64(i))}
		db := turso.DatabaseUsage{UUID: strings.Repeat("d", []int{0, 31, 32, 255, 256, 65535}[i%6]), Total: c}
		for j := range i {
			db.Instances = append(db.Instances, turso.InstanceUsage{UUID: fmt.Sprint(j), Usage: c})
		}
		u.Databases = append(u.Databases, db)
	}
	u.Usage.Databases = turso.NewCounter(math.MaxInt64)
	return u
}

func TestEncodeOrganizationUsage_matchesReflection(t *testing.T) {
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
			u, err := turso.DecodeOrganizationUsage(bytes.NewReader(tc.body), tc.includeDatabases)
			if err != nil {
				t.Fatal(err)
			}
			encoded := encodeOrganizationUsage("acme", tc.includeDatabases, u)
			for _, d := range stateDifferences(encoded, reflectionValue(t, "acme", tc.includeDatabases, u)) {
				t.Error(d)
			}
			if hint := (&usageState{slug: "acme", includeDatabases: tc.includeDatabases, usage: u}).sizeHint(); len(encoded) > hint {
				t.Errorf("the state took %d bytes, more than the %d allocated for it", len(encoded), hint)
			}
		})
	}
	t.Run("every encoding width", func(t *testing.T) {
		u := everyWidth()
		for _, d := range stateDifferences(encodeOrganizationUsage(strings.Repeat("s", 300), true, u), reflectionValue(t, strings.Repeat("s", 300), true, u)) {
			t.Error(d)
		}
	})
}

// TestEncodeOrganizationUsage_differencesAreCaught makes sure the comparison above can fail: the same
// usage with one value changed anywhere in the tree must be reported.
func TestEncodeOrganizationUsage_differencesAreCaught(t *testing.T) {
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
			u, err := turso.DecodeOrganizationUsage(bytes.NewReader(body), true)
			if err != nil {
				t.Fatal(err)
			}
			encoded := encodeOrganizationUsage("acme", true, u)
			change(u)
			if diffs := stateDifferences(encoded, reflectionValue(t, "acme", true, u)); len(diffs) == 0 {
				t.Error("a changed value went unnoticed")
			}
		})
	}
	t.Run("include_databases", func(t *testing.T) {
		u, err := turso.DecodeOrganizationUsage(bytes.NewReader(body), true)
		if err != nil {
			t.Fatal(err)
		}
		if diffs := stateDifferences(encodeOrganizationUsage("acme", false, u), reflectionValue(t, "acme", true, u)); len(diffs) == 0 {
			t.Error("a null databases list went unnoticed")
		}
	})
}

func TestSetOrganizationUsageState(t *testing.T) {
	u, err := turso.DecodeOrganizationUsage(bytes.NewReader(faketurso.Fixture("usage_live.json")), true)
	if err != nil {
		t.Fatal(err)
	}
	want := reflectionValue(t, "live", true, u)
	config := tftypes.NewValue(organizationUsageType, nil)

	t.Run("into the framework's state", func(t *testing.T) {
		state := tfsdk.State{Schema: organizationUsageSchema(), Raw: config}
		if diags := setOrganizationUsageState(context.Background(), &state, "live", true, u); diags.HasError() {
			t.Fatal(diags)
		}
		if diffs, _ := want.Diff(state.Raw); !state.Raw.Equal(want) {
			t.Errorf("the state differs from the reflection path's: %v", diffs)
		}
	})
	t.Run("handed over to the protocol server", func(t *testing.T) {
		var encoded []byte
		ctx := context.WithValue(context.Background(), encodedStateKey{}, &encoded)
		state := tfsdk.State{Schema: organizationUsageSchema(), Raw: config}
		if diags := setOrganizationUsageState(ctx, &state, "live", true, u); diags.HasError() {
			t.Fatal(diags)
		}
		if !state.Raw.Equal(config) {
			t.Error("the framework's state changed, want it left as it started")
		}
		for _, d := range stateDifferences(encoded, want) {
			t.Error(d)
		}
	})
}

// TestNewProtocol6_readsLikeTheFramework reads the same organizations through the provider's protocol
// server and through the framework's own: Terraform must receive the same bytes, and the same errors.
func TestNewProtocol6_readsLikeTheFramework(t *testing.T) {
	for name, body := range map[string][]byte{
		"live":      faketurso.Fixture("usage_live.json"),
		"generated": faketurso.GenerateUsage(200, 2),
		"malformed": []byte(`{"organization": {"uuid": "x", "usage": {"rows_read": "12"}}}`),
	} {
		for _, include := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/include_databases=%t", name, include), func(t *testing.T) {
				ours := newUsageReader(t, NewProtocol6WithError(newWithOptions("test", testClientOptions)()), body, include)(t)
				framework := newUsageReader(t, providerserver.NewProtocol6WithError(newWithOptions("test", testClientOptions)()), body, include)(t)
				if !reflect.DeepEqual(ours.Diagnostics, framework.Diagnostics) {
					t.Errorf("diagnostics: got %v, want the framework's %v", ours.Diagnostics, framework.Diagnostics)
				}
				if wantError := name == "malformed"; hasError(ours.Diagnostics) != wantError {
					t.Errorf("diagnostics %v, want an error: %t", ours.Diagnostics, wantError)
				}
				if ours.State == nil || framework.State == nil {
					t.Fatalf("no state: got %v, framework %v", ours.State, framework.State)
				}
				if !bytes.Equal(ours.State.MsgPack, framework.State.MsgPack) {
					t.Errorf("the state differs from the framework's (%d and %d bytes)", len(ours.State.MsgPack), len(framework.State.MsgPack))
				}
			})
		}
	}
}

// newUsageReader configures a provider server against a fake API serving body as organization
// "bench" and returns one read of turso_organization_usage through it, failing on any error.
func newUsageReader(tb testing.TB, newServer func() (tfprotov6.ProviderServer, error), body []byte, includeDatabases bool) func(testing.TB) *tfprotov6.ReadDataSourceResponse {
	tb.Helper()
	ctx := context.Background()
	fake, url := faketurso.Start(tb)
	fake.SetUsage("bench", body)

	server, err := newServer()
	if err != nil {
		tb.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		tb.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerConfig := dynamicValue(tb, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"api_token":    tftypes.NewValue(tftypes.String, faketurso.Token),
		"organization": tftypes.NewValue(tftypes.String, "bench"),
		"api_url":      tftypes.NewValue(tftypes.String, url),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig})
	if err != nil || len(configured.Diagnostics) > 0 {
		tb.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}

	const typeName = "turso_organization_usage"
	dsType := schemas.DataSourceSchemas[typeName].ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, t := range dsType.AttributeTypes {
		attrs[name] = tftypes.NewValue(t, nil)
	}
	attrs["include_databases"] = tftypes.NewValue(tftypes.Bool, includeDatabases)
	config := dynamicValue(tb, dsType, attrs)

	return func(tb testing.TB) *tfprotov6.ReadDataSourceResponse {
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: config})
		if err != nil {
			tb.Fatalf("ReadDataSource: %v", err)
		}
		return resp
	}
}

func dynamicValue(tb testing.TB, t tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(t, tftypes.NewValue(t, attrs))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// TestMsgPackHeaders checks the list and map headers against tftypes' own encoding at every width,
// including those the usage schema's objects are too small to reach.
func TestMsgPackHeaders(t *testing.T) {
	for _, n := range []int{0, 15, 16, 65535, 65536} {
		list := make([]tftypes.Value, n)
		elements := make(map[string]tftypes.Value, n)
		for i := range list {
			list[i] = tftypes.NewValue(tftypes.Bool, false)
			elements[fmt.Sprint(i)] = list[i]
		}
		for name, tc := range map[string]struct {
			typ   tftypes.Type
			value any
			ours  []byte
		}{
			"list": {tftypes.List{ElementType: tftypes.Bool}, list, appendArrayHeader(nil, n)},
			"map":  {tftypes.Map{ElementType: tftypes.Bool}, elements, appendMapHeader(nil, n)},
		} {
			theirs, err := tfprotov6.NewDynamicValue(tc.typ, tftypes.NewValue(tc.typ, tc.value))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(theirs.MsgPack, tc.ours) {
				t.Errorf("%s of %d: header %x, tftypes begins %x", name, n, tc.ours, theirs.MsgPack[:min(len(theirs.MsgPack), 8)])
			}
		}
	}
}
