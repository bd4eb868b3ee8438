package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// usageTypes are the Terraform types of the data source's state, taken from its schema so that the
// value built here cannot drift from what the schema declares.
type usageTypes struct {
	root          tftypes.Object
	orgCounters   tftypes.Object
	databaseList  tftypes.List
	database      tftypes.Object
	instanceList  tftypes.List
	instance      tftypes.Object
	usageCounters tftypes.Object
}

var organizationUsageTypes = newUsageTypes(organizationUsageSchema().Type().TerraformType(context.Background()).(tftypes.Object))

func newUsageTypes(root tftypes.Object) usageTypes {
	databaseList := root.AttributeTypes["databases"].(tftypes.List)
	database := databaseList.ElementType.(tftypes.Object)
	instanceList := database.AttributeTypes["instances"].(tftypes.List)
	instance := instanceList.ElementType.(tftypes.Object)
	return usageTypes{
		root:          root,
		orgCounters:   root.AttributeTypes["usage"].(tftypes.Object),
		databaseList:  databaseList,
		database:      database,
		instanceList:  instanceList,
		instance:      instance,
		usageCounters: instance.AttributeTypes["usage"].(tftypes.Object),
	}
}

// organizationUsageValue builds the data source's whole state directly as a Terraform value: for
// tens of thousands of databases this is many times faster than the framework's reflection.
func organizationUsageValue(slug string, includeDatabases bool, u *turso.OrganizationUsage) tftypes.Value {
	t := organizationUsageTypes
	databases := tftypes.NewValue(t.databaseList, nil)
	if includeDatabases {
		databases = t.databasesValue(u.Databases)
	}
	return tftypes.NewValue(t.root, map[string]tftypes.Value{
		"organization":      tftypes.NewValue(tftypes.String, slug),
		"include_databases": tftypes.NewValue(tftypes.Bool, includeDatabases),
		"uuid":              tftypes.NewValue(tftypes.String, u.UUID),
		"usage": tftypes.NewValue(t.orgCounters, map[string]tftypes.Value{
			"rows_read":     counterValue(u.Usage.RowsRead),
			"rows_written":  counterValue(u.Usage.RowsWritten),
			"databases":     counterValue(u.Usage.Databases),
			"locations":     counterValue(u.Usage.Locations),
			"storage_bytes": counterValue(u.Usage.StorageBytes),
			"groups":        counterValue(u.Usage.Groups),
			"bytes_synced":  counterValue(u.Usage.BytesSynced),
		}),
		"databases": databases,
	})
}

func (t usageTypes) databasesValue(dbs []turso.DatabaseUsage) tftypes.Value {
	elems := make([]tftypes.Value, len(dbs))
	for i := range dbs {
		db := &dbs[i]
		instances := make([]tftypes.Value, len(db.Instances))
		for j := range db.Instances {
			instances[j] = tftypes.NewValue(t.instance, map[string]tftypes.Value{
				"uuid":  tftypes.NewValue(tftypes.String, db.Instances[j].UUID),
				"usage": t.countersValue(db.Instances[j].Usage),
			})
		}
		elems[i] = tftypes.NewValue(t.database, map[string]tftypes.Value{
			"uuid":      tftypes.NewValue(tftypes.String, db.UUID),
			"instances": tftypes.NewValue(t.instanceList, instances),
			"total":     t.countersValue(db.Total),
		})
	}
	return tftypes.NewValue(t.databaseList, elems)
}

func (t usageTypes) countersValue(c turso.UsageCounters) tftypes.Value {
	return tftypes.NewValue(t.usageCounters, map[string]tftypes.Value{
		"rows_read":     counterValue(c.RowsRead),
		"rows_written":  counterValue(c.RowsWritten),
		"storage_bytes": counterValue(c.StorageBytes),
		"bytes_synced":  counterValue(c.BytesSynced),
	})
}

// counterValue is an exact number, or null when the API omitted the counter.
func counterValue(c turso.Counter) tftypes.Value {
	v, ok := c.Int64()
	if !ok {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, v)
}
