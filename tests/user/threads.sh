#!/bin/sh
# tests/user/threads.sh TERN_USER PROG_DIR — the pthreads program
# (progs/threads.c: mutex counter with 8 threads, LL/SC atomics, condvar
# producer/consumer, join values, TLS, a detached thread, pthread_exit,
# pthread_kill) static and dynamic, both byte orders, under the jit and the
# interpreter, compared with qemu-user (stdout and exit status). The verify
# engine is single-threaded (its replay undoes writes another thread could
# see): under it pthread_create fails cleanly (EAGAIN), checked too.
tern=$1
dir=$2
failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for order in el eb; do
    for link in static dyn; do
        prog=$dir/threads.$order.$link
        if [ $order = el ]; then qemu=qemu-mipsel; root=/usr/mipsel-linux-gnu
        else qemu=qemu-mips; root=/usr/mips-linux-gnu; fi
        $qemu -L $root "$prog" >"$scratch/q" 2>&1 </dev/null
        q=$?
        for engine in jit interp; do
            timeout 100 "$tern" --engine=$engine -L $root "$prog" >"$scratch/t" 2>&1 </dev/null
            t=$?
            if [ $q -ne $t ] || ! cmp -s "$scratch/q" "$scratch/t"; then
                echo "FAIL threads.$order.$link ($engine): qemu status $q, tern status $t"
                diff "$scratch/q" "$scratch/t" | head -20
                failures=$((failures + 1))
            else
                echo "ok   threads.$order.$link ($engine, status $t)"
            fi
        done
        timeout 100 "$tern" --engine=verify -L $root "$prog" >"$scratch/v" 2>&1 </dev/null
        if ! grep -q "pthread_create failed" "$scratch/v"; then
            echo "FAIL threads.$order.$link (verify): expected a clean pthread_create failure"
            head -5 "$scratch/v"
            failures=$((failures + 1))
        fi
    done
done
exit $failures
