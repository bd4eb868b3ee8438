package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// TestHandedOverState_survivesReMarshalling takes the protocol server's ReadDataSource response of
// an organization of 150 and of 10,000 databases, as the protocol's own message, through the standard
// protobuf marshaller and back, and decodes its state against the schema: every database must be
// there, named. A state that reached Terraform in pieces, or only while nothing copied the message on
// its way, fails here.
func TestHandedOverState_survivesReMarshalling(t *testing.T) {
	for _, n := range []int{150, 10_000} {
		t.Run(fmt.Sprint(n, " databases"), func(t *testing.T) {
			server := NewProtocol6(newWithOptions("test", testClientOptions)())().(*protocolServer)
			read := newUsageReader(t, func() (tfprotov6.ProviderServer, error) { return server, nil },
				faketurso.GenerateUsage(n, 2), faketurso.GenerateDatabases(n), true)
			resp := read(context.Background(), t)
			if len(resp.Diagnostics) > 0 || server.handovers.Load() != 1 {
				t.Fatalf("%d states handed over, diagnostics %v: want one state handed over", server.handovers.Load(), resp.Diagnostics)
			}
			wire, err := proto.Marshal(readDataSourceResponseMessage(t, resp.State.MsgPack))
			if err != nil {
				t.Fatal(err)
			}
			back := readDataSourceResponseMessage(t, nil)
			if err := proto.Unmarshal(wire, back); err != nil {
				t.Fatal(err)
			}
			state := back.ProtoReflect().Get(back.ProtoReflect().Descriptor().Fields().ByName("state")).Message()
			msgpack := state.Get(state.Descriptor().Fields().ByName("msgpack")).Bytes()
			value, err := (&tfprotov6.DynamicValue{MsgPack: msgpack}).Unmarshal(organizationUsageType)
			if err != nil {
				t.Fatalf("the state of %d bytes, re-marshalled (%d bytes on the wire), does not decode: %v", len(msgpack), len(wire), err)
			}
			databases, _, err := tftypes.WalkAttributePath(value, tftypes.NewAttributePath().WithAttributeName("databases"))
			var list []tftypes.Value
			if err != nil || databases.(tftypes.Value).As(&list) != nil || len(list) != n {
				t.Fatalf("%d databases in the state (%v), want %d", len(list), err, n)
			}
			for i, db := range list {
				var fields map[string]tftypes.Value
				var name string
				if err := db.As(&fields); err != nil || fields["name"].As(&name) != nil || name != fmt.Sprintf("db-%05d", i) {
					t.Fatalf("databases[%d] is named %q (%v), want db-%05d", i, name, err, i)
				}
			}
		})
	}
}

// readDataSourceResponseMessage is the protocol's ReadDataSource response message carrying msgpack
// as its state, built through the registered message type (the generated package is internal to
// terraform-plugin-go).
func readDataSourceResponseMessage(t *testing.T, msgpack []byte) proto.Message {
	t.Helper()
	typ, err := protoregistry.GlobalTypes.FindMessageByName("tfplugin6.ReadDataSource.Response")
	if err != nil {
		t.Fatalf("the protocol's ReadDataSource response is not registered: %v", err)
	}
	resp := typ.New()
	if msgpack != nil {
		state := resp.Mutable(resp.Descriptor().Fields().ByName("state")).Message()
		state.Set(state.Descriptor().Fields().ByName("msgpack"), protoreflect.ValueOfBytes(msgpack))
	}
	return resp.Interface()
}
