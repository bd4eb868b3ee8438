package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/tfcli"
)

// One Terraform run per class of hostile server, through the built provider: each plan ends in the
// expected errors within two minutes, never shows a piece of the token, and (with GNU time installed)
// the provider's peak memory stays under 256 MiB. scripts/hostile-memory.sh prints the figures.

// hostileToken is as long as real tokens (47 characters); no 16-character piece of it may show.
const hostileToken = "tok_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"

const hostileMemoryLimit = 256 << 20

const hostileTimeLimit = 2 * time.Minute

func TestCLI_hostileServers(t *testing.T) {
	usageReads := func(org string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "data \"turso_organization_usage\" \"%s_%d\" {\n  organization = %q\n}\n", strings.ReplaceAll(org, "-", "_"), i, org)
		}
		return b.String()
	}
	quotaRead := func(org string) string {
		return fmt.Sprintf("data \"turso_organization_quota\" \"%s\" {\n  organization = %q\n}\n", strings.ReplaceAll(org, "-", "_"), org)
	}
	auditRead := func(org, arguments string) string {
		return fmt.Sprintf("data \"turso_organization_audit_logs\" \"%s\" {\n  organization = %q\n  %s\n}\n", strings.ReplaceAll(org, "-", "_"), org, arguments)
	}
	for name, tc := range map[string]struct {
		config string
		want   []string // each must show in the plan's output, as many times as listed
	}{
		// Audit logs that never end, repeat a page or go back in time, and a gzip bomb: each one error.
		"endless audit log": {auditRead(faketurso.OrgEndlessAuditLog, `codes = ["db-delete"]`),
			[]string{"GET /v1/organizations/hostile-endless-audit-log/audit-logs: stopped by the client: the audit log goes on past 2000 pages of 100 entries"}},
		"audit log out of order": {auditRead(faketurso.OrgRepeatedAuditPage, "") + auditRead(faketurso.OrgAuditOutOfOrder, "") + auditRead(faketurso.OrgGzipBomb, ""),
			[]string{"GET /v1/organizations/hostile-repeated-audit-page/audit-logs: unexpected response: audit_logs: page 2 repeats page 1, entry for entry",
				"GET /v1/organizations/hostile-audit-out-of-order/audit-logs: unexpected response: audit_logs[0].created_at: on page 2, 2026-11-10T23:59:00Z is newer than the last entry of page 1",
				"GET /v1/organizations/hostile-gzip-bomb/audit-logs?page=1&page_size=100: unexpected response: a JSON string or number longer than 65536 bytes"}},
		"plan gate echoing the token": {auditRead(faketurso.OrgEchoToken, ""),
			[]string{`Audit logs need the Scaler plan or above, and organization "hostile-echo-token" is on a plan without them.`,
				"audit logs are not available on the starter plan for Bearer [REDACTED]"}},
		// An allow list ten times as long as the longest that reads: it stops at its bound.
		"allow list past its bound": {fmt.Sprintf("data \"turso_database_configuration\" \"this\" {\n  organization = %q\n  database = \"wider-than-cap\"\n}\n", faketurso.OrgHugeAllowList),
			[]string{"unexpected response: allowed_ips: lists more than 250000 entries, the most this provider reads"}},
		// Database lists that never end: the read stops at its bound on pages, or on databases.
		"endless empty pages": {usageReads(faketurso.OrgEndlessEmptyPages, 1),
			[]string{"The database list request failed. The read was stopped: GET /v1/organizations/hostile-endless-empty-pages/databases: stopped by the client: the database list names a next page after 1010 pages"}},
		"endless full pages": {usageReads(faketurso.OrgEndlessFullPages, 1),
			[]string{"The database list request failed. The read was stopped: GET /v1/organizations/hostile-endless-full-pages/databases: stopped by the client: the database list goes on past 1000000 databases"}},
		"endless pages of long names": {usageReads(faketurso.OrgEndlessFatPages, 1),
			[]string{"The database list request failed. The read was stopped: GET /v1/organizations/hostile-endless-fat-pages/databases: stopped by the client: the database list takes more than 96 MiB held"}},
		// Ten usage reads and a quota read (four requests) at once, each body inflating to 4 GiB.
		"gzip bombs": {usageReads(faketurso.OrgGzipBomb, 10) + quotaRead(faketurso.OrgGzipBomb),
			repeat("a JSON string or number longer than 65536 bytes", 11)},
		// Bodies of small values that inflate past their caps: 128 MiB for usage, 4 MiB for the rest.
		"bodies past their caps": {usageReads(faketurso.OrgArrayBomb, 2) + quotaRead(faketurso.OrgArrayBomb),
			append(repeat("response body too large (more than 134217728 bytes after decompression)", 2),
				"response body too large (more than 4194304 bytes after decompression)", "read once and not retried")},
		"error bodies": {usageReads(faketurso.OrgErrorBomb, 5) + usageReads(faketurso.OrgHugeError, 5) + quotaRead(faketurso.OrgErrorBomb),
			append(repeat(`HTTP 401 Unauthorized: application/json body (more than 65536 bytes)`, 6),
				repeat(`HTTP 401 Unauthorized: text/html body (more than 65536 bytes)`, 5)...)},
		"token echoed across each cut": {usageReads(faketurso.OrgEchoToken, 1) + quotaRead(faketurso.OrgEchoToken),
			[]string{"[REDACTED]"}},
		"invalid UTF-8 and duplicate keys": {usageReads(faketurso.OrgInvalidUTF8, 1) + usageReads(faketurso.OrgDuplicateKey, 1),
			[]string{"organization.databases[3].uuid: invalid UTF-8", `organization.usage: duplicate key "rows_read"`}},
	} {
		t.Run(name, func(t *testing.T) {
			fake, url := fakeAPI(t)
			faketurso.ServeHostile(fake)
			config := providerConfig(url, fmt.Sprintf("api_token = %q", hostileToken)) + tc.config
			r := newCLIRun(t, config, "TF_LOG=TRACE", "TF_LOG_PATH=trace.log")
			rssLog := measureProviderRSS(t, r)
			// Every hostile server's plan ends in its error within this bound, however it answers.
			ctx, cancel := context.WithTimeout(context.Background(), hostileTimeLimit)
			defer cancel()
			start := time.Now()
			out, err := r.command(ctx, "plan", "-input=false", "-no-color", "-parallelism=11").CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("the plan did not end within %s:\n%s", hostileTimeLimit, out)
			}
			if err == nil {
				t.Fatalf("plan succeeded against a hostile server:\n%s", out)
			}
			t.Logf("the plan ended in %s", time.Since(start).Round(time.Second))
			text := strings.Join(strings.Fields(string(out)), " ")
			for _, w := range uniqueCounts(tc.want) {
				if got := strings.Count(text, w.text); got < w.n {
					t.Errorf("the plan shows %q %d times, want %d:\n%s", w.text, got, w.n, out)
				}
			}
			trace := readTrace(t, r, "http_path=/v1/organizations/")
			for _, piece := range tokenPieces(hostileToken) {
				if strings.Contains(string(out), piece) || strings.Contains(string(trace), piece) {
					t.Fatalf("%q of the token shows in the output or the TRACE log", piece)
				}
			}
			expectPeakRSSUnderBound(t, rssLog)
		})
	}
}

// tokenPieces are what must never show of a token: each beginning of 4 characters or more (what a
// cut could leave) and each piece of 16 (what an echo of part of it could carry).
func tokenPieces(token string) []string {
	var pieces []string
	for k := 4; k <= len(token); k++ {
		pieces = append(pieces, token[:k])
	}
	for i := 1; i+16 <= len(token); i++ {
		pieces = append(pieces, token[i:i+16])
	}
	return pieces
}

// measureProviderRSS points the run's dev_overrides at a wrapper that records the provider's peak
// RSS with GNU time, and returns the file it writes; "" when GNU time is not installed.
func measureProviderRSS(t *testing.T, r *cliRun) string {
	t.Helper()
	if exec.Command("/usr/bin/time", "-f", "%M", "true").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("GNU time is not installed (apt-get install time), and CI must check the provider's memory")
		}
		t.Log("GNU time is not installed (apt-get install time): the provider's memory is not checked")
		return ""
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "rss.log")
	wrapper := fmt.Sprintf("#!/bin/sh\nexec /usr/bin/time -a -o %q -f %%M %q \"$@\"\n", log, filepath.Join(builtProvider(t), "terraform-provider-turso"))
	if err := os.WriteFile(filepath.Join(dir, "terraform-provider-turso"), []byte(wrapper), 0o700); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(dir, "dev.tfrc")
	if err := os.WriteFile(rc, []byte(tfcli.DevOverrides(dir)), 0o600); err != nil {
		t.Fatal(err)
	}
	r.env = append(r.env, "TF_CLI_CONFIG_FILE="+rc) // the last setting of a variable wins
	return log
}

// expectPeakRSSUnderBound fails the test when the provider's peak RSS in rssLog (from
// measureProviderRSS) reached hostileMemoryLimit, and logs it otherwise; without a log it does nothing.
func expectPeakRSSUnderBound(t *testing.T, rssLog string) {
	t.Helper()
	if rssLog == "" {
		return
	}
	if peak := peakRSS(t, rssLog); peak >= hostileMemoryLimit {
		t.Errorf("the provider's peak RSS was %d MiB, want under %d MiB", peak>>20, hostileMemoryLimit>>20)
	} else {
		t.Logf("provider peak RSS: %.1f MiB", float64(peak)/(1<<20))
	}
}

// peakRSS is the largest of the provider processes' peak RSS, in bytes.
func peakRSS(t *testing.T, log string) int64 {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatalf("no RSS was recorded: %v", err)
	}
	var peak int64
	for _, line := range regexp.MustCompile(`(?m)^\d+$`).FindAllString(string(b), -1) {
		kb, _ := strconv.ParseInt(line, 10, 64)
		peak = max(peak, kb<<10)
	}
	if peak == 0 {
		t.Fatalf("no RSS in %q", b)
	}
	return peak
}

type textCount struct {
	text string
	n    int
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func uniqueCounts(ss []string) []textCount {
	var out []textCount
	index := map[string]int{}
	for _, s := range ss {
		if i, ok := index[s]; ok {
			out[i].n++
			continue
		}
		index[s] = len(out)
		out = append(out, textCount{s, 1})
	}
	return out
}
