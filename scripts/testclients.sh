#!/usr/bin/env bash
# `make testclients`: the acceptance, CLI and examples tests of internal/provider (TestAcc*, TestCLI*)
# against every CLI the provider is tested with, one after another, then a table of the results.
#
#   variable          CLI                       where it comes from unless the variable names one
#   TERRAFORM         the terraform on PATH     PATH (tofu when there is no terraform)
#   TERRAFORM_1_5     Terraform 1.5.7           built from github.com/hashicorp/terraform@v1.5.7
#   TERRAFORM_1_8     Terraform 1.8.5           built from github.com/hashicorp/terraform@v1.8.5
#   TOFU_1_10         OpenTofu 1.10.10          built from github.com/opentofu/opentofu@v1.10.10
#   TOFU_1_12         OpenTofu 1.12.6           built from github.com/opentofu/opentofu@v1.12.6
#
# A variable names an executable of that product and minor version to use instead of building one.
# Nothing prebuilt is downloaded: the Go module proxy serves each CLI's source as a Go module, built
# here with `go build -trimpath` (Terraform 1.9 and later no longer build that way: their backends
# are nested modules the proxy leaves out). Built CLIs are cached by version outside the work tree, in
# TESTCLIENTS_CACHE (default: $XDG_CACHE_HOME or the directory above `go env GOCACHE`, then
# terraform-provider-turso/clients), and used again only while their `version` still says what they
# are. ONLY="TOFU_1_12 TERRAFORM_1_5" runs some of them.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# variable product version module main-package ldflags
clients=(
	"TERRAFORM PATH - - - -"
	"TERRAFORM_1_5 Terraform 1.5.7 github.com/hashicorp/terraform . -"
	"TERRAFORM_1_8 Terraform 1.8.5 github.com/hashicorp/terraform . -X=github.com/hashicorp/terraform/version.dev=no"
	"TOFU_1_10 OpenTofu 1.10.10 github.com/opentofu/opentofu ./cmd/tofu -X=github.com/opentofu/opentofu/version.dev=no"
	"TOFU_1_12 OpenTofu 1.12.6 github.com/opentofu/opentofu ./cmd/tofu -X=github.com/opentofu/opentofu/version.dev=no"
)

cache="${TESTCLIENTS_CACHE:-${XDG_CACHE_HOME:-$(dirname "$(go env GOCACHE)")}/terraform-provider-turso/clients}"
work="$(mktemp -d "${TMPDIR:-/tmp}/turso-testclients.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say() { printf '\n==> %s\n' "$*"; }
die() {
	echo "testclients: $*" >&2
	exit 1
}

go build -o "$work/tfcli" ./internal/cmd/tfcli

# with_progress WHAT COMMAND...: runs COMMAND and says every TESTCLIENTS_PROGRESS_SECONDS (30) that
# it is still WHAT, so that a build of many minutes does not look stuck; returns COMMAND's status.
with_progress() {
	local what="$1" start ticker status=0
	shift
	start="$(date +%s)"
	(
		trap 'kill "$nap" 2>/dev/null; exit 0' TERM
		while :; do
			sleep "${TESTCLIENTS_PROGRESS_SECONDS:-30}" &
			nap=$!
			wait "$nap"
			echo "still $what after $(($(date +%s) - start))s"
		done
	) &
	ticker=$!
	"$@" || status=$?
	kill "$ticker" 2>/dev/null || true
	wait "$ticker" 2>/dev/null || true
	return "$status"
}

# in_dir DIR COMMAND...: runs COMMAND in DIR.
in_dir() {
	local dir="$1"
	shift
	(cd "$dir" && "$@")
}

# build PRODUCT VERSION MODULE PACKAGE LDFLAGS: sets path to the cached CLI, building it first when
# the cache has none that says it is PRODUCT VERSION, and source to which it was.
build() {
	local product="$1" version="$2" module="$3" pkg="$4" ldflags="$5" dir bin json src start
	dir="$cache/$(tr '[:upper:]' '[:lower:]' <<<"$product")-$version"
	bin="$dir/$([ "$product" = OpenTofu ] && echo tofu || echo terraform)"
	path="$bin"
	if [ -x "$bin" ] && [ "$("$work/tfcli" "$bin" 2>/dev/null)" = "$product $version" ]; then
		source="cache"
		echo "from the cache: $bin"
		return
	fi
	start="$(date +%s)"
	# Outside any module, so that nothing here touches go.mod or go.sum.
	echo "downloading $module@v$version"
	json="$(cd "$work" && GOFLAGS= go mod download -json "$module@v$version")" || die "go mod download $module@v$version failed: $json"
	src="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
	[ -d "$src" ] || die "go mod download $module@v$version gave no source directory: $json"
	mkdir -p "$dir"
	[ "$ldflags" = - ] && ldflags=""
	echo "building $product $version from $module@v$version ($pkg)"
	# The module's own go.mod and go.sum, this Go, no workspace; without -race, -s -w as releases are.
	with_progress "building $product $version" \
		in_dir "$src" env GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0 \
		go build -trimpath -ldflags "-s -w $ldflags" -o "$bin.new$$" "$pkg" || die "building $product $version failed"
	mv "$bin.new$$" "$bin"
	[ "$("$work/tfcli" "$bin")" = "$product $version" ] || die "$bin says it is $("$work/tfcli" "$bin"), want $product $version"
	source="built in $(($(date +%s) - start))s"
	echo "$source: $bin"
}

# given VARIABLE PRODUCT VERSION: checks that the executable $VARIABLE names is PRODUCT at VERSION's
# major.minor, and prints its path.
given() {
	local var="$1" product="$2" version="$3" path detected
	path="${!var}"
	detected="$("$work/tfcli" "$path")" || die "$var=$path: not a Terraform or OpenTofu CLI"
	case "$detected" in
	"$product ${version%.*}".*) echo "$path" ;;
	*) die "$var=$path is $detected, want $product ${version%.*}.x" ;;
	esac
}

# skips LOG: each skipped test of a `go test -v` log with what it logged, its reason. In that log a
# test's output follows its "=== RUN", "=== CONT" or "=== NAME" line.
skips() {
	awk '
		/^=== (RUN|CONT|NAME) / { test = $3; next }
		/^ *--- SKIP: / { skipped[++n] = $3; next }
		/^ +[^ ]+_test\.go:[0-9]+: / { sub(/^ +/, ""); said[test] = said[test] " " $0 }
		END { for (i = 1; i <= n; i++) print "  skipped " skipped[i] ":" said[skipped[i]] }
	' "$1"
}

results=()
failed=0
for client in "${clients[@]}"; do
	read -r var product version module pkg ldflags <<<"$client"
	if [ -n "${ONLY:-}" ] && ! grep -qw -- "$var" <<<"$ONLY"; then
		continue
	fi
	if [ "$product" = PATH ]; then
		path="${TERRAFORM:-$(command -v terraform || command -v tofu || true)}"
		[ -n "$path" ] || die "neither terraform nor tofu on PATH: set TERRAFORM=/path/to/it"
		source="PATH"
	elif [ -n "${!var:-}" ]; then
		path="$(given "$var" "$product" "$version")"
		source="\$$var"
	else
		say "$product $version"
		build "$product" "$version" "$module" "$pkg" "$ldflags"
	fi
	cli="$("$work/tfcli" "$path")" || die "$path: not a Terraform or OpenTofu CLI"

	say "$cli ($path): TF_ACC=1 go test -run '^Test(Acc|CLI)' ./internal/provider"
	log="$work/$var.log"
	start="$(date +%s)"
	# Nothing but the CLI's path: the tests detect the rest. No -race: `make test` runs it.
	if env -u TF_ACC_PROVIDER_HOST TF_ACC=1 TF_ACC_TERRAFORM_PATH="$path" \
		go test -count=1 -v -timeout 30m -run '^Test(Acc|CLI)' ./internal/provider >"$log" 2>&1; then
		result=pass
	else
		result=FAIL
		failed=1
		grep -v -E '^ *(=== (RUN|PAUSE|CONT|NAME)|--- PASS)' "$log" || true
	fi
	seconds="$(($(date +%s) - start))"
	passed="$(grep -c -E '^ *--- PASS' "$log" || true)"
	skipped="$(grep -c -E '^ *--- SKIP' "$log" || true)"
	echo "$result: $passed passed, $skipped skipped in ${seconds}s"
	skips "$log"
	results+=("$(printf '%-14s %-9s %-9s %-7s %7s %8s %9s  %s' "$var" "${cli%% *}" "${cli#* }" "$result" "$passed" "$skipped" "${seconds}s" "$source")")
done
[ "${#results[@]}" -gt 0 ] || die "ONLY=$ONLY names no client"

say "Results"
printf '%-14s %-9s %-9s %-7s %7s %8s %9s  %s\n' CLIENT CLI VERSION RESULT PASSED SKIPPED TIME SOURCE
printf '%s\n' "${results[@]}"
exit "$failed"
