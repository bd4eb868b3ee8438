package provider

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// tftypesMsgPack is how the framework encodes v: the reference every writer is compared with.
func tftypesMsgPack(t *testing.T, v tftypes.Value) []byte {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		t.Fatal(err)
	}
	return dv.MsgPack
}

func TestAppendScalars_matchTftypes(t *testing.T) {
	type scalar struct {
		ours []byte
		want tftypes.Value
	}
	cases := map[string]scalar{
		"true":        {appendBool(nil, true), tftypes.NewValue(tftypes.Bool, true)},
		"false":       {appendBool(nil, false), tftypes.NewValue(tftypes.Bool, false)},
		"null string": {appendNull(nil), tftypes.NewValue(tftypes.String, nil)},
		"null number": {appendCounter(nil, turso.Counter{}), tftypes.NewValue(tftypes.Number, nil)},
	}
	for _, n := range []int{0, 1, 31, 32, 255, 256, 65535, 65536} {
		s := strings.Repeat("é", n/2) + strings.Repeat("x", n%2)
		cases[fmt.Sprintf("string of %d bytes", len(s))] = scalar{appendString(nil, s), tftypes.NewValue(tftypes.String, s)}
	}
	// A counter holds no negative value (turso.NewCounter makes it absent), so only widths from 0 up.
	for _, v := range []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, 1<<53 + 1, math.MaxInt64} {
		cases[fmt.Sprintf("counter %d", v)] = scalar{appendCounter(nil, turso.NewCounter(v)), tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(v))}
	}
	for name, tc := range cases {
		if want := tftypesMsgPack(t, tc.want); !bytes.Equal(tc.ours, want) {
			t.Errorf("%s: wrote %x, tftypes writes %x", name, tc.ours, want)
		}
	}
}

// The sizes a state is allocated from are those the writers write, at every width.
func TestValueLengths_matchWriters(t *testing.T) {
	for _, v := range []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64} {
		if c := turso.NewCounter(v); counterLen(c) != len(appendCounter(nil, c)) {
			t.Errorf("counter %d: length %d, written %d", v, counterLen(c), len(appendCounter(nil, c)))
		}
	}
	if counterLen(turso.Counter{}) != len(appendCounter(nil, turso.Counter{})) {
		t.Error("the length of an absent counter is not what is written")
	}
	for _, n := range []int{0, 15, 16, 31, 32, 255, 256, 65535, 65536} {
		if s := strings.Repeat("x", n); stringLen(n) != len(appendString(nil, s)) {
			t.Errorf("string of %d bytes: length %d, written %d", n, stringLen(n), len(appendString(nil, s)))
		}
		if collectionHeaderLen(n) != len(appendArrayHeader(nil, n)) || collectionHeaderLen(n) != len(appendMapHeader(nil, n)) {
			t.Errorf("%d elements: header length %d, written %d and %d", n, collectionHeaderLen(n), len(appendArrayHeader(nil, n)), len(appendMapHeader(nil, n)))
		}
	}
}

// pair is a small object type with a nested list, written by a layout and built by tftypes.
type pair struct {
	name  string
	count int64
	items []pairItem
}

type pairItem struct{ on bool }

var (
	pairItemType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"on": tftypes.Bool}}
	pairType     = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"name": tftypes.String, "count": tftypes.Number, "items": tftypes.List{ElementType: pairItemType},
	}}
)

func pairLayout() objectLayout[pair] {
	item := newObjectLayout(pairItemType, map[string]func([]byte, *pairItem) []byte{
		"on": func(b []byte, i *pairItem) []byte { return appendBool(b, i.on) },
	})
	return newObjectLayout(pairType, map[string]func([]byte, *pair) []byte{
		"name":  func(b []byte, p *pair) []byte { return appendString(b, p.name) },
		"count": func(b []byte, p *pair) []byte { return appendCounter(b, turso.NewCounter(p.count)) },
		"items": func(b []byte, p *pair) []byte {
			b = appendArrayHeader(b, len(p.items))
			for i := range p.items {
				b = item.append(b, &p.items[i])
			}
			return b
		},
	})
}

func pairValue(p *pair) tftypes.Value {
	items := make([]tftypes.Value, len(p.items))
	for i, it := range p.items {
		items[i] = tftypes.NewValue(pairItemType, map[string]tftypes.Value{"on": tftypes.NewValue(tftypes.Bool, it.on)})
	}
	return tftypes.NewValue(pairType, map[string]tftypes.Value{
		"name":  tftypes.NewValue(tftypes.String, p.name),
		"count": tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(p.count)),
		"items": tftypes.NewValue(pairType.AttributeTypes["items"], items),
	})
}

// TestObjectLayout_matchesTftypes: attributes in tftypes' sorted order, lists at every header width.
func TestObjectLayout_matchesTftypes(t *testing.T) {
	layout := pairLayout()
	for _, n := range []int{0, 1, 15, 16, 70000} {
		p := &pair{name: "p", count: int64(n) * 1000, items: make([]pairItem, n)}
		for i := range p.items {
			p.items[i].on = i%3 == 0
		}
		if got, want := layout.append(nil, p), tftypesMsgPack(t, pairValue(p)); !bytes.Equal(got, want) {
			t.Errorf("%d items: %d bytes differ from tftypes' %d", n, len(got), len(want))
		}
	}
}

func TestNewObjectLayout_refusesMismatchedWriters(t *testing.T) {
	write := func(b []byte, _ *pairItem) []byte { return appendBool(b, true) }
	for name, writers := range map[string]map[string]func([]byte, *pairItem) []byte{
		"a writer missing":  {},
		"a writer too many": {"on": write, "off": write},
		"a writer misnamed": {"On": write},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic, want the mismatch refused at start-up")
				}
			}()
			newObjectLayout(pairItemType, writers)
		})
	}
}

func TestSetEncodedState_smallType(t *testing.T) {
	sch := schema.Schema{Attributes: map[string]schema.Attribute{
		"name":  schema.StringAttribute{Computed: true},
		"count": schema.NumberAttribute{Computed: true},
		"items": schema.ListNestedAttribute{Computed: true, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{"on": schema.BoolAttribute{Computed: true}},
		}},
	}}
	typ := sch.Type().TerraformType(context.Background())
	if !typ.Equal(pairType) {
		t.Fatalf("schema type %s, want %s", typ, pairType)
	}
	p := &pair{name: "x", count: math.MaxInt64, items: []pairItem{{true}, {false}}}
	layout := pairLayout()
	encoded := layout.append(nil, p)
	config := tftypes.NewValue(typ, nil)

	t.Run("into the framework's state", func(t *testing.T) {
		state := tfsdk.State{Schema: sch, Raw: config}
		if diags := setEncodedState(context.Background(), &state, typ, encoded); diags.HasError() {
			t.Fatal(diags)
		}
		if !state.Raw.Equal(pairValue(p)) {
			t.Errorf("state %s, want %s", state.Raw, pairValue(p))
		}
	})
	t.Run("handed over to the protocol server", func(t *testing.T) {
		var got []byte
		ctx := context.WithValue(context.Background(), encodedStateKey{}, &got)
		state := tfsdk.State{Schema: sch, Raw: config}
		if diags := setEncodedState(ctx, &state, typ, encoded); diags.HasError() {
			t.Fatal(diags)
		}
		if !state.Raw.Equal(config) || !bytes.Equal(got, encoded) {
			t.Errorf("state %s and %d bytes handed over, want the state untouched and the %d bytes encoded", state.Raw, len(got), len(encoded))
		}
	})
	t.Run("undecodable", func(t *testing.T) {
		state := tfsdk.State{Schema: sch, Raw: config}
		diags := setEncodedState(context.Background(), &state, typ, encoded[:len(encoded)-1])
		if !diags.HasError() || diags[0].Summary() != "Unable to Build Data Source State" {
			t.Errorf("diagnostics %v, want the state refused", diags)
		}
		if !state.Raw.Equal(config) {
			t.Error("a state that does not decode was written")
		}
	})
}
