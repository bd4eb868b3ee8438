package turso

import (
	"bytes"
	"fmt"
	"sort"
)

// DatabaseList is an organization's database list, held compactly to name the databases of its
// usage: one fixed-size entry a database with no pointer in it, its UUID as 16 bytes where it is a
// canonical UUID (as in UsageDatabases), its name's text in shared chunks, and each group and
// primary region once however many databases share it. Index orders it by UUID for Find.
type DatabaseList struct {
	entries chunks[listedDatabase]
	text    chunks[byte] // names, and UUIDs that are not canonical
	// interned are the groups and regions, each once; entries name them by their index + 1.
	interned []string
	internAt map[string]uint32
	cost     int // what the list counts against maxListBytes
	indexed  bool
}

type listedDatabase struct {
	uuid                                  compactID
	blockReads, blockWrites, deleteProtec Flag
	name                                  textRef
	group, region                         uint32 // index + 1 into interned; 0 for none
}

// textRef is where a text is kept in a list's chunks of text.
type textRef struct{ chunk, at, n uint32 }

// The bound on a database list once held: 64 bytes a database, the text of its name (and of its
// UUID when that is not canonical), and 64 bytes and the text of each distinct group or region.
// 96 MiB holds a million databases of names of 30 characters; past it the list is refused, however few
// its pages, so that a server cannot make the provider hold long names by the million.
const (
	maxListBytes  = 96 << 20
	listEntryCost = 64
	internedCost  = 64
)

// errListTooLarge is what add returns past maxListBytes.
var errListTooLarge = fmt.Errorf("takes more than %d MiB held (%d bytes a database and the text of its name)", maxListBytes>>20, listEntryCost)

// add appends a page of the list, as decoded; nothing is kept of page itself.
func (l *DatabaseList) add(page []Database) error {
	for i := range page {
		d := &page[i]
		l.cost += listEntryCost + len(d.Name)
		e := listedDatabase{uuid: idOf(&l.text, []byte(d.UUID)), blockReads: d.BlockReads, blockWrites: d.BlockWrites,
			deleteProtec: d.DeleteProtection, group: l.intern(d.Group), region: l.intern(d.PrimaryRegion)}
		if e.uuid.text {
			l.cost += len(d.UUID)
		}
		if l.cost > maxListBytes {
			return errListTooLarge
		}
		chunk, at := l.text.reserve(len(d.Name))
		l.text.chunks[chunk] = append(l.text.chunks[chunk], d.Name...)
		l.text.n += len(d.Name)
		e.name = textRef{chunk: uint32(chunk), at: uint32(at), n: uint32(len(d.Name))}
		l.entries.append(e)
		l.indexed = false
	}
	return nil
}

// intern returns the index + 1 of s among the interned texts, 0 for "".
func (l *DatabaseList) intern(s string) uint32 {
	if s == "" {
		return 0
	}
	if i, ok := l.internAt[s]; ok {
		return i
	}
	if l.internAt == nil {
		l.internAt = map[string]uint32{}
	}
	l.cost += internedCost + len(s)
	l.interned = append(l.interned, s)
	l.internAt[s] = uint32(len(l.interned))
	return uint32(len(l.interned))
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
	sort.Sort(byUUID{l})
	kept := 0
	for i := 0; i < l.entries.n; {
		j, same := i+1, true
		for ; j < l.entries.n && l.compareIDs(&l.entries.at(j).uuid, &l.entries.at(i).uuid) == 0; j++ {
			same = same && l.sameEntry(l.entries.at(i), l.entries.at(j))
		}
		if same {
			*l.entries.at(kept) = *l.entries.at(i)
			kept++
		}
		i = j
	}
	l.entries.truncate(kept)
	l.indexed = true
}

type byUUID struct{ l *DatabaseList }

func (s byUUID) Len() int { return s.l.entries.n }
func (s byUUID) Less(i, j int) bool {
	return s.l.compareIDs(&s.l.entries.at(i).uuid, &s.l.entries.at(j).uuid) < 0
}
func (s byUUID) Swap(i, j int) {
	a, b := s.l.entries.at(i), s.l.entries.at(j)
	*a, *b = *b, *a
}

// compareIDs compares the texts of two UUIDs as the API sent them.
func (l *DatabaseList) compareIDs(a, b *compactID) int {
	if !a.text && !b.text {
		return bytes.Compare(a.b[:], b.b[:]) // the order of their canonical texts
	}
	var x, y [uuidText]byte
	return bytes.Compare(appendID(x[:0], &l.text, a), appendID(y[:0], &l.text, b))
}

func (l *DatabaseList) sameEntry(a, b *listedDatabase) bool {
	return bytes.Equal(l.textOf(a.name), l.textOf(b.name)) && a.group == b.group && a.region == b.region &&
		a.blockReads == b.blockReads && a.blockWrites == b.blockWrites && a.deleteProtec == b.deleteProtec
}

func (l *DatabaseList) textOf(r textRef) []byte {
	return l.text.chunks[r.chunk][r.at : r.at+r.n]
}

// Len is the number of databases; after Index, of UUIDs with an entry.
func (l *DatabaseList) Len() int {
	if l == nil {
		return 0
	}
	return l.entries.n
}

// Find returns the index of the database whose UUID is uuid, as the usage sent it, or -1 when the
// list does not have it (or is nil). The list must be indexed.
func (l *DatabaseList) Find(uuid []byte) int {
	if l == nil {
		return -1
	}
	key, canonical := parseUUID(uuid)
	var text [uuidText]byte
	i := sort.Search(l.entries.n, func(i int) bool {
		e := &l.entries.at(i).uuid
		if canonical && !e.text {
			return bytes.Compare(e.b[:], key[:]) >= 0
		}
		return bytes.Compare(appendID(text[:0], &l.text, e), uuid) >= 0
	})
	if i == l.entries.n || !bytes.Equal(appendID(text[:0], &l.text, &l.entries.at(i).uuid), uuid) {
		return -1
	}
	return i
}

// Name is the name of database i, valid until the list changes.
func (l *DatabaseList) Name(i int) []byte { return l.textOf(l.entries.at(i).name) }

// Group is the group of database i, "" for none.
func (l *DatabaseList) Group(i int) string { return l.internedText(l.entries.at(i).group) }

// PrimaryRegion is the primary region of database i, "" for none.
func (l *DatabaseList) PrimaryRegion(i int) string { return l.internedText(l.entries.at(i).region) }

// Flags are database i's blocks and its protection from deletion.
func (l *DatabaseList) Flags(i int) (blockReads, blockWrites, deleteProtection Flag) {
	e := l.entries.at(i)
	return e.blockReads, e.blockWrites, e.deleteProtec
}

func (l *DatabaseList) internedText(i uint32) string {
	if i == 0 {
		return ""
	}
	return l.interned[i-1]
}

// Database returns database i as the list's page gave it: for tests, and for callers that need few.
func (l *DatabaseList) Database(i int) Database {
	e := l.entries.at(i)
	return Database{Name: string(l.Name(i)), UUID: string(appendID(nil, &l.text, &e.uuid)), Group: l.Group(i),
		PrimaryRegion: l.PrimaryRegion(i), BlockReads: e.blockReads, BlockWrites: e.blockWrites, DeleteProtection: e.deleteProtec}
}
