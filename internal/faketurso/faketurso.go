// Package faketurso is a fake Turso Platform API for tests and the demo. It serves fixtures,
// checks the bearer token, records every request and plays scripted faults.
package faketurso

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Token is the bearer token the fake accepts unless told otherwise.
const Token = "fake-turso-token-7f3a9c"

// Organization slugs served from fixtures by every new Server.
const (
	OrgReference = "reference" // the API reference's example, verbatim
	OrgLive      = "live"      // the shape the live API sends: totals under "usage", extra keys, big counters
	OrgDemo      = "demo"      // a small realistic organization
	OrgEmpty     = "empty"     // no databases
)

//go:embed fixtures/*.json
var fixtures embed.FS

// Fixture returns an embedded fixture by file name, e.g. "usage_reference.json".
func Fixture(name string) []byte {
	b, err := fixtures.ReadFile("fixtures/" + name)
	if err != nil {
		panic(fmt.Sprintf("faketurso: no fixture %q", name))
	}
	return b
}

// Fault is one scripted response. Zero fields mean: no delay, status 200, the fixture body.
type Fault struct {
	Status     int
	RetryAfter string
	Header     http.Header
	// Body replaces the fixture body when non-nil.
	Body []byte
	// Stream, when set, writes the body as it is sent (chunked, no Content-Length) instead of Body.
	Stream func(r *http.Request, w io.Writer)
	// Delay waits before answering (or until the client goes away).
	Delay time.Duration
	// Hang accepts the request and never answers, until the client gives up or the server closes.
	Hang bool
	// HoldUntil holds the request until the channel is closed, then plays the rest of the fault: a
	// test's signal instead of a delay.
	HoldUntil <-chan struct{}
	// Gzip sends the body gzip-compressed with Content-Encoding: gzip.
	Gzip bool
	// CutAfter, when positive, announces the whole body but sends only this many bytes, then closes
	// the connection; with Reset the close is abortive (TCP RST).
	CutAfter int
	Reset    bool
	// Location makes the response a 302 redirect to this URL.
	Location string
}

// Request is what the fake recorded of one request.
type Request struct {
	Method string
	Path   string
	// Query is the query string as sent, still encoded.
	Query  string
	Header http.Header
	At     time.Time
}

// Server is the fake API. It is safe for concurrent use.
type Server struct {
	mu     sync.Mutex
	tokens map[string]bool
	bodies map[string][]byte // API path -> body
	script map[string][]Fault
	faults map[string]Fault // played on every request once the script is empty
	// databases are the database lists, by organization slug (databases.go).
	databases map[string][]databaseEntry
	pageSize  int
	clock     time.Time // zero: the real clock (window.go)
	requests  []Request
	closed    chan struct{}
	mux       *http.ServeMux

	// expiries are what /v1/auth/validate answers for each token (access.go).
	expiries map[string]int64
}

// New returns a fake that accepts Token and serves the fixture organizations.
func New() *Server {
	s := &Server{
		tokens:    map[string]bool{Token: true},
		bodies:    map[string][]byte{},
		script:    map[string][]Fault{},
		faults:    map[string]Fault{},
		databases: map[string][]databaseEntry{},
		closed:    make(chan struct{}),
		mux:       http.NewServeMux(),
	}
	s.SetUsage(OrgReference, Fixture("usage_reference.json"))
	s.SetUsage(OrgLive, Fixture("usage_live.json"))
	s.SetUsage(OrgDemo, Fixture("usage_demo.json"))
	s.SetUsage(OrgEmpty, Fixture("usage_empty.json"))
	s.mux.HandleFunc("GET /v1/organizations/{slug}/usage", s.serveFixture)
	s.serveQuota()
	s.serveDatabases()
	s.serveInvoices()
	s.serveTopQueries()
	s.serveAuditLogs()
	s.serveDatabaseConfigurations()
	s.serveAccess()
	return s
}

// UsagePath is the API path of an organization's usage.
func UsagePath(slug string) string { return "/v1/organizations/" + slug + "/usage" }

// SetUsage serves body as the usage of organization slug.
func (s *Server) SetUsage(slug string, body []byte) { s.SetBody(UsagePath(slug), body) }

// Organizations returns the slugs of the organizations whose usage is served, sorted.
func (s *Server) Organizations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var slugs []string
	for p := range s.bodies {
		if slug, ok := strings.CutPrefix(p, "/v1/organizations/"); ok {
			if slug, ok := strings.CutSuffix(slug, "/usage"); ok && !strings.Contains(slug, "/") {
				slugs = append(slugs, slug)
			}
		}
	}
	slices.Sort(slugs)
	return slugs
}

// SetBody serves body at an API path.
func (s *Server) SetBody(apiPath string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies[apiPath] = body
}

// SetTokens replaces the accepted tokens.
func (s *Server) SetTokens(tokens ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]bool{}
	for _, t := range tokens {
		s.tokens[t] = true
	}
}

// Script queues faults for an API path; each request to it plays the next one, then the fixture.
func (s *Server) Script(apiPath string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script[apiPath] = append(s.script[apiPath], faults...)
}

// SetFault plays f on every request to an API path whose script is empty.
func (s *Server) SetFault(apiPath string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[apiPath] = f
}

// Requests returns a copy of the requests seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestCount returns how many requests were made to an API path.
func (s *Server) RequestCount(apiPath string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == apiPath {
			n++
		}
	}
	return n
}

// Close releases hanging handlers.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), At: time.Now()})
	fault, scripted := s.nextFault(r.URL.Path)
	authorized := s.tokens[bearer(r)]
	s.mu.Unlock()

	if scripted {
		s.play(w, r, fault)
		return
	}
	if !authorized {
		writeError(w, http.StatusUnauthorized, "token is invalid or expired")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// nextFault pops the next scripted fault; s.mu must be held.
func (s *Server) nextFault(apiPath string) (Fault, bool) {
	q := s.script[apiPath]
	if len(q) == 0 {
		f, ok := s.faults[apiPath]
		return f, ok
	}
	s.script[apiPath] = q[1:]
	return q[0], true
}

func bearer(r *http.Request) string {
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(prefix) || h[:len(prefix)] != prefix {
		return ""
	}
	return h[len(prefix):]
}

func (s *Server) serveFixture(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	body, ok := s.bodies[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "organization not found")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

func (s *Server) play(w http.ResponseWriter, r *http.Request, f Fault) {
	if f.Hang {
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		return
	}
	if f.HoldUntil != nil {
		select {
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		case <-f.HoldUntil:
		}
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return
		case <-s.closed:
			return
		case <-t.C:
		}
	}
	body := f.Body
	if body == nil {
		s.mu.Lock()
		body = s.bodies[r.URL.Path]
		s.mu.Unlock()
	}
	for k, vs := range f.Header {
		w.Header()[k] = vs
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Location != "" {
		http.Redirect(w, r, f.Location, http.StatusFound)
		return
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	if f.Stream != nil {
		stream(w, r, status, f)
		return
	}
	if f.Gzip {
		body = gzipped(body)
		w.Header().Set("Content-Encoding", "gzip")
	}
	if f.CutAfter > 0 {
		cut(w, status, body, f.CutAfter, f.Reset)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// stream sends a Stream fault's body as it is written, gzip-compressed on the way with Gzip.
func stream(w http.ResponseWriter, r *http.Request, status int, f Fault) {
	if !f.Gzip {
		w.WriteHeader(status)
		f.Stream(r, w)
		return
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.WriteHeader(status)
	zw := gzip.NewWriter(w)
	f.Stream(r, zw)
	_ = zw.Close()
}

// cut announces the full body, sends only its first n bytes and drops the connection.
func cut(w http.ResponseWriter, status int, body []byte, n int, reset bool) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", status, http.StatusText(status), len(body))
	_, _ = buf.Write(body[:min(n, len(body))])
	_ = buf.Flush()
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
}

func gzipped(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}

// ErrorBody is the API's error JSON.
func ErrorBody(message string) []byte {
	return []byte(fmt.Sprintf(`{"error":%q}`, message))
}

func writeError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(ErrorBody(message))
}
