/* tests/system/hostile_rt.S — the bare-metal runtime of the hostile-guest tests
 * (hostile.c): the entry, a vector area that catches every exception vector
 * tern can pick at EBase 0x80000000 (refill, general, and every vectored
 * interrupt slot whatever IntCtl.VS holds), one handler that records what it
 * saw, forces a sane Status and resumes at hx_setjmp's context, and the
 * helpers C cannot express: MTC0/MFC0 on a register number known only at run
 * time (a table of stubs), entering user mode, TLB operations.
 *
 * The handler uses only $k0/$k1 and always lands in hx_longjmp(hx_jb, 1), so
 * a test wraps each hostile step in `if (hx_setjmp(hx_jb) == 0) step();`.
 */
#include "devices/board_map.h"
#include "guest/rt/gprs.inc"

#define ST_SANE_EXL 0x10000002 /* CU0 | EXL: kernel, BEV = ERL = IE = 0 */

    .set noreorder
    .set noat
/* Linked with --section-start=.hx_vectors=0x80000000 and .text above it. */
    .section .hx_vectors, "ax"
/* 0x80000000 .. +0x2000: "j hx_exc; nop" in every 8-byte slot, so refill
 * (+0), general (+0x180) and vectored interrupts (+0x200 + n * VS * 32, any
 * 5-bit IntCtl.VS, legal or not) all land in the handler. */
hx_vectors:
    .rept 0x2000 / 8
    j hx_exc
    nop
    .endr

    .text
    .globl __start
__start:
    li $t0, 0x10400000           /* CU0 | BEV: EBase may change only with BEV = 1 */
    mtc0 $t0, $12
    ehb
    li $t0, 0x80000000
    mtc0 $t0, $15, 1
    li $t0, 0x10000000
    mtc0 $t0, $12
    mtc0 $zero, $13
    ehb
    la $sp, hx_stack_top
    la $t0, __bss_start
    la $t1, _end
1:  sltu $t2, $t0, $t1
    beqz $t2, 2f
    nop
    sw $zero, 0($t0)
    b 1b
    addiu $t0, $t0, 4
2:  jal main
    nop
    move $a0, $v0
    jal hx_exit
    nop
3:  b 3b
    nop

/* The handler: hx_info = {cause, epc, badvaddr, count, status}. */
hx_exc:
    la $k0, hx_info
    mfc0 $k1, $13
    sw $k1, 0($k0)
    mfc0 $k1, $14
    sw $k1, 4($k0)
    mfc0 $k1, $8
    sw $k1, 8($k0)
    lw $k1, 12($k0)
    addiu $k1, $k1, 1
    sw $k1, 12($k0)
    mfc0 $k1, $12
    sw $k1, 16($k0)
    li $k1, ST_SANE_EXL          /* IE = 0: no interrupt storm after ERET */
    mtc0 $k1, $12
    mtc0 $zero, $13              /* software interrupts and IV off */
    mfc0 $k1, $11
    mtc0 $k1, $11                /* acknowledge the timer */
    la $k1, hx_resume
    mtc0 $k1, $14
    ehb
    eret
hx_resume:
    la $a0, hx_jb
    j hx_longjmp
    li $a1, 1

/* int hx_setjmp(uint32_t jb[12]) / void hx_longjmp(jb, v): s0-s8, sp, ra. */
    .globl hx_setjmp
hx_setjmp:
    sw $s0, 0($a0)
    sw $s1, 4($a0)
    sw $s2, 8($a0)
    sw $s3, 12($a0)
    sw $s4, 16($a0)
    sw $s5, 20($a0)
    sw $s6, 24($a0)
    sw $s7, 28($a0)
    sw $fp, 32($a0)
    sw $sp, 36($a0)
    sw $ra, 40($a0)
    jr $ra
    move $v0, $zero

    .globl hx_longjmp
hx_longjmp:
    lw $s0, 0($a0)
    lw $s1, 4($a0)
    lw $s2, 8($a0)
    lw $s3, 12($a0)
    lw $s4, 16($a0)
    lw $s5, 20($a0)
    lw $s6, 24($a0)
    lw $s7, 28($a0)
    lw $fp, 32($a0)
    lw $sp, 36($a0)
    lw $ra, 40($a0)
    jr $ra
    move $v0, $a1

/* void hx_mtc0(unsigned regsel, uint32_t v): MTC0 to reg = regsel >> 3,
 * sel = regsel & 7, through a 256-entry table of 4-word stubs. */
    .globl hx_mtc0
hx_mtc0:
    andi $a0, $a0, 0xff
    sll $a0, $a0, 4
    la $t0, hx_mtc0_table
    addu $t0, $t0, $a0
    jr $t0
    nop

/* uint32_t hx_mfc0(unsigned regsel): as hx_mtc0, reading. */
    .globl hx_mfc0
hx_mfc0:
    andi $a0, $a0, 0xff
    sll $a0, $a0, 4
    la $t0, hx_mfc0_table
    addu $t0, $t0, $a0
    jr $t0
    nop

    .macro mtc0_stub r, s
    mtc0 $a1, $\r, \s
    ehb
    jr $ra
    nop
    .endm
    .macro mfc0_stub r, s
    mfc0 $v0, $\r, \s
    ehb
    jr $ra
    nop
    .endm

    .align 4
hx_mtc0_table:
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .irp s, 0,1,2,3,4,5,6,7
    mtc0_stub \r, \s
    .endr
    .endr
hx_mfc0_table:
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .irp s, 0,1,2,3,4,5,6,7
    mfc0_stub \r, \s
    .endr
    .endr

/* void hx_tlbwi(void), hx_tlbwr(void), hx_tlbp(void), hx_tlbr(void). */
    .globl hx_tlbwi
hx_tlbwi:
    ehb
    tlbwi
    ehb
    jr $ra
    nop
    .globl hx_tlbwr
hx_tlbwr:
    ehb
    tlbwr
    ehb
    jr $ra
    nop
    .globl hx_tlbp
hx_tlbp:
    ehb
    tlbp
    ehb
    jr $ra
    nop
    .globl hx_tlbr
hx_tlbr:
    ehb
    tlbr
    ehb
    jr $ra
    nop

/* void hx_enter(uint32_t pc, uint32_t status, const uint32_t regs[32]):
 * loads every GPR but k0/k1 from regs and ERETs to pc with Status = status
 * (EXL is set here so ERET is the switch; the caller's status picks KSU and
 * IE). Only an exception comes back (through the handler). */
    .globl hx_enter
hx_enter:
    ori $a1, $a1, 2              /* EXL while we set up */
    mtc0 $a1, $12
    mtc0 $a0, $14
    ehb
    move $k0, $a2
    GPRS_LOAD $k0
    eret

/* void hx_jump(uint32_t pc, uint32_t status, const uint32_t regs[32]): as
 * hx_enter, but Status is written as given and pc reached with JR (ERET
 * would clear ERL or EXL). */
    .globl hx_jump
hx_jump:
    mtc0 $a1, $12
    ehb
    move $k0, $a2
    move $k1, $a0
    GPRS_LOAD $k0
    jr $k1
    nop

/* The runaway kernel's vector (hostile.c copies these 6 words to EBase +0,
 * +0x180, +0x200): jump to a Count-chosen word of the garbage at 0x80100000,
 * so each exception starts a new run somewhere else instead of looping. */
    .globl hx_runaway_vector
hx_runaway_vector:
    mfc0 $k0, $9
    andi $k0, $k0, 0xfffc
    lui $k1, 0x8010
    addu $k0, $k0, $k1
    jr $k0
    nop

/* void hx_exit(int status): the EXIT device; never returns. */
    .globl hx_exit
hx_exit:
    li $t0, BOARD_KSEG1(BOARD_EXIT_BASE)
    sw $a0, 0($t0)
1:  b 1b
    nop

/* void hx_syscall(void): raises Sys (the handler resumes at hx_setjmp). */
    .globl hx_syscall
hx_syscall:
    syscall
    jr $ra
    nop

    .globl hx_sync_icache
/* void hx_sync_icache(uint32_t addr, uint32_t len): SYNCI over the range. */
hx_sync_icache:
    addu $a1, $a1, $a0
1:  synci 0($a0)
    addiu $a0, $a0, 4
    sltu $t0, $a0, $a1
    bnez $t0, 1b
    nop
    sync
    jr.hb $ra
    nop

    .bss
    .align 3
    .globl hx_info
hx_info:
    .space 32
    .globl hx_jb
hx_jb:
    .space 48
    .space 16384
hx_stack_top:
