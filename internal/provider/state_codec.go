package provider

import (
	"sync"

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
// buffer the data source encoded it into. The other fields are marshalled by the proto codec.

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
	if len(msgpack) < largeState || !onlyField(state, msgpackField) {
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
	inner := protowire.AppendVarint(protowire.AppendTag(nil, msgpackField.Number(), protowire.BytesType), uint64(len(msgpack)))
	head := protowire.AppendTag(nil, stateField.Number(), protowire.BytesType)
	head = protowire.AppendVarint(head, uint64(len(inner)+len(msgpack)))
	head = append(head, inner...)
	return append(mem.BufferSlice{mem.SliceBuffer(head), mem.SliceBuffer(msgpack)}, out...), nil
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
