/* tests/guest/smc.S — self-modifying code: a program that writes instructions
 * and then runs them must see the new ones, whatever was translated before
 * (DESIGN.md "Self-modifying code"): in the same block as the store, in the
 * next block, in another page, in a chained loop, in a branch's delay slot,
 * and after SYNCI. Under the interpreter this is plain memory; under the JIT
 * each case exercises a different invalidation path. */
#include "check_asm.h"

#define ADDIU_V0(imm) (0x24020000 | (imm)) /* addiu $v0, $zero, imm */
#define ADDIU_V1(imm) (0x24030000 | (imm)) /* addiu $v1, $zero, imm */

TEST_MAIN(smc)
    /* 1. The next block: a function translated once, then rewritten. */
    jal ret_const
    nop
    CHECK_EQ($v0, 1)
    la $t0, ret_const
    li $t1, ADDIU_V0(2)
    sw $t1, 0($t0)
    jal ret_const
    nop
    CHECK_EQ($v0, 2)

    /* 2. The same block: the store rewrites an instruction two slots later. */
    la $t0, 2f
    li $t1, ADDIU_V1(7)
    li $v1, 0
    sw $t1, 0($t0)
    nop
2:  addiu $v1, $zero, 1
    CHECK_EQ($v1, 7)

    /* 3. Another page: a function alone in its own 4 KiB page. */
    jal far_const
    nop
    CHECK_EQ($v0, 3)
    la $t0, far_const
    li $t1, ADDIU_V0(4)
    sw $t1, 0($t0)
    synci 0($t0)
    jal far_const
    nop
    CHECK_EQ($v0, 4)

    /* 4. A hot loop: the callee is rewritten on every iteration, so its
     * translation is dropped while the loop's blocks stay chained. */
    li $s0, 0                   /* i */
    li $s1, 0                   /* sum of what the callee returned */
    la $s2, ret_var
3:  li $t1, ADDIU_V0(0)
    or $t1, $t1, $s0
    sw $t1, 0($s2)
    jal ret_var
    nop
    addu $s1, $s1, $v0
    addiu $s0, $s0, 1
    sltiu $t2, $s0, 50
    bnez $t2, 3b
    nop
    CHECK_EQ($s1, 1225)         /* 0 + 1 + ... + 49 */

    /* 5. A store in a delay slot rewriting the branch's target. */
    la $t0, ret_slot
    li $t1, ADDIU_V0(9)
    jal ret_slot
    sw $t1, 0($t0)              /* delay slot: lands before ret_slot runs */
    CHECK_EQ($v0, 9)

    /* 6. Rewriting an instruction of a block that has already run twice. */
    li $s0, 0
4:  jal ret_twice
    nop
    addiu $s0, $s0, 1
    sltiu $t2, $s0, 2
    bnez $t2, 4b
    nop
    CHECK_EQ($v0, 5)
    la $t0, ret_twice
    li $t1, ADDIU_V0(6)
    sw $t1, 0($t0)
    jal ret_twice
    nop
    CHECK_EQ($v0, 6)
TEST_END(smc)

    .set noreorder
ret_const:
    addiu $v0, $zero, 1
    jr $ra
    nop
ret_var:
    addiu $v0, $zero, 0
    jr $ra
    nop
ret_slot:
    addiu $v0, $zero, 8
    jr $ra
    nop
ret_twice:
    addiu $v0, $zero, 5
    jr $ra
    nop

    .balign 4096
far_const:
    addiu $v0, $zero, 3
    jr $ra
    nop
    .balign 4096
