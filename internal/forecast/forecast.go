// Package forecast extrapolates a billing cycle's usage to its end. Turso meters every plan, yearly
// ones too, by UTC calendar month. The arithmetic is exact: products of a counter and a duration in
// nanoseconds exceed 64 bits, so they are taken in math/big.
package forecast

import (
	"math/big"
	"time"
)

// Period is a billing cycle: the UTC calendar month from From (inclusive) to To (exclusive).
type Period struct {
	From, To time.Time
}

// PeriodOf is the UTC calendar month that holds t, whatever t's offset.
func PeriodOf(t time.Time) Period {
	t = t.UTC()
	from := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: from, To: from.AddDate(0, 1, 0)}
}

// Length is the cycle's length: 28 to 31 days.
func (p Period) Length() time.Duration { return p.To.Sub(p.From) }

// Elapsed is how much of the cycle lies before at, which must be in the cycle.
func (p Period) Elapsed(at time.Time) time.Duration { return at.Sub(p.From) }

// ElapsedFraction is the float64 nearest to the part of the cycle that lies before at, from 0 to 1.
func (p Period) ElapsedFraction(at time.Time) float64 {
	f, _ := new(big.Rat).SetFrac64(int64(p.Elapsed(at)), int64(p.Length())).Float64()
	return f
}

// Forecast is one metric's usage extrapolated to the end of the cycle.
type Forecast struct {
	// Projected is the usage at the end of the cycle, an integer that may exceed 64 bits.
	Projected *big.Int
	// ProjectedPercent is the float64 nearest to Projected as a percentage of the limit; nil when
	// the metric is unlimited.
	ProjectedPercent *float64
	// WillExceed is whether the metric is limited and Projected is above the limit.
	WillExceed bool
	// ExhaustedAt is when the limit is or was reached at the cycle's average rate, floored to the
	// second; nil when unlimited, when nothing is used, for a level, when it would come on or after
	// the cycle's end, and at the cycle's first instant unless used has already reached the limit.
	ExhaustedAt *time.Time
}

// Counter forecasts a counter that grows through the cycle and resets at its end (rows read, rows
// written, bytes synced): projected = floor(used × cycle length / elapsed), and used itself at the
// cycle's very first instant. A limit of 0 means unlimited.
func Counter(used, limit uint64, at time.Time) Forecast {
	p := PeriodOf(at)
	elapsed, length := big.NewInt(int64(p.Elapsed(at))), big.NewInt(int64(p.Length()))
	f := Forecast{Projected: new(big.Int).SetUint64(used)}
	if elapsed.Sign() > 0 {
		f.Projected.Mul(f.Projected, length).Quo(f.Projected, elapsed)
	}
	f.setLimit(limit)
	switch {
	case limit == 0 || used == 0:
	case elapsed.Sign() > 0:
		f.ExhaustedAt = exhaustedAt(p, elapsed, used, limit)
	case used >= limit:
		// At the cycle's first instant there is no rate yet: the limit is reached now or not at all.
		f.ExhaustedAt = &p.From
	}
	return f
}

// Level forecasts a level, a count of what exists (storage, databases, locations, groups): it does
// not grow with time, so it is projected as it stands and has no exhaustion instant.
func Level(used, limit uint64) Forecast {
	f := Forecast{Projected: new(big.Int).SetUint64(used)}
	f.setLimit(limit)
	return f
}

func (f *Forecast) setLimit(limit uint64) {
	if limit == 0 {
		return
	}
	l := new(big.Int).SetUint64(limit)
	pct, _ := new(big.Rat).SetFrac(new(big.Int).Mul(f.Projected, big.NewInt(100)), l).Float64()
	f.ProjectedPercent = &pct
	f.WillExceed = f.Projected.Cmp(l) > 0
}

// exhaustedAt is From + elapsed × limit / used, floored to the second, or nil on or after To.
func exhaustedAt(p Period, elapsed *big.Int, used, limit uint64) *time.Time {
	ns := new(big.Int).Mul(elapsed, new(big.Int).SetUint64(limit))
	ns.Quo(ns, new(big.Int).SetUint64(used))
	seconds := ns.Quo(ns, big.NewInt(int64(time.Second)))
	if seconds.Cmp(big.NewInt(int64(p.Length()/time.Second))) >= 0 {
		return nil
	}
	t := p.From.Add(time.Duration(seconds.Int64()) * time.Second)
	return &t
}

// Overage is what is used past the limit, as `turso plan show` shows it: max(used − limit, 0), and 0
// when the limit is 0 (unlimited).
func Overage(used, limit uint64) uint64 {
	if limit == 0 || used <= limit {
		return 0
	}
	return used - limit
}
