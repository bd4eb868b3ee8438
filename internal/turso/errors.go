package turso

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// APIError is a response with a non-2xx status. It keeps the API's own message and code.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Message is the API's "error" text or, for a body that is not the API's JSON, a short excerpt.
	Message  string
	Code     string
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
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
	return fmt.Sprintf("%s %s failed%s: %v", e.Method, e.Path, attempts, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// DecodeError is a 2xx response whose body is not the documented JSON.
type DecodeError struct {
	Path string // the API path that was called
	// Where is the JSON path of the offending value, empty when the body as a whole is wrong.
	Where  string
	Reason string
}

func (e *DecodeError) Error() string {
	if e.Where == "" {
		return fmt.Sprintf("GET %s: unexpected response: %s", e.Path, e.Reason)
	}
	return fmt.Sprintf("GET %s: unexpected response: %s: %s", e.Path, e.Where, e.Reason)
}

func (c *Client) newAPIError(apiPath string, resp *http.Response, body []byte, attempts int) *APIError {
	msg, code := errorMessage(body, resp.Header.Get("Content-Type"))
	return &APIError{
		Method:     http.MethodGet,
		Path:       apiPath,
		StatusCode: resp.StatusCode,
		Message:    c.redact(msg),
		Code:       c.redact(code),
		Attempts:   attempts,
	}
}

// errorMessage extracts {"error": ..., "code": ...}; "error" may be any JSON value.
func errorMessage(body []byte, contentType string) (message, code string) {
	var e struct {
		Error json.RawMessage `json:"error"`
		Code  json.RawMessage `json:"code"`
	}
	if json.Unmarshal(body, &e) == nil && len(e.Error) > 0 && string(e.Error) != "null" {
		return jsonText(e.Error), jsonText(e.Code)
	}
	return describeBody(body, contentType), ""
}

// jsonText renders a JSON string as its text and any other value as compact JSON.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return excerpt(s, 300)
	}
	return excerpt(string(raw), 300)
}

// describeBody summarises a body that is not the API's JSON, e.g. a proxy's HTML error page.
func describeBody(body []byte, contentType string) string {
	if len(strings.TrimSpace(string(body))) == 0 {
		return "empty response body"
	}
	kind := "body"
	if contentType != "" {
		kind = contentType + " body"
	}
	return fmt.Sprintf("%s (%d bytes) beginning %q", kind, len(body), excerpt(string(body), 80))
}

// excerpt shortens s to at most n runes on one line, dropping control characters.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
