package turso

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"reflect"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// DatabaseConfiguration is GET /v1/organizations/{slug}/databases/{name}/configuration, without the
// deprecated allow_attach.
type DatabaseConfiguration struct {
	// SizeLimit is "size_limit" as sent, "" when the API sends none or an empty string; SizeLimitBytes
	// is the same limit in bytes (ParseSize), 0 with it.
	SizeLimit                                 string
	SizeLimitBytes                            int64
	BlockReads, BlockWrites, DeleteProtection Flag
	// AllowedIPs and AllowedAWSVPCIDs are nil when the API leaves the key out (a deployment older than
	// the allow lists) or sends null, and empty, not nil, when it sends an empty list.
	AllowedIPs       []string
	AllowedAWSVPCIDs []string
}

const (
	// configurationBodyLimit: an allow list of 200,000 IPv6 networks is about 10 MB of JSON.
	configurationBodyLimit = 32 << 20
	// MaxAllowListEntries bounds each allow list as it is decoded, so that a body of short strings
	// up to the cap cannot make the client hold millions of them.
	MaxAllowListEntries = 250_000
)

var databaseConfigurationEndpoint = endpoint[*DatabaseConfiguration]{maxBytes: configurationBodyLimit, decode: DecodeDatabaseConfiguration}

// DatabaseConfiguration reads one database's configuration, by name.
func (c *Client) DatabaseConfiguration(ctx context.Context, slug, database string) (*DatabaseConfiguration, error) {
	if err := CheckDatabaseName(database); err != nil {
		return nil, fmt.Errorf("database %q %w", database, err)
	}
	return databaseConfigurationEndpoint.get(ctx, c, slug, databasePath(database)+"/configuration")
}

type wireDatabaseConfiguration struct {
	SizeLimit        *string        `json:"size_limit"`
	BlockReads       Flag           `json:"block_reads"`
	BlockWrites      Flag           `json:"block_writes"`
	DeleteProtection Flag           `json:"delete_protection"`
	AllowedIPs       allowList      `json:"allowed_ips"`
	AllowedAWSVPCIDs allowList      `json:"allowed_aws_vpc_ids"`
	Error            jsontext.Value `json:"error"`
}

// DecodeDatabaseConfiguration decodes a database's configuration: a bare object. Its size_limit must
// be empty or a size ParseSize reads; its lists hold strings.
func DecodeDatabaseConfiguration(r io.Reader) (*DatabaseConfiguration, error) {
	var w wireDatabaseConfiguration
	if err := decodeJSON(r, &w); err != nil {
		return nil, err
	}
	if msg := jsonText(w.Error, nil); msg != "" {
		return nil, &DecodeError{Reason: "the API answered 200 OK with an error instead of the configuration: " + msg}
	}
	c := &DatabaseConfiguration{BlockReads: w.BlockReads, BlockWrites: w.BlockWrites, DeleteProtection: w.DeleteProtection}
	if w.SizeLimit != nil && *w.SizeLimit != "" {
		n, err := ParseSize(*w.SizeLimit)
		if err != nil {
			return nil, &DecodeError{Where: "size_limit", Reason: fmt.Sprintf("is %q, which %s", *w.SizeLimit, err)}
		}
		c.SizeLimit, c.SizeLimitBytes = *w.SizeLimit, n
	}
	c.AllowedIPs, c.AllowedAWSVPCIDs = w.AllowedIPs.list, w.AllowedAWSVPCIDs.list
	return c, nil
}

// allowList is an array of strings, at most MaxAllowListEntries of them; null leaves list nil, and
// an empty array makes it empty, not nil.
type allowList struct{ list []string }

func (a *allowList) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	at := dec.StackPointer()
	switch k := dec.PeekKind(); k {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '[':
	default:
		return &json.SemanticError{JSONKind: k, GoType: reflect.TypeFor[[]string]()}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	a.list = []string{}
	for dec.PeekKind() != ']' {
		if k := dec.PeekKind(); k != '"' {
			if k == 0 { // the decoder's own error, read next
				_, err := dec.ReadToken()
				return err
			}
			return &json.SemanticError{JSONKind: k, GoType: reflect.TypeFor[string](), JSONPointer: jsontext.Pointer(fmt.Sprintf("%s/%d", at, len(a.list)))}
		}
		if len(a.list) == MaxAllowListEntries {
			return &DecodeError{Where: jsonPath(at), Reason: fmt.Sprintf("lists more than %d entries, the most this provider reads", MaxAllowListEntries)}
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		a.list = append(a.list, tok.String())
	}
	_, err := dec.ReadToken()
	return err
}

// sizeUnits are the units of ParseSize, as the Turso CLI reads sizes (with go-humanize's ParseBytes):
// decimal units are powers of 1000, binary ones ("kib", "ki") powers of 1024, any case.
var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"k": 1e3, "kb": 1e3, "ki": 1 << 10, "kib": 1 << 10,
	"m": 1e6, "mb": 1e6, "mi": 1 << 20, "mib": 1 << 20,
	"g": 1e9, "gb": 1e9, "gi": 1 << 30, "gib": 1 << 30,
	"t": 1e12, "tb": 1e12, "ti": 1 << 40, "tib": 1 << 40,
	"p": 1e15, "pb": 1e15, "pi": 1 << 50, "pib": 1 << 50,
	"e": 1e18, "eb": 1e18, "ei": 1 << 60, "eib": 1 << 60,
}

// ParseSize reads a size such as "10gb", "256mb", "1.5 GiB" or "4096" in bytes, as the Turso CLI
// reads sizes: a decimal number (commas between digits ignored), optional spaces, and a unit of
// sizeUnits, without one bytes. A fraction of a byte is dropped. Unlike the CLI, the arithmetic is
// exact, and a size past the largest int64 is an error.
func ParseSize(s string) (int64, error) {
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.' || s[end] == ',') {
		end++
	}
	number := strings.ReplaceAll(s[:end], ",", "")
	unit := strings.ToLower(strings.TrimSpace(s[end:]))
	value, ok := new(big.Rat).SetString(number)
	if !ok || number == "" || strings.Count(number, ".") > 1 || strings.HasPrefix(number, ".") || strings.HasSuffix(number, ".") {
		return 0, errors.New(`is not a size such as "10gb", "256mb" or "1.5gib": it does not begin with a number`)
	}
	factor, ok := sizeUnits[unit]
	if !ok {
		return 0, fmt.Errorf(`is not a size such as "10gb", "256mb" or "1.5gib": %q is not a unit (b, kb, mb, gb, tb, pb, eb, or kib, mib, ... for powers of 1024)`, unit)
	}
	bytes := new(big.Int).Quo(new(big.Int).Mul(value.Num(), big.NewInt(factor)), value.Denom())
	if !bytes.IsInt64() {
		return 0, fmt.Errorf("is more than %d bytes, the largest size this provider holds", int64(math.MaxInt64))
	}
	return bytes.Int64(), nil
}
