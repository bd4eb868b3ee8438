package provider

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// The state of turso_organization_usage is written once, straight from the decoded response to the
// msgpack that Terraform receives: building it as a tree of Terraform values first costs, for tens of
// thousands of databases, many times the response's decoding in time and tens of times its size in
// memory. The attribute names and their order come from the schema's own types.

// usageState is what the state of turso_organization_usage is written from.
type usageState struct {
	slug             string
	includeDatabases bool
	includeInstances bool
	usage            *turso.OrganizationUsage
	// names are the database list's entries by UUID; nil when the list was not read.
	names *databaseIndex
	// groups are the totals of each group of the databases (sumGroups); nil without the databases.
	groups []groupTotal
}

// encodeOrganizationUsage returns the data source's state, msgpack-encoded as tftypes would encode it,
// in chunks that follow one another; s is left as it was.
func encodeOrganizationUsage(s *usageState) [][]byte {
	return writeOrganizationUsage(s, false).chunks()
}

// writeOrganizationUsage writes the state of s. With consume, the usage's databases are given up as
// they are written, and the memory of their tables holds the state's next chunks: the state is most
// of what a large organization's read holds, and the tables the rest. s.usage.Databases is then empty.
func writeOrganizationUsage(s *usageState, consume bool) *chunkWriter {
	w := &usageWrite{usageState: s, out: &chunkWriter{}, consume: consume}
	w.out.write(usageStateLayout.append(make([]byte, 0, 4<<10), w))
	return w.out
}

// usageWrite is a state being written: the databases and groups go to out one by one, the rest
// before and after them through the buffer the layouts append to.
type usageWrite struct {
	*usageState
	out     *chunkWriter
	consume bool
}

// flush writes b out and returns it emptied, to append the next database or group to.
func (w *usageWrite) flush(b []byte) []byte {
	w.out.write(b)
	return b[:0]
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

	usageStateLayout = newObjectLayout(organizationUsageType, map[string]func([]byte, *usageWrite) []byte{
		"organization":      func(b []byte, s *usageWrite) []byte { return appendString(b, s.slug) },
		"include_databases": func(b []byte, s *usageWrite) []byte { return appendBool(b, s.includeDatabases) },
		"include_instances": func(b []byte, s *usageWrite) []byte { return appendBool(b, s.includeInstances) },
		"uuid":              func(b []byte, s *usageWrite) []byte { return appendString(b, s.usage.UUID) },
		"usage":             func(b []byte, s *usageWrite) []byte { return organizationCountersLayout.append(b, &s.usage.Usage) },
		"databases": func(b []byte, s *usageWrite) []byte {
			if !s.includeDatabases {
				return appendNull(b)
			}
			t := s.usage.Databases
			n := t.Len()
			b = appendArrayHeader(b, n)
			row := databaseRow{state: s.usageState, uuid: make([]byte, 0, 64), instance: instanceRow{databases: t, uuid: make([]byte, 0, 64)}}
			for i := range n {
				b = s.flush(b)
				if s.consume {
					t.ReleaseBefore(i, s.out.reuse)
				}
				row.i, row.uuid = i, t.AppendUUID(row.uuid[:0], i)
				row.listed = s.names.find(row.uuid)
				b = databaseLayout.append(b, &row)
			}
			if s.consume {
				t.ReleaseBefore(n, s.out.reuse)
			}
			return b
		},
		"groups": func(b []byte, s *usageWrite) []byte {
			if !s.includeDatabases {
				return appendNull(b)
			}
			b = appendMapHeader(b, len(s.groups))
			for i := range s.groups {
				b = s.flush(b)
				b = appendString(b, s.groups[i].name)
				b = groupLayout.append(b, &s.groups[i])
			}
			return b
		},
	})
	groupLayout                = newObjectLayout(attributeType(organizationUsageType, "groups").(tftypes.Map).ElementType, groupWriters())
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
		"primary_region": func(b []byte, r *databaseRow) []byte {
			if r.listed != nil && r.listed.PrimaryRegion != "" {
				return appendString(b, r.listed.PrimaryRegion)
			}
			return appendNull(b)
		},
		"block_reads":       listedFlag(func(d *turso.Database) turso.Flag { return d.BlockReads }),
		"block_writes":      listedFlag(func(d *turso.Database) turso.Flag { return d.BlockWrites }),
		"delete_protection": listedFlag(func(d *turso.Database) turso.Flag { return d.DeleteProtection }),
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

// listedFlag writes a flag of the database's entry in the list: null when the list lacks the
// database or the flag.
func listedFlag(flag func(*turso.Database) turso.Flag) func([]byte, *databaseRow) []byte {
	return func(b []byte, r *databaseRow) []byte {
		if r.listed == nil {
			return appendNull(b)
		}
		if v, ok := flag(r.listed).Bool(); ok {
			return appendBool(b, v)
		}
		return appendNull(b)
	}
}

// groupWriters write a group's database count and its counters, under the names of a database's.
func groupWriters() map[string]func([]byte, *groupTotal) []byte {
	writers := map[string]func([]byte, *groupTotal) []byte{
		"databases": func(b []byte, g *groupTotal) []byte { return appendCounter(b, turso.NewCounter(g.databases)) },
	}
	for name, write := range usageCounterWriters {
		writers[name] = func(b []byte, g *groupTotal) []byte { return write(b, &g.counters) }
	}
	return writers
}

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
