#!/usr/bin/env bash
# End-to-end checks of dslc as a user runs it: what it reads and refuses, and its exit codes.
#   dslc_cli_test.sh DSLC SOURCE_DIR
# Every run is bounded in time and memory, so that a reader without a size limit fails here
# instead of growing until the machine gives out.
set -euo pipefail
dslc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$src/tests/support/bounded.sh"

# Runs dslc bounded (tests/support/bounded.sh); prints its exit code, keeps its stderr in $tmp/err.
code() {
    set +e
    bounded_run "$dslc" "$@" > "$tmp/out" 2> "$tmp/err"
    local c=$?
    set -e
    echo "$c"
}

good=$src/examples/sma_cross.strat
[[ $(code "$good" -o "$tmp/ok.dslbc") -eq 0 && -s "$tmp/ok.dslbc" ]] || fail "a good source: 0"
[[ $(code --check "$src/tests/compile/fail_types.strat") -eq 1 ]] || fail "compile errors: 1"
[[ $(code --color bogus "$good") -eq 2 ]] || fail "usage error: 2"
[[ $(code /no/such/file.strat) -eq 3 ]] || fail "missing file: 3"
grep -qx 'dslc: cannot read /no/such/file.strat: No such file or directory' "$tmp/err" \
  || fail "missing file message: $(cat "$tmp/err")"

# A directory is refused, and no strategy is written for it.
[[ $(code "$tmp" -o "$tmp/dir.dslbc") -eq 3 ]] || fail "a directory: 3"
grep -qx "dslc: cannot read $tmp: it is a directory" "$tmp/err" || fail "directory message"
[[ ! -e "$tmp/dir.dslbc" ]] || fail "a directory must not give a bytecode file"

# A device is refused before anything is read.
[[ $(code --check /dev/zero) -eq 3 ]] || fail "/dev/zero: 3"
grep -qx 'dslc: cannot read /dev/zero: it is a device, not a file' "$tmp/err" \
  || fail "device message: $(cat "$tmp/err")"

# A source over 4 MiB is refused from its size; one of exactly 4 MiB is read (and compiled).
{ printf 'on_start() {\n}\n'; head -c $((4 * 1024 * 1024 - 15)) /dev/zero | tr '\0' ' '; } \
  > "$tmp/limit.strat"
[[ $(stat -c %s "$tmp/limit.strat") -eq 4194304 ]] || fail "test setup: 4 MiB source"
[[ $(code --check "$tmp/limit.strat") -eq 0 ]] || fail "a source of exactly 4 MiB: 0"
printf ' ' >> "$tmp/limit.strat"
[[ $(code --check "$tmp/limit.strat") -eq 3 ]] || fail "a source over 4 MiB: 3"
grep -qx "dslc: cannot read $tmp/limit.strat: the file is larger than the limit of 4 MiB" \
  "$tmp/err" || fail "size message: $(cat "$tmp/err")"

# A pipe is read, up to the same limit: a long one stops there.
[[ $(code --check /dev/stdin < "$good") -eq 0 ]] || fail "a redirected file: 0"
pipe() {
    set +e
    "$@" | bounded_run "$dslc" --check /dev/stdin > /dev/null 2> "$tmp/err"
    local c=$?
    set -e
    echo "$c"
}
[[ $(pipe cat "$good") -eq 0 ]] || fail "a pipe: 0"
[[ $(pipe head -c 100000000 /dev/zero) -eq 3 ]] || fail "a pipe over 4 MiB: 3"
grep -qx 'dslc: cannot read /dev/stdin: the file is larger than the limit of 4 MiB' "$tmp/err" \
  || fail "pipe size message: $(cat "$tmp/err")"

# Bytecode for --disasm: over 64 MiB is refused from its size (a sparse file: no disk used).
truncate -s $((64 * 1024 * 1024 + 1)) "$tmp/big.dslbc"
[[ $(code --disasm "$tmp/big.dslbc") -eq 3 ]] || fail "bytecode over 64 MiB: 3"
grep -q 'the file is larger than the limit of 64 MiB' "$tmp/err" || fail "bytecode size message"
[[ $(code --disasm /dev/zero) -eq 3 ]] || fail "--disasm /dev/zero: 3"
[[ $(code --disasm "$tmp/ok.dslbc") -eq 0 ]] || fail "--disasm of good bytecode: 0"
echo "dslc command line: ok"
