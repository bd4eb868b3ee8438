package provider

import (
	"context"
	"os"
	"runtime"
	"slices"
	"sync"
	"unsafe"
	"weak"

	"google.golang.org/grpc"

	"google.golang.org/grpc/encoding"
	grpcproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// gRPC's proto codec copies every message it sends into a buffer of its own: for a data source whose
// state is tens of megabytes, the provider would hold the state twice while Terraform receives it.
// stateCodec is that codec, except that the state of a ReadDataSource response goes out from the
// buffers the data source encoded it into: a large state is written in chunks (writeOrganizationUsage
// reuses the memory of what it has written for the next ones), and only the first fits in the
// response's msgpack field. The protocol server holds the others (holdRest) for the codec to send
// after it. The other fields are marshalled by the proto codec.

// largeState is the size of an encoded state from which it is sent without a copy.
const largeState = 4 << 20

// readDataSourceResponse is the protocol's message that carries a data source's state.
const readDataSourceResponse = "tfplugin6.ReadDataSource.Response"

// stateCodec sends the msgpack of large data source states without copying it; every other message
// is the proto codec's.
type stateCodec struct{ encoding.CodecV2 }

var registerStateCodec sync.Once

// useStateCodec replaces gRPC's proto codec, for the whole process, by stateCodec around it.
func useStateCodec() {
	registerStateCodec.Do(func() {
		encoding.RegisterCodecV2(stateCodec{encoding.GetCodecV2(grpcproto.Name)})
	})
}

func (c stateCodec) Marshal(v any) (mem.BufferSlice, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return c.CodecV2.Marshal(v)
	}
	msg := m.ProtoReflect()
	if msg.Descriptor().FullName() != readDataSourceResponse {
		return c.CodecV2.Marshal(v)
	}
	stateField := msg.Descriptor().Fields().ByName("state")
	if stateField == nil || !msg.Has(stateField) {
		return c.CodecV2.Marshal(v)
	}
	state := msg.Get(stateField).Message()
	msgpackField := state.Descriptor().Fields().ByName("msgpack")
	var msgpack []byte
	if msgpackField != nil {
		msgpack = state.Get(msgpackField).Bytes()
	}
	chunks := [][]byte{msgpack}
	others, held := takeRest(msgpack)
	chunks = append(chunks, others...)
	size := chunksLen(chunks)
	if !held && (size < largeState || !onlyField(state, msgpackField)) {
		return c.CodecV2.Marshal(v)
	}
	// The response without its state, marshalled by the proto codec: a shallow copy shares every
	// other field's value.
	rest := msg.New()
	msg.Range(func(f protoreflect.FieldDescriptor, value protoreflect.Value) bool {
		if f != stateField {
			rest.Set(f, value)
		}
		return true
	})
	out, err := c.CodecV2.Marshal(rest.Interface())
	if err != nil {
		return nil, err
	}
	// The state field, a DynamicValue holding only its msgpack, ahead of the rest: fields may come in
	// any order on the wire.
	inner := protowire.AppendVarint(protowire.AppendTag(nil, msgpackField.Number(), protowire.BytesType), uint64(size))
	head := protowire.AppendTag(nil, stateField.Number(), protowire.BytesType)
	head = protowire.AppendVarint(head, uint64(len(inner)+size))
	head = append(head, inner...)
	buffers := make(mem.BufferSlice, 0, 1+len(chunks)+len(out))
	buffers = append(buffers, mem.SliceBuffer(head))
	for _, chunk := range chunks {
		buffers = append(buffers, mem.SliceBuffer(chunk))
	}
	return append(buffers, out...), nil
}

// stateToSend is what goes in a ReadDataSource response's msgpack for a state in chunks. Answering a
// gRPC call, whose response stateCodec marshals, it is the first chunk, and the codec sends the
// others after it; otherwise (a call in the same process, as the benchmarks make), or when
// terraform-plugin-go writes the field to a file as it is (TF_LOG_SDK_PROTO_DATA_DIR), the chunks
// joined.
func stateToSend(ctx context.Context, chunks [][]byte) []byte {
	if len(chunks) == 1 {
		return chunks[0]
	}
	if _, grpcCall := grpc.Method(ctx); !grpcCall || os.Getenv("TF_LOG_SDK_PROTO_DATA_DIR") != "" {
		return slices.Concat(chunks...)
	}
	return holdRest(chunks)
}

// heldState is the rest of a state whose first chunk is in a response on its way to stateCodec.
type heldState struct {
	// first is the first chunk's first byte. Once it is collected the address can be reused, and the
	// weak pointer no longer matches it.
	first weak.Pointer[byte]
	rest  [][]byte
}

// heldStates are the states holdRest holds, by the address of their first byte.
var heldStates sync.Map // uintptr → *heldState

// holdRest holds all chunks but the first until stateCodec sends them after it, and returns the first.
// A response that is never sent takes the rest with it: once its first chunk is collected, so is the
// entry.
func holdRest(chunks [][]byte) []byte {
	first := unsafe.SliceData(chunks[0])
	key := uintptr(unsafe.Pointer(first))
	held := &heldState{first: weak.Make(first), rest: slices.Clone(chunks[1:])}
	heldStates.Store(key, held)
	runtime.AddCleanup(first, func(held *heldState) { heldStates.CompareAndDelete(key, held) }, held)
	return chunks[0]
}

// takeRest returns, and lets go of, the chunks held after msgpack, if it is the first of a state.
func takeRest(msgpack []byte) ([][]byte, bool) {
	if len(msgpack) == 0 {
		return nil, false
	}
	first := unsafe.SliceData(msgpack)
	v, ok := heldStates.LoadAndDelete(uintptr(unsafe.Pointer(first)))
	if !ok {
		return nil, false
	}
	held := v.(*heldState)
	if held.first.Value() != first {
		return nil, false
	}
	return held.rest, true
}

// onlyField reports whether f is the only field of msg that is set.
func onlyField(msg protoreflect.Message, f protoreflect.FieldDescriptor) bool {
	only := true
	msg.Range(func(other protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		only = other == f
		return only
	})
	return only
}
