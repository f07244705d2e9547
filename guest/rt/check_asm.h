/* guest/rt/check_asm.h — assertions for assembly guest tests (.S files).
 *
 *   TEST_MAIN(alu)               main: saves ra; the test body follows
 *   CHECK_EQ($t0, 0x1234)        $t0 must equal the constant
 *   CHECK_REG($t0, $t1)          $t0 must equal $t1
 *   EXPECT_EXC(1f)               the next exception resumes at 1f
 *   CHECK_EXC(12, fault)         ExcCode 12 was taken at EPC=fault, Cause.BD=0
 *   CHECK_EXC_BD(12, branch)     ... in a delay slot: EPC=branch, Cause.BD=1
 *   CHECK_BADVADDR(0x80000001)   BadVAddr of the last expected exception
 *   TEST_END(alu)                prints PASS/FAIL alu and returns the status
 *
 * The checks preserve every register but $at and $t9 (even on failure, where
 * rt_check_fail_asm reports file, line, got and expected), so a test may keep
 * values live in any other register across them. Tests run with noreorder:
 * every delay slot is written out.
 */
#ifndef TERN_GUEST_CHECK_ASM_H
#define TERN_GUEST_CHECK_ASM_H

#define CHECK_EQ(reg, val) check_eq reg, val, __LINE__
#define CHECK_REG(reg, reg2) check_reg reg, reg2, __LINE__
#define EXPECT_EXC(resume) expect_exc resume
#define CHECK_EXC(code, epc) check_exc code, epc, 0, __LINE__
#define CHECK_EXC_BD(code, epc) check_exc code, epc, 1, __LINE__
#define CHECK_BADVADDR(val) check_badvaddr val, __LINE__
#define CHECK_NO_EXC() check_no_exc __LINE__

#define TEST_MAIN(name)                                                                        \
    .section .rodata;                                                                          \
    rt_test_file: .asciz __BASE_FILE__;                                                        \
    rt_test_name: .asciz #name;                                                                \
    .text;                                                                                     \
    .set noreorder;                                                                            \
    .globl main;                                                                               \
    .ent main;                                                                                 \
    main: addiu $sp, $sp, -32;                                                                 \
    sw $ra, 28($sp)

#define TEST_END(name)                                                                         \
    la $a0, rt_test_name;                                                                      \
    jal rt_finish;                                                                             \
    nop;                                                                                       \
    lw $ra, 28($sp);                                                                           \
    jr $ra;                                                                                    \
    addiu $sp, $sp, 32;                                                                        \
    .end main

    /* Compares \reg with $at; on a mismatch calls rt_check_fail_asm(line, got,
     * expected, file) with $a0-$a3 and $ra preserved on the stack. */
    .macro check_at reg, line
    .set push
    .set noat
    .set noreorder
    beq \reg, $at, .Lck_ok\@
    nop
    addiu $sp, $sp, -24
    sw $a0, 0($sp)
    sw $a1, 4($sp)
    sw $a2, 8($sp)
    sw $a3, 12($sp)
    sw $ra, 16($sp)
    move $a1, \reg
    move $a2, $at
    li $a0, \line
    la $a3, rt_test_file
    jal rt_check_fail_asm
    nop
    lw $a0, 0($sp)
    lw $a1, 4($sp)
    lw $a2, 8($sp)
    lw $a3, 12($sp)
    lw $ra, 16($sp)
    addiu $sp, $sp, 24
.Lck_ok\@:
    .set pop
    .endm

    .macro check_eq reg, val, line
    .set push
    .set noat
    li $at, \val
    check_at \reg, \line
    .set pop
    .endm

    .macro check_reg reg, reg2, line
    .set push
    .set noat
    move $at, \reg2
    check_at \reg, \line
    .set pop
    .endm

    .macro expect_exc resume
    .set push
    .set noat
    la $t9, \resume
    lui $at, %hi(rt_exc_resume)
    sw $t9, %lo(rt_exc_resume)($at)
    li $t9, -1
    lui $at, %hi(rt_exc)
    sw $t9, %lo(rt_exc)($at)
    sw $zero, %lo(rt_exc + 4)($at)
    .set pop
    .endm

    /* Checks ExcCode, EPC and Cause.BD of the last expected exception, and
     * disarms the hook in case none was taken. */
    .macro check_exc code, epc, bd, line
    .set push
    .set noat
    lui $at, %hi(rt_exc_resume)
    sw $zero, %lo(rt_exc_resume)($at)
    lui $at, %hi(rt_exc)
    lw $t9, %lo(rt_exc)($at)
    srl $t9, $t9, 2
    andi $t9, $t9, 0x1f
    li $at, \code
    check_at $t9, \line
    lui $at, %hi(rt_exc)
    lw $t9, %lo(rt_exc)($at)
    srl $t9, $t9, 31
    li $at, \bd
    check_at $t9, \line
    lui $at, %hi(rt_exc + 4)
    lw $t9, %lo(rt_exc + 4)($at)
    la $at, \epc
    check_at $t9, \line
    .set pop
    .endm

    .macro check_badvaddr val, line
    .set push
    .set noat
    lui $at, %hi(rt_exc + 8)
    lw $t9, %lo(rt_exc + 8)($at)
    la $at, \val
    check_at $t9, \line
    .set pop
    .endm

    /* Fails when the hook is still armed, i.e. the expected exception never
     * came; used where the resume label is reached by falling through. */
    .macro check_no_exc line
    .set push
    .set noat
    lui $at, %hi(rt_exc_resume)
    lw $t9, %lo(rt_exc_resume)($at)
    move $at, $zero
    check_at $t9, \line
    .set pop
    .endm

#endif
