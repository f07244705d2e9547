/* guest/rt/crt0.S — bare-metal entry on tern's virt board.
 *
 * tern-system enters at the ELF entry in kernel mode with Status.BEV=1 (vectors
 * in the empty boot ROM). We move the vectors to EBase 0x80000000 (exc.S), clear
 * BEV/ERL/EXL/IE, enable CP0 and CP1 (hard-float tests need CU1; FR=0, the o32
 * FP32 model), zero FCSR, set the stack, clear .bss, call main and power off
 * with its return value.
 */
#include "devices/board_map.h"

#define CP0_STATUS $12
#define CP0_EBASE $15, 1
#define ST_CU0 0x10000000
#define ST_CU1 0x20000000
#define ST_BEV 0x00400000

    .set noreorder
    .section .text.start, "ax"
    .globl _start
    .ent _start
_start:
    /* Vol. III 9.33 (EBase): change EBase only while BEV=1. */
    li $t0, ST_CU0 | ST_CU1 | ST_BEV
    mtc0 $t0, CP0_STATUS
    ehb
    li $t1, 0x80000000
    mtc0 $t1, CP0_EBASE
    li $t0, ST_CU0 | ST_CU1
    mtc0 $t0, CP0_STATUS
    mtc0 $zero, $13             /* Cause: IV=0, no software interrupts */
    ehb
    ctc1 $zero, $31             /* FCSR: round to nearest, no enables, no flags */

    la $sp, __stack_top
    la $t0, __bss_start
    la $t1, __bss_end
1:  beq $t0, $t1, 2f
    nop
    sw $zero, 0($t0)
    b 1b
    addiu $t0, $t0, 4
2:
    jal main
    nop
    jal rt_exit
    move $a0, $v0
    .end _start
