package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// spelled writes a duration as the provider page does: "2 minutes", "30 seconds", "1 second".
func spelled(d time.Duration) string {
	n, unit := int64(d/time.Second), "second"
	if d%time.Minute == 0 {
		n, unit = int64(d/time.Minute), "minute"
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}

// TestDocs_retryLimitsMatchTheClient: the provider page's table of retries and time limits says what
// the client's DefaultOptions do, so that neither can change without the other.
func TestDocs_retryLimitsMatchTheClient(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(docsDir, "index.md"))
	if err != nil {
		t.Fatalf("%v: run `make generate`", err)
	}
	page := string(b)
	o := turso.DefaultOptions()
	for _, row := range []string{
		fmt.Sprintf("| Attempts per request | %d: the first and %d retries |", o.RetryMax+1, o.RetryMax),
		fmt.Sprintf("| Wait before a retry | exponential, from %s up to %s, with jitter; a `Retry-After` is honoured up to %s |",
			spelled(o.RetryWaitMin), spelled(o.RetryWaitMax), spelled(o.RetryAfterMax)),
		fmt.Sprintf("| Time per attempt | %s, from connecting to the last byte of the response |", spelled(o.AttemptTimeout)),
		fmt.Sprintf("| Time to connect | %s, then %s for the TLS handshake |", spelled(o.DialTimeout), spelled(o.TLSHandshakeTimeout)),
		fmt.Sprintf("| Time per read | %s, all of a data source's requests, attempts and waits included |", spelled(o.OverallTimeout)),
		fmt.Sprintf("| Requests per read | %s, retries included |", thousands(o.MaxRequestsPerRead)),
	} {
		if !strings.Contains(page, row) {
			t.Errorf("docs/index.md lacks the row %q: edit templates/index.md.tmpl to match turso.DefaultOptions and run `make generate`", row)
		}
	}
}

// thousands writes n with a comma every three digits, as the docs do.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// limitsSentence is the one wording of the time limits that the README and the provider page both
// use, from the client's DefaultOptions: what a read may take, then what a request may.
func limitsSentence(o turso.Options) string {
	return fmt.Sprintf("However the API answers, one data source's read ends within %s and %s requests, all its "+
		"requests, attempts and waits included; a request is tried at most %d times, %s an attempt.",
		spelled(o.OverallTimeout), thousands(o.MaxRequestsPerRead), o.RetryMax+1, spelled(o.AttemptTimeout))
}

// TestDocs_oneWordingOfTheLimits: the README and the provider page say the time limits in the same
// words, so that neither can say "a request" where the other says "a read".
func TestDocs_oneWordingOfTheLimits(t *testing.T) {
	want := limitsSentence(turso.DefaultOptions())
	for _, file := range []string{filepath.Join(docsDir, "index.md"), "../../README.md"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(string(b)), " "), want) {
			t.Errorf("%s lacks %q, the one wording of the limits (templates/index.md.tmpl for docs/index.md)", file, want)
		}
	}
}
