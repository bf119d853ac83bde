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
# Its header may name the columns in any order.
printf '%s\n' 'symbol,timestamp,price,size' 'ABC,2024-03-01T14:30:00Z,10,1' 'ABC,2024-03-01T14:30:01Z,11,1' \
  | "$dslvm" "$src/tests/dispatch/live_probe.strat" --live --symbols ABC > "$tmp/live.txt"
grep -q '2024-03-01T14:30:01Z  tick 1 at 11' "$tmp/live.txt" || fail "live header in another order"

# A live line cut by the end of the input (no final '\n') is a bad row there, not a tick: exit 3,
# the place on stderr, and a trace that ends with its end record.
set +e
printf 'timestamp,symbol,price,size\n2024-03-01T14:30:00Z,ABC,10,1\n2024-03-01T14:30:01Z,ABC,11,1' \
  | "$dslvm" "$src/tests/dispatch/live_probe.strat" --live --symbols ABC --trace "$tmp/cut.jsonl" \
    > "$tmp/cut.txt" 2> "$tmp/cut.err"
status=${PIPESTATUS[1]}
set -e
[[ $status -eq 3 ]] || fail "cut live line: exit $status, expected 3"
grep -q "^dslvm: stdin:3: cut line: " "$tmp/cut.err" || fail "cut live line: no message naming stdin:3"
grep -q 'tick 1' "$tmp/cut.txt" && fail "cut live line traded as a tick"
tail -1 "$tmp/cut.jsonl" | grep -q '"t":"end","status":"data_error"' || fail "cut live line: trace end"

# A closed standard output (`| head -1`) stops the run, whose trace still ends with its end
# record (status interrupted, naming SIGPIPE); the exit code is 141 (128 + SIGPIPE), as before
# for a process the signal ended.
set +e
"$dslvm" "$src/tests/dispatch/log_bars.strat" --data "$src/data/orcl-1995-2014.csv" \
  --trace "$tmp/pipe.jsonl" 2> "$tmp/pipe.err" | head -1 > "$tmp/pipe.txt"
status=${PIPESTATUS[0]}
set -e
[[ $status -eq 141 ]] || fail "closed stdout: exit $status, expected 141"
[[ $(cat "$tmp/pipe.txt") == '1995-01-03  bar 0 of ORCL: close 2.117284' ]] || fail "closed stdout: first line"
tail -1 "$tmp/pipe.jsonl" | grep -q '^{"t":"end","status":"interrupted","message":"SIGPIPE after market event [0-9]* (' \
  || fail "closed stdout: the trace's last line is not its end record"
grep -q '^dslvm: interrupted: SIGPIPE after market event' "$tmp/pipe.err" || fail "closed stdout: message"

# A standard output that cannot be written otherwise (a full disk) fails the run: exit code 3.
if [[ -w /dev/full ]]; then
  set +e
  "$dslvm" "$src/examples/sma_cross.strat" --data "$src/data/yhoo-2014.csv" --json > /dev/full 2> "$tmp/full.err"
  status=$?
  set -e
  [[ $status -eq 3 ]] || fail "full stdout: exit $status, expected 3"
  grep -q '^dslvm: cannot write to standard output' "$tmp/full.err" || fail "full stdout: message"
fi

# Ctrl-C (SIGINT) stops a backtest between two bars: on_stop runs, the summary and the trace
# say interrupted, exit code 130. (env restores SIGINT, which a background job ignores.)
env --default-signal=INT "$dslvm" "$src/tests/dispatch/log_bars.strat" --input spin=200000 \
  --data "$src/data/orcl-1995-2014.csv" --trace "$tmp/int.jsonl" > "$tmp/int.txt" 2> "$tmp/int.err" &
pid=$!
for _ in $(seq 1 1000); do [[ -s "$tmp/int.txt" ]] && break; sleep 0.01; done
kill -INT "$pid"
set +e
wait "$pid"
status=$?
set -e
[[ $status -eq 130 ]] || fail "SIGINT: exit $status, expected 130"
grep -q '^status          interrupted: SIGINT after market event [0-9]* (' "$tmp/int.txt" \
  || fail "SIGINT: summary status"
grep -q '  on_stop ran$' "$tmp/int.txt" || fail "SIGINT: on_stop did not run"
grep -q '^dslvm: interrupted: SIGINT after market event' "$tmp/int.err" || fail "SIGINT: message"
tail -1 "$tmp/int.jsonl" | grep -q '^{"t":"end","status":"interrupted","message":"SIGINT after market event' \
  || fail "SIGINT: the trace's last line is not its end record"

# Without data, on_start and on_stop run, trading builtins included (an order for a symbol
# without data is rejected).
cat > "$tmp/nodata.strat" <<'EOF'
on_start() {
    log("on_start")
    buy(symbol("X"), 1)
}
on_stop() {
    log("on_stop: position {}", position(symbol("X")).qty)
}
EOF
"$dslvm" "$tmp/nodata.strat" --trace "$tmp/nodata.jsonl" > "$tmp/nodata.txt" || fail "no data: exit $?"
grep -q '^-  on_start$' "$tmp/nodata.txt" || fail "no data: on_start"
grep -q '^-  on_stop: position 0$' "$tmp/nodata.txt" || fail "no data: on_stop"
tail -1 "$tmp/nodata.jsonl" | grep -q '^{"t":"end","status":"completed"' || fail "no data: trace end"

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
source "$src/tests/support/bounded.sh"
bounded() { set +e; bounded_run "$@" > /dev/null 2> "$tmp/err"; echo $?; set -e; }
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
