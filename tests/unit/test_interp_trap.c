/* tests/unit/test_interp_trap.c — the interpreter's exception-raising class:
 * the six register traps and six immediate traps on edge values (trap and
 * no-trap), SYSCALL, BREAK and SDBBP, pc staying on the instruction, and a
 * trap in a delay slot reporting EPC = branch with Cause.BD.
 *
 * Words assembled with mipsel-linux-gnu-as -march=mips32r2; rs = $4, rt = $5;
 * the immediate forms use -1 (sign-extended: 0xffffffff).
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/harness.h"

#define IMIN 0x80000000u
#define IMAX 0x7fffffffu

struct trap_case {
    uint32_t word, a0, a1;
    bool traps;
    const char *text;
};

static const struct trap_case trap_cases[] = {
    {0x00850034, 5, 5, true, "teq $4, $5"},
    {0x00850034, 5, 6, false, "teq $4, $5"},
    {0x00850036, 0, 0xffffffff, true, "tne $4, $5"},
    {0x00850036, IMIN, IMIN, false, "tne $4, $5"},
    {0x00850030, 0, 0xffffffff, true, "tge $4, $5"},
    {0x00850030, IMIN, IMAX, false, "tge $4, $5"},
    {0x00850030, IMAX, IMAX, true, "tge $4, $5"},
    {0x00850031, 0xffffffff, 0, true, "tgeu $4, $5"},
    {0x00850031, 0, 0xffffffff, false, "tgeu $4, $5"},
    {0x00850032, IMIN, IMAX, true, "tlt $4, $5"},
    {0x00850032, 0, 0xffffffff, false, "tlt $4, $5"},
    {0x00850032, 7, 7, false, "tlt $4, $5"},
    {0x00850033, 0, 0xffffffff, true, "tltu $4, $5"},
    {0x00850033, IMIN, IMAX, false, "tltu $4, $5"},
    {0x048cffff, 0xffffffff, 0, true, "teqi $4, -1"},
    {0x048cffff, 0xfffe, 0, false, "teqi $4, -1"},
    {0x048effff, 0, 0, true, "tnei $4, -1"},
    {0x048effff, 0xffffffff, 0, false, "tnei $4, -1"},
    {0x0488ffff, 0, 0, true, "tgei $4, -1"},
    {0x0488ffff, IMIN, 0, false, "tgei $4, -1"},
    /* The unsigned immediate forms compare with 0xffffffff. */
    {0x0489ffff, 0xffffffff, 0, true, "tgeiu $4, -1"},
    {0x0489ffff, IMAX, 0, false, "tgeiu $4, -1"},
    {0x048affff, IMIN, 0, true, "tlti $4, -1"},
    {0x048affff, 0xffffffff, 0, false, "tlti $4, -1"},
    {0x048bffff, 0xfffffffe, 0, true, "tltiu $4, -1"},
    {0x048bffff, 0xffffffff, 0, false, "tltiu $4, -1"},
};

START_TEST(trap_conditions)
{
    const struct trap_case *c = &trap_cases[_i];
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = c->a0;
    h->cpu.gpr[5] = c->a1;
    bool ok = harness_run(h, &c->word, 1);
    ck_assert_msg(ok != c->traps, "%s (%#x, %#x): trapped %d, want %d", c->text, c->a0, c->a1,
                  !ok, c->traps);
    if (c->traps) {
        ck_assert_uint_eq(h->cpu.exc.code, EXC_TR);
        ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE);
        ck_assert_uint_eq(h->cpu.icount, 0);
    } else {
        ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 4);
        ck_assert_uint_eq(h->cpu.icount, 1);
    }
    harness_free(h);
}
END_TEST

START_TEST(trap_syscall_break_sdbbp)
{
    static const struct {
        uint32_t word;
        enum mips_exc code;
    } cases[] = {
        {0x0000000c, EXC_SYS}, /* syscall */
        {0x0000014c, EXC_SYS}, /* syscall 5 */
        {0x0000000d, EXC_BP}, /* break */
        {0x0007000d, EXC_BP}, /* break 7 */
        {0x7000003f, EXC_RI}, /* sdbbp: no EJTAG */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct harness *h = harness_new(i & 1);
        ck_assert(!harness_run(h, &cases[i].word, 1));
        ck_assert_uint_eq(h->cpu.exc.code, cases[i].code);
        ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE);
        ck_assert(!h->cpu.in_delay);
        cpu_enter_exception(&h->cpu);
        ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], HARNESS_CODE);
        ck_assert_uint_eq((h->cpu.cp0[CP0_CAUSE][0] & CAUSE_EXC_MASK) >> CAUSE_EXC_SHIFT,
                          cases[i].code);
        harness_free(h);
    }
}
END_TEST

START_TEST(trap_in_delay_slot)
{
    static const uint32_t code[] = {
        0x10000002, /* b 1f */
        0x0000000c, /* syscall */
        0x00000000, /* nop */
        0x00000000, /* 1: nop */
    };
    struct harness *h = harness_new(false);
    ck_assert(!harness_run(h, code, 4));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_SYS);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE + 4);
    ck_assert(h->cpu.in_delay);
    cpu_enter_exception(&h->cpu);
    ck_assert_uint_eq(h->cpu.cp0[CP0_EPC][0], HARNESS_CODE);
    ck_assert(h->cpu.cp0[CP0_CAUSE][0] & CAUSE_BD);
    harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interp_trap");
    TCase *tc = tcase_create("trap");
    tcase_add_loop_test(tc, trap_conditions, 0, sizeof trap_cases / sizeof trap_cases[0]);
    tcase_add_test(tc, trap_syscall_break_sdbbp);
    tcase_add_test(tc, trap_in_delay_slot);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
