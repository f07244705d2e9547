#!/bin/sh
# tests/user/jr_bad.sh TERN_USER PROG_DIR — progs/jr_bad (jumps to 0xffffffff,
# 0xfffffffc, 0x00400001, also right after a jump-cache slot was emptied)
# under the jit and verify engines must print what the reference interpreter
# prints, with a signal for every jump, and exit 0. Not compared with
# qemu-mipsel: its 24Kf has MIPS16, so an odd target switches ISA mode there
# (SIGILL), where tern's MIPS32R2 CPU takes AdEL.
tern=$1
dir=$2
failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for order in el eb; do
    for link in static dyn; do
        prog=$dir/jr_bad.$order.$link
        [ $order = el ] && root=/usr/mipsel-linux-gnu || root=/usr/mips-linux-gnu
        for engine in interp jit verify; do
            timeout 60 "$tern" --engine=$engine -L "$root" "$prog" >"$scratch/$engine" 2>&1 </dev/null
            echo $? >"$scratch/$engine.rc"
        done
        ok=true
        [ "$(cat "$scratch/interp.rc")" = 0 ] || ok=false
        [ "$(grep -c 'signal \(SEGV\|BUS\)' "$scratch/interp")" = 18 ] || ok=false
        grep -q 'slot code returns 7' "$scratch/interp" || ok=false
        for engine in jit verify; do
            cmp -s "$scratch/interp" "$scratch/$engine" || ok=false
            cmp -s "$scratch/interp.rc" "$scratch/$engine.rc" || ok=false
        done
        if $ok; then
            echo "ok   jr_bad.$order.$link"
        else
            echo "FAIL jr_bad.$order.$link"
            for engine in interp jit verify; do
                echo "-- $engine (status $(cat "$scratch/$engine.rc"))"
                head -20 "$scratch/$engine"
            done
            failures=$((failures + 1))
        fi
    done
done
exit $failures
