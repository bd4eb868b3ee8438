package faketurso

import (
	"encoding/json"
	"math/big"
	"time"
)

// One database's usage in a window. Without from and to the fake answers the fixture's counters, the
// current month as the API reports it. With either, it answers what happened in the window, from a
// deterministic series: rows read, rows written and bytes synced accrue a thirtieth of the fixture's
// value a day, spread over the UTC hours of the day in proportion 1, 2, …, 24 (each hour busier than
// the last), and nothing after the fake's clock; storage_bytes is a size, not a flow, and stays the
// fixture's. Amounts are rounded down. So any 24 hours read a thirtieth of the fixture, 30 whole days
// all of it, and two hours of the same length differ by the time of day.
//
// A missing to is the fake's clock; a missing from is the start of to's calendar month (UTC).

// flowCounters are the counters that accrue over time.
var flowCounters = []string{"rows_read", "rows_written", "bytes_synced"}

const (
	secondsPerHour = 3600
	secondsPerDay  = 24 * secondsPerHour
	// dayWeight is the weight of a whole day: its hours weigh 1 + 2 + … + 24.
	dayWeight = 24 * 25 / 2 * secondsPerHour
	// fixtureDays is how many days of the series make up the fixture's counters.
	fixtureDays = 30
)

// SetClock makes the fake's clock read now, for windows that end at it; the zero time restores the
// real clock.
func (s *Server) SetClock(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = now
}

func (s *Server) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clock.IsZero() {
		return time.Now()
	}
	return s.clock
}

// usageWindow turns a request's from and to (already checked) into the window the series is read over.
func usageWindow(from, to string, now time.Time) (start, end time.Time) {
	end = now
	if to != "" {
		end, _ = time.Parse(time.RFC3339, to)
		end = minTime(end, now)
	}
	if from != "" {
		start, _ = time.Parse(time.RFC3339, from)
	} else {
		t := end.UTC()
		start = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return start, end
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// weightUntil is the series' weight from the Unix epoch to t, counted in weighted seconds: each second
// of UTC hour h of a day weighs h + 1. It is negative before the epoch.
func weightUntil(t time.Time) *big.Int {
	s := t.Unix()
	days := s / secondsPerDay
	if s%secondsPerDay < 0 {
		days--
	}
	rest := s - days*secondsPerDay
	hour := rest / secondsPerHour
	// The whole hours before this one weigh 1 + … + hour, the seconds of this one hour + 1 each.
	partial := secondsPerHour*hour*(hour+1)/2 + (hour+1)*(rest-hour*secondsPerHour)
	w := big.NewInt(days)
	w.Mul(w, big.NewInt(dayWeight))
	return w.Add(w, big.NewInt(partial))
}

// windowShare is the part of the fixture's counters that the window [start, end) accrues, as a
// fraction; nothing when the window is empty.
func windowShare(start, end time.Time) *big.Rat {
	if !end.After(start) {
		return new(big.Rat)
	}
	w := new(big.Int).Sub(weightUntil(end), weightUntil(start))
	return new(big.Rat).SetFrac(w, big.NewInt(fixtureDays*dayWeight))
}

// scaleDatabase returns a database entry of an organization's usage with every flow counter, in its
// totals and its instances, scaled by share and rounded down. Other keys are kept as they are.
func scaleDatabase(db json.RawMessage, share *big.Rat) (json.RawMessage, error) {
	var entry map[string]json.RawMessage
	if err := json.Unmarshal(db, &entry); err != nil {
		return nil, err
	}
	for _, key := range []string{"total", "usage"} {
		if entry[key] == nil {
			continue
		}
		scaled, err := scaleCounters(entry[key], share)
		if err != nil {
			return nil, err
		}
		entry[key] = scaled
	}
	if entry["instances"] != nil {
		var instances []map[string]json.RawMessage
		if err := json.Unmarshal(entry["instances"], &instances); err != nil {
			return nil, err
		}
		for _, instance := range instances {
			if instance["usage"] == nil {
				continue
			}
			scaled, err := scaleCounters(instance["usage"], share)
			if err != nil {
				return nil, err
			}
			instance["usage"] = scaled
		}
		b, err := json.Marshal(instances)
		if err != nil {
			return nil, err
		}
		entry["instances"] = b
	}
	return json.Marshal(entry)
}

// scaleCounters scales the flow counters of one counters object; a counter that is not an integer
// (null, say) is kept as it is.
func scaleCounters(raw json.RawMessage, share *big.Rat) (json.RawMessage, error) {
	var counters map[string]json.RawMessage
	if err := json.Unmarshal(raw, &counters); err != nil || counters == nil {
		return raw, err
	}
	for _, name := range flowCounters {
		n, ok := new(big.Int).SetString(string(counters[name]), 10)
		if !ok {
			continue
		}
		n.Mul(n, share.Num())
		n.Quo(n, share.Denom())
		counters[name] = json.RawMessage(n.String())
	}
	return json.Marshal(counters)
}
