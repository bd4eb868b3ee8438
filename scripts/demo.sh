#!/usr/bin/env bash
# `make demo`: builds the provider, serves the fake Turso API's demo organization on a free loopback
# port, and runs a real `terraform plan` and `apply` of examples/demo through dev_overrides. It needs no
# Turso account and no network, ignores TURSO_* variables and ~/.terraformrc, and leaves nothing
# behind: everything happens in one temporary directory, removed on exit, failure or Ctrl-C.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
terraform="${TERRAFORM:-$(command -v terraform || true)}"
if [ -z "$terraform" ]; then
	echo "demo: no Terraform CLI on PATH; install Terraform 1.x (1.11 is tested) or set TERRAFORM" >&2
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

# The demo's settings only: none of the caller's Turso or Terraform overrides apply.
while IFS= read -r name; do
	case "$name" in TURSO_* | TF_CLI_ARGS* | TF_WORKSPACE | TF_DATA_DIR | TF_LOG*) unset "$name" ;; esac
done < <(compgen -e)

step "Building the provider and the fake Turso API"
(cd "$root" && go build -o "$work/bin/terraform-provider-turso" . && go build -o "$work/fake-turso" ./internal/cmd/fake-turso)

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

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/turso-terraform/turso" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export TURSO_API_URL="$url" TURSO_API_TOKEN="$token" TURSO_ORGANIZATION="demo"

cp -R "$root/examples/demo" "$work/config"
cd "$work/config"
flags=(-input=false -compact-warnings)
[ -t 1 ] || flags+=(-no-color)

step "terraform plan (the warning about development overrides is expected: it is how Terraform runs the provider just built)"
"$terraform" plan "${flags[@]}" -out=demo.tfplan

step "terraform apply demo.tfplan"
"$terraform" apply "${flags[@]}" demo.tfplan

step "Usage and quotas of organization \"demo\" (terraform output -raw report)"
"$terraform" output -raw report
echo

step "Requests the fake Turso API served"
cat "$work/fake.log"

step "Done: stopping the fake API and removing $work"
