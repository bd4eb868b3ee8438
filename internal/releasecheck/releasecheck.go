// Package releasecheck verifies a GoReleaser dist/ directory against what the Terraform and OpenTofu
// registries need from a provider release, and against the GoReleaser configuration that built it.
// It reads the files the registries read; it trusts nothing GoReleaser says about them but the version.
package releasecheck

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Platform is one GOOS and GOARCH the release is built for.
type Platform struct{ OS, Arch string }

func (p Platform) String() string { return p.OS + "_" + p.Arch }

// Release is what Check found.
type Release struct {
	Project, Version string
	Platforms        []Platform
	// Checksums is the name of the SHA256SUMS file.
	Checksums string
}

// ZipName is the registry's name for a platform's archive.
func (r Release) ZipName(p Platform) string {
	return fmt.Sprintf("%s_%s_%s.zip", r.Project, r.Version, p)
}

// BinaryName is the registry's name for the provider's executable inside a zip.
func (r Release) BinaryName(p Platform) string {
	name := r.Project + "_v" + r.Version
	if p.OS == "windows" {
		name += ".exe"
	}
	return name
}

// ManifestName is the name the registry manifest is uploaded under.
func (r Release) ManifestName() string { return r.Project + "_" + r.Version + "_manifest.json" }

// config is the part of .goreleaser.yml that decides the registry's files.
type config struct {
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		// Targets, when set, replace goos, goarch and ignore: "linux_amd64_v1", "linux_arm_6".
		Targets []string `yaml:"targets"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ignore  []struct {
			Goos   string `yaml:"goos"`
			Goarch string `yaml:"goarch"`
		} `yaml:"ignore"`
	} `yaml:"builds"`
	Release struct {
		ExtraFiles []struct {
			Glob         string `yaml:"glob"`
			NameTemplate string `yaml:"name_template"`
		} `yaml:"extra_files"`
	} `yaml:"release"`
}

// Ports are the platforms a Go toolchain can build for (`go tool dist list`); nil means every one.
type Ports map[Platform]bool

// GoPorts asks the go command on PATH for its ports, as GoReleaser builds with it.
func GoPorts() (Ports, error) {
	out, err := exec.Command("go", "tool", "dist", "list").Output()
	if err != nil {
		return nil, fmt.Errorf("go tool dist list: %w", err)
	}
	ports := Ports{}
	for _, line := range strings.Fields(string(out)) {
		if goos, goarch, ok := strings.Cut(line, "/"); ok {
			ports[Platform{goos, goarch}] = true
		}
	}
	return ports, nil
}

// Platforms lists every platform a GoReleaser configuration builds, in its order: each build's goos
// × goarch, less the pairs it ignores and those Go cannot build (GoReleaser leaves those out too).
func Platforms(configYAML []byte, ports Ports) ([]Platform, error) {
	var cfg config
	if err := yaml.Unmarshal(configYAML, &cfg); err != nil {
		return nil, fmt.Errorf("GoReleaser configuration: %w", err)
	}
	return cfg.platforms(ports)
}

func (cfg config) platforms(ports Ports) ([]Platform, error) {
	var out []Platform
	for _, b := range cfg.Builds {
		for _, target := range b.Targets {
			parts := strings.Split(target, "_")
			if len(parts) < 2 {
				return nil, fmt.Errorf("the GoReleaser configuration's target %q is not os_arch", target)
			}
			if p := (Platform{parts[0], parts[1]}); !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
		if len(b.Targets) > 0 {
			continue
		}
		for _, goos := range b.Goos {
			for _, goarch := range b.Goarch {
				p := Platform{goos, goarch}
				ignored := slices.ContainsFunc(b.Ignore, func(i struct {
					Goos   string `yaml:"goos"`
					Goarch string `yaml:"goarch"`
				}) bool {
					return (i.Goos == "" || i.Goos == goos) && (i.Goarch == "" || i.Goarch == goarch)
				})
				if !ignored && (ports == nil || ports[p]) && !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("the GoReleaser configuration builds no platform (builds[].goos and goarch)")
	}
	return out, nil
}

// Check verifies dist against the configuration that built it with a Go of the given ports, and the
// registry manifest it uploads.
func Check(dist fs.FS, configYAML, manifestJSON []byte, ports Ports) (Release, error) {
	var cfg config
	if err := yaml.Unmarshal(configYAML, &cfg); err != nil {
		return Release{}, fmt.Errorf("GoReleaser configuration: %w", err)
	}
	platforms, err := cfg.platforms(ports)
	if err != nil {
		return Release{}, err
	}
	r := Release{Platforms: platforms}
	if r.Project, r.Version, err = metadata(dist); err != nil {
		return r, err
	}
	if r.Project != cfg.ProjectName || r.Project != "terraform-provider-turso" {
		return r, fmt.Errorf("metadata.json names project %q, want terraform-provider-turso, the configuration's project_name (%q)", r.Project, cfg.ProjectName)
	}
	if err := checkManifest(manifestJSON); err != nil {
		return r, err
	}
	if !cfg.uploads(r.Project, r.Version, r.ManifestName()) {
		return r, fmt.Errorf("the configuration's release.extra_files does not upload the registry manifest as %s", r.ManifestName())
	}
	sums := map[string][]byte{r.ManifestName(): manifestJSON}
	for _, p := range platforms {
		b, err := fs.ReadFile(dist, r.ZipName(p))
		if err != nil {
			return r, fmt.Errorf("no zip for %s, which the configuration builds: %w", p, err)
		}
		if err := checkZip(b, r, p); err != nil {
			return r, fmt.Errorf("%s: %w", r.ZipName(p), err)
		}
		sums[r.ZipName(p)] = b
	}
	if err := checkNoOtherZips(dist, r, sums); err != nil {
		return r, err
	}
	r.Checksums = r.Project + "_" + r.Version + "_SHA256SUMS"
	b, err := fs.ReadFile(dist, r.Checksums)
	if err != nil {
		return r, fmt.Errorf("no checksums file: %w", err)
	}
	return r, checkChecksums(b, sums)
}

func metadata(dist fs.FS) (project, version string, err error) {
	b, err := fs.ReadFile(dist, "metadata.json")
	if err != nil {
		return "", "", fmt.Errorf("GoReleaser's metadata.json: %w", err)
	}
	var m struct {
		ProjectName string `json:"project_name"`
		Version     string `json:"version"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return "", "", fmt.Errorf("metadata.json: %w", err)
	}
	if m.Version == "" || m.Version == "dev" || strings.HasPrefix(m.Version, "v") {
		return "", "", fmt.Errorf("metadata.json has version %q, want the release's number without its v", m.Version)
	}
	return m.ProjectName, m.Version, nil
}

// checkManifest wants the registry manifest's plugin protocol to be exactly 6.0, what the provider serves.
func checkManifest(b []byte) error {
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("registry manifest: %w", err)
	}
	if m.Version != 1 || !slices.Equal(m.Metadata.ProtocolVersions, []string{"6.0"}) {
		return fmt.Errorf("registry manifest: version %d, protocol_versions %q; want version 1 and [\"6.0\"]", m.Version, m.Metadata.ProtocolVersions)
	}
	return nil
}

// uploads reports whether release.extra_files uploads the manifest under name.
func (cfg config) uploads(project, version, name string) bool {
	for _, f := range cfg.Release.ExtraFiles {
		rendered := strings.NewReplacer("{{ .ProjectName }}", project, "{{ .Version }}", version).Replace(f.NameTemplate)
		if f.Glob == "terraform-registry-manifest.json" && rendered == name {
			return true
		}
	}
	return false
}

func checkZip(b []byte, r Release, p Platform) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	want := r.BinaryName(p)
	for _, f := range zr.File {
		if f.Name != want {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		bin, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", want, err)
		}
		if err := CheckBinary(bin, p); err != nil {
			return fmt.Errorf("%s: %w", want, err)
		}
		if !bytes.Contains(bin, []byte(r.Version)) {
			return fmt.Errorf("%s does not carry its version %q (-X main.version)", want, r.Version)
		}
		return nil
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return fmt.Errorf("holds %q, not the binary %s the registry runs", names, want)
}

// CheckBinary checks that an executable's header is for platform p.
func CheckBinary(b []byte, p Platform) error {
	got, err := binaryPlatform(b)
	if err != nil {
		return err
	}
	if got != p {
		return fmt.Errorf("is built for %s, not %s", got, p)
	}
	return nil
}

func binaryPlatform(b []byte) (Platform, error) {
	r := bytes.NewReader(b)
	if f, err := elf.NewFile(r); err == nil {
		arch, ok := map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_386: "386", elf.EM_ARM: "arm", elf.EM_AARCH64: "arm64"}[f.Machine]
		if !ok {
			return Platform{}, fmt.Errorf("an ELF executable for %s", f.Machine)
		}
		// Go's linker marks FreeBSD executables in the OS ABI byte and leaves Linux ones at 0.
		switch f.OSABI {
		case elf.ELFOSABI_FREEBSD:
			return Platform{"freebsd", arch}, nil
		case elf.ELFOSABI_NONE, elf.ELFOSABI_LINUX:
			return Platform{"linux", arch}, nil
		}
		return Platform{}, fmt.Errorf("an ELF executable for %s with OS ABI %s", arch, f.OSABI)
	}
	if f, err := macho.NewFile(r); err == nil {
		arch, ok := map[macho.Cpu]string{macho.CpuAmd64: "amd64", macho.CpuArm64: "arm64"}[f.Cpu]
		if !ok {
			return Platform{}, fmt.Errorf("a Mach-O executable for %s", f.Cpu)
		}
		return Platform{"darwin", arch}, nil
	}
	if f, err := pe.NewFile(r); err == nil {
		arch, ok := map[uint16]string{pe.IMAGE_FILE_MACHINE_AMD64: "amd64", pe.IMAGE_FILE_MACHINE_I386: "386", pe.IMAGE_FILE_MACHINE_ARM64: "arm64", pe.IMAGE_FILE_MACHINE_ARMNT: "arm"}[f.Machine]
		if !ok {
			return Platform{}, fmt.Errorf("a PE executable for machine %#x", f.Machine)
		}
		return Platform{"windows", arch}, nil
	}
	return Platform{}, errors.New("is not an ELF, Mach-O or PE executable")
}

func checkNoOtherZips(dist fs.FS, r Release, expected map[string][]byte) error {
	zips, err := fs.Glob(dist, "*.zip")
	if err != nil {
		return err
	}
	for _, z := range zips {
		if _, ok := expected[z]; !ok {
			return fmt.Errorf("%s is not a platform the configuration builds (want only %s_%s_<os>_<arch>.zip for its platforms)", z, r.Project, r.Version)
		}
	}
	return nil
}

// checkChecksums wants exactly the expected files in a SHA256SUMS file ("<hex>  <name>" lines), each
// with its true hash.
func checkChecksums(sumsFile []byte, files map[string][]byte) error {
	listed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(sumsFile))
	for n := 1; sc.Scan(); n++ {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			return fmt.Errorf("SHA256SUMS line %d: %q is not \"<sha256>  <file>\"", n, sc.Text())
		}
		content, known := files[name]
		switch {
		case !known:
			return fmt.Errorf("SHA256SUMS lists %s, which is not a zip or the manifest of this release", name)
		case listed[name]:
			return fmt.Errorf("SHA256SUMS lists %s twice", name)
		}
		listed[name] = true
		if h := sha256.Sum256(content); hex.EncodeToString(h[:]) != sum {
			return fmt.Errorf("SHA256SUMS: %s has sha256 %s, the file %x", name, sum, h)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for name := range files {
		if !listed[name] {
			return fmt.Errorf("SHA256SUMS does not list %s", name)
		}
	}
	return nil
}
