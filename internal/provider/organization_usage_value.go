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
	// names are the database list's entries by UUID; nil when the list was not read.
	names map[string]*turso.Database
	// groups are the totals of each group of the databases (sumGroups); nil without the databases.
	groups []groupTotal
}

// encodeOrganizationUsage returns the data source's state, msgpack-encoded as tftypes would encode it.
func encodeOrganizationUsage(s *usageState) []byte {
	return usageStateLayout.append(make([]byte, 0, s.sizeHint()), s)
}

// sizeHint is an upper bound of the encoded state's size, so that it is allocated once; it is tight
// because the whole buffer is memory the provider holds: a database encodes to its strings plus at
// most 210 bytes (keys, headers, four counters of at most 9 bytes each, three flags), an instance to
// its uuid plus at most 110, a group to its name plus at most 130.
func (s *usageState) sizeHint() int {
	n := 512 + len(s.slug) + len(s.usage.UUID)
	for i := range s.groups {
		n += 130 + len(s.groups[i].name)
	}
	if s.includeDatabases {
		for i := range s.usage.Databases {
			db := &s.usage.Databases[i]
			n += 210 + len(db.UUID)
			if d := s.names[db.UUID]; d != nil {
				n += len(d.Name) + len(d.Group) + len(d.PrimaryRegion)
			}
			if s.includeInstances {
				for j := range db.Instances {
					n += 110 + len(db.Instances[j].UUID)
				}
			}
		}
	}
	return n
}

// databaseNames indexes the database list by UUID. A UUID listed twice under different names or
// groups is ambiguous, and gets no name: nothing is guessed.
func databaseNames(list []turso.Database) map[string]*turso.Database {
	names := make(map[string]*turso.Database, len(list))
	for i := range list {
		d := &list[i]
		if seen, ok := names[d.UUID]; ok && (seen == nil || *seen != *d) {
			names[d.UUID] = nil
			continue
		}
		names[d.UUID] = d
	}
	return names
}

var organizationUsageType = organizationUsageSchema().Type().TerraformType(context.Background())

// databaseRow is one database of the usage, with its entry in the database list (nil when the list
// does not have it) and the state it is written into.
type databaseRow struct {
	db     *turso.DatabaseUsage
	listed *turso.Database
	state  *usageState
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
			b = appendArrayHeader(b, len(s.usage.Databases))
			row := databaseRow{state: s}
			for i := range s.usage.Databases {
				row.db = &s.usage.Databases[i]
				row.listed = s.names[row.db.UUID]
				b = databaseLayout.append(b, &row)
			}
			return b
		},
		"groups": func(b []byte, s *usageState) []byte {
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
		"uuid": func(b []byte, r *databaseRow) []byte { return appendString(b, r.db.UUID) },
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
			return appendList(b, instanceLayout, r.db.Instances)
		},
		"total": func(b []byte, r *databaseRow) []byte { return usageCountersLayout.append(b, &r.db.Total) },
	})
	instanceType        = attributeType(databaseType, "instances").(tftypes.List).ElementType
	instanceLayout      = newObjectLayout(instanceType, instanceWriters)
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
