package provider

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// The state of turso_organization_usage is written once, straight from the decoded response to the
// msgpack that Terraform receives: building it as a tree of Terraform values first costs, for tens of
// thousands of databases, many times the response's decoding in time and tens of times its size in
// memory. The attribute names and their order come from the schema's own types.

// setEncodedState writes a data source's msgpack-encoded state. Served through NewProtocol6, the
// encoded state goes to Terraform as it is and the framework keeps the configuration it started the
// read with; otherwise it is decoded into the framework's state.
func setEncodedState(ctx context.Context, state *tfsdk.State, typ tftypes.Type, encoded []byte) diag.Diagnostics {
	if handOverState(ctx, encoded) {
		return nil
	}
	var diags diag.Diagnostics
	v, err := (&tfprotov6.DynamicValue{MsgPack: encoded}).Unmarshal(typ)
	if err != nil {
		diags.AddError("Unable to Build Data Source State",
			"The provider could not decode the state it encoded: "+err.Error()+". Please report this issue to the provider developers.")
		return diags
	}
	state.Raw = v
	return diags
}

// usageState is what the state of turso_organization_usage is written from.
type usageState struct {
	slug             string
	includeDatabases bool
	includeInstances bool
	usage            *turso.OrganizationUsage
	// names are the database list's entries by UUID; nil when the list was not read.
	names *databaseIndex
}

// encodeOrganizationUsage returns the data source's state, msgpack-encoded as tftypes would encode it.
func encodeOrganizationUsage(s *usageState) []byte {
	return usageStateLayout.append(make([]byte, 0, s.encodedSize()), s)
}

// encodedSize is the encoded state's size, to the byte, so that it is allocated once and whole: the
// buffer is most of the memory a large organization's read holds.
func (s *usageState) encodedSize() int {
	n := usageStateLayout.keys + stringSize(len(s.slug)) + 2 + stringSize(len(s.usage.UUID)) +
		organizationCountersLayout.keys + countersSize(turso.OrganizationCounterFields, &s.usage.Usage)
	if !s.includeDatabases {
		return n + 1
	}
	t := s.usage.Databases
	n += arrayHeaderSize(t.Len())
	var uuid [64]byte
	for i := range t.Len() {
		n += databaseLayout.keys + stringSize(t.UUIDLen(i)) + usageCountersLayout.keys + countersSize(turso.UsageCounterFields, t.Total(i))
		name, group := 1, 1
		if d := s.names.find(t.AppendUUID(uuid[:0], i)); d != nil {
			name = stringSize(len(d.Name))
			if d.Group != "" {
				group = stringSize(len(d.Group))
			}
		}
		n += name + group
		if !s.includeInstances {
			n++
			continue
		}
		first, end := t.Instances(i)
		n += arrayHeaderSize(end - first)
		for j := first; j < end; j++ {
			n += usageInstanceLayout.keys + stringSize(t.InstanceUUIDLen(j)) + usageCountersLayout.keys + countersSize(turso.UsageCounterFields, t.InstanceUsage(j))
		}
	}
	return n
}

// countersSize is the encoded size of c's counters, without their keys.
func countersSize[T any](fields []turso.CounterField[T], c *T) int {
	n := 0
	for _, f := range fields {
		n += counterSize(*f.At(c))
	}
	return n
}

// databaseIndex is the database list ordered by UUID, to look each database of the usage up in it:
// four bytes an entry besides the list itself. A UUID listed twice under different names or groups
// is ambiguous, and is left out of the index: nothing is guessed.
type databaseIndex struct {
	list  []turso.Database
	order []int32 // indexes into list, by UUID
}

// databaseNames indexes the database list by UUID.
func databaseNames(list []turso.Database) *databaseIndex {
	order := make([]int32, len(list))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(list[a].UUID, list[b].UUID) })
	kept := order[:0]
	for i := 0; i < len(order); {
		j, same := i+1, true
		for ; j < len(order) && list[order[j]].UUID == list[order[i]].UUID; j++ {
			same = same && list[order[j]] == list[order[i]]
		}
		if same {
			kept = append(kept, order[i])
		}
		i = j
	}
	return &databaseIndex{list: list, order: slices.Clip(kept)}
}

// find returns the list's entry for uuid, or nil when the list does not have it (or was not read).
func (x *databaseIndex) find(uuid []byte) *turso.Database {
	if x == nil {
		return nil
	}
	i, ok := slices.BinarySearchFunc(x.order, uuid, func(e int32, uuid []byte) int { return compareText(x.list[e].UUID, uuid) })
	if !ok {
		return nil
	}
	return &x.list[x.order[i]]
}

// get is find for a string.
func (x *databaseIndex) get(uuid string) *turso.Database { return x.find([]byte(uuid)) }

// len is the number of UUIDs with an entry.
func (x *databaseIndex) len() int {
	if x == nil {
		return 0
	}
	return len(x.order)
}

// compareText compares a string and bytes as strings.Compare would, without converting either.
func compareText(a string, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return cmp.Compare(len(a), len(b))
}

var organizationUsageType = organizationUsageSchema().Type().TerraformType(context.Background())

// databaseRow is database i of the usage, with its entry in the database list (nil when the list
// does not have it) and the state it is written into; uuid is the database's UUID as sent.
type databaseRow struct {
	i        int
	uuid     []byte
	listed   *turso.Database
	state    *usageState
	instance instanceRow // reused for each of its instances
}

// instanceRow is instance j of the organization's usage.
type instanceRow struct {
	j         int
	databases *turso.UsageDatabases
	uuid      []byte // a buffer for its UUID
}

// The writers of the state's object types, shared by every type that has them; the layouts pair
// them with the schema's own types, from the outermost in.
var (
	usageCounterWriters = counterWriters(turso.UsageCounterFields)
	instanceWriters     = map[string]func([]byte, *turso.InstanceUsage) []byte{
		"uuid":  func(b []byte, in *turso.InstanceUsage) []byte { return appendString(b, in.UUID) },
		"usage": func(b []byte, in *turso.InstanceUsage) []byte { return usageCountersLayout.append(b, &in.Usage) },
	}

	usageStateLayout = newObjectLayout(organizationUsageType, map[string]func([]byte, *usageState) []byte{
		"organization":      func(b []byte, s *usageState) []byte { return appendString(b, s.slug) },
		"include_databases": func(b []byte, s *usageState) []byte { return appendBool(b, s.includeDatabases) },
		"include_instances": func(b []byte, s *usageState) []byte { return appendBool(b, s.includeInstances) },
		"uuid":              func(b []byte, s *usageState) []byte { return appendString(b, s.usage.UUID) },
		"usage":             func(b []byte, s *usageState) []byte { return organizationCountersLayout.append(b, &s.usage.Usage) },
		"databases": func(b []byte, s *usageState) []byte {
			if !s.includeDatabases {
				return appendNull(b)
			}
			t := s.usage.Databases
			b = appendArrayHeader(b, t.Len())
			row := databaseRow{state: s, uuid: make([]byte, 0, 64), instance: instanceRow{databases: t, uuid: make([]byte, 0, 64)}}
			for i := range t.Len() {
				row.i, row.uuid = i, t.AppendUUID(row.uuid[:0], i)
				row.listed = s.names.find(row.uuid)
				b = databaseLayout.append(b, &row)
			}
			return b
		},
	})
	organizationCountersLayout = newObjectLayout(attributeType(organizationUsageType, "usage"), counterWriters(turso.OrganizationCounterFields))
	databaseType               = attributeType(organizationUsageType, "databases").(tftypes.List).ElementType
	databaseLayout             = newObjectLayout(databaseType, map[string]func([]byte, *databaseRow) []byte{
		"uuid": func(b []byte, r *databaseRow) []byte { return appendStringBytes(b, r.uuid) },
		"name": func(b []byte, r *databaseRow) []byte {
			if r.listed != nil {
				return appendString(b, r.listed.Name)
			}
			return appendNull(b)
		},
		"group": func(b []byte, r *databaseRow) []byte {
			if r.listed != nil && r.listed.Group != "" {
				return appendString(b, r.listed.Group)
			}
			return appendNull(b)
		},
		"instances": func(b []byte, r *databaseRow) []byte {
			if !r.state.includeInstances {
				return appendNull(b)
			}
			t := r.state.usage.Databases
			first, end := t.Instances(r.i)
			b = appendArrayHeader(b, end-first)
			in := &r.instance
			for in.j = first; in.j < end; in.j++ {
				b = usageInstanceLayout.append(b, in)
			}
			return b
		},
		"total": func(b []byte, r *databaseRow) []byte {
			return usageCountersLayout.append(b, r.state.usage.Databases.Total(r.i))
		},
	})
	instanceType        = attributeType(databaseType, "instances").(tftypes.List).ElementType
	instanceLayout      = newObjectLayout(instanceType, instanceWriters)
	usageInstanceLayout = newObjectLayout(instanceType, map[string]func([]byte, *instanceRow) []byte{
		"uuid": func(b []byte, r *instanceRow) []byte {
			r.uuid = r.databases.AppendInstanceUUID(r.uuid[:0], r.j)
			return appendStringBytes(b, r.uuid)
		},
		"usage": func(b []byte, r *instanceRow) []byte {
			return usageCountersLayout.append(b, r.databases.InstanceUsage(r.j))
		},
	})
	usageCountersLayout = newObjectLayout(attributeType(instanceType, "usage"), usageCounterWriters)
)

// counterWriters writes each counter of a counter object under its API name, which the schema
// uses too: a counter the client decodes and the schema lacks, or the reverse, stops the provider
// at start-up.
func counterWriters[T any](fields []turso.CounterField[T]) map[string]func([]byte, *T) []byte {
	writers := make(map[string]func([]byte, *T) []byte, len(fields))
	for _, f := range fields {
		writers[f.Name] = func(b []byte, c *T) []byte { return appendCounter(b, *f.At(c)) }
	}
	return writers
}

func attributeType(object tftypes.Type, name string) tftypes.Type {
	return object.(tftypes.Object).AttributeTypes[name]
}

// objectLayout writes values of an object type as msgpack maps, attributes in sorted order like tftypes.
type objectLayout[T any] struct {
	header []byte
	fields []objectField[T]
	keys   int // the size of the header and the keys: all of an object but its values
}

type objectField[T any] struct {
	key   []byte // the attribute's name, encoded
	write func([]byte, *T) []byte
}

// newObjectLayout pairs every attribute of the object type with its writer; a schema attribute
// without a writer, or a writer without an attribute, is a programming error caught at start-up.
func newObjectLayout[T any](object tftypes.Type, writers map[string]func([]byte, *T) []byte) objectLayout[T] {
	names := slices.Sorted(maps.Keys(object.(tftypes.Object).AttributeTypes))
	if !slices.Equal(names, slices.Sorted(maps.Keys(writers))) {
		panic(fmt.Sprintf("state layout of %T: the schema has attributes %q, the writers are for %q", *new(T), names, slices.Sorted(maps.Keys(writers))))
	}
	l := objectLayout[T]{header: appendMapHeader(nil, len(names))}
	for _, name := range names {
		l.fields = append(l.fields, objectField[T]{key: appendString(nil, name), write: writers[name]})
		l.keys += len(l.fields[len(l.fields)-1].key)
	}
	l.keys += len(l.header)
	return l
}

func (l *objectLayout[T]) append(b []byte, v *T) []byte {
	b = append(b, l.header...)
	for i := range l.fields {
		b = append(b, l.fields[i].key...)
		b = l.fields[i].write(b, v)
	}
	return b
}

func appendList[T any](b []byte, element objectLayout[T], values []T) []byte {
	b = appendArrayHeader(b, len(values))
	for i := range values {
		b = element.append(b, &values[i])
	}
	return b
}

// The msgpack encodings below are those of github.com/vmihailenco/msgpack/v5, which tftypes uses:
// the shortest form of each value.

// appendCounter writes an exact number, or null when the API omitted the counter.
func appendCounter(b []byte, c turso.Counter) []byte {
	v, ok := c.Int64()
	switch {
	case !ok:
		return appendNull(b)
	case v >= -32 && v <= math.MaxInt8:
		return append(b, byte(v))
	case v >= 0 && v <= math.MaxUint8:
		return appendUint(b, 0xcc, uint64(v), 1)
	case v >= 0 && v <= math.MaxUint16:
		return appendUint(b, 0xcd, uint64(v), 2)
	case v >= 0 && v <= math.MaxUint32:
		return appendUint(b, 0xce, uint64(v), 4)
	case v >= 0:
		return appendUint(b, 0xcf, uint64(v), 8)
	case v >= math.MinInt8:
		return appendUint(b, 0xd0, uint64(v), 1)
	case v >= math.MinInt16:
		return appendUint(b, 0xd1, uint64(v), 2)
	case v >= math.MinInt32:
		return appendUint(b, 0xd2, uint64(v), 4)
	}
	return appendUint(b, 0xd3, uint64(v), 8)
}

// counterSize is the size of what appendCounter appends.
func counterSize(c turso.Counter) int {
	v, ok := c.Int64()
	switch {
	case !ok || (v >= -32 && v <= math.MaxInt8):
		return 1
	case v >= 0 && v <= math.MaxUint8, v < 0 && v >= math.MinInt8:
		return 2
	case v >= 0 && v <= math.MaxUint16, v < 0 && v >= math.MinInt16:
		return 3
	case v >= 0 && v <= math.MaxUint32, v < 0 && v >= math.MinInt32:
		return 5
	}
	return 9
}

// stringSize is the size of a string of n bytes, its header included.
func stringSize(n int) int {
	switch {
	case n < 32:
		return 1 + n
	case n <= math.MaxUint8:
		return 2 + n
	case n <= math.MaxUint16:
		return 3 + n
	}
	return 5 + n
}

func arrayHeaderSize(n int) int {
	switch {
	case n < 16:
		return 1
	case n <= math.MaxUint16:
		return 3
	}
	return 5
}

func appendString(b []byte, s string) []byte {
	return append(appendStringHeader(b, len(s)), s...)
}

func appendStringBytes(b []byte, s []byte) []byte {
	return append(appendStringHeader(b, len(s)), s...)
}

func appendStringHeader(b []byte, n int) []byte {
	switch {
	case n < 32:
		b = append(b, 0xa0|byte(n))
	case n <= math.MaxUint8:
		b = appendUint(b, 0xd9, uint64(n), 1)
	case n <= math.MaxUint16:
		b = appendUint(b, 0xda, uint64(n), 2)
	default:
		b = appendUint(b, 0xdb, uint64(n), 4)
	}
	return b
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 0xc3)
	}
	return append(b, 0xc2)
}

func appendNull(b []byte) []byte { return append(b, 0xc0) }

func appendMapHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x80|byte(n))
	case n <= math.MaxUint16:
		return appendUint(b, 0xde, uint64(n), 2)
	}
	return appendUint(b, 0xdf, uint64(n), 4)
}

func appendArrayHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n <= math.MaxUint16:
		return appendUint(b, 0xdc, uint64(n), 2)
	}
	return appendUint(b, 0xdd, uint64(n), 4)
}

// appendUint appends a type code and the size low bytes of v, big-endian.
func appendUint(b []byte, code byte, v uint64, size int) []byte {
	b = append(b, code)
	for shift := 8 * (size - 1); shift >= 0; shift -= 8 {
		b = append(b, byte(v>>shift))
	}
	return b
}
