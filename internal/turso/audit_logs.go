package turso

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// The audit log, GET /v1/organizations/{slug}/audit-logs?page=&page_size=, comes in pages, newest
// first, with no time filter. A read asks for pages of AuditLogPageSize in order and stops at the
// first entry older than its Since, once Limit matching entries are in, or at the last page; it never
// asks for a page past the one where it stops. The early stop relies on the order, so the order is
// checked: an entry newer than the one before it, on its page or the page before, or a page that
// repeats one already read, is a malformed response. At most MaxAuditLogPages pages are read,
// whatever the server answers.

// Bounds of an audit log read.
const (
	// AuditLogPageSize is the page size asked for: the API's default.
	AuditLogPageSize = 100
	// MaxAuditLogPages bounds the pages of one read, with or without Since.
	MaxAuditLogPages = 2000
	// DefaultAuditLogLimit and MaxAuditLogLimit are the default and largest Limit.
	DefaultAuditLogLimit = 1000
	MaxAuditLogLimit     = 10_000
	// maxAuditLogHeld bounds the bytes of the entries a read keeps: 10,000 entries of 3 KiB each.
	maxAuditLogHeld = 32 << 20
)

// AuditLogQuery says which entries a read returns: those created at or after Since (an RFC 3339
// timestamp; "" for no bound) whose code is one of Codes (nil for every code), at most Limit of them.
type AuditLogQuery struct {
	Since string
	Codes []string
	Limit int
}

// AuditLogEntry is one entry of the audit log. Pointer fields are nil when the API sends null or
// leaves the key out.
type AuditLogEntry struct {
	Code string
	// CreatedAt is the RFC 3339 timestamp as sent.
	CreatedAt string
	Message   *string
	Origin    *string
	Author    *string
	// Data is the entry's "data" object as compact JSON.
	Data        *string
	IP          *string
	City        *string
	CountryCode *string

	at time.Time
}

// AuditLog is what a read returns: the matching entries, newest first, and whether Limit ended the
// read while the log may hold more matching entries inside the window.
type AuditLog struct {
	Entries   []AuditLogEntry
	Truncated bool
	// Pages is how many pages were read.
	Pages int
}

// AuditLogPage is one page of the log.
type AuditLogPage struct {
	Entries []AuditLogEntry
	// Page and TotalPages are the page's pagination, 0 when the API leaves them out.
	Page, TotalPages int
}

var auditLogPageEndpoint = endpoint[*AuditLogPage]{maxBytes: smallBodyLimit, decode: DecodeAuditLogPage}

// CheckAuditLogQuery checks Since's form and Limit's range, and that Codes, when given, names codes.
func CheckAuditLogQuery(q AuditLogQuery) error {
	if q.Since != "" {
		if err := CheckTimestamp(q.Since); err != nil {
			return fmt.Errorf("since %q %w", q.Since, err)
		}
	}
	if q.Limit < 1 || q.Limit > MaxAuditLogLimit {
		return fmt.Errorf("limit %d is not between 1 and %d", q.Limit, MaxAuditLogLimit)
	}
	if q.Codes != nil && len(q.Codes) == 0 {
		return errors.New("codes is empty: name at least one code, or none to keep every entry")
	}
	for _, code := range q.Codes {
		if err := CheckAuditLogCode(code); err != nil {
			return fmt.Errorf("code %q %w", code, err)
		}
	}
	return nil
}

// CheckAuditLogCode accepts a code as the API spells them: lowercase letters, digits, '-' and '_',
// such as "db-delete". Codes the documentation does not list are accepted: new ones appear.
func CheckAuditLogCode(code string) error {
	if code == "" {
		return errors.New("is empty")
	}
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("contains %q: codes are lowercase letters, digits, '-' and '_', such as \"db-delete\"", r)
		}
	}
	return nil
}

// AuditLogs reads the organization's audit log as q asks, one page after the other.
func (c *Client) AuditLogs(ctx context.Context, slug string, q AuditLogQuery) (*AuditLog, error) {
	if err := CheckAuditLogQuery(q); err != nil {
		return nil, err
	}
	ctx, end := c.StartRead(ctx)
	defer end()
	apiPath := c.redactor.redact("/v1/organizations/" + url.PathEscape(slug) + "/audit-logs")
	read := newAuditLogRead(q)
	for n := 1; ; n++ {
		query := url.Values{"page": {strconv.Itoa(n)}, "page_size": {strconv.Itoa(AuditLogPageSize)}}
		page, err := auditLogPageEndpoint.get(ctx, c, slug, "/audit-logs?"+query.Encode())
		if err != nil {
			return nil, err
		}
		done, err := read.add(n, page)
		var de *DecodeError
		var le *LimitError
		switch {
		case errors.As(err, &de):
			de.Path = apiPath
			return nil, de
		case errors.As(err, &le):
			le.Method, le.Path = http.MethodGet, apiPath
			return nil, le
		case done:
			return &read.log, nil
		case n >= MaxAuditLogPages:
			return nil, &LimitError{Method: http.MethodGet, Path: apiPath, Limit: fmt.Sprintf(
				"the audit log goes on past %d pages of %d entries (%d entries kept so far); a read takes at most %d pages, with or without since",
				n, AuditLogPageSize, len(read.log.Entries), MaxAuditLogPages)}
		}
	}
}

// auditLogRead is a read's progress over the pages, in order. It knows nothing of HTTP: errors it
// returns carry no path.
type auditLogRead struct {
	q     AuditLogQuery
	since time.Time
	codes map[string]bool
	log   AuditLog
	held  int
	// last is the oldest entry so far, and lastPage its page.
	last     *AuditLogEntry
	lastPage int
	digests  map[[sha256.Size]byte]int
}

func newAuditLogRead(q AuditLogQuery) *auditLogRead {
	r := &auditLogRead{q: q, digests: map[[sha256.Size]byte]int{}}
	if q.Since != "" {
		r.since, _ = ParseTimestamp(q.Since)
	}
	if q.Codes != nil {
		r.codes = map[string]bool{}
		for _, code := range q.Codes {
			r.codes[code] = true
		}
	}
	return r
}

// add takes page n, and says whether the read stops there.
func (r *auditLogRead) add(n int, page *AuditLogPage) (bool, error) {
	r.log.Pages = n
	if page.Page != 0 && page.Page != n {
		return false, &DecodeError{Where: "pagination.page", Reason: fmt.Sprintf("is %d on the request for page %d", page.Page, n)}
	}
	if err := r.checkOrder(n, page.Entries); err != nil {
		return false, err
	}
	for i := range page.Entries {
		e := &page.Entries[i]
		if r.outside(e) {
			return true, nil
		}
		if !r.matches(e) {
			continue
		}
		r.held += e.size()
		if r.held > maxAuditLogHeld {
			return false, &LimitError{Limit: fmt.Sprintf("the audit log's matching entries take more than %d MiB held, after %d pages (%d entries)",
				maxAuditLogHeld>>20, n, len(r.log.Entries))}
		}
		r.log.Entries = append(r.log.Entries, *e)
		if len(r.log.Entries) == r.q.Limit {
			r.log.Truncated = r.moreAfter(n, page, i+1)
			return true, nil
		}
	}
	return isLastAuditLogPage(n, page), nil
}

// checkOrder refuses a page that repeats an earlier one, and an entry newer than the one before it.
func (r *auditLogRead) checkOrder(n int, entries []AuditLogEntry) error {
	digest := auditLogDigest(entries)
	if earlier, ok := r.digests[digest]; ok && len(entries) > 0 {
		return &DecodeError{Where: "audit_logs", Reason: fmt.Sprintf("page %d repeats page %d, entry for entry", n, earlier)}
	}
	r.digests[digest] = n
	for i := range entries {
		e := &entries[i]
		if r.last != nil && e.at.After(r.last.at) {
			before := fmt.Sprintf("the entry before it on page %d (%s)", n, r.last.CreatedAt)
			if i == 0 {
				before = fmt.Sprintf("the last entry of page %d (%s)", r.lastPage, r.last.CreatedAt)
			}
			return &DecodeError{Where: fmt.Sprintf("audit_logs[%d].created_at", i), Reason: fmt.Sprintf(
				"on page %d, %s is newer than %s: the log must come newest first", n, e.CreatedAt, before)}
		}
		r.last, r.lastPage = e, n
	}
	return nil
}

// outside says whether e is older than the window.
func (r *auditLogRead) outside(e *AuditLogEntry) bool {
	return !r.since.IsZero() && e.at.Before(r.since)
}

func (r *auditLogRead) matches(e *AuditLogEntry) bool { return r.codes == nil || r.codes[e.Code] }

// moreAfter says whether the log may hold more matching entries in the window past entry i of the
// page: the page shows one, or it ends inside the window and is not the last.
func (r *auditLogRead) moreAfter(n int, page *AuditLogPage, i int) bool {
	for _, e := range page.Entries[i:] {
		switch {
		case r.outside(&e):
			return false
		case r.matches(&e):
			return true
		}
	}
	return !isLastAuditLogPage(n, page)
}

// isLastAuditLogPage says whether page n is the log's last: an empty page, one shorter than asked
// for, or one whose pagination says so.
func isLastAuditLogPage(n int, page *AuditLogPage) bool {
	return len(page.Entries) == 0 || len(page.Entries) < AuditLogPageSize || (page.TotalPages != 0 && n >= page.TotalPages)
}

// size is about what an entry holds, in bytes.
func (e *AuditLogEntry) size() int {
	n := len(e.Code) + len(e.CreatedAt) + 64
	for _, s := range []*string{e.Message, e.Origin, e.Author, e.Data, e.IP, e.City, e.CountryCode} {
		if s != nil {
			n += len(*s)
		}
	}
	return n
}

// auditLogDigest identifies a page by its entries.
func auditLogDigest(entries []AuditLogEntry) [sha256.Size]byte {
	h := sha256.New()
	for _, e := range entries {
		for _, s := range []*string{&e.Code, &e.CreatedAt, e.Message, e.Origin, e.Author, e.Data, e.IP, e.City, e.CountryCode} {
			if s == nil {
				h.Write([]byte{0})
				continue
			}
			fmt.Fprintf(h, "%d:%s", len(*s), *s)
		}
	}
	var d [sha256.Size]byte
	h.Sum(d[:0])
	return d
}

type auditLogEnvelope struct {
	AuditLogs  *[]wireAuditLogEntry `json:"audit_logs"`
	Pagination *struct {
		Page       *int `json:"page"`
		TotalPages *int `json:"total_pages"`
	} `json:"pagination"`
	Error jsontext.Value `json:"error"`
}

type wireAuditLogEntry struct {
	Code        *string        `json:"code"`
	Message     *string        `json:"message"`
	Origin      *string        `json:"origin"`
	Author      *string        `json:"author"`
	CreatedAt   *string        `json:"created_at"`
	Data        jsontext.Value `json:"data"`
	IP          *string        `json:"ip"`
	City        *string        `json:"city"`
	CountryCode *string        `json:"country_code"`
}

// DecodeAuditLogPage decodes one page of the audit log. Every entry needs a code and an RFC 3339
// created_at; its data is an object or null. A page without pagination is judged by its length.
func DecodeAuditLogPage(r io.Reader) (*AuditLogPage, error) {
	var env auditLogEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.AuditLogs == nil {
		return nil, missingObject("audit_logs", env.Error)
	}
	page := &AuditLogPage{Entries: make([]AuditLogEntry, len(*env.AuditLogs))}
	for i, w := range *env.AuditLogs {
		e, err := w.convert(i)
		if err != nil {
			return nil, err
		}
		page.Entries[i] = e
	}
	if p := env.Pagination; p != nil {
		for _, v := range []struct {
			key string
			n   *int
			dst *int
		}{{"page", p.Page, &page.Page}, {"total_pages", p.TotalPages, &page.TotalPages}} {
			if v.n != nil && *v.n < 0 {
				return nil, &DecodeError{Where: "pagination." + v.key, Reason: fmt.Sprintf("is %d, want a number of pages", *v.n)}
			}
			if v.n != nil {
				*v.dst = *v.n
			}
		}
	}
	return page, nil
}

func (w wireAuditLogEntry) convert(i int) (AuditLogEntry, error) {
	where := func(key string) string { return fmt.Sprintf("audit_logs[%d].%s", i, key) }
	if w.Code == nil || *w.Code == "" {
		return AuditLogEntry{}, &DecodeError{Where: where("code"), Reason: "is missing or empty"}
	}
	if w.CreatedAt == nil {
		return AuditLogEntry{}, &DecodeError{Where: where("created_at"), Reason: "is missing or null"}
	}
	at, err := ParseTimestamp(*w.CreatedAt)
	if err != nil {
		return AuditLogEntry{}, &DecodeError{Where: where("created_at"), Reason: fmt.Sprintf("is %q, not an RFC 3339 timestamp such as \"2026-11-10T12:00:00Z\"", *w.CreatedAt)}
	}
	e := AuditLogEntry{Code: *w.Code, CreatedAt: *w.CreatedAt, Message: w.Message, Origin: w.Origin, Author: w.Author,
		IP: w.IP, City: w.City, CountryCode: w.CountryCode, at: at}
	switch k := w.Data.Kind(); k {
	case 0, 'n':
	case '{':
		data := w.Data.Clone()
		if err := data.Compact(); err != nil {
			return AuditLogEntry{}, &DecodeError{Where: where("data"), Reason: "cannot be decoded: " + err.Error()}
		}
		s := string(data)
		e.Data = &s
	default:
		return AuditLogEntry{}, &DecodeError{Where: where("data"), Reason: fmt.Sprintf("is a JSON %s, want an object", kindName(k))}
	}
	return e, nil
}
