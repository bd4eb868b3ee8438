package provider

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func counterText(c turso.Counter) string {
	if v, ok := c.Int64(); ok {
		return fmt.Sprint(v)
	}
	return "null"
}

func groupsText(groups []groupTotal) string {
	var lines []string
	for _, g := range groups {
		c := &g.counters
		lines = append(lines, fmt.Sprintf("%s: %d dbs, %s/%s/%s/%s", g.name, g.databases,
			counterText(c.RowsRead), counterText(c.RowsWritten), counterText(c.StorageBytes), counterText(c.BytesSynced)))
	}
	return strings.Join(lines, "\n")
}

func totals(read, written, storage, synced int64) turso.UsageCounters {
	return turso.UsageCounters{RowsRead: turso.NewCounter(read), RowsWritten: turso.NewCounter(written),
		StorageBytes: turso.NewCounter(storage), BytesSynced: turso.NewCounter(synced)}
}

func TestSumGroups(t *testing.T) {
	withNull := totals(1, 1, 1, 1)
	withNull.RowsWritten = turso.Counter{}
	big := totals(1<<53+1, 0, 0, 0)
	usage := &turso.OrganizationUsage{Databases: turso.NewUsageDatabases(
		turso.DatabaseUsage{UUID: "1", Total: totals(10, 20, 30, 40)},
		turso.DatabaseUsage{UUID: "2", Total: big},
		turso.DatabaseUsage{UUID: "3", Total: totals(1, 2, 3, 4)}, // no group in the list
		turso.DatabaseUsage{UUID: "4", Total: totals(5, 5, 5, 5)}, // not in the list
		turso.DatabaseUsage{UUID: "5", Total: withNull},
		turso.DatabaseUsage{UUID: "6", Total: big},
	)}
	names := listOf(t, []turso.Database{
		{UUID: "1", Name: "a", Group: "default"}, {UUID: "2", Name: "b", Group: "eu"}, {UUID: "3", Name: "c"},
		{UUID: "5", Name: "e", Group: "default"}, {UUID: "6", Name: "f", Group: "eu"}, {UUID: "7", Name: "g", Group: "listed-only"},
	})
	groups, err := sumGroups(groupMembers(&usageState{usage: usage, names: names}))
	if err != nil {
		t.Fatal(err)
	}
	// Sorted by name; a null counter of one database makes the group's null; exact past 2^53.
	want := "default: 2 dbs, 11/null/31/41\neu: 2 dbs, 18014398509481986/0/0/0"
	if got := groupsText(groups); got != want {
		t.Errorf("groups\n%s\nwant\n%s", got, want)
	}

	empty, err := sumGroups(groupMembers(&usageState{usage: usage}))
	if err != nil || empty != nil {
		t.Errorf("without the list: %v, %v; want no group", empty, err)
	}
}

func TestSumGroups_overflow(t *testing.T) {
	for _, name := range []string{"rows_read", "rows_written", "storage_bytes", "bytes_synced"} {
		t.Run(name, func(t *testing.T) {
			largest := totals(0, 0, 0, 0)
			for _, f := range turso.UsageCounterFields {
				if f.Name == name {
					*f.At(&largest) = turso.NewCounter(math.MaxInt64)
				}
			}
			members := func(yield func(string, *turso.UsageCounters) bool) {
				one := totals(1, 1, 1, 1)
				_ = yield("g", &largest) && yield("g", &one)
			}
			_, err := sumGroups(members)
			if want := fmt.Sprintf(`the %s of the databases of group "g" add up to more than the largest 64-bit integer`, name); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want %q", err, want)
			}
		})
	}
	// The largest int64 itself is a sum, not an overflow.
	members := func(yield func(string, *turso.UsageCounters) bool) {
		a, b := totals(math.MaxInt64-1, 0, 0, 0), totals(1, 0, 0, 0)
		_ = yield("g", &a) && yield("g", &b)
	}
	if groups, err := sumGroups(members); err != nil || groupsText(groups) != fmt.Sprintf("g: 2 dbs, %d/0/0/0", int64(math.MaxInt64)) {
		t.Errorf("got %q, %v", groupsText(groups), err)
	}
}
