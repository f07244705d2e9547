#!/bin/sh
# tests/user/binfmt.sh TERN_USER PROG_DIR REGISTER_SCRIPT — scripts/binfmt-register.sh
# for real: its dry run prints both entries; then (root, binfmt_misc mounted
# here when it is not) it registers tern-user under a name of its own for
# both byte orders, runs MIPS programs directly (./prog, the sysroot from
# $TERN_LD_PREFIX), compares them with qemu-user, unregisters, and checks
# that a MIPS program no longer runs. The entries go, and a binfmt_misc
# mounted by the test is unmounted when nothing else is registered, even
# when a step fails or the test is interrupted.
tern=$(realpath "$1")
dir=$2
reg=$3
name=terntest$$
bm=/proc/sys/fs/binfmt_misc
failures=0
mounted=false
scratch=$(mktemp -d)
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
cleanup() {
    sh "$reg" --name $name --unregister
    if $mounted && [ "$(ls $bm | tr '\n' ' ')" = "register status " ]; then umount $bm; fi
    rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

dry=$(sh "$reg" --tern "$tern" --name $name --dry-run)
if [ "$(echo "$dry" | grep -c "^:$name-mips\(el\)\?:M::.*:$tern:F\$")" -ne 2 ]; then
    fail "dry run: $dry"
fi

if [ ! -e $bm/register ]; then
    mount -t binfmt_misc binfmt_misc $bm || { echo "FAIL mount binfmt_misc (root?)"; exit 1; }
    mounted=true
fi
sh "$reg" --tern "$tern" --name $name || { echo "FAIL registering"; exit 1; }
for order in el eb; do
    entry=$name-mipsel
    [ $order = eb ] && entry=$name-mips
    grep -q '^enabled' $bm/$entry 2>/dev/null || fail "$entry not enabled"
    if [ $order = el ]; then qemu=qemu-mipsel; root=/usr/mipsel-linux-gnu
    else qemu=qemu-mips; root=/usr/mips-linux-gnu; fi
    for prog in startup.$order.static startup.$order.dyn sockets.$order.dyn; do
        TERN_TEST_VAR=value $qemu -L $root "$dir/$prog" one two >"$scratch/q" 2>&1 </dev/null
        q=$?
        TERN_TEST_VAR=value TERN_LD_PREFIX=$root timeout 100 "$dir/$prog" one two \
            >"$scratch/t" 2>&1 </dev/null
        t=$?
        if [ $q -ne $t ] || ! [ -s "$scratch/t" ] || ! cmp -s "$scratch/q" "$scratch/t"; then
            fail "./$prog: qemu status $q, direct status $t"
            diff "$scratch/q" "$scratch/t" | head -10
        else
            echo "ok   ./$prog runs under tern-user (binfmt_misc)"
        fi
    done
done
sh "$reg" --name $name --unregister
if [ -e $bm/$name-mipsel ] || [ -e $bm/$name-mips ]; then fail "entries left after --unregister"; fi
"$dir/startup.el.static" >/dev/null 2>&1 </dev/null
r=$?
if [ -e $bm/tern-mipsel ] || [ -e $bm/qemu-mipsel ]; then
    echo "ok   (another mipsel handler is registered: exec after unregister not checked)"
elif [ $r -ne 126 ]; then
    fail "a MIPS program still runs after unregistering (status $r)"
else
    echo "ok   unregistered: a MIPS program is ENOEXEC again"
fi
exit $failures
