package faketurso

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func fetch(t *testing.T, base, apiPath string) (int, []byte) {
	t.Helper()
	return Get(t, base+apiPath, Token)
}

type listPage struct {
	Databases []struct {
		Name  string
		DbID  string `json:"DbId"`
		Group string `json:"group"`
	} `json:"databases"`
	Pagination struct {
		Next *string `json:"next"`
	} `json:"pagination"`
}

func TestDatabaseList_paginates(t *testing.T) {
	fake, base := Start(t)
	fake.SetPageSize(2)
	var names []string
	cursor := ""
	for page := 1; ; page++ {
		q := url.Values{"limit": {"1000"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		status, body := fetch(t, base, DatabasesPath(OrgDemo)+"?"+q.Encode())
		var p listPage
		if status != 200 || json.Unmarshal(body, &p) != nil {
			t.Fatalf("page %d: status %d, body %s", page, status, body)
		}
		if len(p.Databases) > 2 {
			t.Errorf("page %d has %d databases, want at most 2", page, len(p.Databases))
		}
		for _, d := range p.Databases {
			names = append(names, d.Name+"/"+d.Group)
		}
		if p.Pagination.Next == nil {
			if page != 3 {
				t.Errorf("%d pages, want 3", page)
			}
			break
		}
		cursor = *p.Pagination.Next
	}
	if got, want := strings.Join(names, " "), "orders-prod/default users-prod/default analytics/eu orders-staging/default scratch/default"; got != want {
		t.Errorf("names %q, want %q", got, want)
	}
	if status, _ := fetch(t, base, DatabasesPath(OrgDemo)+"?cursor=nonsense"); status != 400 {
		t.Errorf("a bad cursor: status %d, want 400", status)
	}
	if status, _ := fetch(t, base, DatabasesPath("nobody")); status != 404 {
		t.Errorf("an unknown organization: status %d, want 404", status)
	}
}

func TestDatabaseList_limit(t *testing.T) {
	_, base := Start(t)
	status, body := fetch(t, base, DatabasesPath(OrgDemo)+"?limit=4")
	var p listPage
	if status != 200 || json.Unmarshal(body, &p) != nil || len(p.Databases) != 4 || p.Pagination.Next == nil || *p.Pagination.Next != "4" {
		t.Errorf("limit=4: status %d, body %s", status, body)
	}
}

func TestDatabaseUsage_shapesAndWindow(t *testing.T) {
	fake, base := Start(t)
	for name, tc := range map[string]struct {
		path, query string
		status      int
		want        string
	}{
		"documented shape": {DatabaseUsagePath(OrgReference, "my-db"), "", 200, `{"database":{`},
		"live shape":       {DatabaseUsagePath(OrgLive, "orders-prod"), "", 200, `"instances":{},"total":{"rows_read": 9007199254740993`},
		"window":           {DatabaseUsagePath(OrgDemo, "analytics"), "from=2026-11-01T00%3A00%3A00%2B01%3A00&to=2026-11-02T00%3A00%3A00Z", 200, `"uuid":"1a2b3c4d-0003-4000-8000-00000000a003"`},
		"unknown database": {DatabaseUsagePath(OrgDemo, "nope"), "", 404, "database not found"},
		"deleted database": {DatabaseUsagePath(OrgLive, "created-just-now"), "", 404, "database not found"},
		"bad from":         {DatabaseUsagePath(OrgDemo, "analytics"), "from=yesterday", 400, `invalid from: \"yesterday\"`},
		"no zone":          {DatabaseUsagePath(OrgDemo, "analytics"), "to=2026-11-01T00:00:00", 400, "invalid to"},
		"to before from":   {DatabaseUsagePath(OrgDemo, "analytics"), "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", 400, "to must be after from"},
	} {
		t.Run(name, func(t *testing.T) {
			p := tc.path
			if tc.query != "" {
				p += "?" + tc.query
			}
			status, body := fetch(t, base, p)
			if status != tc.status || !strings.Contains(string(body), tc.want) {
				t.Errorf("status %d, body %s; want %d and %s", status, body, tc.status, tc.want)
			}
		})
	}
	var recorded bool
	for _, r := range fake.Requests() {
		if r.Path == DatabaseUsagePath(OrgDemo, "analytics") && r.Query == "from=2026-11-01T00%3A00%3A00%2B01%3A00&to=2026-11-02T00%3A00%3A00Z" {
			recorded = true
		}
	}
	if !recorded {
		t.Error("the query string was not recorded as sent")
	}
}

func TestGeneratedOrganization_hasNames(t *testing.T) {
	fake, base := Start(t)
	fake.AddGeneratedOrganization("gen", 3, 1)
	status, body := fetch(t, base, DatabasesPath("gen"))
	var p listPage
	if status != 200 || json.Unmarshal(body, &p) != nil || len(p.Databases) != 3 {
		t.Fatalf("status %d, body %s", status, body)
	}
	if d := p.Databases[2]; d.Name != "db-00002" || d.DbID != "00000002-0000-4000-8000-000000000002" {
		t.Errorf("third database %+v", d)
	}
	if !strings.Contains(string(GenerateUsage(3, 1)), `"uuid":"00000002-0000-4000-8000-000000000002"`) {
		t.Error("the usage does not have the list's uuids")
	}
	if status, body := fetch(t, base, DatabaseUsagePath("gen", "db-00001")); status != 200 || !strings.Contains(string(body), "00000001-0000-4000-8000-000000000001") {
		t.Errorf("one database's usage: status %d, body %.200s", status, body)
	}
}
