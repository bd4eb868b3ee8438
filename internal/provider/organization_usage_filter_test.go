package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// filterUsage: six databases, two of them unlisted, with ties on rows_read and one database
// without it; its groups g1 and g2.
func filterUsage(t *testing.T) *usageState {
	uuid := func(i int) string { return fmt.Sprintf("0000000%d-0000-4000-8000-000000000000", i) }
	var dbs []string
	for i, rowsRead := range []string{"10", "10", "50", "10", "null", "10"} {
		dbs = append(dbs, fmt.Sprintf(`{"uuid":%q,"total":{"rows_read":%s,"rows_written":%d}}`, uuid(i+1), rowsRead, 100-i))
	}
	body := `{"organization":{"uuid":"o","usage":{},"databases":[` + strings.Join(dbs, ",") + `]}}`
	names := []turso.Database{{Name: "c", UUID: uuid(1), Group: "g1"}, {Name: "a", UUID: uuid(2), Group: "g1"},
		{Name: "b", UUID: uuid(3), Group: "g2"}, {Name: "d", UUID: uuid(5), Group: "g2"}}
	return usageStateOf(t, []byte(body), true, true, names)
}

func TestSelectDatabases(t *testing.T) {
	rowsWritten := rankingCounter("rows_written")
	for name, tc := range map[string]struct {
		filter              databaseFilter
		want, names, groups []string
	}{
		"no filter, the API's order":     {databaseFilter{}, []string{"c", "a", "b", "#4", "d", "#6"}, nil, nil},
		"names":                          {databaseFilter{names: []string{"b", "d", "gone"}}, []string{"b", "d"}, []string{"gone"}, nil},
		"groups":                         {databaseFilter{groups: []string{"empty", "g1"}}, []string{"c", "a"}, nil, []string{"empty"}},
		"names and groups, both keep it": {databaseFilter{names: []string{"a", "b"}, groups: []string{"g1"}}, []string{"a"}, nil, nil},
		"top, ties by name, unnamed after named by UUID, null last": {
			databaseFilter{top: 6}, []string{"b", "a", "c", "#4", "#6", "d"}, nil, nil},
		"top fewer":                {databaseFilter{top: 2}, []string{"b", "a"}, nil, nil},
		"top more than there are":  {databaseFilter{top: 100, groups: []string{"g2"}}, []string{"b", "d"}, nil, nil},
		"top by another counter":   {databaseFilter{top: 3, by: rowsWritten}, []string{"c", "a", "b"}, nil, nil},
		"groups, then top of them": {databaseFilter{top: 1, groups: []string{"g1"}}, []string{"a"}, nil, nil},
		"nothing kept":             {databaseFilter{names: []string{"gone"}}, nil, []string{"gone"}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			s := filterUsage(t)
			kept, names, groups := selectDatabases(s, &tc.filter)
			var got []string
			for _, k := range kept {
				if k.listed < 0 {
					got = append(got, fmt.Sprint("#", k.i+1))
					continue
				}
				got = append(got, s.names.Name(k.listed))
			}
			if !slices.Equal(got, tc.want) || !slices.Equal(names, tc.names) || !slices.Equal(groups, tc.groups) {
				t.Errorf("kept %q, names missing %q, groups missing %q; want %q, %q and %q", got, names, groups, tc.want, tc.names, tc.groups)
			}
		})
	}
}

// A filtered state is written as tftypes would write it, sets included, with only the databases
// kept and groups and counts over the whole organization.
func TestEncodeOrganizationUsage_filtered(t *testing.T) {
	for name, f := range map[string]databaseFilter{
		"top":              {top: 2},
		"names and groups": {names: []string{"b", "a", "gone"}, groups: []string{"g1", "g2"}},
		"top of a group":   {top: 1, by: rankingCounter("rows_written"), groups: []string{"g2"}},
		"nothing kept":     {names: []string{"gone"}},
		"one name":         {names: []string{"a"}},
	} {
		t.Run(name, func(t *testing.T) {
			s := filterUsage(t)
			slices.Sort(f.names)
			slices.Sort(f.groups)
			s.filter = f
			checkStateWrites(t, s)
			if len(s.groups) != 2 || s.groups[0].databases != 2 || s.groups[1].databases != 2 {
				t.Errorf("groups %+v, want g1 and g2 of two databases each whatever the filter", s.groups)
			}
		})
	}
}
