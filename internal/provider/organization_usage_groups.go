package provider

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// groupTotal is one group's totals over the databases of one read.
type groupTotal struct {
	name      string
	databases int64
	// counters are the sums of the databases' totals; a counter is absent when any database of the
	// group lacks it, since a sum without it would understate the group.
	counters turso.UsageCounters
}

// groupMembers yields each database of the usage that the database list puts in a group, with its
// totals. A database the list lacks, or gives no group, is in no group.
func groupMembers(s *usageState) iter.Seq2[string, *turso.UsageCounters] {
	return func(yield func(string, *turso.UsageCounters) bool) {
		t := s.usage.Databases
		for i := range t.Len() {
			if d := s.names.Find(t.UUID(i)); d >= 0 && s.names.Group(d) != "" && !yield(s.names.Group(d), t.Total(i)) {
				return
			}
		}
	}
}

// sumGroups rolls the members up into one total per group, sorted by name. A sum past the largest
// int64 is an error naming the group and the counter, never a wrapped number.
func sumGroups(members iter.Seq2[string, *turso.UsageCounters]) ([]groupTotal, error) {
	index := map[string]int{}
	var groups []groupTotal
	for name, total := range members {
		i, ok := index[name]
		if !ok {
			i = len(groups)
			index[name] = i
			groups = append(groups, groupTotal{name: name})
			for _, f := range turso.UsageCounterFields {
				*f.At(&groups[i].counters) = turso.NewCounter(0)
			}
		}
		g := &groups[i]
		g.databases++
		for _, f := range turso.UsageCounterFields {
			sum, v := f.At(&g.counters), f.At(total)
			a, okA := sum.Int64()
			b, okB := v.Int64()
			switch {
			case !okA:
			case !okB:
				*sum = turso.Counter{}
			case b > math.MaxInt64-a:
				return nil, fmt.Errorf("the %s of the databases of group %q add up to more than the largest 64-bit integer (%d)", f.Name, name, int64(math.MaxInt64))
			default:
				*sum = turso.NewCounter(a + b)
			}
		}
	}
	slices.SortFunc(groups, func(a, b groupTotal) int { return strings.Compare(a.name, b.name) })
	return groups, nil
}
