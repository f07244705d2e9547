/* tests/unit/test_fpu_inline.c — the JIT's inline FP operations
 * (translator/x86/backend_fpu.c) against their definitions:
 *  - the fast/slow split, on a small backend-only machine whose helper counts
 *    its calls: exact and inexact results in every rounding mode stay inline
 *    (no call), while NaN operands, invalid, overflow, underflow, divide by
 *    zero, FCSR.FS = 1 and non-zero Enables reach the helper, whose effect
 *    (including a trap that leaves the destination alone) is the result;
 *  - the whole pipeline (lift, backend) against the interpreter on MIPS code:
 *    ADD/SUB/MUL/DIV/SQRT, the multiply-adds, C.cond, CVT.S/CVT.D and
 *    TRUNC.W in S and D (and from W), with
 *    Status.FR = 0 (split doubles) and 1, over edge operands and every mode.
 */
#include <check.h>
#include <stdlib.h>

#include "core/jit.h"
#include "tests/unit/fpu_harness.h"
#include "translator/ir_eval.h"
#include "translator/x86/x86_emit.h"

/* ---- a backend-only machine (fpu_harness.h) with one backend ---- */

static struct backend *be;

static void setup(void)
{
    fh_setup();
    be = backend_new();
    ck_assert_ptr_nonnull(be);
}

static void teardown(void)
{
    backend_free(be);
    fh_teardown();
}

/* Runs the one-op block (kind, f64, cond) on s through the backend; returns
 * the block's result (0: exited or raised through restore). */
static uint64_t run_inline(struct fstate *s, enum ir_fp_kind kind, bool f64, unsigned cond)
{
    fh_emit(be, kind, f64, cond);
    return fh_enter(s);
}

struct split_case {
    uint8_t kind, f64;
    uint64_t x, y, z;
    uint32_t status;
    bool slow;
    unsigned cond;
};

#define D(v) 0x##v##ull
#define ONE D(3ff0000000000000)
#define TWO D(4000000000000000)
#define THREE D(4008000000000000)
#define TENTH D(3fb999999999999a)
#define FIFTH D(3fc999999999999a)
#define BIG D(7fe0000000000000)  /* 2^1023 */
#define TINY D(0010000000000000) /* 2^-1022 */
#define DENORM D(0000000000000001)
#define MIPS_QNAN D(7ff7ffffffffffff) /* quiet bit clear: an x86 SNaN */
#define MIPS_SNAN D(7ff8000000000000) /* quiet bit set: an x86 QNaN */
#define INF D(7ff0000000000000)
#define MINUS_ONE D(bff0000000000000)
#define ONE_S 0x3f800000u
#define TENTH_S 0x3dcccccdu
#define QNAN_S 0x7fbfffffu

static const struct split_case cases[] = {
    {IR_FP_ADD, 1, ONE, TWO, 0, 0, false, 0},                             /* exact: cause 0 */
    {IR_FP_ADD, 1, TENTH, FIFTH, 0, 0, false, 0},                         /* inexact: cause I */
    {IR_FP_ADD, 1, TENTH, FIFTH, 0, CAUSE(EX_Z) | FLAGS(EX_O), false, 0}, /* cause replaced */
    {IR_FP_DIV, 1, ONE, THREE, 0, 0, false, 0}, /* the four rounding modes */
    {IR_FP_DIV, 1, ONE, THREE, 0, 1, false, 0},
    {IR_FP_DIV, 1, ONE, THREE, 0, 2, false, 0},
    {IR_FP_DIV, 1, MINUS_ONE, THREE, 0, 3, false, 0},
    {IR_FP_SUB, 1, BIG, ONE, 0, 2, false, 0},
    {IR_FP_SQRT, 1, TWO, 0, 0, 0, false, 0},
    {IR_FP_MUL, 1, DENORM, ONE, 0, 0, false, 0}, /* denormal operand, exact */
    {IR_FP_ADD, 1, DENORM, ONE, 0, 0, false, 0}, /* denormal operand, inexact */
    {IR_FP_MADD, 1, TENTH, THREE, FIFTH, 0, false, 0},
    {IR_FP_NMSUB, 1, TENTH, THREE, FIFTH, 1, false, 0},
    {IR_FP_ADD, 0, TENTH_S, ONE_S, 0, 0, false, 0},
    {IR_FP_NMADD, 0, TENTH_S, ONE_S, ONE_S, 3, false, 0},
    {IR_FP_CMP, 1, ONE, TWO, 0, CAUSE(EX_I), false, 4},         /* c.olt: true */
    {IR_FP_CMP, 1, TWO, ONE, 0, 1u << 27, false, 4},            /* c.olt: false, bit cleared */
    {IR_FP_CMP, 1, ONE, ONE, 0, 0, false, 14},                  /* c.le (signalling), ordered */
    {IR_FP_CMP, 1, ONE, TWO, 0, 0, false, 1},                   /* c.un: false */
    {IR_FP_CMP, 0, ONE_S, TENTH_S, 0, ENABLES(0x1f), false, 6}, /* enables do not matter */
    {IR_FP_ADD, 1, MIPS_QNAN, ONE, 0, 0, true, 0},              /* NaN operands: default NaN */
    {IR_FP_ADD, 1, ONE, MIPS_SNAN, 0, 0, true, 0},              /* and Invalid */
    {IR_FP_MUL, 0, QNAN_S, ONE_S, 0, 0, true, 0},
    {IR_FP_SUB, 1, INF, INF, 0, 0, true, 0}, /* invalid */
    {IR_FP_SQRT, 1, MINUS_ONE, 0, 0, 0, true, 0},
    {IR_FP_MUL, 1, BIG, TWO, 0, 0, true, 0},                    /* overflow */
    {IR_FP_MUL, 1, TINY, TENTH, 0, 0, true, 0},                 /* underflow */
    {IR_FP_DIV, 1, ONE, 0, 0, 0, true, 0},                      /* divide by zero */
    {IR_FP_ADD, 1, ONE, TWO, 0, FCSR_FS, true, 0},              /* flush to zero */
    {IR_FP_ADD, 1, ONE, TWO, 0, ENABLES(EX_I), true, 0},        /* enables: exact, no trap */
    {IR_FP_ADD, 1, TENTH, FIFTH, 0, ENABLES(EX_I), true, 0},    /* traps */
    {IR_FP_MADD, 1, BIG, TWO, MINUS_ONE, 0, true, 0},           /* product overflows */
    {IR_FP_TRUNC_W, 1, D(c00c000000000000), 0, 0, 0, false, 0}, /* -3.5: inexact */
    {IR_FP_TRUNC_W, 1, THREE, 0, 0, CAUSE(EX_O), false, 0},     /* exact */
    {IR_FP_TRUNC_W, 0, 0xcf000000u, 0, 0, 0, true, 0}, /* -2^31: exact, but the x86 marker */
    {IR_FP_TRUNC_W, 1, D(41e0000000000000), 0, 0, 0, true, 0}, /* 2^31: invalid */
    {IR_FP_TRUNC_W, 1, MIPS_SNAN, 0, 0, 0, true, 0},
    {IR_FP_TRUNC_W, 1, D(c00c000000000000), 0, 0, ENABLES(EX_I), true, 0}, /* traps */
    {IR_FP_CVT_D, 0, TENTH_S, 0, 0, ENABLES(0x1f) | FCSR_FS, false, 0},    /* never raises */
    {IR_FP_CVT_D, 0, TENTH_S, 0, 0, CAUSE(EX_I), false, 0},
    {IR_FP_CVT_D, 0, 0xfffffff9u, 0, 0, 0, false, FH_FROM_INT}, /* from the integer -7 */
    {IR_FP_CVT_D, 0, QNAN_S, 0, 0, 0, true, 0},
    {IR_FP_CVT_S, 1, TENTH, 0, 0, 1, false, 0},                 /* inexact, toward zero */
    {IR_FP_CVT_S, 0, 0x7fffffffu, 0, 0, 2, false, FH_FROM_INT}, /* integer, inexact, up */
    {IR_FP_CVT_S, 1, BIG, 0, 0, 0, true, 0},                    /* overflow */
    {IR_FP_CVT_S, 1, TENTH, 0, 0, FCSR_FS, true, 0},
    {IR_FP_CMP, 1, MIPS_SNAN, ONE, 0, 0, true, 4}, /* unordered */
    {IR_FP_CMP, 1, ONE, MIPS_QNAN, 0, 0, true, 9},
};

#define NCASES (sizeof cases / sizeof cases[0])

/* True when the MXCSR-free path (FMA3 hosts) sends case k to the helper
 * although the MXCSR path does not: a rounding op in a mode other than
 * nearest, or a product below its threshold (backend_fpu.c). */
static bool slow_without_mxcsr(const struct split_case *k)
{
    bool rounding = (k->kind >= IR_FP_ADD && k->kind <= IR_FP_NMSUB) || k->kind == IR_FP_CVT_S;
    if (!__builtin_cpu_supports("fma") || !rounding) return false;
    return (k->status & 3) != 0 || (k->kind == IR_FP_MUL && k->x == DENORM);
}

/* Cases 0..NCASES-1 on the host's fast path, then again on the MXCSR path. */
START_TEST(fast_and_slow_paths)
{
    const struct split_case *k = &cases[_i % NCASES];
    bool mxcsr = (unsigned)_i >= NCASES;
    backend_set_fpu_fast(be, !mxcsr);
    fh_emit(be, (enum ir_fp_kind)k->kind, k->f64, k->cond);
    backend_set_fpu_fast(be, true);
    struct fstate got =
        fh_check((enum ir_fp_kind)k->kind, k->f64, k->cond, k->x, k->y, k->z, k->status);
    ck_assert_msg(got.calls == (k->slow || (!mxcsr && slow_without_mxcsr(k)) ? 1u : 0u),
                  "case %d: %llu helper calls", _i, (unsigned long long)got.calls);
}
END_TEST

/* The inexact and the rounding cases really round: RZ and RP differ, inline
 * on the MXCSR path, through the helper on the fast one. */
START_TEST(rounding_modes_differ)
{
    for (int fast = 0; fast < 2; fast++) {
        struct fstate rz = {.fpr = {0, ONE, THREE}, .status = FPU_RZ};
        struct fstate rp = {.fpr = {0, ONE, THREE}, .status = FPU_RP};
        backend_set_fpu_fast(be, fast);
        run_inline(&rz, IR_FP_DIV, true, 0);
        run_inline(&rp, IR_FP_DIV, true, 0);
        ck_assert_uint_eq(rp.fpr[0], rz.fpr[0] + 1);
        ck_assert_uint_eq(rz.status, FPU_RZ | CAUSE(EX_I) | FLAGS(EX_I));
        ck_assert_uint_eq(rz.calls + rp.calls, fast && __builtin_cpu_supports("fma") ? 2 : 0);
    }
    backend_set_fpu_fast(be, true);
}
END_TEST

/* ---- MIPS code through the JIT against the interpreter ---- */

static const uint64_t values_d[] = {
    0,         D(8000000000000000), ONE, TENTH, THREE, MINUS_ONE, BIG, TINY, DENORM, INF, MIPS_QNAN,
    MIPS_SNAN, D(c010000000000000),
};
static const uint32_t values_s[] = {0,           0x80000000u, ONE_S,       TENTH_S,     0x40400000u,
                                    0xbf800000u, 0x7f000000u, 0x00800000u, 0x00000001u, 0x7f800000u,
                                    QNAN_S,      0x7fc00000u, 0xc0800000u};
#define NVALUES (sizeof(values_d) / sizeof(values_d[0]))

/* fd = 14, fs = 8, ft = 10, fr = 12 as in fpu_test.h; $f9 etc. are the odd
 * halves with FR = 0. */
static void set_operands(struct cpu *cpu, bool dbl, unsigned i, unsigned j, unsigned k)
{
    for (unsigned r = 0; r < 32; r++)
        cpu->fpr[r] = 0x0123456789abcdefull * (r + 1);
    const unsigned regs[3] = {8, 10, 12}, idx[3] = {i, j, k};
    for (int n = 0; n < 3; n++) {
        if (dbl)
            fpu_set_d(cpu, regs[n], values_d[idx[n] % NVALUES]);
        else
            fpu_set_s(cpu, regs[n], values_s[idx[n] % NVALUES]);
    }
}

static struct harness *jit_machine(bool fr64)
{
    struct harness *h = fpu_machine(false, fr64);
    struct jit_config cfg = {0};
    char err[200];
    opt_config_default(&cfg.opt);
    ck_assert_msg(jit_new(&h->cpu, &cfg, err, sizeof err) != NULL, "%s", err);
    return h;
}

/* Runs code (ending in BREAK) from HARNESS_CODE to its first exception. */
static unsigned run_to_exception(struct harness *h, bool jit)
{
    struct cpu *cpu = &h->cpu;
    cpu->pc = HARNESS_CODE;
    cpu->in_delay = false;
    cpu->exc.code = EXC_NONE;
    for (int i = 0; i < 1000; i++) {
        enum jit_result r = jit ? jit_run(cpu->jit, cpu) : JIT_INTERPRET;
        if (r == JIT_INTERPRET && !interp_step(cpu)) r = JIT_EXCEPTION;
        if (r == JIT_EXCEPTION) return cpu->exc.code;
    }
    return EXC_NONE;
}

/* n instruction words (BREAK added) in both engines from the same operands
 * and FCSR. */
static void compare_program(bool fr64, const uint32_t *words, unsigned n, bool dbl, uint32_t fcsr)
{
    struct harness *hj = jit_machine(fr64), *hi = fpu_machine(false, fr64);
    uint32_t prog[8];
    memcpy(prog, words, n * sizeof *words);
    prog[n++] = 0x0000000du; /* BREAK */
    uint32_t word = words[0];
    for (unsigned k = 0; k < n; k++) {
        harness_poke32(hj, HARNESS_CODE + 4 * k, prog[k]);
        harness_poke32(hi, HARNESS_CODE + 4 * k, prog[k]);
    }
    for (unsigned i = 0; i < NVALUES; i++) {
        for (unsigned j = 0; j < NVALUES; j += 2) {
            set_operands(&hj->cpu, dbl, i, j, i + j);
            set_operands(&hi->cpu, dbl, i, j, i + j);
            hj->cpu.fcsr = hi->cpu.fcsr = fcsr;
            unsigned ej = run_to_exception(hj, true), ei = run_to_exception(hi, false);
            ck_assert_msg(ej == ei, "%08x %u %u: exception %u, interp %u", word, i, j, ej, ei);
            ck_assert_msg(hj->cpu.fcsr == hi->cpu.fcsr, "%08x %u %u fcsr %#x: jit %#x interp %#x",
                          word, i, j, fcsr, hj->cpu.fcsr, hi->cpu.fcsr);
            for (unsigned r = 0; r < 32; r++)
                ck_assert_msg(hj->cpu.fpr[r] == hi->cpu.fpr[r], "%08x %u %u: $f%u", word, i, j, r);
        }
    }
    jit_free(hj->cpu.jit);
    harness_free(hj);
    harness_free(hi);
}

static const uint32_t fcsrs[] = {0,
                                 1,
                                 2,
                                 3,
                                 FCSR_FS,
                                 ENABLES(EX_I),
                                 ENABLES(EX_O | EX_V) | 2,
                                 CAUSE(EX_V) | FLAGS(0x1f) | 1u << 23 | 1u << 27};
#define NFCSRS (sizeof(fcsrs) / sizeof(fcsrs[0]))

/* compare_program under each FCSR of fcsrs[]. */
static void compare_in_every_fcsr(bool fr64, const uint32_t *words, unsigned n, bool dbl)
{
    for (unsigned m = 0; m < NFCSRS; m++)
        compare_program(fr64, words, n, dbl, fcsrs[m]);
}

static void engines_for(uint32_t (*enc)(bool dbl), bool dbl)
{
    uint32_t word = enc(dbl);
    compare_in_every_fcsr(false, &word, 1, dbl);
    compare_in_every_fcsr(true, &word, 1, dbl);
}

static uint32_t fmt_of(bool dbl)
{
    return dbl ? FMT_D : FMT_S;
}

static uint32_t enc_add(bool d)
{
    return ENC_ARITH(fmt_of(d), FN_ADD, 14, 8, 10);
}
static uint32_t enc_sub(bool d)
{
    return ENC_ARITH(fmt_of(d), FN_SUB, 14, 8, 10);
}
static uint32_t enc_mul(bool d)
{
    return ENC_ARITH(fmt_of(d), FN_MUL, 14, 8, 10);
}
static uint32_t enc_div(bool d)
{
    return ENC_ARITH(fmt_of(d), FN_DIV, 8, 8, 10); /* fd = fs */
}
static uint32_t enc_sqrt(bool d)
{
    return ENC_ARITH(fmt_of(d), FN_SQRT, 14, 8, 0);
}
static uint32_t enc_madd(bool d)
{
    return ENC_MADD(FNX_MADD, d, 14, 12, 8, 10);
}
static uint32_t enc_nmsub(bool d)
{
    return ENC_MADD(FNX_NMSUB, d, 14, 12, 8, 10);
}
static uint32_t enc_c_ult(bool d)
{
    return ENC_CMP(fmt_of(d), 5, 0, 8, 10);
}
static uint32_t enc_c_ngt(bool d)
{
    return ENC_CMP(fmt_of(d), 15, 6, 8, 10);
}
static uint32_t enc_c_eq(bool d)
{
    return ENC_CMP(fmt_of(d), 2, 1, 8, 10);
}

/* Conversions: d picks the source S or D (to D from S, to S from D). */
static uint32_t enc_cvt(bool d)
{
    return ENC_ARITH(d ? FMT_D : FMT_S, d ? FN_CVT_S : FN_CVT_D, 14, 8, 0);
}
static uint32_t enc_cvt_from_w(bool d)
{
    return ENC_ARITH(FMT_W, d ? FN_CVT_D : FN_CVT_S, 14, 8, 0);
}
static uint32_t enc_trunc_w(bool d)
{
    return ENC_ARITH(fmt_of(d), FN_TRUNC_W, 14, 8, 0);
}

static uint32_t (*const encoders[])(bool) = {
    enc_add,   enc_sub,   enc_mul,  enc_div, enc_sqrt,       enc_madd,   enc_nmsub,
    enc_c_ult, enc_c_ngt, enc_c_eq, enc_cvt, enc_cvt_from_w, enc_trunc_w};
#define NENCODERS (sizeof(encoders) / sizeof(encoders[0]))

/* The JIT's backend takes the MXCSR path when TERN_FPU_FAST is 0. */
static void pick_path(bool mxcsr)
{
    setenv("TERN_FPU_FAST", mxcsr ? "0" : "1", 1);
}

/* The 8 runs of a program test: bit 0 picks D (else S), bit 1 FR = 1, bit 2
 * the MXCSR path; returns the format. */
static unsigned variant(int i, bool *dbl, bool *fr64)
{
    pick_path(i >= 4);
    *dbl = i & 1;
    *fr64 = (i & 3) >= 2;
    return *dbl ? FMT_D : FMT_S;
}

/* Each encoder in S and D, on the fast path and then the MXCSR path. */
START_TEST(jit_matches_interpreter)
{
    pick_path(_i >= (int)(2 * NENCODERS));
    engines_for(encoders[(_i / 2) % NENCODERS], _i & 1);
    unsetenv("TERN_FPU_FAST");
}
END_TEST

/* Runs of rounding ops keep the guest MXCSR between them: integer work in
 * between, a slow op (NaN, overflow, FS, a trap) at the head, the middle or
 * the end, then more ops that must see the right rounding mode and a clean
 * Inexact flag again; and a compare, which ends a run. */
START_TEST(runs_match_interpreter)
{
    bool dbl, fr64;
    const unsigned fmt = variant(_i, &dbl, &fr64);
    const uint32_t addiu_v0 = 0x24420001u; /* addiu v0, v0, 1 */
    const uint32_t prog[] = {
        ENC_ARITH(fmt, FN_DIV, 14, 8, 10), /* often inexact */
        addiu_v0,
        ENC_ARITH(fmt, FN_MUL, 16, 14, 12), /* NaN or overflow now and then */
        ENC_ARITH(fmt, FN_ADD, 18, 16, 8),
        ENC_ARITH(fmt, FN_SUB, 20, 10, 10), /* exact: clears Cause */
        ENC_CMP(fmt, 4, 2, 18, 8),
        ENC_ARITH(fmt, FN_SQRT, 22, 18, 0),
    };
    const unsigned n = sizeof prog / sizeof prog[0];
    compare_in_every_fcsr(fr64, prog, n, dbl);
    compare_in_every_fcsr(fr64, prog + 1, n - 1, dbl);
    compare_in_every_fcsr(fr64, prog, 4, dbl);
    /* A block of several FP ops keeps FCSR in a host register: ops that run
     * as helpers (RECIP and CVT.W: Divide-by-zero, Invalid, Inexact) write
     * the word between inline ops, which must go on from what they wrote. */
    const uint32_t with_helpers[] = {
        ENC_ARITH(fmt, FN_DIV, 14, 8, 8),    ENC_ARITH(fmt, FN_RECIP, 16, 10, 0),
        ENC_ARITH(fmt, FN_CVT_W, 18, 16, 0), ENC_ARITH(fmt, FN_MUL, 20, 8, 8),
        ENC_ARITH(fmt, FN_ADD, 22, 20, 8),
    };
    compare_in_every_fcsr(fr64, with_helpers, sizeof with_helpers / sizeof with_helpers[0], dbl);
    unsetenv("TERN_FPU_FAST");
}
END_TEST

/* FPRs kept in xmm registers between ops (backend_fpu.c) must see every
 * other write of the register file: MTC1, LWC1/LDC1 (a load, whose slow path
 * calls C), MOV.fmt (an IR copy), after stores and slow paths. */
START_TEST(cached_fprs_see_writes)
{
    bool dbl, fr64;
    const unsigned fmt = variant(_i, &dbl, &fr64);
    const uint32_t lui_a0 = 0x3c048008u; /* lui a0, 0x8008: HARNESS_DATA */
    const uint32_t load = dbl ? OPC_LDC1 : OPC_LWC1, store = dbl ? OPC_SDC1 : OPC_SWC1;
    const uint32_t with_memory[] = {
        lui_a0,
        ENC_ARITH(fmt, FN_ADD, 14, 8, 10),
        ENC_MEM(store, 14, 0, 4),
        ENC_MOVE(RS_MTC1, 4, 8), /* f8 (the low half with FR = 0) = a0 */
        ENC_ARITH(fmt, FN_MUL, 16, 8, 14),
        ENC_MEM(load, 10, 0, 4), /* f10 = f14 */
        ENC_ARITH(fmt, FN_SUB, 18, 10, 16),
    };
    const uint32_t with_moves[] = {
        ENC_ARITH(fmt, FN_ADD, 14, 8, 10), ENC_ARITH(fmt, FN_MOV, 8, 14, 0),
        ENC_ARITH(fmt, FN_MUL, 16, 8, 10), ENC_MOVE(RS_MFC1, 2, 16),
        ENC_MOVE(RS_MTC1, 2, 10),          ENC_ARITH(fmt, FN_ADD, 18, 10, 16),
        ENC_ARITH(fmt, FN_DIV, 20, 18, 8),
    };
    compare_in_every_fcsr(fr64, with_memory, 7, dbl);
    compare_in_every_fcsr(fr64, with_moves, 7, dbl);
    unsetenv("TERN_FPU_FAST");
}
END_TEST

/* unpcklps/psrlq join and split a double's halves as the backend needs. */
START_TEST(join_and_split_halves)
{
    struct x86_buf b;
    uint8_t buf[32];
    x86_buf_init(&b, buf, sizeof buf);
    x86_emit_unpcklps_xx(&b, 1, 9);
    x86_emit_psrlq_xi(&b, 10, 32);
    const uint8_t want[] = {0x41, 0x0f, 0x14, 0xc9, 0x66, 0x41, 0x0f, 0x73, 0xd2, 0x20};
    ck_assert_uint_eq(x86_buf_offset(&b), sizeof want);
    ck_assert_int_eq(memcmp(buf, want, sizeof want), 0);
}
END_TEST

static Suite *fpu_inline_suite(void)
{
    Suite *s = suite_create("fpu_inline");
    TCase *tc = tcase_create("split");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, fast_and_slow_paths, 0, (int)(2 * NCASES));
    tcase_add_test(tc, rounding_modes_differ);
    tcase_add_test(tc, join_and_split_halves);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("engines");
    tcase_set_timeout(te, 120);
    tcase_add_loop_test(te, jit_matches_interpreter, 0, (int)(4 * NENCODERS));
    tcase_add_loop_test(te, runs_match_interpreter, 0, 8);
    tcase_add_loop_test(te, cached_fprs_see_writes, 0, 8);
    suite_add_tcase(s, te);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_inline_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
