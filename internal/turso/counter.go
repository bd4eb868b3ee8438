package turso

import (
	"bytes"
	"reflect"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Counter is one usage counter as the API sent it. Counters are exact 64-bit integers (they can
// exceed 2^53, so they never pass through float64); a counter the API omitted or sent as null is
// absent, and a value that is not a non-negative integer is kept as invalid until Validate reports it.
//
// It is packed into one word, as a large organization holds hundreds of thousands of counters: 0 is
// absent, 1+v is the value v (at most 2^63), and above 2^63 an invalid value's counterState.
type Counter struct{ raw uint64 }

const invalidCounterBase = 1 << 63

func counterOf(v int64, s counterState) Counter {
	switch s {
	case counterAbsent:
		return Counter{}
	case counterSet:
		return Counter{raw: uint64(v) + 1}
	}
	return Counter{raw: invalidCounterBase + uint64(s)}
}

func (c Counter) state() counterState {
	switch {
	case c.raw == 0:
		return counterAbsent
	case c.raw <= invalidCounterBase:
		return counterSet
	}
	return counterState(c.raw - invalidCounterBase)
}

type counterState uint8

const (
	counterAbsent counterState = iota
	counterSet
	counterString
	counterBool
	counterComposite
	counterFraction
	counterNegativeZero
	counterNegative
	counterOutOfRange
	counterMalformed
)

var counterProblems = [...]string{
	counterString:       "is a string, want an integer",
	counterBool:         "is a boolean, want an integer",
	counterComposite:    "is an object or array, want an integer",
	counterFraction:     "has a fraction or exponent, want an integer",
	counterNegativeZero: "is negative zero, want a non-negative integer",
	counterNegative:     "is negative, want a non-negative integer",
	counterOutOfRange:   "is larger than a 64-bit integer can hold (9223372036854775807)",
	counterMalformed:    "is not a JSON number",
}

// NewCounter returns a present counter holding v.
func NewCounter(v int64) Counter { return counterOf(v, counterSet) }

// Int64 returns the value and whether the API sent one.
func (c Counter) Int64() (int64, bool) {
	if c.state() != counterSet {
		return 0, false
	}
	return int64(c.raw - 1), true
}

// problem describes why the counter is invalid, or returns "" for a valid or absent counter.
func (c Counter) problem() string {
	if s := c.state(); s > counterSet {
		return counterProblems[s]
	}
	return ""
}

// UnmarshalJSONFrom takes any JSON value: it records what was wrong, so that validation can name the
// JSON path. Only a malformed document (which the decoder itself reports) fails it.
func (c *Counter) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*c = counterOf(parseCounter(raw))
	return nil
}

// counterField is one counter of a counter object: its JSON name and where it is kept. The tables
// below are the one place that names the API's counters, for decoding and for validation alike.
type counterField[T any] struct {
	name   string
	quoted []byte // the name as a JSON string, to match member names without unquoting them
	at     func(*T) *Counter
}

func counterTable[T any](fields ...counterField[T]) []counterField[T] {
	for i := range fields {
		fields[i].quoted, _ = jsontext.AppendQuote(nil, fields[i].name)
	}
	return fields
}

var (
	organizationCounterFields = counterTable(
		counterField[OrganizationCounters]{name: "rows_read", at: func(c *OrganizationCounters) *Counter { return &c.RowsRead }},
		counterField[OrganizationCounters]{name: "rows_written", at: func(c *OrganizationCounters) *Counter { return &c.RowsWritten }},
		counterField[OrganizationCounters]{name: "databases", at: func(c *OrganizationCounters) *Counter { return &c.Databases }},
		counterField[OrganizationCounters]{name: "locations", at: func(c *OrganizationCounters) *Counter { return &c.Locations }},
		counterField[OrganizationCounters]{name: "storage_bytes", at: func(c *OrganizationCounters) *Counter { return &c.StorageBytes }},
		counterField[OrganizationCounters]{name: "groups", at: func(c *OrganizationCounters) *Counter { return &c.Groups }},
		counterField[OrganizationCounters]{name: "bytes_synced", at: func(c *OrganizationCounters) *Counter { return &c.BytesSynced }},
	)
	usageCounterFields = counterTable(
		counterField[UsageCounters]{name: "rows_read", at: func(c *UsageCounters) *Counter { return &c.RowsRead }},
		counterField[UsageCounters]{name: "rows_written", at: func(c *UsageCounters) *Counter { return &c.RowsWritten }},
		counterField[UsageCounters]{name: "storage_bytes", at: func(c *UsageCounters) *Counter { return &c.StorageBytes }},
		counterField[UsageCounters]{name: "bytes_synced", at: func(c *UsageCounters) *Counter { return &c.BytesSynced }},
	)
	planQuotaFields = counterTable(
		counterField[PlanQuotas]{name: "rowsRead", at: func(q *PlanQuotas) *Counter { return &q.RowsRead }},
		counterField[PlanQuotas]{name: "rowsWritten", at: func(q *PlanQuotas) *Counter { return &q.RowsWritten }},
		counterField[PlanQuotas]{name: "databases", at: func(q *PlanQuotas) *Counter { return &q.Databases }},
		counterField[PlanQuotas]{name: "locations", at: func(q *PlanQuotas) *Counter { return &q.Locations }},
		counterField[PlanQuotas]{name: "storage", at: func(q *PlanQuotas) *Counter { return &q.Storage }},
		counterField[PlanQuotas]{name: "groups", at: func(q *PlanQuotas) *Counter { return &q.Groups }},
		counterField[PlanQuotas]{name: "bytesSynced", at: func(q *PlanQuotas) *Counter { return &q.BytesSynced }},
	)
)

// UnmarshalJSONFrom reads the organization's counters; unknown members are ignored.
func (c *OrganizationCounters) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return decodeCounters(dec, organizationCounterFields, c)
}

// UnmarshalJSONFrom reads a database's or an instance's counters; unknown members are ignored.
func (c *UsageCounters) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return decodeCounters(dec, usageCounterFields, c)
}

// UnmarshalJSONFrom reads a plan's quotas; unknown members are ignored.
func (q *PlanQuotas) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return decodeCounters(dec, planQuotaFields, q)
}

// decodeCounters reads a JSON object into v's counters by their names in fields.
func decodeCounters[T any](dec *jsontext.Decoder, fields []counterField[T], v *T) error {
	if k := dec.PeekKind(); k != '{' {
		if k == 0 { // a syntax or read error: let the decoder report it
			_, err := dec.ReadToken()
			return err
		}
		return &json.SemanticError{JSONKind: k, GoType: reflect.TypeFor[T]()}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		f := lookupCounter(fields, name)
		if f == nil {
			if err := dec.SkipValue(); err != nil {
				return err
			}
			continue
		}
		if err := f.at(v).UnmarshalJSONFrom(dec); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

func lookupCounter[T any](fields []counterField[T], quoted jsontext.Value) *counterField[T] {
	if bytes.IndexByte(quoted, '\\') >= 0 {
		if unquoted, err := jsontext.AppendUnquote(nil, quoted); err == nil {
			quoted, _ = jsontext.AppendQuote(nil, unquoted)
		}
	}
	for i := range fields {
		if bytes.Equal(fields[i].quoted, quoted) {
			return &fields[i]
		}
	}
	return nil
}

// checkCounters returns a *DecodeError for the first invalid counter of v, named where.name.
func checkCounters[T any](where string, fields []counterField[T], v *T) error {
	if name, problem := invalidCounter(fields, v); problem != "" {
		return &DecodeError{Where: where + "." + name, Reason: problem}
	}
	return nil
}

// invalidCounter returns the JSON name and the problem of v's first invalid counter, or "", "".
func invalidCounter[T any](fields []counterField[T], v *T) (name, problem string) {
	for i := range fields {
		if p := fields[i].at(v).problem(); p != "" {
			return fields[i].name, p
		}
	}
	return "", ""
}
func parseCounter(b []byte) (int64, counterState) {
	if len(b) == 0 {
		return 0, counterMalformed
	}
	switch b[0] {
	case 'n':
		return 0, counterAbsent
	case '"':
		return 0, counterString
	case 't', 'f':
		return 0, counterBool
	case '{', '[':
		return 0, counterComposite
	}
	digits := b
	if b[0] == '-' {
		digits = b[1:]
	}
	if len(digits) == 0 {
		return 0, counterMalformed
	}
	var v uint64
	for _, ch := range digits {
		switch {
		case ch >= '0' && ch <= '9':
			d := uint64(ch - '0')
			if v > (1<<63-1-d)/10 {
				return 0, counterOutOfRange
			}
			v = v*10 + d
		case ch == '.' || ch == 'e' || ch == 'E' || ch == '+' || ch == '-':
			return 0, counterFraction
		default:
			return 0, counterMalformed
		}
	}
	if b[0] == '-' {
		if v == 0 {
			return 0, counterNegativeZero
		}
		return 0, counterNegative
	}
	return int64(v), counterSet
}
