package turso

import (
	"bytes"
	"encoding/hex"
	"fmt"
)

// UsageDatabases is an organization's databases and their instances in two lists of plain entries:
// a database's instances follow one another in the second, from the index its entry names. A large
// organization costs a few dozen bytes a database; UUIDs are kept as 16 bytes when their text is a
// UUID that formats back to exactly that text, and as that text otherwise.
type UsageDatabases struct {
	databases chunked[usageDatabase]
	instances chunked[usageInstance]
	cost      int // what the entries count against maxUsageEntryBytes
}

type usageDatabase struct {
	total     UsageCounters
	uuid      ID
	instances int // the index of its first instance; the next database's is the end
}

type usageInstance struct {
	usage UsageCounters
	uuid  ID
}

// ID is a UUID as the API sent it: its 16 bytes when the text is a canonical UUID, the text itself
// otherwise (an upper-case or braced UUID, or anything else, comes back exactly as it came). Its
// text is never empty: the decoders refuse an empty UUID, and an empty text is kept as the zero UUID.
type ID struct {
	b    [16]byte
	text string // the text when it is not canonical; "" for a canonical UUID
}

// uuidText is the canonical text of a UUID: 36 bytes, lower-case hex in groups of 8-4-4-4-12.
const uuidText = 36

// IDOf keeps the text s as an ID.
func IDOf[S string | []byte](s S) ID {
	if b, ok := parseUUID(s); ok {
		return ID{b: b}
	}
	return ID{text: string(s)}
}

// parseUUID returns the 16 bytes of s when s is a UUID in its canonical text, the only spelling that
// formats back to s.
func parseUUID[S string | []byte](s S) (b [16]byte, ok bool) {
	if len(s) != uuidText || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return b, false
	}
	j := 0
	for i := 0; i < uuidText; i += 2 {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
		}
		hi, lo := hexDigit(s[i]), hexDigit(s[i+1])
		if hi > 15 || lo > 15 {
			return b, false
		}
		b[j] = hi<<4 | lo
		j++
	}
	return b, true
}

// hexDigit is the value of a lower-case hex digit, or 255.
func hexDigit(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return 255
}

// Canonical reports whether the ID is kept as 16 bytes.
func (id *ID) Canonical() bool { return id.text == "" }

// Len is the length of the ID's text.
func (id *ID) Len() int {
	if id.Canonical() {
		return uuidText
	}
	return len(id.text)
}

// Append appends the ID's text, exactly as the API sent it.
func (id *ID) Append(dst []byte) []byte {
	if !id.Canonical() {
		return append(dst, id.text...)
	}
	var t [uuidText]byte
	hex.Encode(t[0:8], id.b[0:4])
	t[8] = '-'
	hex.Encode(t[9:13], id.b[4:6])
	t[13] = '-'
	hex.Encode(t[14:18], id.b[6:8])
	t[18] = '-'
	hex.Encode(t[19:23], id.b[8:10])
	t[23] = '-'
	hex.Encode(t[24:], id.b[10:])
	return append(dst, t[:]...)
}

func (id ID) String() string { return string(id.Append(nil)) }

// CompareIDs compares the texts of two IDs.
func CompareIDs(a, b *ID) int {
	if a.Canonical() && b.Canonical() {
		return bytes.Compare(a.b[:], b.b[:]) // the order of their canonical texts
	}
	var x, y [uuidText]byte
	return bytes.Compare(a.Append(x[:0]), b.Append(y[:0]))
}

// Len is the number of databases; 0 for nil, when the response had none or they were not read.
func (t *UsageDatabases) Len() int {
	if t == nil {
		return 0
	}
	return t.databases.n
}

// UUID is the UUID of database i.
func (t *UsageDatabases) UUID(i int) *ID { return &t.databases.at(i).uuid }

// Total is database i's total, as the API reported it.
func (t *UsageDatabases) Total(i int) *UsageCounters { return &t.databases.at(i).total }

// Instances returns the range of database i's instances, for the Instance methods.
func (t *UsageDatabases) Instances(i int) (first, end int) {
	first, end = t.databases.at(i).instances, t.instances.n
	if i+1 < t.databases.n {
		end = t.databases.at(i + 1).instances
	}
	return first, end
}

// InstanceUUID is the UUID of instance j.
func (t *UsageDatabases) InstanceUUID(j int) *ID { return &t.instances.at(j).uuid }

// InstanceUsage is instance j's counters.
func (t *UsageDatabases) InstanceUsage(j int) *UsageCounters { return &t.instances.at(j).usage }

// Database returns database i in the form one database's usage has: for tests, and for callers that
// need few of them.
func (t *UsageDatabases) Database(i int) DatabaseUsage {
	first, end := t.Instances(i)
	db := DatabaseUsage{UUID: t.UUID(i).String(), Total: *t.Total(i), Instances: make([]InstanceUsage, 0, end-first)}
	for j := first; j < end; j++ {
		db.Instances = append(db.Instances, InstanceUsage{UUID: t.InstanceUUID(j).String(), Usage: *t.InstanceUsage(j)})
	}
	return db
}

// Append adds a database at the end, as it is, without validation: to build a table by hand.
func (t *UsageDatabases) Append(db DatabaseUsage) {
	t.databases.append(usageDatabase{total: db.Total, uuid: IDOf(db.UUID), instances: t.instances.n})
	for _, in := range db.Instances {
		t.instances.append(usageInstance{usage: in.Usage, uuid: IDOf(in.UUID)})
	}
}

// NewUsageDatabases returns a table of the given databases, as they are.
func NewUsageDatabases(databases ...DatabaseUsage) *UsageDatabases {
	t := &UsageDatabases{}
	for _, db := range databases {
		t.Append(db)
	}
	return t
}

// maxUsageEntryBytes bounds what an organization's databases and instances may cost, counting each
// entry as 64 bytes plus its UUID's text: 64 MiB, some 220,000 databases of two instances or 670,000
// of none. Past it a body is refused, whatever its size in bytes: it bounds the entries that the
// smallest databases and instances can make the provider hold, and so the state it writes for them
// (CONTRIBUTING.md gives the peaks of the largest organizations it lets through).
const (
	maxUsageEntryBytes = 64 << 20
	entryCost          = 64
)

// add validates the wire database src, the database at index i of the response, and appends it.
func (t *UsageDatabases) add(src *wireDatabase, i int) error {
	at := func() string { return fmt.Sprintf("organization.databases[%d]", i) }
	total, err := checkDatabase(src, at)
	if err != nil {
		return err
	}
	t.cost += entryCost + len(src.UUID.b)
	for j := range src.Instances {
		t.cost += entryCost + len(src.Instances[j].UUID.b)
	}
	if t.cost > maxUsageEntryBytes {
		return &DecodeError{Where: at(), Reason: fmt.Sprintf("takes the organization past the %d MiB its databases and instances may take (64 bytes an entry and its UUID; about 220,000 databases of two instances)", maxUsageEntryBytes>>20)}
	}
	t.databases.append(usageDatabase{total: *total, uuid: IDOf(src.UUID.b), instances: t.instances.n})
	for j := range src.Instances {
		in := &src.Instances[j]
		t.instances.append(usageInstance{usage: in.Usage.counters, uuid: IDOf(in.UUID.b)})
	}
	return nil
}

// redactTexts hides the token in the UUIDs kept as text, which the decoder reads past the redacting
// string decoder: a server that echoes the token as a UUID gets "[REDACTED]" into the state, never
// the token. A canonical UUID is hex digits and hyphens, kept as its 16 bytes.
func (t *UsageDatabases) redactTexts(r redactor) {
	for i := 0; i < t.databases.n; i++ {
		if id := &t.databases.at(i).uuid; !id.Canonical() {
			id.text = r.redact(id.text)
		}
	}
	for j := 0; j < t.instances.n; j++ {
		if id := &t.instances.at(j).uuid; !id.Canonical() {
			id.text = r.redact(id.text)
		}
	}
}
