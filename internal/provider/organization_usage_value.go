package provider

import (
	"context"

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
	// names are the database list, indexed by UUID; nil when the list was not read.
	names *turso.DatabaseList
	// groups are the totals of each group of the databases (sumGroups); nil without the databases.
	groups []groupTotal
}

// writeOrganizationUsage writes the state of s, msgpack-encoded as tftypes would encode it, in chunks
// that follow one another. With consume, the usage's databases are given up as
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

var organizationUsageType = organizationUsageSchema().Type().TerraformType(context.Background())

// databaseRow is database i of the usage, with its entry in the database list (-1 when the list
// does not have it) and the state it is written into; uuid is the database's UUID as sent.
type databaseRow struct {
	i        int
	uuid     []byte
	listed   int
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
				row.listed = s.names.Find(row.uuid)
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
			if r.listed >= 0 {
				return appendStringBytes(b, r.state.names.Name(r.listed))
			}
			return appendNull(b)
		},
		"group":             listedText((*turso.DatabaseList).Group),
		"primary_region":    listedText((*turso.DatabaseList).PrimaryRegion),
		"block_reads":       listedFlag(func(reads, _, _ turso.Flag) turso.Flag { return reads }),
		"block_writes":      listedFlag(func(_, writes, _ turso.Flag) turso.Flag { return writes }),
		"delete_protection": listedFlag(func(_, _, protection turso.Flag) turso.Flag { return protection }),
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

// listedText writes a text of the database's entry in the list: null when the list lacks the
// database or gives it none.
func listedText(text func(*turso.DatabaseList, int) string) func([]byte, *databaseRow) []byte {
	return func(b []byte, r *databaseRow) []byte {
		if r.listed >= 0 {
			if t := text(r.state.names, r.listed); t != "" {
				return appendString(b, t)
			}
		}
		return appendNull(b)
	}
}

// listedFlag writes a flag of the database's entry in the list: null when the list lacks the
// database or the flag.
func listedFlag(flag func(blockReads, blockWrites, deleteProtection turso.Flag) turso.Flag) func([]byte, *databaseRow) []byte {
	return func(b []byte, r *databaseRow) []byte {
		if r.listed >= 0 {
			if v, ok := flag(r.state.names.Flags(r.listed)).Bool(); ok {
				return appendBool(b, v)
			}
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
