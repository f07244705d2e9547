/* tests/unit/test_fpu_fast.c — the inline rounding FP ops of
 * translator/x86/backend_fpu.c bit for bit against frontend/fpu.c, on both of
 * its paths: the MXCSR-free one (FMA3 residual and TwoSum checks) and the
 * MXCSR one (backend_set_fpu_fast off). One block per operation runs many
 * operand sets: edge values (signed zeros, denormals, the normal and overflow
 * edges, the fast path's exponent thresholds, infinities, both NaN kinds),
 * exact and inexact sums, products, quotients and roots, and random operands,
 * in every rounding mode and with FS or Enables set. The result, Cause and
 * Flags must equal the helper's; with RN and no Enables the fast path must
 * also really run without the helper for ordinary operands.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/fpu_harness.h"
#include "translator/x86/x86_emit.h"

/* The call's cond argument for a conversion from W (fpu_harness.h). */
static unsigned cond_of(bool from_w)
{
    return from_w ? FH_FROM_INT : 0;
}

/* Emits the one-op block of (kind, f64, from_w) with the FMA path on or
 * off. */
static void emit_op(enum ir_fp_kind kind, bool f64, bool from_w, bool fast)
{
    struct backend *be = backend_new();
    ck_assert_ptr_nonnull(be);
    backend_set_fpu_fast(be, fast);
    fh_emit(be, kind, f64, cond_of(from_w));
    backend_free(be);
}

/* Runs the emitted op on (x, y, z) with status st and checks it against the
 * helper; returns true when the helper was called. */
static bool check_one(enum ir_fp_kind kind, bool f64, bool from_w, uint64_t x, uint64_t y,
                      uint64_t z, uint32_t st)
{
    return fh_check(kind, f64, cond_of(from_w), x, y, z, st).calls != 0;
}

/* ---- operands ---- */

static const uint64_t edges_d[] = {
    0x0000000000000000ull, 0x8000000000000000ull, /* +-0 */
    0x0000000000000001ull, 0x800fffffffffffffull, /* denormals */
    0x0010000000000000ull, 0x8010000000000001ull, /* the smallest normals */
    0x0400000000000000ull, 0x0400000000000001ull, /* 2^-959: the MUL/DIV threshold */
    0x03f0000000000000ull, 0x2180000000000000ull, /* 2^-960, 2^-487 (the SQRT one) */
    0x2190000000000001ull, 0x3ff0000000000000ull, /* 1 */
    0x3ff0000000000001ull, 0xbff0000000000000ull, /* 1 + ulp, -1 */
    0x3fb999999999999aull, 0x4008000000000000ull, /* 0.1, 3 */
    0x3fd5555555555555ull, 0x4330000000000000ull, /* 1/3, 2^52 */
    0x4340000000000001ull, 0x7fefffffffffffffull, /* 2^53 + 2, the largest */
    0xffefffffffffffffull, 0x7fe0000000000000ull, /* 2^1023 */
    0x7ca0000000000000ull, 0x7ff0000000000000ull, /* 2^971 (half an ulp of the largest), inf */
    0xfff0000000000000ull, 0x7ff7ffffffffffffull, /* -inf, a legacy QNaN */
    0x7ff8000000000000ull, 0x3ff8000000000000ull, /* a legacy SNaN, 1.5 */
};

static const uint32_t edges_s[] = {
    0x00000000u, 0x80000000u, 0x00000001u, 0x807fffffu, 0x00800000u, 0x80800001u, 0x10000000u,
    0x10000001u, 0x0f800000u, 0x26000000u, 0x26800001u, 0x3f800000u, 0x3f800001u, 0xbf800000u,
    0x3dcccccdu, 0x40400000u, 0x3eaaaaabu, 0x4b000000u, 0x4b800001u, 0x7f7fffffu, 0xff7fffffu,
    0x7f000000u, 0x73000000u, 0x7f800000u, 0xff800000u, 0x7fbfffffu, 0x7fc00000u, 0x3fc00000u,
};

#define NEDGES_D (sizeof edges_d / sizeof edges_d[0])
#define NEDGES_S (sizeof edges_s / sizeof edges_s[0])

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A random operand: any bits, a value of few significant bits (sums and
 * products of them are often exact), or one near 1 or near the edges. */
static uint64_t random_operand(bool f64)
{
    uint64_t v = next();
    unsigned shape = (unsigned)(v >> 60) & 7;
    if (f64) {
        uint64_t sign = v & 0x8000000000000000ull, frac = next() & 0x000fffffffffffffull;
        if (shape == 0) return next();
        if (shape <= 2) frac &= 0x000ff00000000000ull; /* 8 significant bits */
        if (shape == 3) return edges_d[next() % NEDGES_D] ^ (next() & 3);
        unsigned e = shape == 4 ? (unsigned)(next() % 0x7ff) : 1023 - 40 + (unsigned)(next() % 80);
        return sign | (uint64_t)e << 52 | frac;
    }
    uint32_t sign = (uint32_t)v & 0x80000000u, frac = (uint32_t)next() & 0x007fffffu;
    if (shape == 0) return (uint32_t)next();
    if (shape <= 2) frac &= 0x007f0000u;
    if (shape == 3) return edges_s[next() % NEDGES_S] ^ (uint32_t)(next() & 3);
    unsigned e = shape == 4 ? (unsigned)(next() % 0xff) : 127 - 20 + (unsigned)(next() % 40);
    return sign | (uint32_t)e << 23 | frac;
}

static const uint32_t statuses[] = {
    0, 1, 2, 3, FCSR_FS, ENABLES(EX_I), ENABLES(EX_U | EX_O), CAUSE(0x3f) | FLAGS(0x1f) | 1u << 23,
};
#define NSTATUSES (sizeof statuses / sizeof statuses[0])

struct op_case {
    uint8_t kind;
    bool f64, from_w;
};

static const struct op_case ops[] = {
    {IR_FP_ADD, 1, 0},   {IR_FP_SUB, 1, 0},   {IR_FP_MUL, 1, 0},   {IR_FP_DIV, 1, 0},
    {IR_FP_SQRT, 1, 0},  {IR_FP_MADD, 1, 0},  {IR_FP_MSUB, 1, 0},  {IR_FP_NMADD, 1, 0},
    {IR_FP_NMSUB, 1, 0}, {IR_FP_CVT_S, 1, 0}, {IR_FP_ADD, 0, 0},   {IR_FP_SUB, 0, 0},
    {IR_FP_MUL, 0, 0},   {IR_FP_DIV, 0, 0},   {IR_FP_SQRT, 0, 0},  {IR_FP_MADD, 0, 0},
    {IR_FP_MSUB, 0, 0},  {IR_FP_NMADD, 0, 0}, {IR_FP_NMSUB, 0, 0}, {IR_FP_CVT_S, 0, 1},
};
#define NOPS (sizeof ops / sizeof ops[0])

static uint64_t edge(bool f64, unsigned i)
{
    return f64 ? edges_d[i % NEDGES_D] : edges_s[i % NEDGES_S];
}

/* Every pair of edge values (the third operand varies with them), in every
 * status; then random operands with RN. */
static void sweep(const struct op_case *k, bool fast)
{
    emit_op((enum ir_fp_kind)k->kind, k->f64, k->from_w, fast);
    unsigned n = k->f64 ? NEDGES_D : NEDGES_S;
    for (unsigned m = 0; m < NSTATUSES; m++)
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++)
                check_one((enum ir_fp_kind)k->kind, k->f64, k->from_w, edge(k->f64, i),
                          edge(k->f64, j), edge(k->f64, i * 7 + j), statuses[m]);
    unsigned helper = 0, total = 20000;
    for (unsigned i = 0; i < total; i++) {
        uint64_t x = random_operand(k->f64), y = random_operand(k->f64), z = random_operand(k->f64);
        if (k->from_w) x = (uint32_t)next() >> (next() & 31);
        if (k->kind == IR_FP_SQRT) x &= k->f64 ? ~0x8000000000000000ull : ~0x80000000ull;
        helper += check_one((enum ir_fp_kind)k->kind, k->f64, k->from_w, x, y, z, 0);
    }
    /* Most random operands are ordinary: the fast path must handle them. */
    if (fast) ck_assert_msg(helper < total / 2, "kind %d: %u helper calls", k->kind, helper);
}

START_TEST(fast_path_matches_helpers)
{
    sweep(&ops[_i], true);
}
END_TEST

START_TEST(mxcsr_path_matches_helpers)
{
    sweep(&ops[_i], false);
}
END_TEST

/* Exact and inexact cases that must stay inline on the fast path, with the
 * right Cause: 1 + 2 exact, 0.1 + 0.2 inexact, 3 * 3 exact, 1 / 3 inexact,
 * sqrt(4) exact, sqrt(2) inexact, 2^-900 * 2^-50 exact (above the
 * threshold), (double) 0.1f exact to single, 0.1 inexact, and the zero
 * products and quotients of a zero operand: 0 * 3, -3 * 0, 0 / 3, 0 / inf
 * (exact, no Underflow, though below the MUL/DIV threshold). */
START_TEST(fast_path_stays_inline)
{
    static const struct {
        uint8_t kind;
        uint64_t x, y;
        bool inexact;
    } cases[] = {
        {IR_FP_ADD, 0x3ff0000000000000ull, 0x4000000000000000ull, false},
        {IR_FP_ADD, 0x3fb999999999999aull, 0x3fc999999999999aull, true},
        {IR_FP_SUB, 0x3ff0000000000000ull, 0x3ff0000000000000ull, false},
        {IR_FP_MUL, 0x4008000000000000ull, 0x4008000000000000ull, false},
        {IR_FP_MUL, 0x3fb999999999999aull, 0x4008000000000000ull, true},
        {IR_FP_DIV, 0x3ff0000000000000ull, 0x4008000000000000ull, true},
        {IR_FP_DIV, 0x4022000000000000ull, 0x4008000000000000ull, false},
        {IR_FP_SQRT, 0x4010000000000000ull, 0, false},
        {IR_FP_SQRT, 0x4000000000000000ull, 0, true},
        {IR_FP_MUL, 0x07b0000000000000ull, 0x3cd0000000000000ull, false},
        {IR_FP_CVT_S, 0x3fb99999a0000000ull, 0, false},
        {IR_FP_CVT_S, 0x3fb999999999999aull, 0, true},
        {IR_FP_MUL, 0x0000000000000000ull, 0x4008000000000000ull, false},
        {IR_FP_MUL, 0xc008000000000000ull, 0x0000000000000000ull, false},
        {IR_FP_DIV, 0x0000000000000000ull, 0x4008000000000000ull, false},
        {IR_FP_DIV, 0x8000000000000000ull, 0x7ff0000000000000ull, false},
    };
    if (!__builtin_cpu_supports("fma")) return; /* the MXCSR path is the only one there */
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        emit_op((enum ir_fp_kind)cases[i].kind, true, false, true);
        struct fstate s = {.fpr = {0, cases[i].x, cases[i].y}, .status = FLAGS(EX_O)};
        fh_enter(&s);
        ck_assert_msg(s.calls == 0, "case %u took the helper", i);
        uint32_t cause = cases[i].inexact ? EX_I : 0;
        ck_assert_uint_eq(s.status, CAUSE(cause) | FLAGS(cause | EX_O));
        ck_assert_uint_eq(
            check_one((enum ir_fp_kind)cases[i].kind, true, false, cases[i].x, cases[i].y, 0, 0),
            false);
    }
}
END_TEST

/* The AVX and FMA3 encodings (as GNU as assembles them). */
START_TEST(vex_encodings)
{
    struct x86_buf b;
    uint8_t buf[64];
    x86_buf_init(&b, buf, sizeof buf);
    x86_emit_vsse_xxx(&b, X86_SSE_ADD, X86_FP_D, 4, 0, 1);   /* vaddsd xmm4, xmm0, xmm1 */
    x86_emit_vsse_xxx(&b, X86_SSE_SUB, X86_FP_S, 9, 12, 3);  /* vsubss xmm9, xmm12, xmm3 */
    x86_emit_vsse_xxx(&b, X86_SSE_SQRT, X86_FP_D, 4, 0, 10); /* vsqrtsd xmm4, xmm0, xmm10 */
    x86_emit_vfmsub231s(&b, X86_FP_D, 5, 0, 1);              /* vfmsub231sd xmm5, xmm0, xmm1 */
    x86_emit_vfmsub231s(&b, X86_FP_S, 13, 4, 8);             /* vfmsub231ss xmm13, xmm4, xmm8 */
    const uint8_t want[] = {0xc5, 0xfb, 0x58, 0xe1, 0xc5, 0x1a, 0x5c, 0xcb, 0xc4, 0xc1, 0x7b, 0x51,
                            0xe2, 0xc4, 0xe2, 0xf9, 0xbb, 0xe9, 0xc4, 0x42, 0x59, 0xbb, 0xe8};
    ck_assert_uint_eq(x86_buf_offset(&b), sizeof want);
    ck_assert_int_eq(memcmp(buf, want, sizeof want), 0);
}
END_TEST

static Suite *fpu_fast_suite(void)
{
    Suite *s = suite_create("fpu_fast");
    TCase *tc = tcase_create("ops");
    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, fh_setup, fh_teardown);
    tcase_add_loop_test(tc, fast_path_matches_helpers, 0, (int)NOPS);
    tcase_add_loop_test(tc, mxcsr_path_matches_helpers, 0, (int)NOPS);
    tcase_add_test(tc, fast_path_stays_inline);
    tcase_add_test(tc, vex_encodings);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_fast_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
