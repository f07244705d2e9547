#!/bin/sh
# tests/user/pifutex.sh TERN_USER PROG_DIR — progs/pifutex.c (PI mutexes,
# raw LOCK_PI/TRYLOCK_PI/UNLOCK_PI/WAIT_REQUEUE_PI/CMP_REQUEUE_PI, robust PI
# mutexes whose owner dies, get_robust_list) static and dynamic, both byte
# orders, under the jit and the interpreter. The program checks itself:
# tern's run must print every one of its checks "ok" and end "all ok".
# Cross-check: qemu-mipsel runs the PI part ("pionly": qemu-user serves no
# robust lists) and must print the same lines as tern's "pionly" run of the
# same binary. qemu-mips is not used: it hands PI ops on byte-swapped words
# to the host kernel, which misreads the owner tid (it hangs).
tern=$1
dir=$2
failures=0
checks=42 # "ok" lines of a full run
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

timeout 100 qemu-mipsel -L /usr/mipsel-linux-gnu "$dir/pifutex.el.static" pionly \
    >"$scratch/q" 2>&1 </dev/null || fail "qemu-mipsel reference run"
timeout 100 "$tern" -L /usr/mipsel-linux-gnu "$dir/pifutex.el.static" pionly \
    >"$scratch/t" 2>&1 </dev/null
if [ $? -ne 0 ] || ! cmp -s "$scratch/q" "$scratch/t"; then
    fail "pifutex.el.static pionly differs from qemu-mipsel"
    diff "$scratch/q" "$scratch/t" | head -20
else
    echo "ok   pifutex.el.static pionly = qemu-mipsel"
fi
for order in el eb; do
    root=/usr/mipsel-linux-gnu
    [ $order = eb ] && root=/usr/mips-linux-gnu
    for link in static dyn; do
        for engine in jit interp; do
            prog=$dir/pifutex.$order.$link
            timeout 100 "$tern" --engine=$engine -L $root "$prog" >"$scratch/t" 2>&1 </dev/null
            t=$?
            oks=$(grep -c '^ok ' "$scratch/t")
            if [ $t -ne 0 ] || [ "$oks" -ne $checks ] || [ "$(tail -n 1 "$scratch/t")" != "all ok" ]
            then
                fail "pifutex.$order.$link ($engine): status $t, $oks of $checks checks ok"
                grep -v '^ok ' "$scratch/t" | head -20
            else
                echo "ok   pifutex.$order.$link ($engine)"
            fi
        done
    done
done
exit $failures
