package turso

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
)

const (
	// errorBodyLimit caps how much of a non-2xx body is read for its message, always.
	errorBodyLimit = 64 << 10
	// maxValueBytes caps one JSON string or number, and one run of whitespace: the longest the API
	// sends is a short message. The decoder holds each of them whole, whatever the stream.
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

// valueTooLongError is a JSON string or number, or a run of whitespace, longer than its bound.
type valueTooLongError struct {
	at    int64
	max   int
	space bool
}

func (e *valueTooLongError) Error() string {
	what := "a JSON string or number"
	if e.space {
		what = "a run of whitespace"
	}
	return fmt.Sprintf("%s longer than %d bytes starts at byte %d", what, e.max, e.at)
}

// boundedBody is what a decoder reads of a response body, as the transport inflated it: at most
// limit bytes, no JSON string or number over maxValue bytes (maxValueBytes unless the endpoint's
// decoder allows longer strings). It keeps the body's first bytes.
type boundedBody struct {
	r        io.Reader
	limit    int64
	n        int64
	maxValue int
	prefix   []byte
	// redactor hides the token in the strings decodeJSON decodes from the body.
	redactor redactor

	inString, escaped bool
	space             bool  // the current run is whitespace
	run               int   // bytes of the current string, number or whitespace so far
	start             int64 // where it started
}

func newBoundedBody(r io.Reader, limit int64) *boundedBody {
	return &boundedBody{r: r, limit: limit, maxValue: maxValueBytes}
}

// allowLongStrings lifts the bound on the strings of a body read through r, for a decoder that cuts
// them itself (query text): the body's own cap is then their bound. Numbers and whitespace keep
// maxValueBytes.
func allowLongStrings(r io.Reader) {
	if b, ok := r.(*boundedBody); ok {
		b.maxValue = math.MaxInt
	}
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

// scan follows strings, bare values and whitespace just enough to measure each one.
func (b *boundedBody) scan(p []byte) error {
	for i := 0; i < len(p); {
		if b.inString {
			n := b.stringBytes(p[i:])
			b.run += n
			if b.run > b.maxValue {
				return &valueTooLongError{at: b.start, max: b.maxValue}
			}
			i += n
			if i < len(p) { // at the closing quote
				b.inString, b.run = false, 0
				i++
			}
			continue
		}
		c := p[i]
		space := c == ' ' || c == '\t' || c == '\r' || c == '\n'
		switch {
		case c == '"':
			b.inString, b.escaped, b.run, b.start = true, false, 0, b.n+int64(i)
			i++
			continue
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':':
			b.run = 0
			i++
			continue
		case b.run == 0 || space != b.space:
			b.space, b.run, b.start = space, 0, b.n+int64(i)
		}
		b.run++
		if b.run > maxValueBytes {
			return &valueTooLongError{at: b.start, max: maxValueBytes, space: b.space}
		}
		i++
	}
	return nil
}

// stringBytes returns how many bytes of p belong to the current string before its closing quote
// (all of p when the quote is not in it), following escapes.
func (b *boundedBody) stringBytes(p []byte) int {
	i := 0
	for i < len(p) {
		if b.escaped {
			b.escaped = false
			i++
			continue
		}
		q := bytes.IndexByte(p[i:], '"')
		if q < 0 {
			q = len(p) - i
		}
		if e := bytes.IndexByte(p[i:i+q], '\\'); e >= 0 {
			b.escaped = true
			i += e + 1
			continue
		}
		return i + q
	}
	return i
}

// beginning reads on until the first bodyPrefixBytes are kept, and returns them with whether the
// body goes on past them (or might: a body that fails to read counts as going on).
func (b *boundedBody) beginning() (prefix []byte, cut bool) {
	buf := make([]byte, 512)
	for len(b.prefix) < bodyPrefixBytes && b.n == int64(len(b.prefix)) {
		n, err := b.r.Read(buf[:min(len(buf), bodyPrefixBytes-len(b.prefix))])
		b.prefix = append(b.prefix, buf[:n]...)
		b.n += int64(n)
		if err == io.EOF {
			return b.prefix, false
		}
		if err != nil {
			return b.prefix, true
		}
	}
	if b.n > int64(len(b.prefix)) {
		return b.prefix, true
	}
	n, err := b.r.Read(buf[:1])
	return b.prefix, n > 0 || err != io.EOF
}

// readErrorBody reads at most errorBodyLimit bytes of a non-2xx body; a body that cannot be read
// is as good as empty, and whether it was cut is reported with it.
func readErrorBody(r io.Reader) (body []byte, cut bool) {
	body, _ = io.ReadAll(io.LimitReader(r, errorBodyLimit+1))
	if len(body) > errorBodyLimit {
		return body[:errorBodyLimit], true
	}
	return body, false
}
