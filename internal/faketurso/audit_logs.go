package faketurso

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The audit log, GET /v1/organizations/{slug}/audit-logs?page=&page_size=, newest first, in pages of
// page_size entries (1 to 100, 100 when not given). Organization "demo", on the Scaler plan, has
// DemoAuditEntries entries, one every AuditEntryInterval back from the fake's clock (cut to the
// minute): so 24 hours hold 97 entries, the last of them exactly 24 hours old, all on the first page.
// Its one db-delete is entry DemoDBDeleteEntry (50 hours old); its membership changes are
// DemoMembershipEntries. Organization "nulls" has one entry of each of those codes, an hour apart
// from the clock, with nothing but the code and the time. The starter-plan organizations answer the
// plan gate (StarterPlanAuditLogsError); every other organization the fake serves has an empty log.

// Facts of the demo organization's audit log.
const (
	DemoAuditEntries   = 350
	AuditEntryInterval = 15 * time.Minute
	DemoDBDeleteEntry  = 200
)

// DemoMembershipEntries are the demo log's org-member-* entries, by position, newest first.
var DemoMembershipEntries = map[int]string{30: "org-member-add", 130: "org-member-rm", 300: "org-member-leave", 340: "org-member-add"}

// demoAuditCodes are the codes of the other entries, in turn.
var demoAuditCodes = []string{"db-token-create", "instance-create", "db-create", "user-token-create", "db-protect"}

// StarterPlanAuditLogsError is the body of the fake's 403 for an organization whose plan has no
// audit logs.
const StarterPlanAuditLogsError = `{"error":"audit logs are not available on the starter plan","code":"feature_not_available_for_starter_plan"}`

// AuditLogsPath is the API path of an organization's audit log; the page goes in the query.
func AuditLogsPath(slug string) string { return "/v1/organizations/" + slug + "/audit-logs" }

func (s *Server) serveAuditLogs() {
	s.mux.HandleFunc("GET /v1/organizations/{slug}/audit-logs", s.serveAuditLogPage)
}

func (s *Server) serveAuditLogPage(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	page, size, problem := pageQuery(r)
	if problem != "" {
		writeError(w, http.StatusBadRequest, problem)
		return
	}
	if answeredPlanGate(w, slug, StarterPlanAuditLogsError) {
		return
	}
	s.mu.Lock()
	_, known := s.bodies[UsagePath(slug)]
	s.mu.Unlock()
	entry, total := demoAuditEntry, 0
	switch {
	case slug == OrgDemo:
		total = DemoAuditEntries
	case slug == OrgNulls:
		entry, total = nullsAuditEntry, len(nullsAuditCodes)
	case !known:
		writeError(w, http.StatusNotFound, "organization not found")
		return
	}
	anchor := s.now().UTC().Truncate(time.Minute)
	entries := make([]json.RawMessage, 0, size)
	for i := (page - 1) * size; i < min(page*size, total); i++ {
		entries = append(entries, entry(i, anchor))
	}
	writeJSON(w, AuditLogPage(entries, page, size, total))
}

var nullsAuditCodes = []string{"db-delete", "org-member-add", "org-member-rm"}

// nullsAuditEntry is entry i of organization nulls' log: every optional value null.
func nullsAuditEntry(i int, anchor time.Time) json.RawMessage {
	return fmt.Appendf(nil, `{"code":%q,"message":null,"origin":null,"author":null,"created_at":%q,"data":null,"ip":null,"city":null,"country_code":null}`,
		nullsAuditCodes[i], anchor.Add(-time.Duration(i+1)*time.Hour).Format(time.RFC3339))
}

// AuditLogPage is a page of an audit log in the API's shape, with its pagination.
func AuditLogPage(entries []json.RawMessage, page, size, totalRows int) []byte {
	b, err := json.Marshal(map[string]any{
		"audit_logs": append([]json.RawMessage{}, entries...),
		"pagination": map[string]int{"page": page, "page_size": size, "total_pages": (totalRows + size - 1) / size, "total_rows": totalRows},
	})
	if err != nil {
		panic(err)
	}
	return b
}

// pageQuery reads page and page_size, with the API's defaults of 1 and 100.
func pageQuery(r *http.Request) (page, size int, problem string) {
	page, size = 1, 100
	for _, p := range []struct {
		key string
		dst *int
		max int
	}{{"page", &page, 1 << 30}, {"page_size", &size, 100}} {
		v := r.URL.Query().Get(p.key)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > p.max {
			return 0, 0, fmt.Sprintf("invalid %s %q", p.key, v)
		}
		*p.dst = n
	}
	return page, size, ""
}

// demoAuditEntry is entry i of the demo log, i entries back from anchor.
func demoAuditEntry(i int, anchor time.Time) json.RawMessage {
	code, ok := DemoMembershipEntries[i]
	data := map[string]any{"username": []string{"grace", "linus", "barbara"}[i%3], "role": "member"}
	switch {
	case i == DemoDBDeleteEntry:
		code, data = "db-delete", map[string]any{"name": "legacy-orders", "group": "default"}
	case !ok:
		code = demoAuditCodes[i%len(demoAuditCodes)]
		data = map[string]any{"name": []string{"orders-prod", "users-prod", "analytics", "scratch"}[i%4], "sequence": i}
	}
	e := map[string]any{
		"code":       code,
		"message":    fmt.Sprintf("%s by %s", code, []string{"ada", "grace"}[i%2]),
		"author":     []string{"ada", "grace"}[i%2],
		"created_at": anchor.Add(-time.Duration(i) * AuditEntryInterval).Format(time.RFC3339),
		"data":       data,
		"origin":     "web",
	}
	// Entries from the CLI carry where they came from; those from the web do not.
	if i%2 == 0 {
		e["origin"], e["ip"], e["city"], e["country_code"] = "cli", fmt.Sprintf("203.0.113.%d", i%250), "Lisbon", "PT"
	}
	b, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	return b
}
