#!/usr/bin/env bash
# Compares whole `terraform plan`s of turso_organization_usage's full mirror (every database, its name
# and its instances) between this tree and another tree of the provider, BASE (a `git worktree add` of
# the commit to compare with), and prints the ratios; then this tree's filtered read beside
# Terraform's own reading of the same JSON. Each size is planned REPEAT times by each configuration,
# all of them in turn, so that a loaded machine slows them alike; medians are kept. Measured:
#   _s        the plan's wall time
#   _MiB      Terraform's peak resident memory plus the provider's (GNU time, each process's own peak)
#   prov      the provider's peak, and x_json: that above the idle provider's (a plan of an
#             organization without databases) over the usage JSON's size
# The configurations: full (every database, base and new), top (top_databases = 20, new), summary
# (include_databases = false: the organization only, new) and jsondecode (locals { usage =
# jsondecode(file("usage.json")) } of the same JSON, no provider).
# Then it plans the largest organizations the provider reads once each with this tree, and prints
# their time and peaks: LARGEST databases of two instances, and WIDEST databases of none, the most
# databases the usage's bound lets through (0 skips either).
#
#   BASE=/path/to/other/tree scripts/bench-compare.sh      # SIZES="10000 50000" REPEAT=3 LARGEST=220000 WIDEST=660000
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
find_cli bench-compare
base_tree="${BASE:?set BASE to the tree to compare with, such as a git worktree add of its commit}"
sizes="${SIZES:-10000 50000}"
repeat="${REPEAT:-3}"
largest="${LARGEST:-220000}"
widest="${WIDEST:-660000}"
if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
	echo "bench-compare: GNU time is needed to measure memory (apt-get install time)" >&2
	exit 1
fi

begin_work bench-compare
build_tools
(cd "$base_tree" && go build -o "$work/base-bin/terraform-provider-turso" .)

# Each build runs from its own plugin directory, through a wrapper recording the provider's peak RSS.
for build in base new; do
	bin="$work/bin/terraform-provider-turso"
	[ "$build" = base ] && bin="$work/base-bin/terraform-provider-turso"
	mkdir -p "$work/plugin-$build"
	cat >"$work/plugin-$build/terraform-provider-turso" <<SH
#!/bin/sh
exec /usr/bin/time -a -o "$work/provider.rss" -f %M "$bin" "\$@"
SH
	chmod +x "$work/plugin-$build/terraform-provider-turso"
	"$work/tfcli" -dev-overrides "$work/plugin-$build" >"$work/$build.tfrc"
done

token="bench-compare-token"
org="generated"

# write_configs: each configuration in its own directory; each outputs the number of databases it holds.
write_configs() {
	local config arguments
	for config in full top summary; do
		arguments=""
		[ "$config" = top ] && arguments="top_databases = 20"
		[ "$config" = summary ] && arguments="include_databases = false"
		mkdir -p "$work/$config"
		provider_config "$org" >"$work/$config/main.tf"
		printf 'data "turso_organization_usage" "this" {\n  %s\n}\n' "$arguments" >>"$work/$config/main.tf"
	done
	echo 'output "databases" { value = length(data.turso_organization_usage.this.databases) }' >>"$work/full/main.tf"
	echo 'output "databases" { value = length(data.turso_organization_usage.this.databases) }' >>"$work/top/main.tf"
	echo 'output "databases" { value = data.turso_organization_usage.this.usage.databases }' >>"$work/summary/main.tf"
	mkdir -p "$work/jsondecode"
	cat >"$work/jsondecode/main.tf" <<'TF'
locals {
  usage = jsondecode(file("${path.module}/usage.json"))
}
output "databases" { value = length(local.usage.organization.databases) }
TF
}

# plan BUILD CONFIG N: one plan of CONFIG by BUILD, which must output databases = N; prints
# "ms terraform_kb provider_kb" (provider_kb 0 for jsondecode).
plan() {
	local build="$1" config="$2" n="$3" start end
	: >"$work/provider.rss"
	start="$(date +%s%N)"
	if ! (cd "$work/$config" && TF_CLI_CONFIG_FILE="$work/$build.tfrc" /usr/bin/time -o "$work/terraform.rss" -f %M \
		"$terraform" plan -input=false -no-color -lock=false >"$work/plan.out" 2>&1); then
		cat "$work/plan.out" >&2
		echo "bench-compare: the plan of $config by $build failed" >&2
		exit 1
	fi
	end="$(date +%s%N)"
	if ! grep -q "databases *= *$n\$" "$work/plan.out"; then
		cat "$work/plan.out" >&2
		echo "bench-compare: the plan of $config by $build does not output databases = $n" >&2
		exit 1
	fi
	echo "$(((end - start) / 1000000)) $(tail -1 "$work/terraform.rss") $(sort -n "$work/provider.rss" | tail -1 | grep . || echo 0)"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "$cli plans, this tree (new) and $base_tree (base), median of $repeat runs each, in turn;"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start_fake -token "$token" -log
org=empty write_configs
declare -A idle
for build in base new; do
	idle[$build]="$(plan "$build" full 0 | cut -d' ' -f3)"
done
echo "idle provider: base $(mib "${idle[base]}") MiB, new $(mib "${idle[new]}") MiB"
: >"$work/table-full"
: >"$work/table-filter"
for n in $sizes; do
	stop_fake
	start_fake -token "$token" -databases "$n" -generated-org "$org" -log
	write_configs
	curl -sf -H "Authorization: Bearer $token" "$url/v1/organizations/$org/usage" -o "$work/jsondecode/usage.json"
	json_bytes="$(wc -c <"$work/jsondecode/usage.json")"
	: >"$work/results"
	for _ in $(seq "$repeat"); do
		echo "base-full $(plan base full "$n")" >>"$work/results"
		echo "new-full $(plan new full "$n")" >>"$work/results"
		echo "new-top $(plan new top "$((n < 20 ? n : 20))")" >>"$work/results"
		echo "new-summary $(plan new summary "$n")" >>"$work/results"
		echo "jsondecode $(plan new jsondecode "$n")" >>"$work/results"
	done
	field() { awk -v c="$1" -v f="$2" '$1 == c { print $f }' "$work/results" | median; }
	peak() { awk -v c="$1" '$1 == c { print $3 + $4 }' "$work/results" | median; }
	x_json() { ratio "$((($(field "$1" 4) - idle[$2]) * 1024))" "$json_bytes"; }
	json_mb="$(awk -v b="$json_bytes" 'BEGIN { printf "%.2f", b / 1e6 }')"
	printf '%10s %8s | %8s %8s %6s | %9s %9s %6s | %9s %6s %9s %6s\n' "$n" "$json_mb" \
		"$(ratio "$(field base-full 2)" 1000)" "$(ratio "$(field new-full 2)" 1000)" "$(ratio "$(field new-full 2)" "$(field base-full 2)")" \
		"$(mib "$(peak base-full)")" "$(mib "$(peak new-full)")" "$(ratio "$(peak new-full)" "$(peak base-full)")" \
		"$(mib "$(field base-full 4)")" "$(x_json base-full base)" "$(mib "$(field new-full 4)")" "$(x_json new-full new)" >>"$work/table-full"
	printf '%10s %8s | %12s %6s %6s | %10s %9s | %8s %6s | %9s %9s\n' "$n" "$json_mb" \
		"$(ratio "$(field jsondecode 2)" 1000)" "$(ratio "$(field new-top 2)" 1000)" "$(ratio "$(field new-summary 2)" 1000)" \
		"$(ratio "$(field new-top 2)" "$(field jsondecode 2)")" "$(ratio "$(field new-top 2)" "$(field new-summary 2)")" \
		"$(mib "$(field new-top 4)")" "$(x_json new-top new)" "$(mib "$(peak new-top)")" "$(mib "$(peak jsondecode)")" >>"$work/table-filter"
done
echo
echo "The full mirror, this tree (new) against $base_tree (base):"
printf '%10s %8s | %8s %8s %6s | %9s %9s %6s | %9s %6s %9s %6s\n' \
	databases json_MB base_s new_s x_time base_MiB new_MiB x_peak base_prov x_json new_prov x_json
cat "$work/table-full"
echo "x_time, x_peak: new over base (target: within 5%, at most 1.05); _MiB: Terraform's peak RSS plus the provider's;"
echo "x_json: the provider's peak RSS above the idle provider's, over the usage JSON's size (target at 50,000: at most 2.0)"
echo
echo "top_databases = 20 (top), this tree, beside Terraform's own jsondecode(file()) of the same JSON and include_databases = false (summary):"
printf '%10s %8s | %12s %6s %6s | %10s %9s | %8s %6s | %9s %9s\n' \
	databases json_MB jsondecode_s top_s sum_s x_jsondec x_summary top_prov x_json top_MiB jsdec_MiB
cat "$work/table-filter"
echo "x_jsondec: top's plan time over jsondecode's (target: at most 0.15); x_summary: over summary's (target: at most 1.5);"
echo "top_prov: the provider's peak RSS with top_databases = 20; top_MiB, jsdec_MiB: Terraform's peak plus the provider's"
# plan_largest N INSTANCES: plans the full mirror of an organization of N databases of INSTANCES
# instances each with this tree, once, and prints its time and peaks.
plan_largest() {
	local n="$1" instances="$2" json_bytes ms tf_kb prov_kb
	stop_fake
	start_fake -token "$token" -databases "$n" -instances "$instances" -generated-org "$org" -log
	write_configs
	json_bytes="$(curl -sf -H "Authorization: Bearer $token" "$url/v1/organizations/$org/usage" | wc -c)"
	read -r ms tf_kb prov_kb <<<"$(plan new full "$n")"
	printf '%d databases of %d instances (%.1f MB of JSON), new: plan %.1f s, Terraform peak RSS %s MiB, provider peak RSS %s MiB (%sx the JSON above idle)\n' \
		"$n" "$instances" "$(awk -v b="$json_bytes" 'BEGIN { print b / 1e6 }')" "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')" \
		"$(mib "$tf_kb")" "$(mib "$prov_kb")" "$(ratio "$(((prov_kb - idle[new]) * 1024))" "$json_bytes")"
}
if [ "$largest" -gt 0 ] || [ "$widest" -gt 0 ]; then
	echo
	echo "The largest organizations the provider reads:"
fi
[ "$largest" -gt 0 ] && plan_largest "$largest" 2
[ "$widest" -gt 0 ] && plan_largest "$widest" 0
exit 0
