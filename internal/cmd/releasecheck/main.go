// Command releasecheck verifies what `goreleaser release` left in dist/ against what the Terraform and
// OpenTofu registries need, and against .goreleaser.yml itself:
//
//   - a zip for every platform the config builds (goos × goarch, less its ignores), and no other;
//   - in each zip, the binary terraform-provider-turso_v<version> (.exe on Windows), built for that
//     platform (its ELF, Mach-O or PE header says so) and carrying the version;
//   - the SHA256SUMS file, listing every zip and the registry manifest with their true hashes;
//   - the registry manifest, under the name the config uploads it as, with plugin protocol 6.0;
//   - with -terraform, the binary for the machine it runs on, planned by that CLI against the fake
//     Turso API: every request's User-Agent must start with terraform-provider-turso/<version>.
//
// Usage: releasecheck [-dist dist] [-config .goreleaser.yml] [-manifest terraform-registry-manifest.json] [-terraform PATH]
//
// releasecheck -only TARGET -write-config PATH writes a copy of -config that builds the GoReleaser
// target TARGET alone ("linux_amd64_v1"), for a check within a time budget, and checks nothing.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/turso-terraform/terraform-provider-turso/internal/releasecheck"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "releasecheck:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("releasecheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dist := flags.String("dist", "dist", "GoReleaser's output directory")
	config := flags.String("config", ".goreleaser.yml", "the GoReleaser configuration that built it")
	manifest := flags.String("manifest", "terraform-registry-manifest.json", "the registry manifest the configuration uploads")
	terraform := flags.String("terraform", "", "a Terraform or OpenTofu CLI that plans with this machine's binary against the fake API; none: skip that check")
	only := flags.String("only", "", "with -write-config: the one GoReleaser target to build, such as linux_amd64_v1")
	writeConfig := flags.String("write-config", "", "write the configuration that builds -only alone to this file, and check nothing")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() != 0 || (*only == "") != (*writeConfig == "") {
		flags.Usage()
		return flag.ErrHelp
	}
	cfg, err := os.ReadFile(*config)
	if err != nil {
		return err
	}
	if *writeConfig != "" {
		one, err := releasecheck.OnlyPlatform(cfg, *only)
		if err != nil {
			return err
		}
		return os.WriteFile(*writeConfig, one, 0o600)
	}
	manifestJSON, err := os.ReadFile(*manifest)
	if err != nil {
		return err
	}
	ports, err := releasecheck.GoPorts()
	if err != nil {
		return err
	}
	release, err := releasecheck.Check(os.DirFS(*dist), cfg, manifestJSON, ports)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s: %d zips (%s), %s and the manifest (protocol 6.0) check out\n",
		release.Project, release.Version, len(release.Platforms), join(release.Platforms), release.Checksums)
	if *terraform == "" {
		fmt.Fprintln(stdout, "no -terraform: the User-Agent was not checked")
		return nil
	}
	host := releasecheck.Platform{OS: runtime.GOOS, Arch: runtime.GOARCH}
	ua, err := releasecheck.UserAgent(ctx, os.DirFS(*dist), release, host, *terraform)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "the %s binary, planned by %s against the fake API, sent User-Agent %q\n", host, *terraform, ua)
	return nil
}

func join(platforms []releasecheck.Platform) string {
	var b bytes.Buffer
	for i, p := range platforms {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}
