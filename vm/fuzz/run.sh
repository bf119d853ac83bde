#!/usr/bin/env bash
# Runs the bytecode fuzzer (fuzz_bytecode: loader + verifier + interpreter) for a bounded time.
#
#   vm/fuzz/run.sh [SECONDS]      default 60; exits non-zero when libFuzzer finds a crash
#
# Builds the target with the `fuzz` preset (clang 14, libFuzzer, ASan, UBSan) in build/fuzz,
# starts from seeds in a scratch corpus, and keeps any crashing input in
# build/fuzz/fuzz-artifacts/. The seeds are tests/run and examples compiled by the release
# build's dslc (scripts/test.sh builds it first; DSLC=path names another), so they are always
# in the current bytecode format.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/fuzz
cmake --preset fuzz -S "$root" -DDSL_WERROR=OFF >/dev/null
cmake --build "$build" --target fuzz_bytecode -j 2
corpus=$build/fuzz-corpus
artifacts=$build/fuzz-artifacts
mkdir -p "$corpus" "$artifacts"
dslc=${DSLC:-$root/build/release/tools/dslc/dslc}
if [[ -x $dslc ]]; then
  for f in "$root"/tests/run/*.strat "$root"/examples/*.strat; do
    "$dslc" "$f" -o "$corpus/seed_$(basename "${f%.strat}").dslbc" 2>/dev/null ||
      echo "note: $f did not compile; not a seed" >&2
  done
else
  echo "note: $dslc is not built; fuzzing without seeds" >&2
fi
"$build"/vm/fuzz/fuzz_bytecode "$corpus" -max_total_time="$seconds" -max_len=16384 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts"/ -print_final_stats=1
