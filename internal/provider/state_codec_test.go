package provider

import (
	"bytes"
	"context"
	"runtime"
	"slices"
	"testing"
	"time"
	"unsafe"
	"weak"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"google.golang.org/grpc/encoding"
	grpcproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// readDataSourceResponseOf builds the protocol's ReadDataSource response with a state of msgpack and
// one diagnostic, through the registered message type (the generated package is internal to
// terraform-plugin-go).
func readDataSourceResponseOf(t *testing.T, msgpack []byte) proto.Message {
	t.Helper()
	typ, err := protoregistry.GlobalTypes.FindMessageByName(readDataSourceResponse)
	if err != nil {
		t.Fatalf("the protocol's %s is not registered: %v", readDataSourceResponse, err)
	}
	resp := typ.New()
	fields := resp.Descriptor().Fields()
	state := resp.Mutable(fields.ByName("state")).Message()
	state.Set(state.Descriptor().Fields().ByName("msgpack"), protoreflect.ValueOfBytes(msgpack))
	diagnostics := resp.Mutable(fields.ByName("diagnostics")).List()
	diagnostic := diagnostics.NewElement().Message()
	diagnostic.Set(diagnostic.Descriptor().Fields().ByName("summary"), protoreflect.ValueOfString("Warning Summary"))
	diagnostics.Append(protoreflect.ValueOfMessage(diagnostic))
	return resp.Interface()
}

// TestStateCodec: a large state goes to gRPC as the data source's own buffer, and the message decodes
// to what the proto codec would have sent; a small state, and every other message, is the proto
// codec's byte for byte.
func TestStateCodec(t *testing.T) {
	NewProtocol6(New("test")())
	codec, ok := encoding.GetCodecV2(grpcproto.Name).(stateCodec)
	if !ok {
		t.Fatalf("gRPC's proto codec is %T, want the provider's stateCodec once NewProtocol6 has run", encoding.GetCodecV2(grpcproto.Name))
	}
	for _, size := range []int{largeState - 1, largeState, 3 * largeState} {
		msgpack := bytes.Repeat([]byte{0xc0}, size)
		msg := readDataSourceResponseOf(t, msgpack)
		data, err := codec.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		want, err := codec.CodecV2.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		shared := false
		for _, buf := range data {
			b := buf.ReadOnlyData()
			shared = shared || (len(b) > 0 && unsafe.SliceData(b) == unsafe.SliceData(msgpack))
		}
		if shared != (size >= largeState) {
			t.Errorf("state of %d bytes: sent from the data source's buffer: %t, want %t", size, shared, size >= largeState)
		}
		got := typOf(msg).New().Interface()
		if err := proto.Unmarshal(data.Materialize(), got); err != nil {
			t.Fatalf("state of %d bytes: %v", size, err)
		}
		if !proto.Equal(got, msg) {
			t.Errorf("state of %d bytes: the message decodes to something else", size)
		}
		if data.Len() != want.Len() {
			t.Errorf("state of %d bytes: %d bytes sent, want the %d of the proto codec: nothing twice", size, data.Len(), want.Len())
		}
		if size < largeState && !bytes.Equal(data.Materialize(), want.Materialize()) {
			t.Errorf("state of %d bytes: not the proto codec's bytes", size)
		}
	}
	// Any other message, and a state with JSON beside its msgpack, are the proto codec's.
	msg := readDataSourceResponseOf(t, bytes.Repeat([]byte{0xc0}, largeState))
	state := msg.ProtoReflect().Mutable(msg.ProtoReflect().Descriptor().Fields().ByName("state")).Message()
	state.Set(state.Descriptor().Fields().ByName("json"), protoreflect.ValueOfBytes([]byte("{}")))
	other := state.Interface()
	for _, m := range []proto.Message{msg, other} {
		data, err := codec.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := codec.CodecV2.Marshal(m)
		if !bytes.Equal(data.Materialize(), want.Materialize()) {
			t.Errorf("%s: not the proto codec's bytes", m.ProtoReflect().Descriptor().FullName())
		}
	}
	// The framework's own server does not change the codec; NewProtocol6 changes it once.
	providerserver.NewProtocol6(New("test")())
	NewProtocol6(New("test")())
	if _, ok := encoding.GetCodecV2(grpcproto.Name).(stateCodec); !ok {
		t.Error("the codec changed again")
	}
}

func typOf(m proto.Message) protoreflect.MessageType { return m.ProtoReflect().Type() }

// TestStateCodec_chunks: a state in chunks goes to gRPC as those chunks, after the first that the
// response carries, and decodes to the state joined; its chunks are held once, and only for a gRPC
// call.
func TestStateCodec_chunks(t *testing.T) {
	NewProtocol6(New("test")())
	codec := encoding.GetCodecV2(grpcproto.Name).(stateCodec)
	var chunks [][]byte
	for i := range 5 {
		chunks = append(chunks, bytes.Repeat([]byte{byte(0xa0 + i)}, 1000+i))
	}
	joined := slices.Concat(chunks...)

	grpcCall := grpc.NewContextWithServerTransportStream(context.Background(), fakeStream{})
	first := stateToSend(grpcCall, chunks)
	if unsafe.SliceData(first) != unsafe.SliceData(chunks[0]) || len(first) != len(chunks[0]) {
		t.Fatal("answering a gRPC call, the response does not carry the first chunk")
	}
	msg := readDataSourceResponseOf(t, first)
	data, err := codec.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	sent := map[*byte]bool{}
	for _, buf := range data {
		sent[unsafe.SliceData(buf.ReadOnlyData())] = true
	}
	for i, c := range chunks {
		if !sent[unsafe.SliceData(c)] {
			t.Errorf("chunk %d was not sent from its own buffer", i)
		}
	}
	got := typOf(msg).New().Interface()
	if err := proto.Unmarshal(data.Materialize(), got); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(got, readDataSourceResponseOf(t, joined)) {
		t.Error("the message decodes to something else than the response with the state joined")
	}
	// Sent once: the same first chunk again is a state of its own, sent as it is.
	again, err := codec.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := codec.CodecV2.Marshal(msg); !bytes.Equal(again.Materialize(), want.Materialize()) {
		t.Error("the chunks were held after they were sent")
	}

	// Outside a gRPC call, or with the protocol data written to files, nothing is held.
	t.Setenv("TF_LOG_SDK_PROTO_DATA_DIR", "")
	if got := stateToSend(context.Background(), chunks); !bytes.Equal(got, joined) {
		t.Error("outside a gRPC call, the state is not the chunks joined")
	}
	t.Setenv("TF_LOG_SDK_PROTO_DATA_DIR", t.TempDir())
	if got := stateToSend(grpcCall, chunks); !bytes.Equal(got, joined) {
		t.Error("with the protocol data written to files, the state is not the chunks joined")
	}
	if got := stateToSend(grpcCall, chunks[:1]); unsafe.SliceData(got) != unsafe.SliceData(chunks[0]) {
		t.Error("a state of one chunk is not sent as it is")
	}
}

// TestStateCodec_unsentStateLetsGo: the chunks held for a response that is never sent go when its
// first chunk does.
func TestStateCodec_unsentStateLetsGo(t *testing.T) {
	grpcCall := grpc.NewContextWithServerTransportStream(context.Background(), fakeStream{})
	key := func() uintptr {
		chunks := [][]byte{make([]byte, 1000), make([]byte, 1000)}
		stateToSend(grpcCall, chunks)
		return uintptr(unsafe.Pointer(unsafe.SliceData(chunks[0])))
	}()
	held := func() bool {
		_, ok := heldStates.Load(key)
		return ok
	}
	if !held() {
		t.Fatal("the state just answered is not held")
	}
	for range 100 {
		runtime.GC()
		if !held() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Error("the chunks of a response that was never sent are still held")
}

// fakeStream makes a context that of a gRPC call.
type fakeStream struct{}

func (fakeStream) Method() string               { return "/tfplugin6.Provider/ReadDataSource" }
func (fakeStream) SetHeader(metadata.MD) error  { return nil }
func (fakeStream) SendHeader(metadata.MD) error { return nil }
func (fakeStream) SetTrailer(metadata.MD) error { return nil }

// TestStateCodec_staleEntryIgnored: an entry whose first chunk was collected, and whose address now
// starts another slice, is not that slice's rest.
func TestStateCodec_staleEntryIgnored(t *testing.T) {
	msgpack := make([]byte, 1000)
	other := new(byte)
	key := uintptr(unsafe.Pointer(unsafe.SliceData(msgpack)))
	heldStates.Store(key, &heldState{first: weak.Make(other), rest: [][]byte{[]byte("stale")}})
	if rest, ok := takeRest(msgpack); ok {
		t.Errorf("the rest %q of another state was taken", rest)
	}
	if _, ok := heldStates.Load(key); ok {
		t.Error("the stale entry is still held")
	}
}
