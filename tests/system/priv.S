/* tests/system/priv.S — bare-metal privileged-ISA checks on the virt board,
 * with the exception vectors at EBase = 0x80000000 (this program is linked
 * there): TLB refill (its own vector, BadVAddr, Context, EntryHi), TLB invalid
 * and TLB modified (general vector), an ASID switch, a nested exception taken
 * with EXL set (general vector, EPC kept), the timer interrupt woken from
 * WAIT, the UART's THR-empty interrupt. It prints "PASS system-priv" and then
 * executes WAIT with interrupts disabled, which the board treats as power-off
 * (status 0). A failed check writes its number to the EXIT device (exit
 * status = the check number) after printing "FAIL system-priv". */
#include "devices/board_map.h"

#define UART BOARD_KSEG1(BOARD_UART_BASE)
#define EXIT BOARD_KSEG1(BOARD_EXIT_BASE)
/* EntryLo: PFN << 6 | C = 3 (cacheable) | D | V | G. */
#define LO(paddr, dvg) ((((paddr) >> 12) << 6) | 0x18 | (dvg))
#define D 4
#define V 2
#define G 1
/* rec: what the last exception saw. */
#define R_CAUSE 0
#define R_EPC 4
#define R_BADV 8
#define R_CTX 12
#define R_HI 16
#define R_VEC 20
#define R_COUNT 24
#define R_LO0 28
#define R_LO1 32

/* CHECK(reg, value, n): fail with n unless reg == value (uses $at). */
#define CHECK(reg, value, n) \
    li $at, value;           \
    beq reg, $at, 9f;        \
    nop;                     \
    li $a0, n;               \
    j fail;                  \
    nop;                     \
9:

#define RECORD(vec)               \
    la $k0, rec;                  \
    mfc0 $k1, $13;                \
    sw $k1, R_CAUSE($k0);         \
    mfc0 $k1, $14;                \
    sw $k1, R_EPC($k0);           \
    mfc0 $k1, $8;                 \
    sw $k1, R_BADV($k0);          \
    mfc0 $k1, $4;                 \
    sw $k1, R_CTX($k0);           \
    mfc0 $k1, $10;                \
    sw $k1, R_HI($k0);            \
    li $k1, vec;                  \
    sw $k1, R_VEC($k0);           \
    lw $k1, R_COUNT($k0);         \
    addiu $k1, $k1, 1;            \
    sw $k1, R_COUNT($k0)

    .set noreorder
    .set noat
    .text
    .globl __start
/* 0x80000000: TLB refill: install the prepared pair and retry. */
refill:
    RECORD(1)
    lw $k1, R_LO0($k0)
    mtc0 $k1, $2
    lw $k1, R_LO1($k0)
    mtc0 $k1, $3
    ehb
    tlbwr
    ehb
    eret

    .org 0x180
/* 0x80000180: everything else. Interrupts are acknowledged (timer: rewrite
 * Compare; UART: IER = 0); other exceptions skip the faulting instruction. */
general:
    RECORD(2)
    mfc0 $k1, $13
    andi $k1, $k1, 0x7c
    bnez $k1, skip
    nop
    mfc0 $k1, $11
    mtc0 $k1, $11
    li $k1, UART
    sb $zero, 1($k1)
    eret
skip:
    mfc0 $k1, $14
    addiu $k1, $k1, 4
    mtc0 $k1, $14
    ehb
    eret

    .org 0x400
__start:
    la $sp, stack_top
    li $t0, 0x10000000           /* CU0, BEV = 0, EXL = ERL = IE = 0 */
    mtc0 $t0, $12
    li $t0, 0x80000000
    mtc0 $t0, $15, 1             /* EBase */
    mtc0 $zero, $13              /* Cause.IV = 0: interrupts use 0x180 */
    mtc0 $zero, $5               /* 4 KiB pages */
    li $t0, 4
    mtc0 $t0, $6                 /* Wired = 4: TLBWR keeps off entries 0..3 */
    mtc0 $zero, $10              /* ASID 0 */
    ehb
    /* Move every entry away from address 0 (a reset TLB is all zeros). */
    li $t1, 0
1:  sll $t2, $t1, 13
    lui $t3, 0xc000
    addu $t2, $t2, $t3           /* kseg2, never used here */
    mtc0 $t2, $10
    mtc0 $zero, $2
    mtc0 $zero, $3
    mtc0 $t1, $0
    ehb
    tlbwi
    addiu $t1, $t1, 1
    sltiu $t2, $t1, 32
    bnez $t2, 1b
    nop
    mtc0 $zero, $10
    ehb

    /* Memory behind the mappings: 0x200000 holds 0x11111111, 0x300000 0x33333333. */
    li $t0, 0x80200000
    li $t1, 0x11111111
    sw $t1, 0($t0)
    li $t0, 0x80300000
    li $t1, 0x33333333
    sw $t1, 0($t0)

    /* 1-6: TLB refill on a load from kuseg 0x00400000. */
    la $s0, rec
    li $t0, LO(0x200000, D | V)
    sw $t0, R_LO0($s0)
    sw $zero, R_LO1($s0)
    li $t0, 0x00400000
    lw $t1, 0($t0)
    CHECK($t1, 0x11111111, 1)
    lw $t2, R_VEC($s0)
    CHECK($t2, 1, 2)             /* the refill vector */
    lw $t2, R_CAUSE($s0)
    andi $t2, $t2, 0x7c
    CHECK($t2, 2 << 2, 3)        /* TLBL */
    lw $t2, R_BADV($s0)
    CHECK($t2, 0x00400000, 4)
    lw $t2, R_CTX($s0)
    CHECK($t2, (0x00400000 >> 9), 5) /* BadVPN2 */
    lw $t2, R_HI($s0)
    CHECK($t2, 0x00400000, 6)    /* EntryHi.VPN2, ASID 0 */

    /* 7: a store through the now valid, dirty page lands in 0x200000. */
    li $t1, 0x12345678
    sw $t1, 4($t0)
    li $t2, 0x80200004
    lw $t2, 0($t2)
    CHECK($t2, 0x12345678, 7)

    /* 8-10: TLB modified: entry 1 maps 0x00600000 valid but clean. */
    li $t0, 1
    mtc0 $t0, $0
    li $t0, 0x00600000
    mtc0 $t0, $10
    li $t0, LO(0x200000, V)
    mtc0 $t0, $2
    mtc0 $zero, $3
    ehb
    tlbwi
    mtc0 $zero, $10
    ehb
    lw $s1, R_COUNT($s0)
    li $t0, 0x00600000
    lw $t1, 0($t0)               /* a load is fine */
    CHECK($t1, 0x11111111, 8)
    sw $t1, 0($t0)               /* a store is Mod, skipped by the handler */
    lw $t2, R_CAUSE($s0)
    andi $t2, $t2, 0x7c
    CHECK($t2, 1 << 2, 9)
    lw $t2, R_VEC($s0)
    CHECK($t2, 2, 10)

    /* 11-12: TLB invalid: entry 2 maps 0x00800000 with V = 0. */
    li $t0, 2
    mtc0 $t0, $0
    li $t0, 0x00800000
    mtc0 $t0, $10
    mtc0 $zero, $2
    mtc0 $zero, $3
    ehb
    tlbwi
    mtc0 $zero, $10
    ehb
    li $t0, 0x00800000
    lw $t1, 0($t0)
    lw $t2, R_CAUSE($s0)
    andi $t2, $t2, 0x7c
    CHECK($t2, 2 << 2, 11)       /* TLBL ... */
    lw $t2, R_VEC($s0)
    CHECK($t2, 2, 12)            /* ... at the general vector, not refill */

    /* 13-15: ASIDs: entry 3 maps 0x00a00000 for ASID 5 only (not global). */
    li $t0, 3
    mtc0 $t0, $0
    li $t0, 0x00a00005
    mtc0 $t0, $10
    li $t0, LO(0x300000, D | V)
    mtc0 $t0, $2
    mtc0 $zero, $3
    ehb
    tlbwi
    ehb
    li $t0, 0x00a00000
    lw $t1, 0($t0)               /* EntryHi.ASID is still 5: a hit */
    CHECK($t1, 0x33333333, 13)
    li $t2, 6
    mtc0 $t2, $10                /* switch to ASID 6: the same address misses */
    ehb
    lw $s1, R_COUNT($s0)
    lw $t1, 0($t0)               /* refill installs 0x200000 for ASID 6 */
    CHECK($t1, 0x11111111, 14)
    lw $t2, R_HI($s0)
    CHECK($t2, 0x00a00006, 15)
    mtc0 $zero, $10
    ehb

    /* 16-18: nested: with EXL already set, a TLB miss goes to the general
     * vector and leaves EPC alone (Vol. III 6.2.1). */
    la $t0, after_nested
    mtc0 $t0, $14
    mfc0 $t1, $12
    ori $t1, $t1, 2              /* EXL */
    mtc0 $t1, $12
    ehb
    li $t0, 0x00c00000
    lw $t1, 0($t0)               /* miss: handler returns to EPC + 4 */
after_nested:
    nop
    lw $t2, R_VEC($s0)
    CHECK($t2, 2, 16)
    lw $t2, R_EPC($s0)
    la $t3, after_nested
    bne $t2, $t3, fail_17
    nop
    mfc0 $t2, $12
    andi $t2, $t2, 2
    CHECK($t2, 0, 18)            /* ERET cleared EXL */

    /* 19-20: the timer interrupt, waited for with WAIT (IE = 1, IM7). */
    lw $s1, R_COUNT($s0)
    mfc0 $t0, $9
    addiu $t0, $t0, 2000
    mtc0 $t0, $11
    li $t1, 0x10008001           /* CU0 | IM7 | IE */
    mtc0 $t1, $12
    ehb
1:  wait
    lw $t2, R_COUNT($s0)
    beq $t2, $s1, 1b
    nop
    mtc0 $zero, $12              /* IE = 0 again */
    mtc0 $zero, $12
    li $t1, 0x10000000
    mtc0 $t1, $12
    ehb
    lw $t2, R_CAUSE($s0)
    andi $t3, $t2, 0x7c
    CHECK($t3, 0, 19)            /* Int */
    srl $t3, $t2, 15
    andi $t3, $t3, 1
    CHECK($t3, 1, 20)            /* IP7 */

    /* 21-22: the UART's THR-empty interrupt on IP2. */
    lw $s1, R_COUNT($s0)
    li $t0, UART
    li $t1, 0x10000401           /* CU0 | IM2 | IE */
    mtc0 $t1, $12
    ehb
    li $t1, 2
    sb $t1, 1($t0)               /* IER = THRI: THR is empty, so at once */
    li $t3, 1000                 /* ... within a few instructions (a JIT takes it */
1:  lw $t2, R_COUNT($s0)         /* at its next block boundary) */
    bne $t2, $s1, 2f
    addiu $t3, $t3, -1
    bnez $t3, 1b
    nop
2:  li $t1, 0x10000000
    mtc0 $t1, $12
    ehb
    lw $t2, R_COUNT($s0)
    addiu $s1, $s1, 1
    bne $t2, $s1, fail_21
    nop
    lw $t2, R_CAUSE($s0)
    srl $t3, $t2, 10
    andi $t3, $t3, 1
    CHECK($t3, 1, 22)            /* IP2 */

    la $a0, pass_msg
    jal puts
    nop
    /* WAIT with interrupts disabled: the board powers off with status 0. */
    di
    ehb
    wait
    li $a0, 99
    j fail
    nop

fail_17:
    li $a0, 17
    j fail
    nop
fail_21:
    li $a0, 21
#include "tests/system/fail_puts.inc"

    .data
pass_msg:
    .asciz "PASS system-priv\n"
fail_msg:
    .asciz "FAIL system-priv\n"
    .align 3
rec:
    .space 64
    .space 4096
stack_top:
