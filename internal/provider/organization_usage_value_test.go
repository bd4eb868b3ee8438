package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// expectedUsageValue builds the state the data source must send for s value by value with tftypes,
// an independent path to what encodeOrganizationUsage writes straight to msgpack.
func expectedUsageValue(t *testing.T, s *usageState) tftypes.Value {
	t.Helper()
	typ := organizationUsageType.(tftypes.Object)
	databases := tftypes.NewValue(typ.AttributeTypes["databases"], nil)
	if s.includeDatabases {
		dbType := databaseType.(tftypes.Object)
		var list []tftypes.Value
		kept, _, _ := selectDatabases(s, &s.filter)
		for _, k := range kept {
			i := k.i
			db := s.usage.Databases.Database(i)
			name, group := tftypes.NewValue(tftypes.String, nil), tftypes.NewValue(tftypes.String, nil)
			region := tftypes.NewValue(tftypes.String, nil)
			flags := map[string]tftypes.Value{}
			for _, f := range []string{"block_reads", "block_writes", "delete_protection"} {
				flags[f] = tftypes.NewValue(tftypes.Bool, nil)
			}
			if i := s.names.Find(s.usage.Databases.UUID(i)); i >= 0 {
				d := s.names.Database(i)
				name = tftypes.NewValue(tftypes.String, d.Name)
				if d.Group != "" {
					group = tftypes.NewValue(tftypes.String, d.Group)
				}
				if d.PrimaryRegion != "" {
					region = tftypes.NewValue(tftypes.String, d.PrimaryRegion)
				}
				for f, flag := range map[string]turso.Flag{"block_reads": d.BlockReads, "block_writes": d.BlockWrites, "delete_protection": d.DeleteProtection} {
					if v, ok := flag.Bool(); ok {
						flags[f] = tftypes.NewValue(tftypes.Bool, v)
					}
				}
			}
			instances := tftypes.NewValue(dbType.AttributeTypes["instances"], nil)
			if s.includeInstances {
				var values []tftypes.Value
				for j := range db.Instances {
					in := &db.Instances[j]
					values = append(values, tftypes.NewValue(instanceType, map[string]tftypes.Value{
						"uuid":  tftypes.NewValue(tftypes.String, in.UUID),
						"usage": countersValue(t, attributeType(instanceType, "usage"), turso.UsageCounterFields, &in.Usage),
					}))
				}
				instances = tftypes.NewValue(dbType.AttributeTypes["instances"], values)
			}
			list = append(list, tftypes.NewValue(dbType, map[string]tftypes.Value{
				"uuid":              tftypes.NewValue(tftypes.String, db.UUID),
				"name":              name,
				"group":             group,
				"primary_region":    region,
				"block_reads":       flags["block_reads"],
				"block_writes":      flags["block_writes"],
				"delete_protection": flags["delete_protection"],
				"instances":         instances,
				"total":             countersValue(t, dbType.AttributeTypes["total"], turso.UsageCounterFields, &db.Total),
			}))
		}
		databases = tftypes.NewValue(typ.AttributeTypes["databases"], list)
	}
	groups := tftypes.NewValue(typ.AttributeTypes["groups"], nil)
	if s.includeDatabases {
		groupType := typ.AttributeTypes["groups"].(tftypes.Map).ElementType
		values := map[string]tftypes.Value{}
		for _, g := range s.groups {
			m := map[string]tftypes.Value{"databases": tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(g.databases))}
			for _, f := range turso.UsageCounterFields {
				var number any
				if v, ok := f.At(&g.counters).Int64(); ok {
					number = new(big.Float).SetInt64(v)
				}
				m[f.Name] = tftypes.NewValue(tftypes.Number, number)
			}
			values[g.name] = tftypes.NewValue(groupType, m)
		}
		groups = tftypes.NewValue(typ.AttributeTypes["groups"], values)
	}
	count, top := tftypes.NewValue(tftypes.Number, nil), tftypes.NewValue(tftypes.Number, nil)
	if s.includeDatabases {
		count = tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(int64(s.usage.Databases.Len())))
	}
	if s.filter.top > 0 {
		top = tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(int64(s.filter.top)))
	}
	return tftypes.NewValue(typ, map[string]tftypes.Value{
		"database_count":    count,
		"top_databases":     top,
		"top_databases_by":  tftypes.NewValue(tftypes.String, s.filter.rankedBy().Name),
		"database_names":    stringSetValue(s.filter.names),
		"database_groups":   stringSetValue(s.filter.groups),
		"organization":      tftypes.NewValue(tftypes.String, s.slug),
		"include_databases": tftypes.NewValue(tftypes.Bool, s.includeDatabases),
		"include_instances": tftypes.NewValue(tftypes.Bool, s.includeInstances),
		"uuid":              tftypes.NewValue(tftypes.String, s.usage.UUID),
		"usage":             countersValue(t, typ.AttributeTypes["usage"], turso.OrganizationCounterFields, &s.usage.Usage),
		"databases":         databases,
		"groups":            groups,
	})
}

// stringSetValue is a set of strings, null for nil.
func stringSetValue(set []string) tftypes.Value {
	typ := tftypes.Set{ElementType: tftypes.String}
	if set == nil {
		return tftypes.NewValue(typ, nil)
	}
	values := []tftypes.Value{}
	for _, s := range set {
		values = append(values, tftypes.NewValue(tftypes.String, s))
	}
	return tftypes.NewValue(typ, values)
}

// countersValue is a counter object of the schema's type, each attribute the client's counter of
// the same name: a number, or null when the API sent none.
func countersValue[T any](t *testing.T, typ tftypes.Type, fields []turso.CounterField[T], c *T) tftypes.Value {
	t.Helper()
	attrs := map[string]tftypes.Value{}
	for name := range typ.(tftypes.Object).AttributeTypes {
		i := slices.IndexFunc(fields, func(f turso.CounterField[T]) bool { return f.Name == name })
		if i < 0 {
			t.Fatalf("the schema has counter %q, the client has none", name)
		}
		var number any
		if v, ok := fields[i].At(c).Int64(); ok {
			number = new(big.Float).SetInt64(v)
		}
		attrs[name] = tftypes.NewValue(tftypes.Number, number)
	}
	return tftypes.NewValue(typ, attrs)
}

// usageStateOf decodes a usage body into the state it is written from, with the demo's names.
func usageStateOf(t *testing.T, body []byte, includeDatabases, includeInstances bool, names []turso.Database) *usageState {
	t.Helper()
	u, err := turso.DecodeOrganizationUsage(bytes.NewReader(body), includeDatabases)
	if err != nil {
		t.Fatal(err)
	}
	s := &usageState{slug: "acme", includeDatabases: includeDatabases, includeInstances: includeInstances, usage: u}
	if includeDatabases {
		s.names = listOf(t, names)
		if s.groups, err = sumGroups(groupMembers(s)); err != nil {
			t.Fatal(err)
		}
	}
	return s
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
	case !bytes.Equal(sortedMaps(wantWire.MsgPack), sortedMaps(encoded)):
		out = append(out, fmt.Sprintf("the msgpack differs from the framework's (%d and %d bytes)", len(encoded), len(wantWire.MsgPack)))
	}
	return out
}

// sortedMaps returns msgpack b with the entries of every map in the order of their encoded keys:
// tftypes writes a map's entries in Go's random map order, the provider in sorted order, and only
// the order may differ. Everything else is kept byte for byte; b that is not one msgpack value is
// returned as it is, and so equals only the same bytes.
func sortedMaps(b []byte) []byte {
	out, rest, err := sortMapsOf(b)
	if err != nil || len(rest) > 0 {
		return b
	}
	return out
}

func sortMapsOf(b []byte) (out, rest []byte, err error) {
	if len(b) == 0 {
		return nil, nil, errors.New("the value ends early")
	}
	be := func(from, n int) int {
		v := 0
		for _, c := range b[from : from+n] {
			v = v<<8 | int(c)
		}
		return v
	}
	c := b[0]
	size, header, elements := 0, 0, 0
	switch {
	case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
		size = 1
	case c == 0xcc || c == 0xd0:
		size = 2
	case c == 0xcd || c == 0xd1:
		size = 3
	case c == 0xce || c == 0xd2 || c == 0xca:
		size = 5
	case c == 0xcf || c == 0xd3 || c == 0xcb:
		size = 9
	case c >= 0xa0 && c <= 0xbf:
		size = 1 + int(c&0x1f)
	case c == 0xd9 || c == 0xc4:
		size = 2 + be(1, 1)
	case c == 0xda || c == 0xc5:
		size = 3 + be(1, 2)
	case c == 0xdb || c == 0xc6:
		size = 5 + be(1, 4)
	case c >= 0x90 && c <= 0x9f:
		header, elements = 1, int(c&0x0f)
	case c == 0xdc:
		header, elements = 3, be(1, 2)
	case c == 0xdd:
		header, elements = 5, be(1, 4)
	case c >= 0x80 && c <= 0x8f:
		header, elements = 1, 2*int(c&0x0f)
	case c == 0xde:
		header, elements = 3, 2*be(1, 2)
	case c == 0xdf:
		header, elements = 5, 2*be(1, 4)
	default:
		return nil, nil, fmt.Errorf("type code %#x is not used in states", c)
	}
	if header == 0 {
		return b[:size], b[size:], nil
	}
	parts := make([][]byte, elements)
	rest = b[header:]
	for i := range parts {
		if parts[i], rest, err = sortMapsOf(rest); err != nil {
			return nil, nil, err
		}
	}
	isMap := c&0xf0 == 0x80 || c == 0xde || c == 0xdf
	if isMap {
		pairs := make([][2][]byte, elements/2)
		for i := range pairs {
			pairs[i] = [2][]byte{parts[2*i], parts[2*i+1]}
		}
		slices.SortFunc(pairs, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
		for i := range pairs {
			parts[2*i], parts[2*i+1] = pairs[i][0], pairs[i][1]
		}
	}
	return slices.Concat(append([][]byte{b[:header]}, parts...)...), rest, nil
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
	u := &turso.OrganizationUsage{UUID: strings.Repeat("o", 65536), Databases: turso.NewUsageDatabases()}
	for i, v := range numbers {
		c := turso.UsageCounters{RowsRead: turso.NewCounter(v), RowsWritten: turso.NewCounter(-v), StorageBytes: turso.NewCounter(int64(i))}
		db := turso.DatabaseUsage{UUID: strings.Repeat("d", []int{0, 31, 32, 255, 256, 65535}[i%6]), Total: c}
		for j := range i {
			db.Instances = append(db.Instances, turso.InstanceUsage{UUID: fmt.Sprint(j), Usage: c})
		}
		u.Databases.Append(db)
	}
	u.Usage.Databases = turso.NewCounter(math.MaxInt64)
	return u
}

func TestEncodeOrganizationUsage_matchesTftypes(t *testing.T) {
	demoNames := []turso.Database{{Name: "orders-prod", UUID: "1a2b3c4d-0001-4000-8000-00000000a001", Group: "default",
		PrimaryRegion: "aws-us-east-1", BlockReads: turso.FlagFalse, BlockWrites: turso.FlagTrue, DeleteProtection: turso.FlagTrue},
		{Name: "no-group", UUID: "1a2b3c4d-0002-4000-8000-00000000a002", BlockWrites: turso.FlagFalse},
		{Name: "analytics", UUID: "1a2b3c4d-0003-4000-8000-00000000a003", Group: "eu"}}
	generatedNames := []turso.Database{{Name: "db-00001", UUID: "00000001-0000-4000-8000-000000000001", Group: "default"}}
	cases := []struct {
		name                               string
		body                               []byte
		includeDatabases, includeInstances bool
		names                              []turso.Database
	}{
		{"reference", faketurso.Fixture("usage_reference.json"), true, true, nil},
		{"live", faketurso.Fixture("usage_live.json"), true, true, nil},
		{"demo, with names", faketurso.Fixture("usage_demo.json"), true, true, demoNames},
		{"demo, without instances", faketurso.Fixture("usage_demo.json"), true, false, demoNames},
		{"empty organization", faketurso.Fixture("usage_empty.json"), true, true, nil},
		{"null counters", []byte(nullCounters), true, true, nil},
		{"generated", faketurso.GenerateUsage(300, 3), true, true, generatedNames},
		{"generated, without instances", faketurso.GenerateUsage(300, 3), true, false, generatedNames},
		{"generated, 3,000 databases", faketurso.GenerateUsage(3000, 2), true, true, listedNames(t, 3000)},
		{"include_databases false", faketurso.Fixture("usage_live.json"), false, true, nil},
		{"include_databases false, generated", faketurso.GenerateUsage(300, 3), false, false, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := usageStateOf(t, tc.body, tc.includeDatabases, tc.includeInstances, tc.names)
			checkStateWrites(t, s)
		})
	}
	t.Run("every encoding width", func(t *testing.T) {
		u := everyWidth()
		var names []turso.Database
		for i := range u.Databases.Len() {
			db := u.Databases.Database(i)
			width := []int{0, 31, 32, 255, 256, 65535}[(i+1)%6]
			names = append(names, turso.Database{UUID: db.UUID, Name: strings.Repeat("n", width), Group: strings.Repeat("g", width+1),
				PrimaryRegion: strings.Repeat("r", width), BlockReads: turso.Flag(i % 3), BlockWrites: turso.Flag((i + 1) % 3)})
		}
		s := &usageState{slug: strings.Repeat("s", 300), includeDatabases: true, includeInstances: true, usage: u, names: listOf(t, names)}
		// Sixteen groups and more take the longer map header; the counters here are negative, which sumGroups never sees.
		for i := range 17 {
			s.groups = append(s.groups, groupTotal{name: strings.Repeat("g", i+1), databases: int64(i), counters: *u.Databases.Total(i)})
		}
		s.groups[16].name = strings.Repeat("g", 70000)
		checkStateWrites(t, s)
	})
}

// checkStateWrites compares the state written for s with the value tftypes builds for it, and checks
// that it filled the buffer sized for it exactly, never grown.
func checkStateWrites(t *testing.T, s *usageState) {
	t.Helper()
	encoded := encodeAll(s)
	for _, d := range stateDifferences(encoded, expectedUsageValue(t, s)) {
		t.Error(d)
	}
	kept, _, _ := selectDatabases(s, &s.filter)
	if size := usageStateLen(&usageWrite{usageState: s, kept: kept}); len(encoded) != size || cap(encoded) != size {
		t.Errorf("a state of %d bytes in a buffer of %d, want both the %d bytes it was sized for", len(encoded), cap(encoded), size)
	}
}

// listedNames is the generated database list of n databases.
func listedNames(t *testing.T, n int) []turso.Database {
	page, err := turso.DecodeDatabasePage(bytes.NewReader(faketurso.GenerateDatabases(n)))
	if err != nil {
		t.Fatal(err)
	}
	return page.Databases
}

// TestEncodeOrganizationUsage_differencesAreCaught makes sure the comparison above can fail: the same
// usage with one value changed anywhere in the tree must be reported.
func TestEncodeOrganizationUsage_differencesAreCaught(t *testing.T) {
	changes := map[string]func(u *turso.OrganizationUsage){
		"a deep counter": databasesChange(func(dbs []turso.DatabaseUsage) []turso.DatabaseUsage {
			last := &dbs[len(dbs)-1]
			last.Instances[len(last.Instances)-1].Usage.BytesSynced = turso.NewCounter(1)
			return dbs
		}),
		"a counter made null": func(u *turso.OrganizationUsage) { u.Usage.Groups = turso.Counter{} },
		"a database total": databasesChange(func(dbs []turso.DatabaseUsage) []turso.DatabaseUsage {
			dbs[0].Total.RowsRead = turso.NewCounter(1 << 62)
			return dbs
		}),
		"an instance UUID": databasesChange(func(dbs []turso.DatabaseUsage) []turso.DatabaseUsage {
			dbs[1].Instances[0].UUID = "other"
			return dbs
		}),
		"a missing instance": databasesChange(func(dbs []turso.DatabaseUsage) []turso.DatabaseUsage {
			dbs[2].Instances = dbs[2].Instances[:1]
			return dbs
		}),
		"an empty database list": databasesChange(func([]turso.DatabaseUsage) []turso.DatabaseUsage { return nil }),
	}
	body := faketurso.GenerateUsage(5, 2)
	names := []turso.Database{{Name: "db-00001", UUID: "00000001-0000-4000-8000-000000000001", Group: "default",
		PrimaryRegion: "aws-us-east-1", BlockWrites: turso.FlagTrue, DeleteProtection: turso.FlagFalse}}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			s := usageStateOf(t, body, true, true, names)
			encoded := encodeAll(s)
			change(s.usage)
			if diffs := stateDifferences(encoded, expectedUsageValue(t, s)); len(diffs) == 0 {
				t.Error("a changed value went unnoticed")
			}
		})
	}
	for name, change := range map[string]func(s *usageState){
		"include_databases": func(s *usageState) { s.includeDatabases = false },
		"include_instances": func(s *usageState) { s.includeInstances = false },
		"a name":            relisted(t, names, func(d *turso.Database) { d.Name = "other" }),
		"a group":           relisted(t, names, func(d *turso.Database) { d.Group = "" }),
		"a flag":            relisted(t, names, func(d *turso.Database) { d.BlockWrites = turso.FlagFalse }),
		"a flag made null":  relisted(t, names, func(d *turso.Database) { d.DeleteProtection = turso.FlagAbsent }),
		"a region":          relisted(t, names, func(d *turso.Database) { d.PrimaryRegion = "" }),
		"a group's total":   func(s *usageState) { s.groups[0].counters.RowsWritten = turso.NewCounter(3) },
		"a group's count":   func(s *usageState) { s.groups[0].databases++ },
		"no groups":         func(s *usageState) { s.groups = nil },
		"names not read":    func(s *usageState) { s.names = nil },
	} {
		t.Run(name, func(t *testing.T) {
			s := usageStateOf(t, body, true, true, names)
			encoded := encodeAll(s)
			change(s)
			if diffs := stateDifferences(encoded, expectedUsageValue(t, s)); len(diffs) == 0 {
				t.Error("a changed value went unnoticed")
			}
		})
	}
}

// listOf is the indexed database list of databases.
func listOf(t *testing.T, databases []turso.Database) *turso.DatabaseList {
	t.Helper()
	list, err := turso.NewDatabaseList(databases...)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// relisted replaces a state's database list by a copy of names with every entry changed.
func relisted(t *testing.T, names []turso.Database, change func(*turso.Database)) func(*usageState) {
	return func(s *usageState) {
		changed := slices.Clone(names)
		for i := range changed {
			change(&changed[i])
		}
		s.names = listOf(t, changed)
	}
}

// databasesChange changes an organization's databases through their expanded form.
func databasesChange(change func([]turso.DatabaseUsage) []turso.DatabaseUsage) func(u *turso.OrganizationUsage) {
	return func(u *turso.OrganizationUsage) {
		var dbs []turso.DatabaseUsage
		for i := range u.Databases.Len() {
			dbs = append(dbs, u.Databases.Database(i))
		}
		u.Databases = turso.NewUsageDatabases(change(dbs)...)
	}
}

func TestSetEncodedState(t *testing.T) {
	s := usageStateOf(t, faketurso.Fixture("usage_live.json"), true, true, nil)
	want := expectedUsageValue(t, s)
	config := tftypes.NewValue(organizationUsageType, nil)

	t.Run("into the framework's state", func(t *testing.T) {
		state := tfsdk.State{Schema: organizationUsageSchema(), Raw: config}
		if diags := setEncodedState(context.Background(), &state, organizationUsageType, encodeAll(s)); diags.HasError() {
			t.Fatal(diags)
		}
		if diffs, _ := want.Diff(state.Raw); !state.Raw.Equal(want) {
			t.Errorf("the state differs from the expected value: %v", diffs)
		}
	})
	t.Run("handed over to the protocol server", func(t *testing.T) {
		var encoded []byte
		ctx := context.WithValue(context.Background(), encodedStateKey{}, &encoded)
		state := tfsdk.State{Schema: organizationUsageSchema(), Raw: config}
		if diags := setEncodedState(ctx, &state, organizationUsageType, encodeAll(s)); diags.HasError() {
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
	for name, tc := range map[string]struct{ body, databases []byte }{
		"live":      {faketurso.Fixture("usage_live.json"), faketurso.Fixture("databases_live.json")},
		"generated": {faketurso.GenerateUsage(200, 2), faketurso.GenerateDatabases(200)},
		"malformed": {[]byte(`{"organization": {"uuid": "x", "usage": {"rows_read": "12"}}}`), nil},
	} {
		for _, include := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/include_databases=%t", name, include), func(t *testing.T) {
				ours := newUsageReader(t, NewProtocol6WithError(newWithOptions("test", testClientOptions)()), tc.body, tc.databases, include)(context.Background(), t)
				framework := newUsageReader(t, providerserver.NewProtocol6WithError(newWithOptions("test", testClientOptions)()), tc.body, tc.databases, include)(context.Background(), t)
				if !reflect.DeepEqual(ours.Diagnostics, framework.Diagnostics) {
					t.Errorf("diagnostics: got %v, want the framework's %v", ours.Diagnostics, framework.Diagnostics)
				}
				if wantError := name == "malformed"; hasError(ours.Diagnostics) != wantError {
					t.Errorf("diagnostics %v, want an error: %t", ours.Diagnostics, wantError)
				}
				if ours.State == nil || framework.State == nil {
					t.Fatalf("no state: got %v, framework %v", ours.State, framework.State)
				}
				if !bytes.Equal(sortedMaps(ours.State.MsgPack), sortedMaps(framework.State.MsgPack)) {
					t.Errorf("the state differs from the framework's (%d and %d bytes)", len(ours.State.MsgPack), len(framework.State.MsgPack))
				}
			})
		}
	}
}

// newUsageReader configures a provider server against a fake API serving body as organization
// "bench", with databases as its database list (an empty list when nil), and returns one read of
// turso_organization_usage through it, failing on any error.
func newUsageReader(tb testing.TB, newServer func() (tfprotov6.ProviderServer, error), body, databases []byte, includeDatabases bool) func(context.Context, testing.TB) *tfprotov6.ReadDataSourceResponse {
	tb.Helper()
	ctx := context.Background()
	fake, url := faketurso.Start(tb)
	fake.SetUsage("bench", body)
	if databases == nil {
		databases = []byte(`{"databases": []}`)
	}
	fake.SetDatabases("bench", databases)

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

	return func(ctx context.Context, tb testing.TB) *tfprotov6.ReadDataSourceResponse {
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

// The state shows every UUID exactly as the API sent it, whatever its spelling, and the database
// list's entries join on that exact text.
func TestEncodeOrganizationUsage_uuidsAsSent(t *testing.T) {
	uuids := []string{"0be90471-6906-11ee-8553-eaa7715aeaf2", "0BE90471-6906-11EE-8553-EAA7715AEAF2", "{0be90471-6906-11ee-8553-eaa7715aeaf2}", "db-1"}
	var dbs []string
	var names []turso.Database
	for i, id := range uuids {
		dbs = append(dbs, fmt.Sprintf(`{"uuid":%q,"instances":[{"uuid":%q,"usage":{}}],"total":{}}`, id, strings.ToUpper(id)))
		names = append(names, turso.Database{Name: fmt.Sprint("name-", i), UUID: id})
	}
	body := `{"organization":{"uuid":"o","usage":{},"databases":[` + strings.Join(dbs, ",") + `]}}`
	s := usageStateOf(t, []byte(body), true, true, names)
	got, err := (&tfprotov6.DynamicValue{MsgPack: encodeAll(s)}).Unmarshal(organizationUsageType)
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range uuids {
		for attr, want := range map[string]string{"uuid": id, "name": fmt.Sprint("name-", i)} {
			var text string
			v, _, err := tftypes.WalkAttributePath(got, tftypes.NewAttributePath().WithAttributeName("databases").WithElementKeyInt(i).WithAttributeName(attr))
			if err != nil || v.(tftypes.Value).As(&text) != nil || text != want {
				t.Errorf("databases[%d].%s = %v (%v), want %q", i, attr, v, err, want)
			}
		}
		var text string
		v, _, err := tftypes.WalkAttributePath(got, tftypes.NewAttributePath().WithAttributeName("databases").WithElementKeyInt(i).
			WithAttributeName("instances").WithElementKeyInt(0).WithAttributeName("uuid"))
		if err != nil || v.(tftypes.Value).As(&text) != nil || text != strings.ToUpper(id) {
			t.Errorf("databases[%d].instances[0].uuid = %v (%v), want %q", i, v, err, strings.ToUpper(id))
		}
	}
}

// TestOrganizationUsage_readLogsTheState: the data source's read writes its state into one buffer
// sized before it is written, and says so in its log.
func TestOrganizationUsage_readLogsTheState(t *testing.T) {
	const databases = 5_000
	read := newUsageReader(t, NewProtocol6WithError(newWithOptions("test", testClientOptions)()), faketurso.GenerateUsage(databases, 2), faketurso.GenerateDatabases(databases), true)
	var out bytes.Buffer
	resp := read(tflogtest.RootLogger(context.Background(), &out), t)
	if len(resp.Diagnostics) > 0 {
		t.Fatal(resp.Diagnostics)
	}
	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e["@message"] != "Wrote the organization's usage state" {
			continue
		}
		size, buffer := e["state_bytes"].(float64), e["buffer_bytes"].(float64)
		if int(size) != len(resp.State.MsgPack) || buffer != size {
			t.Errorf("a state of %.0f bytes (%d sent) in a buffer of %.0f: want the state sent, in a buffer of its size", size, len(resp.State.MsgPack), buffer)
		}
		return
	}
	t.Fatalf("no log entry of the state written among %d", len(entries))
}

// encodeAll writes the state of s with the databases its filter keeps.
func encodeAll(s *usageState) []byte {
	var kept []keptDatabase
	if s.includeDatabases {
		kept, _, _ = selectDatabases(s, &s.filter)
	}
	return encodeOrganizationUsage(s, kept)
}
