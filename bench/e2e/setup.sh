# shellcheck shell=bash disable=SC2034,SC2154 # it sets variables for its caller, and uses its $root and $data
# Sourced by bench/e2e/run.sh, breakdown.sh and compare.sh, with $root (the repository) and
# $data (where the CSV files go) set: builds dslvm and dslc with the `bench` preset (Release) in
# build/bench and the bar generator, sets $dslvm ($other_dslvm instead when the caller set it:
# --dslvm) and $dslc, and defines bars N, which prints the path of a file of N bars, generating
# it once (bench/e2e/gen_bars.cpp: a seeded random walk, so the same N gives the same file).
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
