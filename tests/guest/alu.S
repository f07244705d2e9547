/* tests/guest/alu.S — every ALU, shift and compare instruction of MIPS32R2
 * (Vol. II), with values chosen at the edges (sign bit, carry out, shift amounts
 * 0 and 31, amounts above 31 in the variable shifts), writes to $zero, and the
 * overflow traps of ADD/ADDI/SUB: Ov taken, EPC = the instruction, destination
 * left unchanged (Vol. II ADD: "the destination register rd is not modified").
 */
#include "check_asm.h"

TEST_MAIN(alu)
    /* ADDU/ADDIU/SUBU wrap silently. */
    li $t0, 0x7fffffff
    li $t1, 1
    addu $t2, $t0, $t1
    CHECK_EQ($t2, 0x80000000)
    addiu $t2, $t0, 1
    CHECK_EQ($t2, 0x80000000)
    addiu $t2, $zero, -32768
    CHECK_EQ($t2, 0xffff8000)
    li $t3, 0xffffffff
    addu $t2, $t3, $t3
    CHECK_EQ($t2, 0xfffffffe)
    subu $t2, $zero, $t1
    CHECK_EQ($t2, 0xffffffff)
    li $t4, 0x80000000
    subu $t2, $t4, $t1
    CHECK_EQ($t2, 0x7fffffff)

    /* ADD/ADDI/SUB without overflow. */
    li $t0, 100
    li $t1, -58
    add $t2, $t0, $t1
    CHECK_EQ($t2, 42)
    addi $t2, $t0, -101
    CHECK_EQ($t2, -1)
    sub $t2, $t1, $t0
    CHECK_EQ($t2, -158)
    li $t0, 0x80000000
    li $t1, 0x7fffffff
    add $t2, $t0, $t1
    CHECK_EQ($t2, 0xffffffff)

    /* Logical: immediates of ANDI/ORI/XORI are zero-extended. */
    li $t0, 0xf0f0ff00
    li $t1, 0x0ff0f0f0
    and $t2, $t0, $t1
    CHECK_EQ($t2, 0x00f0f000)
    or $t2, $t0, $t1
    CHECK_EQ($t2, 0xfff0fff0)
    xor $t2, $t0, $t1
    CHECK_EQ($t2, 0xff000ff0)
    nor $t2, $t0, $t1
    CHECK_EQ($t2, 0x000f000f)
    andi $t2, $t0, 0xffff
    CHECK_EQ($t2, 0x0000ff00)
    ori $t2, $t0, 0x8001
    CHECK_EQ($t2, 0xf0f0ff01)
    xori $t2, $t0, 0xffff
    CHECK_EQ($t2, 0xf0f000ff)
    lui $t2, 0x8765
    CHECK_EQ($t2, 0x87650000)

    /* Compares: SLTI/SLTIU sign-extend the immediate; SLTIU then compares
     * unsigned, so x <u 0xffff8000 for small x. */
    li $t0, -5
    li $t1, 3
    slt $t2, $t0, $t1
    CHECK_EQ($t2, 1)
    slt $t2, $t1, $t0
    CHECK_EQ($t2, 0)
    sltu $t2, $t0, $t1
    CHECK_EQ($t2, 0)
    sltu $t2, $t1, $t0
    CHECK_EQ($t2, 1)
    slt $t2, $t1, $t1
    CHECK_EQ($t2, 0)
    slti $t2, $t0, -4
    CHECK_EQ($t2, 1)
    slti $t2, $t0, -5
    CHECK_EQ($t2, 0)
    sltiu $t2, $t1, -32768
    CHECK_EQ($t2, 1)
    sltiu $t2, $t0, -32768
    CHECK_EQ($t2, 0)
    sltiu $t2, $zero, 1
    CHECK_EQ($t2, 1)

    /* Shifts by immediate. */
    li $t0, 0x80000001
    sll $t2, $t0, 0
    CHECK_EQ($t2, 0x80000001)
    sll $t2, $t0, 4
    CHECK_EQ($t2, 0x00000010)
    sll $t2, $t0, 31
    CHECK_EQ($t2, 0x80000000)
    srl $t2, $t0, 31
    CHECK_EQ($t2, 1)
    srl $t2, $t0, 1
    CHECK_EQ($t2, 0x40000000)
    sra $t2, $t0, 1
    CHECK_EQ($t2, 0xc0000000)
    sra $t2, $t0, 31
    CHECK_EQ($t2, 0xffffffff)
    li $t1, 0x7ffffff0
    sra $t2, $t1, 4
    CHECK_EQ($t2, 0x07ffffff)

    /* Variable shifts use only the low 5 bits of rs. */
    li $t3, 36
    sllv $t2, $t0, $t3
    CHECK_EQ($t2, 0x00000010)
    srlv $t2, $t0, $t3
    CHECK_EQ($t2, 0x08000000)
    srav $t2, $t0, $t3
    CHECK_EQ($t2, 0xf8000000)
    li $t3, 0xffffffe0
    sllv $t2, $t0, $t3
    CHECK_EQ($t2, 0x80000001)
    li $t3, 31
    srav $t2, $t0, $t3
    CHECK_EQ($t2, 0xffffffff)

    /* $zero stays zero whatever is written to it. */
    li $t0, 123
    addu $zero, $t0, $t0
    lui $zero, 0x1234
    ori $zero, $t0, 1
    CHECK_EQ($zero, 0)
    move $t2, $zero
    CHECK_EQ($t2, 0)

    /* Same register as source and destination. */
    li $t5, 7
    addu $t5, $t5, $t5
    CHECK_EQ($t5, 14)
    sll $t5, $t5, 2
    CHECK_EQ($t5, 56)

#ifndef RT_USER
    /* Integer overflow (Vol. II ADD, ADDI, SUB): Ov, EPC = faulting insn, BD=0,
     * rd/rt unchanged. */
    li $t0, 0x7fffffff
    li $t1, 1
    li $t2, 0x5a5a5a5a
    EXPECT_EXC(1f)
add_ov:
    add $t2, $t0, $t1
    nop
1:  CHECK_EXC(12, add_ov)
    CHECK_EQ($t2, 0x5a5a5a5a)

    li $t0, 0x80000000
    EXPECT_EXC(1f)
add_ov_neg:
    add $t2, $t0, $t0
    nop
1:  CHECK_EXC(12, add_ov_neg)
    CHECK_EQ($t2, 0x5a5a5a5a)

    /* The largest sum that does not overflow traps nothing. */
    li $t0, 0x7fff8000
    addi $t3, $t0, 0x7fff
    CHECK_EQ($t3, 0x7fffffff)
    li $t0, 0x7fffffff
    EXPECT_EXC(1f)
addi_ov2:
    addi $t2, $t0, 1
    nop
1:  CHECK_EXC(12, addi_ov2)
    CHECK_EQ($t2, 0x5a5a5a5a)

    li $t0, 0x80000000
    EXPECT_EXC(1f)
addi_ov_neg:
    addi $t2, $t0, -1
    nop
1:  CHECK_EXC(12, addi_ov_neg)
    CHECK_EQ($t2, 0x5a5a5a5a)

    li $t0, 0x80000000
    li $t1, 1
    EXPECT_EXC(1f)
sub_ov:
    sub $t2, $t0, $t1
    nop
1:  CHECK_EXC(12, sub_ov)
    CHECK_EQ($t2, 0x5a5a5a5a)

    li $t0, 0x7fffffff
    li $t1, -1
    EXPECT_EXC(1f)
sub_ov_pos:
    sub $t2, $t0, $t1
    nop
1:  CHECK_EXC(12, sub_ov_pos)
    CHECK_EQ($t2, 0x5a5a5a5a)
#endif
TEST_END(alu)
