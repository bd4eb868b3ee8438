package faketurso

import (
	"encoding/json"
	"net/http"
	"testing"
)

// Every database of the demo organization has top queries on one endpoint at least, so that the demo
// and the examples can ask for any of them.
func TestTopQueries_everyDemoDatabase(t *testing.T) {
	_, base := Start(t)
	var list struct {
		Databases []struct{ Name string } `json:"databases"`
	}
	if err := json.Unmarshal(Fixture("databases_demo.json"), &list); err != nil || len(list.Databases) == 0 {
		t.Fatalf("databases_demo.json: %v", err)
	}
	for _, db := range list.Databases {
		usageQueries, _ := fetch(t, base, TopQueriesPath(OrgDemo, db.Name, UsageQueries)+"?from=2026-11-30T00:00:00Z")
		stats, _ := fetch(t, base, TopQueriesPath(OrgDemo, db.Name, Stats))
		if usageQueries != http.StatusOK && stats != http.StatusOK {
			t.Errorf("database %q: usage/queries answered %d and stats %d, want one of them 200", db.Name, usageQueries, stats)
		}
	}
}
