#!/usr/bin/env bash
# Compile time and peak memory of dslc against the size of its input: generated sources of
# every shape of bench/compile/generated_sources.h (a long flat expression, long expressions,
# many statements, many indicator calls, many type errors, many unknown names, many
# functions) at several sizes, compiled with `dslc --check` and every diagnostic rendered to
# /dev/null. Time and memory should grow in proportion to the size. docs/performance.md
# ("## Compiling") records a run.
#
#   bench/compile/run.sh [--sizes "262144 524288 1048576"] [--runs K] [--shapes "chain calls"]
#                        [--dslc FILE]
#
#   --sizes B...   source sizes in bytes (default 256 KiB, 512 KiB and 1 MiB)
#   --runs K       runs per figure (default 3): the run of the best wall time is shown (its
#                  wall and CPU seconds, user + system), since this machine is shared; the
#                  peak RSS is the largest of the runs
#   --shapes S...  only these shapes
#   --dslc FILE    time this dslc instead of build/bench's
#
# Builds dslc with the `bench` preset (Release) in build/bench unless --dslc is given, and
# the generator (gen_source.cpp) with the system compiler. Needs GNU time (/usr/bin/time).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes="262144 524288 1048576" runs=3 shapes="" dslc=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --shapes) shapes=$2; shift ;;
    --dslc) dslc=$2; shift ;;
    *) echo "usage: $0 [--sizes \"B...\"] [--runs K] [--shapes \"S...\"] [--dslc FILE]" >&2; exit 2 ;;
  esac
  shift
done
build=$root/build/bench
if [[ -z $dslc ]]; then
  cmake --preset bench -S "$root" >/dev/null
  cmake --build "$build" --target dslc -j 2 >/dev/null
  dslc=$build/tools/dslc/dslc
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gen=$work/gen_source
c++ -O2 -std=c++20 -o "$gen" "$root/bench/compile/gen_source.cpp"
[[ -n $shapes ]] || shapes=$("$gen" 2>&1 | sed 's/.*shapes://' || true)  # its usage lists them

printf '%-14s %9s %8s %8s %8s %8s %9s\n' shape bytes lines "wall s" "cpu s" "cpu us/KiB" "peak MiB"
for shape in $shapes; do
  for size in $sizes; do
    src=$work/$shape-$size.strat
    "$gen" "$shape" "$size" > "$src"
    best="" cpu="" peak=0
    for ((r = 0; r < runs; r++)); do
      /usr/bin/time -q -f '%e %U %S %M' -o "$work/time" "$dslc" --check "$src" > /dev/null 2>&1 \
        || true
      read -r wall user sys rss < "$work/time"
      if [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
        best=$wall cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
      fi
      if (( rss > peak )); then peak=$rss; fi
    done
    bytes=$(stat -c %s "$src")
    printf '%-14s %9d %8d %8.2f %8.2f %10.0f %9.1f\n' "$shape" "$bytes" "$(wc -l < "$src")" \
      "$best" "$cpu" "$(awk -v t="$cpu" -v b="$bytes" 'BEGIN { print t * 1e6 / (b / 1024) }')" \
      "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')"
  done
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
