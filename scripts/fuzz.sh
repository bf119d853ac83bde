#!/usr/bin/env bash
# Runs one of the libFuzzer targets for a bounded time.
#
#   scripts/fuzz.sh TARGET [SECONDS]     default 60; exits non-zero when libFuzzer finds a crash
#
#   TARGET    what it fuzzes (the fuzzer)                    seeds
#   compile   the front end: parser, checker, code           every strategy of the repository
#             generator, verifier (compiler/fuzz)            (examples, golden tests)
#   bytecode  the loader, verifier and interpreter           tests/run and examples, compiled by
#             (vm/fuzz)                                      the release build's dslc (DSLC=path
#                                                            names another; without it, none)
#   data      the market data parsers: bar and tick CSV      feed/fuzz/seeds and the first lines
#             files, merged streams, live lines,             of every data/*.csv and data/*.txt
#             timestamps, decimals (feed/fuzz)             (byte 0x00 first: plain files)
#   trace     the trace reader: JSON, records, the model,    the golden traces of
#             chunked reading (trace/fuzz)                   tests/trace/golden (byte 0x07 first:
#                                                            the chunk size)
#
# Builds the target with the `fuzz` preset (clang 14, libFuzzer, ASan, UBSan) in build/fuzz
# (DSL_FUZZ_BUILD_DIR names another), with the dictionary of its folder when it has one, keeps
# its corpus in build/fuzz/fuzz-TARGET-corpus and any crashing input in
# build/fuzz/fuzz-TARGET-artifacts/ (replay one with: build/fuzz/FOLDER/fuzz_TARGET FILE).
set -euo pipefail
usage="usage: scripts/fuzz.sh compile|bytecode|data|trace [SECONDS]"
target=${1:?$usage}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DSL_FUZZ_BUILD_DIR:-$root/build/fuzz}

seed_compile() {
  for f in "$root"/examples/*.strat "$root"/tests/compile/*.strat "$root"/tests/disasm/*.strat \
           "$root"/tests/run/*.strat; do
    if [[ -f $f ]]; then cp -n "$f" "$corpus/$(basename "$f")"; fi
  done
}

seed_bytecode() {
  local dslc=${DSLC:-$root/build/release/tools/dslc/dslc}
  if [[ ! -x $dslc ]]; then
    echo "note: $dslc is not built; fuzzing without seeds" >&2
    return
  fi
  for f in "$root"/tests/run/*.strat "$root"/examples/*.strat; do
    "$dslc" "$f" -o "$corpus/seed_$(basename "${f%.strat}").dslbc" 2>/dev/null ||
      echo "note: $f did not compile; not a seed" >&2
  done
}

seed_data() {
  cp -n "$root"/feed/fuzz/seeds/* "$corpus"/ 2>/dev/null || true
  for f in "$root"/data/*.csv "$root"/data/*.txt; do
    local seed
    seed=$corpus/data-$(basename "$f")
    if [[ ! -f $seed ]]; then { printf '\x00'; head -n 30 "$f"; } >"$seed"; fi
  done
}

seed_trace() {
  for f in "$root"/tests/trace/golden/*.jsonl; do
    local seed
    seed=$corpus/$(basename "$f")
    if [[ -f $f && ! -f $seed ]]; then { printf '\x07'; cat "$f"; } >"$seed"; fi
  done
}

# The fuzzer's folder, its dictionary (none: ""), and the longest input it is given.
case $target in
  compile)  folder=compiler/fuzz dict=strategy.dict max_len=8192 ;;
  bytecode) folder=vm/fuzz       dict=""            max_len=16384 ;;
  data)     folder=feed/fuzz   dict=data.dict     max_len=4096 ;;
  trace)    folder=trace/fuzz    dict=trace.dict    max_len=16384 ;;
  *) echo "$usage" >&2; exit 2 ;;
esac

fuzzer=fuzz_$target
cmake --preset fuzz -S "$root" -B "$build" -DDSL_WERROR=OFF >/dev/null
cmake --build "$build" --target "$fuzzer" -j 2
corpus=$build/fuzz-$target-corpus
artifacts=$build/fuzz-$target-artifacts
mkdir -p "$corpus" "$artifacts"
"seed_$target"
"$build/$folder/$fuzzer" "$corpus" ${dict:+-dict="$root/$folder/$dict"} \
  -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts"/ -print_final_stats=1
