package provider

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// databaseFilter is which databases of an organization's usage its state keeps: the filters of
// turso_organization_usage. The zero filter keeps every database, in the API's order.
type databaseFilter struct {
	// names and groups keep only the databases the list names so, or puts in these groups; nil
	// for no such filter.
	names, groups []string
	// top keeps the top databases by the counter by of their totals (rankedBy); 0 keeps them all.
	top int
	by  turso.CounterField[turso.UsageCounters]
}

// rankedBy is the counter top ranks by: by, or the default counter when none was set.
func (f *databaseFilter) rankedBy() turso.CounterField[turso.UsageCounters] {
	if f.by.At == nil {
		return rankingCounter(defaultRankingCounter)
	}
	return f.by
}

// rankingCounters are the counters top_databases_by may name: those of a database's total, in the
// client's order. The schema's validator and the docs both take them from here.
var rankingCounters = func() []string {
	var names []string
	for _, f := range turso.UsageCounterFields {
		names = append(names, f.Name)
	}
	return names
}()

const defaultRankingCounter = "rows_read"

// rankingCounter is the counter field named name, one of rankingCounters.
func rankingCounter(name string) turso.CounterField[turso.UsageCounters] {
	i := slices.IndexFunc(turso.UsageCounterFields, func(f turso.CounterField[turso.UsageCounters]) bool { return f.Name == name })
	return turso.UsageCounterFields[max(i, 0)]
}

// keptDatabase is a database of the usage the state keeps: its index in the usage and its entry in
// the database list (-1 when the list does not have it).
type keptDatabase struct{ i, listed int }

// selectDatabases returns the databases of s that f keeps, and the names and groups f asks for that
// match no database of the organization.
func selectDatabases(s *usageState, f *databaseFilter) (kept []keptDatabase, missingNames, missingGroups []string) {
	t := s.usage.Databases
	foundName, foundGroup := map[string]bool{}, map[string]bool{}
	for i := range t.Len() {
		listed := s.names.Find(t.UUID(i))
		var name, group string
		if listed >= 0 {
			name, group = s.names.Name(listed), s.names.Group(listed)
			foundName[name], foundGroup[group] = true, true
		}
		if (f.names != nil && (listed < 0 || !slices.Contains(f.names, name))) ||
			(f.groups != nil && (listed < 0 || !slices.Contains(f.groups, group))) {
			continue
		}
		kept = append(kept, keptDatabase{i: i, listed: listed})
	}
	for _, name := range f.names {
		if !foundName[name] {
			missingNames = append(missingNames, name)
		}
	}
	for _, group := range f.groups {
		if !foundGroup[group] {
			missingGroups = append(missingGroups, group)
		}
	}
	if f.top > 0 {
		slices.SortStableFunc(kept, func(a, b keptDatabase) int { return compareRank(s, f.rankedBy(), a, b) })
		kept = kept[:min(f.top, len(kept))]
	}
	return kept, missingNames, missingGroups
}

// compareRank orders databases from the highest counter down, a database without the counter last;
// ties by name, a database the list does not name after the named ones, by UUID.
func compareRank(s *usageState, by turso.CounterField[turso.UsageCounters], a, b keptDatabase) int {
	t := s.usage.Databases
	va, okA := by.At(t.Total(a.i)).Int64()
	vb, okB := by.At(t.Total(b.i)).Int64()
	if c := cmp.Or(-compareBools(okA, okB), cmp.Compare(vb, va), compareBools(a.listed < 0, b.listed < 0)); c != 0 {
		return c
	}
	if a.listed >= 0 && b.listed >= 0 {
		if c := strings.Compare(s.names.Name(a.listed), s.names.Name(b.listed)); c != 0 {
			return c
		}
	}
	return turso.CompareIDs(t.UUID(a.i), t.UUID(b.i))
}

// compareBools orders false before true.
func compareBools(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// readDatabaseFilter reads the filter arguments of a configuration. A set argument's elements are
// kept sorted, as its state writes them.
func readDatabaseFilter(ctx context.Context, config tfsdk.Config) (databaseFilter, diag.Diagnostics) {
	var diags diag.Diagnostics
	var top types.Int64
	var by types.String
	var names, groups types.Set
	diags.Append(config.GetAttribute(ctx, path.Root("top_databases"), &top)...)
	diags.Append(config.GetAttribute(ctx, path.Root("top_databases_by"), &by)...)
	diags.Append(config.GetAttribute(ctx, path.Root("database_names"), &names)...)
	diags.Append(config.GetAttribute(ctx, path.Root("database_groups"), &groups)...)
	f := databaseFilter{top: int(top.ValueInt64()), by: rankingCounter(cmp.Or(by.ValueString(), defaultRankingCounter))}
	for _, set := range []struct {
		value types.Set
		dst   *[]string
	}{{names, &f.names}, {groups, &f.groups}} {
		if set.value.IsNull() || set.value.IsUnknown() {
			continue
		}
		*set.dst = []string{}
		diags.Append(set.value.ElementsAs(ctx, set.dst, false)...)
		slices.Sort(*set.dst)
	}
	return f, diags
}

// filtersNeedDatabasesValidator refuses, at plan time, a filter beside include_databases = false.
type filtersNeedDatabasesValidator struct{}

var _ datasource.ConfigValidator = filtersNeedDatabasesValidator{}

func (filtersNeedDatabasesValidator) Description(context.Context) string {
	return "top_databases, top_databases_by, database_names and database_groups need include_databases"
}

func (v filtersNeedDatabasesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (filtersNeedDatabasesValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var include types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("include_databases"), &include)...)
	if resp.Diagnostics.HasError() || include.IsNull() || include.IsUnknown() || include.ValueBool() {
		return
	}
	for _, name := range filterArgumentNames {
		var v attr.Value
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &v)...)
		if v != nil && !v.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Filter Without Databases",
				fmt.Sprintf("This data source's %q chooses among the databases, but include_databases = false reads none. "+
					"Remove %q, or set include_databases to true.", name, name))
		}
	}
}

// filterArgumentNames are the arguments that choose which databases the state keeps.
var filterArgumentNames = []string{"top_databases", "top_databases_by", "database_names", "database_groups"}
