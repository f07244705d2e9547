#!/bin/sh
# tests/integration/smoke.sh TERN_SYSTEM ELF_DIR — the hello program prints
# "hello" over the UART and powers off with 7, in both byte orders; the
# fault-loop program stops with status 3 and one line; logging and the
# instruction limit work.
tern=$1
elfs=$2
. "$(dirname "$0")/lib.sh"

for order in el eb; do
    for engine in interp jit verify; do
        expect_run hello.$order.$engine 7 "hello\n" "" -- "$tern" -kernel "$elfs/hello.$order.elf" --engine=$engine
    done
    expect_run hello.$order.nographic 7 "hello\n" "" -- "$tern" -nographic -m 16 -kernel "$elfs/hello.$order.elf"
    expect_run fault_loop.$order 3 "" \
        "guest stuck in an exception loop: RI .* at pc 0xbfc00380 .*began with IBE .* at pc 0x90000000" \
        -- "$tern" -kernel "$elfs/fault_loop.$order.elf"
done
expect_run insn_limit 4 "" "instruction limit reached after 3 instructions" \
    -- "$tern" -kernel "$elfs/hello.el.elf" -insn-limit 3 --engine=interp
# Under the JIT the limit is checked between visits of translated code.
expect_run insn_limit.jit 4 "" "instruction limit reached after [0-9]+ instructions" \
    -- "$tern" -kernel "$elfs/hello.el.elf" -insn-limit 3 --engine=jit

# -d in_asm,int to a file: the first block is disassembled and the IBE is logged.
expect_run log_file 3 "" "exception loop" \
    -- "$tern" -kernel "$elfs/fault_loop.el.elf" -d in_asm,int -D "$scratch/log"
if grep -q '^0x80010004:  01000008  jr \$t0' "$scratch/log" &&
    grep -q 'exception IBE .* at pc 0x90000000 badvaddr 0x90000000' "$scratch/log"; then
    echo "ok   log contents"
else
    echo "FAIL log contents:"; head -20 "$scratch/log"; failures=$((failures + 1))
fi
exit $failures
