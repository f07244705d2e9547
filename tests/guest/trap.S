/* tests/guest/trap.S — the conditional traps (Vol. II TEQ..TNEI), taken and not
 * taken, and SYSCALL and BREAK: Tr = 13, Sys = 8, Bp = 9 in Cause.ExcCode, EPC =
 * the instruction. The not-taken cases also run under qemu-user. */
#include "check_asm.h"

    /* \insn must not trap. */
    .macro no_trap line, insn:vararg
    \insn
    .endm
    /* \insn must raise Tr with EPC at it. */
    .macro trap line, insn:vararg
    expect_exc .Ltr\@
.Lti\@:
    \insn
    nop
.Ltr\@:
    check_exc 13, .Lti\@, 0, \line
    .endm
#define NO_TRAP(...) no_trap __LINE__, __VA_ARGS__
#ifdef RT_USER
#define TRAP(...)
#else
#define TRAP(...) trap __LINE__, __VA_ARGS__
#endif

TEST_MAIN(trap)
    li $s0, 0
    li $s1, 5
    li $s2, -5

    NO_TRAP(teq $s1, $s2)
    TRAP(teq $s1, $s1)
    NO_TRAP(tne $s1, $s1)
    TRAP(tne $s1, $s2)
    NO_TRAP(tlt $s1, $s2)
    TRAP(tlt $s2, $s1)
    NO_TRAP(tltu $s2, $s1)
    TRAP(tltu $s1, $s2)
    NO_TRAP(tge $s2, $s1)
    TRAP(tge $s1, $s1)
    TRAP(tge $s1, $s2)
    NO_TRAP(tgeu $s1, $s2)
    TRAP(tgeu $s2, $s1)
    NO_TRAP(teqi $s1, 4)
    TRAP(teqi $s2, -5)
    NO_TRAP(tnei $s2, -5)
    TRAP(tnei $s1, -5)
    NO_TRAP(tlti $s1, 5)
    TRAP(tlti $s2, -4)
    NO_TRAP(tltiu $s1, 5)
    TRAP(tltiu $s1, -1)         /* 5 <u 0xffffffff */
    NO_TRAP(tltiu $s2, 5)
    NO_TRAP(tgei $s2, -4)
    TRAP(tgei $s1, 5)
    NO_TRAP(tgeiu $s1, -1)
    TRAP(tgeiu $s2, 5)
    TRAP(teq $zero, $zero, 0x3ff)
    /* A trap that did not fire left everything in order. */
    CHECK_EQ($s1, 5)

#ifndef RT_USER
    EXPECT_EXC(1f)
sys:
    syscall 0x12345
    nop
1:  CHECK_EXC(8, sys)
    la $t0, sys                 /* the code field lives in the instruction word */
    lw $t1, 0($t0)
    CHECK_EQ($t1, (0x12345 << 6) | 0xc)
    EXPECT_EXC(1f)
brk:
    break 7
    nop
1:  CHECK_EXC(9, brk)
    EXPECT_EXC(1f)
brk2:
    break 0x3ff, 0x3ff
    nop
1:  CHECK_EXC(9, brk2)
    la $t0, rt_exc
    lw $t1, 12($t0)             /* every expected exception above was counted */
    CHECK_EQ($t1, 17)
#endif
TEST_END(trap)
