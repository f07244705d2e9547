/* tests/guest/branch.S — every branch and jump of MIPS32R2 (Vol. II): taken and
 * not taken, the delay slot always executed for ordinary branches and executed
 * only when taken for branch-likely (nullified otherwise), the links of
 * BAL/BGEZAL/BLTZAL/BGEZALL/BLTZALL/JAL/JALR (PC + 8, written even when the
 * branch is not taken), JALR with rd != ra, and exceptions in delay slots
 * (EPC = the branch, Cause.BD = 1, Vol. III 6.2.x). */
#include "check_asm.h"

    /* Runs "\op \args, target" with a delay slot adding 1 and a fall-through
     * adding 10, and checks the sum in $t8: taken 1, not taken 11, likely not
     * taken 10. */
    .macro bcase want, line, op, args:vararg
    li $t8, 0
    \op \args, .Lbt\@
    addiu $t8, $t8, 1
    addiu $t8, $t8, 10
.Lbt\@:
    .set push
    .set noat
    li $at, \want
    check_at $t8, \line
    .set pop
    .endm
#define TAKEN(...) bcase 1, __LINE__, __VA_ARGS__
#define NOT_TAKEN(...) bcase 11, __LINE__, __VA_ARGS__
#define NULLIFIED(...) bcase 10, __LINE__, __VA_ARGS__

TEST_MAIN(branch)
    li $s0, 0
    li $s1, 5
    li $s2, -5
    li $s3, 0x80000000

    TAKEN(beq, $s1, $s1)
    NOT_TAKEN(beq, $s1, $s2)
    TAKEN(bne, $s1, $s2)
    NOT_TAKEN(bne, $s0, $zero)
    TAKEN(blez, $s0)
    TAKEN(blez, $s2)
    NOT_TAKEN(blez, $s1)
    TAKEN(bgtz, $s1)
    NOT_TAKEN(bgtz, $s0)
    NOT_TAKEN(bgtz, $s3)
    TAKEN(bltz, $s3)
    NOT_TAKEN(bltz, $s0)
    TAKEN(bgez, $s0)
    NOT_TAKEN(bgez, $s2)
    TAKEN(beq, $zero, $zero)    /* the "b" idiom */

    TAKEN(beql, $s1, $s1)
    NULLIFIED(beql, $s1, $s2)
    TAKEN(bnel, $s1, $s2)
    NULLIFIED(bnel, $s1, $s1)
    TAKEN(blezl, $s0)
    NULLIFIED(blezl, $s1)
    TAKEN(bgtzl, $s1)
    NULLIFIED(bgtzl, $s2)
    TAKEN(bltzl, $s2)
    NULLIFIED(bltzl, $s0)
    TAKEN(bgezl, $s1)
    NULLIFIED(bgezl, $s3)

    /* And-link forms: taken and not, checking $ra = branch + 8 each time. */
    TAKEN(bgezal, $s0)
    NOT_TAKEN(bgezal, $s2)
    TAKEN(bltzal, $s2)
    NOT_TAKEN(bltzal, $s1)
    TAKEN(bgezall, $s1)
    NULLIFIED(bgezall, $s2)
    TAKEN(bltzall, $s3)
    NULLIFIED(bltzall, $s0)

    li $ra, 0
l_bal:
    bal 1f
    nop
1:  la $t7, l_bal + 8
    CHECK_REG($ra, $t7)
    li $ra, 0
l_bgezal_nt:
    bgezal $s2, 1f              /* not taken, still links */
    nop
1:  la $t7, l_bgezal_nt + 8
    CHECK_REG($ra, $t7)
    li $ra, 0
l_bltzall_nt:
    bltzall $s1, 1f             /* not taken, still links */
    nop
1:  la $t7, l_bltzall_nt + 8
    CHECK_REG($ra, $t7)
    li $ra, 0
l_jal:
    jal 1f
    nop
1:  la $t7, l_jal + 8
    CHECK_REG($ra, $t7)

    /* J and JR to a label, JALR into ra and into another register. */
    li $t8, 0
    j 1f
    addiu $t8, $t8, 1
    addiu $t8, $t8, 10
1:  CHECK_EQ($t8, 1)
    li $t8, 0
    la $t6, 1f
    jr $t6
    addiu $t8, $t8, 1
    addiu $t8, $t8, 10
1:  CHECK_EQ($t8, 1)
    la $t6, 1f
    li $t8, 0
l_jalr:
    jalr $t6
    addiu $t8, $t8, 1
    addiu $t8, $t8, 10
1:  CHECK_EQ($t8, 1)
    la $t7, l_jalr + 8
    CHECK_REG($ra, $t7)
    la $t6, 1f
    li $t5, 0
    li $ra, 0x1234
l_jalr_rd:
    jalr $t5, $t6
    nop
1:  la $t7, l_jalr_rd + 8
    CHECK_REG($t5, $t7)
    CHECK_EQ($ra, 0x1234)

    /* The delay slot sees the link already written (Vol. II JAL: the return
     * address is set before the delay slot runs). */
l_jal_ds:
    jal 1f
    move $t4, $ra
1:  la $t7, l_jal_ds + 8
    CHECK_REG($t4, $t7)

    /* A backward branch loop: 10 iterations. */
    li $t0, 10
    li $t1, 0
2:  addiu $t0, $t0, -1
    bnez $t0, 2b
    addiu $t1, $t1, 3
    CHECK_EQ($t1, 30)

    /* A call and return through a real function. */
    li $a0, 20
    jal add_one
    nop
    CHECK_EQ($v0, 21)

#ifndef RT_USER
    /* Exceptions in delay slots: EPC = branch, Cause.BD = 1. */
    li $t0, 0x7fffffff
    li $t1, 1
    EXPECT_EXC(1f)
ds_beq:
    beq $s1, $s1, 1f
    add $t2, $t0, $t1
    nop
1:  CHECK_EXC_BD(12, ds_beq)

    EXPECT_EXC(1f)
ds_bne_nt:
    bne $s1, $s1, 1f            /* not taken: the slot is still a delay slot */
    add $t2, $t0, $t1
    nop
1:  CHECK_EXC_BD(12, ds_bne_nt)

    EXPECT_EXC(1f)
    la $t6, 1f
ds_jr:
    jr $t6
    syscall
    nop
1:  CHECK_EXC_BD(8, ds_jr)

    la $t3, 1f
    EXPECT_EXC(1f)
ds_jalr:
    jalr $t3
    lw $t2, 1($t3)
    nop
1:  CHECK_EXC_BD(4, ds_jalr)

    EXPECT_EXC(1f)
ds_beql:
    beql $s1, $s1, 1f
    break
    nop
1:  CHECK_EXC_BD(9, ds_beql)

    /* Not in a delay slot: BD = 0. */
    EXPECT_EXC(1f)
no_ds:
    syscall
    nop
1:  CHECK_EXC(8, no_ds)
#endif
TEST_END(branch)

    .ent add_one
add_one:
    jr $ra
    addiu $v0, $a0, 1
    .end add_one
