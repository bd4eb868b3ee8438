package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/tfcli"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	cli := filepath.Join(dir, "tofu")
	script := "#!/bin/sh\nif [ \"$2\" = -json ]; then echo '{\"terraform_version\":\"1.12.6\"}'; else echo 'OpenTofu v1.12.6'; fi\n"
	if err := os.WriteFile(cli, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		want    string
		wantErr bool
	}{
		{"detect", []string{cli}, "OpenTofu 1.12.6\n", false},
		{"dev overrides", []string{"-dev-overrides", dir}, tfcli.DevOverrides(dir), false},
		{"not a CLI", []string{filepath.Join(dir, "missing")}, "", true},
		{"nothing asked", nil, "", true},
		{"both", []string{"-dev-overrides", dir, cli}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, &stdout, &stderr)
			if (err != nil) != tc.wantErr || stdout.String() != tc.want {
				t.Errorf("run(%q) = %q, %v; want %q (error: %v)", tc.args, stdout.String(), err, tc.want, tc.wantErr)
			}
			if errors.Is(err, flag.ErrHelp) && stderr.Len() == 0 {
				t.Error("no usage printed")
			}
		})
	}
}
