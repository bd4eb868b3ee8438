package turso

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// How an endpoint is read, and how to add one:
//
//   - Declare an endpoint[T] with its body cap (counted after decompression) and its decoder, and a
//     Client method that calls endpoint.get with the organization slug and the path after it.
//   - The decoder, func(io.Reader) (T, error), calls decodeJSON(r, &envelope) on a wire struct that
//     follows the JSON (pointers to tell absent from zero, an `Error jsontext.Value` beside the
//     top-level key), then validates it into the public type, returning a *DecodeError that names the
//     JSON path of anything wrong. Member names match exactly (case-sensitively) and unknown members
//     are skipped; invalid UTF-8 and duplicate names are malformed responses, like any syntax error.
//   - The body is a stream: never read it whole. A long array whose elements are big can convert
//     each element as it is decoded (see databaseList) so that the wire form is never held whole.
//   - endpoint.get sends through Client.get, the one request path: the read's deadline and request
//     budget (read.go), the caps, the 64 KiB error body and redaction come with it. Add the endpoint's
//     row to clientEndpoints (endpoints_test.go), which proves that it gets each of them.
type endpoint[T any] struct {
	maxBytes int64 // the largest body accepted, after decompression
	decode   func(io.Reader) (T, error)
}

// Body caps, counted on decompressed bytes.
const (
	// smallBodyLimit: subscription, plans, organization, a page of databases, one database's usage.
	smallBodyLimit = 4 << 20
	// usageBodyLimit: a 100,000-database organization is about 48 MB of JSON; this fits some 270,000,
	// though the decoded databases' own bound (maxUsageEntryBytes) stops at about 220,000.
	usageBodyLimit = 128 << 20
)

// get GETs /v1/organizations/{slug}{suffix} and decodes the body as it arrives, naming the API path
// in any DecodeError.
func (e endpoint[T]) get(ctx context.Context, c *Client, slug, suffix string) (T, error) {
	return e.getIn(ctx, c, "/v1", slug, suffix)
}

// getIn is get for another version of the API: {version}/organizations/{slug}{suffix}.
func (e endpoint[T]) getIn(ctx context.Context, c *Client, version, slug, suffix string) (T, error) {
	var zero T
	if err := CheckOrganizationSlug(slug); err != nil {
		return zero, fmt.Errorf("organization %q %w", slug, err)
	}
	return e.getPath(ctx, c, version+"/organizations/"+url.PathEscape(slug)+suffix)
}

// getPath GETs apiPath, which is not an organization's, such as /v1/auth/validate.
func (e endpoint[T]) getPath(ctx context.Context, c *Client, apiPath string) (T, error) {
	var zero T
	var v T
	err := c.get(ctx, apiPath, c.bodyLimit(e.maxBytes), func(r io.Reader) error {
		var err error
		v, err = e.decode(r)
		return err
	})
	if err != nil {
		return zero, err
	}
	return v, nil
}

// decodeJSON decodes one JSON object from r into v, up to the end of r. When r is a response body
// of the client, every string is decoded with the token redacted: a server that echoes the token in a
// 200, as a name say, gets "[REDACTED]" into what the client returns, never the token.
func decodeJSON(r io.Reader, v any) error {
	cr := &countingReader{r: r}
	var opts []json.Options
	if red := bodyRedactor(r); red.token != "" {
		opts = append(opts, json.WithUnmarshalers(red.stringUnmarshaler()))
	}
	err := json.UnmarshalRead(cr, v, opts...)
	if err == nil {
		return nil
	}
	if errors.Is(err, io.ErrUnexpectedEOF) && !isReadError(err) {
		if !cr.content {
			return &DecodeError{Reason: "the body is empty, want a JSON object", notJSON: true}
		}
		return &DecodeError{Reason: fmt.Sprintf("the JSON ends early after %d bytes (truncated body)", cr.n)}
	}
	return jsonError(err)
}

// bodyRedactor is the redactor of r when r is a response body of the client, and one that redacts
// nothing otherwise.
func bodyRedactor(r io.Reader) redactor {
	if b, ok := r.(*boundedBody); ok {
		return b.redactor
	}
	return redactor{}
}

// countingReader counts the bytes read and notes the first that is not JSON whitespace.
type countingReader struct {
	r       io.Reader
	n       int64
	content bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if !c.content && len(bytes.Trim(p[:n], " \t\r\n")) > 0 {
		c.content = true
	}
	return n, err
}

// missingObject explains a response without its top-level key, quoting the API's error if it sent one.
func missingObject(key string, apiError jsontext.Value) error {
	if msg := jsonText(apiError, nil); msg != "" {
		return &DecodeError{Reason: fmt.Sprintf("the API answered 200 OK with an error instead of %q: %s", key, msg)}
	}
	return &DecodeError{Where: key, Reason: "is missing or null"}
}

// jsonError turns any error of the JSON decoder into a *DecodeError naming the JSON path; errors
// reading the body itself (a cut connection, a body over its cap) are returned as they are.
func jsonError(err error) error {
	var de *DecodeError
	var sem *json.SemanticError
	var syn *jsontext.SyntacticError
	var long *valueTooLongError
	switch {
	case errors.As(err, &de):
		return de
	case errors.As(err, &long):
		return &DecodeError{Reason: long.Error()}
	case isReadError(err):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &DecodeError{Reason: "the JSON ends early (truncated body)"}
	case errors.As(err, &syn):
		return syntaxError(syn)
	case errors.As(err, &sem):
		return semanticError(sem)
	}
	return &DecodeError{Reason: err.Error()}
}

func syntaxError(syn *jsontext.SyntacticError) error {
	where := jsonPath(syn.JSONPointer)
	switch {
	case errors.Is(syn.Err, jsontext.ErrDuplicateName):
		return &DecodeError{Where: jsonPath(syn.JSONPointer.Parent()), Reason: "duplicate key " + strconv.Quote(syn.JSONPointer.LastToken())}
	case syn.Err != nil && syn.Err.Error() == "invalid UTF-8":
		return &DecodeError{Where: where, Reason: "invalid UTF-8"}
	case syn.ByteOffset == 0 || where == "":
		return &DecodeError{Reason: fmt.Sprintf("the body is not JSON (%s at byte %d)", syntaxReason(syn), syn.ByteOffset), notJSON: true}
	}
	return &DecodeError{Where: where, Reason: fmt.Sprintf("is not valid JSON (%s at byte %d)", syntaxReason(syn), syn.ByteOffset)}
}

// syntaxReason is the decoder's description without its package prefix; it quotes at most one
// character of the input.
func syntaxReason(syn *jsontext.SyntacticError) string {
	if syn.Err == nil {
		return "syntax error"
	}
	return syn.Err.Error()
}

func semanticError(sem *json.SemanticError) error {
	where := jsonPath(sem.JSONPointer)
	if where == "" {
		where = "(document)"
	}
	if sem.JSONKind != 0 && sem.GoType != nil {
		return &DecodeError{Where: where, Reason: fmt.Sprintf("is a JSON %s, want %s", kindName(sem.JSONKind), goKindName(sem.GoType))}
	}
	reason := "cannot be decoded"
	if sem.Err != nil && !isReadError(sem.Err) {
		reason += ": " + sem.Err.Error()
	}
	return &DecodeError{Where: where, Reason: reason}
}

// isReadError reports an error of the body's reader rather than of its JSON.
func isReadError(err error) bool {
	var rerr *bodyReadError
	return errors.Is(err, ErrResponseTooLarge) || errors.As(err, &rerr)
}

// jsonPath turns a JSON pointer such as /organization/databases/3/uuid into organization.databases[3].uuid,
// and /0/query (in a bare array) into [0].query.
func jsonPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.ParseUint(tok, 10, 64); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// kindName names a JSON kind as in "is a JSON string".
func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case '[':
		return "array"
	case '{':
		return "object"
	}
	return "number"
}

// goKindName names the JSON kind a Go type is decoded from.
func goKindName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	}
	return "a number"
}
