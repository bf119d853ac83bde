#!/usr/bin/env bash
# End-to-end checks of dslvm as a user runs it: a backtest with every output, a live run fed
# through standard input, and the documented exit codes.
#   cli_test.sh DSLVM SOURCE_DIR
set -euo pipefail
dslvm=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A backtest with every output.
"$dslvm" "$src/examples/sma_cross.strat" --data "$src/data/orcl-1995-2014.csv" \
  --trace "$tmp/t.jsonl" --fills "$tmp/f.csv" --trades "$tmp/tr.csv" --no-progress > "$tmp/out.txt"
grep -q '^status          completed$' "$tmp/out.txt" || fail "summary missing"
grep -q '^1995-05-12  fill #1: Buy 100 ORCL @ 2.37$' "$tmp/out.txt" || fail "log line missing"
[[ $(wc -l < "$tmp/f.csv") -eq 196 ]] || fail "expected 195 fills"
head -1 "$tmp/t.jsonl" | grep -q '"t":"header"' || fail "trace header"
tail -1 "$tmp/t.jsonl" | grep -q '"t":"end"' || fail "trace end"

# The JSON summary is machine-readable and alone on stdout.
"$dslvm" "$src/examples/sma_cross.strat" --data "$src/data/yhoo-2014.txt" --json > "$tmp/s.json"
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); assert s['completed'] is True" "$tmp/s.json" \
  || fail "--json output"

# A live run: ticks through standard input.
printf '%s\n' 'timestamp,symbol,price,size' '2024-03-01T14:30:00Z,ABC,10,1' '2024-03-01T14:30:01Z,ABC,11,1' \
  | "$dslvm" "$src/tests/dispatch/live_probe.strat" --live --symbols ABC > "$tmp/live.txt"
grep -q '2024-03-01T14:30:01Z  tick 1 at 11' "$tmp/live.txt" || fail "live ticks not handled"

# Exit codes.
code() { set +e; "$@" > /dev/null 2>&1; echo $?; set -e; }
[[ $(code "$dslvm" "$src/examples/sma_cross.strat" --data /no/such/file.csv) -eq 3 ]] || fail "missing data: 3"
[[ $(code "$dslvm" "$src/examples/sma_cross.strat" --data "$src/data/yhoo-2014.csv" --slippage bogus) -eq 2 ]] \
  || fail "bad option: 2"
[[ $(code "$dslvm" "$src/examples/sma_cross.strat" --data "$src/data/yhoo-2014.csv" --input fast_len=x) -eq 2 ]] \
  || fail "bad input: 2"
[[ $(code "$dslvm" "$src/tests/compile/fail_types.strat" --data "$src/data/yhoo-2014.csv") -eq 1 ]] \
  || fail "compile errors: 1"
[[ $(code "$dslvm" "$src/tests/dispatch/runtime_error.strat" --data "$src/data/yhoo-2014.csv") -eq 5 ]] \
  || fail "runtime error: 5"
[[ $(code "$dslvm" "$src/examples/sma_cross.strat" --live) -eq 2 ]] || fail "live without symbols: 2"
# What dslvm reads and refuses (common/input_file.h), each run bounded in time and memory.
bounded() { set +e; (ulimit -v 1048576; timeout 10 "$@") > /dev/null 2> "$tmp/err"; echo $?; set -e; }
[[ $(bounded "$dslvm" "$tmp") -eq 3 ]] || fail "a directory: 3"
grep -qx "dslvm: cannot read $tmp: it is a directory" "$tmp/err" || fail "directory message"
[[ $(bounded "$dslvm" /dev/zero) -eq 3 ]] || fail "/dev/zero: 3"
grep -qx 'dslvm: cannot read /dev/zero: it is a device, not a file' "$tmp/err" || fail "device message"
truncate -s $((4 * 1024 * 1024 + 1)) "$tmp/big.strat"
[[ $(bounded "$dslvm" "$tmp/big.strat") -eq 3 ]] || fail "a source over 4 MiB: 3"
grep -qx "dslvm: cannot read $tmp/big.strat: the file is larger than the limit of 4 MiB" "$tmp/err" \
  || fail "source size message: $(cat "$tmp/err")"
truncate -s $((64 * 1024 * 1024 + 1)) "$tmp/big.dslbc"
[[ $(bounded "$dslvm" "$tmp/big.dslbc") -eq 3 ]] || fail "bytecode over 64 MiB: 3"
grep -qx "dslvm: cannot read $tmp/big.dslbc: the file is larger than the limit of 64 MiB" "$tmp/err" \
  || fail "bytecode size message: $(cat "$tmp/err")"
[[ $(bounded sh -c "head -c 100000000 /dev/zero | '$dslvm' /dev/stdin") -eq 3 ]] \
  || fail "a pipe over 64 MiB: 3"
[[ $(bounded sh -c "cat '$src/tests/dispatch/live_probe.strat' | '$dslvm' /dev/stdin") -eq 4 ]] \
  || fail "a pipe is read (a source without .strat is taken for bytecode: 4)"
echo "dslvm command line: ok"
