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
		"limit": {&turso.LimitError{Method: "GET", Path: "/p", Limit: "the read has sent its budget of 3000 requests"},
			[]string{"The read was stopped: GET /p: stopped by the client: the read has sent its budget of 3000 requests.", "bounds every read", "api_url"}},
		"too large": {&turso.RequestError{Method: "GET", Path: "/p", Attempts: 1, Err: fmt.Errorf("%w (more than 4194304 bytes after decompression)", turso.ErrResponseTooLarge)},
			[]string{"response body too large (more than 4194304 bytes after decompression)", "read once and not retried"}},
	} {
		t.Run(name, func(t *testing.T) {
			got := errorDetail(tc.err, "acme", envToken)
			if name == "too large" && strings.Contains(got, "transient failures were already retried") {
				t.Errorf("detail %q gives the network hint", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("detail %q lacks %q", got, w)
				}
			}
		})
	}
}

// TestStatusHints: every status the API may answer gets a hint that says what to do.
func TestStatusHints(t *testing.T) {
	provider := setting{value: "t", source: `the provider's "api_token" argument`}
	for _, tc := range []struct {
		status int
		hint   string
	}{
		{400, "The API refused the request; its message above says why."},
		{401, `The API token is invalid or expired. Check the provider's "api_token" argument.`},
		{402, `Organization "acme" needs attention on its billing or plan`},
		{403, `The API token cannot read organization "acme"`},
		{404, `Organization "acme" was not found. Check the slug with ` + "`turso org list`"},
		{409, "The API refused the request; its message above says why."},
		{429, "rate limiting this token; the request was retried"},
		{500, "server error and the request was retried"},
		{501, `does not implement this request at this URL; check the provider's "api_url"`},
		{502, "server error and the request was retried"},
		{503, "server error and the request was retried"},
		{504, "server error and the request was retried"},
		{418, "Check the API's message above."},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			if got := statusHint(tc.status, "acme", provider); !strings.Contains(got, tc.hint) {
				t.Errorf("hint %q, want it to contain %q", got, tc.hint)
			}
		})
	}
}

func TestStatusHintNamesTheTokenSource(t *testing.T) {
	got := statusHint(401, "acme", setting{})
	if !strings.Contains(got, `"api_token"`) || !strings.Contains(got, "TURSO_API_TOKEN") {
		t.Errorf("hint without a known source = %q", got)
	}
}
