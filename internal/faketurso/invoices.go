package faketurso

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// The invoices of the fixture organizations (fixtures/invoices_<slug>.json list each type apart):
//   - live: an upcoming invoice of 1234567.89; issued, oldest first, one paid, a credit of -12.50
//     and one whose payment failed, neither paid;
//   - demo: an upcoming invoice of 61.43 and seven issued invoices, newest first, all paid, one of
//     them after a failed payment;
//   - reference: the API reference's example (one paid invoice), and nothing upcoming;
//   - blocked: on the starter plan, which has no billing: every request is refused with a 403;
//   - every other organization the fake serves (empty, pro, ...) has no invoices at all.
var invoiceOrganizations = []string{OrgLive, OrgDemo, OrgReference}

// starterPlanOrganizations answer the invoices endpoint as a plan without billing does.
var starterPlanOrganizations = []string{OrgBlocked}

// StarterPlanInvoicesError is the body of the fake's 403 for an organization whose plan cannot list
// invoices.
const StarterPlanInvoicesError = `{"error":"invoices are not available on the starter plan","code":"feature_not_available_for_starter_plan"}`

// invoiceTypes are the values of the invoices endpoint's "type"; a request without one lists all.
var invoiceTypes = []string{"all", "upcoming", "issued"}

// InvoicesPath is the API path of an organization's invoices; the type goes in the query.
func InvoicesPath(slug string) string { return "/v1/organizations/" + slug + "/invoices" }

// SetInvoices serves body as the organization's invoices of one type: "upcoming", "issued" or "all".
func (s *Server) SetInvoices(slug, typ string, body []byte) {
	s.SetBody(invoicesKey(slug, typ), body)
}

func invoicesKey(slug, typ string) string { return InvoicesPath(slug) + "?type=" + typ }

// serveInvoices registers the invoices endpoint and the fixture organizations' invoices.
func (s *Server) serveInvoices() {
	for _, slug := range invoiceOrganizations {
		var f struct{ Upcoming, Issued []json.RawMessage }
		if err := json.Unmarshal(Fixture("invoices_"+slug+".json"), &f); err != nil {
			panic(fmt.Sprintf("faketurso: invoices_%s.json: %v", slug, err))
		}
		s.SetInvoices(slug, "upcoming", invoiceList(f.Upcoming))
		s.SetInvoices(slug, "issued", invoiceList(f.Issued))
		s.SetInvoices(slug, "all", invoiceList(append(f.Upcoming, f.Issued...)))
	}
	s.mux.HandleFunc("GET /v1/organizations/{slug}/invoices", s.serveInvoiceList)
}

// answeredPlanGate answers body with a 403, as the API refuses a feature to an organization on the
// starter plan, when slug is one; it says whether it did.
func answeredPlanGate(w http.ResponseWriter, slug, body string) bool {
	if !slices.Contains(starterPlanOrganizations, slug) {
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write([]byte(body))
	return true
}

func invoiceList(invoices []json.RawMessage) []byte {
	b, err := json.Marshal(map[string][]json.RawMessage{"invoices": append([]json.RawMessage{}, invoices...)})
	if err != nil {
		panic(err)
	}
	return b
}

func (s *Server) serveInvoiceList(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	typ := r.URL.Query().Get("type")
	if typ == "" {
		typ = "all"
	}
	if !slices.Contains(invoiceTypes, typ) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("invalid invoice type %q: use all, upcoming or issued", typ))
		return
	}
	if answeredPlanGate(w, slug, StarterPlanInvoicesError) {
		return
	}
	s.mu.Lock()
	body, ok := s.bodies[invoicesKey(slug, typ)]
	_, known := s.bodies[UsagePath(slug)]
	s.mu.Unlock()
	switch {
	case !ok && !known:
		writeError(w, http.StatusNotFound, "organization not found")
		return
	case !ok:
		body = []byte(`{"invoices":[]}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}
