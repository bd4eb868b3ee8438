#!/usr/bin/env bash
# Runs `terraform plan` against the fake Turso API's hostile organizations and an honest one of
# DATABASES databases, and prints the provider process's peak resident memory in each case (GNU time's
# maximum RSS of the provider, launched through a wrapper), with what the plan said. Each hostile
# configuration reads the organization ten times at once through turso_organization_usage, plus one
# turso_organization_quota (four requests at once); a body of tiny databases just under the usage
# cap, with its end and without, is read once.
#
#   scripts/hostile-memory.sh                   # DATABASES=50000, every case
#   CASES="honest array-bomb" scripts/hostile-memory.sh
#
# Needs GNU time (apt-get install time). Exits non-zero if a hostile case does not end in the
# expected error or peaks at 256 MiB or more, if the token shows in any output, or if the honest
# organization takes more than 3.5 times its JSON's size above the idle provider (TF_LOG=TRACE costs some):
# its tables, its state and gRPC's copy of the state as it is sent, 2.8 to 3.0 times at 50,000 databases.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
find_cli hostile-memory
/usr/bin/time -f %M true >/dev/null 2>&1 || { echo "hostile-memory: GNU time is needed (apt-get install time)" >&2; exit 1; }
databases="${DATABASES:-50000}"

begin_work hostile
build_tools
mkdir -p "$work/plugin"
cat >"$work/plugin/terraform-provider-turso" <<SH
#!/bin/sh
exec /usr/bin/time -a -o "$work/rss.log" -f %M "$work/bin/terraform-provider-turso" "\$@"
SH
chmod +x "$work/plugin/terraform-provider-turso"
dev_overrides "$work/plugin"

# A token of 47 characters, as long as real ones; no 16-character piece of it may be printed.
token="tok_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
start_fake -token "$token" -databases "$databases" -generated-org generated -hostile
json_bytes="$(curl -sf -H "Authorization: Bearer $token" "$url/v1/organizations/generated/usage" | wc -c)"

# config ORG USAGE_READS QUOTA: a configuration with USAGE_READS usage data sources and, if QUOTA is
# 1, a quota data source, all of organization ORG.
config() {
	local org="$1" reads="$2" quota="$3" i
	provider_config "$org"
	for i in $(seq "$reads"); do
		echo "data \"turso_organization_usage\" \"read$i\" {}"
		echo "output \"databases$i\" { value = length(data.turso_organization_usage.read$i.databases) }"
	done
	if [ "$quota" = 1 ]; then
		echo 'data "turso_organization_quota" "this" {}'
	fi
}

# plan NAME ORG READS QUOTA WANT: plans, prints one line, and checks the outcome: WANT is "ok" or a
# pattern every error must show (grep -E); the token must not show in the output or the trace.
failed=0
idle_kb=""
plan() {
	local name="$1" org="$2" reads="$3" quota="$4" want="$5" dir="$work/$1" rss status=ok errors
	if [ -n "${CASES:-}" ] && [ "$name" != idle ] && ! [[ " $CASES " == *" $name "* ]]; then
		return
	fi
	mkdir -p "$dir"
	config "$org" "$reads" "$quota" >"$dir/main.tf"
	: >"$work/rss.log"
	if (cd "$dir" && TF_LOG=TRACE TF_LOG_PATH="$dir/trace.log" "$terraform" plan -input=false -no-color -lock=false -parallelism=11 >"$dir/plan.out" 2>&1); then
		status=ok
	else
		status=failed
	fi
	rss="$(sort -n "$work/rss.log" | tail -1)"
	errors="$(grep -c '^Error: ' "$dir/plan.out" || true)"
	local verdict=as-expected
	if [ "$want" = ok ]; then
		[ "$status" = ok ] || verdict=UNEXPECTED
	else
		local matching
		matching="$(tr '\n' ' ' <"$dir/plan.out" | tr -s ' ' | grep -oE "$want" | wc -l)"
		{ [ "$status" = failed ] && [ "$errors" -gt 0 ] && [ "$matching" -ge 1 ]; } || verdict=UNEXPECTED
	fi
	for i in $(seq 0 $((${#token} - 16))); do
		if grep -qF "${token:$i:16}" "$dir/plan.out" "$dir/trace.log"; then
			verdict=TOKEN-LEAKED
			break
		fi
	done
	if [ "$want" != ok ] && [ "$rss" -ge $((256 * 1024)) ]; then
		verdict=OVER-256MiB
	fi
	[ "$verdict" = as-expected ] || { failed=1; sed -n '1,60p' "$dir/plan.out" >&2; }
	[ "$name" = idle ] && idle_kb="$rss"
	local detail
	detail="$(tr '\n' ' ' <"$dir/plan.out" | tr -s ' ' | grep -oE "$( [ "$want" = ok ] && echo 'No changes|Changes to Outputs' || echo "$want")" | head -1 || true)"
	printf '%-22s %10.1f %8s %7s  %-12s %s\n' "$name" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$status" "$errors" "$verdict" "$detail"
}

echo "terraform plan against the fake API's hostile organizations; $(nproc) cores"
printf '%-22s %10s %8s %7s  %-12s %s\n' case peak_RSS_MB plan errors verdict "first match of the expected error"
plan idle empty 1 0 ok
plan honest generated 1 0 ok
honest_kb="$(sort -n "$work/rss.log" | tail -1)"
[ -n "$honest_kb" ] || honest_kb="$idle_kb"
plan gzip-bomb "hostile-gzip-bomb" 10 1 'longer than 65536 bytes'
plan space-bomb "hostile-space-bomb" 10 1 'a run of whitespace longer than 65536 bytes'
plan array-bomb "hostile-array-bomb" 10 1 'response body too large \(more than [0-9]+ bytes after decompression\)'
plan error-gzip-bomb "hostile-error-bomb" 10 1 'HTTP 401 Unauthorized: application/json body \(more than 65536 bytes\)'
plan huge-html-error "hostile-huge-error" 10 1 'HTTP 401 Unauthorized: text/html body \(more than 65536 bytes\)'
plan endless-empty-pages "hostile-endless-empty-pages" 1 0 'the database list names a next page after 1010 pages'
plan endless-full-pages "hostile-endless-full-pages" 1 0 'the database list goes on past 1000000 databases'
plan endless-fat-pages "hostile-endless-fat-pages" 1 0 'the database list takes more than 96 MiB held'
plan token-echo "hostile-echo-token" 1 1 'REDACTED'
plan invalid-utf8 "hostile-invalid-utf8" 1 0 'organization.databases\[3\].uuid: invalid UTF-8'
plan duplicate-key "hostile-duplicate-key" 1 0 'organization.usage: duplicate key "rows_read"'
plan tiny-databases "hostile-tiny-databases" 1 0 'takes the organization past the 64 MiB its databases and instances may take'
plan tiny-databases-cut "hostile-tiny-databases-cut" 1 0 'takes the organization past the 64 MiB its databases and instances may take'
awk -v h="$honest_kb" -v i="$idle_kb" -v j="$json_bytes" -v n="$databases" 'BEGIN {
	printf "honest organization of %d databases: %.1f MB of JSON; peak RSS %.1f MB above the idle provider = %.2fx the JSON (target at most 3.5x, with the trace on)\n",
		n, j / 1e6, (h - i) * 1024 / 1e6, (h - i) * 1024 / j
	if ((h - i) * 1024 > 3.5 * j) exit 1 }' || failed=1
exit "$failed"
