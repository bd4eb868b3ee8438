package turso

import (
	"context"
	"fmt"
	"io"
	"reflect"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// OrganizationUsage is GET /v1/organizations/{slug}/usage: the current billing cycle's usage.
type OrganizationUsage struct {
	UUID  string
	Usage OrganizationCounters
	// Databases is in the API's order; nil when only the summary was requested.
	Databases *UsageDatabases
}

// OrganizationCounters is the organization-wide "usage" object (its JSON names: organizationCounterFields).
type OrganizationCounters struct {
	RowsRead     Counter
	RowsWritten  Counter
	Databases    Counter
	Locations    Counter
	StorageBytes Counter
	Groups       Counter
	BytesSynced  Counter
}

// UsageCounters are the counters of one database or one instance (their JSON names: usageCounterFields).
type UsageCounters struct {
	RowsRead     Counter
	RowsWritten  Counter
	StorageBytes Counter
	BytesSynced  Counter
}

// DatabaseUsage is one database: its instances and its total as the API reports it (never recomputed).
type DatabaseUsage struct {
	UUID      string
	Instances []InstanceUsage
	Total     UsageCounters
}

// InstanceUsage is one instance of a database. Instance UUIDs can repeat across databases.
type InstanceUsage struct {
	UUID  string
	Usage UsageCounters
}

var (
	organizationUsageEndpoint = endpoint[*OrganizationUsage]{maxBytes: usageBodyLimit, decode: func(r io.Reader) (*OrganizationUsage, error) {
		return DecodeOrganizationUsage(r, true)
	}}
	organizationUsageSummaryEndpoint = endpoint[*OrganizationUsage]{maxBytes: usageBodyLimit, decode: func(r io.Reader) (*OrganizationUsage, error) {
		return DecodeOrganizationUsage(r, false)
	}}
)

// OrganizationUsage reads the organization's usage, databases included.
func (c *Client) OrganizationUsage(ctx context.Context, slug string) (*OrganizationUsage, error) {
	return organizationUsageEndpoint.get(ctx, c, slug, "/usage")
}

// OrganizationUsageSummary reads only the organization's uuid and counters: the response is still
// read whole (the API has no other form), but the databases are skipped as they stream past.
func (c *Client) OrganizationUsageSummary(ctx context.Context, slug string) (*OrganizationUsage, error) {
	return organizationUsageSummaryEndpoint.get(ctx, c, slug, "/usage")
}

// The wire types follow the JSON; DecodeOrganizationUsage validates them into the public types.
type usageEnvelope struct {
	Organization *wireOrganization `json:"organization"`
	Error        jsontext.Value    `json:"error"`
}

type wireOrganization struct {
	UUID      *string               `json:"uuid"`
	Usage     *OrganizationCounters `json:"usage"`
	Databases *databaseList         `json:"databases"`
}

type summaryEnvelope struct {
	Organization *struct {
		UUID  *string               `json:"uuid"`
		Usage *OrganizationCounters `json:"usage"`
	} `json:"organization"`
	Error jsontext.Value `json:"error"`
}

// databaseList converts each database into the compact table as soon as it is decoded, so that the
// wire form of a large organization is never held whole.
type databaseList struct{ databases *UsageDatabases }

func (l *databaseList) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if k := dec.PeekKind(); k != '[' {
		if k == 0 {
			_, err := dec.ReadToken()
			return err
		}
		return &json.SemanticError{JSONKind: k, GoType: reflect.TypeFor[[]wireDatabase]()}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	l.databases = &UsageDatabases{}
	w := new(wireDatabase) // reused: each database is copied out of it
	for i := 0; dec.PeekKind() != ']'; i++ {
		w.reset()
		if err := json.UnmarshalDecode(dec, w); err != nil {
			return err
		}
		if err := l.databases.add(w, i); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

type wireDatabase struct {
	UUID      wireString     `json:"uuid"`
	Instances []wireInstance `json:"instances"`
	// The reference documents "total"; the live API sends the same object as "usage".
	Total wireCounters `json:"total"`
	Usage wireCounters `json:"usage"`
}

// reset empties w for the next database, keeping its buffers.
func (w *wireDatabase) reset() {
	instances := w.Instances[:cap(w.Instances)]
	for j := range instances {
		instances[j] = wireInstance{UUID: wireString{b: instances[j].UUID.b[:0]}}
	}
	*w = wireDatabase{UUID: wireString{b: w.UUID.b[:0]}, Instances: w.Instances[:0]}
}

type wireInstance struct {
	UUID  wireString   `json:"uuid"`
	Usage wireCounters `json:"usage"`
}

// wireString is a string that may be absent or null, read into a buffer that is reused from one
// database to the next: a large organization has hundreds of thousands of them, and an allocation
// each would be as much garbage. Absent, null and "" are all empty.
type wireString struct{ b []byte }

func (w *wireString) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch k := dec.PeekKind(); k {
	case 'n':
		_, err := dec.ReadToken()
		w.b = w.b[:0]
		return err
	case '"':
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		w.b, err = jsontext.AppendUnquote(w.b[:0], v)
		return err
	case 0:
		_, err := dec.ReadToken()
		return err
	default:
		return &json.SemanticError{JSONKind: k, GoType: reflect.TypeFor[string]()}
	}
}

// wireCounters is a counter object that may be absent or null, held by value like wireString.
type wireCounters struct {
	counters UsageCounters
	present  bool
}

func (w *wireCounters) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		*w = wireCounters{}
		return err
	}
	w.present = true
	return w.counters.UnmarshalJSONFrom(dec)
}

// get returns the counters, or nil when they were absent or null.
func (w *wireCounters) get() *UsageCounters {
	if !w.present {
		return nil
	}
	return &w.counters
}

// DecodeOrganizationUsage decodes and validates a usage response body as it streams. Unknown keys are
// ignored; anything else that is not the documented shape is a *DecodeError naming the JSON path.
func DecodeOrganizationUsage(r io.Reader, withDatabases bool) (*OrganizationUsage, error) {
	if !withDatabases {
		var env summaryEnvelope
		if err := decodeJSON(r, &env); err != nil {
			return nil, err
		}
		if env.Organization == nil {
			return nil, missingObject("organization", env.Error)
		}
		return validateOrganization(env.Organization.UUID, env.Organization.Usage, nil)
	}
	var env usageEnvelope
	if err := decodeJSON(r, &env); err != nil {
		return nil, err
	}
	if env.Organization == nil {
		return nil, missingObject("organization", env.Error)
	}
	o := env.Organization
	out, err := validateOrganization(o.UUID, o.Usage, o.Databases)
	if err == nil && out.Databases != nil {
		out.Databases.redactTexts(bodyRedactor(r))
	}
	return out, err
}

func validateOrganization(uuid *string, usage *OrganizationCounters, databases *databaseList) (*OrganizationUsage, error) {
	if uuid == nil || *uuid == "" {
		return nil, &DecodeError{Where: "organization.uuid", Reason: "is missing or empty"}
	}
	if usage == nil {
		return nil, &DecodeError{Where: "organization.usage", Reason: "is missing or null"}
	}
	if err := checkCounters("organization.usage", organizationCounterFields, usage); err != nil {
		return nil, err
	}
	out := &OrganizationUsage{UUID: *uuid, Usage: *usage}
	if databases != nil {
		out.Databases = databases.databases
	}
	return out, nil
}

// convertDatabaseAt validates the database at the JSON path that at returns into dst.
func convertDatabaseAt(dst *DatabaseUsage, src *wireDatabase, at func() string) error {
	total, err := checkDatabase(src, at)
	if err != nil {
		return err
	}
	dst.UUID = string(src.UUID.b)
	dst.Total = *total
	dst.Instances = make([]InstanceUsage, len(src.Instances))
	for j := range src.Instances {
		in := &src.Instances[j]
		dst.Instances[j] = InstanceUsage{UUID: string(in.UUID.b), Usage: in.Usage.counters}
	}
	return nil
}

// checkDatabase validates the database at the JSON path that at returns, and returns its total.
// Paths are built only for an error: a large organization has hundreds of thousands of valid objects.
func checkDatabase(src *wireDatabase, at func() string) (*UsageCounters, error) {
	if len(src.UUID.b) == 0 {
		return nil, &DecodeError{Where: at() + ".uuid", Reason: "is missing or empty"}
	}
	total, key := src.Total.get(), ".total"
	if total == nil {
		total, key = src.Usage.get(), ".usage"
	}
	if total == nil {
		return nil, &DecodeError{Where: at(), Reason: `has neither "total" nor "usage"`}
	}
	if name, problem := invalidCounter(usageCounterFields, total); problem != "" {
		return nil, &DecodeError{Where: at() + key + "." + name, Reason: problem}
	}
	for j := range src.Instances {
		in := &src.Instances[j]
		instance := func() string { return fmt.Sprintf("%s.instances[%d]", at(), j) }
		if len(in.UUID.b) == 0 {
			return nil, &DecodeError{Where: instance() + ".uuid", Reason: "is missing or empty"}
		}
		usage := in.Usage.get()
		if usage == nil {
			return nil, &DecodeError{Where: instance() + ".usage", Reason: "is missing or null"}
		}
		if name, problem := invalidCounter(usageCounterFields, usage); problem != "" {
			return nil, &DecodeError{Where: instance() + ".usage." + name, Reason: problem}
		}
	}
	return total, nil
}
