#!/bin/sh
# tests/integration/tb_flush.sh TERN_SYSTEM ELF... — a long guest program under
# a 16 KiB code cache (-tb-size 16K, the minimum) must print exactly what the
# interpreter prints and exit the same way, while --stats shows the cache was
# flushed many times; below the minimum, -tb-size is one clear error line.
tern=$1
shift
. "$(dirname "$0")/lib.sh"

for elf in "$@"; do
    name=$(basename "$elf" .elf)
    "$tern" -kernel "$elf" --engine=interp >"$scratch/want" 2>"$scratch/want.err"
    want_rc=$?
    "$tern" -kernel "$elf" --engine=jit -tb-size 16K --stats >"$scratch/got" 2>"$scratch/got.err"
    got_rc=$?
    flushes=$(sed -n 's/^ *code cache flushes *\([0-9][0-9]*\)$/\1/p' "$scratch/got.err")
    executed=$(sed -n 's/^ *guest instructions executed *\([0-9][0-9]*\)$/\1/p' "$scratch/got.err")
    if [ "$got_rc" -ne "$want_rc" ]; then
        echo "FAIL $name: exit status $got_rc under -tb-size 16K, $want_rc under interp"
        failures=$((failures + 1))
    elif [ ! -s "$scratch/want" ] || ! cmp -s "$scratch/want" "$scratch/got"; then
        echo "FAIL $name: output under -tb-size 16K differs from the interpreter's:"
        diff "$scratch/want" "$scratch/got" | head -20
        failures=$((failures + 1))
    elif [ -z "$flushes" ] || [ "$flushes" -lt 10 ]; then
        echo "FAIL $name: want >= 10 code cache flushes, --stats said '${flushes}':"
        cat "$scratch/got.err"
        failures=$((failures + 1))
    else
        echo "ok   $name: same output and status $got_rc, $executed insns, $flushes flushes"
    fi
done

good=$1
expect_run tb_size_too_small error "" "^tern-system: -tb-size 8K is below the code cache's minimum of 16K$" \
    -- "$tern" -kernel "$good" -tb-size 8K
expect_run tb_size_bad_suffix error "" "^tern-system: -tb-size takes a size in MiB" \
    -- "$tern" -kernel "$good" -tb-size 16Q
expect_run tb_size_k_ok 0 "" "" -- sh -c "\"$tern\" -kernel \"$good\" -tb-size 64K >/dev/null"
exit $failures
