#!/bin/sh
# tests/user/compare_qemu.sh TERN_USER PROG_DIR [ENGINE] — runs every test program
# (static and dynamic, both byte orders) under qemu-user and tern-user with
# the same arguments and environment changes, and compares stdout and the exit
# status. Dynamic programs use Debian's cross libc under /usr/<triplet>.
# ENGINE (jit, interp, verify) is passed as --engine; default: tern's own.
tern=$1
dir=$2
engine=${3:+--engine=$3}
failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for name in startup files memory smc signals sockets wrap swlr creds fsmeta fileio timers; do
    for order in el eb; do
        for link in static dyn; do
            prog=$dir/$name.$order.$link
            if [ $order = el ]; then qemu=qemu-mipsel; root=/usr/mipsel-linux-gnu
            else qemu=qemu-mips; root=/usr/mips-linux-gnu; fi
            set -- -L "$root" -E TERN_TEST_VAR=value -U TERN_TEST_GONE
            [ $name = startup ] && args="one two" || args=""
            # shellcheck disable=SC2086
            TERN_TEST_GONE=1 $qemu "$@" "$prog" $args >"$scratch/q" 2>&1 </dev/null
            q=$?
            # shellcheck disable=SC2086
            TERN_TEST_GONE=1 "$tern" $engine "$@" "$prog" $args >"$scratch/t" 2>&1 </dev/null
            t=$?
            if [ $q -ne $t ] || ! cmp -s "$scratch/q" "$scratch/t" || ! [ -s "$scratch/t" ]; then
                echo "FAIL $name.$order.$link: qemu status $q, tern status $t"
                diff "$scratch/q" "$scratch/t" | head -20
                failures=$((failures + 1))
            else
                echo "ok   $name.$order.$link (status $t, $(wc -l <"$scratch/t") lines)"
            fi
        done
    done
done
exit $failures
