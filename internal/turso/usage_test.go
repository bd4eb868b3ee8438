package turso

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseCounter(t *testing.T) {
	for _, tc := range []struct {
		in    string
		value int64
		state counterState
	}{
		{"0", 0, counterSet},
		{"4096", 4096, counterSet},
		{"9007199254740993", 1<<53 + 1, counterSet},
		{"9223372036854775807", 1<<63 - 1, counterSet},
		{"9223372036854775808", 0, counterOutOfRange},
		{"99999999999999999999999", 0, counterOutOfRange},
		{"-0", 0, counterNegativeZero},
		{"-5", 0, counterNegative},
		{"1.5", 0, counterFraction},
		{"1.0", 0, counterFraction},
		{"1e3", 0, counterFraction},
		{"1E+3", 0, counterFraction},
		{`"5"`, 0, counterString},
		{"true", 0, counterBool},
		{"false", 0, counterBool},
		{"{}", 0, counterComposite},
		{"[1]", 0, counterComposite},
		{"null", 0, counterAbsent},
		{"-", 0, counterMalformed},
		{"", 0, counterMalformed},
	} {
		v, s := parseCounter([]byte(tc.in))
		if v != tc.value || s != tc.state {
			t.Errorf("parseCounter(%q) = %d, %d; want %d, %d", tc.in, v, s, tc.value, tc.state)
		}
	}
}

const validOrg = `{"organization":{"uuid":"o","usage":{"rows_read":1,"rows_written":2,"databases":3,"locations":4,"storage_bytes":5,"groups":6,"bytes_synced":7},"databases":[%s]}}`

func body(databases string) []byte { return []byte(strings.Replace(validOrg, "%s", databases, 1)) }

func TestDecodeOrganizationUsage_paths(t *testing.T) {
	for _, tc := range []struct {
		name, body, where, reason string
	}{
		{"string counter", `{"organization":{"uuid":"o","usage":{"rows_read":"5"}}}`, "organization.usage.rows_read", "is a string"},
		{"float counter", `{"organization":{"uuid":"o","usage":{"groups":1.5}}}`, "organization.usage.groups", "has a fraction"},
		{"negative zero", `{"organization":{"uuid":"o","usage":{"databases":-0}}}`, "organization.usage.databases", "negative zero"},
		{"out of range", `{"organization":{"uuid":"o","usage":{"storage_bytes":9223372036854775808}}}`, "organization.usage.storage_bytes", "larger than a 64-bit integer"},
		{"no uuid", `{"organization":{"usage":{}}}`, "organization.uuid", "missing"},
		{"no usage", `{"organization":{"uuid":"o"}}`, "organization.usage", "missing"},
		{"instance counter", string(body(`{"uuid":"d0","instances":[],"total":{}},{"uuid":"d1","instances":[{"uuid":"i0","usage":{}},{"uuid":"i1","usage":{"rows_read":-3}}],"total":{}}`)),
			"organization.databases[1].instances[1].usage.rows_read", "is negative"},
		{"total counter", string(body(`{"uuid":"d0","instances":[],"total":{"bytes_synced":true}}`)), "organization.databases[0].total.bytes_synced", "is a boolean"},
		{"live usage counter", string(body(`{"uuid":"d0","instances":[],"usage":{"storage_bytes":[1]}}`)), "organization.databases[0].usage.storage_bytes", "object or array"},
		{"no totals", string(body(`{"uuid":"d0","instances":[]}`)), "organization.databases[0]", `neither "total" nor "usage"`},
		{"no db uuid", string(body(`{"instances":[],"total":{}}`)), "organization.databases[0].uuid", "missing"},
		{"no instance uuid", string(body(`{"uuid":"d","instances":[{"usage":{}}],"total":{}}`)), "organization.databases[0].instances[0].uuid", "missing"},
		{"no instance usage", string(body(`{"uuid":"d","instances":[{"uuid":"i"}],"total":{}}`)), "organization.databases[0].instances[0].usage", "missing"},
		{"uuid type", `{"organization":{"uuid":5,"usage":{}}}`, "organization.uuid", "is a JSON number, want a string"},
		{"databases type", `{"organization":{"uuid":"o","usage":{},"databases":{}}}`, "organization.databases", "want an array"},
		{"null organization", `{"organization":null}`, "organization", "missing or null"},
		{"array document", `[]`, "(document)", "want an object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeOrganizationUsage(bytes.NewReader([]byte(tc.body)), true)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want *DecodeError", err)
			}
			if de.Where != tc.where || !strings.Contains(de.Reason, tc.reason) {
				t.Errorf("got %q: %q; want %q: …%q…", de.Where, de.Reason, tc.where, tc.reason)
			}
		})
	}
}

func TestDecodeOrganizationUsage_tolerance(t *testing.T) {
	// Unknown keys everywhere, totals under "usage", a counter omitted and one null, no databases key.
	u, err := DecodeOrganizationUsage(bytes.NewReader(body(`{"uuid":"d","region":"x","instances":[{"uuid":"i","usage":{"rows_read":1,"new_counter":5}}],"usage":{"rows_read":2,"storage_bytes":null},"extra":{"nested":[1,2]}}`)), true)
	if err != nil {
		t.Fatal(err)
	}
	db := u.Databases.Database(0)
	if v, ok := db.Total.RowsRead.Int64(); !ok || v != 2 {
		t.Errorf("total from usage = %d, %v", v, ok)
	}
	if _, ok := db.Total.StorageBytes.Int64(); ok {
		t.Error("null counter is set")
	}
	if _, ok := db.Instances[0].Usage.BytesSynced.Int64(); ok {
		t.Error("omitted counter is set")
	}
	// "total" is preferred when both are present.
	u, err = DecodeOrganizationUsage(bytes.NewReader(body(`{"uuid":"d","instances":[],"total":{"rows_read":10},"usage":{"rows_read":20}}`)), true)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := u.Databases.Database(0).Total.RowsRead.Int64(); v != 10 {
		t.Errorf("total = %d, want 10 from \"total\"", v)
	}
	u, err = DecodeOrganizationUsage(bytes.NewReader([]byte(`{"organization":{"uuid":"o","usage":{}}}`)), true)
	if err != nil || u.Databases != nil || u.Databases.Len() != 0 {
		t.Errorf("no databases key: %v, %v", u, err)
	}
}

func TestDecodeOrganizationUsage_summaryIgnoresDatabases(t *testing.T) {
	b := body(`{"uuid":"d","instances":"not even a list"}`)
	if _, err := DecodeOrganizationUsage(bytes.NewReader(b), true); err == nil {
		t.Fatal("full decode accepted a malformed database")
	}
	u, err := DecodeOrganizationUsage(bytes.NewReader(b), false)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := u.Usage.BytesSynced.Int64(); v != 7 || u.UUID != "o" || u.Databases != nil {
		t.Errorf("summary = %+v", u)
	}
}

func TestDecodeOrganizationUsage_wholeBody(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"", "the body is empty"},
		{"  \n", "the body is empty"},
		{`{"organization":{"uuid":"o"`, "ends early after 27 bytes"},
		{"<html>oops</html>", `the body is not JSON`},
		{`{"error":{"message":"nested"}}`, `200 OK with an error instead of "organization": {"message":"nested"}`},
		{`{}`, "organization: is missing or null"},
	} {
		_, err := DecodeOrganizationUsage(bytes.NewReader([]byte(tc.body)), true)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want …%s…", tc.body, err, tc.want)
		}
	}
}

// The decoder reuses one wire database for every database: nothing of one may show in the next.
func TestDecodeOrganizationUsage_nothingCarriesOver(t *testing.T) {
	body := func(second string) *strings.Reader {
		return strings.NewReader(`{"organization":{"uuid":"o","usage":{},"databases":[` +
			`{"uuid":"a","instances":[{"uuid":"i","usage":{"rows_read":5}},{"uuid":"k","usage":{}}],"total":{"rows_read":7}},` + second + `]}}`)
	}
	_, err := DecodeOrganizationUsage(body(`{"uuid":"b","instances":[{"uuid":"j"}],"usage":{}}`), true)
	if err == nil || !strings.Contains(err.Error(), "organization.databases[1].instances[0].usage: is missing or null") {
		t.Fatalf("err = %v, want the second database's instance without usage", err)
	}
	u, err := DecodeOrganizationUsage(body(`{"uuid":"b","instances":[{"uuid":"j","usage":{"rows_written":1}}],"usage":{}}`), true)
	if err != nil {
		t.Fatal(err)
	}
	second := u.Databases.Database(1)
	if len(second.Instances) != 1 || second.Instances[0].Usage.RowsRead != (Counter{}) || second.Total.RowsRead != (Counter{}) {
		t.Errorf("the first database's values carried over: %+v", second)
	}
}

// Member names match exactly: encoding/json matched them regardless of case, so a "UUID" or a
// "Rows_Read" beside the documented key could override it. They are unknown keys now, ignored.
func TestDecodeOrganizationUsage_namesMatchExactly(t *testing.T) {
	u, err := DecodeOrganizationUsage(strings.NewReader(`{"organization":{"uuid":"o","UUID":"x","usage":{"rows_read":1,"Rows_Read":2,"ROWS_WRITTEN":3}},"Organization":{}}`), false)
	if err != nil {
		t.Fatal(err)
	}
	if u.UUID != "o" || u.Usage.RowsRead != NewCounter(1) || u.Usage.RowsWritten != (Counter{}) {
		t.Errorf("decoded %+v, want only the exact names", u)
	}
}

// A counter packs its value or its state into one word: every value and state comes back out.
func TestCounterPacking(t *testing.T) {
	for _, v := range []int64{0, 1, 1<<53 + 1, 1<<63 - 1} {
		if got, ok := NewCounter(v).Int64(); !ok || got != v || NewCounter(v).problem() != "" {
			t.Errorf("NewCounter(%d) = %d, %v", v, got, ok)
		}
	}
	if _, ok := (Counter{}).Int64(); ok || (Counter{}).problem() != "" {
		t.Error("the zero Counter is not absent")
	}
	for s := counterString; s <= counterMalformed; s++ {
		c := counterOf(0, s)
		if _, ok := c.Int64(); ok || c.state() != s || c.problem() != counterProblems[s] {
			t.Errorf("state %d came back as %d (%q)", s, c.state(), c.problem())
		}
	}
}

// UUIDs come back exactly as sent: only the canonical spelling is kept as 16 bytes, every other
// spelling as its text.
func TestUsageDatabases_uuidsRoundTrip(t *testing.T) {
	canonical := "0be90471-6906-11ee-8553-eaa7715aeaf2"
	others := []string{
		"0BE90471-6906-11EE-8553-EAA7715AEAF2", "0be90471-6906-11ee-8553-EAA7715AEAF2", "{0be90471-6906-11ee-8553-eaa7715aeaf2}",
		"0be90471690611ee8553eaa7715aeaf2", "0be90471-6906-11ee-8553-eaa7715aeaf", "0be90471-6906-11ee-8553-eaa7715aeaf2 ",
		"0be90471_6906-11ee-8553-eaa7715aeaf2", "0be90471-6906-11ee-8553-eaa7715aeafg", "urn:uuid:0be90471-6906-11ee-8553-eaa7715aeaf2",
		"db-1", "é", "0be90471-6906-11ee-855\u00e9-eaa7715aeaf",
	}
	var dbs strings.Builder
	for i, id := range append([]string{canonical}, others...) {
		if i > 0 {
			dbs.WriteByte(',')
		}
		fmt.Fprintf(&dbs, `{"uuid":%q,"instances":[{"uuid":%q,"usage":{}}],"total":{}}`, id, id)
	}
	u, err := DecodeOrganizationUsage(bytes.NewReader(body(dbs.String())), true)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range append([]string{canonical}, others...) {
		db := u.Databases.Database(i)
		if db.UUID != want || db.Instances[0].UUID != want {
			t.Errorf("database %d: uuids %q and %q, want %q", i, db.UUID, db.Instances[0].UUID, want)
		}
	}
	// The canonical UUID took no text; every other spelling took its own.
	for i := range len(others) + 1 {
		if db, in := u.Databases.UUID(i), u.Databases.InstanceUUID(i); db.Canonical() != (i == 0) || in.Canonical() != (i == 0) {
			t.Errorf("database %d: kept as 16 bytes: %t and %t, want %t: only the canonical UUID compacts", i, db.Canonical(), in.Canonical(), i == 0)
		}
	}
	// An escaped canonical UUID is the same text, and compacts.
	u, err = DecodeOrganizationUsage(bytes.NewReader(body(`{"uuid":"\u0030be90471-6906-11ee-8553-eaa7715aeaf2","total":{}}`)), true)
	if err != nil || u.Databases.Database(0).UUID != canonical || !u.Databases.UUID(0).Canonical() {
		t.Errorf("escaped UUID: %v, %v", u, err)
	}
}

// The compact table keeps every counter exactly, and an absent or null one absent, not 0.
func TestUsageDatabases_countersExact(t *testing.T) {
	u, err := DecodeOrganizationUsage(bytes.NewReader(body(`{"uuid":"d","instances":[{"uuid":"i","usage":{"rows_read":9223372036854775807,"rows_written":null,"storage_bytes":0}}],"total":{"bytes_synced":9007199254740993}}`)), true)
	if err != nil {
		t.Fatal(err)
	}
	db := u.Databases.Database(0)
	in := db.Instances[0].Usage
	if in.RowsRead != NewCounter(1<<63-1) || in.RowsWritten != (Counter{}) || in.StorageBytes != NewCounter(0) || in.BytesSynced != (Counter{}) {
		t.Errorf("instance counters %+v", in)
	}
	if db.Total.BytesSynced != NewCounter(1<<53+1) || db.Total.RowsRead != (Counter{}) {
		t.Errorf("total %+v", db.Total)
	}
}

// Past maxUsageEntryBytes of databases and instances, the body is refused as it streams, whatever
// its size in bytes: the smallest databases cannot make the provider hold more.
func TestDecodeOrganizationUsage_entryBound(t *testing.T) {
	tiny := wireDatabase{UUID: wireString{b: []byte("d")}, Total: wireCounters{present: true}}
	fits := maxUsageEntryBytes / (entryCost + 1)
	var table UsageDatabases
	for i := range fits {
		if err := table.add(&tiny, i); err != nil {
			t.Fatalf("database %d: %v", i, err)
		}
	}
	err := table.add(&tiny, fits)
	var de *DecodeError
	if !errors.As(err, &de) || de.Where != fmt.Sprintf("organization.databases[%d]", fits) || !strings.Contains(de.Reason, "past the 64 MiB") {
		t.Fatalf("err = %v, want the bound at database %d", err, fits)
	}
	if table.Len() != fits {
		t.Errorf("%d databases kept, want %d", table.Len(), fits)
	}
	// Instances count as entries too, their UUIDs' text with them.
	withInstances := tiny
	withInstances.Instances = make([]wireInstance, fits)
	for j := range withInstances.Instances {
		withInstances.Instances[j] = wireInstance{UUID: wireString{b: []byte("instance")}, Usage: wireCounters{present: true}}
	}
	table = UsageDatabases{}
	err = table.add(&withInstances, 0)
	if !errors.As(err, &de) || de.Where != "organization.databases[0]" || table.Len() != 0 {
		t.Fatalf("err = %v, want the bound at the first database's instances", err)
	}
}

// Every database comes back with its own instances, whatever their count (none included), and its
// UUIDs as sent, across the lists' chunks.
func TestUsageDatabases_roundTrip(t *testing.T) {
	var want []DatabaseUsage
	for i := range 3*chunkLen + 1 {
		db := DatabaseUsage{UUID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i), Total: UsageCounters{RowsRead: NewCounter(int64(i))}, Instances: []InstanceUsage{}}
		if i%7 == 0 {
			db.UUID = strings.Repeat(string(rune('a'+i%26)), i%100+1)
		}
		for j := range i % 3 {
			db.Instances = append(db.Instances, InstanceUsage{UUID: fmt.Sprint("in-", i, "-", j), Usage: UsageCounters{BytesSynced: NewCounter(int64(j))}})
		}
		want = append(want, db)
	}
	table := NewUsageDatabases(want...)
	if table.Len() != len(want) {
		t.Fatalf("%d databases, want %d", table.Len(), len(want))
	}
	for i := range want {
		if got := table.Database(i); !reflect.DeepEqual(got, want[i]) {
			t.Fatalf("database %d = %+v, want %+v", i, got, want[i])
		}
	}
}

// A chunked list keeps each value where it was put, and truncate forgets exactly what is past its
// length, a chunk's tail included.
func TestChunked(t *testing.T) {
	var c chunked[int]
	for i := range 2*chunkLen + 5 {
		c.append(i + 1)
	}
	if len(c.chunks) != 3 || c.n != 2*chunkLen+5 {
		t.Fatalf("%d values in %d chunks, want %d in 3", c.n, len(c.chunks), 2*chunkLen+5)
	}
	for i := range c.n {
		if *c.at(i) != i+1 {
			t.Fatalf("value %d is %d, want %d", i, *c.at(i), i+1)
		}
	}
	c.truncate(chunkLen + 1)
	if c.n != chunkLen+1 || len(c.chunks) != 2 || c.chunks[1][1] != 0 || *c.at(chunkLen) != chunkLen+1 {
		t.Errorf("after truncate: %d values in %d chunks, tail %d, last %d", c.n, len(c.chunks), c.chunks[1][1], *c.at(chunkLen))
	}
	c.append(-1)
	if *c.at(chunkLen + 1) != -1 || c.n != chunkLen+2 {
		t.Errorf("append after truncate put %d at %d", *c.at(chunkLen + 1), c.n)
	}
}
