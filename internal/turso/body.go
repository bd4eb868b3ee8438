package turso

import (
	"errors"
	"fmt"
	"io"
)

const (
	// errorBodyLimit caps how much of a non-2xx body is read for its message, always.
	errorBodyLimit = 64 << 10
	// maxValueBytes caps one JSON string or number: the longest the API sends is a short message.
	// Without it a single huge string would be held whole by the decoder, whatever the stream.
	maxValueBytes = 64 << 10
	// bodyPrefixBytes of every body are kept, to quote the beginning of one that is not JSON.
	bodyPrefixBytes = 1 << 10
)

// ErrResponseTooLarge is returned when a body exceeds its endpoint's cap.
var ErrResponseTooLarge = errors.New("response body too large")

// bodyReadError is a body that could not be read to its end (a cut connection, a timeout).
type bodyReadError struct {
	n   int64
	err error
}

func (e *bodyReadError) Error() string {
	return fmt.Sprintf("reading response body after %d bytes: %v", e.n, e.err)
}
func (e *bodyReadError) Unwrap() error { return e.err }

// valueTooLongError is a JSON string or number longer than maxValueBytes.
type valueTooLongError struct{ at int64 }

func (e *valueTooLongError) Error() string {
	return fmt.Sprintf("a JSON string or number longer than %d bytes starts at byte %d", maxValueBytes, e.at)
}

// boundedBody is what a decoder reads of a response body, as the transport inflated it: at most
// limit bytes, no JSON string or number over maxValueBytes. It keeps the body's first bytes.
type boundedBody struct {
	r      io.Reader
	limit  int64
	n      int64
	prefix []byte

	inString, escaped bool
	run               int   // bytes of the current string or number so far
	start             int64 // where it started
}

func newBoundedBody(r io.Reader, limit int64) *boundedBody {
	return &boundedBody{r: r, limit: limit}
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if int64(len(p)) > b.limit+1-b.n {
		p = p[:b.limit+1-b.n]
	}
	n, err := b.r.Read(p)
	if len(b.prefix) < bodyPrefixBytes {
		b.prefix = append(b.prefix, p[:min(n, bodyPrefixBytes-len(b.prefix))]...)
	}
	if scanErr := b.scan(p[:n]); scanErr != nil {
		return 0, scanErr
	}
	b.n += int64(n)
	if b.n > b.limit {
		return 0, fmt.Errorf("%w (more than %d bytes after decompression)", ErrResponseTooLarge, b.limit)
	}
	if err != nil && err != io.EOF {
		return n, &bodyReadError{n: b.n, err: err}
	}
	return n, err
}

// scan follows strings and bare values just enough to measure each one.
func (b *boundedBody) scan(p []byte) error {
	for i, c := range p {
		if b.inString {
			switch {
			case b.escaped:
				b.escaped = false
			case c == '\\':
				b.escaped = true
			case c == '"':
				b.inString = false
				b.run = 0
				continue
			}
		} else {
			switch c {
			case '"':
				b.inString, b.run, b.start = true, 0, b.n+int64(i)
				continue
			case '{', '}', '[', ']', ',', ':', ' ', '\t', '\r', '\n':
				b.run = 0
				continue
			}
			if b.run == 0 {
				b.start = b.n + int64(i)
			}
		}
		b.run++
		if b.run > maxValueBytes {
			return &valueTooLongError{at: b.start}
		}
	}
	return nil
}

// truncated reports whether the body went on past what was read of it.
func (b *boundedBody) truncated() bool { return b.n > int64(len(b.prefix)) }

// readErrorBody reads at most errorBodyLimit bytes of a non-2xx body; a body that cannot be read
// is as good as empty, and whether it was cut is reported with it.
func readErrorBody(r io.Reader) (body []byte, cut bool) {
	body, _ = io.ReadAll(io.LimitReader(r, errorBodyLimit+1))
	if len(body) > errorBodyLimit {
		return body[:errorBodyLimit], true
	}
	return body, false
}
