package turso

import (
	"context"
	"encoding/json"
	"fmt"
)

// OrganizationUsage is GET /v1/organizations/{slug}/usage: the current billing cycle's usage.
type OrganizationUsage struct {
	UUID  string
	Usage OrganizationCounters
	// Databases is in the API's order; nil when only the summary was requested.
	Databases []DatabaseUsage
}

// OrganizationCounters is the organization-wide "usage" object.
type OrganizationCounters struct {
	RowsRead     Counter `json:"rows_read"`
	RowsWritten  Counter `json:"rows_written"`
	Databases    Counter `json:"databases"`
	Locations    Counter `json:"locations"`
	StorageBytes Counter `json:"storage_bytes"`
	Groups       Counter `json:"groups"`
	BytesSynced  Counter `json:"bytes_synced"`
}

// UsageCounters are the counters of one database or one instance.
type UsageCounters struct {
	RowsRead     Counter `json:"rows_read"`
	RowsWritten  Counter `json:"rows_written"`
	StorageBytes Counter `json:"storage_bytes"`
	BytesSynced  Counter `json:"bytes_synced"`
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

// OrganizationUsage reads the organization's usage, databases included.
func (c *Client) OrganizationUsage(ctx context.Context, slug string) (*OrganizationUsage, error) {
	return getDecoded(ctx, c, slug, "/usage", func(b []byte) (*OrganizationUsage, error) { return DecodeOrganizationUsage(b, true) })
}

// OrganizationUsageSummary reads only the organization's uuid and counters: the response is still
// fetched whole (the API has no other form), but the databases are not decoded.
func (c *Client) OrganizationUsageSummary(ctx context.Context, slug string) (*OrganizationUsage, error) {
	return getDecoded(ctx, c, slug, "/usage", func(b []byte) (*OrganizationUsage, error) { return DecodeOrganizationUsage(b, false) })
}

// The wire types follow the JSON; DecodeOrganizationUsage validates them into the public types.
type usageEnvelope struct {
	Organization *wireOrganization `json:"organization"`
	Error        json.RawMessage   `json:"error"`
}

type wireOrganization struct {
	UUID      *string               `json:"uuid"`
	Usage     *OrganizationCounters `json:"usage"`
	Databases []wireDatabase        `json:"databases"`
}

type summaryEnvelope struct {
	Organization *struct {
		UUID  *string               `json:"uuid"`
		Usage *OrganizationCounters `json:"usage"`
	} `json:"organization"`
	Error json.RawMessage `json:"error"`
}

type wireDatabase struct {
	UUID      *string        `json:"uuid"`
	Instances []wireInstance `json:"instances"`
	// The reference documents "total"; the live API sends the same object as "usage".
	Total *UsageCounters `json:"total"`
	Usage *UsageCounters `json:"usage"`
}

type wireInstance struct {
	UUID  *string        `json:"uuid"`
	Usage *UsageCounters `json:"usage"`
}

// DecodeOrganizationUsage decodes and validates a usage response body. Unknown keys are ignored;
// anything else that is not the documented shape is a *DecodeError naming the JSON path.
func DecodeOrganizationUsage(body []byte, withDatabases bool) (*OrganizationUsage, error) {
	if !withDatabases {
		var env summaryEnvelope
		if err := unmarshalObject(body, &env); err != nil {
			return nil, err
		}
		if env.Organization == nil {
			return nil, missingObject("organization", env.Error)
		}
		return validateOrganization(env.Organization.UUID, env.Organization.Usage, nil)
	}
	var env usageEnvelope
	if err := unmarshalObject(body, &env); err != nil {
		return nil, err
	}
	if env.Organization == nil {
		return nil, missingObject("organization", env.Error)
	}
	o := env.Organization
	usage, err := validateOrganization(o.UUID, o.Usage, o.Databases)
	if err != nil {
		return nil, err
	}
	return usage, nil
}

func validateOrganization(uuid *string, usage *OrganizationCounters, databases []wireDatabase) (*OrganizationUsage, error) {
	if uuid == nil || *uuid == "" {
		return nil, &DecodeError{Where: "organization.uuid", Reason: "is missing or empty"}
	}
	if usage == nil {
		return nil, &DecodeError{Where: "organization.usage", Reason: "is missing or null"}
	}
	if err := checkOrganizationCounters("organization.usage", usage); err != nil {
		return nil, err
	}
	out := &OrganizationUsage{UUID: *uuid, Usage: *usage}
	if databases == nil {
		return out, nil
	}
	out.Databases = make([]DatabaseUsage, len(databases))
	for i := range databases {
		if err := convertDatabase(&out.Databases[i], &databases[i], i); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func convertDatabase(dst *DatabaseUsage, src *wireDatabase, i int) error {
	where := func(suffix string) string { return fmt.Sprintf("organization.databases[%d]%s", i, suffix) }
	if src.UUID == nil || *src.UUID == "" {
		return &DecodeError{Where: where(".uuid"), Reason: "is missing or empty"}
	}
	total := src.Total
	if total == nil {
		total = src.Usage
	}
	if total == nil {
		return &DecodeError{Where: where(""), Reason: `has neither "total" nor "usage"`}
	}
	if name, problem := firstProblem(total); problem != "" {
		key := ".total."
		if src.Total == nil {
			key = ".usage."
		}
		return &DecodeError{Where: where(key + name), Reason: problem}
	}
	dst.UUID = *src.UUID
	dst.Total = *total
	dst.Instances = make([]InstanceUsage, len(src.Instances))
	for j := range src.Instances {
		in := &src.Instances[j]
		if in.UUID == nil || *in.UUID == "" {
			return &DecodeError{Where: where(fmt.Sprintf(".instances[%d].uuid", j)), Reason: "is missing or empty"}
		}
		if in.Usage == nil {
			return &DecodeError{Where: where(fmt.Sprintf(".instances[%d].usage", j)), Reason: "is missing or null"}
		}
		if name, problem := firstProblem(in.Usage); problem != "" {
			return &DecodeError{Where: where(fmt.Sprintf(".instances[%d].usage.%s", j, name)), Reason: problem}
		}
		dst.Instances[j] = InstanceUsage{UUID: *in.UUID, Usage: *in.Usage}
	}
	return nil
}

func firstProblem(c *UsageCounters) (name, problem string) {
	for _, f := range [...]struct {
		name string
		c    Counter
	}{
		{"rows_read", c.RowsRead}, {"rows_written", c.RowsWritten},
		{"storage_bytes", c.StorageBytes}, {"bytes_synced", c.BytesSynced},
	} {
		if p := f.c.problem(); p != "" {
			return f.name, p
		}
	}
	return "", ""
}

func checkOrganizationCounters(where string, c *OrganizationCounters) error {
	for _, f := range [...]struct {
		name string
		c    Counter
	}{
		{"rows_read", c.RowsRead}, {"rows_written", c.RowsWritten}, {"databases", c.Databases},
		{"locations", c.Locations}, {"storage_bytes", c.StorageBytes}, {"groups", c.Groups},
		{"bytes_synced", c.BytesSynced},
	} {
		if p := f.c.problem(); p != "" {
			return &DecodeError{Where: where + "." + f.name, Reason: p}
		}
	}
	return nil
}
