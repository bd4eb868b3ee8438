package provider

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// A data source whose state is large writes it straight to the msgpack Terraform receives, with an
// objectLayout per object type built from the schema's own types, instead of building a tree of
// Terraform values first.

// setEncodedState writes a data source's msgpack-encoded state. Served through NewProtocol6, the
// encoded state goes to Terraform as it is and the framework keeps the configuration it started the
// read with; otherwise it is decoded into the framework's state.
func setEncodedState(ctx context.Context, state *tfsdk.State, typ tftypes.Type, encoded []byte) diag.Diagnostics {
	if handOverState(ctx, encoded) {
		return nil
	}
	var diags diag.Diagnostics
	v, err := (&tfprotov6.DynamicValue{MsgPack: encoded}).Unmarshal(typ)
	if err != nil {
		diags.AddError("Unable to Build Data Source State",
			"The provider could not decode the state it encoded: "+err.Error()+". Please report this issue to the provider developers.")
		return diags
	}
	state.Raw = v
	return diags
}

func attributeType(object tftypes.Type, name string) tftypes.Type {
	return object.(tftypes.Object).AttributeTypes[name]
}

// objectLayout writes values of an object type as msgpack maps, attributes in sorted order like tftypes.
type objectLayout[T any] struct {
	header []byte
	fields []objectField[T]
	// keyBytes is the size of the header and the keys: a value's size but for its attributes' values.
	keyBytes int
}

type objectField[T any] struct {
	key   []byte // the attribute's name, encoded
	write func([]byte, *T) []byte
}

// newObjectLayout pairs every attribute of the object type with its writer; a schema attribute
// without a writer, or a writer without an attribute, is a programming error caught at start-up.
func newObjectLayout[T any](object tftypes.Type, writers map[string]func([]byte, *T) []byte) objectLayout[T] {
	names := slices.Sorted(maps.Keys(object.(tftypes.Object).AttributeTypes))
	if !slices.Equal(names, slices.Sorted(maps.Keys(writers))) {
		panic(fmt.Sprintf("state layout of %T: the schema has attributes %q, the writers are for %q", *new(T), names, slices.Sorted(maps.Keys(writers))))
	}
	l := objectLayout[T]{header: appendMapHeader(nil, len(names))}
	l.keyBytes = len(l.header)
	for _, name := range names {
		l.fields = append(l.fields, objectField[T]{key: appendString(nil, name), write: writers[name]})
		l.keyBytes += len(l.fields[len(l.fields)-1].key)
	}
	return l
}

func (l *objectLayout[T]) append(b []byte, v *T) []byte {
	b = append(b, l.header...)
	for i := range l.fields {
		b = append(b, l.fields[i].key...)
		b = l.fields[i].write(b, v)
	}
	return b
}

// The msgpack encodings below are those of github.com/vmihailenco/msgpack/v5, which tftypes uses:
// the shortest form of each value.

// appendCounter writes an exact number, or null when the API omitted the counter.
func appendCounter(b []byte, c turso.Counter) []byte {
	v, ok := c.Int64()
	switch {
	case !ok:
		return appendNull(b)
	case v >= -32 && v <= math.MaxInt8:
		return append(b, byte(v))
	case v >= 0 && v <= math.MaxUint8:
		return appendUint(b, 0xcc, uint64(v), 1)
	case v >= 0 && v <= math.MaxUint16:
		return appendUint(b, 0xcd, uint64(v), 2)
	case v >= 0 && v <= math.MaxUint32:
		return appendUint(b, 0xce, uint64(v), 4)
	case v >= 0:
		return appendUint(b, 0xcf, uint64(v), 8)
	case v >= math.MinInt8:
		return appendUint(b, 0xd0, uint64(v), 1)
	case v >= math.MinInt16:
		return appendUint(b, 0xd1, uint64(v), 2)
	case v >= math.MinInt32:
		return appendUint(b, 0xd2, uint64(v), 4)
	}
	return appendUint(b, 0xd3, uint64(v), 8)
}

func appendString(b []byte, s string) []byte {
	return append(appendStringHeader(b, len(s)), s...)
}

// appendID writes a UUID's text as the API sent it.
func appendID(b []byte, id *turso.ID) []byte {
	return id.Append(appendStringHeader(b, id.Len()))
}

// The sizes of what the functions below write, to size a state before it is written.

// counterLen is the size appendCounter writes for c.
func counterLen(c turso.Counter) int {
	v, ok := c.Int64()
	switch {
	case !ok || (v >= -32 && v <= math.MaxInt8):
		return 1
	case v >= 0 && v <= math.MaxUint8, v < 0 && v >= math.MinInt8:
		return 2
	case v >= 0 && v <= math.MaxUint16, v < 0 && v >= math.MinInt16:
		return 3
	case v >= 0 && v <= math.MaxUint32, v < 0 && v >= math.MinInt32:
		return 5
	}
	return 9
}

// countersLen is the size of a counter object's values, its keys aside.
func countersLen[T any](fields []turso.CounterField[T], c *T) int {
	n := 0
	for _, f := range fields {
		n += counterLen(*f.At(c))
	}
	return n
}

// stringLen is the size appendString writes for a string of n bytes.
func stringLen(n int) int {
	switch {
	case n < 32:
		return 1 + n
	case n <= math.MaxUint8:
		return 2 + n
	case n <= math.MaxUint16:
		return 3 + n
	}
	return 5 + n
}

// collectionHeaderLen is the size appendArrayHeader or appendMapHeader writes for n elements.
func collectionHeaderLen(n int) int {
	switch {
	case n < 16:
		return 1
	case n <= math.MaxUint16:
		return 3
	}
	return 5
}

func appendStringHeader(b []byte, n int) []byte {
	switch {
	case n < 32:
		b = append(b, 0xa0|byte(n))
	case n <= math.MaxUint8:
		b = appendUint(b, 0xd9, uint64(n), 1)
	case n <= math.MaxUint16:
		b = appendUint(b, 0xda, uint64(n), 2)
	default:
		b = appendUint(b, 0xdb, uint64(n), 4)
	}
	return b
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 0xc3)
	}
	return append(b, 0xc2)
}

func appendNull(b []byte) []byte { return append(b, 0xc0) }

func appendMapHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x80|byte(n))
	case n <= math.MaxUint16:
		return appendUint(b, 0xde, uint64(n), 2)
	}
	return appendUint(b, 0xdf, uint64(n), 4)
}

func appendArrayHeader(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n <= math.MaxUint16:
		return appendUint(b, 0xdc, uint64(n), 2)
	}
	return appendUint(b, 0xdd, uint64(n), 4)
}

// appendUint appends a type code and the size low bytes of v, big-endian.
func appendUint(b []byte, code byte, v uint64, size int) []byte {
	b = append(b, code)
	for shift := 8 * (size - 1); shift >= 0; shift -= 8 {
		b = append(b, byte(v>>shift))
	}
	return b
}
