#!/usr/bin/env bash
# Runs the bytecode fuzzer (fuzz_bytecode: loader + verifier + interpreter) for a bounded time.
#
#   vm/fuzz/run.sh [SECONDS]      default 60; exits non-zero when libFuzzer finds a crash
#
# Builds the target with the `fuzz` preset (clang 14, libFuzzer, ASan, UBSan) in build/fuzz,
# starts from the committed seeds (vm/fuzz/seeds: tests/run and examples compiled by dslc)
# in a scratch corpus, and keeps any crashing input in build/fuzz/fuzz-artifacts/.
# Regenerate the seeds after a bytecode format change with:
#   for f in tests/run/*.strat examples/*.strat; do
#     dslc "$f" -o vm/fuzz/seeds/$(basename "${f%.strat}").dslbc; done
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/fuzz
cmake --preset fuzz -S "$root" -DDSL_WERROR=OFF >/dev/null
cmake --build "$build" --target fuzz_bytecode -j 2
corpus=$build/fuzz-corpus
artifacts=$build/fuzz-artifacts
mkdir -p "$corpus" "$artifacts"
cp -n "$root"/vm/fuzz/seeds/*.dslbc "$corpus"/ 2>/dev/null || true
"$build"/vm/fuzz/fuzz_bytecode "$corpus" -max_total_time="$seconds" -max_len=16384 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts"/ -print_final_stats=1
