package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// errorDetail explains a client error in full sentences: what happened, then what to do next.
func errorDetail(err error, slug string, token setting) string {
	var apiErr *turso.APIError
	var decodeErr *turso.DecodeError
	var reqErr *turso.RequestError
	var limitErr *turso.LimitError
	switch {
	case errors.As(err, &apiErr):
		return fmt.Sprintf("The Turso API answered %s.\n\n%s", err, statusHint(apiErr.StatusCode, slug, token))
	case errors.As(err, &limitErr):
		return fmt.Sprintf("The read was stopped: %s.\n\nThe provider bounds every read, whatever the server "+
			"answers: its requests (retries included), its time and the length of the database list. Check that the "+
			"provider's \"api_url\" (TURSO_API_URL) is the Turso API; if it is, report this to the provider developers.", err)
	case errors.As(err, &decodeErr):
		return fmt.Sprintf("The Turso API's response could not be used: %s.\n\nThis is not the documented "+
			"response shape; nothing was written to state. Retry later, and report it if it persists.", err)
	case errors.Is(err, turso.ErrResponseTooLarge):
		return fmt.Sprintf("The Turso API's response could not be used: %s.\n\nIt was read once and not retried, "+
			"and nothing was written to state. Check that the provider's \"api_url\" (TURSO_API_URL) is the Turso "+
			"API; if it is, report this to the provider developers.", err)
	case errors.Is(err, context.Canceled):
		return fmt.Sprintf("The read was interrupted before it finished: %s.", err)
	case errors.As(err, &reqErr):
		return fmt.Sprintf("The request to the Turso API failed: %s.\n\nCheck network access to the API URL "+
			"(the provider's \"api_url\", TURSO_API_URL) and try again; transient failures were already retried.", err)
	}
	return err.Error() + "."
}

func statusHint(status int, slug string, token setting) string {
	switch status {
	case http.StatusUnauthorized:
		return fmt.Sprintf("The API token is invalid or expired. Check %s. Tokens from `turso auth token` "+
			"expire after about a week; a platform API token from `turso auth api-tokens mint NAME` does not.", tokenSourceOr(token))
	case http.StatusForbidden:
		return fmt.Sprintf("The API token cannot read organization %q. Use a token minted for that organization, "+
			"or check that its user is a member.", slug)
	case http.StatusNotFound:
		return fmt.Sprintf("Organization %q was not found. Check the slug with `turso org list`.", slug)
	case http.StatusPaymentRequired:
		return fmt.Sprintf("Organization %q needs attention on its billing or plan before the API will answer.", slug)
	case http.StatusTooManyRequests:
		return "The API is rate limiting this token; the request was retried and still refused. Try again later."
	case http.StatusBadRequest, http.StatusConflict:
		return "The API refused the request; its message above says why."
	case http.StatusNotImplemented:
		return "The API does not implement this request at this URL; check the provider's \"api_url\"."
	}
	if status >= 500 {
		return "The Turso API had a server error and the request was retried; try again later."
	}
	return "Check the API's message above."
}

func tokenSourceOr(token setting) string {
	if token.source != "" {
		return token.source
	}
	return "the provider's \"api_token\" argument or the TURSO_API_TOKEN environment variable"
}

// requestFailure is one failed request of a read that sends several.
type requestFailure struct {
	request string // what was requested, as the diagnostics say it: "usage", "database list", ...
	err     error
}

// failed keeps the requests that failed, in order.
func failed(requests ...requestFailure) []requestFailure {
	var out []requestFailure
	for _, r := range requests {
		if r.err != nil {
			out = append(out, r)
		}
	}
	return out
}

// requestFailureDiagnostics reports the failed requests of a read: one error per cause, naming every
// request it affected, so that a bad token is one error and not one per request.
func requestFailureDiagnostics(summary string, failures []requestFailure, slug string, token setting) diag.Diagnostics {
	type cause struct {
		requests []string
		sent     []string // each request as errors name it, "GET /v1/…"
		err      error
	}
	var causes []*cause
	byDetail := map[string]*cause{}
	for _, f := range failures {
		sent := turso.RequestOf(f.err)
		detail := errorDetail(f.err, slug, token)
		if sent != "" {
			detail = strings.Replace(detail, sent, "\x00", 1)
		}
		c, ok := byDetail[detail]
		if !ok {
			c = &cause{err: f.err}
			byDetail[detail] = c
			causes = append(causes, c)
		}
		c.requests = append(c.requests, f.request)
		c.sent = append(c.sent, sent)
	}
	var diags diag.Diagnostics
	for _, c := range causes {
		detail := errorDetail(c.err, slug, token)
		// Each request in full where the error names its own: never one request's path glued to another's.
		if first := c.sent[0]; first != "" && len(c.sent) > 1 {
			detail = strings.Replace(detail, first, englishList(c.sent), 1)
		}
		what := "The " + englishList(c.requests) + " request failed."
		if len(c.requests) > 1 {
			what = "The " + englishList(c.requests) + " requests failed, all in the same way."
		}
		diags.AddError(summary, what+" "+detail)
	}
	return diags
}

// englishList joins items as "a", "a and b" or "a, b and c".
func englishList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
