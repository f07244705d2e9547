#!/bin/bash
# tests/user/debian/lib.sh — what every Debian-program test shares: the two
# sides (the mipsel package under tern-user with -L sysroot, the amd64 build
# of the same Debian package run natively from cache/native-amd64 against the
# host's libc), a fixed seed directory, and check(), which runs one case on
# both sides in fresh copies of the seed and requires the same stdout, stderr,
# exit status and files left behind. Sourced as: . lib.sh TERN CACHE [ENGINE]
# with the test's own seed files written to $seed before the first check.
tern=$(realpath "$1")
cache=$(realpath "$2")
engine=${3:+--engine=$3}
root=$cache/sysroot-mipsel
native=$cache/native-amd64
failures=0
count=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed=$work/seed
mkdir -p "$seed"
# Same locale, time zone and home on both sides; nothing from the caller's
# environment that a program reads (LANG, TZ, PYTHON*, PERL*, LUA_*).
export LC_ALL=C TZ=UTC HOME=$work/home
unset LANG LANGUAGE PYTHONPATH PYTHONSTARTUP PERL5LIB PERL5OPT LUA_PATH LUA_CPATH
mkdir -p "$HOME"
native_libs=$native/lib/x86_64-linux-gnu:$native/usr/lib/x86_64-linux-gnu

# need PROG...: fails the test (status 1) when a program is missing on a side.
need() {
    local p
    for p in "$@"; do
        [ -x "$root$p" ] || { echo "missing $root$p: run scripts/fetch-debian.sh"; exit 1; }
        [ -x "$native$p" ] || { echo "missing $native$p: run scripts/fetch-debian.sh"; exit 1; }
    done
}

# run_native DIR PROG ARGS...: the amd64 PROG (a path inside the package,
# e.g. /usr/bin/xz) with argv[0] = PROG, as the mipsel side sees it.
run_native() {
    local dir=$1 prog=$2
    shift 2
    (cd "$dir" && { [ ${#check_env[@]} = 0 ] || export "${check_env[@]}"; } &&
        LD_LIBRARY_PATH=$native_libs exec -a "$prog" "$native$prog" "$@")
}

# run_tern DIR PROG ARGS...: the mipsel PROG under tern-user.
run_tern() {
    local dir=$1 prog=$2
    shift 2
    # shellcheck disable=SC2086
    (cd "$dir" && { [ ${#check_env[@]} = 0 ] || export "${check_env[@]}"; } &&
        exec "$tern" $engine -L "$root" -0 "$prog" "$root$prog" "$@")
}

# check NAME STDIN PROG ARGS...: one case, both sides, compared byte for byte.
# Extra environment for both sides goes in the array check_env (VAR=VALUE).
check() {
    local name=$1 input=$2 n t ok=1
    shift 2
    rm -rf "$work/n" "$work/t"
    cp -a "$seed" "$work/n"
    cp -a "$seed" "$work/t"
    run_native "$work/n" "$@" <"$input" >"$work/n.out" 2>"$work/n.err"
    n=$?
    run_tern "$work/t" "$@" <"$input" >"$work/t.out" 2>"$work/t.err"
    t=$?
    count=$((count + 1))
    if [ -n "$err_filter" ]; then
        sed -i -e "$err_filter" "$work/n.err" "$work/t.err"
    fi
    [ $n -eq $t ] || { ok=0; echo "FAIL $name: native status $n, tern status $t"; }
    cmp -s "$work/n.out" "$work/t.out" ||
        { ok=0; echo "FAIL $name: stdout differs"; diff "$work/n.out" "$work/t.out" | head -10 | cut -c1-200; }
    cmp -s "$work/n.err" "$work/t.err" ||
        { ok=0; echo "FAIL $name: stderr differs"; diff "$work/n.err" "$work/t.err" | head -10 | cut -c1-200; }
    diff -r "$work/n" "$work/t" >/dev/null ||
        { ok=0; echo "FAIL $name: files differ"; diff -r "$work/n" "$work/t" 2>&1 | head -5 | cut -c1-200; }
    if [ $ok = 1 ]; then
        echo "ok   $name (status $t, $(wc -c <"$work/t.out") bytes out)"
    else
        failures=$((failures + 1))
    fi
}
check_env=()
# A sed expression applied to both stderr files before comparing (for text
# that differs by design, such as a host pointer), empty for none.
err_filter=

# seal: fixes every seed file's time (tar, ls and stat see the same on both sides).
seal() {
    find "$seed" -exec touch -h -d '2020-01-02 03:04:05 UTC' {} +
}

# finish: the summary line and the exit status (the number of failed cases).
finish() {
    echo "$count cases, $failures failed"
    exit $failures
}

# make_text FILE LINES: deterministic text (words, numbers, repeats) for compressors.
make_text() {
    awk -v n="$2" 'BEGIN { s = 12345; for (i = 0; i < n; i++) {
        s = (s * 1103515245 + 12345) % 2147483648
        printf "%06d %s %x word%d the quick brown fox %d\n", i, (s % 7 ? "alpha" : "omega"), s, s % 97, i * i % 1009 } }' >"$1"
}

# make_binary FILE KIB: deterministic high-entropy bytes (sha256 chain).
make_binary() {
    local i=0 h=seed
    while [ $i -lt $(($2 * 32)) ]; do
        h=$(printf '%s' "$h$i" | sha256sum | cut -c1-64)
        printf '%s' "$h" | xxd -r -p
        i=$((i + 1))
    done >"$1"
}
