/* tests/unit/test_fpu_arith.c — FPU arithmetic through the interpreter:
 * ADD/SUB/MUL/DIV/SQRT/RECIP/RSQRT and MADD/MSUB/NMADD/NMSUB in S and D on
 * zeros, denormals, infinities, legacy QNaN/SNaN, max/min, every rounding mode
 * and FCSR.FS; Cause cleared per operation and Flags accumulating; enabled
 * exceptions trapping with the destination unchanged; ABS/NEG/MOV as
 * non-arithmetic; illegal formats and odd registers as RI.
 *
 * The vector table's expectations were produced by running each encoded
 * instruction under qemu-mipsel 7.2 (24Kf model, FR = 0) in a scratch
 * program that loads the registers and FCSR, executes the word and dumps
 * the registers and FCSR back; TRAP marks an FPE there.
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/fpu_test.h"

#define TRAP 0xffffffffu

struct arith_vec {
    uint32_t word;
    uint32_t fcsr;
    uint64_t in[3]; /* fs, ft, fr */
    uint64_t want;
    uint32_t want_fcsr; /* TRAP: raises FPE */
    const char *text;
};

#include "tests/unit/fpu_arith_vectors.h"

static bool is_double_op(uint32_t word)
{
    return (word >> 26) == OPC_COP1X ? (word & 7) == 1 : ((word >> 21) & 31) == FMT_D;
}

START_TEST(arith_vectors)
{
    const struct arith_vec *v = &arith_vecs[_i];
    struct harness *h = fpu_machine(false, false);
    bool wide = is_double_op(v->word);
    for (unsigned k = 0; k < 3; k++) {
        if (wide)
            fpu_set_d(&h->cpu, 8 + 2 * k, v->in[k]);
        else
            fpu_set_s(&h->cpu, 2 + 2 * k, (uint32_t)v->in[k]);
    }
    h->cpu.fcsr = v->fcsr;
    bool ok = run1(h, v->word);
    ck_assert_msg(ok == (v->want_fcsr != TRAP), "%s: exception %u", v->text, h->cpu.exc.code);
    if (ok) {
        uint64_t got = wide ? fpu_get_d(&h->cpu, 14) : fpu_get_s(&h->cpu, 0);
        ck_assert_msg(got == v->want, "%s: got %#llx want %#llx", v->text, (unsigned long long)got,
                      (unsigned long long)v->want);
        ck_assert_msg(h->cpu.fcsr == v->want_fcsr, "%s: fcsr %#x want %#x", v->text, h->cpu.fcsr,
                      v->want_fcsr);
    }
    harness_free(h);
}
END_TEST

/* Cause is rewritten by every arithmetic operation; Flags only accumulate. */
START_TEST(cause_cleared_flags_accumulate)
{
    struct harness *h = fpu_machine(false, false);
    fpu_set_s(&h->cpu, 2, 0x3f800000); /* 1 */
    fpu_set_s(&h->cpu, 4, 0x00000000); /* +0 */
    ck_assert(run1(h, ENC_ARITH(FMT_S, FN_DIV, 0, 2, 4)));
    ck_assert_uint_eq(h->cpu.fcsr, CAUSE(EX_Z) | FLAGS(EX_Z));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 0), 0x7f800000);
    fpu_set_s(&h->cpu, 4, 0x40400000); /* 3 */
    ck_assert(run1(h, ENC_ARITH(FMT_S, FN_DIV, 0, 2, 4)));
    ck_assert_uint_eq(h->cpu.fcsr, CAUSE(EX_I) | FLAGS(EX_Z | EX_I));
    ck_assert(run1(h, ENC_ARITH(FMT_S, FN_ADD, 0, 2, 2)));
    ck_assert_uint_eq(h->cpu.fcsr, FLAGS(EX_Z | EX_I));
    harness_free(h);
}
END_TEST

struct trap_case {
    uint32_t enables;
    uint32_t a, b;
    unsigned fn;
    uint32_t cause;
    const char *text;
};

static const struct trap_case trap_cases[] = {
    {EX_V, 0x7fc00000, 0x3f800000, FN_ADD, EX_V, "snan + 1, V enabled"},
    {EX_V, 0x7f800000, 0x7f800000, FN_SUB, EX_V, "inf - inf, V enabled"},
    {EX_Z, 0x3f800000, 0x00000000, FN_DIV, EX_Z, "1 / 0, Z enabled"},
    {EX_I, 0x3f800000, 0x40400000, FN_DIV, EX_I, "1 / 3, I enabled"},
    {EX_O, 0x7f7fffff, 0x7f7fffff, FN_MUL, EX_O | EX_I, "max * max, O enabled"},
    {EX_U, 0x00800000, 0x3eaaaaab, FN_MUL, EX_U | EX_I, "minnorm * 1/3, U enabled"},
};

/* An enabled exception traps: Cause shows it, Flags and fd stay unchanged. */
START_TEST(enabled_exception_traps)
{
    const struct trap_case *c = &trap_cases[_i];
    struct harness *h = fpu_machine(false, false);
    fpu_set_s(&h->cpu, 0, 0x12345678);
    fpu_set_s(&h->cpu, 2, c->a);
    fpu_set_s(&h->cpu, 4, c->b);
    h->cpu.fcsr = ENABLES(c->enables) | FLAGS(EX_Z);
    ck_assert_msg(!run1(h, ENC_ARITH(FMT_S, c->fn, 0, 2, 4)), "%s did not trap", c->text);
    ck_assert_uint_eq(h->cpu.exc.code, EXC_FPE);
    ck_assert_uint_eq(h->cpu.pc, HARNESS_CODE);
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 0), 0x12345678);
    ck_assert_msg(h->cpu.fcsr == (ENABLES(c->enables) | FLAGS(EX_Z) | CAUSE(c->cause)),
                  "%s: fcsr %#x", c->text, h->cpu.fcsr);
    harness_free(h);
}
END_TEST

/* The double-precision multiply-add traps the same way, fd pair untouched. */
START_TEST(enabled_exception_traps_madd_d)
{
    struct harness *h = fpu_machine(false, false);
    fpu_set_d(&h->cpu, 14, 0x1111222233334444ull);
    fpu_set_d(&h->cpu, 8, 0x7ff0000000000000ull); /* +inf */
    fpu_set_d(&h->cpu, 10, 0);
    fpu_set_d(&h->cpu, 12, 0x3ff0000000000000ull);
    h->cpu.fcsr = ENABLES(EX_V);
    ck_assert(!run1(h, ENC_MADD(FNX_MADD, 1, 14, 12, 8, 10)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_FPE);
    ck_assert_uint_eq(fpu_get_d(&h->cpu, 14), 0x1111222233334444ull);
    ck_assert_uint_eq(h->cpu.fcsr, ENABLES(EX_V) | CAUSE(EX_V));
    harness_free(h);
}
END_TEST

struct sign_case {
    unsigned fmt, fn;
    uint64_t in, want;
    const char *text;
};

static const struct sign_case sign_cases[] = {
    {FMT_S, FN_ABS, 0xffc00000, 0x7fc00000, "abs.s -snan"},
    {FMT_S, FN_NEG, 0x7fc00000, 0xffc00000, "neg.s snan"},
    {FMT_S, FN_NEG, 0x7fbfffff, 0xffbfffff, "neg.s qnan"},
    {FMT_S, FN_MOV, 0x7fc00001, 0x7fc00001, "mov.s snan"},
    {FMT_S, FN_NEG, 0x00000000, 0x80000000, "neg.s +0"},
    {FMT_S, FN_ABS, 0x80000001, 0x00000001, "abs.s -denorm"},
    {FMT_D, FN_ABS, 0xfff8000000000000ull, 0x7ff8000000000000ull, "abs.d -snan"},
    {FMT_D, FN_NEG, 0x7ff8000000000000ull, 0xfff8000000000000ull, "neg.d snan"},
    {FMT_D, FN_MOV, 0x7ff8000000000001ull, 0x7ff8000000000001ull, "mov.d snan"},
    {FMT_D, FN_NEG, 0xbff0000000000000ull, 0x3ff0000000000000ull, "neg.d -1"},
};

/* ABS/NEG/MOV only touch the sign bit: no Invalid on an SNaN and Cause is
 * left alone (QEMU float32_abs/float32_chs with ABS2008 = 0). */
START_TEST(sign_ops_are_not_arithmetic)
{
    const struct sign_case *c = &sign_cases[_i];
    struct harness *h = fpu_machine(false, false);
    bool d = c->fmt == FMT_D;
    if (d)
        fpu_set_d(&h->cpu, 8, c->in);
    else
        fpu_set_s(&h->cpu, 2, (uint32_t)c->in);
    h->cpu.fcsr = ENABLES(EX_V) | CAUSE(EX_I) | FLAGS(EX_I);
    ck_assert_msg(run1(h, ENC_ARITH(c->fmt, c->fn, d ? 14 : 0, d ? 8 : 2, 0)), "%s trapped",
                  c->text);
    uint64_t got = d ? fpu_get_d(&h->cpu, 14) : fpu_get_s(&h->cpu, 0);
    ck_assert_msg(got == c->want, "%s: got %#llx", c->text, (unsigned long long)got);
    ck_assert_uint_eq(h->cpu.fcsr, ENABLES(EX_V) | CAUSE(EX_I) | FLAGS(EX_I));
    harness_free(h);
}
END_TEST

/* With FR = 0 a D operand naming an odd register is RI; with FR = 1 it is a
 * register of its own. */
START_TEST(odd_double_register)
{
    static const uint32_t words[] = {
        ENC_ARITH(FMT_D, FN_ADD, 14, 9, 10),  ENC_ARITH(FMT_D, FN_ADD, 14, 8, 11),
        ENC_ARITH(FMT_D, FN_ADD, 15, 8, 10),  ENC_ARITH(FMT_D, FN_SQRT, 14, 9, 0),
        ENC_ARITH(FMT_D, FN_MOV, 15, 8, 0),   ENC_MADD(FNX_MADD, 1, 14, 13, 8, 10),
        ENC_ARITH(FMT_D, FN_RECIP, 14, 9, 0),
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct harness *h = fpu_machine(false, false);
        ck_assert_msg(!run1(h, words[i]), "word %u ran with FR=0", i);
        ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
        harness_free(h);
        h = fpu_machine(false, true);
        ck_assert_msg(run1(h, words[i]), "word %u raised %u with FR=1", i, h->cpu.exc.code);
        harness_free(h);
    }
    /* SQRT.D ignores ft, so an odd ft field is no reason for RI. */
    struct harness *h = fpu_machine(false, false);
    ck_assert(run1(h, ENC_ARITH(FMT_D, FN_SQRT, 14, 8, 11)));
    harness_free(h);
}
END_TEST

/* FR = 1: double arithmetic on odd registers reads and writes whole 64-bit
 * registers, and a single result keeps the upper half (QEMU). */
START_TEST(fr1_registers)
{
    struct harness *h = fpu_machine(false, true);
    h->cpu.fpr[3] = 0x3ff0000000000000ull; /* 1.0 */
    h->cpu.fpr[5] = 0x4000000000000000ull; /* 2.0 */
    ck_assert(run1(h, ENC_ARITH(FMT_D, FN_ADD, 7, 3, 5)));
    ck_assert_uint_eq(h->cpu.fpr[7], 0x4008000000000000ull);
    h->cpu.fpr[9] = 0xaaaaaaaa00000000ull;
    h->cpu.fpr[1] = 0x3f800000; /* 1.0f */
    ck_assert(run1(h, ENC_ARITH(FMT_S, FN_ADD, 9, 1, 1)));
    ck_assert_uint_eq(h->cpu.fpr[9], 0xaaaaaaaa40000000ull);
    harness_free(h);
}
END_TEST

/* Paired single is not implemented, and W/L are no formats for arithmetic. */
START_TEST(illegal_formats)
{
    static const uint32_t words[] = {
        ENC_ARITH(FMT_PS, FN_ADD, 0, 2, 4), ENC_ARITH(FMT_W, FN_ADD, 0, 2, 4),
        ENC_ARITH(FMT_L, FN_MUL, 0, 2, 4),  ENC_ARITH(FMT_PS, FN_MOV, 0, 2, 0),
        ENC_MADD(FNX_MADD, 6, 0, 6, 2, 4),
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct harness *h = fpu_machine(false, true);
        ck_assert_msg(!run1(h, words[i]), "word %u ran", i);
        ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
        harness_free(h);
    }
}
END_TEST

/* Status.CU1 clear: Coprocessor Unusable 1, before anything else. */
START_TEST(cu1_clear)
{
    struct harness *h = fpu_machine(false, false);
    h->cpu.cp0[CP0_STATUS][0] &= ~ST_CU1;
    ck_assert(!run1(h, ENC_ARITH(FMT_S, FN_ADD, 0, 2, 4)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_CPU);
    ck_assert_uint_eq(h->cpu.exc.ce, 1);
    harness_free(h);
}
END_TEST

static Suite *fpu_arith_suite(void)
{
    Suite *s = suite_create("fpu_arith");
    TCase *t = tcase_create("core");
    tcase_add_loop_test(t, arith_vectors, 0, sizeof arith_vecs / sizeof arith_vecs[0]);
    tcase_add_test(t, cause_cleared_flags_accumulate);
    tcase_add_loop_test(t, enabled_exception_traps, 0, sizeof trap_cases / sizeof trap_cases[0]);
    tcase_add_test(t, enabled_exception_traps_madd_d);
    tcase_add_loop_test(t, sign_ops_are_not_arithmetic, 0,
                        sizeof sign_cases / sizeof sign_cases[0]);
    tcase_add_test(t, odd_double_register);
    tcase_add_test(t, fr1_registers);
    tcase_add_test(t, illegal_formats);
    tcase_add_test(t, cu1_clear);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(fpu_arith_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
