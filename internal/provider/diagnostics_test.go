package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func TestErrorDetail(t *testing.T) {
	envToken := setting{value: "t", source: "the TURSO_API_TOKEN environment variable"}
	for name, tc := range map[string]struct {
		err  error
		want []string
	}{
		"401": {&turso.APIError{Method: "GET", Path: "/p", StatusCode: 401, Message: "bad token"},
			[]string{"HTTP 401 Unauthorized: bad token", "invalid or expired", "Check the TURSO_API_TOKEN environment variable"}},
		"403": {&turso.APIError{Method: "GET", Path: "/p", StatusCode: 403, Message: "no"},
			[]string{"HTTP 403 Forbidden: no", `cannot read organization "acme"`}},
		"404": {&turso.APIError{Method: "GET", Path: "/p", StatusCode: 404, Message: "organization not found", Code: "not_found"},
			[]string{`HTTP 404 Not Found: organization not found (code "not_found")`, `Organization "acme" was not found`}},
		"503 retried": {&turso.APIError{Method: "GET", Path: "/p", StatusCode: 503, Attempts: 5},
			[]string{"HTTP 503 Service Unavailable after 5 attempts", "retried"}},
		"decode": {&turso.DecodeError{Path: "/p", Where: "organization.usage.rows_read", Reason: "is a string, want an integer"},
			[]string{"organization.usage.rows_read: is a string, want an integer", "nothing was written to state"}},
		"cancelled": {&turso.RequestError{Method: "GET", Path: "/p", Err: context.Canceled},
			[]string{"interrupted"}},
		"network": {&turso.RequestError{Method: "GET", Path: "/p", Attempts: 3, Err: errors.New("connection refused")},
			[]string{"failed after 3 attempts: connection refused", "api_url"}},
		"other": {fmt.Errorf("plain"), []string{"plain."}},
		"too large": {&turso.RequestError{Method: "GET", Path: "/p", Attempts: 1, Err: fmt.Errorf("%w (more than 4194304 bytes after decompression)", turso.ErrResponseTooLarge)},
			[]string{"response body too large (more than 4194304 bytes after decompression)", "read once and not retried"}},
	} {
		got := errorDetail(tc.err, "acme", envToken)
		if name == "too large" && strings.Contains(got, "transient failures were already retried") {
			t.Errorf("%s: detail %q gives the network hint", name, got)
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: detail %q lacks %q", name, got, w)
			}
		}
	}
}

func TestStatusHintNamesTheTokenSource(t *testing.T) {
	got := statusHint(401, "acme", setting{})
	if !strings.Contains(got, `"api_token"`) || !strings.Contains(got, "TURSO_API_TOKEN") {
		t.Errorf("hint without a known source = %q", got)
	}
}
