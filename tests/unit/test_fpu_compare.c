/* tests/unit/test_fpu_compare.c — C.cond.fmt, the condition codes and their
 * consumers: all sixteen predicates in S and D against less / equal /
 * greater / +-0 / QNaN / SNaN (signalling predicates raise Invalid on a QNaN
 * too), each condition code 0..7 with the others left alone, Invalid enabled
 * trapping with the condition code unchanged, and BC1T/BC1F, GPR MOVF/MOVT,
 * MOVF.fmt/MOVT.fmt and MOVZ.fmt/MOVN.fmt reading them.
 *
 * The vector table's expectations were produced by running each encoded
 * instruction under qemu-mipsel 7.2 (24Kf model, FR = 0) in a scratch program
 * that loads the registers and FCSR, executes the word and dumps them back.
 */
#include <check.h>
#include <stdint.h>

#include "tests/unit/fpu_test.h"

#define TRAP 0xffffffffu

struct compare_vec {
    uint32_t word;
    uint32_t fcsr;
    uint64_t a, b;      /* fs, ft: $f2/$f4 (S) or $f8/$f10 (D) */
    uint32_t want_fcsr; /* TRAP: raises FPE */
    const char *text;
};

#include "tests/unit/fpu_compare_vectors.h"

START_TEST(compare_vectors)
{
    const struct compare_vec *v = &compare_vecs[_i];
    struct harness *h = fpu_machine(false, false);
    if (((v->word >> 21) & 31) == FMT_D) {
        fpu_set_d(&h->cpu, 8, v->a);
        fpu_set_d(&h->cpu, 10, v->b);
    } else {
        fpu_set_s(&h->cpu, 2, (uint32_t)v->a);
        fpu_set_s(&h->cpu, 4, (uint32_t)v->b);
    }
    h->cpu.fcsr = v->fcsr;
    bool ok = run1(h, v->word);
    ck_assert_msg(ok == (v->want_fcsr != TRAP), "%s: exception %u", v->text, h->cpu.exc.code);
    if (ok)
        ck_assert_msg(h->cpu.fcsr == v->want_fcsr, "%s: fcsr %#x want %#x", v->text, h->cpu.fcsr,
                      v->want_fcsr);
    else
        ck_assert_msg(h->cpu.fcsr == (v->fcsr | CAUSE(EX_V)), "%s: fcsr %#x after trap", v->text,
                      h->cpu.fcsr);
    harness_free(h);
}
END_TEST

static uint32_t cc_bit(unsigned cc)
{
    return 1u << (cc == 0 ? 23 : 24 + cc);
}

/* C.EQ.S into each cc sets exactly that FCSR bit; fpu_condition() reads it. */
START_TEST(each_condition_code)
{
    unsigned cc = (unsigned)_i;
    struct harness *h = fpu_machine(false, false);
    fpu_set_s(&h->cpu, 2, 0x3f800000);
    fpu_set_s(&h->cpu, 4, 0x3f800000);
    ck_assert(run1(h, ENC_CMP(FMT_S, 2, cc, 2, 4)));
    ck_assert_uint_eq(h->cpu.fcsr, cc_bit(cc));
    for (unsigned k = 0; k < 8; k++)
        ck_assert(fpu_condition(&h->cpu, k) == (k == cc));
    h->cpu.fcsr = 0xfe800000u;
    fpu_set_s(&h->cpu, 4, 0x40000000);
    ck_assert(run1(h, ENC_CMP(FMT_S, 2, cc, 2, 4)));
    ck_assert_uint_eq(h->cpu.fcsr, 0xfe800000u & ~cc_bit(cc));
    harness_free(h);
}
END_TEST

/* BC1T cc branches on exactly its own condition code. */
START_TEST(branch_on_condition_code)
{
    unsigned cc = (unsigned)_i;
    for (unsigned set = 0; set < 8; set++) {
        struct harness *h = fpu_machine(false, false);
        const uint32_t code[] = {
            ENC_BC1(cc, 1, 3), /* bc1t cc, +3 */
            0x00000000,        /* nop (delay slot) */
            0x24020001,        /* addiu $2, $0, 1: not taken */
            0x00000000,
        };
        h->cpu.fcsr = cc_bit(set);
        ck_assert(harness_run(h, code, 4));
        ck_assert_uint_eq(h->cpu.gpr[2], set == cc ? 0 : 1);
        harness_free(h);
    }
}
END_TEST

/* GPR MOVT/MOVF rd, rs, cc and MOVT.S/MOVF.S fd, fs, cc. */
START_TEST(moves_on_condition_code)
{
    unsigned cc = (unsigned)_i;
    struct harness *h = fpu_machine(false, false);
    h->cpu.gpr[6] = 0xaaaa;
    h->cpu.fcsr = cc_bit(cc);
    ck_assert(run1(h, ENC_GPR_MOVCF(7, 6, cc, 1)));
    ck_assert_uint_eq(h->cpu.gpr[7], 0xaaaa);
    ck_assert(run1(h, ENC_GPR_MOVCF(8, 6, cc, 0)));
    ck_assert_uint_eq(h->cpu.gpr[8], 0);
    fpu_set_s(&h->cpu, 2, 0x12345678);
    ck_assert(run1(h, ENC_MOVCF(FMT_S, 1, 0, 2, cc)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 0), 0x12345678);
    ck_assert(run1(h, ENC_MOVCF(FMT_S, 0, 4, 2, cc)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 4), 0);
    fpu_set_d(&h->cpu, 8, 0x0123456789abcdefull);
    ck_assert(run1(h, ENC_MOVCF(FMT_D, 1, 14, 8, cc)));
    ck_assert_uint_eq(fpu_get_d(&h->cpu, 14), 0x0123456789abcdefull);
    ck_assert(run1(h, ENC_MOVCF(FMT_D, 0, 16, 8, cc)));
    ck_assert_uint_eq(fpu_get_d(&h->cpu, 16), 0);
    /* The other codes do not count: flip to every other cc being set. */
    h->cpu.fcsr = 0xfe800000u & ~cc_bit(cc);
    ck_assert(run1(h, ENC_MOVCF(FMT_S, 1, 20, 2, cc)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 20), 0);
    harness_free(h);
}
END_TEST

/* MOVZ.fmt/MOVN.fmt test the GPR in the rt field; a move is not arithmetic
 * (an SNaN moves without Invalid), and D with an odd register is RI. */
START_TEST(moves_on_gpr)
{
    struct harness *h = fpu_machine(false, false);
    fpu_set_s(&h->cpu, 2, 0x7fc00000); /* SNaN */
    fpu_set_d(&h->cpu, 8, 0x7ff8000000000000ull);
    h->cpu.fcsr = ENABLES(EX_V);
    h->cpu.gpr[7] = 0;
    ck_assert(run1(h, ENC_MOVZN(FMT_S, FN_MOVZ, 0, 2, 7)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 0), 0x7fc00000);
    ck_assert(run1(h, ENC_MOVZN(FMT_S, FN_MOVN, 4, 2, 7)));
    ck_assert_uint_eq(fpu_get_s(&h->cpu, 4), 0);
    h->cpu.gpr[7] = 5;
    ck_assert(run1(h, ENC_MOVZN(FMT_D, FN_MOVN, 14, 8, 7)));
    ck_assert_uint_eq(fpu_get_d(&h->cpu, 14), 0x7ff8000000000000ull);
    ck_assert(run1(h, ENC_MOVZN(FMT_D, FN_MOVZ, 16, 8, 7)));
    ck_assert_uint_eq(fpu_get_d(&h->cpu, 16), 0);
    ck_assert_uint_eq(h->cpu.fcsr, ENABLES(EX_V));
    ck_assert(!run1(h, ENC_MOVZN(FMT_D, FN_MOVN, 15, 8, 7)));
    ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
    harness_free(h);
}
END_TEST

/* C.cond with fmt W or PS, or an odd D register with FR = 0, is RI. */
START_TEST(illegal_compares)
{
    static const uint32_t words[] = {
        ENC_CMP(FMT_W, 2, 0, 2, 4),  ENC_CMP(FMT_L, 2, 0, 8, 10), ENC_CMP(FMT_PS, 2, 0, 2, 4),
        ENC_CMP(FMT_D, 2, 0, 9, 10), ENC_CMP(FMT_D, 2, 0, 8, 11),
    };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct harness *h = fpu_machine(false, false);
        ck_assert_msg(!run1(h, words[i]), "word %u ran", i);
        ck_assert_uint_eq(h->cpu.exc.code, EXC_RI);
        harness_free(h);
    }
}
END_TEST

static Suite *fpu_compare_suite(void)
{
    Suite *s = suite_create("fpu_compare");
    TCase *t = tcase_create("core");
    tcase_add_loop_test(t, compare_vectors, 0, sizeof compare_vecs / sizeof compare_vecs[0]);
    tcase_add_loop_test(t, each_condition_code, 0, 8);
    tcase_add_loop_test(t, branch_on_condition_code, 0, 8);
    tcase_add_loop_test(t, moves_on_condition_code, 0, 8);
    tcase_add_test(t, moves_on_gpr);
    tcase_add_test(t, illegal_compares);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(fpu_compare_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
