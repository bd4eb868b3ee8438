package faketurso

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"
)

// The demo log: pages of page_size, newest first, AuditEntryInterval apart from the clock; the
// starter plan's gate; an empty log for other organizations and a 404 for unknown ones.
func TestAuditLogPages(t *testing.T) {
	fake := New()
	clock := time.Date(2026, 11, 10, 12, 0, 30, 0, time.UTC)
	fake.SetClock(clock)
	srv := httptest.NewServer(fake)
	defer srv.Close()
	var page struct {
		AuditLogs []struct {
			Code      string `json:"code"`
			CreatedAt string `json:"created_at"`
		} `json:"audit_logs"`
		Pagination struct {
			Page       int `json:"page"`
			TotalPages int `json:"total_pages"`
		} `json:"pagination"`
	}
	get := func(slug, query string) int {
		t.Helper()
		status, body := Get(t, srv.URL+AuditLogsPath(slug)+query, Token)
		page.AuditLogs = nil
		if status == 200 {
			if err := json.Unmarshal(body, &page); err != nil {
				t.Fatal(err)
			}
		}
		return status
	}
	if get(OrgDemo, "?page=4&page_size=100") != 200 || len(page.AuditLogs) != 50 || page.Pagination.Page != 4 || page.Pagination.TotalPages != 4 || page.AuditLogs[49].CreatedAt != clock.Truncate(time.Minute).Add(-349*AuditEntryInterval).Format(time.RFC3339) {
		t.Errorf("page 4 = %+v", page)
	}
	if get(OrgDemo, "?page=3&page_size=100") != 200 || page.AuditLogs[0].CreatedAt != "2026-11-08T10:00:00Z" || page.AuditLogs[0].Code != "db-delete" {
		t.Errorf("page 3 = %+v", page.AuditLogs[0])
	}
	if get(OrgDemo, "") != 200 || len(page.AuditLogs) != 100 || page.AuditLogs[0].CreatedAt != "2026-11-10T12:00:00Z" {
		t.Errorf("the defaults: %d entries from %s", len(page.AuditLogs), page.AuditLogs[0].CreatedAt)
	}
	if get(OrgDemo, "?page=5") != 200 || len(page.AuditLogs) != 0 {
		t.Errorf("past the end: %d entries", len(page.AuditLogs))
	}
	deletes := 0
	for p := 1; p <= 4; p++ {
		get(OrgDemo, "?page="+string(rune('0'+p)))
		for _, e := range page.AuditLogs {
			if e.Code == "db-delete" {
				deletes++
			}
		}
	}
	if deletes != 1 {
		t.Errorf("%d db-delete entries, want 1", deletes)
	}
	for slug, want := range map[string]int{OrgBlocked: 403, OrgEmpty: 200, "nope": 404} {
		if got := get(slug, ""); got != want || len(page.AuditLogs) != 0 {
			t.Errorf("%s: %d, want %d and no entries", slug, got, want)
		}
	}
	if get(OrgDemo, "?page_size=101") != 400 || get(OrgDemo, "?page=0") != 400 {
		t.Error("a page size past 100 or page 0 was accepted")
	}
}

func TestDatabaseConfigurations(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()
	status, body := Get(t, srv.URL+DatabaseConfigurationPath(OrgDemo, "orders-prod"), Token)
	var conf struct {
		SizeLimit  string   `json:"size_limit"`
		AllowedIPs []string `json:"allowed_ips"`
	}
	if status != 200 || json.Unmarshal(body, &conf) != nil || conf.SizeLimit != "10gb" || len(conf.AllowedIPs) != 3 {
		t.Errorf("orders-prod: %d %s", status, body)
	}
	if status, _ := Get(t, srv.URL+DatabaseConfigurationPath(OrgDemo, "nope"), Token); status != 404 {
		t.Errorf("unknown database: %d", status)
	}
}
