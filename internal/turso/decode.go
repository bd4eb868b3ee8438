package turso

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
)

// getDecoded GETs /v1/organizations/{slug}{suffix} and decodes the body, naming the API path in any
// DecodeError.
func getDecoded[T any](ctx context.Context, c *Client, slug, suffix string, decode func([]byte) (T, error)) (T, error) {
	var zero T
	if err := CheckOrganizationSlug(slug); err != nil {
		return zero, fmt.Errorf("organization %q %w", slug, err)
	}
	apiPath := "/v1/organizations/" + url.PathEscape(slug) + suffix
	body, err := c.get(ctx, apiPath)
	if err != nil {
		return zero, err
	}
	v, err := decode(body)
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			de.Path = apiPath
			de.Reason = c.redact(de.Reason)
		}
		return zero, err
	}
	return v, nil
}

func unmarshalObject(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &DecodeError{Reason: "the body is empty, want a JSON object"}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return jsonError(body, err)
	}
	return nil
}

// missingObject explains a response without its top-level key, quoting the API's error if it sent one.
func missingObject(key string, apiError json.RawMessage) error {
	if msg := jsonText(apiError); msg != "" {
		return &DecodeError{Reason: fmt.Sprintf("the API answered 200 OK with an error instead of %q: %s", key, msg)}
	}
	return &DecodeError{Where: key, Reason: "is missing or null"}
}

func jsonError(body []byte, err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		where := typeErr.Field
		if where == "" {
			where = "(document)"
		}
		return &DecodeError{Where: where, Reason: fmt.Sprintf("is a JSON %s, want %s (at byte %d)", typeErr.Value, jsonKind(typeErr.Type.Kind().String()), typeErr.Offset)}
	case errors.As(err, &syntax):
		if syntax.Offset >= int64(len(body)) || err.Error() == "unexpected end of JSON input" {
			return &DecodeError{Reason: fmt.Sprintf("the JSON ends early after %d bytes (truncated body)", len(body))}
		}
		return &DecodeError{Reason: fmt.Sprintf("the body is not JSON (%s at byte %d); it begins %q", syntax.Error(), syntax.Offset, excerpt(string(body), 60))}
	case err.Error() == "unexpected end of JSON input":
		return &DecodeError{Reason: fmt.Sprintf("the JSON ends early after %d bytes (truncated body)", len(body))}
	}
	return &DecodeError{Reason: err.Error()}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "slice":
		return "an array"
	case "struct", "ptr":
		return "an object"
	case "string":
		return "a string"
	}
	return goKind
}
