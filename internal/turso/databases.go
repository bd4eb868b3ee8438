package turso

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Database is one entry of GET /v1/organizations/{slug}/databases: the name and group of the
// database that the usage endpoints know by its UUID ("DbId" in the list).
type Database struct {
	Name string
	UUID string
	// Group is "" when the API sends none.
	Group string
}

// DatabasePage is one page of the database list; Next is the cursor of the next page, "" on the last.
type DatabasePage struct {
	Databases []Database
	Next      string
}

// databasePageLimit is the page size asked for, as the official CLI asks when not interactive.
const databasePageLimit = 1000

// maxListedDatabases bounds what a server that paginates forever can make the client hold.
const maxListedDatabases = 1_000_000

var (
	databasePageEndpoint  = endpoint[*DatabasePage]{maxBytes: smallBodyLimit, decode: DecodeDatabasePage}
	databaseUsageEndpoint = endpoint[*DatabaseUsage]{maxBytes: smallBodyLimit, decode: DecodeDatabaseUsage}
)

// Databases reads the organization's whole database list, following pagination.next until it is
// null or absent: one request per page, one after the other.
func (c *Client) Databases(ctx context.Context, slug string) ([]Database, error) {
	var all []Database
	seen := map[string]bool{}
	cursor := ""
	for {
		q := url.Values{"limit": {strconv.Itoa(databasePageLimit)}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		page, err := databasePageEndpoint.get(ctx, c, slug, "/databases?"+q.Encode())
		if err != nil {
			return nil, err
		}
		all = append(all, page.Databases...)
		if page.Next == "" {
			return all, nil
		}
		apiPath := "/v1/organizations/" + url.PathEscape(slug) + "/databases"
		switch {
		case seen[page.Next]:
			return nil, &DecodeError{Path: apiPath, Where: "pagination.next", Reason: fmt.Sprintf("repeats the cursor %q of an earlier page", c.redactor.excerpt(page.Next, 60, false))}
		case len(all) > maxListedDatabases:
			return nil, &DecodeError{Path: apiPath, Reason: fmt.Sprintf("the list goes on past %d databases", maxListedDatabases)}
		}
		seen[page.Next] = true
		cursor = page.Next
	}
}

// UsageWindow bounds a usage read: RFC 3339 timestamps, sent as given but for a lowercase "t" or "z",
// sent in upper case. An empty bound is left out,
// and the API's default applies (the current calendar month).
type UsageWindow struct {
	From, To string
}

// DatabaseUsage reads one database's usage, by name, in a window.
func (c *Client) DatabaseUsage(ctx context.Context, slug, database string, window UsageWindow) (*DatabaseUsage, error) {
	if err := CheckDatabaseName(database); err != nil {
		return nil, fmt.Errorf("database %q %w", database, err)
	}
	if err := CheckWindow(window); err != nil {
		return nil, err
	}
	suffix := "/databases/" + url.PathEscape(database) + "/usage"
	q := url.Values{}
	if window.From != "" {
		q.Set("from", CanonicalTimestamp(window.From))
	}
	if window.To != "" {
		q.Set("to", CanonicalTimestamp(window.To))
	}
	if len(q) > 0 {
		suffix += "?" + q.Encode()
	}
	return databaseUsageEndpoint.get(ctx, c, slug, suffix)
}

// CheckTimestamp accepts an RFC 3339 timestamp with its zone, as the usage endpoints take.
func CheckTimestamp(s string) error {
	if _, err := ParseTimestamp(s); err != nil {
		return fmt.Errorf("is not an RFC 3339 timestamp with a zone, such as 2026-11-01T00:00:00Z or 2026-11-01T00:00:00+01:00")
	}
	return nil
}

// CheckWindow checks both bounds, and that to is after from when both are given.
func CheckWindow(w UsageWindow) error {
	var bounds [2]time.Time
	for i, b := range [...]struct{ name, value string }{{"from", w.From}, {"to", w.To}} {
		if b.value == "" {
			continue
		}
		if err := CheckTimestamp(b.value); err != nil {
			return fmt.Errorf("%s %q %w", b.name, b.value, err)
		}
		bounds[i], _ = ParseTimestamp(b.value)
	}
	if w.From != "" && w.To != "" && !bounds[1].After(bounds[0]) {
		return fmt.Errorf("to %q is not after from %q", w.To, w.From)
	}
	return nil
}

type databasePageEnvelope struct {
	Databases  *[]wireListedDatabase `json:"databases"`
	Pagination *struct {
		Next *string `json:"next"`
	} `json:"pagination"`
	Error jsontext.Value `json:"error"`
}

// The list's keys are capitalised, but for "group". An absent or null key decodes as "", which is
// as unusable as an empty name or DbId, and means no group.
type wireListedDatabase struct {
	Name  string `json:"Name"`
	DbID  string `json:"DbId"`
	Group string `json:"group"`
}

// DecodeDatabasePage decodes one page of the database list. Every database needs a name and a DbId;
// a page without "pagination" is the whole list.
func DecodeDatabasePage(r io.Reader) (*DatabasePage, error) {
	var env databasePageEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.Databases == nil {
		return nil, missingObject("databases", env.Error)
	}
	page := &DatabasePage{Databases: make([]Database, len(*env.Databases))}
	for i, w := range *env.Databases {
		where := func(key string) string { return fmt.Sprintf("databases[%d].%s", i, key) }
		if w.Name == "" {
			return nil, &DecodeError{Where: where("Name"), Reason: "is missing or empty"}
		}
		if w.DbID == "" {
			return nil, &DecodeError{Where: where("DbId"), Reason: "is missing or empty"}
		}
		page.Databases[i] = Database{Name: w.Name, UUID: w.DbID, Group: w.Group}
	}
	if env.Pagination != nil && env.Pagination.Next != nil {
		page.Next = *env.Pagination.Next
	}
	return page, nil
}

type databaseUsageEnvelope struct {
	Database *wireDatabase `json:"database"`
	// The live API also sends the totals at the top level.
	Total *UsageCounters `json:"total"`
	Error jsontext.Value `json:"error"`
}

// DecodeDatabaseUsage decodes one database's usage. Its totals come from database.total, else
// database.usage, else the top-level total.
func DecodeDatabaseUsage(r io.Reader) (*DatabaseUsage, error) {
	var env databaseUsageEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.Database == nil {
		return nil, missingObject("database", env.Error)
	}
	db := env.Database
	var u DatabaseUsage
	if !db.Total.present && !db.Usage.present && env.Total != nil {
		if err := checkCounters("total", usageCounterFields, env.Total); err != nil {
			return nil, err
		}
		db.Total = wireCounters{counters: *env.Total, present: true}
	}
	if err := convertDatabaseAt(&u, db, func() string { return "database" }); err != nil {
		return nil, err
	}
	return &u, nil
}
