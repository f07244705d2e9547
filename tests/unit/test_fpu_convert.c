/* tests/unit/test_fpu_convert.c — FPU conversions through the interpreter:
 * CVT.S/CVT.D from every legal source, CVT.W/CVT.L in every rounding mode,
 * ROUND/TRUNC/CEIL/FLOOR to W and L, on zeros, halves, denormals, infinities,
 * legacy NaNs and out-of-range values (Invalid, result 0x7fffffff /
 * 0x7fffffffffffffff), FCSR.FS, and the L format needing Status.FR = 1.
 *
 * The vector table's expectations were produced by running each encoded
 * instruction under qemu-mipsel 7.2 (24Kf model) in a scratch program, built
 * once with -mfp32 (FR = 0) and once with the default FPXX ABI (FR = 1),
 * which loads the registers and FCSR, executes the word and dumps them back.
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/fpu_test.h"

#define TRAP 0xffffffffu

struct convert_vec {
    uint32_t word;
    bool fr64;
    uint32_t fcsr;
    uint64_t in;        /* in fs: $f2 for S/W, $f8 for D/L */
    uint64_t want;      /* in fd: $f0 for S/W, $f14 for D/L */
    uint32_t want_fcsr; /* TRAP: raises FPE */
    const char *text;
};

#include "tests/unit/fpu_convert_vectors.h"

START_TEST(convert_vectors)
{
    const struct convert_vec *v = &convert_vecs[_i];
    struct harness *h = fpu_machine(false, v->fr64);
    unsigned fs = (v->word >> 11) & 31, fd = (v->word >> 6) & 31;
    if (fs == 8)
        fpu_set_d(&h->cpu, fs, v->in);
    else
        fpu_set_s(&h->cpu, fs, (uint32_t)v->in);
    h->cpu.fcsr = v->fcsr;
    bool ok = run1(h, v->word);
    ck_assert_msg(ok == (v->want_fcsr != TRAP), "%s: exception %u", v->text, h->cpu.exc.code);
    if (ok) {
        uint64_t got = fd == 14 ? fpu_get_d(&h->cpu, fd) : fpu_get_s(&h->cpu, fd);
        ck_assert_msg(got == v->want, "%s: got %#llx want %#llx", v->text, (unsigned long long)got,
                      (unsigned long long)v->want);
        ck_assert_msg(h->cpu.fcsr == v->want_fcsr, "%s: fcsr %#x want %#x", v->text, h->cpu.fcsr,
                      v->want_fcsr);
    } else {
        ck_assert_uint_eq(h->cpu.exc.code, EXC_FPE);
        ck_assert_msg(fpu_get_s(&h->cpu, fd) == 0, "%s: destination written", v->text);
    }
    harness_free(h);
}
END_TEST

/* QEMU's 24Kf has no L-format operation with FR = 0 (check_cp1_64bitmode). */
START_TEST(long_format_needs_fr1)
{
    static const uint32_t words[] = {
        ENC_ARITH(FMT_S, FN_CVT_L, 14, 2, 0),   ENC_ARITH(FMT_D, FN_CVT_L, 14, 8, 0),
        ENC_ARITH(FMT_L, FN_CVT_S, 0, 8, 0),    ENC_ARITH(FMT_L, FN_CVT_D, 14, 8, 0),
        ENC_ARITH(FMT_S, FN_ROUND_L, 14, 2, 0), ENC_ARITH(FMT_D, FN_TRUNC_L, 14, 8, 0),
        ENC_ARITH(FMT_S, FN_CEIL_L, 14, 2, 0),  ENC_ARITH(FMT_D, FN_FLOOR_L, 14, 8, 0),
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct harness *h = fpu_machine(false, false);
        ck_assert_msg(!run1(h, words[i]), "word %u ran with FR=0", i);
        ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
        harness_free(h);
    }
}
END_TEST

/* Formats a conversion does not define are RI: CVT.S.S, CVT.D.D, CVT.W.W,
 * ROUND.W.W. With FR = 0 the double side must be an even register. */
START_TEST(illegal_conversions)
{
    static const uint32_t words[] = {
        ENC_ARITH(FMT_S, FN_CVT_S, 0, 2, 0),  ENC_ARITH(FMT_D, FN_CVT_D, 14, 8, 0),
        ENC_ARITH(FMT_W, FN_CVT_W, 0, 2, 0),  ENC_ARITH(FMT_W, FN_ROUND_W, 0, 2, 0),
        ENC_ARITH(FMT_PS, FN_CVT_S, 0, 2, 0), ENC_ARITH(FMT_D, FN_CVT_S, 0, 9, 0),
        ENC_ARITH(FMT_S, FN_CVT_D, 15, 2, 0), ENC_ARITH(FMT_W, FN_CVT_D, 13, 2, 0),
        ENC_ARITH(FMT_D, FN_CVT_W, 0, 9, 0),  ENC_ARITH(FMT_D, FN_FLOOR_W, 0, 11, 0),
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct harness *h = fpu_machine(false, false);
        ck_assert_msg(!run1(h, words[i]), "word %u ran", i);
        ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
        harness_free(h);
    }
    /* A single source or destination may be odd: CVT.S.D $f1, $f8. */
    struct harness *h = fpu_machine(false, false);
    fpu_set_d(&h->cpu, 8, 0x3ff0000000000000ull);
    ck_assert(run1(h, ENC_ARITH(FMT_D, FN_CVT_S, 1, 8, 0)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 1), 0x3f800000);
    harness_free(h);
}
END_TEST

static Suite *fpu_convert_suite(void)
{
    Suite *s = suite_create("fpu_convert");
    TCase *t = tcase_create("core");
    tcase_add_loop_test(t, convert_vectors, 0, sizeof convert_vecs / sizeof convert_vecs[0]);
    tcase_add_test(t, long_format_needs_fr1);
    tcase_add_test(t, illegal_conversions);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(fpu_convert_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
