package faketurso

import (
	"encoding/json"
	"math/big"
	"net/url"
	"testing"
	"time"
)

// TestWindowShare_bruteForce: the closed form agrees with adding up the series second by second,
// over windows that cross midnight, start mid-hour and lie before the Unix epoch.
func TestWindowShare_bruteForce(t *testing.T) {
	for _, w := range [][2]string{
		{"2026-11-20T00:00:00Z", "2026-11-20T01:00:00Z"},
		{"2026-11-20T22:59:59Z", "2026-11-21T01:00:01Z"},
		{"2026-11-20T10:17:23Z", "2026-11-22T03:04:05Z"},
		{"1969-12-31T23:30:00Z", "1970-01-01T00:30:00Z"},
		{"2026-11-20T10:17:23+05:30", "2026-11-20T12:00:00+05:30"},
	} {
		start, _ := time.Parse(time.RFC3339, w[0])
		end, _ := time.Parse(time.RFC3339, w[1])
		var sum int64
		for s := start.Unix(); s < end.Unix(); s++ {
			sum += int64(time.Unix(s, 0).UTC().Hour()) + 1
		}
		want := big.NewRat(sum, 30*300*3600)
		if got := windowShare(start, end); got.Cmp(want) != 0 {
			t.Errorf("%s to %s: share %s, want %s", w[0], w[1], got, want)
		}
	}
	if got := windowShare(time.Unix(100, 0), time.Unix(100, 0)); got.Sign() != 0 {
		t.Errorf("an empty window's share is %s", got)
	}
}

// ordersProd is what the fake answers for the demo's orders-prod in a window, read at clock.
func ordersProd(t *testing.T, clock time.Time, from, to string) (total, firstInstance map[string]int64) {
	t.Helper()
	fake, base := Start(t)
	fake.SetClock(clock)
	q := url.Values{}
	if from != "" {
		q.Set("from", from)
	}
	if to != "" {
		q.Set("to", to)
	}
	status, body := fetch(t, base, DatabaseUsagePath(OrgDemo, "orders-prod")+"?"+q.Encode())
	var got struct {
		Database struct {
			Instances []struct {
				Usage map[string]int64 `json:"usage"`
			} `json:"instances"`
			Usage map[string]int64 `json:"usage"`
		} `json:"database"`
		Total map[string]int64 `json:"total"`
	}
	if status != 200 || json.Unmarshal(body, &got) != nil || len(got.Database.Instances) != 3 {
		t.Fatalf("from %q to %q: status %d, body %s", from, to, status, body)
	}
	if got.Total["rows_read"] != got.Database.Usage["rows_read"] {
		t.Errorf("the top-level total %v differs from the database's %v", got.Total, got.Database.Usage)
	}
	return got.Database.Usage, got.Database.Instances[0].Usage
}

// TestDatabaseUsage_windows: each window answers what the series accrued in it. orders-prod's
// fixture reads 153317668 rows, 90210455 of them on its first instance, writes 1500100 and stores
// 402653184 bytes; a day's hours weigh 1 + … + 24 = 300, 30 days 9000.
func TestDatabaseUsage_windows(t *testing.T) {
	clock := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		from, to                   string
		rowsRead, instanceRowsRead int64
		rowsWritten                int64
	}{
		"no window: the fixture":            {"", "", 153317668, 90210455, 1500100},
		"a whole day":                       {"2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", 153317668 / 30, 90210455 / 30, 1500100 / 30},
		"any 24 hours":                      {"2026-11-20T10:17:23+01:00", "2026-11-21T10:17:23+01:00", 153317668 / 30, 90210455 / 30, 1500100 / 30},
		"the first hour of a day":           {"2026-11-20T00:00:00Z", "2026-11-20T01:00:00Z", 153317668 * 1 / 9000, 90210455 / 9000, 1500100 / 9000},
		"the last hour of a day":            {"2026-11-20T23:00:00Z", "2026-11-21T00:00:00Z", 153317668 * 24 / 9000, 90210455 * 24 / 9000, 1500100 * 24 / 9000},
		"30 days":                           {"2026-10-20T00:00:00Z", "2026-11-19T00:00:00Z", 153317668, 90210455, 1500100},
		"up to the clock, not past it":      {"2026-11-25T00:00:00Z", "2026-11-30T00:00:00Z", 153317668 * 78 / 9000, 90210455 * 78 / 9000, 1500100 * 78 / 9000},
		"from alone: up to the clock":       {"2026-11-25T00:00:00Z", "", 153317668 * 78 / 9000, 90210455 * 78 / 9000, 1500100 * 78 / 9000},
		"to alone: from the month's start":  {"", "2026-11-02T00:00:00Z", 153317668 / 30, 90210455 / 30, 1500100 / 30},
		"after the clock: nothing happened": {"2026-11-26T00:00:00Z", "2026-11-27T00:00:00Z", 0, 0, 0},
	} {
		t.Run(name, func(t *testing.T) {
			total, instance := ordersProd(t, clock, tc.from, tc.to)
			if total["rows_read"] != tc.rowsRead || total["rows_written"] != tc.rowsWritten || instance["rows_read"] != tc.instanceRowsRead {
				t.Errorf("total %v, first instance %v; want rows_read %d, rows_written %d, the instance's rows_read %d",
					total, instance, tc.rowsRead, tc.rowsWritten, tc.instanceRowsRead)
			}
			if total["storage_bytes"] != 402653184 || instance["storage_bytes"] != 402653184 {
				t.Errorf("storage_bytes %d and %d, want the fixture's 402653184 in every window", total["storage_bytes"], instance["storage_bytes"])
			}
		})
	}
}

// TestDatabaseUsage_bigCountersStayExact: a window scales counters past 2^53 in exact integers.
func TestDatabaseUsage_bigCountersStayExact(t *testing.T) {
	fake, base := Start(t)
	fake.SetClock(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	status, body := fetch(t, base, DatabaseUsagePath(OrgLive, "orders-prod")+"?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z")
	var got struct {
		Database struct {
			Usage struct {
				RowsRead json.Number `json:"rows_read"`
			} `json:"usage"`
		} `json:"database"`
	}
	if status != 200 || json.Unmarshal(body, &got) != nil {
		t.Fatalf("status %d, body %s", status, body)
	}
	// 30 days of the series are the fixture's 2^53 + 1.
	if got.Database.Usage.RowsRead != "9007199254740993" {
		t.Errorf("rows_read %s, want 9007199254740993", got.Database.Usage.RowsRead)
	}
}
