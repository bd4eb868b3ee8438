package turso

// CounterField is one counter of a counter object: its name in the API's JSON, which the provider's
// schema uses too, and where a T holds it. The tables below are the decoder's own, so that what the
// client reads and what the provider writes cannot drift apart.
type CounterField[T any] struct {
	Name string
	At   func(*T) *Counter
}

func exportFields[T any](fields []counterField[T]) []CounterField[T] {
	out := make([]CounterField[T], len(fields))
	for i, f := range fields {
		out[i] = CounterField[T]{Name: f.name, At: f.at}
	}
	return out
}

var (
	// OrganizationCounterFields are the counters of an organization's "usage".
	OrganizationCounterFields = exportFields(organizationCounterFields)
	// UsageCounterFields are the counters of a database or an instance.
	UsageCounterFields = exportFields(usageCounterFields)
)
