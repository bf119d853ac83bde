# Sourced by the command-line tests: runs a command with at most 10 s and 1 GiB, so that a
# reader without a size limit fails a test instead of growing until the machine gives out.
# Under AddressSanitizer (the asan preset sets ASAN_OPTIONS) the address space is no bound
# (the shadow memory reserves terabytes of it, so ulimit -v stops every run at start-up): the
# sanitizer's own resident-memory limit takes its place.
bounded_run() {
    if [[ -n ${ASAN_OPTIONS:-} ]]; then
        ASAN_OPTIONS="$ASAN_OPTIONS:hard_rss_limit_mb=1024" timeout 10 "$@"
    else
        (ulimit -v 1048576 && exec timeout 10 "$@")
    fi
}
