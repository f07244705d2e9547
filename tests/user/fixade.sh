#!/bin/sh
# tests/user/fixade.sh TERN_USER PROG_DIR EXPECTED — progs/fixade.c
# (misaligned loads and stores fixed up as MIPS Linux's do_ade does, SIGBUS
# for LL/SC and after sysmips(MIPS_FIXADE, 0), SIGSEGV at the first bad byte
# of an access that reaches an unmapped page) static and dynamic, both byte
# orders, under the jit, the interpreter and verify, and the jit once more
# with the inline page check (TERN_PAGE_CHECK, which keeps the alignment
# test): stdout must be EXPECTED exactly, status 0. qemu-user sends SIGBUS
# for every misaligned access instead, so it is no oracle here.
tern=$1
dir=$2
want=$3
failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
check() {
    name=$1
    shift
    timeout 100 "$@" >"$scratch/t" 2>&1 </dev/null
    t=$?
    if [ $t -ne 0 ] || ! cmp -s "$want" "$scratch/t"; then
        echo "FAIL $name: status $t"
        diff "$want" "$scratch/t" | head -20
        failures=$((failures + 1))
    else
        echo "ok   $name"
    fi
}
for order in el eb; do
    if [ $order = el ]; then root=/usr/mipsel-linux-gnu; else root=/usr/mips-linux-gnu; fi
    for link in static dyn; do
        prog=$dir/fixade.$order.$link
        for engine in jit interp verify; do
            check "fixade.$order.$link ($engine)" "$tern" --engine=$engine -L $root "$prog"
        done
        check "fixade.$order.$link (jit, page check)" env TERN_PAGE_CHECK=1 "$tern" -L $root "$prog"
    done
done
exit $failures
