# shellcheck shell=bash disable=SC2034,SC2154 # it sets variables for its caller, and uses its $root and $data
# Sourced by bench/e2e/run.sh, breakdown.sh and compare.sh, with $root (the repository) and
# $data (where the CSV files go) set: builds dslvm and dslc with the `bench` preset (Release) in
# build/bench and the bar generator, sets $dslvm ($other_dslvm instead when the caller set it:
# --dslvm) and $dslc, and defines bars N, which prints the path of a file of N bars, generating
# it once (bench/e2e/gen_bars.cpp: a seeded random walk, so the same N gives the same file),
# and the helpers of the timing loops (timed_run, best_and_median, machine_line).
build=$root/build/bench
cmake --preset bench -S "$root" >/dev/null
cmake --build "$build" --target dslvm dslc -j 2 >/dev/null
dslvm=$build/tools/dslvm/dslvm
dslc=$build/tools/dslc/dslc
if [[ -n ${other_dslvm:-} ]]; then
  [[ -x $other_dslvm ]] || { echo "$0: $other_dslvm is not an executable" >&2; exit 2; }
  dslvm=$other_dslvm
fi
mkdir -p "$build/bench/e2e" "$data"
gen=$build/bench/e2e/gen_bars
if [[ ! -x $gen || $root/bench/e2e/gen_bars.cpp -nt $gen ]]; then
  c++ -O2 -std=c++20 -o "$gen" "$root/bench/e2e/gen_bars.cpp"
fi

bars() {
  local f=$data/bars-$1.csv
  [[ -s $f ]] || "$gen" "$1" 42 >"$f"
  echo "$f"
}

# Runs a fresh copy of executable $1 with the arguments after it (its output goes where the
# caller sends it) and sets elapsed: its wall seconds, to the microsecond (bash's
# EPOCHREALTIME; /usr/bin/time's own figures have 10 ms steps, 4 % of a 1M-bar run). With
# $rss_file set, the run's peak RSS (KB) is written there. Stops the script when the run fails:
# a failed run would otherwise be timed as a fast one. The copy goes into the caller's $tmp.
#
# Why a copy per run: on the shared machine of docs/performance.md, the same bytes run up to
# 30 % slower or faster depending on the memory behind the kernel's cached copy of the file (a
# property of the copy: it holds for every run of it, and a new copy draws again). A copy per
# run spreads that over the runs, so that one unlucky copy decides neither a best time nor a
# comparison.
timed_run() {
  local exe start end status=0
  local -a measure_rss=()
  exe=$(mktemp "$tmp/exe.XXXXXX")
  install -m 755 "$1" "$exe"
  shift
  [[ -z ${rss_file:-} ]] || measure_rss=(/usr/bin/time -f "%M" -o "$rss_file")
  start=$EPOCHREALTIME
  "${measure_rss[@]}" "$exe" "$@" || status=$?
  end=$EPOCHREALTIME
  rm -f "$exe"
  ((status == 0)) || { echo "$0: this run failed (exit $status): $exe $*" >&2; exit 1; }
  elapsed=$(echo "${end/,/.} - ${start/,/.}" | bc -l)
}

# Sets best_s and median_s: the smallest and the median of the times given as arguments.
best_and_median() {
  local -a sorted
  mapfile -t sorted < <(printf '%s\n' "$@" | sort -g)
  best_s=${sorted[0]} median_s=${sorted[$(($# / 2))]}
}

# The line every report starts with: the machine and its load, which decide how far the
# figures can be trusted.
machine_line() {
  echo "machine: $(nproc) vCPU, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
}
