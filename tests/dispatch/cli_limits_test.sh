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

# Runs dslvm with the arguments, keeping stdout, stderr and the exit code.
run() {
  set +e
  "$dslvm" "$@" > "$tmp/out.txt" 2> "$tmp/err.txt"
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

echo "dslvm limits: ok"
