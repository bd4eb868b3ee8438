#!/usr/bin/env bash
# `make release-snapshot`: the release's files as the registries will get them, unsigned and
# unpublished, in dist/. GoReleaser (GORELEASER_VERSION, pinned in the GNUmakefile) checks
# .goreleaser.yml and builds every platform in it; then internal/cmd/releasecheck verifies the zips,
# the binary in each, SHA256SUMS and the registry manifest, and plans with this machine's binary
# against the fake API to see the release's version in its User-Agent.
#
# RELEASE_TARGET=linux_amd64_v1 (a GoReleaser target) builds and verifies that platform alone, with
# the rest of the configuration unchanged: what .ci/run does, within its time budget.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
: "${GORELEASER_VERSION:?set GORELEASER_VERSION (make release-snapshot does)}"
: "${TERRAFORM:?set TERRAFORM to a Terraform or OpenTofu CLI (make release-snapshot does)}"
goreleaser=(go run "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION")

config=.goreleaser.yml
if [ -n "${RELEASE_TARGET:-}" ]; then
	tmp="$(mktemp -d "${TMPDIR:-/tmp}/turso-release.XXXXXX")"
	trap 'rm -rf "$tmp"' EXIT
	config="$tmp/goreleaser.yml"
	go run ./internal/cmd/releasecheck -config .goreleaser.yml -only "$RELEASE_TARGET" -write-config "$config"
	echo "release-snapshot: $RELEASE_TARGET alone (RELEASE_TARGET); a release builds every platform in .goreleaser.yml"
fi

"${goreleaser[@]}" check --config "$config"
"${goreleaser[@]}" release --config "$config" --snapshot --clean --skip=sign
go run ./internal/cmd/releasecheck -config "$config" -dist dist -terraform "$TERRAFORM"
