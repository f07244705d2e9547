#!/bin/bash
# tests/user/debian/python3_stdlib.sh TERN CACHE [ENGINE] — CPython's own
# regression tests (Debian's libpython3.11-testsuite) for the modules that
# lean on the kernel: files, directories, processes, signals, timers,
# terminals, select/poll/epoll, mmap, threads. Each module runs under
# tern-user with python3.11 -m test; it passes when CPython reports SUCCESS.
# When it does not, the amd64 interpreter runs the same module natively, and
# the module still passes if every test that failed under tern failed there
# too (the host, not tern, is then what the test disagrees with).
. "$(dirname "$0")/lib.sh"
need /usr/bin/python3.11
lib=/usr/lib/python3.11/test
[ -f "$root$lib/__main__.py" ] && [ -f "$native$lib/__main__.py" ] ||
    { echo "missing $lib: run scripts/fetch-debian.sh"; exit 1; }
# TERN_PY_MODULES (space-separated) picks fewer: the sanitizer build's tern
# is about eight times slower here.
# shellcheck disable=SC2206
modules=(${TERN_PY_MODULES:-test_os test_posix test_signal test_time test_select test_selectors
    test_fcntl test_mmap test_shutil test_tempfile test_pty test_resource test_epoll test_poll
    test_eintr test_fileio test_stat test_glob test_pathlib test_threading})

# failed LOG: the ids of the tests CPython reports as failed (module.class.method).
failed() {
    sed -n -E 's/^(FAIL|ERROR): [^ ]+ \(([^)]+)\).*/\2/p' "$1" | sort -u
}

for m in "${modules[@]}"; do
    count=$((count + 1))
    log=$work/$m.tern
    # --timeout: a hung test dumps its threads and fails, rather than the run.
    # shellcheck disable=SC2086
    (cd "$work" && timeout 900 "$tern" $engine -L "$root" "$root/usr/bin/python3.11" \
        -m test -v --timeout 300 "$m") >"$log" 2>&1 </dev/null
    status=$?
    ran=$(grep -m1 -E '^Ran [0-9]+ tests' "$log")
    if [ $status = 0 ] && grep -q '^Tests result: SUCCESS' "$log"; then
        echo "ok   $m ($ran)"
        continue
    fi
    (cd "$work" && PYTHONHOME=$native/usr LD_LIBRARY_PATH=$native_libs \
        timeout 900 "$native/usr/bin/python3.11" -m test -v --timeout 300 "$m") \
        >"$work/$m.native" 2>&1 </dev/null
    only=$(comm -23 <(failed "$log") <(failed "$work/$m.native"))
    if [ -z "$only" ] && grep -q -E '^Ran [0-9]+ tests' "$log"; then
        echo "ok   $m ($ran; tern status $status, its failures fail natively too)"
        continue
    fi
    failures=$((failures + 1))
    echo "FAIL $m: tern status $status, $ran; failing under tern only:"
    echo "${only:-(none: the run did not finish)}" | head -20
    grep -E -A12 '^(FAIL|ERROR): ' "$log" | head -60 | cut -c1-200
    tail -5 "$log" | cut -c1-200
done
finish
