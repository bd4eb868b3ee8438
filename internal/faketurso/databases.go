package faketurso

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The database list, GET /v1/organizations/{slug}/databases, is paginated: the fake answers at most
// limit (1000 when not given) databases a page, or fewer with SetPageSize, and names the next page's
// cursor in pagination.next, null on the last page. The list of organization "live" lacks one of the
// databases its usage has (deleted between the two reads) and has one its usage lacks (just created).
//
// One database's usage, GET /v1/organizations/{slug}/databases/{name}/usage, is the database's entry
// of the organization's usage, found by name through the list: under "database" alone for
// organizations whose usage has the documented shape (totals under "total"), and with the top-level
// "instances" and "total" the live API adds for those of the live shape (totals under "usage"). Its
// from and to, when given, must be RFC 3339 timestamps with to after from, or the answer is a 400;
// with them, the counters are those of the window (window.go).

// DatabasesPath is the API path of an organization's database list.
func DatabasesPath(slug string) string { return "/v1/organizations/" + slug + "/databases" }

// DatabaseUsagePath is the API path of one database's usage.
func DatabaseUsagePath(slug, name string) string {
	return "/v1/organizations/" + slug + "/databases/" + name + "/usage"
}

// databaseEntry is one database of a list, as sent, with the two keys the fake needs.
type databaseEntry struct {
	raw  json.RawMessage
	name string
	uuid string
}

// SetDatabases serves body, a database list in the API's shape ({"databases": [...]}), as the
// databases of organization slug, paginated. It panics on a body that is not such a list.
func (s *Server) SetDatabases(slug string, body []byte) {
	var list struct {
		Databases []json.RawMessage `json:"databases"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		panic(fmt.Sprintf("faketurso: database list of %q: %v", slug, err))
	}
	entries := make([]databaseEntry, len(list.Databases))
	for i, raw := range list.Databases {
		var keys struct {
			Name string
			DbID string `json:"DbId"`
		}
		if err := json.Unmarshal(raw, &keys); err != nil {
			panic(fmt.Sprintf("faketurso: database %d of %q: %v", i, slug, err))
		}
		entries[i] = databaseEntry{raw: raw, name: keys.Name, uuid: keys.DbID}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.databases[slug] = entries
}

// SetPageSize makes every page of a database list at most n databases long, whatever limit the
// client asks for; 0 restores the limit alone.
func (s *Server) SetPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = n
}

func (s *Server) serveDatabases() {
	for _, slug := range quotaOrganizations {
		s.SetDatabases(slug, Fixture("databases_"+slug+".json"))
	}
	s.mux.HandleFunc("GET /v1/organizations/{slug}/databases", s.serveDatabaseList)
	s.mux.HandleFunc("GET /v1/organizations/{slug}/databases/{name}/usage", s.serveDatabaseUsage)
}

func (s *Server) serveDatabaseList(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	entries, ok := s.databases[r.PathValue("slug")]
	pageSize := s.pageSize
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "organization not found")
		return
	}
	limit, start := 1000, 0
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "invalid limit")
			return
		}
		limit = n
	}
	if v := q.Get("cursor"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > len(entries) {
			writeError(w, http.StatusBadRequest, "invalid cursor")
			return
		}
		start = n
	}
	if pageSize > 0 {
		limit = min(limit, pageSize)
	}
	end := min(start+limit, len(entries))
	body := []byte(`{"databases":[`)
	for i, e := range entries[start:end] {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, e.raw...)
	}
	body = append(body, `],"pagination":{"next":`...)
	if end < len(entries) {
		body = strconv.AppendQuote(body, strconv.Itoa(end))
	} else {
		body = append(body, "null"...)
	}
	body = append(body, "}}"...)
	writeJSON(w, body)
}

func (s *Server) serveDatabaseUsage(w http.ResponseWriter, r *http.Request) {
	slug, name := r.PathValue("slug"), r.PathValue("name")
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if problem := checkWindow(from, to); problem != "" {
		writeError(w, http.StatusBadRequest, problem)
		return
	}
	s.mu.Lock()
	entries := s.databases[slug]
	usage := s.bodies[UsagePath(slug)]
	s.mu.Unlock()
	uuid := ""
	for _, e := range entries {
		if e.name == name {
			uuid = e.uuid
		}
	}
	db := databaseOfUsage(usage, uuid)
	if db == nil {
		writeError(w, http.StatusNotFound, "database not found")
		return
	}
	if from != "" || to != "" {
		scaled, err := scaleDatabase(db, windowShare(usageWindow(from, to, s.now())))
		if err != nil {
			writeError(w, http.StatusInternalServerError, "fake: the database's usage fixture is not JSON: "+err.Error())
			return
		}
		db = scaled
	}
	writeJSON(w, databaseUsageBody(db))
}

// checkWindow refuses a from or to that is not an RFC 3339 timestamp, and a to that is not after from.
func checkWindow(from, to string) string {
	var bounds [2]time.Time
	for i, v := range [...]string{from, to} {
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return fmt.Sprintf("invalid %s: %q is not an RFC 3339 timestamp", [...]string{"from", "to"}[i], v)
		}
		bounds[i] = t
	}
	if from != "" && to != "" && !bounds[1].After(bounds[0]) {
		return "invalid time range: to must be after from"
	}
	return ""
}

// databaseOfUsage finds the database with the given uuid in an organization's usage body.
func databaseOfUsage(usage []byte, uuid string) json.RawMessage {
	if uuid == "" || usage == nil {
		return nil
	}
	var body struct {
		Organization struct {
			Databases []json.RawMessage `json:"databases"`
		} `json:"organization"`
	}
	if json.Unmarshal(usage, &body) != nil {
		return nil
	}
	for _, raw := range body.Organization.Databases {
		var keys struct{ UUID string }
		if json.Unmarshal(raw, &keys) == nil && keys.UUID == uuid {
			return raw
		}
	}
	return nil
}

// databaseUsageBody answers in the shape of the organization's usage: documented ("total") or live.
func databaseUsageBody(db json.RawMessage) []byte {
	var totals struct {
		Total json.RawMessage `json:"total"`
		Usage json.RawMessage `json:"usage"`
	}
	_ = json.Unmarshal(db, &totals)
	if totals.Total != nil || totals.Usage == nil {
		return fmt.Appendf(nil, `{"database":%s}`, db)
	}
	return fmt.Appendf(nil, `{"database":%s,"instances":{},"total":%s}`, db, totals.Usage)
}

func writeJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// GenerateDatabases returns the database list of GenerateUsage's organization: database i is named
// db-i (five digits at least), in group default, with its flags as the live list sends them.
func GenerateDatabases(databases int) []byte {
	b := make([]byte, 0, databases*150+32)
	b = append(b, `{"databases":[`...)
	for i := 0; i < databases; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, `{"Name":"db-%05d","DbId":"%08x-0000-4000-8000-%012x","Hostname":"db-%05d.turso.io","group":"default","primaryRegion":"aws-us-east-1","block_reads":false,"block_writes":false,"delete_protection":false}`, i, i, i, i)
	}
	return append(b, "]}"...)
}
