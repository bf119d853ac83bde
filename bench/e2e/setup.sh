# shellcheck shell=bash disable=SC2034,SC2154 # it sets variables for its caller, and uses its $root and $data
# Sourced by bench/e2e/run.sh, breakdown.sh and compare.sh, with $root (the repository) and
# $data (where the CSV files go) set: builds dslvm and dslc with the `bench` preset (Release) in
# build/bench and the bar generator, sets $dslvm ($other_dslvm instead when the caller set it:
# --dslvm) and $dslc, and defines bars N, which prints the path of a file of N bars, generating
# it once (bench/e2e/gen_bars.cpp: a seeded random walk, so the same N gives the same file),
# and fresh_copy EXE DIR and must_run COMMAND.
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

# Prints the path of a new copy of executable $1 in directory $2, for one timed run. On the
# shared machine of docs/performance.md, the same bytes run up to 30 % slower or faster
# depending on the memory behind the kernel's cached copy of the file (a property of the
# copy: it holds for every run of it, and a new copy draws again). A copy per run spreads
# that over the runs, so that one unlucky copy decides neither a best time nor a comparison.
fresh_copy() {
  local copy
  copy=$(mktemp "$2/exe.XXXXXX")
  install -m 755 "$1" "$copy"
  echo "$copy"
}

# Runs "$@" (a timed dslvm run) and stops the script if it fails: a run that failed would
# otherwise be timed as a fast one.
must_run() {
  "$@" || { echo "$0: this run failed (exit $?): $*" >&2; exit 1; }
}
