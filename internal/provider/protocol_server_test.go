package provider

import (
	"context"
	"fmt"
	"math/big"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
			resp := read(context.Background(), t)
			if got := server.handovers.Load(); got != tc.handovers {
				t.Errorf("%d states handed over, want %d (diagnostics %v)", got, tc.handovers, resp.Diagnostics)
			}
		})
	}
}

// TestNewProtocol6_databaseUsageThroughTheFramework: turso_database_usage, a small state, goes
// through the framework's own path: nothing is handed over, and the state is there.
func TestNewProtocol6_databaseUsageThroughTheFramework(t *testing.T) {
	_, url := fakeAPI(t)
	server := NewProtocol6(newWithOptions("test", testClientOptions)())().(*protocolServer)
	resp := readDataSource(t, server, url, "turso_database_usage", map[string]tftypes.Value{
		"database": tftypes.NewValue(tftypes.String, "analytics"),
	})
	if got := server.handovers.Load(); got != 0 {
		t.Errorf("%d states handed over, want none", got)
	}
	if resp.State == nil || len(resp.State.MsgPack) == 0 || hasError(resp.Diagnostics) {
		t.Errorf("no state, or an error: %v", resp.Diagnostics)
	}
}

// readDataSource configures server for organization demo of the fake API at url, and reads the data
// source typeName with the given arguments (the others null).
func readDataSource(t *testing.T, server tfprotov6.ProviderServer, url, typeName string, args map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
	t.Helper()
	ctx := context.Background()
	value := func(typ tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: value(schemas.Provider.ValueType(), map[string]tftypes.Value{
		"api_token":    tftypes.NewValue(tftypes.String, faketurso.Token),
		"organization": tftypes.NewValue(tftypes.String, faketurso.OrgDemo),
		"api_url":      tftypes.NewValue(tftypes.String, url),
	})})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}
	objectType := schemas.DataSourceSchemas[typeName].ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, attrType := range objectType.AttributeTypes {
		attrs[name] = tftypes.NewValue(attrType, nil)
	}
	for name, v := range args {
		attrs[name] = v
	}
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: value(objectType, attrs)})
	if err != nil {
		t.Fatalf("ReadDataSource: %v", err)
	}
	return resp
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

// TestNewProtocol6_emptyFunctionArgumentIsNull: OpenTofu before 1.11 sends a null argument as a
// DynamicValue with no data; forecast(used, null, at) must still read the limit as unlimited.
func TestNewProtocol6_emptyFunctionArgumentIsNull(t *testing.T) {
	arg := func(typ tftypes.Type, v any) *tfprotov6.DynamicValue {
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, v))
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	args := []*tfprotov6.DynamicValue{arg(tftypes.Number, 100), {}, arg(tftypes.String, "2026-02-08T00:00:00Z")}
	resp, err := NewProtocol6(newWithOptions("test", testClientOptions)())().CallFunction(context.Background(),
		&tfprotov6.CallFunctionRequest{Name: "forecast", Arguments: args})
	if err != nil || resp.Error != nil {
		t.Fatalf("CallFunction: %v, %v", err, resp.Error)
	}
	if args[1].MsgPack != nil {
		t.Error("the request's arguments were changed in place")
	}
	got, err := resp.Result.Unmarshal(tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"projected": tftypes.Number, "projected_percent": tftypes.Number, "will_exceed": tftypes.Bool, "exhausted_at": tftypes.String,
	}})
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]tftypes.Value
	if err := got.As(&fields); err != nil {
		t.Fatal(err)
	}
	var projected big.Float
	if err := fields["projected"].As(&projected); err != nil || projected.Cmp(big.NewFloat(400)) != 0 || !fields["projected_percent"].IsNull() {
		t.Errorf("forecast(100, <no data>, 2026-02-08) = %v, want projected 400 and no percent (unlimited)", got)
	}
}
