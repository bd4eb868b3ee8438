package provider

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

// TestNewProtocol6_handsOverTheState reads through the real framework server under NewProtocol6: the
// encoded state must reach Terraform by the handover. Were the framework to stop passing the protocol
// server's context through to Read, reads would still succeed, only many times slower and larger, and
// this test is what fails.
func TestNewProtocol6_handsOverTheState(t *testing.T) {
	for name, tc := range map[string]struct {
		body      []byte
		include   bool
		handovers int64
	}{
		"databases":      {faketurso.GenerateUsage(20, 2), true, 1},
		"summary":        {faketurso.GenerateUsage(20, 2), false, 1},
		"malformed body": {[]byte(`{"organization": {"uuid": "x", "usage": {"rows_read": "12"}}}`), true, 0},
	} {
		t.Run(name, func(t *testing.T) {
			server := NewProtocol6(newWithOptions("test", testClientOptions)())().(*protocolServer)
			read := newUsageReader(t, func() (tfprotov6.ProviderServer, error) { return server, nil }, tc.body, faketurso.GenerateDatabases(20), tc.include)
			resp := read(t)
			if got := server.handovers.Load(); got != tc.handovers {
				t.Errorf("%d states handed over, want %d (diagnostics %v)", got, tc.handovers, resp.Diagnostics)
			}
		})
	}
}

// TestNewProtocol6_forwardsEveryInterface proves the wrapper hides nothing the framework's server
// offers: every method of the framework's server is a method of the wrapper.
func TestNewProtocol6_forwardsEveryInterface(t *testing.T) {
	framework := reflect.TypeOf(providerserver.NewProtocol6(newWithOptions("test", testClientOptions)())())
	ours := reflect.TypeOf(NewProtocol6(newWithOptions("test", testClientOptions)())())
	if framework.NumMethod() == 0 {
		t.Fatalf("%v has no methods", framework)
	}
	for i := range framework.NumMethod() {
		name := framework.Method(i).Name
		if _, ok := ours.MethodByName(name); !ok {
			t.Errorf("%v has %s, which the wrapper %v does not forward", framework, name, ours)
		}
	}
}

// stubServer answers reads the way a data source under the protocol server can: handing over an
// encoded state, then reporting diags.
type stubServer struct {
	frameworkServer
	handOver []byte
	diags    []*tfprotov6.Diagnostic
}

func (s stubServer) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if s.handOver != nil && !handOverState(ctx, s.handOver) {
		return nil, fmt.Errorf("the read ran without a protocol server to hand its state to")
	}
	return &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: []byte("framework")}, Diagnostics: s.diags}, nil
}

func TestProtocolServer_sendsHandedOverState(t *testing.T) {
	warning := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "W"}
	failure := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "E"}
	for name, tc := range map[string]struct {
		stub stubServer
		want string
	}{
		"handed over":            {stubServer{handOver: []byte("encoded")}, "encoded"},
		"handed over, a warning": {stubServer{handOver: []byte("encoded"), diags: []*tfprotov6.Diagnostic{warning}}, "encoded"},
		"handed over, an error":  {stubServer{handOver: []byte("encoded"), diags: []*tfprotov6.Diagnostic{warning, failure}}, "framework"},
		"not handed over":        {stubServer{}, "framework"},
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := (&protocolServer{frameworkServer: tc.stub}).ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if got := string(resp.State.MsgPack); got != tc.want {
				t.Errorf("state %q, want %q", got, tc.want)
			}
			if !reflect.DeepEqual(resp.Diagnostics, tc.stub.diags) {
				t.Errorf("diagnostics %v, want %v", resp.Diagnostics, tc.stub.diags)
			}
		})
	}
}
