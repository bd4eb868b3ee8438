package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// testClientOptions keep retries and timeouts short so that fault tests finish quickly.
var testClientOptions = turso.Options{
	RetryMax:       2,
	RetryWaitMin:   10 * time.Millisecond,
	RetryWaitMax:   50 * time.Millisecond,
	RetryAfterMax:  200 * time.Millisecond,
	AttemptTimeout: 2 * time.Second,
	OverallTimeout: 10 * time.Second,
}

// testNow is the provider's clock in every Terraform run of the tests, so that what the state holds
// does not depend on the day the tests run: 12:00 UTC on 10 November 2026, 9.5 of the month's 30 days in.
var testNow = time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)

func providerFactories(opts turso.Options) map[string]func() (tfprotov6.ProviderServer, error) {
	return providerFactoriesAt(opts, testNow)
}

// providerFactoriesAt serves a provider whose clock stands still at now.
func providerFactoriesAt(opts turso.Options, now time.Time) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"turso": NewProtocol6WithError(newWithClock("test", opts, func() time.Time { return now })()),
	}
}

// testClient is a client of the fake API at url with the given policy.
func testClient(t *testing.T, url string, opts turso.Options) *turso.Client {
	t.Helper()
	opts.BaseURL, opts.Token = url, faketurso.Token
	client, err := turso.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// fakeAPI starts a fake Turso API for one test.
func fakeAPI(t *testing.T) (*faketurso.Server, string) {
	t.Helper()
	return faketurso.Start(t)
}

// barrierAPI is a fake Turso API behind a barrier that answers none of paths until all of them have
// arrived, closed with the test.
func barrierAPI(t *testing.T, paths ...string) (*faketurso.Server, *faketurso.Barrier, string) {
	t.Helper()
	fake := faketurso.New()
	barrier := faketurso.NewBarrier(fake, paths...)
	srv := httptest.NewServer(barrier)
	t.Cleanup(func() {
		fake.Close()
		srv.Close()
	})
	return fake, barrier, srv.URL
}

// TestMain points terraform-plugin-testing at the terraform (or tofu) on PATH, so that it never
// downloads one, fails (never skips) when acceptance tests are asked for and there is none, detects
// whether the CLI is Terraform or OpenTofu, and keeps the developer's own TURSO_* variables out of the
// tests.
func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TURSO_") {
			os.Unsetenv(name)
		}
	}
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			p, err = exec.LookPath("tofu")
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "TF_ACC is set but neither terraform nor tofu is on PATH: install Terraform 1.5 or later or OpenTofu, or set TF_ACC_TERRAFORM_PATH")
			os.Exit(1)
		}
		os.Setenv("TF_ACC_TERRAFORM_PATH", p)
	}
	if os.Getenv("TF_ACC") != "" {
		if err := detectTestCLI(); err != nil {
			fmt.Fprintln(os.Stderr, "TF_ACC is set but TF_ACC_TERRAFORM_PATH is neither Terraform nor OpenTofu:", err)
			os.Exit(1)
		}
	}
	// An empty CLI configuration keeps the developer's own ~/.terraformrc out of the tests.
	cfg, err := os.CreateTemp("", "turso-test-*.tfrc")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cfg.Close()
	os.Setenv("TF_CLI_CONFIG_FILE", cfg.Name())
	code := m.Run()
	os.Remove(cfg.Name())
	removeBuiltProvider()
	os.Exit(code)
}

// errorPattern matches the given fragments in order, allowing Terraform to wrap lines anywhere
// between words.
func errorPattern(fragments ...string) *regexp.Regexp {
	quoted := make([]string, len(fragments))
	for i, f := range fragments {
		words := strings.Fields(f)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}
