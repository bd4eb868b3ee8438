package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// The client redacts what it logs of a server's text; the log's own masking is what hides the token
// anywhere else it could reach a log entry: in a path (a token pasted as the organization slug passes
// the slug's check) or in the message.
func TestTflogLogger_masksTheToken(t *testing.T) {
	const token = "tok_0123456789abcdefghij"
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	logger := tflogLogger{token: token}
	logger.Debug(ctx, "Turso API request", map[string]any{"http_path": "/v1/organizations/" + token + "/usage"})
	logger.Warn(ctx, "Turso API request failed for "+token, map[string]any{"error": "Bearer " + token})
	text := out.String()
	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d log entries, want 2: %s", len(entries), text)
	}
	if strings.Contains(text, token[:8]) {
		t.Errorf("the token shows in the log: %s", text)
	}
	if got := entries[0]["http_path"]; got != "/v1/organizations/***/usage" {
		t.Errorf("http_path = %v, want the token masked", got)
	}
}
