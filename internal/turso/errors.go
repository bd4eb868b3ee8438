package turso

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// APIError is a response with a non-2xx status. It keeps the API's own message and code.
type APIError struct {
	Method string
	// Path is the API path with the query the client chose (shownQuery): every error names its
	// request in the same form.
	Path       string
	StatusCode int
	// Message is the API's "error" text or, for a body that is not the API's JSON, a short excerpt.
	Message  string
	Code     string
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: HTTP %d %s", requestString(e.Method, e.Path), e.StatusCode, http.StatusText(e.StatusCode))
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " (code %q)", e.Code)
	}
	return b.String()
}

// RequestError is a call that got no usable response: network failure, timeout, cancellation,
// a refused redirect or a body that could not be read.
type RequestError struct {
	Method   string
	Path     string
	Attempts int
	Err      error
}

func (e *RequestError) Error() string {
	attempts := ""
	if e.Attempts > 1 {
		attempts = fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return fmt.Sprintf("%s failed%s: %v", requestString(e.Method, e.Path), attempts, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// DecodeError is a 2xx response whose body is not the documented JSON.
type DecodeError struct {
	Path string // the API path that was called, without its query
	// Where is the JSON path of the offending value, empty when the body as a whole is wrong.
	Where  string
	Reason string

	notJSON bool // the body's beginning is worth quoting
}

func (e *DecodeError) Error() string {
	if e.Where == "" {
		return fmt.Sprintf("%s: unexpected response: %s", requestString(http.MethodGet, e.Path), e.Reason)
	}
	return fmt.Sprintf("%s: unexpected response: %s: %s", requestString(http.MethodGet, e.Path), e.Where, e.Reason)
}

func (c *Client) newAPIError(path string, resp *http.Response, body []byte, cut bool, attempts int) *APIError {
	msg, code := errorMessage(body, cut, resp.Header.Get("Content-Type"), c.redactor)
	return &APIError{
		Method:     http.MethodGet,
		Path:       path,
		StatusCode: resp.StatusCode,
		Message:    msg,
		Code:       code,
		Attempts:   attempts,
	}
}

// errorMessage extracts {"error": ..., "code": ...}; "error" may be any JSON value. A body that was
// cut (cut) or is not that JSON is described instead.
func errorMessage(body []byte, cut bool, contentType string, r redactor) (message, code string) {
	var e struct {
		Error jsontext.Value `json:"error"`
		Code  jsontext.Value `json:"code"`
	}
	if !cut && json.Unmarshal(body, &e) == nil && len(e.Error) > 0 && string(e.Error) != "null" {
		return jsonText(e.Error, &r), jsonText(e.Code, &r)
	}
	return describeBody(body, cut, contentType, r), ""
}

// jsonText renders a JSON string as its text and any other value as compact JSON, redacted then cut.
func jsonText(raw jsontext.Value, r *redactor) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var red redactor
	if r != nil {
		red = *r
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return red.excerpt(s, 300, false)
	}
	return red.excerpt(string(raw), 300, false)
}

// describeBody summarises a body that is not the API's JSON, e.g. a proxy's HTML error page; cut
// says that only its beginning was read.
func describeBody(body []byte, cut bool, contentType string, r redactor) string {
	if !cut && len(strings.TrimSpace(string(body))) == 0 {
		return "empty response body"
	}
	kind := "body"
	if contentType != "" {
		kind = r.excerpt(contentType, 80, false) + " body"
	}
	size := fmt.Sprintf("%d bytes", len(body))
	if cut {
		size = fmt.Sprintf("more than %d bytes", len(body))
	}
	return fmt.Sprintf("%s (%s) beginning %q", kind, size, r.excerpt(string(body), 80, cut))
}

// redactor hides the API token in text from a server. Every piece of server text that reaches an
// error or a log goes through excerpt, which redacts before it cuts.
type redactor struct{ token string }

const redacted = "[REDACTED]"

// redactPiece is the length of the shortest piece of the token that is redacted on its own, for a
// server (or a proxy) that echoes only part of it.
const redactPiece = 16

// redact replaces the token (and so "Bearer <token>") wherever it appears, and then any piece of it
// of redactPiece characters or more.
func (r redactor) redact(s string) string {
	if r.token == "" {
		return s
	}
	s = strings.ReplaceAll(s, r.token, redacted)
	k := min(redactPiece, len(r.token))
	var hide []bool // which bytes of s are part of a piece of the token
	for i := 0; i+k <= len(r.token); i++ {
		piece := r.token[i : i+k]
		for from := 0; ; {
			at := strings.Index(s[from:], piece)
			if at < 0 {
				break
			}
			if hide == nil {
				hide = make([]bool, len(s))
			}
			for j := from + at; j < from+at+k; j++ {
				hide[j] = true
			}
			from += at + 1
		}
	}
	if hide == nil {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case !hide[i]:
			b.WriteByte(s[i])
		case i == 0 || !hide[i-1]:
			b.WriteString(redacted)
		}
	}
	return b.String()
}

// stringUnmarshaler decodes JSON strings with the token redacted, and leaves anything else to the
// decoder. It costs about what the decoder's own strings cost: it unquotes into one buffer, and keeps
// one copy of each short string (a group, a region), which cannot hold a piece of the token.
func (r redactor) stringUnmarshaler() *json.Unmarshalers {
	var buf []byte
	short := map[string]string{}
	return json.UnmarshalFromFunc(func(dec *jsontext.Decoder, s *string) error {
		if dec.PeekKind() != '"' {
			return errors.ErrUnsupported
		}
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if buf, err = jsontext.AppendUnquote(buf[:0], raw); err != nil {
			return err
		}
		if len(buf) >= min(redactPiece, len(r.token)) {
			*s = r.redact(string(buf))
			return nil
		}
		v, ok := short[string(buf)]
		if !ok && len(short) < maxShortStrings {
			v = string(buf)
			short[v] = v
		} else if !ok {
			v = string(buf)
		}
		*s = v
		return nil
	})
}

// maxShortStrings bounds the short strings one body keeps a copy of.
const maxShortStrings = 64

// excerpt shortens s to at most n runes on one line, dropping control characters, with the token
// redacted first. cut says that s is only the beginning of a longer text: a tail of s that could be
// the start of the token is dropped too.
func (r redactor) excerpt(s string, n int, cut bool) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	s = r.redact(s)
	if cut {
		s = r.dropPartialToken(s)
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// dropPartialToken removes the longest tail of s that is a beginning of the token.
func (r redactor) dropPartialToken(s string) string {
	for k := min(len(r.token)-1, len(s)); k > 0; k-- {
		if strings.HasPrefix(r.token, s[len(s)-k:]) {
			return s[:len(s)-k]
		}
	}
	return s
}
