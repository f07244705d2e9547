/* tests/guest/cp0.S — kernel-mode CP0 (Vol. III): Count advances and can be
 * written, Compare raises Cause.TI (and IP7) when Count reaches it and a
 * Compare write clears it, EBase moves the exception vectors, Status
 * reads back what crt0 set, and RDHWR CPUNum/SYNCI_Step/CC/CCRes/UserLocal
 * (kernel mode may read them whatever HWREna says). SYNCI_Step 32 and CCRes 2
 * are QEMU's 24Kf values (target/mips/cpu-defs.c.inc). Bare metal only. */
#include "check_asm.h"

    .data
ebase_hit:
    .word 0

    .text
    /* The vector the test installs at the new EBase + 0x180: it marks
     * ebase_hit and goes on into the runtime's handler. */
    .ent alt_vector
alt_vector:
    la $k0, ebase_hit
    sw $k0, 0($k0)
    la $k0, rt_exc_entry
    jr $k0
    nop
alt_vector_end:
    .end alt_vector

TEST_MAIN(cp0)
    /* Count advances while code runs. */
    mfc0 $t0, $9
    li $t2, 1000
1:  addiu $t2, $t2, -1
    bnez $t2, 1b
    nop
    mfc0 $t1, $9
    subu $t3, $t1, $t0
    sltu $t4, $zero, $t3
    CHECK_EQ($t4, 1)
    /* MTC0 Count sets it: a read just after is close above the value. */
    li $t0, 0x10000000
    mtc0 $t0, $9
    ehb
    mfc0 $t1, $9
    subu $t3, $t1, $t0
    sltiu $t4, $t3, 1000
    CHECK_EQ($t4, 1)

    /* Compare: TI (Cause bit 30) rises when Count reaches it. */
    /* 50000 ticks: far enough that no host pause (a translation, a busy
     * machine) between here and the next read lets host-time Count reach it. */
    mfc0 $t0, $9
    li $t1, 50000
    addu $t0, $t0, $t1
    mtc0 $t0, $11
    ehb
    mfc0 $t1, $13
    srl $t1, $t1, 30
    andi $t1, $t1, 1
    CHECK_EQ($t1, 0)
    li $t2, 10000000
1:  mfc0 $t1, $13
    srl $t1, $t1, 30
    andi $t1, $t1, 1
    bnez $t1, 2f
    addiu $t2, $t2, -1
    bnez $t2, 1b
    nop
2:  CHECK_EQ($t1, 1)
    mfc0 $t1, $13
    srl $t1, $t1, 15            /* IP7: the timer's line (IntCtl.IPTI = 7) */
    andi $t1, $t1, 1
    CHECK_EQ($t1, 1)
    mtc0 $t0, $11               /* writing Compare acknowledges */
    ehb
    mfc0 $t1, $13
    srl $t1, $t1, 30
    andi $t1, $t1, 1
    CHECK_EQ($t1, 0)

    /* Status as crt0 left it: CU0|CU1, BEV/ERL/EXL/IE clear. */
    mfc0 $t0, $12
    li $t1, 0x30400007
    and $t0, $t0, $t1
    CHECK_EQ($t0, 0x30000000)
    /* IM bits are writable. */
    mfc0 $t5, $12
    ori $t0, $t5, 0xff00
    mtc0 $t0, $12
    ehb
    mfc0 $t0, $12
    andi $t0, $t0, 0xff00
    CHECK_EQ($t0, 0xff00)
    mtc0 $t5, $12
    ehb

    /* EBase: copy alt_vector to 0x80002180, point EBase at 0x80002000 (with
     * BEV=1 while it changes, Vol. III EBase), take a SYSCALL, restore. */
    la $t0, alt_vector
    la $t1, alt_vector_end
    li $t2, 0x80002180
1:  lw $t3, 0($t0)
    sw $t3, 0($t2)
    addiu $t0, $t0, 4
    bne $t0, $t1, 1b
    addiu $t2, $t2, 4
    mfc0 $t5, $12
    li $t0, 0x00400000
    or $t0, $t5, $t0
    mtc0 $t0, $12
    ehb
    li $t0, 0x80002000
    mtc0 $t0, $15, 1
    ehb
    mtc0 $t5, $12
    ehb
    mfc0 $t1, $15, 1
    li $t0, 0x3ffff000
    and $t1, $t1, $t0
    CHECK_EQ($t1, 0x00002000)
    EXPECT_EXC(1f)
eb_sys:
    syscall
    nop
1:  CHECK_EXC(8, eb_sys)
    la $t0, ebase_hit
    lw $t1, 0($t0)
    CHECK_REG($t1, $t0)
    li $t0, 0x00400000
    or $t0, $t5, $t0
    mtc0 $t0, $12
    ehb
    li $t0, 0x80000000
    mtc0 $t0, $15, 1
    ehb
    mtc0 $t5, $12
    ehb

    /* RDHWR in kernel mode. */
    mtc0 $zero, $7              /* HWREna = 0 does not matter in kernel mode */
    ehb
    rdhwr $t0, $0
    mfc0 $t1, $15, 1
    andi $t1, $t1, 0x3ff
    CHECK_REG($t0, $t1)         /* CPUNum = EBase.CPUNum */
    rdhwr $t0, $1
    CHECK_EQ($t0, 32)
    rdhwr $t0, $3
    CHECK_EQ($t0, 2)
    mfc0 $t1, $9
    rdhwr $t0, $2
    subu $t2, $t0, $t1
    sltiu $t2, $t2, 100
    CHECK_EQ($t2, 1)            /* CC is Count */
    li $t0, 0x5eed1234
    mtc0 $t0, $4, 2             /* UserLocal */
    ehb
    .set push
    .set mips32r2
    rdhwr $t1, $29
    .set pop
    CHECK_EQ($t1, 0x5eed1234)
    /* HWREna keeps the bits it implements: 0..3 and 29 (ULRI on the 24Kf). */
    li $t0, 0xffffffff
    mtc0 $t0, $7
    ehb
    mfc0 $t1, $7
    CHECK_EQ($t1, 0x2000000f)
TEST_END(cp0)
