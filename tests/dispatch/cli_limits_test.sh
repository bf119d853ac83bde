#!/usr/bin/env bash
# dslvm at its limits, as a user meets them: each ends with its documented exit code, a
# message naming the place, and a complete trace (its last record is the end record).
#   cli_limits_test.sh DSLVM SOURCE_DIR
set -euo pipefail
dslvm=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
data=$src/data/yhoo-2014.csv

# Runs dslvm with the arguments, keeping stdout, stderr and the exit code (124: it hung).
run() {
  set +e
  timeout 120 "$dslvm" "$@" > "$tmp/out.txt" 2> "$tmp/err.txt"
  echo $? > "$tmp/code"
  set -e
}
expect_code() { [[ $(cat "$tmp/code") -eq $1 ]] || fail "$2: exit $(cat "$tmp/code"), expected $1"; }
expect_err() { grep -qF -- "$1" "$tmp/err.txt" || fail "$2: stderr lacks '$1': $(cat "$tmp/err.txt")"; }
expect_trace_end() {
  tail -1 "$tmp/t.jsonl" | grep -q '"t":"end"' || fail "$1: the trace has no end record"
  tail -1 "$tmp/t.jsonl" | grep -q "\"status\":\"$2\"" || fail "$1: trace status is not $2"
}

# A handler without loops or calls is held to the run's gas limit (returns are safepoints).
cat > "$tmp/straight.strat" <<'STRAT'
var total: float = 0
on_bar(s: symbol) {
    total += close(s)
}
STRAT
run "$tmp/straight.strat" --data "$data" --gas-limit 100 --trace "$tmp/t.jsonl"
expect_code 5 "--gas-limit without loops"
expect_err "gas limit exceeded (run limit of 100) in on_bar at $tmp/straight.strat:4" "--gas-limit"
expect_trace_end "--gas-limit" runtime_error

# A memory limit below what any VM needs is a usage error; one that the set-up or the market
# history does not fit stops the strategy before it runs.
run "$tmp/straight.strat" --data "$data" --memory-limit 5000
expect_code 2 "--memory-limit 5000"
cat > "$tmp/deep.strat" <<'STRAT'
on_bar(s: symbol) {
    log("{}", close(s)[100000])
}
STRAT
run "$tmp/deep.strat" --data "$data" --memory-limit 1m --trace "$tmp/t.jsonl"
expect_code 5 "history beyond the memory limit"
expect_err "memory limit exceeded (1048576 bytes): the market history (100001 bars of 1 symbol) needs 6291456 bytes in <setup>" "history memory"
expect_trace_end "history memory" runtime_error

# An update handler that answers its own rejections with new orders stops at the order command
# limit of one market event (it used to overflow the native stack: SIGSEGV, no end record).
cat > "$tmp/resubmit.strat" <<'STRAT'
on_bar(s: symbol) {
    if bar_index(s) == 1 { limit_buy(s, 10, -1.0) }
}
on_order_update(o: order) {
    if o.status == OrderStatus.Rejected { limit_buy(o.symbol, 10, -1.0) }
}
STRAT
run "$tmp/resubmit.strat" --data "$data" --trace "$tmp/t.jsonl"
expect_code 5 "re-entrant update handler"
expect_err "order command limit exceeded (10000 in one market event) in on_order_update at $tmp/resubmit.strat:5" "re-entrant handler"
expect_trace_end "re-entrant handler" runtime_error
run "$tmp/resubmit.strat" --data "$data" --event-order-limit 50
expect_code 5 "--event-order-limit"
expect_err "order command limit exceeded (50 in one market event)" "--event-order-limit"
run "$tmp/resubmit.strat" --data "$data" --event-order-limit 0
expect_code 2 "--event-order-limit 0"

# Working orders that pile up bar after bar count against the memory limit.
cat > "$tmp/pile.strat" <<'STRAT'
on_bar(s: symbol) {
    for i in 0..2000 { limit_buy(s, 1, 1.0) }
}
STRAT
run "$tmp/pile.strat" --data "$data" --memory-limit 16m --trace "$tmp/t.jsonl"
expect_code 5 "orders beyond the memory limit"
expect_err "memory limit exceeded (16777216 bytes): the order records (" "order memory"
expect_err "in on_bar at $tmp/pile.strat:2" "order memory"
expect_trace_end "order memory" runtime_error

# A configuration file is read within a bound too: a device or a directory is refused before any
# byte is read, with exit code 3 (--config /dev/zero used to abort on bad_alloc).
run "$tmp/straight.strat" --data "$data" --config /dev/zero
expect_code 3 "--config /dev/zero"
expect_err "cannot read /dev/zero" "--config /dev/zero"
run "$tmp/straight.strat" --data "$data" --config "$tmp"
expect_code 3 "--config DIRECTORY"
head -c 2000000 /dev/zero | tr '\0' ' ' > "$tmp/big.json"
run "$tmp/straight.strat" --data "$data" --config "$tmp/big.json"
expect_code 3 "an oversized --config"
echo '{"cash": "5000"}' > "$tmp/small.json"
run "$tmp/straight.strat" --data "$data" --config "$tmp/small.json"
expect_code 0 "a small --config"

# A data file that is a pipe is read by the run alone: the trace header does not hash it first
# (which consumed the data, leaving the run nothing).
mkfifo "$tmp/bars.fifo"
cat "$data" > "$tmp/bars.fifo" &
run "$tmp/straight.strat" --data YHOO="$tmp/bars.fifo" --trace "$tmp/t.jsonl" --json
wait
expect_code 0 "a pipe as data"
grep -q '"market_events": *252' "$tmp/out.txt" || fail "a pipe as data: $(cat "$tmp/out.txt")"
head -1 "$tmp/t.jsonl" | grep -q '"hash":null' || fail "a pipe as data: the header hashes it"

echo "dslvm limits: ok"
