/* tests/guest/muldiv.S — HI/LO multiply and divide (Vol. II): MULT, MULTU,
 * MADD, MADDU, MSUB, MSUBU, MUL, DIV, DIVU, MFHI/MFLO/MTHI/MTLO.
 *
 * Division by zero and INT_MIN / -1 are UNPREDICTABLE in the manual and never
 * trap. We expect what QEMU leaves (target/mips translate.c gen_muldiv: the
 * divisor is replaced by 1), i.e. LO = dividend and HI = 0; the qemu-user run
 * of this program (guest.muldiv.*.qemu) confirms it.
 */
#include "check_asm.h"

TEST_MAIN(muldiv)
    li $t0, -7
    li $t1, 3
    mult $t0, $t1
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, -21)
    CHECK_EQ($t3, 0xffffffff)
    multu $t0, $t1              /* 0xfffffff9 * 3 = 0x2_ffffffeb */
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, 0xffffffeb)
    CHECK_EQ($t3, 2)
    li $t0, 0x80000000
    mult $t0, $t0               /* 2^62 */
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, 0)
    CHECK_EQ($t3, 0x40000000)
    li $t0, 0xffffffff
    multu $t0, $t0              /* (2^32-1)^2 = 0xfffffffe_00000001 */
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, 1)
    CHECK_EQ($t3, 0xfffffffe)

    /* MUL writes rd only (HI/LO UNPREDICTABLE afterwards: not checked). */
    li $t0, 0x12345
    li $t1, 0x10001
    mul $t2, $t0, $t1           /* 0x12345 * 0x10001 = 0x1_23462345 */
    CHECK_EQ($t2, 0x23462345)
    li $t0, -3
    li $t1, 5
    mul $t2, $t0, $t1
    CHECK_EQ($t2, -15)

    /* MTHI/MTLO then accumulate. */
    li $t0, 0x00000001
    li $t1, 0xffffffff
    mthi $t0
    mtlo $t1                    /* HI:LO = 0x1_ffffffff */
    li $t2, 2
    li $t3, 3
    madd $t2, $t3               /* + 6 = 0x2_00000005 */
    mfhi $t4
    mflo $t5
    CHECK_EQ($t4, 2)
    CHECK_EQ($t5, 5)
    li $t2, -1
    li $t3, 1
    madd $t2, $t3               /* signed: + (-1) = 0x2_00000004 */
    mfhi $t4
    mflo $t5
    CHECK_EQ($t4, 2)
    CHECK_EQ($t5, 4)
    maddu $t2, $t3              /* unsigned: + 0xffffffff = 0x3_00000003 */
    mfhi $t4
    mflo $t5
    CHECK_EQ($t4, 3)
    CHECK_EQ($t5, 3)
    li $t2, 4
    msub $t2, $t3               /* - 4 = 0x2_ffffffff */
    mfhi $t4
    mflo $t5
    CHECK_EQ($t4, 2)
    CHECK_EQ($t5, 0xffffffff)
    li $t2, -1
    msub $t2, $t3               /* signed: - (-1) = 0x3_00000000 */
    mfhi $t4
    mflo $t5
    CHECK_EQ($t4, 3)
    CHECK_EQ($t5, 0)
    msubu $t2, $t3              /* unsigned: - 0xffffffff = 0x2_00000001 */
    mfhi $t4
    mflo $t5
    CHECK_EQ($t4, 2)
    CHECK_EQ($t5, 1)
    mthi $zero
    mtlo $zero
    li $t2, 1
    msubu $t2, $t3              /* 0 - 1 wraps the 64-bit accumulator */
    mfhi $t4
    mflo $t5
    CHECK_EQ($t4, 0xffffffff)
    CHECK_EQ($t5, 0xffffffff)

    /* DIV/DIVU: quotient in LO, remainder in HI; C truncation semantics. */
    li $t0, -7
    li $t1, 2
    div $zero, $t0, $t1
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, -3)
    CHECK_EQ($t3, -1)
    li $t0, 7
    li $t1, -2
    div $zero, $t0, $t1
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, -3)
    CHECK_EQ($t3, 1)
    li $t0, -2
    li $t1, -7
    divu $zero, $t0, $t1        /* 0xfffffffe / 0xfffffff9 */
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, 1)
    CHECK_EQ($t3, 5)
    li $t0, 100
    li $t1, 7
    divu $zero, $t0, $t1
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, 14)
    CHECK_EQ($t3, 2)

    /* UNPREDICTABLE cases, as QEMU leaves them. */
    li $t0, 0x80000000
    li $t1, -1
    div $zero, $t0, $t1
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, 0x80000000)
    CHECK_EQ($t3, 0)
    li $t0, 1234
    div $zero, $t0, $zero
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, 1234)
    CHECK_EQ($t3, 0)
    li $t0, 0xdeadbeef
    divu $zero, $t0, $zero
    mflo $t2
    mfhi $t3
    CHECK_EQ($t2, 0xdeadbeef)
    CHECK_EQ($t3, 0)
TEST_END(muldiv)
