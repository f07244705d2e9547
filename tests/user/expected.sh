#!/bin/sh
# tests/user/expected.sh TERN_USER PROG_DIR NAME ENGINE... — the tern-only
# programs (what qemu-user 7.2 answers otherwise than Linux, or cannot run):
# progs/NAME.c, static and dynamic, both byte orders, under each ENGINE,
# must exit 0 and print exactly tests/user/NAME.expected.
tern=$1
dir=$2
name=$3
shift 3
want=$(dirname "$0")/$name.expected
failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for order in el eb; do
    if [ $order = el ]; then root=/usr/mipsel-linux-gnu; else root=/usr/mips-linux-gnu; fi
    for link in static dyn; do
        for engine in "$@"; do
            prog=$dir/$name.$order.$link
            timeout 100 "$tern" --engine=$engine -L $root "$prog" >"$scratch/t" 2>&1 </dev/null
            t=$?
            if [ $t -ne 0 ] || ! cmp -s "$want" "$scratch/t"; then
                echo "FAIL $name.$order.$link ($engine): status $t"
                diff "$want" "$scratch/t" | head -20
                failures=$((failures + 1))
            else
                echo "ok   $name.$order.$link ($engine)"
            fi
        done
    done
done
exit $failures
