package faketurso

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// One database's configuration, GET /v1/organizations/{slug}/databases/{name}/configuration, a bare
// object (fixtures/configurations_demo.json). In organization "demo", orders-prod has a size limit of
// "10gb", allow lists of IPs (one IPv6) and VPCs, and delete protection; users-prod has empty allow
// lists; scratch has no size limit ("") and no allow lists at all, as a deployment older than them
// answers. In organization "nulls", orders-prod's configuration is null wherever the API may be.
// Any other database is a 404.

// DatabaseConfigurationPath is the API path of one database's configuration.
func DatabaseConfigurationPath(slug, name string) string {
	return "/v1/organizations/" + slug + "/databases/" + name + "/configuration"
}

// SetDatabaseConfiguration serves body as the configuration of one database.
func (s *Server) SetDatabaseConfiguration(slug, name string, body []byte) {
	s.SetBody(DatabaseConfigurationPath(slug, name), body)
}

func (s *Server) serveDatabaseConfigurations() {
	var demo map[string]json.RawMessage
	if err := json.Unmarshal(Fixture("configurations_demo.json"), &demo); err != nil {
		panic(fmt.Sprintf("faketurso: configurations_demo.json: %v", err))
	}
	for name, body := range demo {
		s.SetDatabaseConfiguration(OrgDemo, name, body)
	}
	s.SetDatabaseConfiguration(OrgNulls, "orders-prod", []byte(`{"size_limit":null,"allow_attach":null,"block_reads":null,"block_writes":null,"delete_protection":null,"allowed_ips":null,"allowed_aws_vpc_ids":null}`))
	s.mux.HandleFunc("GET /v1/organizations/{slug}/databases/{name}/configuration", s.serveDatabaseBody)
}

// serveDatabaseBody answers the body set at the request's path, or the 404 of an unknown database.
func (s *Server) serveDatabaseBody(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	body, ok := s.bodies[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "database not found")
		return
	}
	writeJSON(w, body)
}
