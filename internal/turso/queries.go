package turso

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// TopQueries is what one database's top queries endpoint answered.
type TopQueries struct {
	// Source is the endpoint that answered: SourceUsageQueries or SourceStats.
	Source string
	// Queries are ordered by SortQueries.
	Queries []Query
}

// Query is one statement of the top queries, with the rows it read and wrote.
type Query struct {
	// Text is the statement as the API sent it, cut to MaxQueryTextBytes with a marker.
	Text        string
	RowsRead    int64
	RowsWritten int64
}

// The endpoints that serve top queries, as TopQueries.Source names them.
const (
	// SourceUsageQueries is what the official CLI reads (undocumented): a bare JSON array.
	SourceUsageQueries = "usage/queries"
	// SourceStats is the documented endpoint, {"top_queries": [...]}; it does not work for databases on AWS.
	SourceStats = "stats"
)

// MaxQueryTextBytes bounds a query's text: a longer one is cut at a character boundary and ends
// with a marker saying how long it was. Such a body is not refused, unlike one with any other
// string over 64 KiB: the strings of these two endpoints may be as long as the body's cap.
const MaxQueryTextBytes = 64 << 10

var (
	usageQueriesEndpoint = endpoint[[]Query]{maxBytes: smallBodyLimit, decode: DecodeUsageQueries}
	statsEndpoint        = endpoint[[]Query]{maxBytes: smallBodyLimit, decode: DecodeStats}
)

// TopQueries reads a database's top queries since from (an RFC 3339 timestamp): from usage/queries,
// or from stats when usage/queries answers 404. An error of stats names both requests, usage/queries
// first, and unwraps to stats' own.
func (c *Client) TopQueries(ctx context.Context, slug, database, from string) (*TopQueries, error) {
	if err := CheckDatabaseName(database); err != nil {
		return nil, fmt.Errorf("database %q %w", database, err)
	}
	if err := CheckTimestamp(from); err != nil {
		return nil, fmt.Errorf("from %q %w", from, err)
	}
	// Both endpoints' requests share one read, so that the fallback cannot double the budget.
	ctx, end := c.StartRead(ctx)
	defer end()
	base := databasePath(database)
	queries, err := usageQueriesEndpoint.get(ctx, c, slug, base+"/usage/queries?"+url.Values{"from": {from}}.Encode())
	source := SourceUsageQueries
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound {
		queries, err = statsEndpoint.get(ctx, c, slug, base+"/stats")
		source = SourceStats
		if err != nil {
			err = fmt.Errorf("%s; then %w", apiErr.Error(), err)
		}
	}
	if err != nil {
		return nil, err
	}
	SortQueries(queries)
	return &TopQueries{Source: source, Queries: queries}, nil
}

// SortQueries orders queries by rows read, most first, then by rows written, most first, then by text.
func SortQueries(queries []Query) {
	slices.SortStableFunc(queries, func(a, b Query) int {
		if c := cmp.Compare(b.RowsRead, a.RowsRead); c != 0 {
			return c
		}
		if c := cmp.Compare(b.RowsWritten, a.RowsWritten); c != 0 {
			return c
		}
		return cmp.Compare(a.Text, b.Text)
	})
}

// DecodeUsageQueries decodes usage/queries: a bare array of queries.
func DecodeUsageQueries(r io.Reader) ([]Query, error) {
	allowLongStrings(r)
	var body usageQueriesBody
	if err := decodeJSON(r, &body); err != nil {
		return nil, err
	}
	if body.list == nil {
		if msg := jsonText(body.apiError, nil); msg != "" {
			return nil, &DecodeError{Reason: "the API answered 200 OK with an error instead of an array of queries: " + msg}
		}
		return nil, &DecodeError{Reason: "the body is a JSON object, want an array of queries"}
	}
	return convertQueries(*body.list, "")
}

// DecodeStats decodes stats: {"top_queries": [...]}, where null is no queries.
func DecodeStats(r io.Reader) ([]Query, error) {
	allowLongStrings(r)
	var env struct {
		TopQueries statsQueries   `json:"top_queries"`
		Error      jsontext.Value `json:"error"`
	}
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if !env.TopQueries.present {
		return nil, missingObject("top_queries", env.Error)
	}
	return convertQueries(env.TopQueries.list, "top_queries")
}

// statsQueries is stats' top_queries: an array, or null for none (unlike an absent key).
type statsQueries struct {
	list    []wireQuery
	present bool
}

func (q *statsQueries) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	q.present = true
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return err
	}
	return json.UnmarshalDecode(dec, &q.list)
}

// usageQueriesBody is the bare array of usage/queries, or an object carrying the API's error.
type usageQueriesBody struct {
	list     *[]wireQuery
	apiError jsontext.Value
}

func (b *usageQueriesBody) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch k := dec.PeekKind(); k {
	case '[':
		b.list = new([]wireQuery)
		return json.UnmarshalDecode(dec, b.list)
	case '{':
		var env struct {
			Error jsontext.Value `json:"error"`
		}
		err := json.UnmarshalDecode(dec, &env)
		b.apiError = env.Error
		return err
	case 0:
		_, err := dec.ReadToken()
		return err
	default:
		return &json.SemanticError{JSONKind: k, GoType: reflect.TypeFor[[]wireQuery]()}
	}
}

type wireQuery struct {
	Query       *string `json:"query"`
	RowsRead    Counter `json:"rows_read"`
	RowsWritten Counter `json:"rows_written"`
}

// convertQueries validates the queries of the array at JSON path at: every query has its text and
// both counts.
func convertQueries(list []wireQuery, at string) ([]Query, error) {
	out := make([]Query, len(list))
	for i, w := range list {
		where := func(key string) string {
			p := fmt.Sprintf("[%d].%s", i, key)
			if at != "" {
				return at + p
			}
			return p
		}
		if w.Query == nil {
			return nil, &DecodeError{Where: where("query"), Reason: "is missing or null"}
		}
		out[i].Text = CutQueryText(*w.Query)
		for _, c := range [...]struct {
			name string
			v    Counter
			dst  *int64
		}{{"rows_read", w.RowsRead, &out[i].RowsRead}, {"rows_written", w.RowsWritten, &out[i].RowsWritten}} {
			if p := c.v.problem(); p != "" {
				return nil, &DecodeError{Where: where(c.name), Reason: p}
			}
			v, ok := c.v.Int64()
			if !ok {
				return nil, &DecodeError{Where: where(c.name), Reason: "is missing or null"}
			}
			*c.dst = v
		}
	}
	return out, nil
}

// CutQueryText returns s, or its first MaxQueryTextBytes bytes, cut at a character boundary, and a
// marker saying how long it was.
func CutQueryText(s string) string {
	if len(s) <= MaxQueryTextBytes {
		return s
	}
	n := MaxQueryTextBytes
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + fmt.Sprintf(" /* truncated: %d of %d bytes */", n, len(s))
}
