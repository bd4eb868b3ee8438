#!/usr/bin/env bash
# `make demo`: builds the provider, serves the fake Turso API's demo organization on a free loopback
# port, and runs a real `terraform plan` and `apply` of examples/demo through dev_overrides (OpenTofu's
# when there is no terraform on PATH, or with TERRAFORM=/path/to/tofu). It needs no Turso account and
# no network, ignores TURSO_* variables and ~/.terraformrc, and leaves nothing behind: everything
# happens in one temporary directory, removed on exit, failure or Ctrl-C.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
terraform="${TERRAFORM:-$(command -v terraform || command -v tofu || true)}"
if [ -z "$terraform" ]; then
	echo "demo: neither terraform nor tofu on PATH; install Terraform 1.5 or later or OpenTofu, or set TERRAFORM=/path/to/it" >&2
	exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/turso-demo.XXXXXX")"
fake_pid=""
cleanup() {
	local status=$?
	cd "$root"
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null || true
		wait "$fake_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step() { printf '\n==> %s\n' "$*"; }

# The demo's settings only: none of the caller's Turso, Terraform or OpenTofu overrides apply.
while IFS= read -r name; do
	case "$name" in TURSO_* | TF_CLI_ARGS* | TF_WORKSPACE | TF_DATA_DIR | TF_LOG* | TOFU_*) unset "$name" ;; esac
done < <(compgen -e)

step "Building the provider and the fake Turso API"
(cd "$root" && go build -o "$work/bin/terraform-provider-turso" . && go build -o "$work/fake-turso" ./internal/cmd/fake-turso &&
	go build -o "$work/tfcli" ./internal/cmd/tfcli)
cli="$("$work/tfcli" "$terraform")" # "Terraform 1.11.4", "OpenTofu 1.12.6"
product="${cli%% *}"
command="$(basename "$terraform")"
echo "$cli at $terraform."

token="demo-token"
"$work/fake-turso" -token "$token" -url-file "$work/url" -log >/dev/null 2>"$work/fake.log" &
fake_pid=$!
for _ in $(seq 100); do
	[ -s "$work/url" ] && break
	if ! kill -0 "$fake_pid" 2>/dev/null; then
		cat "$work/fake.log" >&2
		echo "demo: the fake Turso API exited" >&2
		exit 1
	fi
	sleep 0.1
done
[ -s "$work/url" ] || { echo "demo: the fake Turso API did not start listening" >&2; exit 1; }
url="$(cat "$work/url")"
echo "Fake Turso API on $url, serving organization \"demo\" (5 databases, one with 3 instances)."

"$work/tfcli" -dev-overrides "$work/bin" >"$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export TURSO_API_URL="$url" TURSO_API_TOKEN="$token" TURSO_ORGANIZATION="demo"

cp -R "$root/examples/demo" "$work/config"
cd "$work/config"
flags=(-input=false -compact-warnings)
[ -t 1 ] || flags+=(-no-color)

step "$command plan (the warning about development overrides is expected: it is how $product runs the provider just built)"
"$terraform" plan "${flags[@]}" -out=demo.tfplan

step "$command apply demo.tfplan"
"$terraform" apply "${flags[@]}" demo.tfplan

step "Usage and quotas of organization \"demo\" ($command output -raw report)"
"$terraform" output -raw report
echo

step "Requests the fake Turso API served"
cat "$work/fake.log"

step "Done: stopping the fake API and removing $work"
