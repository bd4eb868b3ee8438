#!/usr/bin/env bash
# Compares whole `terraform plan`s of turso_organization_usage's full mirror (every database, its name
# and its instances) between this tree and another tree of the provider, BASE (a `git worktree add` of
# the commit to compare with), and prints the ratios. Each size is planned REPEAT times by each build,
# the two builds in turn, so that a loaded machine slows both alike; medians are kept. Measured:
#   plan_s    the plan's wall time
#   peak_MiB  Terraform's peak resident memory plus the provider's (GNU time, each process's own peak)
#   prov_MiB  the provider's peak, and x_json: that above the idle provider's (a plan of an
#             organization without databases) over the usage JSON's size
# Then it plans the largest organization the provider reads (LARGEST databases of two instances, 0 to
# skip) once with this tree, and prints its time and peaks.
#
#   BASE=/path/to/other/tree scripts/bench-compare.sh      # SIZES="10000 50000" REPEAT=3 LARGEST=220000
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
find_cli bench-compare
base_tree="${BASE:?set BASE to the tree to compare with, such as a git worktree add of its commit}"
sizes="${SIZES:-10000 50000}"
repeat="${REPEAT:-3}"
largest="${LARGEST:-220000}"
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

write_config() {
	mkdir -p "$work/full"
	provider_config "$org" >"$work/full/main.tf"
	cat >>"$work/full/main.tf" <<'TF'
data "turso_organization_usage" "this" {}
output "databases" { value = length(data.turso_organization_usage.this.databases) }
TF
}

# plan BUILD N: one plan of the full mirror of N databases by BUILD; prints "ms terraform_kb provider_kb".
plan() {
	local build="$1" n="$2" start end
	: >"$work/provider.rss"
	start="$(date +%s%N)"
	if ! (cd "$work/full" && TF_CLI_CONFIG_FILE="$work/$build.tfrc" /usr/bin/time -o "$work/terraform.rss" -f %M \
		"$terraform" plan -input=false -no-color -lock=false >"$work/plan.out" 2>&1); then
		cat "$work/plan.out" >&2
		echo "bench-compare: the plan of $build failed" >&2
		exit 1
	fi
	end="$(date +%s%N)"
	if ! grep -q "databases *= *$n\$" "$work/plan.out"; then
		cat "$work/plan.out" >&2
		echo "bench-compare: the plan of $build does not output databases = $n" >&2
		exit 1
	fi
	echo "$(((end - start) / 1000000)) $(tail -1 "$work/terraform.rss") $(sort -n "$work/provider.rss" | tail -1)"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "$cli plan of the full mirror, this tree (new) against $base_tree (base), median of $repeat runs each, in turn;"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start_fake -token "$token" -log
org=empty write_config
declare -A idle
for build in base new; do
	idle[$build]="$(plan "$build" 0 | cut -d' ' -f3)"
done
echo "idle provider: base $(mib "${idle[base]}") MiB, new $(mib "${idle[new]}") MiB"
printf '%10s %8s | %8s %8s %6s | %9s %9s %6s | %9s %6s %9s %6s\n' \
	databases json_MB base_s new_s x_time base_MiB new_MiB x_peak base_prov x_json new_prov x_json
for n in $sizes; do
	stop_fake
	start_fake -token "$token" -databases "$n" -generated-org "$org" -log
	write_config
	json_bytes="$(curl -sf -H "Authorization: Bearer $token" "$url/v1/organizations/$org/usage" | wc -c)"
	: >"$work/results"
	for _ in $(seq "$repeat"); do
		for build in base new; do
			echo "$build $(plan "$build" "$n")" >>"$work/results"
		done
	done
	field() { awk -v b="$1" -v f="$2" '$1 == b { print $f }' "$work/results"; }
	peak() { awk -v b="$1" '$1 == b { print $3 + $4 }' "$work/results" | median; }
	x_json() { ratio "$((($(field "$1" 4 | median) - idle[$1]) * 1024))" "$json_bytes"; }
	base_s="$(field base 2 | median)" new_s="$(field new 2 | median)"
	printf '%10s %8s | %8s %8s %6s | %9s %9s %6s | %9s %6s %9s %6s\n' \
		"$n" "$(awk -v b="$json_bytes" 'BEGIN { printf "%.2f", b / 1e6 }')" \
		"$(ratio "$base_s" 1000)" "$(ratio "$new_s" 1000)" "$(ratio "$new_s" "$base_s")" \
		"$(mib "$(peak base)")" "$(mib "$(peak new)")" "$(ratio "$(peak new)" "$(peak base)")" \
		"$(mib "$(field base 4 | median)")" "$(x_json base)" "$(mib "$(field new 4 | median)")" "$(x_json new)"
done
echo "x_time, x_peak: new over base (target: within 5%, at most 1.05); peak: Terraform's peak RSS plus the provider's;"
echo "x_json: the provider's peak RSS above the idle provider's, over the usage JSON's size (target at 50,000: at most 2.0)"
if [ "$largest" -gt 0 ]; then
	stop_fake
	start_fake -token "$token" -databases "$largest" -generated-org "$org" -log
	write_config
	json_bytes="$(curl -sf -H "Authorization: Bearer $token" "$url/v1/organizations/$org/usage" | wc -c)"
	read -r ms tf_kb prov_kb <<<"$(plan new "$largest")"
	printf 'largest supported organization, %d databases of two instances (%.1f MB of JSON), new: plan %.1f s, Terraform peak RSS %s MiB, provider peak RSS %s MiB (%sx the JSON above idle)\n' \
		"$largest" "$(awk -v b="$json_bytes" 'BEGIN { print b / 1e6 }')" "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')" \
		"$(mib "$tf_kb")" "$(mib "$prov_kb")" "$(ratio "$(((prov_kb - idle[new]) * 1024))" "$json_bytes")"
fi
