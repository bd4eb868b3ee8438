package releasecheck

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// version is a literal, so this test's own executable carries it, as -X main.version makes a
// release's binary carry its version.
const version = "0.0.0-SNAPSHOT-releasecheck"

var (
	host     = Platform{runtime.GOOS, runtime.GOARCH}
	manifest = []byte(`{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`)
)

// configFor is a GoReleaser configuration with one build per platform.
func configFor(platforms ...Platform) []byte {
	b := []byte("version: 2\nproject_name: terraform-provider-turso\nbuilds:\n")
	for _, p := range platforms {
		b = fmt.Appendf(b, "  - goos: [%s]\n    goarch: [%q]\n", p.OS, p.Arch)
	}
	return append(b, `release:
  extra_files:
    - glob: terraform-registry-manifest.json
      name_template: "{{ .ProjectName }}_{{ .Version }}_manifest.json"
`...)
}

// selfBinary is this test's executable: a real binary for the host platform that carries version.
func selfBinary(t *testing.T) []byte {
	t.Helper()
	path, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goodDist is what GoReleaser leaves for a release of the host platform alone: this test's executable
// as its binary, which carries version.
func goodDist(t *testing.T) fstest.MapFS { return distOf(t, version) }

func distOf(t *testing.T, version string) fstest.MapFS {
	t.Helper()
	r := Release{Project: "terraform-provider-turso", Version: version}
	z := zipOf(t, map[string][]byte{r.BinaryName(host): selfBinary(t), "LICENSE": []byte("MPL-2.0")})
	dist := fstest.MapFS{
		"metadata.json": {Data: fmt.Appendf(nil, `{"project_name":"terraform-provider-turso","tag":"v0.0.0","version":%q}`, version)},
		r.ZipName(host): {Data: z},
	}
	dist[r.Project+"_"+version+"_SHA256SUMS"] = &fstest.MapFile{Data: sums(map[string][]byte{r.ZipName(host): z, r.ManifestName(): manifest})}
	return dist
}

func sums(files map[string][]byte) []byte {
	var b []byte
	for name, content := range files {
		b = fmt.Appendf(b, "%x  %s\n", sha256.Sum256(content), name)
	}
	return b
}

func TestCheck_good(t *testing.T) {
	r, err := Check(goodDist(t), configFor(host), manifest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != version || len(r.Platforms) != 1 || r.Platforms[0] != host {
		t.Errorf("Check = %+v", r)
	}
}

func TestCheck_refuses(t *testing.T) {
	r := Release{Project: "terraform-provider-turso", Version: version}
	other := Platform{"windows", "arm64"}
	if host == other {
		other = Platform{"linux", "amd64"}
	}
	for name, tc := range map[string]struct {
		config   []byte
		manifest []byte
		dist     func() fstest.MapFS
		change   func(fstest.MapFS)
		want     string
	}{
		"a configured platform without its zip": {config: configFor(host, other), want: "no zip for " + other.String()},
		"a binary for another platform": {
			config: configFor(other),
			change: func(d fstest.MapFS) {
				z := zipOf(t, map[string][]byte{r.BinaryName(other): selfBinary(t)})
				d[r.ZipName(other)] = &fstest.MapFile{Data: z}
				d[r.Project+"_"+version+"_SHA256SUMS"] = &fstest.MapFile{Data: sums(map[string][]byte{r.ZipName(other): z, r.ManifestName(): manifest})}
			},
			want: "is built for " + host.String() + ", not " + other.String(),
		},
		"a binary under another name": {
			change: func(d fstest.MapFS) {
				d[r.ZipName(host)] = &fstest.MapFile{Data: zipOf(t, map[string][]byte{"terraform-provider-turso": selfBinary(t)})}
			},
			want: "not the binary terraform-provider-turso_v" + version,
		},
		"a binary without its version": {
			// Built at run time, so that this executable does not carry it.
			dist: func() fstest.MapFS { return distOf(t, strings.Repeat("7", 3)+".0.0") },
			want: "does not carry its version",
		},
		"no checksums file": {
			change: func(d fstest.MapFS) { delete(d, r.Project+"_"+version+"_SHA256SUMS") },
			want:   "no checksums file",
		},
		"a wrong checksum": {
			change: func(d fstest.MapFS) {
				d[r.ZipName(host)] = &fstest.MapFile{Data: zipOf(t, map[string][]byte{r.BinaryName(host): selfBinary(t), "README": nil})}
			},
			want: "SHA256SUMS: " + r.ZipName(host) + " has sha256",
		},
		"the manifest's checksum missing": {
			change: func(d fstest.MapFS) {
				d[r.Project+"_"+version+"_SHA256SUMS"] = &fstest.MapFile{Data: sums(map[string][]byte{r.ZipName(host): d[r.ZipName(host)].Data})}
			},
			want: "does not list " + r.ManifestName(),
		},
		"a zip for a platform not configured": {
			change: func(d fstest.MapFS) { d[r.ZipName(other)] = d[r.ZipName(host)] },
			want:   r.ZipName(other) + " is not a platform the configuration builds",
		},
		"protocol 5": {manifest: []byte(`{"version": 1, "metadata": {"protocol_versions": ["5.0"]}}`), want: `want version 1 and ["6.0"]`},
		"the manifest not uploaded": {
			config: bytes.ReplaceAll(configFor(host), []byte("_manifest.json"), []byte(".json")),
			want:   "does not upload the registry manifest as " + r.ManifestName(),
		},
		"a dev version": {
			change: func(d fstest.MapFS) {
				d["metadata.json"] = &fstest.MapFile{Data: []byte(`{"project_name":"terraform-provider-turso","version":"dev"}`)}
			},
			want: `version "dev"`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			dist := goodDist(t)
			if tc.dist != nil {
				dist = tc.dist()
			}
			if tc.change != nil {
				tc.change(dist)
			}
			if tc.config == nil {
				tc.config = configFor(host)
			}
			if tc.manifest == nil {
				tc.manifest = manifest
			}
			_, err := Check(dist, tc.config, tc.manifest, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want …%s…", err, tc.want)
			}
		})
	}
}

func TestPlatforms(t *testing.T) {
	// darwin_arm is no port of Go: GoReleaser leaves it out, so it is not expected.
	ports := Ports{}
	for _, p := range []string{"linux_amd64", "linux_386", "linux_arm", "darwin_amd64", "darwin_386", "windows_amd64", "windows_386", "windows_arm"} {
		goos, goarch, _ := strings.Cut(p, "_")
		ports[Platform{goos, goarch}] = true
	}
	got, err := Platforms([]byte(`builds:
  - goos: [linux, darwin, windows]
    goarch: [amd64, "386", arm]
    ignore:
      - goos: darwin
        goarch: "386"
      - goos: windows
        goarch: arm
`), ports)
	if err != nil {
		t.Fatal(err)
	}
	want := "[linux_amd64 linux_386 linux_arm darwin_amd64 windows_amd64 windows_386]"
	if fmt.Sprint(got) != want {
		t.Errorf("Platforms = %v, want %s", got, want)
	}
	if _, err := Platforms([]byte("builds: []"), nil); err == nil {
		t.Error("a configuration without platforms was accepted")
	}
}

// TestPlatforms_repositoryConfig: the real configuration builds what the registries serve: Linux,
// macOS, Windows and FreeBSD, including linux_amd64, which every Terraform user can install.
func TestPlatforms_repositoryConfig(t *testing.T) {
	b, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	ports, err := GoPorts()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Platforms(b, ports)
	if err != nil {
		t.Fatal(err)
	}
	// Four systems × four architectures, less darwin_386 and windows_arm (ignored) and darwin_arm (no port).
	if len(got) != 13 {
		t.Errorf("the configuration builds %d platforms, want 13: %v", len(got), got)
	}
	seen := map[string]bool{}
	for _, p := range got {
		seen[p.OS] = true
		seen[p.String()] = true
	}
	for _, want := range []string{"linux", "darwin", "windows", "freebsd", "linux_amd64", "darwin_arm64", "windows_amd64"} {
		if !seen[want] {
			t.Errorf("the configuration's platforms %v lack %s", got, want)
		}
	}
}

func TestCheckBinary(t *testing.T) {
	bin := selfBinary(t)
	if err := CheckBinary(bin, host); err != nil {
		t.Errorf("this test's own executable, for %s: %v", host, err)
	}
	if err := CheckBinary(bin, Platform{"plan9", host.Arch}); err == nil {
		t.Error("this test's executable passed for plan9")
	}
	if err := CheckBinary([]byte("#!/bin/sh\n"), host); err == nil || !strings.Contains(err.Error(), "is not an ELF, Mach-O or PE executable") {
		t.Errorf("a shell script: %v", err)
	}
}

// TestOnlyPlatform: the one-platform configuration builds that platform alone and keeps the rest of
// the repository's configuration (its archives, checksums and manifest).
func TestOnlyPlatform(t *testing.T) {
	b, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	one, err := OnlyPlatform(b, "linux_amd64_v1")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Platforms(one, nil)
	if err != nil || fmt.Sprint(got) != "[linux_amd64]" {
		t.Errorf("Platforms = %v, %v; want [linux_amd64]", got, err)
	}
	for _, kept := range []string{"_SHA256SUMS", "_manifest.json", "-X main.version={{ .Version }}", "zip"} {
		if !strings.Contains(string(one), kept) {
			t.Errorf("the one-platform configuration lost %q:\n%s", kept, one)
		}
	}
	if _, err := OnlyPlatform(one, "linux_arm64"); err == nil {
		t.Error("a configuration that already names its targets was narrowed again")
	}
}
