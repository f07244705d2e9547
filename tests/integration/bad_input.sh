#!/bin/sh
# tests/integration/bad_input.sh TERN_SYSTEM ELF_DIR — every kind of bad input
# gives exactly one line on stderr, nothing on stdout, and an exit status of
# 1..127 (never a crash or a signal).
tern=$1
elfs=$2
. "$(dirname "$0")/lib.sh"

good=$elfs/hello.el.elf
printf 'this is not an ELF\n' >"$scratch/text.txt"
head -c 10 "$good" >"$scratch/trunc_ident.elf"
head -c 40 "$good" >"$scratch/trunc_header.elf"
head -c 100 "$good" >"$scratch/trunc_phdrs.elf"
# The linker puts .text at file offset 0x10000: cut inside it.
head -c $((0x10030)) "$good" >"$scratch/trunc_data.elf"
: >"$scratch/empty.elf"

expect_run text error "" "'.*text.txt' is not an ELF file \\(bad magic\\)$" -- "$tern" -kernel "$scratch/text.txt"
expect_run empty error "" "is not an ELF file" -- "$tern" -kernel "$scratch/empty.elf"
expect_run trunc_ident error "" "is truncated" -- "$tern" -kernel "$scratch/trunc_ident.elf"
expect_run trunc_header error "" "is truncated \\(ELF header" -- "$tern" -kernel "$scratch/trunc_header.elf"
expect_run trunc_phdrs error "" "is truncated \\(program headers" -- "$tern" -kernel "$scratch/trunc_phdrs.elf"
expect_run trunc_data error "" "is truncated \\(segment" -- "$tern" -kernel "$scratch/trunc_data.elf"
expect_run host_elf error "" "is a 64-bit x86-64 ELF; tern runs MIPS32 \\(ELFCLASS32\\) programs$" -- "$tern" -kernel /bin/true
expect_run mips64_elf64 error "" "is a 64-bit MIPS ELF; tern runs MIPS32" -- "$tern" -kernel "$elfs/mips64.elf"
expect_run mips64_isa error "" "is built for MIPS64R2 \\(e_flags 0x[0-9a-f]+\\); tern runs MIPS32R2 programs$" -- "$tern" -kernel "$elfs/mips64r2_o32.elf"
expect_run missing error "" "^tern-system: cannot open '$scratch/nope.elf': No such file or directory$" -- "$tern" -kernel "$scratch/nope.elf"
expect_run directory error "" "cannot open '.*': Is a directory$" -- "$tern" -kernel "$scratch"
expect_run outside_ram error "" "segment at 0x88000000-0x[0-9a-f]+ outside guest memory$" -- "$tern" -kernel "$elfs/outside_ram.el.elf"
expect_run no_kernel error "" "no program given" -- "$tern"
expect_run bad_option error "" "unknown option '-bogus'" -- "$tern" -bogus -kernel "$good"
expect_run bad_engine error "" "unknown engine 'fast'" -- "$tern" -kernel "$good" --engine=fast
expect_run bad_tb_size error "" "-tb-size takes a size in MiB" -- "$tern" -kernel "$good" -tb-size 0
expect_run bad_pass error "" "-O: unknown pass in 'no-magic'" -- "$tern" -kernel "$good" -O no-magic
expect_run bad_ram error "" "-m 4096: the virt board takes 1 to 256 MiB" -- "$tern" -m 4096 -kernel "$good"
expect_run bad_log error "" "unknown log item 'nonsense'" -- "$tern" -d in_asm,nonsense -kernel "$good"
exit $failures
