/* tests/system/asid.S — bare-metal ASID switching on the virt board, the case a
 * soft TLB that survives context switches must get right (softmmu/softtlb.h).
 *
 * Two ASIDs map the same virtual page to different physical pages: 0x00400000
 * is page A (later D) for ASID 1 and page B for ASID 2; 0x00610000 is a global
 * mapping of page C; user code at 0x00800000 is one of two code pages per
 * ASID, entered with ERET, which jumps (JR $a2, through the jump cache) to
 * 0x00800100 and returns a per-ASID value with SYSCALL. The loop switches
 * between the ASIDs 2000 times, loading and storing through each mapping and
 * checking the physical page the access reached. Every 64 rounds, from ASID 3,
 * TLBWI replaces ASID 1's mapping (entry 0) with one for ASID 3: the next ASID 1
 * access must take a TLB refill (the handler maps the other of pages A and D)
 * and never reach the old page through a stale cached translation; then
 * ASID 2 remaps its own page (B <-> F) while it is the current ASID.
 * Prints "PASS system-asid" and powers off (WAIT with interrupts off); a
 * failed check prints "FAIL system-asid" and exits with its number. */
#include "devices/board_map.h"

#define UART BOARD_KSEG1(BOARD_UART_BASE)
#define EXIT BOARD_KSEG1(BOARD_EXIT_BASE)
/* EntryLo: PFN << 6 | C = 3 (cacheable) | D | V | G. */
#define LO(paddr, dvg) ((((paddr) >> 12) << 6) | 0x18 | (dvg))
#define D 4
#define V 2
#define G 1
#define PAGE_A 0x00140000 /* soft-TLB slots apart from VA and VA_GLOBAL */
#define PAGE_B 0x00141000
#define PAGE_C 0x00142000
#define PAGE_D 0x00143000
#define PAGE_E 0x00144000
#define PAGE_F 0x00145000
#define VA 0x00400000
#define VA_GLOBAL 0x00610000 /* another soft-TLB slot than VA */
#define VA_CODE 0x00800000
#define ROUNDS 2000
/* state: the refill handler's EntryLo0, its count, the kernel's resume pc. */
#define S_LO0 0
#define S_REFILLS 4
#define S_CONT 8

/* CHECK(reg, value, n): fail with n unless reg == value (uses $at). */
#define CHECK(reg, value, n) \
    li $at, value;           \
    beq reg, $at, 9f;        \
    nop;                     \
    li $a0, n;               \
    j fail;                  \
    nop;                     \
9:

/* CHECKR(reg, reg2, n): fail with n unless reg == reg2. */
#define CHECKR(reg, reg2, n) \
    beq reg, reg2, 9f;       \
    nop;                     \
    li $a0, n;               \
    j fail;                  \
    nop;                     \
9:

#define SETASID(n)      \
    li $t9, n;          \
    mtc0 $t9, $10;      \
    ehb

/* TLBW(index, entryhi, lo0, lo1): writes one TLB entry (uses $t8). */
#define TLBW(index, hi, lo0, lo1) \
    li $t8, index;                \
    mtc0 $t8, $0;                 \
    li $t8, hi;                   \
    mtc0 $t8, $10;                \
    li $t8, lo0;                  \
    mtc0 $t8, $2;                 \
    li $t8, lo1;                  \
    mtc0 $t8, $3;                 \
    ehb;                          \
    tlbwi;                        \
    ehb

    .set noreorder
    .set noat
    .text
    .globl __start
/* 0x80000000: TLB refill: map the missing page (entry 0) to state.lo0. */
refill:
    la $k0, state
    lw $k1, S_LO0($k0)
    mtc0 $k1, $2
    mtc0 $zero, $3
    mtc0 $zero, $0
    lw $k1, S_REFILLS($k0)
    addiu $k1, $k1, 1
    sw $k1, S_REFILLS($k0)
    ehb
    tlbwi
    ehb
    eret

    .org 0x180
/* 0x80000180: SYSCALL from user code returns to the kernel at state.cont;
 * anything else fails with 90 + ExcCode. */
general:
    mfc0 $k1, $13
    andi $k1, $k1, 0x7c
    li $k0, 8 << 2
    bne $k1, $k0, unexpected
    nop
    mfc0 $k1, $12
    li $k0, ~0x10                /* back to kernel mode: UM = 0 */
    and $k1, $k1, $k0
    mtc0 $k1, $12
    la $k0, state
    lw $k1, S_CONT($k0)
    mtc0 $k1, $14
    ehb
    eret
unexpected:
    srl $a0, $k1, 2
    addiu $a0, $a0, 90
    j fail
    nop

    .org 0x400
__start:
    li $t0, 0x10000000           /* CU0, BEV = 0, EXL = ERL = IE = 0 */
    mtc0 $t0, $12
    li $t0, 0x80000000
    mtc0 $t0, $15, 1             /* EBase */
    mtc0 $zero, $13
    mtc0 $zero, $5               /* 4 KiB pages */
    li $t0, 8
    mtc0 $t0, $6                 /* Wired = 8 */
    ehb
    /* Move every entry away from the addresses used here (all zeros at reset). */
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

    /* Each page's word 0 names it; words 1 and 2 start at zero. */
    li $t0, 0x80000000 + PAGE_A
    li $t1, 0xaaaa0000
    li $t2, 6
1:  sw $t1, 0($t0)
    sw $zero, 4($t0)
    sw $zero, 8($t0)
    li $t3, 0x11111111
    addu $t1, $t1, $t3
    addiu $t2, $t2, -1
    bnez $t2, 1b
    addiu $t0, $t0, 0x1000
    /* ... so A to F hold 0xaaaa0000, 0xbbbb1111, ... 0xeeee4444, 0xffff5555. */

    TLBW(0, VA | 1, LO(PAGE_A, D | V), 0)
    TLBW(1, VA | 2, LO(PAGE_B, D | V), 0)
    TLBW(2, VA_GLOBAL, LO(PAGE_C, D | V | G), G)
    la $t0, user1
    li $t1, 0x1fffffff
    and $t0, $t0, $t1
    srl $t0, $t0, 12
    sll $t0, $t0, 6
    ori $t0, $t0, 0x18 | V
    li $t8, 3
    mtc0 $t8, $0
    li $t8, VA_CODE | 1
    mtc0 $t8, $10
    mtc0 $t0, $2
    mtc0 $zero, $3
    ehb
    tlbwi
    addiu $t0, $t0, 1 << 6       /* user2 is the next page */
    li $t8, 4
    mtc0 $t8, $0
    li $t8, VA_CODE | 2
    mtc0 $t8, $10
    mtc0 $t0, $2
    ehb
    tlbwi
    ehb

    li $s0, 0x80000000 + PAGE_A  /* where ASID 1's VA lands now */
    li $s2, 0xaaaa0000           /* and what its word 0 holds */
    li $s6, 0x80000000 + PAGE_B  /* where ASID 2's VA lands now */
    li $s1, 0                    /* round */
    li $s4, VA
    li $s5, VA_GLOBAL
loop:
    /* 1-3: ASID 1 reaches its page for loads and stores; the global page too. */
    SETASID(1)
    lw $t1, 0($s4)
    CHECKR($t1, $s2, 1)
    sw $s1, 4($s4)
    lw $t2, 4($s0)
    CHECKR($t2, $s1, 2)
    lw $t1, 0($s5)
    CHECK($t1, 0xcccc2222, 3)
    li $a1, 0x111
    jal run_user
    nop
    /* 4-7: ASID 2 reaches its page (B or F), never ASID 1's. */
    SETASID(2)
    lw $t1, 0($s4)
    lw $t3, 0($s6)
    CHECKR($t1, $t3, 4)
    sw $s1, 8($s4)
    lw $t2, 8($s6)
    CHECKR($t2, $s1, 5)
    lw $t1, 0($s5)
    CHECK($t1, 0xcccc2222, 6)
    lw $t2, 8($s0)
    CHECK($t2, 0, 7)
    li $a1, 0x222
    jal run_user
    nop

    andi $t0, $s1, 63
    bnez $t0, next
    nop
    /* 8-11: every 64 rounds ASID 3 takes entry 0 from ASID 1. */
    SETASID(3)
    TLBW(0, VA | 3, LO(PAGE_E, D | V), 0)
    lw $t1, 0($s4)
    CHECK($t1, 0xeeee4444, 8)
    /* ASID 1's next refill maps the other page. */
    li $t0, 0x80000000 + PAGE_A
    bne $s0, $t0, 1f
    nop
    li $s0, 0x80000000 + PAGE_D
    li $s2, 0xdddd3333
    b 2f
    li $t3, LO(PAGE_D, D | V)
1:  li $s0, 0x80000000 + PAGE_A
    li $s2, 0xaaaa0000
    li $t3, LO(PAGE_A, D | V)
2:  la $t4, state
    sw $t3, S_LO0($t4)
    lw $s3, S_REFILLS($t4)
    SETASID(2)
    lw $t1, 0($s4)
    lw $t3, 0($s6)
    CHECKR($t1, $t3, 9)
    SETASID(1)
    lw $t1, 0($s4)               /* a refill, never the old page */
    CHECKR($t1, $s2, 10)
    la $t4, state
    lw $t2, S_REFILLS($t4)
    addiu $s3, $s3, 1
    CHECKR($t2, $s3, 11)
    /* 13: ASID 2 remaps its own page while using it (B <-> F). */
    SETASID(2)
    lw $t1, 0($s4)
    li $t0, 0x80000000 + PAGE_B
    bne $s6, $t0, 1f
    nop
    li $s6, 0x80000000 + PAGE_F
    TLBW(1, VA | 2, LO(PAGE_F, D | V), 0)
    b 2f
    nop
1:  li $s6, 0x80000000 + PAGE_B
    TLBW(1, VA | 2, LO(PAGE_B, D | V), 0)
2:  lw $t1, 0($s4)
    lw $t3, 0($s6)
    CHECKR($t1, $t3, 13)
next:
    addiu $s1, $s1, 1
    li $t0, ROUNDS
    bne $s1, $t0, loop
    nop

    la $a0, pass_msg
    jal puts
    nop
    di
    ehb
    wait
    li $a0, 99
    j fail
    nop

/* run_user: ERET to VA_CODE in user mode; its SYSCALL comes back here with
 * $v0, which must equal $a1 (12: it did not). */
run_user:
    la $t0, 1f
    la $t1, state
    sw $t0, S_CONT($t1)
    li $t0, VA_CODE
    mtc0 $t0, $14
    addiu $a2, $t0, 0x100
    li $t0, 0x10000012           /* CU0 | UM | EXL */
    mtc0 $t0, $12
    li $v0, 0
    ehb
    eret
1:  CHECKR($v0, $a1, 12)
    jr $ra
    nop

#include "tests/system/fail_puts.inc"

/* The user code pages, run at VA_CODE: the same virtual pcs, another value. */
    .align 12
user1:
    jr $a2                       /* not a constant: the jump cache serves it */
    nop
    .org user1 + 0x100
    li $v0, 0x111
    syscall
    nop
    .align 12
user2:
    jr $a2                       /* not a constant: the jump cache serves it */
    nop
    .org user2 + 0x100
    li $v0, 0x222
    syscall
    nop
    .align 12

    .data
pass_msg:
    .asciz "PASS system-asid\n"
fail_msg:
    .asciz "FAIL system-asid\n"
    .align 3
state:
    .space 16
