#!/bin/sh
# tests/user/futex.sh TERN_USER PROG_DIR — progs/futex.c (condvar broadcast
# to 16 waiters, FUTEX_WAKE_OP ops/shift/compares, REQUEUE, CMP_REQUEUE, a
# robust mutex whose owner exits) static and dynamic, both byte orders,
# under the jit and the interpreter. The reference for BOTH orders is
# qemu-mipsel's output of "futex norobust": qemu-mips applies WAKE_OP's
# operation to the word in host order (wrong for a big-endian guest), and
# qemu-user refuses set_robust_list, so the robust part (run by tern only)
# is checked against the fixed text below.
tern=$1
dir=$2
failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
qemu-mipsel -L /usr/mipsel-linux-gnu "$dir/futex.el.static" norobust >"$scratch/ref" 2>&1 </dev/null
if [ $? -ne 0 ]; then echo "FAIL qemu-mipsel reference run"; exit 1; fi
cp "$scratch/ref" "$scratch/full"
cat >>"$scratch/full" <<'END'
robust (after join): lock -> EOWNERDEAD
  consistent -> 0
  unlock -> 0
  relock -> 0, unlock -> 0
robust (waiting): lock -> EOWNERDEAD
  consistent -> 0
  unlock -> 0
  relock -> 0, unlock -> 0
END
for order in el eb; do
    root=/usr/mipsel-linux-gnu
    [ $order = eb ] && root=/usr/mips-linux-gnu
    for link in static dyn; do
        prog=$dir/futex.$order.$link
        for engine in jit interp; do
            for mode in norobust full; do
                arg=; ref=full
                [ $mode = norobust ] && arg=norobust && ref=ref
                timeout 100 "$tern" --engine=$engine -L $root "$prog" $arg \
                    >"$scratch/t" 2>&1 </dev/null
                t=$?
                if [ $t -ne 0 ] || ! cmp -s "$scratch/$ref" "$scratch/t"; then
                    echo "FAIL futex.$order.$link ($engine, $mode): status $t"
                    diff "$scratch/$ref" "$scratch/t" | head -20
                    failures=$((failures + 1))
                else
                    echo "ok   futex.$order.$link ($engine, $mode)"
                fi
            done
        done
    done
done
exit $failures
