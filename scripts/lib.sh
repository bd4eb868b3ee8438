# Sourced by the scripts that run a real Terraform or OpenTofu against the fake Turso API (demo.sh,
# bench-plan.sh, hostile-memory.sh), after they set $root: one temporary directory, the tools built
# into it, the fake API started and stopped, and none of the caller's settings in the way.

# find_cli SCRIPT: sets $terraform to $TERRAFORM, or the terraform on PATH, or the tofu on PATH.
find_cli() {
	terraform="${TERRAFORM:-$(command -v terraform || command -v tofu || true)}"
	if [ -z "$terraform" ]; then
		echo "$1: neither terraform nor tofu on PATH; install Terraform 1.5 or later or OpenTofu, or set TERRAFORM=/path/to/it" >&2
		exit 1
	fi
}

# begin_work NAME: sets $work to a new temporary directory, removed on exit, failure or Ctrl-C with the
# fake API's process; only this script's Turso, Terraform and OpenTofu settings apply from now on.
begin_work() {
	work="$(mktemp -d "${TMPDIR:-/tmp}/turso-$1.XXXXXX")"
	fake_pid=""
	trap end_work EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	while IFS= read -r name; do
		case "$name" in TURSO_* | TF_CLI_ARGS* | TF_WORKSPACE | TF_DATA_DIR | TF_LOG* | TOFU_*) unset "$name" ;; esac
	done < <(compgen -e)
	export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_CLI_CONFIG_FILE="$work/terraformrc"
}

end_work() {
	local status=$?
	cd "$root"
	stop_fake
	rm -rf "$work"
	exit "$status"
}

# build_tools: the provider into $work/bin, fake-turso and tfcli into $work; sets $cli to what tfcli
# says $terraform is ("Terraform 1.11.4", "OpenTofu 1.12.6").
build_tools() {
	(cd "$root" && go build -o "$work/bin/terraform-provider-turso" . && go build -o "$work/fake-turso" ./internal/cmd/fake-turso &&
		go build -o "$work/tfcli" ./internal/cmd/tfcli)
	cli="$("$work/tfcli" "$terraform")"
}

# dev_overrides DIR: the CLI configuration takes turso-terraform/turso from DIR, under both registries.
dev_overrides() { "$work/tfcli" -dev-overrides "$1" >"$work/terraformrc"; }

# start_fake ARGS...: runs fake-turso ARGS, its log in $work/fake.log, and sets $url once it listens.
start_fake() {
	rm -f "$work/url"
	"$work/fake-turso" "$@" -url-file "$work/url" >/dev/null 2>"$work/fake.log" &
	fake_pid=$!
	for _ in $(seq 300); do
		[ -s "$work/url" ] && break
		if ! kill -0 "$fake_pid" 2>/dev/null; then
			cat "$work/fake.log" >&2
			echo "$(basename "$0"): the fake Turso API exited" >&2
			exit 1
		fi
		sleep 0.1
	done
	[ -s "$work/url" ] || { echo "$(basename "$0"): the fake Turso API did not start listening" >&2; exit 1; }
	url="$(cat "$work/url")"
}

stop_fake() {
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null || true
		wait "$fake_pid" 2>/dev/null || true
		fake_pid=""
	fi
}

# provider_config ORG: the start of a configuration that reads organization ORG of the fake API at
# $url with $token.
provider_config() {
	cat <<TF
terraform {
  required_providers {
    turso = { source = "turso-terraform/turso" }
  }
}
provider "turso" {
  api_url      = "$url"
  api_token    = "$token"
  organization = "$1"
}
TF
}

# median: the median of the numbers on standard input, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
