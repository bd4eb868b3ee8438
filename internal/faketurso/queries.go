package faketurso

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// One database's top queries come from two endpoints: GET .../databases/{name}/usage/queries?from=,
// the official CLI's, a bare array, and GET .../databases/{name}/stats, the documented one,
// {"top_queries": [...]}. Each answers 404 for a database it has no body for, as stats does for
// databases on AWS. In organization "demo", orders-prod answers only on usage/queries (counts above
// 2^53, a query with an e-mail literal, ties), analytics only on stats, and scratch on both with no
// queries; in organization "nulls", orders-prod's stats has null top queries.

// The top queries endpoints, as SetTopQueries names them.
const (
	UsageQueries = "usage/queries"
	Stats        = "stats"
)

// TopQueriesPath is the API path of a top queries endpoint of one database.
func TopQueriesPath(slug, name, endpoint string) string {
	return "/v1/organizations/" + slug + "/databases/" + name + "/" + endpoint
}

// SetTopQueries serves body at a top queries endpoint (UsageQueries or Stats) of one database.
func (s *Server) SetTopQueries(slug, name, endpoint string, body []byte) {
	s.SetBody(TopQueriesPath(slug, name, endpoint), body)
}

func (s *Server) serveTopQueries() {
	var demo map[string]map[string]json.RawMessage
	if err := json.Unmarshal(Fixture("queries_demo.json"), &demo); err != nil {
		panic(fmt.Sprintf("faketurso: queries_demo.json: %v", err))
	}
	for name, endpoints := range demo {
		for endpoint, body := range endpoints {
			s.SetTopQueries(OrgDemo, name, endpoint, body)
		}
	}
	// In organization "nulls", stats answers null for the top queries, as the API may.
	s.SetTopQueries(OrgNulls, "orders-prod", Stats, []byte(`{"top_queries": null}`))
	s.mux.HandleFunc("GET /v1/organizations/{slug}/databases/{name}/usage/queries", s.serveQueries)
	s.mux.HandleFunc("GET /v1/organizations/{slug}/databases/{name}/stats", s.serveQueries)
}

func (s *Server) serveQueries(w http.ResponseWriter, r *http.Request) {
	if from := r.URL.Query().Get("from"); from != "" {
		if problem := checkWindow(from, ""); problem != "" {
			writeError(w, http.StatusBadRequest, problem)
			return
		}
	}
	s.serveDatabaseBody(w, r)
}
