package turso

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseBaseURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://api.turso.tech":         "",
		"https://api.turso.tech/":        "",
		"https://proxy.example/turso":    "",
		"http://127.0.0.1:8080":          "",
		"http://127.5.6.7":               "",
		"http://[::1]:9000":              "",
		"http://localhost:1234":          "",
		"":                               "non-empty",
		" https://api.turso.tech":        "surrounding whitespace",
		"ftp://api.turso.tech":           `scheme "ftp"`,
		"api.turso.tech":                 `scheme ""`,
		"http://api.turso.tech":          "only for loopback",
		"http://10.0.0.1":                "only for loopback",
		"https://user:pw@api.turso.tech": "credentials",
		"https://api.turso.tech?x=1":     "query",
		"https://api.turso.tech?":        "query",
		"https://api.turso.tech#frag":    "fragment",
		"https://":                       "host",
		"https://api.turso.tech/\x00":    "control",
		"https://api.turso.tech/v1":      "must not end in /v1: it is the API's root, as in https://api.turso.tech, and the provider adds /v1",
		"https://api.turso.tech/v1/":     "must not end in /v1",
		"https://proxy.example/turso/V1": "must not end in /v1",
		"https://proxy.example/v1/turso": "",
		"https://proxy.example/v10":      "",
	} {
		_, err := ParseBaseURL(raw)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", raw, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: err = %v, want …%s…", raw, err, want)
		}
	}
}

// A database's path is one segment whatever its name, should CheckDatabaseName ever let more through.
func TestDatabasePath(t *testing.T) {
	for name, want := range map[string]string{
		"orders-prod": "/databases/orders-prod",
		"a/../b":      "/databases/a%2F..%2Fb",
		"a?b#c d%":    "/databases/a%3Fb%23c%20d%25",
	} {
		if got := databasePath(name); got != want {
			t.Errorf("databasePath(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestCheckToken(t *testing.T) {
	const secret = "s3cr3t"
	for token, want := range map[string]string{
		"eyJhbGciOiJFZERTQSJ9.abc-_": "",
		"":                           "empty",
		secret + " x":                "whitespace at character 7",
		secret + "\tx":               "whitespace",
		secret + "\x00":              "control",
		secret + "é":                 "non-ASCII",
	} {
		err := CheckToken(token)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", token, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: err = %v, want …%s…", token, err, want)
		case err != nil && strings.Contains(err.Error(), secret):
			t.Errorf("error echoes the token: %v", err)
		}
	}
}

func TestCheckOrganizationSlug(t *testing.T) {
	for slug, want := range map[string]string{
		"acme":         "",
		"my-org_2.dev": "",
		"":             "empty",
		".":            `".."`,
		"..":           `".."`,
		"a..b":         `".."`,
		"a b":          "whitespace",
		" acme":        "whitespace",
		"a/b":          `'/'`,
		"a?b":          `'?'`,
		"a#b":          `'#'`,
		"a%2Fb":        `'%'`,
		`a\b`:          `'\\'`,
		"a\x01b":       "control",
		"ünï":          "only letters, digits",
		"a:b":          "only letters, digits",
	} {
		err := CheckOrganizationSlug(slug)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", slug, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: err = %v, want …%s…", slug, err, want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for header, want := range map[string]time.Duration{
		"0":                             0,
		"7":                             7 * time.Second,
		" 3 ":                           3 * time.Second,
		"Sat, 21 Nov 2026 12:00:30 GMT": 30 * time.Second,
		"Sat, 21 Nov 2026 11:00:00 GMT": 0,
		"99999999999999999999999":       maxDuration,
		"9223372037":                    maxDuration,
	} {
		got, ok := RetryAfter(header, now)
		if !ok || got != want {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v", header, got, ok, want)
		}
	}
	for _, header := range []string{"", "soon", "-5", "1.5"} {
		if _, ok := RetryAfter(header, now); ok {
			t.Errorf("RetryAfter(%q) accepted", header)
		}
	}
}

func TestBackoff(t *testing.T) {
	b := backoff(10 * time.Second)
	if got := exponential(time.Second, 30*time.Second, 3); got != 8*time.Second {
		t.Errorf("exponential = %v", got)
	}
	if got := exponential(time.Second, 30*time.Second, 62); got != 30*time.Second {
		t.Errorf("exponential cap = %v", got)
	}
	resp := &http.Response{Header: http.Header{"Retry-After": {"3"}}}
	if d := b(time.Second, 30*time.Second, 0, resp); d != 3*time.Second {
		t.Errorf("Retry-After 3 gave %v", d)
	}
	resp.Header.Set("Retry-After", "86400")
	if d := b(time.Second, 30*time.Second, 0, resp); d != 10*time.Second {
		t.Errorf("Retry-After 86400 gave %v, want the 10s cap", d)
	}
	for attempt := range 6 {
		d := b(time.Second, 30*time.Second, attempt, nil)
		full := exponential(time.Second, 30*time.Second, attempt)
		if d < full/2 || d > full {
			t.Errorf("attempt %d: %v outside [%v, %v]", attempt, d, full/2, full)
		}
	}
}

// TestParseTimestamp: RFC 3339 (section 5.6) allows a lowercase "t" and "z"; they name the same
// instant as the upper-case spelling.
func TestParseTimestamp(t *testing.T) {
	want := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{
		"2026-11-01T00:00:00Z",
		"2026-11-01t00:00:00Z",
		"2026-11-01T00:00:00z",
		"2026-11-01t00:00:00z",
		"2026-11-01t01:00:00+01:00",
		"2026-10-31t23:00:00.000-01:00",
	} {
		got, err := ParseTimestamp(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", s, got, err, want)
		}
		if err := CheckTimestamp(s); err != nil {
			t.Errorf("CheckTimestamp(%q): %v", s, err)
		}
	}
	for _, s := range []string{"2026-11-01", "2026-11-01t00:00:00", "2026-11-01 00:00:00z", "2026-11-01x00:00:00z", "2026-11-01tt00:00:00z"} {
		if _, err := ParseTimestamp(s); err == nil {
			t.Errorf("ParseTimestamp(%q) accepted it", s)
		}
	}
	if got := CanonicalTimestamp("2026-11-01t00:00:00.5z"); got != "2026-11-01T00:00:00.5Z" {
		t.Errorf("CanonicalTimestamp = %q", got)
	}
	if err := CheckWindow(UsageWindow{From: "2026-11-02t00:00:00z", To: "2026-11-01t00:00:00z"}); err == nil || !strings.Contains(err.Error(), "is not after from") {
		t.Errorf("a lowercase window that ends before it starts: %v", err)
	}
}
