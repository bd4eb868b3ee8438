package faketurso

import (
	"fmt"
	"strconv"
)

// AddGeneratedOrganization serves a generated organization of the given size at every endpoint the
// fixture organizations have: its usage (GenerateUsage), its database list (GenerateDatabases), a scaler subscription, an organization
// record and the plan list, so that both data sources can read it.
func (s *Server) AddGeneratedOrganization(slug string, databases, instancesPerDatabase int) {
	s.SetUsage(slug, GenerateUsage(databases, instancesPerDatabase))
	s.SetSubscription(slug, []byte(`{"subscription": {"name": "scaler", "plan": "scaler", "overages": false, "timeline": "monthly"}}`))
	s.SetOrganization(slug, fmt.Appendf(nil, `{"organization": {"name": %q, "slug": %q, "type": "team", "overages": false, "blocked_reads": false, "blocked_writes": false, "plan_id": "scaler", "plan_timeline": "monthly"}}`, slug, slug))
	s.SetPlans(slug, Fixture("plans.json"))
	s.SetDatabases(slug, GenerateDatabases(databases))
}

// GenerateUsage returns a live-shaped usage body for an organization with the given number of
// databases, each with instancesPerDatabase instances. The output is deterministic.
func GenerateUsage(databases, instancesPerDatabase int) []byte {
	b := make([]byte, 0, databases*(200+instancesPerDatabase*190)+512)
	var orgRead, orgWritten, orgStorage int64
	b = append(b, `{"organization":{"uuid":"0f0e0d0c-0b0a-4900-8000-000000000000","databases":[`...)
	for i := 0; i < databases; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"uuid":"%08x-0000-4000-8000-%012x","instances":[`, i, i)
		var read, written, storage int64
		for j := 0; j < instancesPerDatabase; j++ {
			if j > 0 {
				b = append(b, ',')
			}
			r, w, s := int64(i*1000+j*7), int64(i*10+j), int64(4096*(i%50+1))
			read, written, storage = read+r, written+w, storage+s
			b = fmt.Appendf(b, `{"uuid":"%08x-%04x-4000-8000-%012x","region":"aws-us-east-1","usage":{"rows_read":%d,"rows_written":%d,"storage_bytes":%d,"bytes_synced":0}}`, i, j, i, r, w, s)
		}
		b = append(b, `],"usage":{"rows_read":`...)
		b = strconv.AppendInt(b, read, 10)
		b = append(b, `,"rows_written":`...)
		b = strconv.AppendInt(b, written, 10)
		b = append(b, `,"storage_bytes":`...)
		b = strconv.AppendInt(b, storage, 10)
		b = append(b, `,"bytes_synced":0}}`...)
		orgRead, orgWritten, orgStorage = orgRead+read, orgWritten+written, orgStorage+storage
	}
	b = fmt.Appendf(b, `],"usage":{"rows_read":%d,"rows_written":%d,"databases":%d,"locations":3,"storage_bytes":%d,"groups":1,"bytes_synced":0}}}`,
		orgRead, orgWritten, databases, orgStorage)
	return b
}
