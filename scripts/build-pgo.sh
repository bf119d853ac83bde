#!/usr/bin/env bash
# Builds dslc and dslvm with profile-guided and link-time optimisation (GCC) in build/pgo: the
# fastest dslvm, for long backtests. Three steps, about 3 minutes on 2 idle cores:
#   1. an instrumented build (DSL_PGO=generate, cmake/DslDefaults.cmake);
#   2. training: every example in examples/ on every file in data/ and on 300,000 synthetic
#      minute bars (bench/e2e/gen_bars.cpp, unix seconds), the pair on two files, one run with
#      the trace, fills and trades written; the instrumented programs record which code runs
#      and how its branches go;
#   3. the optimised build with that profile (DSL_PGO=use), with link-time optimisation.
# Both builds are tuned for this machine's CPU (DSL_TUNE_NATIVE, -mtune=native): scheduling and
# alignment only, so the programs still run on any x86-64 and compute the same.
# Then it checks the result: every training run is repeated with the new dslvm, and its output
# must be byte-identical to the instrumented build's (optimisation changes speed, never
# results). Exits non-zero on any failure.
#
#   scripts/build-pgo.sh            -> build/pgo/tools/dslvm/dslvm, build/pgo/tools/dslc/dslc
#
# The benchmark strategy (bench/e2e/cross.strat) is not in the training set;
# docs/performance.md compares the two builds with bench/e2e/compare.sh.
set -euo pipefail
case $# in
  0) ;;
  1) if [[ $1 == -h || $1 == --help ]]; then
       sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"  # the comment above
       exit 0
     fi ;&
  *) echo "usage: $0 [--help]" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-2}
build=$root/build/pgo
profile=$build/profile

scripts/install-deps.sh

configure() {  # $1: generate or use
  # With link-time optimisation: guided by the profile, it pays (on its own it did not,
  # docs/performance.md).
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDSL_BUILD_TESTS=OFF \
    -DDSL_BUILD_VIEWER=OFF -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON -DDSL_PGO="$1" \
    -DDSL_PGO_DIR="$profile" -DDSL_TUNE_NATIVE=ON >/dev/null
  cmake --build "$build" --target dslc dslvm -j "$jobs"
}

echo "==> instrumented build"
rm -rf "$profile"
configure generate

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gen=$work/gen_bars
c++ -O2 -std=c++20 -o "$gen" "$root/bench/e2e/gen_bars.cpp"
"$gen" 300000 42 >"$work/bars.csv"

# The training runs, one per line: the dslvm arguments after the bytecode file's name.
runs=$work/runs.txt
: >"$runs"
for source in examples/*.strat; do
  name=$(basename "$source" .strat)
  "$build/tools/dslc/dslc" "$source" -o "$work/$name.dslbc" >/dev/null
  for data in data/*.csv data/*.txt; do
    echo "$name --data $data" >>"$runs"
  done
  echo "$name --data X=$work/bars.csv" >>"$runs"
done
echo "pair_trading --data data/orcl-1995-2014.csv --data data/nvda-1999-2014.csv" >>"$runs"
# @OUT@: the run's output directory, so that the files are compared too.
echo "sma_cross --data X=$work/bars.csv --trace @OUT@/trace.jsonl --fills @OUT@/fills.csv" \
  "--trades @OUT@/trades.csv" >>"$runs"

# Runs every training run with dslvm $1, writing outputs into directory $2.
train() {
  local dslvm=$1 out=$2 i=0 name args
  mkdir -p "$out"
  while read -r name args; do
    args=${args//@OUT@/$out}
    # shellcheck disable=SC2086 # the arguments are words
    if ! "$dslvm" "$work/$name.dslbc" $args --no-progress >"$out/$i.out" 2>&1; then
      echo "training run failed: dslvm $name.dslbc $args" >&2
      cat "$out/$i.out" >&2
      return 1
    fi
    i=$((i + 1))
  done <"$runs"
}

echo "==> training ($(wc -l <"$runs") runs)"
train "$build/tools/dslvm/dslvm" "$work/instrumented"

echo "==> optimised build"
configure use

echo "==> checking that the optimised dslvm gives the same output on every training run"
train "$build/tools/dslvm/dslvm" "$work/optimised"
diff -r "$work/instrumented" "$work/optimised" >/dev/null || {
  echo "the optimised dslvm's output differs from the instrumented build's:" >&2
  diff -r "$work/instrumented" "$work/optimised" | head -20 >&2
  exit 1
}
echo "built $build/tools/dslvm/dslvm and $build/tools/dslc/dslc (same output on all runs)"
