package turso

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// failPast serves r but fails the test's decode if it is read past limit bytes.
type failPast struct {
	r     io.Reader
	n     int
	limit int
}

var errReadTooFar = errors.New("read past the point where the decoder should have stopped")

func (f *failPast) Read(p []byte) (int, error) {
	if f.n >= f.limit {
		return 0, errReadTooFar
	}
	n, err := f.r.Read(p[:min(len(p), f.limit-f.n)])
	f.n += n
	return n, err
}

// endlessDatabases is a usage body whose database list never ends.
type endlessDatabases struct{ head string }

func (e *endlessDatabases) Read(p []byte) (int, error) {
	const db = `,{"uuid":"d","instances":[],"usage":{"rows_read":1}}`
	n := 0
	for n < len(p) {
		if e.head == "" {
			e.head = db
		}
		c := copy(p[n:], e.head)
		e.head = e.head[c:]
		n += c
	}
	return n, nil
}

// The decoder works on the stream: the first bad database ends the read, long before the end of
// the body (here there is none), so the body is never buffered whole.
func TestDecodeOrganizationUsageStreams(t *testing.T) {
	body := &endlessDatabases{head: `{"organization":{"uuid":"o","usage":{},"databases":[{"uuid":"a","usage":{}},{"uuid":""}`}
	_, err := DecodeOrganizationUsage(&failPast{r: body, limit: 1 << 20}, true)
	var de *DecodeError
	if !errors.As(err, &de) || de.Where != "organization.databases[1].uuid" {
		t.Fatalf("err = %v, want the second database's uuid, found as it streamed", err)
	}

	// The summary skips the databases as they stream past: a body of endless databases is read only
	// until its cap.
	body = &endlessDatabases{head: `{"organization":{"uuid":"o","usage":{},"databases":[{"uuid":"a","usage":{}}`}
	// failPast ends the read should the cap's counting be wrong, instead of reading forever.
	_, err = DecodeOrganizationUsage(newBoundedBody(&failPast{r: body, limit: 64 << 20}, 8<<20), false)
	if !errors.Is(err, ErrResponseTooLarge) || !strings.Contains(err.Error(), "more than 8388608 bytes after decompression") {
		t.Fatalf("err = %v, want the cap", err)
	}
}

// The bounded body measures each string across reads of any size, escapes included.
func TestBoundedBodyMeasuresStrings(t *testing.T) {
	value := func(n int) string { // a JSON string whose content is n bytes, escaped quotes and all
		unit := `ab\"c\\`
		s := strings.Repeat(unit, n/len(unit))
		return `"` + s + strings.Repeat("x", n-len(s)) + `"`
	}
	for _, tc := range []struct {
		body    string
		tooLong bool
	}{
		{`{"a":` + value(maxValueBytes) + `}`, false},
		{`{"a":` + value(maxValueBytes+1) + `}`, true},
		{`{"a":[` + strings.Repeat(`"\"",`, 50_000) + `1]}`, false},
		{`{"a":` + strings.Repeat("1", maxValueBytes+1) + `}`, true},
		{`{"a":` + strings.Repeat(" ", maxValueBytes+1) + `1}`, true},
	} {
		for _, chunk := range []int{1, 7, 4096, len(tc.body)} {
			b := newBoundedBody(&pieces{s: tc.body, n: chunk}, 1<<30)
			_, err := io.Copy(io.Discard, b)
			var long *valueTooLongError
			if got := errors.As(err, &long); got != tc.tooLong || (!got && err != nil) {
				t.Errorf("%.40q… in reads of %d: err = %v, want too long: %v", tc.body, chunk, err, tc.tooLong)
			}
		}
	}
}

// pieces reads s at most n bytes at a time.
type pieces struct {
	s string
	n int
}

func (c *pieces) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.s)
	c.s = c.s[n:]
	return n, nil
}
