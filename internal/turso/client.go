// Package turso is a small client for the Turso Platform API. It knows HTTP and JSON and nothing
// about Terraform.
package turso

import (
	"context"
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
	// OverallTimeout bounds a whole call, retries and waits included.
	OverallTimeout time.Duration
	// MaxResponseBytes caps a successful response body.
	MaxResponseBytes int64
}

// DefaultOptions returns the timeouts, retry policy and size cap used against the real API.
func DefaultOptions() Options {
	return Options{
		BaseURL:        DefaultBaseURL,
		RetryMax:       4,
		RetryWaitMin:   time.Second,
		RetryWaitMax:   30 * time.Second,
		RetryAfterMax:  60 * time.Second,
		AttemptTimeout: 2 * time.Minute,
		OverallTimeout: 5 * time.Minute,
		// A 100,000-database organization is about 45 MB of JSON; leave ample headroom.
		MaxResponseBytes: 512 << 20,
	}
}

// Client calls the Turso Platform API. It is safe for concurrent use.
type Client struct {
	baseURL        *url.URL
	token          string
	userAgent      string
	logger         Logger
	http           *retryablehttp.Client
	attemptTimeout time.Duration
	overallTimeout time.Duration
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
		userAgent:      opts.UserAgent,
		logger:         opts.Logger,
		attemptTimeout: opts.AttemptTimeout,
		overallTimeout: opts.OverallTimeout,
		maxBytes:       opts.MaxResponseBytes,
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-turso"
	}
	if c.logger == nil {
		c.logger = nopLogger{}
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	c.http = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport:     &loggingTransport{next: transport, logger: c.logger},
			Timeout:       opts.AttemptTimeout,
			CheckRedirect: checkRedirect,
		},
		RetryMax:     opts.RetryMax,
		RetryWaitMin: opts.RetryWaitMin,
		RetryWaitMax: opts.RetryWaitMax,
		CheckRetry:   checkRetry,
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
	if o.OverallTimeout <= 0 {
		o.OverallTimeout = d.OverallTimeout
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = d.MaxResponseBytes
	}
	if o.RetryMax < 0 {
		o.RetryMax = 0
	}
	return o
}

// get performs one logical GET (with retries) and returns the body of a 2xx response.
func (c *Client) get(ctx context.Context, apiPath string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.overallTimeout)
	defer cancel()
	attempts := new(attemptCounter)
	ctx = withAttemptCounter(ctx, attempts)

	u := *c.baseURL
	u.Path = strings.TrimSuffix(u.Path, "/") + apiPath
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, c.redactErr(fmt.Errorf("building request for %s: %w", apiPath, err))
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	var body []byte
	req.SetResponseHandler(func(resp *http.Response) error {
		defer resp.Body.Close()
		b, readErr := readBody(resp, c.maxBytes)
		body = b
		return readErr
	})

	resp, err := c.http.Do(req)
	n := attempts.load()
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return nil, &RequestError{Method: http.MethodGet, Path: apiPath, Attempts: n, Err: c.explain(ctx, err)}
	}
	if body == nil {
		// Retries ran out on a retryable status: the handler never saw this response.
		defer resp.Body.Close()
		body, _ = readBody(resp, errorBodyLimit)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.newAPIError(apiPath, resp, body, n)
	}
	return body, nil
}

// errorBodyLimit caps how much of an error response is read for its message.
const errorBodyLimit = 64 << 10

// ErrResponseTooLarge is returned when a body exceeds Options.MaxResponseBytes.
var ErrResponseTooLarge = errors.New("response body too large")

var errRedirectRefused = errors.New("redirect refused")

func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: the server announced %d bytes, the limit is %d", ErrResponseTooLarge, resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading response body after %d bytes: %w", len(body), err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, limit)
	}
	if body == nil {
		body = []byte{}
	}
	return body, nil
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

func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if errors.Is(err, ErrResponseTooLarge) || errors.Is(err, errRedirectRefused) {
		return false, err
	}
	return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
}

// explain says which time limit ended a call, and hides the token.
func (c *Client) explain(ctx context.Context, err error) error {
	var netErr net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		err = fmt.Errorf("the overall time limit of %s ran out: %w", c.overallTimeout, err)
	case ctx.Err() == nil && errors.As(err, &netErr) && netErr.Timeout():
		err = fmt.Errorf("no complete response within the per-attempt timeout of %s: %w", c.attemptTimeout, err)
	}
	return c.redactErr(err)
}

func (c *Client) redactErr(err error) error {
	if err == nil || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return redactedError{msg: c.redact(err.Error()), err: err}
}

func (c *Client) redact(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "[REDACTED]")
}

// redactedError keeps errors.Is working while hiding the token from Error().
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }
