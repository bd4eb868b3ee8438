package turso

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Database is one entry of GET /v1/organizations/{slug}/databases: the name and group of the
// database that the usage endpoints know by its UUID ("DbId" in the list).
type Database struct {
	Name string
	UUID string
	// Group is "" when the API sends none.
	Group string
	// PrimaryRegion is "primaryRegion", "" when the API sends none.
	PrimaryRegion string
	// The database's own blocks (besides the organization's) and its protection from deletion.
	BlockReads, BlockWrites, DeleteProtection Flag
}

// Flag is a boolean that the API may omit or send as null.
type Flag uint8

// The values of a Flag.
const (
	FlagAbsent Flag = iota
	FlagFalse
	FlagTrue
)

// Bool returns the value and whether the API sent one.
func (f Flag) Bool() (value, ok bool) { return f == FlagTrue, f != FlagAbsent }

// UnmarshalJSONFrom reads true, false or null; anything else is the decoder's type error, with its path.
func (f *Flag) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch k := dec.PeekKind(); k {
	case 'n', 't', 'f', 0:
		tok, err := dec.ReadToken()
		switch {
		case err != nil:
			return err
		case k == 'n':
			*f = FlagAbsent
		case tok.Bool():
			*f = FlagTrue
		default:
			*f = FlagFalse
		}
		return nil
	default:
		return &json.SemanticError{JSONKind: k, GoType: reflect.TypeFor[bool]()}
	}
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

// maxDatabasePages bounds the pages of the list, empty ones included: the pages of maxListedDatabases
// databases, and a few more for a list that changes while it is read.
const maxDatabasePages = fullDatabasePages + 10

// fullDatabasePages is how many pages maxListedDatabases databases take.
const fullDatabasePages = (maxListedDatabases + databasePageLimit - 1) / databasePageLimit

var (
	databasePageEndpoint  = endpoint[*DatabasePage]{maxBytes: smallBodyLimit, decode: DecodeDatabasePage}
	databaseUsageEndpoint = endpoint[*DatabaseUsage]{maxBytes: smallBodyLimit, decode: DecodeDatabaseUsage}
)

// Databases reads the organization's whole database list, following pagination.next until it is
// null or absent: one request per page, one after the other, at most maxDatabasePages pages and
// maxListedDatabases databases, held compactly as each page arrives and at most maxListBytes of them.
// The list comes back indexed.
func (c *Client) Databases(ctx context.Context, slug string) (*DatabaseList, error) {
	ctx, end := c.StartRead(ctx)
	defer end()
	list := &DatabaseList{}
	seen := map[[sha256.Size]byte]bool{} // the cursors so far, hashed: a server's cursors can be long
	cursor := ""
	apiPath := c.redactor.redact("/v1/organizations/" + url.PathEscape(slug) + "/databases")
	for n := 1; ; n++ {
		q := url.Values{"limit": {strconv.Itoa(databasePageLimit)}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		page, err := databasePageEndpoint.get(ctx, c, slug, "/databases?"+q.Encode())
		if err != nil {
			return nil, err
		}
		if err := list.add(page.Databases); err != nil {
			return nil, &LimitError{Method: http.MethodGet, Path: apiPath, Limit: fmt.Sprintf("the database list %v, after %d pages (%d databases)", err, n, list.Len())}
		}
		if page.Next == "" {
			list.Index()
			return list, nil
		}
		next := sha256.Sum256([]byte(page.Next))
		switch {
		case seen[next]:
			return nil, &DecodeError{Path: apiPath, Where: "pagination.next", Reason: fmt.Sprintf("repeats the cursor %q of an earlier page", c.redactor.excerpt(page.Next, 60, false))}
		case list.Len() > maxListedDatabases:
			return nil, &LimitError{Method: http.MethodGet, Path: apiPath, Limit: fmt.Sprintf(
				"the database list goes on past %d databases, after %d pages", maxListedDatabases, n)}
		case n >= maxDatabasePages:
			return nil, &LimitError{Method: http.MethodGet, Path: apiPath, Limit: fmt.Sprintf(
				"the database list names a next page after %d pages (%d databases so far); %d databases take at most %d pages of %d",
				n, list.Len(), maxListedDatabases, fullDatabasePages, databasePageLimit)}
		}
		seen[next] = true
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
	suffix := databasePath(database) + "/usage"
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

// databasePath is the path of one database below its organization's. The name is escaped even though
// CheckDatabaseName lets no character through that would need it: the path stays one segment should
// that check ever be relaxed.
func databasePath(name string) string { return "/databases/" + url.PathEscape(name) }

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
	Name             string `json:"Name"`
	DbID             string `json:"DbId"`
	Group            string `json:"group"`
	PrimaryRegion    string `json:"primaryRegion"`
	BlockReads       Flag   `json:"block_reads"`
	BlockWrites      Flag   `json:"block_writes"`
	DeleteProtection Flag   `json:"delete_protection"`
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
		page.Databases[i] = Database{Name: w.Name, UUID: w.DbID, Group: w.Group, PrimaryRegion: w.PrimaryRegion,
			BlockReads: w.BlockReads, BlockWrites: w.BlockWrites, DeleteProtection: w.DeleteProtection}
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
