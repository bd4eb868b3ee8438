package turso

// Counter is one usage counter as the API sent it. Counters are exact 64-bit integers (they can
// exceed 2^53, so they never pass through float64); a counter the API omitted or sent as null is
// absent, and a value that is not a non-negative integer is kept as invalid until Validate reports it.
type Counter struct {
	value int64
	state counterState
}

type counterState uint8

const (
	counterAbsent counterState = iota
	counterSet
	counterString
	counterBool
	counterComposite
	counterFraction
	counterNegativeZero
	counterNegative
	counterOutOfRange
	counterMalformed
)

var counterProblems = [...]string{
	counterString:       "is a string, want an integer",
	counterBool:         "is a boolean, want an integer",
	counterComposite:    "is an object or array, want an integer",
	counterFraction:     "has a fraction or exponent, want an integer",
	counterNegativeZero: "is negative zero, want a non-negative integer",
	counterNegative:     "is negative, want a non-negative integer",
	counterOutOfRange:   "is larger than a 64-bit integer can hold (9223372036854775807)",
	counterMalformed:    "is not a JSON number",
}

// NewCounter returns a present counter holding v.
func NewCounter(v int64) Counter { return Counter{value: v, state: counterSet} }

// Int64 returns the value and whether the API sent one.
func (c Counter) Int64() (int64, bool) { return c.value, c.state == counterSet }

// problem describes why the counter is invalid, or returns "" for a valid or absent counter.
func (c Counter) problem() string {
	if c.state <= counterSet {
		return ""
	}
	return counterProblems[c.state]
}

// UnmarshalJSON never fails: it records what was wrong, so that validation can name the JSON path.
func (c *Counter) UnmarshalJSON(b []byte) error {
	c.value, c.state = parseCounter(b)
	return nil
}

func parseCounter(b []byte) (int64, counterState) {
	if len(b) == 0 {
		return 0, counterMalformed
	}
	switch b[0] {
	case 'n':
		return 0, counterAbsent
	case '"':
		return 0, counterString
	case 't', 'f':
		return 0, counterBool
	case '{', '[':
		return 0, counterComposite
	}
	digits := b
	if b[0] == '-' {
		digits = b[1:]
	}
	if len(digits) == 0 {
		return 0, counterMalformed
	}
	var v uint64
	for _, ch := range digits {
		switch {
		case ch >= '0' && ch <= '9':
			d := uint64(ch - '0')
			if v > (1<<63-1-d)/10 {
				return 0, counterOutOfRange
			}
			v = v*10 + d
		case ch == '.' || ch == 'e' || ch == 'E' || ch == '+' || ch == '-':
			return 0, counterFraction
		default:
			return 0, counterMalformed
		}
	}
	if b[0] == '-' {
		if v == 0 {
			return 0, counterNegativeZero
		}
		return 0, counterNegative
	}
	return int64(v), counterSet
}
