package turso

import (
	"fmt"
	"sort"
	"unique"
)

// DatabaseList is an organization's database list, to name the databases of its usage: a list of
// plain entries, sorted by UUID by Index for Find. Each group and primary region is held once however
// many databases share it (unique.Make).
type DatabaseList struct {
	entries chunked[listedDatabase]
	// counted are the groups and regions already counted against maxListBytes.
	counted map[unique.Handle[string]]struct{}
	cost    int // what the list counts against maxListBytes
	indexed bool
}

type listedDatabase struct {
	uuid                                      ID
	name                                      string
	group, region                             unique.Handle[string] // the zero Handle for none
	blockReads, blockWrites, deleteProtection Flag
}

// The bound on a database list once held: 72 bytes a database (its entry), the text of its name (and
// of its UUID when that is not canonical), and 64 bytes and the text of each distinct group or region.
// 96 MiB holds a million databases of names of 28 characters; past it the list is refused, however few
// its pages, so that a server cannot make the provider hold long names by the million.
const (
	maxListBytes  = 96 << 20
	listEntryCost = 72
	sharedCost    = 64
)

// errListTooLarge is what add returns past maxListBytes.
var errListTooLarge = fmt.Errorf("takes more than %d MiB held (%d bytes a database and the text of its name)", maxListBytes>>20, listEntryCost)

// add appends a page of the list, as decoded; only the page's texts are kept.
func (l *DatabaseList) add(page []Database) error {
	for i := range page {
		d := &page[i]
		e := listedDatabase{uuid: IDOf(d.UUID), name: d.Name, group: l.shared(d.Group), region: l.shared(d.PrimaryRegion),
			blockReads: d.BlockReads, blockWrites: d.BlockWrites, deleteProtection: d.DeleteProtection}
		l.cost += listEntryCost + len(d.Name)
		if !e.uuid.Canonical() {
			l.cost += e.uuid.Len()
		}
		if l.cost > maxListBytes {
			return errListTooLarge
		}
		l.entries.append(e)
		l.indexed = false
	}
	return nil
}

// shared returns the handle of s that every entry naming it shares, counting it once; the zero
// Handle for "".
func (l *DatabaseList) shared(s string) unique.Handle[string] {
	if s == "" {
		return unique.Handle[string]{}
	}
	h := unique.Make(s)
	if _, ok := l.counted[h]; !ok {
		if l.counted == nil {
			l.counted = map[unique.Handle[string]]struct{}{}
		}
		l.counted[h] = struct{}{}
		l.cost += sharedCost + len(s)
	}
	return h
}

// textOf is the text of a handle that shared returned.
func textOf(h unique.Handle[string]) string {
	if h == (unique.Handle[string]{}) {
		return ""
	}
	return h.Value()
}

// NewDatabaseList returns the list of the given databases, indexed.
func NewDatabaseList(databases ...Database) (*DatabaseList, error) {
	l := &DatabaseList{}
	if err := l.add(databases); err != nil {
		return nil, err
	}
	l.Index()
	return l, nil
}

// Index orders the list by UUID for Find. A UUID listed more than once is kept once when every entry
// of it says the same, and left out otherwise: which of two names is right cannot be known.
func (l *DatabaseList) Index() {
	if l == nil || l.indexed {
		return
	}
	sort.Sort(byUUID{&l.entries})
	e := &l.entries
	kept := 0
	for i := 0; i < e.n; {
		j, same := i+1, true
		for ; j < e.n && CompareIDs(&e.at(j).uuid, &e.at(i).uuid) == 0; j++ {
			same = same && *e.at(j) == *e.at(i)
		}
		if same {
			*e.at(kept) = *e.at(i)
			kept++
		}
		i = j
	}
	e.truncate(kept)
	l.indexed = true
}

type byUUID struct{ entries *chunked[listedDatabase] }

func (s byUUID) Len() int { return s.entries.n }
func (s byUUID) Less(i, j int) bool {
	return CompareIDs(&s.entries.at(i).uuid, &s.entries.at(j).uuid) < 0
}
func (s byUUID) Swap(i, j int) {
	a, b := s.entries.at(i), s.entries.at(j)
	*a, *b = *b, *a
}

// Len is the number of databases; after Index, of UUIDs with an entry.
func (l *DatabaseList) Len() int {
	if l == nil {
		return 0
	}
	return l.entries.n
}

// Find returns the index of the database whose UUID is uuid, or -1 when the list does not have it
// (or is nil). The list must be indexed.
func (l *DatabaseList) Find(uuid *ID) int {
	if l == nil {
		return -1
	}
	i := sort.Search(l.entries.n, func(i int) bool { return CompareIDs(&l.entries.at(i).uuid, uuid) >= 0 })
	if i == l.entries.n || CompareIDs(&l.entries.at(i).uuid, uuid) != 0 {
		return -1
	}
	return i
}

// Name is the name of database i.
func (l *DatabaseList) Name(i int) string { return l.entries.at(i).name }

// Group is the group of database i, "" for none.
func (l *DatabaseList) Group(i int) string { return textOf(l.entries.at(i).group) }

// PrimaryRegion is the primary region of database i, "" for none.
func (l *DatabaseList) PrimaryRegion(i int) string { return textOf(l.entries.at(i).region) }

// Flags are database i's blocks and its protection from deletion.
func (l *DatabaseList) Flags(i int) (blockReads, blockWrites, deleteProtection Flag) {
	e := l.entries.at(i)
	return e.blockReads, e.blockWrites, e.deleteProtection
}

// Database returns database i as the list's page gave it: for tests, and for callers that need few.
func (l *DatabaseList) Database(i int) Database {
	e := l.entries.at(i)
	return Database{Name: e.name, UUID: e.uuid.String(), Group: textOf(e.group), PrimaryRegion: textOf(e.region),
		BlockReads: e.blockReads, BlockWrites: e.blockWrites, DeleteProtection: e.deleteProtection}
}
