#!/usr/bin/env bash
# The main job, end to end: builds the tools, compiles the example strategy and shows the
# bytecode the VM runs, then checks every example. Installs missing Debian packages first.
#
#   scripts/demo.sh [STRATEGY.strat]     default examples/sma_cross.strat
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
strategy=${1:-examples/sma_cross.strat}
jobs=${JOBS:-2}

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs" --target dslc dslvm

bin=build/release/tools
mkdir -p out
name=$(basename "${strategy%.strat}")
echo "==> compiling $strategy"
"$bin"/dslc/dslc "$strategy" -o "out/$name.dslbc"
echo "==> bytecode of $name (out/$name.dslbc)"
"$bin"/dslc/dslc --disasm "out/$name.dslbc"
echo "==> checking every example"
for f in examples/*.strat; do
  "$bin"/dslc/dslc --check --werror "$f" && echo "ok  $f"
done
