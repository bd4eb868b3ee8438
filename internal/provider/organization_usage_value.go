package provider

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// usageTypes are the Terraform types of the data source's state, taken from its schema so that the
// value built here cannot drift from what the schema declares. They are kept as tftypes.Type
// interface values: converting a type to the interface on every tftypes.NewValue call allocates.
type usageTypes struct {
	root, orgCounters                tftypes.Type
	databaseList, database           tftypes.Type
	instanceList, instance, counters tftypes.Type
	str, boolean, number             tftypes.Type
}

var organizationUsageTypes = newUsageTypes(organizationUsageSchema().Type().TerraformType(context.Background()).(tftypes.Object))

func newUsageTypes(root tftypes.Object) usageTypes {
	databaseList := root.AttributeTypes["databases"].(tftypes.List)
	database := databaseList.ElementType.(tftypes.Object)
	instanceList := database.AttributeTypes["instances"].(tftypes.List)
	instance := instanceList.ElementType.(tftypes.Object)
	counters := instance.AttributeTypes["usage"].(tftypes.Object)
	return usageTypes{
		root:         root,
		orgCounters:  root.AttributeTypes["usage"],
		databaseList: databaseList,
		database:     database,
		instanceList: instanceList,
		instance:     instance,
		counters:     counters,
		str:          root.AttributeTypes["uuid"],
		boolean:      root.AttributeTypes["include_databases"],
		number:       counters.AttributeTypes["rows_read"],
	}
}

// organizationUsageValue builds the data source's whole state directly as a Terraform value: for
// tens of thousands of databases this is many times faster than the framework's reflection.
func organizationUsageValue(slug string, includeDatabases bool, u *turso.OrganizationUsage) tftypes.Value {
	t := &organizationUsageTypes
	n := make(numbers, 7)
	databases := tftypes.NewValue(t.databaseList, nil)
	if includeDatabases {
		databases = t.databasesValue(u.Databases)
	}
	return tftypes.NewValue(t.root, map[string]tftypes.Value{
		"organization":      tftypes.NewValue(t.str, slug),
		"include_databases": tftypes.NewValue(t.boolean, includeDatabases),
		"uuid":              tftypes.NewValue(t.str, u.UUID),
		"usage": tftypes.NewValue(t.orgCounters, map[string]tftypes.Value{
			"rows_read":     n.value(t, u.Usage.RowsRead),
			"rows_written":  n.value(t, u.Usage.RowsWritten),
			"databases":     n.value(t, u.Usage.Databases),
			"locations":     n.value(t, u.Usage.Locations),
			"storage_bytes": n.value(t, u.Usage.StorageBytes),
			"groups":        n.value(t, u.Usage.Groups),
			"bytes_synced":  n.value(t, u.Usage.BytesSynced),
		}),
		"databases": databases,
	})
}

func (t *usageTypes) databasesValue(dbs []turso.DatabaseUsage) tftypes.Value {
	instanceCount := 0
	for i := range dbs {
		instanceCount += len(dbs[i].Instances)
	}
	// One allocation each for all list elements and all numbers keeps the garbage collector's work flat.
	elems := make([]tftypes.Value, len(dbs))
	instances := make([]tftypes.Value, instanceCount)
	n := make(numbers, 4*(len(dbs)+instanceCount))
	for i := range dbs {
		db := &dbs[i]
		dbInstances := instances[:len(db.Instances):len(db.Instances)]
		instances = instances[len(db.Instances):]
		for j := range db.Instances {
			dbInstances[j] = tftypes.NewValue(t.instance, map[string]tftypes.Value{
				"uuid":  tftypes.NewValue(t.str, db.Instances[j].UUID),
				"usage": t.countersValue(&n, &db.Instances[j].Usage),
			})
		}
		elems[i] = tftypes.NewValue(t.database, map[string]tftypes.Value{
			"uuid":      tftypes.NewValue(t.str, db.UUID),
			"instances": tftypes.NewValue(t.instanceList, dbInstances),
			"total":     t.countersValue(&n, &db.Total),
		})
	}
	return tftypes.NewValue(t.databaseList, elems)
}

func (t *usageTypes) countersValue(n *numbers, c *turso.UsageCounters) tftypes.Value {
	return tftypes.NewValue(t.counters, map[string]tftypes.Value{
		"rows_read":     n.value(t, c.RowsRead),
		"rows_written":  n.value(t, c.RowsWritten),
		"storage_bytes": n.value(t, c.StorageBytes),
		"bytes_synced":  n.value(t, c.BytesSynced),
	})
}

// numbers hands out preallocated big.Floats, the representation of a tftypes.Number.
type numbers []big.Float

// value is an exact number, or null when the API omitted the counter.
func (n *numbers) value(t *usageTypes, c turso.Counter) tftypes.Value {
	v, ok := c.Int64()
	if !ok {
		return tftypes.NewValue(t.number, nil)
	}
	f := &(*n)[0]
	*n = (*n)[1:]
	return tftypes.NewValue(t.number, f.SetInt64(v))
}
