package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/tfcli"
)

// These tests run the provider as users do: a built binary, a real Terraform or OpenTofu, dev_overrides.

var (
	buildOnce   sync.Once
	builtDir    string
	buildOutput []byte
	buildErr    error
)

// builtProvider compiles the provider once per test binary; TestMain removes it.
func builtProvider(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		builtDir, buildErr = os.MkdirTemp("", "turso-provider-build-")
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(builtDir, "terraform-provider-turso"), "../..")
		buildOutput, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("building the provider: %v\n%s", buildErr, buildOutput)
	}
	return builtDir
}

func removeBuiltProvider() {
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
}

type cliRun struct {
	t   *testing.T
	dir string
	env []string
}

// newCLIRun prepares a working directory with main.tf and a CLI config whose dev_overrides point
// at the built provider, under the registry host of either CLI.
func newCLIRun(t *testing.T, config string, env ...string) *cliRun {
	t.Helper()
	requireAcceptance(t)
	bin := builtProvider(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "dev.tfrc")
	if err := os.WriteFile(rc, []byte(tfcli.DevOverrides(bin)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "HOME=" + dir, "PATH=" + os.Getenv("PATH")}
	return &cliRun{t: t, dir: dir, env: append(base, env...)}
}

func (r *cliRun) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	return cmd
}

func (r *cliRun) run(args ...string) string {
	r.t.Helper()
	out, err := r.command(context.Background(), args...).CombinedOutput()
	if err != nil {
		r.t.Fatalf("%s %s: %v\n%s", testCLI.Product.Command(), strings.Join(args, " "), err, out)
	}
	return string(out)
}

func requireAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs the Terraform CLI: set TF_ACC=1 (make test does)")
	}
}

// providerConfig is how every CLI test's configuration begins: the provider from its registry
// address, pointed at the fake API at url, with settings as more lines of its provider block (a token,
// an organization).
func providerConfig(url string, settings ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "terraform {\n  required_providers {\n    turso = { source = \"turso-terraform/turso\" }\n  }\n}\n"+
		"provider \"turso\" {\n  api_url = %q\n", url)
	for _, s := range settings {
		b.WriteString("  " + s + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// cliConfig reads organization demo's usage and outputs its rows read, the provider set up with
// settings besides.
func cliConfig(url string, settings ...string) string {
	return providerConfig(url, append([]string{`organization = "demo"`}, settings...)...) + `
data "turso_organization_usage" "this" {}
output "rows_read" { value = data.turso_organization_usage.this.usage.rows_read }
`
}

func TestCLI_tokenNeverLeaks(t *testing.T) {
	t.Run("token from the environment", func(t *testing.T) {
		_, url := fakeAPI(t)
		checkNoLeak(t, newCLIRun(t, cliConfig(url),
			"TURSO_API_TOKEN="+faketurso.Token, "TF_LOG=TRACE", "TF_LOG_PATH=trace.log"))
	})
	// A literal in the .tf source, or a merely sensitive variable, is written into the plan by
	// Terraform itself; an ephemeral variable is not, which is what the docs recommend.
	t.Run("token from an ephemeral variable", func(t *testing.T) {
		if reason := testCLI.Lacks(tfcli.EphemeralVariables); reason != "" {
			t.Skip(reason)
		}
		_, url := fakeAPI(t)
		config := cliConfig(url, "api_token = var.turso_api_token") +
			"variable \"turso_api_token\" {\n  type      = string\n  sensitive = true\n  ephemeral = true\n}\n"
		checkNoLeak(t, newCLIRun(t, config, "TF_VAR_turso_api_token="+faketurso.Token, "TF_LOG=TRACE", "TF_LOG_PATH=trace.log"))
	})
}

// checkNoLeak plans, applies and reads outputs, then looks for the token in the TRACE log, the
// state and the plan's JSON.
func checkNoLeak(t *testing.T, r *cliRun) {
	t.Helper()
	planOutput := r.run("plan", "-out=tfplan", "-input=false")
	planJSON := r.run("show", "-json", "tfplan")
	r.run("apply", "-input=false", "-auto-approve", "tfplan")
	r.run("output", "rows_read")

	trace, err := os.ReadFile(filepath.Join(r.dir, "trace.log"))
	if err != nil {
		t.Fatal(err)
	}
	state, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	// The log must really hold the provider's request logging, or its silence would prove nothing.
	for _, want := range []string{"Turso API request", `http_path=/v1/organizations/demo/usage`, "http_status=200"} {
		if !bytes.Contains(trace, []byte(want)) {
			t.Errorf("TRACE log lacks %q", want)
		}
	}
	if !strings.Contains(string(state), "184523901") || !strings.Contains(planJSON, "184523901") {
		t.Error("state or plan JSON lacks the usage: the leak checks would be vacuous")
	}
	for name, content := range map[string]string{"TRACE log": string(trace), "state": string(state), "plan JSON": planJSON, "plan output": planOutput} {
		if strings.Contains(content, faketurso.Token) {
			t.Errorf("the token appears in the %s", name)
		}
	}
}

func TestCLI_errorsNeverEchoTheToken(t *testing.T) {
	fake, url := fakeAPI(t)
	fake.Script(faketurso.UsagePath(faketurso.OrgDemo), faketurso.Fault{Status: 401, Body: faketurso.ErrorBody("token " + faketurso.Token + " expired")})
	r := newCLIRun(t, cliConfig(url), "TURSO_API_TOKEN="+faketurso.Token, "TF_LOG=TRACE", "TF_LOG_PATH=trace.log")
	out, err := r.command(context.Background(), "plan", "-input=false").CombinedOutput()
	if err == nil {
		t.Fatalf("plan succeeded against a 401:\n%s", out)
	}
	trace := readTrace(t, r, "Turso API request returned an error status")
	if !strings.Contains(plainText(out), "token [REDACTED] expired") {
		t.Errorf("the API message was not shown, redacted:\n%s", out)
	}
	if strings.Contains(string(out), faketurso.Token) || strings.Contains(string(trace), faketurso.Token) {
		t.Error("the token appears in the output or the TRACE log")
	}
}

func TestCLI_interruptEndsRetryWait(t *testing.T) {
	path := faketurso.UsagePath(faketurso.OrgDemo)
	fake, answered, url := faketurso.StartAnswered(t, path)
	// The released provider clamps Retry-After to a minute: an interrupt must not wait for it.
	fake.Script(path, faketurso.Fault{Status: 503, RetryAfter: "3600"}, faketurso.Fault{Status: 503, RetryAfter: "3600"})
	r := newCLIRun(t, cliConfig(url), "TURSO_API_TOKEN="+faketurso.Token)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := r.command(ctx, "plan", "-input=false")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// kill ends the run and returns how it ended and its output, only safe to read once Wait returned.
	kill := func() string {
		cancel()
		err := <-exited
		return fmt.Sprintf("killed (%v):\n%s", err, out.String())
	}

	// The bounds below catch a hang, they are not timing targets: any CLI that misbehaves fails fast.
	select {
	case <-answered.Done(): // the provider holds a 503 with an hour's Retry-After: it retries or waits
	case err := <-exited:
		t.Fatalf("%s exited (%v) before the API answered:\n%s", testCLI, err, out.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("%s had no answer from the API after 2 minutes, %s", testCLI, kill())
	}
	// The interrupt lands in the Retry-After wait or just before it: either way, a wait that ignored
	// it would hold the plan for the clamped minute.
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err == nil {
			t.Errorf("interrupted plan exited 0:\n%s", out.String())
		}
	case <-time.After(30 * time.Second): // half the clamped wait
		t.Fatalf("%s was still waiting 30s after the interrupt, %s", testCLI, kill())
	}
	if n := fake.RequestCount(path); n != 1 {
		t.Errorf("requests = %d after the interrupt, want 1 (no retry)", n)
	}
	if want := "Please wait for " + string(testCLI.Product) + " to exit"; !strings.Contains(out.String(), "Interrupt received") || !strings.Contains(out.String(), want) {
		t.Errorf("%s did not see the interrupt (no %q):\n%s", testCLI, want, out.String())
	}
}

// readTrace returns the run's TRACE log, which must hold the provider's request logging (want): a
// log that is missing, or silent about the requests, would make any check of it pass.
func readTrace(t *testing.T, r *cliRun, want string) []byte {
	t.Helper()
	trace, err := os.ReadFile(filepath.Join(r.dir, "trace.log"))
	if err != nil {
		t.Fatalf("reading the TRACE log: %v", err)
	}
	if !bytes.Contains(trace, []byte(want)) {
		t.Fatalf("the TRACE log lacks %q: the provider's requests were not logged", want)
	}
	return trace
}

// plainText is a CLI's output without colours, box drawing and line wrapping.
func plainText(out []byte) string {
	s := regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(string(out), "")
	return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "╷", " ", "╵", " ").Replace(s)), " ")
}

// TestCLI_apiTokenIsSensitive: the CLI sees api_token as sensitive in the provider's schema, and so
// keeps it out of what it shows.
func TestCLI_apiTokenIsSensitive(t *testing.T) {
	_, url := fakeAPI(t)
	r := newCLIRun(t, cliConfig(url))
	var schemas struct {
		ProviderSchemas map[string]struct {
			Provider struct {
				Block struct {
					Attributes map[string]struct {
						Sensitive bool `json:"sensitive"`
					} `json:"attributes"`
				} `json:"block"`
			} `json:"provider"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal([]byte(r.run("providers", "schema", "-json")), &schemas); err != nil {
		t.Fatal(err)
	}
	address := testCLI.Product.RegistryHost() + "/turso-terraform/turso"
	provider, ok := schemas.ProviderSchemas[address]
	if !ok {
		t.Fatalf("no schema for %s in %v", address, schemas.ProviderSchemas)
	}
	attr, ok := provider.Provider.Block.Attributes["api_token"]
	if !ok || !attr.Sensitive {
		t.Errorf("api_token is not sensitive in the CLI's view of the schema: %+v", provider.Provider.Block.Attributes)
	}
}
