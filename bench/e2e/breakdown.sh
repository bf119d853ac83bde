#!/usr/bin/env bash
# Where the end-to-end run's time goes: a ladder of strategies, each adding one piece of
# bench/e2e/cross.strat to the one before, run round-robin on the same 1M-bar file (so that
# the machine's drift affects them alike) and compared by wall time to the microsecond.
# docs/performance.md ("End to end") records a run.
#
#   bench/e2e/breakdown.sh [--rounds K] [--bars N] [--data DIR] [--dslvm FILE]
#
#   --rounds K  runs of each strategy (default 7); the best and the median are shown
#   --bars N    bars in the file (default 1000000)
#   --data DIR  where the CSV goes (default $TMPDIR or /tmp, dsl-e2e/, shared with run.sh)
#   --dslvm F   time this dslvm instead of build/bench's (e.g. scripts/build-pgo.sh's)
#
# The ladder: no_handler.strat (feed, engine, results), empty_handler.strat (+ one handler
# call a bar), ladder/1_close (+ a market read), 2_sma (+ two averages), 3_position
# (+ position(s).qty), 4_hold (+ an open position marked every bar), 5_compare (+ trading on
# every change of order), cross.strat (crossover/crossunder instead of comparisons).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=7 bars=1000000 data=${TMPDIR:-/tmp}/dsl-e2e
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) rounds=$2; shift ;;
    --bars) bars=$2; shift ;;
    --data) data=$2; shift ;;
    --dslvm) other_dslvm=$(realpath "$2"); shift ;;
    *)
      echo "usage: $0 [--rounds K] [--bars N] [--data DIR] [--dslvm FILE]" >&2
      exit 2
      ;;
  esac
  shift
done
((rounds > 0 && bars > 0)) || { echo "$0: --rounds and --bars must be positive" >&2; exit 2; }

# shellcheck source-path=SCRIPTDIR source=setup.sh
source "$root/bench/e2e/setup.sh"
file=$(bars "$bars")

e2e=$root/bench/e2e
names=(no_handler empty_handler 1_close 2_sma 3_position 4_hold 5_compare cross)
sources=("$e2e/no_handler.strat" "$e2e/empty_handler.strat" "$e2e"/ladder/{1_close,2_sma,3_position,4_hold,5_compare}.strat
  "$e2e/cross.strat")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in "${!names[@]}"; do
  "$dslc" "${sources[$i]}" -o "$tmp/${names[$i]}.dslbc" >/dev/null
done

declare -A times
for ((r = 0; r < rounds; ++r)); do
  order=("${names[@]}")
  ((r % 2 == 1)) && mapfile -t order < <(printf '%s\n' "${names[@]}" | tac)
  for name in "${order[@]}"; do
    timed_run "$dslvm" "$tmp/$name.dslbc" --data "X=$file" --quiet --no-progress >/dev/null
    times[$name]+="$elapsed "
  done
done

machine_line
echo "$bars bars, $rounds rounds; wall time per bar (ns), best and median"
printf "%-14s %8s %8s %10s\n" strategy best median "step (best)"
previous=""
for name in "${names[@]}"; do
  # shellcheck disable=SC2086 # the times are words
  best_and_median ${times[$name]}
  best=$(echo "$best_s * 1000000000 / $bars" | bc -l)
  median=$(echo "$median_s * 1000000000 / $bars" | bc -l)
  step=-
  [[ -n $previous ]] && step=$(printf "%+.0f" "$(echo "$best - $previous" | bc -l)")
  printf "%-14s %8.0f %8.0f %10s\n" "$name" "$best" "$median" "$step"
  previous=$best
done
