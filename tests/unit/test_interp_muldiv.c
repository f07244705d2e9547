/* tests/unit/test_interp_muldiv.c — the interpreter's HI/LO class: multiply,
 * multiply-accumulate, divide (including the UNPREDICTABLE division by zero,
 * where tern matches QEMU/Unicorn: LO = rs, HI = 0), MUL leaving HI/LO alone,
 * and the HI/LO moves.
 *
 * Words assembled with mipsel-linux-gnu-as -march=mips32r2; rs = $4, rt = $5.
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/harness.h"

#define IMIN 0x80000000u
#define IMAX 0x7fffffffu

#define MULT 0x00850018u /* mult $4, $5 */
#define MULTU 0x00850019u /* multu $4, $5 */
#define MADD 0x70850000u /* madd $4, $5 */
#define MADDU 0x70850001u /* maddu $4, $5 */
#define MSUB 0x70850004u /* msub $4, $5 */
#define MSUBU 0x70850005u /* msubu $4, $5 */
#define DIV 0x0085001au /* div $0, $4, $5 */
#define DIVU 0x0085001bu /* divu $0, $4, $5 */

struct hilo_case {
    uint32_t word, a0, a1;
    uint32_t hi, lo; /* before */
    uint32_t want_hi, want_lo;
    const char *text;
};

static const struct hilo_case hilo_cases[] = {
    {MULT, 0xffffffff, 0xffffffff, 9, 9, 0, 1, "mult -1, -1"},
    {MULT, IMIN, IMIN, 9, 9, 0x40000000, 0, "mult INT_MIN, INT_MIN"},
    {MULT, IMAX, IMIN, 9, 9, 0xc0000000, 0x80000000, "mult INT_MAX, INT_MIN"},
    {MULT, 0, 0xffffffff, 9, 9, 0, 0, "mult 0, -1"},
    {MULT, 0xffffffff, 1, 9, 9, 0xffffffff, 0xffffffff, "mult -1, 1"},
    {MULTU, 0xffffffff, 0xffffffff, 9, 9, 0xfffffffe, 1, "multu -1, -1"},
    {MULTU, IMIN, 2, 9, 9, 1, 0, "multu INT_MIN, 2"},
    {MADD, 0xffffffff, 1, 1, 0, 0, 0xffffffff, "madd (1<<32) + -1"},
    {MADD, IMIN, IMIN, 0xffffffff, 0xffffffff, 0x3fffffff, 0xffffffff, "madd -1 + 2^62"},
    {MADDU, 1, 1, 0xffffffff, 0xffffffff, 0, 0, "maddu wraps"},
    {MADDU, 0xffffffff, 0xffffffff, 0, 0, 0xfffffffe, 1, "maddu 0 + max^2"},
    {MSUB, 0xffffffff, 1, 0, 0, 0, 1, "msub 0 - -1"},
    {MSUB, IMIN, 0xffffffff, 0, 0, 0xffffffff, 0x80000000, "msub 0 - 2^31"},
    {MSUBU, 1, 1, 0, 0, 0xffffffff, 0xffffffff, "msubu wraps"},
    {MSUBU, 0xffffffff, 1, 1, 0, 0, 1, "msubu 2^32 - max"},
    {DIV, 7, 2, 9, 9, 1, 3, "div 7 / 2"},
    {DIV, 0xfffffff9, 2, 9, 9, 0xffffffff, 0xfffffffd, "div -7 / 2 truncates"},
    {DIV, 7, 0xfffffffe, 9, 9, 1, 0xfffffffd, "div 7 / -2"},
    {DIV, IMIN, 0xffffffff, 9, 9, 0, IMIN, "div INT_MIN / -1"},
    {DIV, 5, 0, 9, 9, 0, 5, "div 5 / 0 (QEMU: LO = rs, HI = 0)"},
    {DIV, 0xfffffffb, 0, 9, 9, 0, 0xfffffffb, "div -5 / 0"},
    {DIV, 0, 0, 9, 9, 0, 0, "div 0 / 0"},
    {DIVU, 0xffffffff, 2, 9, 9, 1, IMAX, "divu max / 2"},
    {DIVU, IMIN, 0xffffffff, 9, 9, IMIN, 0, "divu INT_MIN / max"},
    {DIVU, 5, 0, 9, 9, 0, 5, "divu 5 / 0 (QEMU: LO = rs, HI = 0)"},
};

START_TEST(muldiv_hilo)
{
    const struct hilo_case *c = &hilo_cases[_i];
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = c->a0;
    h->cpu.gpr[5] = c->a1;
    h->cpu.hi = c->hi;
    h->cpu.lo = c->lo;
    ck_assert_msg(harness_run(h, &c->word, 1), "%s trapped", c->text);
    ck_assert_msg(h->cpu.hi == c->want_hi && h->cpu.lo == c->want_lo,
                  "%s: got hi %#x lo %#x, want hi %#x lo %#x", c->text, h->cpu.hi, h->cpu.lo,
                  c->want_hi, c->want_lo);
    ck_assert_uint_eq(h->cpu.gpr[4], c->a0);
    ck_assert_uint_eq(h->cpu.gpr[5], c->a1);
    harness_free(h);
}
END_TEST

struct mul_case {
    uint32_t a0, a1, want;
};

static const struct mul_case mul_cases[] = {
    {IMAX, 2, 0xfffffffe},
    {0xffffffff, 0xffffffff, 1},
    {IMIN, 0xffffffff, IMIN},
    {0, IMAX, 0},
    {0x10000, 0x10000, 0},
};

/* MUL writes rd only; HI and LO keep their values (QEMU leaves them, and the
 * manual makes them UNPREDICTABLE). */
START_TEST(muldiv_mul)
{
    const struct mul_case *c = &mul_cases[_i];
    static const uint32_t code[] = {0x70851002}; /* mul $2, $4, $5 */
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = c->a0;
    h->cpu.gpr[5] = c->a1;
    h->cpu.hi = 0x11111111;
    h->cpu.lo = 0x22222222;
    ck_assert(harness_run(h, code, 1));
    ck_assert_uint_eq(h->cpu.gpr[2], c->want);
    ck_assert_uint_eq(h->cpu.hi, 0x11111111);
    ck_assert_uint_eq(h->cpu.lo, 0x22222222);
    harness_free(h);
}
END_TEST

START_TEST(muldiv_moves)
{
    static const uint32_t code[] = {
        0x00800011, /* mthi $4 */
        0x00a00013, /* mtlo $5 */
        0x00001010, /* mfhi $2 */
        0x00001812, /* mflo $3 */
        0x00000010, /* mfhi $0 */
    };
    struct harness *h = harness_new(false);
    h->cpu.gpr[4] = 0xdeadbeef;
    h->cpu.gpr[5] = IMIN;
    ck_assert(harness_run(h, code, 5));
    ck_assert_uint_eq(h->cpu.hi, 0xdeadbeef);
    ck_assert_uint_eq(h->cpu.lo, IMIN);
    ck_assert_uint_eq(h->cpu.gpr[2], 0xdeadbeef);
    ck_assert_uint_eq(h->cpu.gpr[3], IMIN);
    ck_assert_uint_eq(h->cpu.gpr[0], 0);
    harness_free(h);
}
END_TEST

/* A multiply-accumulate sequence as compilers emit it. */
START_TEST(muldiv_accumulate_sequence)
{
    static const uint32_t code[] = {
        0x00850018, /* mult $4, $5 */
        0x70850000, /* madd $4, $5 */
        0x70850000, /* madd $4, $5 */
        0x70850004, /* msub $4, $5 */
    };
    struct harness *h = harness_new(true);
    h->cpu.gpr[4] = 0x40000000;
    h->cpu.gpr[5] = 0xfffffff0; /* -16: each product is -2^34 */
    ck_assert(harness_run(h, code, 4));
    /* 2 * -2^34 = -2^35 = 0xfffffff8_00000000 */
    ck_assert_uint_eq(h->cpu.hi, 0xfffffff8);
    ck_assert_uint_eq(h->cpu.lo, 0);
    harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interp_muldiv");
    TCase *tc = tcase_create("muldiv");
    tcase_add_loop_test(tc, muldiv_hilo, 0, sizeof hilo_cases / sizeof hilo_cases[0]);
    tcase_add_loop_test(tc, muldiv_mul, 0, sizeof mul_cases / sizeof mul_cases[0]);
    tcase_add_test(tc, muldiv_moves);
    tcase_add_test(tc, muldiv_accumulate_sequence);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
