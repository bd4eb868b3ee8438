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
	// filter is which databases the state keeps.
	filter databaseFilter
}

// encodeOrganizationUsage writes the state of s, msgpack-encoded as tftypes would encode it, into one
// buffer of its size (usageStateLen): the state is most of what a large organization's read holds,
// and growing it by copies would hold it about twice.
func encodeOrganizationUsage(s *usageState, kept []keptDatabase) []byte {
	w := &usageWrite{usageState: s, kept: kept}
	return usageStateLayout.append(make([]byte, 0, usageStateLen(w)), w)
}

// usageWrite is a state being written: the state and the databases of its usage it keeps
// (selectDatabases).
type usageWrite struct {
	*usageState
	kept []keptDatabase
}

// usageStateLen is the size of the state of w, from the lengths of its texts and counters, and the
// counts of its databases, instances and groups: the state is written into a buffer of exactly its
// size, never grown by copies.
func usageStateLen(w *usageWrite) int {
	s := w.usageState
	n := usageStateLayout.keyBytes + stringLen(len(s.slug)) + 2 + stringLen(len(s.usage.UUID)) +
		organizationCountersLayout.keyBytes + countersLen(turso.OrganizationCounterFields, &s.usage.Usage) +
		counterLen(topDatabases(s)) + stringLen(len(s.filter.rankedBy().Name)) + stringSetLen(s.filter.names) + stringSetLen(s.filter.groups)
	if !s.includeDatabases {
		return n + 3 // databases, database_count and groups, null
	}
	n += counterLen(turso.NewCounter(int64(s.usage.Databases.Len())))
	n += collectionHeaderLen(len(s.groups))
	for i := range s.groups {
		g := &s.groups[i]
		n += stringLen(len(g.name)) + groupLayout.keyBytes + counterLen(turso.NewCounter(g.databases)) + countersLen(turso.UsageCounterFields, &g.counters)
	}
	t := s.usage.Databases
	n += collectionHeaderLen(len(w.kept))
	for _, k := range w.kept {
		i, listed := k.i, k.listed
		n += databaseLayout.keyBytes + stringLen(t.UUID(i).Len()) + 3 + // the three flags
			usageCountersLayout.keyBytes + countersLen(turso.UsageCounterFields, t.Total(i))
		n += 3 // name, group and region, null
		if listed >= 0 {
			n += stringLen(len(s.names.Name(listed))) - 1 + optionalLen(s.names.Group(listed)) - 1 + optionalLen(s.names.PrimaryRegion(listed)) - 1
		}
		if !s.includeInstances {
			n++ // null
			continue
		}
		first, end := t.Instances(i)
		n += collectionHeaderLen(end - first)
		for j := first; j < end; j++ {
			n += usageInstanceLayout.keyBytes + stringLen(t.InstanceUUID(j).Len()) + usageCountersLayout.keyBytes + countersLen(turso.UsageCounterFields, t.InstanceUsage(j))
		}
	}
	return n
}

// stringSetLen is the size of a set of strings written by appendStringSet.
func stringSetLen(set []string) int {
	if set == nil {
		return 1
	}
	n := collectionHeaderLen(len(set))
	for _, s := range set {
		n += stringLen(len(s))
	}
	return n
}

// appendStringSet writes a set of strings, or null for nil.
func appendStringSet(b []byte, set []string) []byte {
	if set == nil {
		return appendNull(b)
	}
	b = appendArrayHeader(b, len(set))
	for _, s := range set {
		b = appendString(b, s)
	}
	return b
}

// topDatabases is top_databases as its state writes it: absent (null) without it.
func topDatabases(s *usageState) turso.Counter {
	if s.filter.top == 0 {
		return turso.Counter{}
	}
	return turso.NewCounter(int64(s.filter.top))
}

// optionalLen is the size of a text written as null when it is empty.
func optionalLen(s string) int {
	if s == "" {
		return 1
	}
	return stringLen(len(s))
}

var organizationUsageType = organizationUsageSchema().Type().TerraformType(context.Background())

// databaseRow is database i of the usage, with its entry in the database list (-1 when the list
// does not have it) and the state it is written into.
type databaseRow struct {
	i, listed int
	state     *usageState
}

// instanceRow is instance j of the organization's usage.
type instanceRow struct {
	j         int
	databases *turso.UsageDatabases
}

// The writers of the state's object types, shared by every type that has them; the layouts pair
// them with the schema's own types, from the outermost in.
var (
	usageCounterWriters = counterWriters(turso.UsageCounterFields)

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
			b = appendArrayHeader(b, len(s.kept))
			row := databaseRow{state: s.usageState}
			for _, k := range s.kept {
				row.i, row.listed = k.i, k.listed
				b = databaseLayout.append(b, &row)
			}
			return b
		},
		"database_count": func(b []byte, s *usageWrite) []byte {
			if !s.includeDatabases {
				return appendNull(b)
			}
			return appendCounter(b, turso.NewCounter(int64(s.usage.Databases.Len())))
		},
		"top_databases":    func(b []byte, s *usageWrite) []byte { return appendCounter(b, topDatabases(s.usageState)) },
		"top_databases_by": func(b []byte, s *usageWrite) []byte { return appendString(b, s.filter.rankedBy().Name) },
		"database_names":   func(b []byte, s *usageWrite) []byte { return appendStringSet(b, s.filter.names) },
		"database_groups":  func(b []byte, s *usageWrite) []byte { return appendStringSet(b, s.filter.groups) },
		"groups": func(b []byte, s *usageWrite) []byte {
			if !s.includeDatabases {
				return appendNull(b)
			}
			b = appendMapHeader(b, len(s.groups))
			for i := range s.groups {
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
		"uuid": func(b []byte, r *databaseRow) []byte { return appendID(b, r.state.usage.Databases.UUID(r.i)) },
		"name": func(b []byte, r *databaseRow) []byte {
			if r.listed >= 0 {
				return appendString(b, r.state.names.Name(r.listed))
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
			in := instanceRow{databases: t}
			for in.j = first; in.j < end; in.j++ {
				b = usageInstanceLayout.append(b, &in)
			}
			return b
		},
		"total": func(b []byte, r *databaseRow) []byte {
			return usageCountersLayout.append(b, r.state.usage.Databases.Total(r.i))
		},
	})
	instanceType        = attributeType(databaseType, "instances").(tftypes.List).ElementType
	usageInstanceLayout = newObjectLayout(instanceType, map[string]func([]byte, *instanceRow) []byte{
		"uuid": func(b []byte, r *instanceRow) []byte { return appendID(b, r.databases.InstanceUUID(r.j)) },
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
