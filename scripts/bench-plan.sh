#!/usr/bin/env bash
# Times a real `terraform plan` (or `tofu plan`) of turso_organization_usage against the fake Turso API for generated
# organizations of several sizes, next to a configuration that only does jsondecode(file()) of the
# same JSON, and prints the ratios. Four configurations, each run REPEAT times (median kept), in turn
# so that a busy machine slows them alike:
#   baseline  locals { usage = jsondecode(file("usage.json")) }, output length(...databases)
#   full      data "turso_organization_usage" {}, output length(...databases): the whole mirror, names
#             from the database list included
#   totals    the same with include_instances = false: per-database totals and names, no instances
#   summary   include_databases = false, output usage.rows_read
# Both `full` and `baseline` turn the whole organization into a Terraform value and output the same
# number. It also checks what each read sends: one usage request, and with the databases one request
# per page of the database list (1,000 databases a page), and, with GNU time installed
# (apt-get install time), records the provider process's peak resident memory, above that of a plan
# of an empty organization (the idle provider), over the JSON's size.
#
# Then it plans the largest organization the provider reads (LARGEST databases of two instances, 0 to
# skip) once, and prints its time and the provider's peak memory; and the peak ratio at 50,000
# databases, when that size was measured.
#
#   scripts/bench-plan.sh                 # SIZES="100 1000 10000 50000" REPEAT=3 LARGEST=220000
#   SIZES="10000" REPEAT=5 LARGEST=0 scripts/bench-plan.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
find_cli bench-plan
sizes="${SIZES:-100 1000 10000 50000}"
repeat="${REPEAT:-3}"
largest="${LARGEST:-220000}"
gnu_time=""
if /usr/bin/time -f %M true >/dev/null 2>&1; then gnu_time=/usr/bin/time; fi

begin_work bench-plan
build_tools

# Terraform runs the provider from $work/plugin; with GNU time, through a wrapper recording its peak RSS.
mkdir -p "$work/plugin"
if [ -n "$gnu_time" ]; then
	cat >"$work/plugin/terraform-provider-turso" <<SH
#!/bin/sh
exec $gnu_time -a -o "$work/rss.log" -f %M "$work/bin/terraform-provider-turso" "\$@"
SH
	chmod +x "$work/plugin/terraform-provider-turso"
else
	ln -s "$work/bin/terraform-provider-turso" "$work/plugin/terraform-provider-turso"
	echo "bench-plan: GNU time not found (apt-get install time): provider memory is not measured" >&2
fi
dev_overrides "$work/plugin"

token="bench-plan-token"
org="generated"
usage_path="/v1/organizations/$org/usage"
list_path="/v1/organizations/$org/databases"

# write_configs URL: the configurations, each in its own directory.
write_configs() {
	local url="$1" include instances
	for config in full totals summary; do
		include=true
		[ "$config" = summary ] && include=false
		instances=true
		[ "$config" = totals ] && instances=false
		mkdir -p "$work/$config"
		provider_config "$org" >"$work/$config/main.tf"
		cat >>"$work/$config/main.tf" <<TF
data "turso_organization_usage" "this" {
  include_databases = $include
  include_instances = $instances
}
TF
	done
	echo 'output "databases" { value = length(data.turso_organization_usage.this.databases) }' >>"$work/full/main.tf"
	echo 'output "databases" { value = length(data.turso_organization_usage.this.databases) }' >>"$work/totals/main.tf"
	echo 'output "rows_read" { value = data.turso_organization_usage.this.usage.rows_read }' >>"$work/summary/main.tf"
	mkdir -p "$work/baseline"
	cat >"$work/baseline/main.tf" <<'TF'
locals {
  usage = jsondecode(file("${path.module}/usage.json"))
}
output "databases" { value = length(local.usage.organization.databases) }
TF
}

# requests PATH: how many requests of PATH, whatever their query, the fake has logged.
requests() { grep -c -E "GET $1(\?[^ ]*)? " "$work/fake.log" || true; }

# plan CONFIG: runs one plan and prints "milliseconds usage_requests list_requests peak_rss_kb".
plan() {
	local config="$1" usage_before list_before start end rss="-"
	usage_before="$(requests "$usage_path")"
	list_before="$(requests "$list_path")"
	: >"$work/rss.log"
	start="$(date +%s%N)"
	if ! (cd "$work/$config" && "$terraform" plan -input=false -no-color -lock=false >"$work/plan.out" 2>&1); then
		cat "$work/plan.out" >&2
		echo "bench-plan: terraform plan of $config failed" >&2
		exit 1
	fi
	end="$(date +%s%N)"
	if [ "$config" != summary ] && [ "$n" != idle ] && ! grep -q "databases *= *$n\$" "$work/plan.out"; then
		cat "$work/plan.out" >&2
		echo "bench-plan: the plan of $config does not output databases = $n" >&2
		exit 1
	fi
	if [ -n "$gnu_time" ] && [ "$config" != baseline ]; then
		rss="$(sort -n "$work/rss.log" | tail -1)"
	fi
	echo "$(((end - start) / 1000000)) $(($(requests "$usage_path") - usage_before)) $(($(requests "$list_path") - list_before)) $rss"
}

echo "$cli plan, median of $repeat runs each; $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The idle provider: the full configuration against an empty organization.
idle_kb=0
if [ -n "$gnu_time" ]; then
	start_fake -token "$token" -log
	org=empty write_configs "$url"
	n=idle
	idle_kb="$(plan full | cut -d' ' -f4)"
	echo "idle provider (an organization without databases): peak RSS $(awk -v k="$idle_kb" 'BEGIN { printf "%.1f", k / 1024 }') MiB"
fi
ratio_50k=""
printf '%10s %9s | %10s | %8s %6s | %8s %6s | %9s %6s | %14s | %11s %6s\n' \
	databases json_MB baseline_s full_s x_base totals_s x_full summary_s x_base requests provider_MiB x_json
for n in $sizes; do
	stop_fake
	start_fake -token "$token" -databases "$n" -generated-org "$org" -log
	write_configs "$url"
	curl -sf -H "Authorization: Bearer $token" "$url$usage_path" -o "$work/baseline/usage.json"
	json_bytes="$(wc -c <"$work/baseline/usage.json")"

	: >"$work/results"
	for _ in $(seq "$repeat"); do
		for config in baseline full totals summary; do
			echo "$config $(plan "$config")" >>"$work/results"
		done
	done
	field() { awk -v c="$1" -v f="$2" '$1 == c { print $f }' "$work/results"; }
	base="$(field baseline 2 | median)"
	full="$(field full 2 | median)"
	totals="$(field totals 2 | median)"
	summary="$(field summary 2 | median)"
	# Requests per read, usage+list: every plan reads the data source once.
	reqs="$(awk '$1 != "baseline" { print $1 ":" $3 "+" $4 }' "$work/results" | sort -u | tr '\n' ' ' | sed 's/ $//')"
	pages=$(((n + 999) / 1000))
	[ "$pages" -gt 0 ] || pages=1
	want="full:1+$pages summary:1+0 totals:1+$pages"
	rss="-" rss_ratio="-"
	if [ -n "$gnu_time" ]; then
		rss_kb="$(field full 5 | median)"
		rss="$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
		rss_ratio="$(ratio "$(((rss_kb - idle_kb) * 1024))" "$json_bytes")"
		[ "$n" != 50000 ] || ratio_50k="$rss_ratio"
	fi
	printf '%10s %9s | %10s | %8s %6s | %8s %6s | %9s %6s | %14s | %11s %6s\n' \
		"$n" "$(awk -v b="$json_bytes" 'BEGIN { printf "%.2f", b / 1e6 }')" \
		"$(ratio "$base" 1000)" "$(ratio "$full" 1000)" "$(ratio "$full" "$base")" \
		"$(ratio "$totals" 1000)" "$(ratio "$totals" "$full")" \
		"$(ratio "$summary" 1000)" "$(ratio "$summary" "$base")" "1+$pages" "$rss" "$rss_ratio"
	if [ "$(echo "$reqs" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" != "$want" ]; then
		echo "bench-plan: reads sent $reqs (usage+list requests), want $want" >&2
		exit 1
	fi
done
echo "x_base: plan time over the jsondecode(file()) baseline's; x_full: over the full mirror's; requests: usage + database list pages"
echo "per read of the full mirror; provider_MiB: the provider process's peak RSS with databases; x_json: that above the idle"
echo "provider's, over the JSON's size"
if [ -n "$ratio_50k" ]; then
	echo "50,000 databases: provider peak RSS above idle = ${ratio_50k}x the JSON (target: at most 1.5)"
fi
if [ "$largest" -gt 0 ]; then
	stop_fake
	start_fake -token "$token" -databases "$largest" -generated-org "$org" -log
	write_configs "$url"
	json_bytes="$(curl -sf -H "Authorization: Bearer $token" "$url$usage_path" | wc -c)"
	n="$largest"
	read -r ms _ _ rss_kb <<<"$(plan full)"
	printf 'largest supported organization, %d databases of two instances (%.1f MB of JSON): plan %.1f s' "$largest" "$(awk -v b="$json_bytes" 'BEGIN { print b / 1e6 }')" "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')"
	if [ -n "$gnu_time" ]; then
		printf ', provider peak RSS %.1f MiB (%sx the JSON above idle)' "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')" "$(ratio "$(((rss_kb - idle_kb) * 1024))" "$json_bytes")"
	fi
	echo
fi
