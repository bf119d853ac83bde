#!/usr/bin/env bash
# Runs the trace reader fuzzer (fuzz_trace: JSON parsing, record decoding, the model, chunked
# reading) for a bounded time.
#
#   trace/fuzz/run.sh [SECONDS]     default 60; exits non-zero when libFuzzer finds a crash
#
# Builds the target with the `fuzz` preset (clang 14, libFuzzer, ASan, UBSan) in build/fuzz,
# starts from the golden traces of tests/trace/golden as seeds (each prefixed with the byte
# that chooses the chunk size), with the record and field names as a dictionary, and keeps any
# crashing input in build/fuzz/fuzz-trace-artifacts/ (replay one with:
# build/fuzz/trace/fuzz/fuzz_trace FILE).
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${DSL_FUZZ_BUILD_DIR:-$root/build/fuzz}
cmake --preset fuzz -S "$root" -B "$build" -DDSL_WERROR=OFF >/dev/null
cmake --build "$build" --target fuzz_trace -j 2
corpus=$build/fuzz-trace-corpus
artifacts=$build/fuzz-trace-artifacts
mkdir -p "$corpus" "$artifacts"
for f in "$root"/tests/trace/golden/*.jsonl; do
  [[ -f $f ]] || continue
  seed=$corpus/$(basename "$f")
  [[ -f $seed ]] || { printf '\x07'; cat "$f"; } > "$seed"
done
"$build"/trace/fuzz/fuzz_trace "$corpus" -dict="$root"/trace/fuzz/trace.dict \
  -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts"/ -print_final_stats=1
