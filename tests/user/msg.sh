#!/bin/sh
# tests/user/msg.sh TERN_USER PROG_DIR — progs/msg.c (sendmsg/recvmsg with
# iovecs, SCM_RIGHTS, SCM_CREDENTIALS, names, MSG_PEEK/MSG_TRUNC,
# sendmmsg/recvmmsg) static and dynamic, both byte orders, under the jit and
# the interpreter, against qemu-user's output; the "[kernel]" lines (a
# control buffer too small for the fds sent) are checked against what Linux
# does instead (MSG_CTRUNC set, the fd that did not fit closed), since
# qemu-user 7.2 gets them wrong.
tern=$1
dir=$2
failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cat >"$scratch/kernel" <<'END'
[kernel] small control: 11 'truncate me' ctrunc 1 fds 1
[kernel] fd kept valid: yes, no leak: yes
END
for order in el eb; do
    if [ $order = el ]; then qemu=qemu-mipsel; root=/usr/mipsel-linux-gnu
    else qemu=qemu-mips; root=/usr/mips-linux-gnu; fi
    for link in static dyn; do
        prog=$dir/msg.$order.$link
        timeout 100 $qemu -L $root "$prog" >"$scratch/q" 2>&1 </dev/null
        q=$?
        grep -v '^\[kernel\]' "$scratch/q" >"$scratch/qc"
        for engine in jit interp; do
            timeout 100 "$tern" --engine=$engine -L $root "$prog" >"$scratch/t" 2>&1 </dev/null
            t=$?
            grep -v '^\[kernel\]' "$scratch/t" >"$scratch/tc"
            grep '^\[kernel\]' "$scratch/t" >"$scratch/tk"
            if [ $q -ne $t ] || ! [ -s "$scratch/tc" ] || ! cmp -s "$scratch/qc" "$scratch/tc" ||
                ! cmp -s "$scratch/kernel" "$scratch/tk"; then
                echo "FAIL msg.$order.$link ($engine): qemu status $q, tern status $t"
                diff "$scratch/q" "$scratch/t" | head -20
                failures=$((failures + 1))
            else
                echo "ok   msg.$order.$link ($engine)"
            fi
        done
    done
done
exit $failures
