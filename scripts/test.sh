#!/usr/bin/env bash
# Builds the project and runs every test: the optimised build's test suite, the same suite
# built with AddressSanitizer and UndefinedBehaviorSanitizer, and each libFuzzer target for
# a bounded time. Installs missing Debian packages first. Exits non-zero on any failure.
#
#   scripts/test.sh                      everything (about 15-25 minutes on 2 cores)
#   FUZZ_SECONDS=10 scripts/test.sh      shorter fuzzing (default 30 s per target)
#   SKIP_ASAN=1 / SKIP_FUZZ=1            leave a stage out (for quick local runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-2}
fuzz_seconds=${FUZZ_SECONDS:-30}

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
scripts/install-deps.sh

step "release build and tests"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs"

if [[ -z ${SKIP_ASAN:-} ]]; then
  step "AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan -j "$jobs"
fi

if [[ -z ${SKIP_FUZZ:-} ]]; then
  step "fuzzing the front end for ${fuzz_seconds}s"
  scripts/fuzz.sh compile "$fuzz_seconds"
  step "fuzzing the bytecode loader, verifier and VM for ${fuzz_seconds}s"
  scripts/fuzz.sh bytecode "$fuzz_seconds"
  step "fuzzing the market data parsers for ${fuzz_seconds}s"
  scripts/fuzz.sh data "$fuzz_seconds"
  step "fuzzing the trace reader for ${fuzz_seconds}s"
  scripts/fuzz.sh trace "$fuzz_seconds"
fi

step "all tests passed"
