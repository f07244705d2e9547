#!/bin/sh
# tests/user/calls.sh TERN_USER PROG_DIR — progs/calls.c (guest calls and
# returns of every shape: deep and mutual recursion, JALR tables, longjmp, a
# changed $ra, signals inside recursion, threads) static and dynamic, both byte
# orders, under tern-user's jit (superblocks on, and off: TERN_SUPERBLOCKS=0),
# interp and verify engines, against qemu-user: same stdout, same exit status.
tern=$1
dir=$2
failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for order in el eb; do
    for link in static dyn; do
        prog=$dir/calls.$order.$link
        if [ $order = el ]; then qemu=qemu-mipsel; root=/usr/mipsel-linux-gnu
        else qemu=qemu-mips; root=/usr/mips-linux-gnu; fi
        for run in jit nosb interp verify; do
            env=""
            [ $run = verify ] && env="-E CALLS_NO_THREADS=1"
            # shellcheck disable=SC2086
            $qemu -L "$root" $env "$prog" >"$scratch/q" 2>&1 </dev/null
            q=$?
            case $run in
            nosb) set -- env TERN_SUPERBLOCKS=0 "$tern" ;;
            jit) set -- "$tern" ;;
            *) set -- "$tern" --engine=$run ;;
            esac
            # shellcheck disable=SC2086
            "$@" -L "$root" $env "$prog" >"$scratch/t" 2>&1 </dev/null
            t=$?
            if [ $q -ne 0 ] || [ $t -ne $q ] || ! cmp -s "$scratch/q" "$scratch/t" ||
               [ "$(wc -l <"$scratch/t")" -ne 10 ]; then
                echo "FAIL calls.$order.$link $run: qemu status $q, tern status $t"
                diff "$scratch/q" "$scratch/t" | head -20
                failures=$((failures + 1))
            else
                echo "ok   calls.$order.$link $run"
            fi
        done
    done
done
exit $failures
