package turso

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// A read is everything one data source read sends. Its requests, retries and redirect hops included,
// share one deadline (OverallTimeout from the start of the read) and one budget of
// MaxRequestsPerRead requests, whatever the server answers: no sequence of answers stretches either.
// A call made outside a read is a read of its own. Every request goes through Client.get, which
// applies the read's deadline, and through readTransport, which counts it against the budget.

// read is the deadline and request budget that the requests of one read share.
type read struct {
	timeout time.Duration
	budget  int64
	sent    atomic.Int64
}

type readKey struct{}

// StartRead starts a read: the requests made with the returned context share one deadline,
// OverallTimeout from now, and one budget of MaxRequestsPerRead requests (retries count). A context
// that already carries a read keeps it. Call the returned function when the read is over.
func (c *Client) StartRead(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Value(readKey{}).(*read); ok {
		return ctx, func() {}
	}
	ctx, cancel := context.WithTimeout(ctx, c.overallTimeout)
	return context.WithValue(ctx, readKey{}, &read{timeout: c.overallTimeout, budget: c.maxRequests}), cancel
}

// readOf returns the read ctx belongs to, or nil.
func readOf(ctx context.Context) *read {
	r, _ := ctx.Value(readKey{}).(*read)
	return r
}

// errBudgetSpent is a request refused because its read has sent its whole budget.
var errBudgetSpent = errors.New("the read's request budget is spent")

// readTransport counts every request of a read, before it is sent, and refuses those past the budget.
type readTransport struct {
	next http.RoundTripper
}

func (t *readTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if r := readOf(req.Context()); r != nil && r.sent.Add(1) > r.budget {
		return nil, errBudgetSpent
	}
	return t.next.RoundTrip(req)
}

// LimitError is a read stopped by one of the client's own bounds (its request budget, the length of
// the database list), whatever the server answered.
type LimitError struct {
	Method string
	Path   string
	// Limit says which bound was reached, and how.
	Limit string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: stopped by the client: %s", requestString(e.Method, e.Path), e.Limit)
}

// budgetError is the LimitError of a read whose budget ran out on the request to path.
func budgetError(r *read, method, path string) *LimitError {
	return &LimitError{Method: method, Path: path, Limit: fmt.Sprintf(
		"the read has sent its budget of %d requests (retries included) and sends no more", r.budget)}
}

// requestString is how every error names its request: the method, then the path with the query the
// client chose (shownQuery).
func requestString(method, path string) string { return method + " " + path }

// RequestOf returns the request a client error is about, as every error names it ("GET /v1/…"),
// or "" for an error that is about no request.
func RequestOf(err error) string {
	var apiErr *APIError
	var decodeErr *DecodeError
	var reqErr *RequestError
	var limitErr *LimitError
	switch {
	case errors.As(err, &apiErr):
		return requestString(apiErr.Method, apiErr.Path)
	case errors.As(err, &decodeErr):
		return requestString(http.MethodGet, decodeErr.Path)
	case errors.As(err, &reqErr):
		return requestString(reqErr.Method, reqErr.Path)
	case errors.As(err, &limitErr):
		return requestString(limitErr.Method, limitErr.Path)
	}
	return ""
}
