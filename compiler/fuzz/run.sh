#!/usr/bin/env bash
# Runs the front-end fuzzer (fuzz_compile: parser + checker + code generator + verifier)
# for a bounded time.
#
#   compiler/fuzz/run.sh [SECONDS]     default 60; exits non-zero when libFuzzer finds a crash
#
# Builds the target with the `fuzz` preset (clang 14, libFuzzer, ASan, UBSan) in build/fuzz,
# starts from every strategy in the repository (examples, golden tests) as seeds, with the
# grammar's keywords as a dictionary, and keeps any crashing input in
# build/fuzz/fuzz-compile-artifacts/ (replay one with: build/fuzz/compiler/fuzz/fuzz_compile FILE).
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/fuzz
cmake --preset fuzz -S "$root" -DDSL_WERROR=OFF >/dev/null
cmake --build "$build" --target fuzz_compile -j 2
corpus=$build/fuzz-compile-corpus
artifacts=$build/fuzz-compile-artifacts
mkdir -p "$corpus" "$artifacts"
for f in "$root"/examples/*.strat "$root"/tests/compile/*.strat "$root"/tests/disasm/*.strat "$root"/tests/run/*.strat; do
  [[ -f $f ]] && cp -n "$f" "$corpus/$(basename "$f")"
done
"$build"/compiler/fuzz/fuzz_compile "$corpus" -dict="$root"/compiler/fuzz/strategy.dict \
  -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts"/ -print_final_stats=1
