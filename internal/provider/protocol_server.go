package provider

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewProtocol6 returns the provider's protocol version 6 server, for tf6server.Serve: the framework's,
// except that a data source may hand its state over already encoded (see handOverState). For a large
// organization the framework's own handling of a data source's state (copies, comparisons and
// conversions of the whole value) costs many times the API call itself, in time and in memory.
func NewProtocol6(p provider.Provider) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(p)
	return func() tfprotov6.ProviderServer {
		server := framework()
		full, ok := server.(frameworkServer)
		if !ok {
			// Caught by TestNewProtocol6_forwardsEveryInterface the day a framework upgrade drops one.
			panic(fmt.Sprintf("the framework's protocol server %T no longer implements every optional interface the provider forwards", server))
		}
		return &protocolServer{frameworkServer: full}
	}
}

// NewProtocol6WithError is NewProtocol6 in the form terraform-plugin-testing takes.
func NewProtocol6WithError(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	server := NewProtocol6(p)
	return func() (tfprotov6.ProviderServer, error) { return server(), nil }
}

// frameworkServer is every interface the framework's protocol server implements: embedding it, not
// only tfprotov6.ProviderServer, keeps the optional ones (list resources, actions, state stores)
// visible to terraform-plugin-go through the wrapper.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

var (
	_ tfprotov6.ProviderServer     = (*protocolServer)(nil)
	_ tfprotov6.ListResourceServer = (*protocolServer)(nil)
	_ tfprotov6.ActionServer       = (*protocolServer)(nil)
	_ tfprotov6.StateStoreServer   = (*protocolServer)(nil)
)

type protocolServer struct {
	frameworkServer
	// handovers counts the reads whose state went to Terraform as the data source encoded it: the
	// alarm that goes off when the framework stops passing this server's context through to Read.
	handovers atomic.Int64
}

type encodedStateKey struct{}

// ReadDataSource sends the state a data source handed over, if it did and the read succeeded.
func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	var encoded []byte
	resp, err := s.frameworkServer.ReadDataSource(context.WithValue(ctx, encodedStateKey{}, &encoded), req)
	if err != nil || resp == nil || encoded == nil || hasError(resp.Diagnostics) {
		return resp, err
	}
	resp.State = &tfprotov6.DynamicValue{MsgPack: encoded}
	s.handovers.Add(1)
	return resp, nil
}

// handOverState gives a data source's msgpack-encoded state to the protocol server, when the read
// runs under one; the framework's state is then left as the framework started it.
func handOverState(ctx context.Context, encoded []byte) bool {
	dst, ok := ctx.Value(encodedStateKey{}).(*[]byte)
	if ok {
		*dst = encoded
	}
	return ok
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// CallFunction reads an argument that comes with no data as null: OpenTofu before 1.11 sends a null
// argument so, which the framework cannot convert, so forecast(used, null, at) failed there.
func (s *protocolServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	if req != nil {
		req.Arguments = nullForEmpty(req.Arguments)
	}
	return s.frameworkServer.CallFunction(ctx, req)
}

// nullForEmpty returns a copy of args in which every argument that carries neither msgpack nor JSON
// is a msgpack null.
func nullForEmpty(args []*tfprotov6.DynamicValue) []*tfprotov6.DynamicValue {
	out := slices.Clone(args)
	for i, a := range out {
		if a == nil || (len(a.MsgPack) == 0 && len(a.JSON) == 0) {
			out[i] = &tfprotov6.DynamicValue{MsgPack: []byte{0xc0}}
		}
	}
	return out
}
