/* tests/guest/smc_superblock.S — self-modifying code inside superblocks
 * (frontend/lift.h): a block that went on through a JAL into its callee, a
 * B over code, or a JR $ra back from a leaf call holds words away from its
 * start; a store into any of them must drop the block (the code cache's
 * range test, codecache/invalidate.c, must cover them), and a store into a
 * later word of the block being run must end it there. Each caller runs a
 * few times first (translated, chained), then the callee is rewritten. */
#include "check_asm.h"

#define ADDIU_V0(imm) (0x24020000 | (imm)) /* addiu $v0, $zero, imm */

TEST_MAIN(smc_superblock)
    /* 1. A leaf call inlined into its caller's block, then rewritten. */
    li $s0, 0
1:  jal call_leaf
    nop
    addiu $s0, $s0, 1
    sltiu $t2, $s0, 3
    bnez $t2, 1b
    nop
    CHECK_EQ($v0, 1)
    la $t0, leaf
    li $t1, ADDIU_V0(2)
    sw $t1, 0($t0)
    jal call_leaf
    nop
    CHECK_EQ($v0, 2)

    /* 2. The word after a B's target (skipped code between): rewritten. */
    li $s0, 0
2:  jal over
    nop
    addiu $s0, $s0, 1
    sltiu $t2, $s0, 3
    bnez $t2, 2b
    nop
    CHECK_EQ($v0, 3)
    la $t0, over_target
    li $t1, ADDIU_V0(4)
    sw $t1, 0($t0)
    jal over
    nop
    CHECK_EQ($v0, 4)

    /* 3. The callee rewrites a later word of its own (inlined) body: the
     * block ends after the store and the new word runs. */
    la $t0, self_patch
    li $t1, ADDIU_V0(6)
    jal call_self
    nop
    CHECK_EQ($v0, 6)

    /* 4. A forward branch's fall-through part, rewritten while the side
     * exit is what ran last. */
    li $a0, 1
    jal fwd
    nop
    CHECK_EQ($v0, 7)
    li $a0, 0
    jal fwd
    nop
    CHECK_EQ($v0, 8)
    la $t0, fwd_fall
    li $t1, ADDIU_V0(9)
    sw $t1, 0($t0)
    jal fwd
    nop
    CHECK_EQ($v0, 9)
TEST_END(smc_superblock)

    .set noreorder
/* Calls leaf and returns what it returned: its block holds leaf's words. */
call_leaf:
    move $t8, $ra
    jal leaf
    nop
    move $ra, $t8
    jr $ra
    nop
over:
    b over_target
    nop
    addiu $v0, $zero, 0x55      /* skipped */
    addiu $v0, $zero, 0x56
over_target:
    addiu $v0, $zero, 3
    jr $ra
    nop
call_self:
    move $t8, $ra
    jal self
    nop
    move $ra, $t8
    jr $ra
    nop
fwd:
    bnez $a0, 5f
    addiu $v0, $zero, 7
fwd_fall:
    addiu $v0, $zero, 8
5:  jr $ra
    nop
self:
    sw $t1, 0($t0)              /* rewrites self_patch */
    nop
self_patch:
    addiu $v0, $zero, 5
    jr $ra
    nop
leaf:
    addiu $v0, $zero, 1
    jr $ra
    nop
