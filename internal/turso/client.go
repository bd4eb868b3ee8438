// Package turso is a small client for the Turso Platform API. It knows HTTP and JSON and nothing
// about Terraform.
package turso

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultBaseURL is the Turso Platform API.
const DefaultBaseURL = "https://api.turso.tech"

// Options configures a Client. Zero durations and limits take the defaults of DefaultOptions.
type Options struct {
	BaseURL   string
	Token     string
	UserAgent string
	Logger    Logger

	// RetryMax is the number of retries after the first attempt.
	RetryMax     int
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// RetryAfterMax caps a server's Retry-After, however large it asks for.
	RetryAfterMax time.Duration
	// AttemptTimeout bounds one attempt, from dialling to the last byte of the body.
	AttemptTimeout time.Duration
	// DialTimeout bounds connecting to the API, and TLSHandshakeTimeout the TLS handshake after it
	// (both within an attempt).
	DialTimeout         time.Duration
	TLSHandshakeTimeout time.Duration
	// OverallTimeout bounds a whole read (see StartRead): every request of it, retries and waits
	// included.
	OverallTimeout time.Duration
	// MaxRequestsPerRead bounds the requests of one read, retries and redirect hops included.
	MaxRequestsPerRead int
	// MaxResponseBytes, when positive, replaces every endpoint's own cap on a successful body
	// (counted after decompression).
	MaxResponseBytes int64
}

// DefaultOptions returns the timeouts, retry policy and size cap used against the real API.
func DefaultOptions() Options {
	return Options{
		BaseURL:             DefaultBaseURL,
		RetryMax:            4,
		RetryWaitMin:        time.Second,
		RetryWaitMax:        30 * time.Second,
		RetryAfterMax:       60 * time.Second,
		AttemptTimeout:      2 * time.Minute,
		DialTimeout:         30 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
		OverallTimeout:      5 * time.Minute,
		MaxRequestsPerRead:  3000,
	}
}

// Client calls the Turso Platform API. It is safe for concurrent use.
type Client struct {
	baseURL        *url.URL
	token          string
	redactor       redactor
	userAgent      string
	logger         Logger
	http           *retryablehttp.Client
	attemptTimeout time.Duration
	dialTimeout    time.Duration
	tlsTimeout     time.Duration
	overallTimeout time.Duration
	maxRequests    int64
	maxBytes       int64
}

// New validates the options and returns a Client. Errors never contain the token.
func New(opts Options) (*Client, error) {
	opts = withDefaults(opts)
	base, err := ParseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := CheckToken(opts.Token); err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:        base,
		token:          opts.Token,
		redactor:       redactor{token: opts.Token},
		userAgent:      opts.UserAgent,
		logger:         opts.Logger,
		attemptTimeout: opts.AttemptTimeout,
		dialTimeout:    opts.DialTimeout,
		tlsTimeout:     opts.TLSHandshakeTimeout,
		overallTimeout: opts.OverallTimeout,
		maxRequests:    int64(opts.MaxRequestsPerRead),
		maxBytes:       opts.MaxResponseBytes,
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-turso"
	}
	if c.logger == nil {
		c.logger = nopLogger{}
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: opts.DialTimeout, KeepAlive: 30 * time.Second}).DialContext
	transport.TLSHandshakeTimeout = opts.TLSHandshakeTimeout
	c.http = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport:     &readTransport{next: &loggingTransport{next: transport, logger: c.logger, redactor: c.redactor}},
			Timeout:       opts.AttemptTimeout,
			CheckRedirect: checkRedirect,
		},
		RetryMax:     opts.RetryMax,
		RetryWaitMin: opts.RetryWaitMin,
		RetryWaitMax: opts.RetryWaitMax,
		CheckRetry:   checkRetry,
		// Attempts are counted here: a redirect is a hop within an attempt, not another attempt.
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, i int) {
			if a, ok := req.Context().Value(attemptCounterKey{}).(*attemptCounter); ok {
				a.n.Store(int32(i + 1))
			}
		},
		Backoff:      backoff(opts.RetryAfterMax),
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return c, nil
}

func withDefaults(o Options) Options {
	d := DefaultOptions()
	if o.BaseURL == "" {
		o.BaseURL = d.BaseURL
	}
	if o.RetryWaitMin <= 0 {
		o.RetryWaitMin = d.RetryWaitMin
	}
	if o.RetryWaitMax <= 0 {
		o.RetryWaitMax = d.RetryWaitMax
	}
	if o.RetryAfterMax <= 0 {
		o.RetryAfterMax = d.RetryAfterMax
	}
	if o.AttemptTimeout <= 0 {
		o.AttemptTimeout = d.AttemptTimeout
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = d.DialTimeout
	}
	if o.TLSHandshakeTimeout <= 0 {
		o.TLSHandshakeTimeout = d.TLSHandshakeTimeout
	}
	if o.OverallTimeout <= 0 {
		o.OverallTimeout = d.OverallTimeout
	}
	if o.MaxRequestsPerRead <= 0 {
		o.MaxRequestsPerRead = d.MaxRequestsPerRead
	}
	if o.RetryMax < 0 {
		o.RetryMax = 0
	}
	return o
}

// bodyLimit is an endpoint's cap, unless the options replace it.
func (c *Client) bodyLimit(endpointLimit int64) int64 {
	if c.maxBytes > 0 {
		return c.maxBytes
	}
	return endpointLimit
}

// get performs one logical GET (with retries) within the read of ctx, or a read of its own. The body
// of a 2xx response goes to decode as it arrives, inflated and capped at limit bytes; of any other
// response at most errorBodyLimit bytes are read, for the error. This is the one way a request is
// sent: every endpoint gets the read's deadline and budget, the caps, and redaction here.
func (c *Client) get(ctx context.Context, apiPath string, limit int64, decode func(io.Reader) error) error {
	ctx, end := c.StartRead(ctx)
	defer end()
	attempts := new(attemptCounter)
	ctx = withAttemptCounter(ctx, attempts)

	u := *c.baseURL
	apiPathOnly, query, _ := strings.Cut(apiPath, "?")
	u.Path = strings.TrimSuffix(u.Path, "/") + apiPathOnly
	u.RawQuery = query
	// Errors name the request by its method, path and the query the client chose.
	path := c.redactor.redact(apiPathOnly + shownQuery(query))
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return &RequestError{Method: http.MethodGet, Path: path, Err: c.redactErr(err)}
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	var apiErr *APIError
	req.SetResponseHandler(func(resp *http.Response) error {
		defer resp.Body.Close()
		apiErr = nil
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			body, cut := readErrorBody(resp.Body)
			apiErr = c.newAPIError(path, resp, body, cut, attempts.load())
			return nil
		}
		return c.decodeBody(resp, path, limit, decode)
	})

	resp, err := c.http.Do(req)
	n := attempts.load()
	if resp != nil && resp.Body != nil {
		defer resp.Body.Close()
	}
	var de *DecodeError
	switch {
	case errors.As(err, &de):
		return de
	case errors.Is(err, errBudgetSpent):
		return budgetError(readOf(ctx), http.MethodGet, path)
	case err != nil:
		return &RequestError{Method: http.MethodGet, Path: path, Attempts: n, Err: c.explain(ctx, withoutURL(err))}
	case apiErr != nil:
		return apiErr
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// Retries ran out on a retryable status: the handler never saw this response.
		body, cut := readErrorBody(resp.Body)
		return c.newAPIError(path, resp, body, cut, n)
	}
	return nil
}

// shownQuery is a request's query as its errors show it: "?" and the parameters the client chose, so
// that two requests of one path differ (type=upcoming, type=issued), but never the cursor of the
// database list, which is server text of any length. It is "" when nothing is left.
func shownQuery(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return ""
	}
	q.Del("cursor")
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// withoutURL drops the URL that net/http puts in front of a transport error: the error names its
// request already, and the URL would carry the query.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// decodeBody hands a 2xx body to decode under its cap; what the server wrote into a DecodeError is
// redacted before it is cut.
func (c *Client) decodeBody(resp *http.Response, path string, limit int64, decode func(io.Reader) error) error {
	if resp.ContentLength > limit {
		return fmt.Errorf("%w (the server announced %d bytes, the limit is %d)", ErrResponseTooLarge, resp.ContentLength, limit)
	}
	body := newBoundedBody(resp.Body, limit)
	body.redactor = c.redactor
	err := decode(body)
	var de *DecodeError
	if !errors.As(err, &de) {
		return err
	}
	de.Path = path
	de.Where = c.redactor.excerpt(de.Where, 200, false)
	de.Reason = c.redactor.excerpt(de.Reason, 400, false)
	if de.notJSON {
		if prefix, cut := body.beginning(); len(prefix) > 0 {
			de.Reason += fmt.Sprintf("; it begins %q", c.redactor.excerpt(string(prefix), 60, cut))
		}
	}
	return de
}

// checkRedirect keeps the token on its host: no change of host, no downgrade from https.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return fmt.Errorf("%w: more than %d redirects", errRedirectRefused, len(via))
	}
	from := via[0].URL
	if req.URL.Host != from.Host {
		return fmt.Errorf("%w: to another host (%s)", errRedirectRefused, req.URL.Host)
	}
	if from.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: from https to %s", errRedirectRefused, req.URL.Scheme)
	}
	return nil
}

var errRedirectRefused = errors.New("redirect refused")

// checkRetry retries what can heal: not a refused redirect, a body over its cap or of the wrong
// shape, nor a TLS failure that the same server will repeat.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	var de *DecodeError
	if errors.Is(err, ErrResponseTooLarge) || errors.Is(err, errBudgetSpent) || errors.Is(err, errRedirectRefused) || errors.As(err, &de) || permanentTLSError(err) {
		return false, err
	}
	return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
}

// permanentTLSError is a certificate the client does not accept, or a plain HTTP server at an
// https URL.
func permanentTLSError(err error) bool {
	var verify *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &record) ||
		(err != nil && strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"))
}

// explain says which time limit ended a call, and hides the token.
func (c *Client) explain(ctx context.Context, err error) error {
	var netErr net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && readOf(ctx) != nil:
		err = fmt.Errorf("the read's overall time limit of %s (all its requests and retries) ran out: %w", readOf(ctx).timeout, err)
	case ctx.Err() == nil && isDialTimeout(err):
		err = fmt.Errorf("could not connect within the dial timeout of %s: %w", c.dialTimeout, err)
	case ctx.Err() == nil && strings.Contains(err.Error(), "TLS handshake timeout"):
		err = fmt.Errorf("the TLS handshake did not finish within its timeout of %s: %w", c.tlsTimeout, err)
	case ctx.Err() == nil && errors.As(err, &netErr) && netErr.Timeout():
		err = fmt.Errorf("no complete response within the per-attempt timeout of %s: %w", c.attemptTimeout, err)
	}
	return c.redactErr(err)
}

// isDialTimeout reports a connection that was not established in time.
func isDialTimeout(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" && op.Timeout()
}

func (c *Client) redactErr(err error) error {
	if err == nil || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return redactedError{msg: c.redactor.redact(err.Error()), err: err}
}

// redactedError keeps errors.Is working while hiding the token from Error().
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }
