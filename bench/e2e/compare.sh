#!/usr/bin/env bash
# Two dslvm builds side by side: alternating runs of the same strategy on the same bars, so
# that the shared machine's drift touches both alike; the best and median wall time of each and
# their ratios. docs/performance.md ("End to end") records runs.
#
#   bench/e2e/compare.sh DSLVM_A DSLVM_B [--strategy FILE] [--bars N] [--rounds K] [--data DIR]
#                        [--ignore-gas] [--trace]
#
#   --strategy F  the strategy (default bench/e2e/cross.strat), compiled by build/bench's dslc
#   --bars N      bars in the file (default 1000000)
#   --rounds K    runs of each build (default 9)
#   --data DIR    where the CSV goes (default $TMPDIR or /tmp, dsl-e2e/, shared with run.sh)
#   --ignore-gas  compare the summaries without their "gas used" line: for builds whose gas
#                 differs on purpose (a change in what the VM allocates moves its collections)
#   --trace       both builds write the trace (each run to a file of its own in the temporary
#                 directory, removed after the run), so that what it costs is timed too
#
# Both builds must print the same summary: a faster build that changes a result is a bug, and
# the script stops there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
usage() {
  echo "usage: $0 DSLVM_A DSLVM_B [--strategy FILE] [--bars N] [--rounds K] [--data DIR]" \
    "[--ignore-gas] [--trace]" >&2
  exit 2
}
(($# >= 2)) || usage
binaries=("$(realpath "$1")" "$(realpath "$2")")
shift 2
source=$root/bench/e2e/cross.strat bars=1000000 rounds=9 data=${TMPDIR:-/tmp}/dsl-e2e
ignore_gas=0 trace=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --strategy) source=$(realpath "$2"); shift ;;
    --bars) bars=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --data) data=$2; shift ;;
    --ignore-gas) ignore_gas=1 ;;
    --trace) trace=1 ;;
    *) usage ;;
  esac
  shift
done
((rounds > 0 && bars > 0)) || { echo "$0: --rounds and --bars must be positive" >&2; exit 2; }
for b in "${binaries[@]}"; do
  [[ -x $b ]] || { echo "$0: $b is not an executable" >&2; exit 2; }
done

# shellcheck source-path=SCRIPTDIR source=setup.sh
source "$root/bench/e2e/setup.sh"
file=$(bars "$bars")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$dslc" "$source" -o "$tmp/strategy.dslbc" >/dev/null

times=("" "")
for ((r = 0; r < rounds; ++r)); do
  for k in $((r % 2)) $((1 - r % 2)); do
    trace_args=()
    ((trace == 0)) || trace_args=(--trace "$tmp/trace.jsonl")
    timed_run "${binaries[k]}" "$tmp/strategy.dslbc" --data "X=$file" --no-progress \
      "${trace_args[@]}" >"$tmp/out.$k"
    rm -f "$tmp/trace.jsonl"
    times[k]+="$elapsed "
  done
  ((ignore_gas == 0)) || sed -i '/^gas used/d' "$tmp/out.0" "$tmp/out.1"
  cmp -s "$tmp/out.0" "$tmp/out.1" || {
    echo "$0: the two builds print different summaries:" >&2
    diff "$tmp/out.0" "$tmp/out.1" >&2 || true
    exit 1
  }
done

machine_line
echo "$(basename "$source"), $bars bars, $rounds alternating rounds, trace $( ((trace)) && echo on || echo off); wall seconds"
declare -a best median
labels=(A B)
for k in 0 1; do
  # shellcheck disable=SC2086 # the times are words
  best_and_median ${times[k]}
  best[k]=$best_s median[k]=$median_s
  printf "%s  best %.3f  median %.3f  (%s bars/s at best)  %s\n" "${labels[k]}" "${best[k]}" \
    "${median[k]}" "$(echo "$bars / ${best[k]}" | bc)" "${binaries[k]}"
done
printf "B/A: best %.3f  median %.3f\n" "$(echo "${best[1]} / ${best[0]}" | bc -l)" \
  "$(echo "${median[1]} / ${median[0]}" | bc -l)"
