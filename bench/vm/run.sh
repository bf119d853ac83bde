#!/usr/bin/env bash
# The VM benchmarks side by side: the DSL interpreter (gas metering on and off), Lua 5.4,
# LuaJIT's interpreter (-joff), LuaJIT with its JIT, and C++ -O2, on the same four programs
# (bench/vm/programs, bench/vm/peers). Every implementation must print the same output, or
# the script fails. docs/performance.md ("## VM") records a run.
#
#   bench/vm/run.sh [--quick] [--runs K] [--callgrind]
#
#   --quick      sizes / 10 (a smoke test)
#   --runs K     wall time is the minimum of K runs (default 5): this machine is shared
#   --callgrind  also count machine instructions under callgrind (repeatable where wall time
#                is not), at sizes / 20, and report them beside the times
#
# Builds the `bench` preset (Release) in build/bench. Needs lua5.4, luajit, liblua5.4-dev,
# libluajit-5.1-dev and valgrind (scripts/install-deps.sh --bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
quick=0 runs=5 callgrind=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=1 ;;
    --runs) runs=$2; shift ;;
    --callgrind) callgrind=1 ;;
    *) echo "usage: $0 [--quick] [--runs K] [--callgrind]" >&2; exit 2 ;;
  esac
  shift
done

build=$root/build/bench
cmake --preset bench -S "$root" >/dev/null
cmake --build "$build" --target dsl_bench bench_native lua_host54 lua_hostjit -j 2 >/dev/null
bin=$build/bench/vm
programs=$root/bench/vm/programs

# name size
benchmarks=("fib 32" "loop 100000000" "stream 10000000" "handlers 10000000")
impls=(dsl dsl_nogas lua luajit_interp luajit cpp)

# The command line of implementation $1 on benchmark $2 with size $3.
command_for() {
  local impl=$1 prog=$2 n=$3
  local input=(--input "n=$n")
  [[ $prog == handlers ]] && input=(--handler-calls "$n")
  case $impl in
    dsl) echo "$bin/dsl_bench $programs/$prog.strat ${input[*]}" ;;
    dsl_nogas) echo "$bin/dsl_bench $programs/$prog.strat ${input[*]} --no-metering" ;;
    lua) [[ $prog == handlers ]] && echo "$bin/lua_host54 $programs/handlers.lua $n" \
           || echo "lua5.4 $programs/$prog.lua $n" ;;
    luajit_interp) [[ $prog == handlers ]] && echo "" || echo "luajit -joff $programs/$prog.lua $n" ;;
    luajit) [[ $prog == handlers ]] && echo "$bin/lua_hostjit $programs/handlers.lua $n" \
              || echo "luajit $programs/$prog.lua $n" ;;
    cpp) echo "$bin/bench_native $prog $n" ;;
  esac
}

# Minimum wall time in seconds of $runs runs; the output goes to $out.
time_min() {
  local best="" t0 t1 t
  for ((r = 0; r < runs; ++r)); do
    t0=$(date +%s.%N)
    eval "$1" >"$out" 2>/dev/null
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
  done
  printf "%.3f" "$best"
}

instructions() {
  eval "valgrind --tool=callgrind --callgrind-out-file=/dev/null $1" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf "%-18s %9s %9s %9s %9s %9s %9s | %8s %8s\n" benchmark dsl "dsl-nogas" lua5.4 "jit-joff" luajit "c++-O2" "dsl/lua" metering
status=0
for b in "${benchmarks[@]}"; do
  read -r prog n <<<"$b"
  ((quick)) && n=$((n / 10)) && [[ $prog == fib ]] && n=27
  declare -A t=()
  expected=""
  for impl in "${impls[@]}"; do
    cmd=$(command_for "$impl" "$prog" "$n")
    if [[ -z $cmd ]]; then t[$impl]="-"; continue; fi
    t[$impl]=$(time_min "$cmd")
    got=$(cat "$out")
    if [[ -z $expected ]]; then expected=$got; fi
    if [[ $got != "$expected" ]]; then
      echo "MISMATCH: $impl on $prog printed '$got', expected '$expected'" >&2
      status=1
    fi
  done
  ratio=$(echo "${t[dsl]} / ${t[lua]}" | bc -l)
  metering=$(echo "(${t[dsl]} / ${t[dsl_nogas]} - 1) * 100" | bc -l)
  printf "%-18s %9s %9s %9s %9s %9s %9s | %8.2f %7.1f%%\n" "$prog($n)" "${t[dsl]}" "${t[dsl_nogas]}" \
    "${t[lua]}" "${t[luajit_interp]}" "${t[luajit]}" "${t[cpp]}" "$ratio" "$metering"
done
echo "(seconds, minimum of $runs runs; output checked identical: ${expected:+yes})"

if ((callgrind)); then
  echo
  printf "%-18s %12s %12s %12s %12s | %8s %8s\n" benchmark dsl "dsl-nogas" lua5.4 "jit-joff" "dsl/lua" metering
  # The DSL's fixed start-up (compiling the source with ANTLR) is measured once and removed.
  base=$(instructions "$bin/dsl_bench $programs/loop.strat --input n=0")
  lbase=$(instructions "lua5.4 $programs/loop.lua 0")
  for b in "${benchmarks[@]}"; do
    read -r prog n <<<"$b"
    n=$((n / 20)); [[ $prog == fib ]] && n=25
    declare -A c=()
    for impl in dsl dsl_nogas lua luajit_interp; do
      cmd=$(command_for "$impl" "$prog" "$n")
      if [[ -z $cmd ]]; then c[$impl]=0; continue; fi
      c[$impl]=$(instructions "$cmd")
    done
    d=$((c[dsl] - base)) dn=$((c[dsl_nogas] - base)) l=$((c[lua] - lbase))
    jl=$((c[luajit_interp] > lbase ? c[luajit_interp] - lbase : 0))
    printf "%-18s %12d %12d %12d %12d | %8.2f %7.1f%%\n" "$prog($n)" "$d" "$dn" "$l" "$jl" \
      "$(echo "$d / $l" | bc -l)" "$(echo "($d / $dn - 1) * 100" | bc -l)"
  done
  echo "(machine instructions net of start-up: the DSL's compile step, Lua's interpreter start)"
fi
exit $status
