package forecast

import (
	"math"
	"math/big"
	"testing"
	"time"
)

func mustParse(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestPeriodOf(t *testing.T) {
	cases := []struct {
		at, from, to string
		days         int
	}{
		{"2026-02-15T12:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", 28},
		{"2028-02-29T23:59:59Z", "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", 29},
		{"2000-02-10T00:00:00Z", "2000-02-01T00:00:00Z", "2000-03-01T00:00:00Z", 29},
		{"2100-02-10T00:00:00Z", "2100-02-01T00:00:00Z", "2100-03-01T00:00:00Z", 28},
		{"2026-04-30T23:59:59Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", 30},
		{"2026-01-31T00:00:00Z", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 31},
		{"2026-12-31T23:59:59.999999999Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 31},
		{"2027-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z", 31},
		// Offsets: the UTC instant decides the month, not the local date.
		{"2027-01-01T01:30:00+02:00", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 31},
		{"2026-11-30T20:00:00-05:00", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", 31},
		{"2026-03-01T00:59:59+01:00", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", 28},
	}
	for _, tc := range cases {
		p := PeriodOf(mustParse(t, tc.at))
		if got := p.From.Format(time.RFC3339); got != tc.from {
			t.Errorf("%s: from %s, want %s", tc.at, got, tc.from)
		}
		if got := p.To.Format(time.RFC3339); got != tc.to {
			t.Errorf("%s: to %s, want %s", tc.at, got, tc.to)
		}
		if p.From.Location() != time.UTC || p.To.Location() != time.UTC {
			t.Errorf("%s: bounds in %s and %s, want UTC", tc.at, p.From.Location(), p.To.Location())
		}
		if got := p.Length(); got != time.Duration(tc.days)*24*time.Hour {
			t.Errorf("%s: length %s, want %d days", tc.at, got, tc.days)
		}
	}
}

func TestElapsedFraction(t *testing.T) {
	for at, want := range map[string]float64{
		"2026-02-01T00:00:00Z":           0,
		"2026-02-15T00:00:00Z":           0.5,
		"2028-02-15T12:00:00Z":           0.5,
		"2026-12-31T12:00:00Z":           30.5 / 31,
		"2026-04-01T06:00:00+06:00":      0,
		"2026-02-28T23:59:59.999999999Z": 1 - 1/(28*86400e9),
	} {
		if got := PeriodOf(mustParse(t, at)).ElapsedFraction(mustParse(t, at)); got != want {
			t.Errorf("%s: %v, want %v", at, got, want)
		}
	}
}

func TestCounter(t *testing.T) {
	cases := []struct {
		name        string
		used, limit uint64
		at          string
		projected   string
		percent     float64 // -1: nil (unlimited)
		willExceed  bool
		exhaustedAt string // "": nil
	}{
		{"a quarter in, on track", 100, 1000, "2026-02-08T00:00:00Z", "400", 40, false, ""},
		{"a quarter in, heading over", 300, 1000, "2026-02-08T00:00:00Z", "1200", 120, true, "2026-02-24T08:00:00Z"},
		{"already exceeded", 2000, 1000, "2026-02-08T00:00:00Z", "8000", 800, true, "2026-02-04T12:00:00Z"},
		{"reached exactly now", 1000, 1000, "2026-02-08T00:00:00Z", "4000", 400, true, "2026-02-08T00:00:00Z"},
		{"unlimited", 100, 0, "2026-02-08T00:00:00Z", "400", -1, false, ""},
		{"nothing used", 0, 1000, "2026-02-08T00:00:00Z", "0", 0, false, ""},
		{"nothing used, unlimited", 0, 0, "2026-02-08T00:00:00Z", "0", -1, false, ""},
		{"floored", 1, 1000, "2026-02-04T00:00:00Z", "9", 0.9, false, ""},
		{"leap February", 290, 1000, "2028-02-11T00:00:00Z", "841", 84.1, false, ""},
		{"common February", 290, 1000, "2026-02-11T00:00:00Z", "812", 81.2, false, ""},
		{"30-day month", 100, 1000, "2026-04-11T00:00:00Z", "300", 30, false, ""},
		{"December", 300, 305, "2026-12-31T00:00:00Z", "310", 310.0 * 100 / 305, true, "2026-12-31T12:00:00Z"},
		{"offset into the previous month", 743, 0, "2027-01-01T01:00:00+02:00", "744", -1, false, ""},
		{"exhaustion floored to the second", 7, 1, "2026-02-02T00:00:00Z", "196", 19600, true, "2026-02-01T03:25:42Z"},
		{"exhaustion a second before the reset", 1000000, 1999999, "2026-02-15T00:00:00Z", "2000000", 2000000.0 * 100 / 1999999, true, "2026-02-28T23:59:58Z"},
		{"exhaustion exactly at the reset", 1, 4, "2026-02-08T00:00:00Z", "4", 100, false, ""},
		{"exhaustion far past the reset", 1, math.MaxInt64, "2026-02-28T23:59:59Z", "1", 100.0 / math.MaxInt64, false, ""},
		{"first instant", 5, 3, "2026-02-01T00:00:00Z", "5", 500.0 / 3, true, "2026-02-01T00:00:00Z"},
		{"first instant, at the limit", 3, 3, "2026-02-01T00:00:00Z", "3", 100, false, "2026-02-01T00:00:00Z"},
		{"first instant, under the limit", 2, 3, "2026-02-01T00:00:00Z", "2", 200.0 / 3, false, ""},
		{"first instant, in another offset", 2, 0, "2026-02-01T05:30:00+05:30", "2", -1, false, ""},
		{"int64 maximum, a nanosecond in", math.MaxInt64, math.MaxInt64, "2026-02-01T00:00:00.000000001Z",
			"22313181631559073632294400000000000", 241920000000000000, true, "2026-02-01T00:00:00Z"},
		{"int64 maximum, a nanosecond before the end", math.MaxInt64, 1, "2026-02-28T23:59:59.999999999Z",
			"9223372036854779619", 922337203685477961900, true, "2026-02-01T00:00:00Z"},
		{"uint64 maximum, a nanosecond before the end", math.MaxUint64, 1, "2026-02-28T23:59:59.999999999Z",
			"18446744073709559240", 1844674407370955924000, true, "2026-02-01T00:00:00Z"},
		{"uint64 maximum limit", 1, math.MaxUint64, "2026-02-15T00:00:00Z", "2", 200.0 / math.MaxUint64, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Counter(tc.used, tc.limit, mustParse(t, tc.at))
			checkForecast(t, f, tc.projected, tc.percent, tc.willExceed, tc.exhaustedAt)
		})
	}
}

func TestLevel(t *testing.T) {
	cases := []struct {
		name        string
		used, limit uint64
		projected   string
		percent     float64
		willExceed  bool
	}{
		{"under", 3, 5, "3", 60, false},
		{"at the limit", 5, 5, "5", 100, false},
		{"over", 5, 3, "5", 500.0 / 3, true},
		{"unlimited", 5, 0, "5", -1, false},
		{"none", 0, 5, "0", 0, false},
		{"int64 maximum", math.MaxInt64, 1, "9223372036854775807", 922337203685477580700, true},
		{"uint64 maximum", math.MaxUint64, math.MaxUint64, "18446744073709551615", 100, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := Level(tc.used, tc.limit)
			checkForecast(t, f, tc.projected, tc.percent, tc.willExceed, "")
		})
	}
}

func checkForecast(t *testing.T, f Forecast, projected string, percent float64, willExceed bool, exhaustedAt string) {
	t.Helper()
	if want, _ := new(big.Int).SetString(projected, 10); f.Projected.Cmp(want) != 0 {
		t.Errorf("projected %s, want %s", f.Projected, projected)
	}
	switch {
	case percent < 0 && f.ProjectedPercent != nil:
		t.Errorf("projected_percent %v, want nil", *f.ProjectedPercent)
	case percent >= 0 && (f.ProjectedPercent == nil || *f.ProjectedPercent != percent):
		t.Errorf("projected_percent %v, want %v", f.ProjectedPercent, percent)
	}
	if f.WillExceed != willExceed {
		t.Errorf("will_exceed %t, want %t", f.WillExceed, willExceed)
	}
	got := ""
	if f.ExhaustedAt != nil {
		got = f.ExhaustedAt.Format(time.RFC3339Nano)
	}
	if got != exhaustedAt {
		t.Errorf("exhausted_at %q, want %q", got, exhaustedAt)
	}
}

func TestOverage(t *testing.T) {
	for _, tc := range []struct{ used, limit, want uint64 }{
		{5, 3, 2}, {3, 5, 0}, {5, 5, 0}, {5, 0, 0}, {0, 0, 0},
		{math.MaxInt64, 0, 0}, {math.MaxInt64, 1, math.MaxInt64 - 1}, {0, math.MaxInt64, 0}, {math.MaxUint64, 0, 0}, {math.MaxUint64, 1, math.MaxUint64 - 1}, {1, math.MaxUint64, 0},
	} {
		if got := Overage(tc.used, tc.limit); got != tc.want {
			t.Errorf("Overage(%d, %d) = %d, want %d", tc.used, tc.limit, got, tc.want)
		}
	}
}
