package releasecheck

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/tfcli"
)

// UserAgent runs the release's binary for platform p, as the registry would install it, under a real
// Terraform or OpenTofu plan against the fake Turso API, and returns the User-Agent it sent. Every
// request must carry the release's version.
func UserAgent(ctx context.Context, dist fs.FS, r Release, p Platform, cli string) (string, error) {
	dir, err := os.MkdirTemp("", "releasecheck-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	if err := unzipBinary(dist, r, p, filepath.Join(dir, "plugins")); err != nil {
		return "", err
	}

	fake := faketurso.New()
	srv := httptest.NewServer(fake)
	defer srv.Close()
	defer fake.Close()

	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, []byte(tfcli.DevOverrides(filepath.Join(dir, "plugins"))), 0o600); err != nil {
		return "", err
	}
	work := filepath.Join(dir, "config")
	config := fmt.Sprintf(`terraform {
  required_providers {
    turso = { source = %q }
  }
}
provider "turso" {
  api_url      = %q
  api_token    = %q
  organization = %q
}
data "turso_organization_usage" "this" {
  include_databases = false
}
`, tfcli.ProviderSource, srv.URL, faketurso.Token, faketurso.OrgDemo)
	if err := os.MkdirAll(work, 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, cli, "plan", "-input=false", "-no-color")
	cmd.Dir = work
	cmd.Env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%s plan with the %s binary: %w\n%s", cli, p, err, out)
	}

	requests := fake.Requests()
	if len(requests) == 0 {
		return "", fmt.Errorf("the %s binary sent no request to the fake API", p)
	}
	want := "terraform-provider-turso/" + r.Version + " "
	for _, req := range requests {
		if ua := req.Header.Get("User-Agent"); !strings.HasPrefix(ua, want) {
			return "", fmt.Errorf("%s %s: User-Agent %q, want it to start with %q", req.Method, req.Path, ua, want)
		}
	}
	return requests[0].Header.Get("User-Agent"), nil
}

// unzipBinary writes the platform's binary from its zip into dir, executable.
func unzipBinary(dist fs.FS, r Release, p Platform, dir string) error {
	b, err := fs.ReadFile(dist, r.ZipName(p))
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	f, err := zr.Open(r.BinaryName(p))
	if err != nil {
		return fmt.Errorf("%s: %w", r.ZipName(p), err)
	}
	defer f.Close()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	out, err := os.OpenFile(filepath.Join(dir, r.BinaryName(p)), os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o700)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, f); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// cleanEnv is the environment without the caller's Terraform, OpenTofu and Turso settings.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "TURSO_") || strings.HasPrefix(name, "TOFU_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}
