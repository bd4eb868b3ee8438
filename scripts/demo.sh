#!/usr/bin/env bash
# `make demo`: builds the provider, serves the fake Turso API's demo organization on a free loopback
# port, and runs a real `terraform plan` and `apply` of examples/demo through dev_overrides (OpenTofu's
# when there is no terraform on PATH, or with TERRAFORM=/path/to/tofu). It needs no Turso account and
# no network, ignores TURSO_* variables and ~/.terraformrc, and leaves nothing behind: everything
# happens in one temporary directory, removed on exit, failure or Ctrl-C.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
find_cli demo
begin_work demo

step() { printf '\n==> %s\n' "$*"; }

# hide_report: a plan's or apply's output without the value of the output "report", which is printed
# once, at the end (colours and all, when there are any).
hide_report() {
	awk '
		{ plain = $0; gsub(/\033\[[0-9;]*m/, "", plain) }
		!skip && plain ~ /report = <<-?EOT$/ { sub(/<<-?EOT/, "(printed below)"); print; skip = 1; next }
		skip && plain ~ /^ *EOT$/ { skip = 0; next }
		!skip
	'
}

step "Building the provider and the fake Turso API"
build_tools
product="${cli%% *}"
command="$(basename "$terraform")"
echo "$cli at $terraform."

token="demo-token"
start_fake -token "$token" -log
echo "Fake Turso API on $url, serving organization \"demo\" (5 databases, one with 3 instances)."

dev_overrides "$work/bin"
export TURSO_API_URL="$url" TURSO_API_TOKEN="$token" TURSO_ORGANIZATION="demo"

cp -R "$root/examples/demo" "$work/config"
cd "$work/config"
flags=(-input=false -compact-warnings)
[ -t 1 ] || flags+=(-no-color)

step "$command plan (the warning about development overrides is expected: it is how $product runs the provider just built)"
"$terraform" plan "${flags[@]}" -out=demo.tfplan | hide_report

step "$command apply demo.tfplan"
"$terraform" apply "${flags[@]}" demo.tfplan | hide_report

step "Usage, quotas and their forecast for organization \"demo\" ($command output -raw report)"
"$terraform" output -raw report
echo

step "Requests the fake Turso API served"
cat "$work/fake.log"

step "Done: stopping the fake API and removing $work"
