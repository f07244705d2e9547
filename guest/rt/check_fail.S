/* guest/rt/check_fail.S — rt_check_fail_asm(line, got, expected, file): the
 * failure path of the assembly checks (check_asm.h). It saves every register
 * the C call may clobber that the check macro did not already save ($at, $v0,
 * $v1, $t0-$t9, HI, LO), calls rt_check_failed() and restores them, so a failed
 * check leaves the test's state as it was. */
    .set noreorder
    .set noat
    .text
    .globl rt_check_fail_asm
    .ent rt_check_fail_asm
rt_check_fail_asm:
    addiu $sp, $sp, -80
    sw $1, 16($sp)
    sw $2, 20($sp)
    sw $3, 24($sp)
    sw $8, 28($sp)
    sw $9, 32($sp)
    sw $10, 36($sp)
    sw $11, 40($sp)
    sw $12, 44($sp)
    sw $13, 48($sp)
    sw $14, 52($sp)
    sw $15, 56($sp)
    sw $24, 60($sp)
    sw $25, 64($sp)
    sw $31, 68($sp)
    mfhi $8
    sw $8, 72($sp)
    mflo $8
    jal rt_check_failed
    sw $8, 76($sp)
    lw $8, 72($sp)
    mthi $8
    lw $8, 76($sp)
    mtlo $8
    lw $1, 16($sp)
    lw $2, 20($sp)
    lw $3, 24($sp)
    lw $8, 28($sp)
    lw $9, 32($sp)
    lw $10, 36($sp)
    lw $11, 40($sp)
    lw $12, 44($sp)
    lw $13, 48($sp)
    lw $14, 52($sp)
    lw $15, 56($sp)
    lw $24, 60($sp)
    lw $25, 64($sp)
    lw $31, 68($sp)
    jr $ra
    addiu $sp, $sp, 80
    .end rt_check_fail_asm
