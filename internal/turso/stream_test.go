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
	_, err = DecodeOrganizationUsage(newBoundedBody(body, 8<<20), false)
	if !errors.Is(err, ErrResponseTooLarge) || !strings.Contains(err.Error(), "more than 8388608 bytes after decompression") {
		t.Fatalf("err = %v, want the cap", err)
	}
}
