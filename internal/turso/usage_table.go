package turso

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"unsafe"
)

// UsageDatabases is an organization's databases and their instances, held compactly: two flat tables
// of fixed-size entries without a pointer among them, so that a large organization costs a few dozen
// bytes a database and nothing for the garbage collector to follow. UUIDs are kept as 16 bytes when
// their text is a UUID that formats back to exactly that text, and as that text otherwise.
type UsageDatabases struct {
	databases chunks[databaseEntry]
	instances chunks[instanceEntry]
	text      chunks[byte] // the UUIDs kept as text, one after the other
	cost      int          // what the entries count against maxUsageEntryBytes
}

// chunks is a growing list kept in chunks of chunkBytes, so that it grows without ever being copied
// (growing one slice would hold the old and the new array at once, and leave the old as garbage).
type chunks[T any] struct {
	chunks   [][]T
	n        int
	released int // the chunks given up by releaseBefore, from the first
}

const chunkBytes = 64 << 10

func (c *chunks[T]) chunkLen() int { return max(1, chunkBytes/int(unsafe.Sizeof(*new(T)))) }

// reserve makes room for n more values in the last chunk, starting a new chunk when they do not fit
// in it (of n values, when n is more than a chunk holds), and returns where the first will go.
func (c *chunks[T]) reserve(n int) (chunk, at int) {
	if k := len(c.chunks); k > 0 && len(c.chunks[k-1])+n <= cap(c.chunks[k-1]) {
		return k - 1, len(c.chunks[k-1])
	}
	c.chunks = append(c.chunks, make([]T, 0, max(n, c.chunkLen())))
	return len(c.chunks) - 1, 0
}

func (c *chunks[T]) append(values ...T) (chunk, at int) {
	chunk, at = c.reserve(len(values))
	c.chunks[chunk] = append(c.chunks[chunk], values...)
	c.n += len(values)
	return chunk, at
}

// at is the i-th value of a list whose chunks all hold chunkLen values (databases, instances).
func (c *chunks[T]) at(i int) *T {
	n := c.chunkLen()
	return &c.chunks[i/n][i%n]
}

// truncate keeps the first n values of a list whose chunks all hold chunkLen values.
func (c *chunks[T]) truncate(n int) {
	if n >= c.n {
		return
	}
	per := c.chunkLen()
	keep := (n + per - 1) / per
	clear(c.chunks[keep:])
	c.chunks = c.chunks[:keep]
	if keep > 0 {
		c.chunks[keep-1] = c.chunks[keep-1][:n-(keep-1)*per]
	}
	c.n = n
}

// releaseBefore gives up the chunks whose values all come before value i of a list whose chunks
// all hold chunkLen values, handing each one's memory to reuse; i == c.n gives up every chunk. T must
// hold no pointer: the memory is then plain bytes to the garbage collector, whatever is written in it.
func (c *chunks[T]) releaseBefore(i int, reuse func([]byte)) {
	end := i / c.chunkLen()
	if i >= c.n {
		end = len(c.chunks)
	}
	for ; c.released < end; c.released++ {
		chunk := c.chunks[c.released][:cap(c.chunks[c.released])]
		c.chunks[c.released] = nil
		reuse(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(chunk))), uintptr(len(chunk))*unsafe.Sizeof(chunk[0])))
	}
}

type databaseEntry struct {
	total     UsageCounters
	uuid      compactID
	instances uint32 // the index of its first instance; the next database's is the end
}

type instanceEntry struct {
	usage UsageCounters
	uuid  compactID
}

// compactID is a UUID's 16 bytes, or where its text is kept: its chunk, offset and length in the
// table's text.
type compactID struct {
	b    [16]byte
	text bool
}

// uuidText is the canonical text of a UUID: 36 bytes, lower-case hex in groups of 8-4-4-4-12.
const uuidText = 36

// parseUUID returns the 16 bytes of s when s is a UUID in its canonical text, the only spelling that
// formats back to s: an upper-case or braced UUID, or anything else, is kept as it came.
func parseUUID(s []byte) (b [16]byte, ok bool) {
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

// appendUUID appends the canonical text of the UUID b.
func appendUUID(dst []byte, b *[16]byte) []byte {
	var t [uuidText]byte
	hex.Encode(t[0:8], b[0:4])
	t[8] = '-'
	hex.Encode(t[9:13], b[4:6])
	t[13] = '-'
	hex.Encode(t[14:18], b[6:8])
	t[18] = '-'
	hex.Encode(t[19:23], b[8:10])
	t[23] = '-'
	hex.Encode(t[24:], b[10:])
	return append(dst, t[:]...)
}

// idOf keeps the text s as a compact ID, appending it to text unless it is a canonical UUID.
func idOf(text *chunks[byte], s []byte) compactID {
	if b, ok := parseUUID(s); ok {
		return compactID{b: b}
	}
	var id compactID
	chunk, at := text.append(s...)
	binary.LittleEndian.PutUint32(id.b[0:4], uint32(chunk))
	binary.LittleEndian.PutUint32(id.b[4:8], uint32(at))
	binary.LittleEndian.PutUint64(id.b[8:16], uint64(len(s)))
	id.text = true
	return id
}

// appendID appends the text of id, kept in text, exactly as the API sent it.
func appendID(dst []byte, text *chunks[byte], id *compactID) []byte {
	if !id.text {
		return appendUUID(dst, &id.b)
	}
	chunk, at, n := binary.LittleEndian.Uint32(id.b[0:4]), binary.LittleEndian.Uint32(id.b[4:8]), binary.LittleEndian.Uint64(id.b[8:16])
	return append(dst, text.chunks[chunk][at:uint64(at)+n]...)
}

// Len is the number of databases; 0 for nil, when the response had none or they were not read.
func (t *UsageDatabases) Len() int {
	if t == nil {
		return 0
	}
	return t.databases.n
}

// AppendUUID appends the UUID of database i as the API sent it.
func (t *UsageDatabases) AppendUUID(dst []byte, i int) []byte {
	return appendID(dst, &t.text, &t.databases.at(i).uuid)
}

// Total is database i's total, as the API reported it.
func (t *UsageDatabases) Total(i int) *UsageCounters { return &t.databases.at(i).total }

// Instances returns the range of database i's instances, for the Instance methods.
func (t *UsageDatabases) Instances(i int) (first, end int) {
	first, end = int(t.databases.at(i).instances), t.instances.n
	if i+1 < t.databases.n {
		end = int(t.databases.at(i + 1).instances)
	}
	return first, end
}

// AppendInstanceUUID appends the UUID of instance j as the API sent it.
func (t *UsageDatabases) AppendInstanceUUID(dst []byte, j int) []byte {
	return appendID(dst, &t.text, &t.instances.at(j).uuid)
}

// InstanceUsage is instance j's counters.
func (t *UsageDatabases) InstanceUsage(j int) *UsageCounters { return &t.instances.at(j).usage }

// ReleaseBefore gives up the entries of the databases before database i, and of their instances,
// chunk by chunk as they are wholly behind it, handing each chunk's memory to reuse as bytes: for a
// caller that reads the databases once, in order, and writes what it reads into that memory (the
// state of a large organization). i == t.Len() gives up every entry, and the table is then empty.
// Nothing of a database before i may be read after the call.
func (t *UsageDatabases) ReleaseBefore(i int, reuse func([]byte)) {
	if t == nil || i <= 0 {
		return
	}
	if i >= t.databases.n {
		t.databases.releaseBefore(t.databases.n, reuse)
		t.instances.releaseBefore(t.instances.n, reuse)
		*t = UsageDatabases{}
		return
	}
	t.instances.releaseBefore(int(t.databases.at(i).instances), reuse)
	t.databases.releaseBefore(i, reuse)
}

// Database returns database i in the form one database's usage has: for tests, and for callers that
// need few of them.
func (t *UsageDatabases) Database(i int) DatabaseUsage {
	first, end := t.Instances(i)
	db := DatabaseUsage{UUID: string(t.AppendUUID(nil, i)), Total: *t.Total(i), Instances: make([]InstanceUsage, 0, end-first)}
	for j := first; j < end; j++ {
		db.Instances = append(db.Instances, InstanceUsage{UUID: string(t.AppendInstanceUUID(nil, j)), Usage: *t.InstanceUsage(j)})
	}
	return db
}

// Append adds a database at the end, as it is, without validation: to build a table by hand.
func (t *UsageDatabases) Append(db DatabaseUsage) {
	t.databases.append(databaseEntry{total: db.Total, uuid: idOf(&t.text, []byte(db.UUID)), instances: uint32(t.instances.n)})
	for _, in := range db.Instances {
		t.instances.append(instanceEntry{usage: in.Usage, uuid: idOf(&t.text, []byte(in.UUID))})
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
// entry as 64 bytes plus its UUID's text: 64 MiB, some 220,000 databases of two instances. Past it a
// body is refused, whatever its size in bytes: it keeps the entries that the smallest databases and
// instances can make the provider hold, and the state it writes for them, within its memory budget.
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
	t.databases.append(databaseEntry{total: *total, uuid: idOf(&t.text, src.UUID.b), instances: uint32(t.instances.n)})
	for j := range src.Instances {
		in := &src.Instances[j]
		t.instances.append(instanceEntry{usage: in.Usage.counters, uuid: idOf(&t.text, in.UUID.b)})
	}
	return nil
}
