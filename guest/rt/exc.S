/* guest/rt/exc.S — the exception vectors (at EBase 0x80000000, see link.ld and
 * crt0.S) and the common entry: it saves every GPR and HI/LO in rt_exc_frame,
 * calls rt_exception() (fault.c) on its own stack, loads the EPC it returns and
 * ERETs with all GPRs but k0/k1 restored, so an assembly test can expect an
 * exception without losing its registers. Also rt_expect_exception() and the
 * trampoline that turns an expected exception into rt_longjmp(rt_exc_jb, 1).
 */
#define CP0_EPC $14
#define FRAME_HI 128
#define FRAME_LO 132
#include "gprs.inc"

    .set noreorder
    .set noat

    /* Vol. III 6.2.1: refill at EBase+0x000, everything else at +0x180, and
     * interrupts at +0x200 when Cause.IV=1. */
    .section .vectors, "ax"
    .globl rt_vectors
rt_vectors:
    .org 0x000
    j rt_exc_entry
    nop
    .org 0x180
    .globl rt_vector_general
rt_vector_general:
    j rt_exc_entry
    nop
    .org 0x200
    j rt_exc_entry
    nop

    .text
    .globl rt_exc_entry
    .ent rt_exc_entry
rt_exc_entry:
    la $k0, rt_exc_frame
    GPRS_SAVE $k0
    mfhi $k1
    sw $k1, FRAME_HI($k0)
    mflo $k1
    sw $k1, FRAME_LO($k0)

    la $sp, __exc_stack_top
    jal rt_exception
    move $a0, $k0
    mtc0 $v0, CP0_EPC

    la $k0, rt_exc_frame
    lw $k1, FRAME_HI($k0)
    mthi $k1
    lw $k1, FRAME_LO($k0)
    mtlo $k1
    GPRS_LOAD $k0
    ehb                         /* the EPC write must be visible to ERET */
    eret
    .end rt_exc_entry

    /* void rt_expect_exception(void): arms rt_exc_resume with the trampoline. */
    .globl rt_expect_exception
    .ent rt_expect_exception
rt_expect_exception:
    la $t0, rt_exc
    li $t1, -1
    sw $t1, 0($t0)              /* cause: no ExcCode matches until one is taken */
    sw $zero, 4($t0)            /* epc */
    la $t1, rt_exc_longjmp
    la $t0, rt_exc_resume
    jr $ra
    sw $t1, 0($t0)
    .end rt_expect_exception

    .ent rt_exc_longjmp
rt_exc_longjmp:
    la $a0, rt_exc_jb
    j rt_longjmp
    li $a1, 1
    .end rt_exc_longjmp

    .set at
#include "setjmp.inc"

    .bss
    .align 2
    .globl rt_exc_frame
rt_exc_frame:
    .space 136
