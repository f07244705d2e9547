/* tests/guest/mem.S — loads and stores (Vol. II): LB, LBU, LH, LHU, LW, SB, SH,
 * SW, LWL/LWR/SWL/SWR at every byte offset in both byte orders, the unaligned
 * load idiom, address errors of unaligned LW/LH/LHU/SW/SH (AdEL/AdES, BadVAddr
 * = the address, destination and memory untouched), and LL/SC. Expected words
 * are written per byte order (__MIPSEB__), as a load of the bytes sees them. */
#include "check_asm.h"

#ifdef __MIPSEB__
#define BE_LE(be, le) be
#else
#define BE_LE(be, le) le
#endif

    .data
    .align 4
pattern:
    .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77
signs:
    .byte 0x80, 0x81, 0x7f, 0xff
scratch:
    .word 0, 0
llword:
    .word 0

    /* Restores the first pattern word (bytes 00 11 22 33). */
    .macro reset_pattern
    li $s1, BE_LE(0x00112233, 0x33221100)
    sw $s1, 0($s0)
    .endm

    /* LWL/LWR at \off with rt preset to 0xaabbccdd must give \want. */
    .macro lwx op, off, want, line
    li $t1, 0xaabbccdd
    \op $t1, \off($s0)
    .set push
    .set noat
    li $at, \want
    check_at $t1, \line
    .set pop
    .endm

    /* SWL/SWR of 0xaabbccdd at \off must leave the first word as \want. */
    .macro swx op, off, want, line
    reset_pattern
    li $t1, 0xaabbccdd
    \op $t1, \off($s0)
    lw $t2, 0($s0)
    .set push
    .set noat
    li $at, \want
    check_at $t2, \line
    .set pop
    .endm
#define LWX(op, off, be, le) lwx op, off, BE_LE(be, le), __LINE__
#define SWX(op, off, be, le) swx op, off, BE_LE(be, le), __LINE__

TEST_MAIN(mem)
    la $s2, signs
    lb $t0, 0($s2)
    CHECK_EQ($t0, 0xffffff80)
    lbu $t0, 0($s2)
    CHECK_EQ($t0, 0x80)
    lb $t0, 2($s2)
    CHECK_EQ($t0, 0x7f)
    lbu $t0, 3($s2)
    CHECK_EQ($t0, 0xff)
    lh $t0, 0($s2)
    CHECK_EQ($t0, BE_LE(0xffff8081, 0xffff8180))
    lhu $t0, 0($s2)
    CHECK_EQ($t0, BE_LE(0x8081, 0x8180))
    lh $t0, 2($s2)
    CHECK_EQ($t0, BE_LE(0x7fff, 0xffffff7f))
    lhu $t0, 2($s2)
    CHECK_EQ($t0, BE_LE(0x7fff, 0xff7f))
    lw $t0, 0($s2)
    CHECK_EQ($t0, BE_LE(0x80817fff, 0xff7f8180))
    addiu $t3, $s2, 4
    lw $t0, -4($t3)             /* negative offset */
    CHECK_EQ($t0, BE_LE(0x80817fff, 0xff7f8180))

    la $s3, scratch
    li $t0, 0x11223344
    sw $t0, 0($s3)
    li $t1, 0x12345678
    sb $t1, 1($s3)
    lw $t2, 0($s3)
    CHECK_EQ($t2, BE_LE(0x11783344, 0x11227844))
    li $t1, 0xbeef
    sh $t1, 2($s3)
    lw $t2, 0($s3)
    CHECK_EQ($t2, BE_LE(0x1178beef, 0xbeef7844))
    sh $t1, 0($s3)
    lhu $t2, 0($s3)
    CHECK_EQ($t2, 0xbeef)
    lbu $t2, 0($s3)
    CHECK_EQ($t2, BE_LE(0xbe, 0xef))
    sw $zero, 4($s3)
    lw $t2, 4($s3)
    CHECK_EQ($t2, 0)

    /* LWL/LWR, every offset. */
    la $s0, pattern
    LWX(lwl, 0, 0x00112233, 0x00bbccdd)
    LWX(lwl, 1, 0x112233dd, 0x1100ccdd)
    LWX(lwl, 2, 0x2233ccdd, 0x221100dd)
    LWX(lwl, 3, 0x33bbccdd, 0x33221100)
    LWX(lwr, 0, 0xaabbcc00, 0x33221100)
    LWX(lwr, 1, 0xaabb0011, 0xaa332211)
    LWX(lwr, 2, 0xaa001122, 0xaabb3322)
    LWX(lwr, 3, 0x00112233, 0xaabbcc33)

    /* The unaligned-load idiom (ulw) at pattern+1: bytes 11 22 33 44. */
#ifdef __MIPSEB__
    lwl $t1, 1($s0)
    lwr $t1, 4($s0)
#else
    lwr $t1, 1($s0)
    lwl $t1, 4($s0)
#endif
    CHECK_EQ($t1, BE_LE(0x11223344, 0x44332211))

    /* SWL/SWR, every offset. */
    SWX(swl, 0, 0xaabbccdd, 0x332211aa)
    SWX(swl, 1, 0x00aabbcc, 0x3322aabb)
    SWX(swl, 2, 0x0011aabb, 0x33aabbcc)
    SWX(swl, 3, 0x001122aa, 0xaabbccdd)
    SWX(swr, 0, 0xdd112233, 0xaabbccdd)
    SWX(swr, 1, 0xccdd2233, 0xbbccdd00)
    SWX(swr, 2, 0xbbccdd33, 0xccdd1100)
    SWX(swr, 3, 0xaabbccdd, 0xdd221100)
    reset_pattern
    lw $t2, 4($s0)              /* the next word is never touched */
    CHECK_EQ($t2, BE_LE(0x44556677, 0x77665544))

    /* LL/SC: a linked SC succeeds once; the link is gone after it. */
    la $s4, llword
    li $t0, 5
    sw $t0, 0($s4)
    ll $t1, 0($s4)
    CHECK_EQ($t1, 5)
    addiu $t1, $t1, 1
    sc $t1, 0($s4)
    CHECK_EQ($t1, 1)
    lw $t2, 0($s4)
    CHECK_EQ($t2, 6)
    li $t1, 99
    sc $t1, 0($s4)
    CHECK_EQ($t1, 0)
    lw $t2, 0($s4)
    CHECK_EQ($t2, 6)

#ifndef RT_USER
    /* Address errors: AdEL (4) / AdES (5), BadVAddr = the unaligned address,
     * rt and memory unchanged. */
    li $t1, 0x5a5a5a5a
    EXPECT_EXC(1f)
ade_lw:
    lw $t1, 1($s0)
    nop
1:  CHECK_EXC(4, ade_lw)
    CHECK_BADVADDR(pattern + 1)
    CHECK_EQ($t1, 0x5a5a5a5a)
    EXPECT_EXC(1f)
ade_lw2:
    lw $t1, 2($s0)
    nop
1:  CHECK_EXC(4, ade_lw2)
    CHECK_BADVADDR(pattern + 2)
    EXPECT_EXC(1f)
ade_lh:
    lh $t1, 1($s0)
    nop
1:  CHECK_EXC(4, ade_lh)
    CHECK_BADVADDR(pattern + 1)
    EXPECT_EXC(1f)
ade_lhu:
    lhu $t1, 3($s0)
    nop
1:  CHECK_EXC(4, ade_lhu)
    CHECK_BADVADDR(pattern + 3)
    CHECK_EQ($t1, 0x5a5a5a5a)
    EXPECT_EXC(1f)
ade_sw:
    sw $t1, 3($s0)
    nop
1:  CHECK_EXC(5, ade_sw)
    CHECK_BADVADDR(pattern + 3)
    EXPECT_EXC(1f)
ade_sh:
    sh $t1, 1($s0)
    nop
1:  CHECK_EXC(5, ade_sh)
    CHECK_BADVADDR(pattern + 1)
    lw $t2, 0($s0)
    CHECK_EQ($t2, BE_LE(0x00112233, 0x33221100))
    /* Kernel-only segment from... kseg0 is fine in kernel mode; an unaligned
     * LL faults like LW. */
    EXPECT_EXC(1f)
ade_ll:
    ll $t1, 2($s4)
    nop
1:  CHECK_EXC(4, ade_ll)

    /* ERET clears the link (Vol. II ERET), so SC after an exception fails. */
    ll $t1, 0($s4)
    EXPECT_EXC(1f)
ll_sys:
    syscall
    nop
1:  CHECK_EXC(8, ll_sys)
    li $t1, 7
    sc $t1, 0($s4)
    CHECK_EQ($t1, 0)
    lw $t2, 0($s4)
    CHECK_EQ($t2, 6)
#endif
TEST_END(mem)
