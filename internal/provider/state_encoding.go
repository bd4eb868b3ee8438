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

// setEncodedState writes a data source's msgpack-encoded state, given in one or more chunks that
// follow one another. Served through NewProtocol6, the encoded state goes to Terraform as it is and
// the framework keeps the configuration it started the read with; otherwise it is decoded into the
// framework's state.
func setEncodedState(ctx context.Context, state *tfsdk.State, typ tftypes.Type, encoded ...[]byte) diag.Diagnostics {
	if handOverState(ctx, encoded) {
		return nil
	}
	var diags diag.Diagnostics
	v, err := (&tfprotov6.DynamicValue{MsgPack: slices.Concat(encoded...)}).Unmarshal(typ)
	if err != nil {
		diags.AddError("Unable to Build Data Source State",
			"The provider could not decode the state it encoded: "+err.Error()+". Please report this issue to the provider developers.")
		return diags
	}
	state.Raw = v
	return diags
}

// chunksLen is the size of a state in chunks.
func chunksLen(chunks [][]byte) int {
	n := 0
	for _, chunk := range chunks {
		n += len(chunk)
	}
	return n
}

// chunkWriter writes a state in chunks, so that memory given up while it is written (the tables it
// is written from) can hold its next chunks instead of new memory.
type chunkWriter struct {
	done  [][]byte
	cur   []byte
	spare [][]byte // memory handed over by reuse, for the next chunks
	// reused counts the bytes of handed-over memory the chunks took.
	reused int
}

// stateChunkBytes is the size of a chunk when no memory was handed over for it.
const stateChunkBytes = 64 << 10

func (w *chunkWriter) write(p []byte) {
	for len(p) > 0 {
		if len(w.cur) == cap(w.cur) {
			w.next()
		}
		n := copy(w.cur[len(w.cur):cap(w.cur)], p)
		w.cur, p = w.cur[:len(w.cur)+n], p[n:]
	}
}

func (w *chunkWriter) next() {
	if len(w.cur) > 0 {
		w.done = append(w.done, w.cur)
	}
	if k := len(w.spare); k > 0 {
		w.cur, w.spare = w.spare[k-1][:0], w.spare[:k-1]
		w.reused += cap(w.cur)
		return
	}
	w.cur = make([]byte, 0, stateChunkBytes)
}

// reuse takes memory that is no longer needed for the next chunks.
func (w *chunkWriter) reuse(b []byte) {
	if len(b) > 0 {
		w.spare = append(w.spare, b)
	}
}

// chunks returns what was written, in order.
func (w *chunkWriter) chunks() [][]byte {
	if len(w.cur) > 0 {
		w.done, w.cur = append(w.done, w.cur), nil
	}
	return w.done
}

func attributeType(object tftypes.Type, name string) tftypes.Type {
	return object.(tftypes.Object).AttributeTypes[name]
}

// objectLayout writes values of an object type as msgpack maps, attributes in sorted order like tftypes.
type objectLayout[T any] struct {
	header []byte
	fields []objectField[T]
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
	for _, name := range names {
		l.fields = append(l.fields, objectField[T]{key: appendString(nil, name), write: writers[name]})
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

func appendList[T any](b []byte, element objectLayout[T], values []T) []byte {
	b = appendArrayHeader(b, len(values))
	for i := range values {
		b = element.append(b, &values[i])
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

func appendStringBytes(b []byte, s []byte) []byte {
	return append(appendStringHeader(b, len(s)), s...)
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
