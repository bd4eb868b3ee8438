package turso

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestDatabaseList: entries found by their UUIDs as the usage sends them, canonical or not; a UUID
// listed twice under different names is ambiguous and has none; the same entry twice is one.
func TestDatabaseList(t *testing.T) {
	upper := "0000000A-0000-4000-8000-00000000000A"
	list := []Database{
		{Name: "a", UUID: "00000001-0000-4000-8000-000000000001", Group: "g", PrimaryRegion: "aws-us-east-1", BlockWrites: FlagTrue},
		{Name: "b", UUID: "2"}, {Name: "b2", UUID: "2"},
		{Name: "c", UUID: "00000003-0000-4000-8000-000000000003", Group: "g"}, {Name: "c", UUID: "00000003-0000-4000-8000-000000000003", Group: "g"},
		{Name: "d", UUID: "4"}, {Name: "d2", UUID: "4"}, {Name: "d", UUID: "4"},
		{Name: "e", UUID: upper, Group: "h", DeleteProtection: FlagFalse},
		{Name: "f", UUID: "00000002-0000-4000-8000-000000000002", BlockReads: FlagFalse},
		{Name: "g", UUID: "00000002-0000-4000-8000-000000000002", BlockReads: FlagTrue},
		{Name: strings.Repeat("n", 70000), UUID: "zz"},
	}
	l, err := NewDatabaseList(list...)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*Database{list[0].UUID: &list[0], list[3].UUID: &list[3], upper: &list[8], "zz": &list[11],
		"2": nil, "4": nil, list[9].UUID: nil, "00000005-0000-4000-8000-000000000005": nil, strings.ToLower(upper): nil, "": nil}
	for uuid, w := range want {
		id := IDOf(uuid)
		i := l.Find(&id)
		switch {
		case w == nil && i >= 0:
			t.Errorf("%q found as %+v, want none", uuid, l.Database(i))
		case w == nil:
		case i < 0:
			t.Errorf("%q not found, want %+v", uuid, *w)
		case !reflect.DeepEqual(l.Database(i), *w):
			t.Errorf("%q = %+v, want %+v", uuid, l.Database(i), *w)
		case l.Name(i) != w.Name || l.Group(i) != w.Group || l.PrimaryRegion(i) != w.PrimaryRegion:
			t.Errorf("%q: accessors give %q, %q, %q", uuid, l.Name(i), l.Group(i), l.PrimaryRegion(i))
		}
	}
	if l.Len() != 4 {
		t.Errorf("%d UUIDs with an entry, want 4", l.Len())
	}
	if got := len(l.counted); got != 3 {
		t.Errorf("%d groups and regions counted, want the 3 distinct ones", got)
	}
	var none *DatabaseList
	if id := IDOf(list[0].UUID); none.Find(&id) != -1 || none.Len() != 0 {
		t.Error("a nil list has entries")
	}
}

// TestDatabaseList_cost: what a list counts against its bound, and that an entry takes no more than
// it counts.
func TestDatabaseList_cost(t *testing.T) {
	if size := reflect.TypeFor[listedDatabase]().Size(); size > listEntryCost {
		t.Errorf("an entry takes %d bytes, more than the %d it counts", size, listEntryCost)
	}
	l := &DatabaseList{}
	if err := l.add([]Database{
		{Name: "abc", UUID: "00000001-0000-4000-8000-000000000001", Group: "default", PrimaryRegion: "aws-us-east-1"},
		{Name: "de", UUID: "not-a-uuid", Group: "default", PrimaryRegion: "aws-us-east-1"},
	}); err != nil {
		t.Fatal(err)
	}
	want := 2*listEntryCost + len("abc") + len("de") + len("not-a-uuid") + 2*sharedCost + len("default") + len("aws-us-east-1")
	if l.cost != want {
		t.Errorf("cost %d, want %d", l.cost, want)
	}
	l.cost = maxListBytes - listEntryCost - len("x") - len("1")
	if err := l.add([]Database{{Name: "x", UUID: "1"}}); err != nil {
		t.Errorf("an entry that reaches the bound exactly: %v", err)
	}
	if err := l.add([]Database{{Name: "y", UUID: "2"}}); !errors.Is(err, errListTooLarge) {
		t.Errorf("an entry past the bound: %v, want %v", err, errListTooLarge)
	}
}
