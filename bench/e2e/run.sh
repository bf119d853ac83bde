#!/usr/bin/env bash
# End to end from CSV: dslvm running an SMA(10)/SMA(30) crossover (bench/e2e/cross.strat) over
# synthetic one-minute bars of one symbol, with the trace off and on. docs/performance.md
# ("## End to end") records a run.
#
#   bench/e2e/run.sh [--sizes "1000000 10000000"] [--runs K] [--no-callgrind] [--data DIR]
#                    [--strategy FILE] [--dslvm FILE]
#
#   --sizes N...   bar counts to time (default 1M and 10M)
#   --runs K       runs per figure (default 3): the best and the median wall time are shown,
#                  since this machine is shared
#   --no-callgrind skip the instruction counts
#   --data DIR     where the generated CSV files go (default $TMPDIR or /tmp, dsl-e2e/);
#                  files already there are reused (~41 bytes a bar: 410 MB for 10M bars)
#   --strategy F   another strategy to run (default bench/e2e/cross.strat); no_handler.strat
#                  and empty_handler.strat measure the run without the strategy's work
#   --dslvm FILE   time this dslvm instead of build/bench's, e.g. build/pgo/tools/dslvm/dslvm
#                  (scripts/build-pgo.sh)
#
# Data: bench/e2e/gen_bars.cpp, a seeded random walk (seed 42) in the plain layout
# `timestamp,open,high,low,close,volume` with unix-seconds timestamps, one bar a minute from
# 2000-01-01. The run: `dslvm cross.dslbc --data X=FILE --quiet --no-progress`, and the same
# with `--trace FILE`. Reported per size: wall time (best and median of K runs), bars per
# second (from the best), peak RSS (/usr/bin/time, maximum of the runs), trace bytes per bar.
# Instructions per bar are counted by callgrind on the first 100k bars minus the first 1k
# (which removes start-up: loading, verifying, the first allocations), divided by 99k:
# repeatable on a shared machine where wall time is not.
#
# Builds the `bench` preset (Release) in build/bench. Needs valgrind for the counts
# (scripts/install-deps.sh --bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes="1000000 10000000" runs=3 callgrind=1 data=${TMPDIR:-/tmp}/dsl-e2e
source=$root/bench/e2e/cross.strat
while [[ $# -gt 0 ]]; do
  case $1 in
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --no-callgrind) callgrind=0 ;;
    --data) data=$2; shift ;;
    --strategy) source=$(realpath "$2"); shift ;;
    --dslvm) other_dslvm=$(realpath "$2"); shift ;;
    *)
      echo "usage: $0 [--sizes \"N ...\"] [--runs K] [--no-callgrind] [--data DIR]" \
        "[--strategy FILE] [--dslvm FILE]" >&2
      exit 2
      ;;
  esac
  shift
done

# shellcheck source-path=SCRIPTDIR source=setup.sh
source "$root/bench/e2e/setup.sh"
strategy=$build/bench/e2e/strategy.dslbc
"$dslc" "$source" -o "$strategy" >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Sets t, med and rss: the best and the median wall seconds of $runs runs of dslvm on file $1
# with extra arguments "${@:2}", and the largest peak RSS (KB).
measure() {
  local file=$1 m rss_file=$tmp/time
  local -a times=()
  shift
  rss=0
  for ((r = 0; r < runs; ++r)); do
    timed_run "$dslvm" "$strategy" --data "X=$file" --quiet --no-progress "$@" >"$tmp/out"
    times+=("$elapsed")
    read -r m <"$rss_file"
    ((m > rss)) && rss=$m
  done
  best_and_median "${times[@]}"
  t=$best_s med=$median_s
}

# Instructions of one run on the first $1 bars, with extra arguments.
instructions() {
  local n=$1
  shift
  head -n $((n + 1)) "$(bars 1000000)" >"$tmp/slice.csv"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$dslvm" "$strategy" \
    --data "X=$tmp/slice.csv" --quiet --no-progress "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}

per_bar() {  # instructions per bar, net of start-up
  local big small
  big=$(instructions 100000 "$@")
  small=$(instructions 1000 "$@")
  echo $(((big - small) / 99000))
}

machine_line
printf "%-10s %-6s %9s %9s %11s %10s %12s\n" bars trace "best s" "median s" "bars/s" "peak RSS" \
  "trace B/bar"
for n in $sizes; do
  file=$(bars "$n")
  measure "$file"
  printf "%-10s %-6s %9.3f %9.3f %11s %7d MB %12s\n" "$n" off "$t" "$med" \
    "$(echo "$n / $t" | bc)" $((rss / 1024)) -
  summary=$(grep -E "^(net profit|trades|fills)" "$tmp/out" | tr -s ' ' | paste -sd';')
  measure "$file" --trace "$tmp/trace.jsonl"
  bytes=$(stat -c %s "$tmp/trace.jsonl")
  printf "%-10s %-6s %9.3f %9.3f %11s %7d MB %12s\n" "$n" on "$t" "$med" \
    "$(echo "$n / $t" | bc)" $((rss / 1024)) $((bytes / n))
  rm -f "$tmp/trace.jsonl"
  echo "           result: $summary"
done
if ((callgrind)); then
  echo "instructions per bar (callgrind, bars 1k..100k): trace off $(per_bar)," \
    "trace on $(per_bar --trace "$tmp/trace.jsonl")"
fi
