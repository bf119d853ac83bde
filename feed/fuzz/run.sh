#!/usr/bin/env bash
# Runs the market data fuzzer (fuzz_data: bar and tick CSV files, merged streams, live lines,
# timestamps and decimals) for a bounded time.
#
#   feed/fuzz/run.sh [SECONDS]     default 60; exits non-zero when libFuzzer finds a crash
#
# Builds the target with the `fuzz` preset (clang 14, libFuzzer, ASan, UBSan) in build/fuzz,
# starts from the committed seeds (feed/fuzz/seeds) plus the first lines of every data/*.csv
# and data/*.txt file, with the formats' words as a dictionary, and keeps any crashing input in
# build/fuzz/fuzz-data-artifacts/ (replay one with: build/fuzz/feed/fuzz/fuzz_data FILE).
# The first byte of an input selects the mode (fuzz_data.cpp): 0x00 plain files, 0x02 live.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/fuzz
cmake --preset fuzz -S "$root" -DDSL_WERROR=OFF >/dev/null
cmake --build "$build" --target fuzz_data -j 2
corpus=$build/fuzz-data-corpus
artifacts=$build/fuzz-data-artifacts
mkdir -p "$corpus" "$artifacts"
cp -n "$root"/feed/fuzz/seeds/* "$corpus"/ 2>/dev/null || true
for f in "$root"/data/*.csv "$root"/data/*.txt; do
  seed=$corpus/data-$(basename "$f")
  [[ -f $seed ]] || { printf '\x00'; head -n 30 "$f"; } >"$seed"
done
"$build"/feed/fuzz/fuzz_data "$corpus" -dict="$root"/feed/fuzz/data.dict \
  -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts"/ -print_final_stats=1
