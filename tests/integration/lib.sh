# tests/integration/lib.sh — shared by the integration scripts: run one command
# and check its exit status, exact stdout and stderr (exactly one line matching
# a regex, or empty). Prints what differed; the caller's exit status is the
# number of failed checks.

failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# expect_run NAME STATUS STDOUT STDERR_REGEX -- COMMAND...
#   STATUS: a number, or "error" for any status in 1..127 (not a signal).
#   STDOUT: the exact expected standard output (printf %b escapes allowed).
#   STDERR_REGEX: "" for no stderr; else stderr must be ONE line matching it.
expect_run() {
    local name=$1 status=$2 out=$3 err=$4
    shift 5
    "$@" >"$scratch/out" 2>"$scratch/err"
    local rc=$?
    local ok=1
    if [ "$status" = error ]; then
        if [ $rc -lt 1 ] || [ $rc -gt 127 ]; then ok=0; echo "FAIL $name: exit status $rc, want 1..127"; fi
    elif [ $rc -ne "$status" ]; then
        ok=0; echo "FAIL $name: exit status $rc, want $status"
    fi
    printf '%b' "$out" >"$scratch/want"
    if ! cmp -s "$scratch/out" "$scratch/want"; then
        ok=0; echo "FAIL $name: stdout was:"; cat "$scratch/out"
    fi
    local lines
    lines=$(wc -l <"$scratch/err")
    if [ -z "$err" ]; then
        if [ -s "$scratch/err" ]; then ok=0; echo "FAIL $name: unexpected stderr:"; cat "$scratch/err"; fi
    elif [ "$lines" -ne 1 ] || ! grep -Eq -- "$err" "$scratch/err"; then
        ok=0; echo "FAIL $name: want one stderr line matching /$err/, got $lines line(s):"; cat "$scratch/err"
    fi
    if [ $ok = 1 ]; then echo "ok   $name: $(head -c 200 "$scratch/err")"; else failures=$((failures + 1)); fi
}
