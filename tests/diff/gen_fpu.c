/* tests/diff/gen_fpu.c — the FPU class of the differential test's generator:
 * typed FPR banks, their initial values, the FPU instructions of a body, and
 * the prologue/epilogue that move FPRs and FCSR through memory (Unicorn
 * 2.0.1's API reads neither). See gen.h.
 *
 * Status.FR = 0 throughout. Registers are typed so that no value is ever read
 * in a format other than the one it was written in:
 *   D bank  f0..f12 even (each the pair fN:fN+1): doubles only (LDC1/SDC1);
 *   W bank  f16..f23: words only (CVT.W/ROUND/..., CVT.S.W, CVT.D.W, MOV.S);
 *   S bank  f24..f30: singles only;
 *   f14:f15 and f31 hold the default double / single NaN and are only read.
 * MTC1/MFC1/LWC1/SWC1 touch only the W and S banks, LDC1/SDC1 only the D bank.
 *
 * NaN payloads. tern (frontend/fpu.c) returns the default NaN (0x7fbfffff,
 * 0x7ff7ffff ffffffff) for every NaN result, as current QEMU does: its
 * restore_snan_bit_mode() (target/mips/fpu_helper.h) calls
 * set_default_nan_mode(!nan2008) next to set_snan_bit_is_one(!nan2008).
 * Unicorn 2.0.1 is QEMU 5.0, whose restore_snan_bit_mode() (then in
 * target/mips/internal.h) only called set_snan_bit_is_one(), so softfloat
 * propagates a quiet NaN operand (pickNaN: the first one), sign included.
 * The manual (MIPS32 Vol. I, "Operations that generate QNaN results") lets a
 * QNaN operand propagate, so neither is wrong, and the test must not see the
 * difference. With non-NaN seeds both produce the same default NaN from an
 * invalid operation (0/0, inf-inf, 0*inf, sqrt(-x)), and every operation
 * propagating it yields the same bits — except those that change a NaN's
 * bits without computing: NEG.fmt and NMADD/NMSUB flip its sign, CVT.D.S
 * widens 0x7fbfffff to 0x7ff7ffff e0000000 in QEMU 5 (the default NaN in
 * tern), and MTC1/LWC1/LDC1 bring in arbitrary bits. After each of those the
 * generator emits "c.un.fmt cc, fd, fd; movt.fmt fd, fnan, cc", which
 * replaces any NaN in fd by the default NaN on both sides (and raises
 * Invalid for an SNaN, on both sides). FPRs are then compared exactly.
 *
 * MADD/MSUB/NMADD/NMSUB: a MIPS32R2 24Kf rounds the product, then the sum
 * (not fused); tern does, and so does Unicorn 2.0.1 (measured: madd.d with
 * fs = ft = 1 + 2^-30, fr = -(1 + 2^-29) gives +0 with Inexact; fused would
 * give 2^-60 exactly), so the family is generated freely.
 *
 * Never made (UNPREDICTABLE or reserved with FR = 0): doubles on odd FPRs,
 * the L and PS formats, RECIP/RSQRT (QEMU raises RI for them with FR = 0).
 * FCSR.FS stays clear: flush-to-zero is implementation-defined.
 */
#include "tests/diff/gen.h"

#define FMT_S 16u
#define FMT_D 17u
#define FMT_W 20u
#define NAN_D_REG 14u /* f14:f15 = 0x7ff7ffff ffffffff */
#define NAN_S_REG 31u /* f31 = 0x7fbfffff */
#define COND_UN 1u
#define FN_MOVCF 0x11u

static uint32_t enc_cop1(unsigned fmt, unsigned ft, unsigned fs, unsigned fd, unsigned fn)
{
    return 0x11u << 26 | fmt << 21 | ft << 16 | fs << 11 | fd << 6 | fn;
}

/* ---- typed registers ---- */

/* A register of the bank of fmt; a source may be the bank's default NaN. */
static unsigned reg(struct gen *g, unsigned fmt, bool source)
{
    bool nan = source && gen_chance(g, 12);
    switch (fmt) {
    case FMT_D:
        return nan ? NAN_D_REG : 2 * gen_below(g, 7);
    case FMT_W:
        return 16 + gen_below(g, 8);
    default:
        return nan ? NAN_S_REG : 24 + gen_below(g, 7);
    }
}

static unsigned fmt_sd(struct gen *g)
{
    return gen_chance(g, 2) ? FMT_S : FMT_D;
}

/* Replaces a NaN in fd (of format S or D) by the default NaN: see the top. */
static void canonicalise(struct gen *g, unsigned fmt, unsigned fd)
{
    unsigned cc = gen_below(g, 8);
    unsigned nan = fmt == FMT_D ? NAN_D_REG : NAN_S_REG;
    gen_emit(g, enc_cop1(fmt, fd, fd, cc << 2, 0x30 | COND_UN), false);
    gen_emit(g, enc_cop1(fmt, cc << 2 | 1, nan, fd, FN_MOVCF), false); /* movt.fmt */
}

/* ---- instructions ---- */

/* ADD SUB MUL DIV SQRT ABS MOV NEG .fmt; NEG only when not `one`. */
static void arith(struct gen *g, bool one)
{
    unsigned fmt = fmt_sd(g);
    unsigned fn = gen_below(g, one ? 7 : 8);
    if (fn == 6 && fmt == FMT_S && gen_chance(g, 3)) { /* MOV.S copies words too */
        gen_emit(g, enc_cop1(FMT_S, 0, reg(g, FMT_W, true), reg(g, FMT_W, false), 6), true);
        return;
    }
    unsigned ft = fn < 4 ? reg(g, fmt, true) : 0; /* SQRT ABS MOV NEG: ft = 0 */
    unsigned fs = reg(g, fmt, true), fd = reg(g, fmt, false);
    gen_emit(g, enc_cop1(fmt, ft, fs, fd, fn), true);
    if (fn == 7) canonicalise(g, fmt, fd);
}

/* COP1X MADD MSUB NMADD NMSUB .fmt: fd = +-(fs * ft +- fr). */
static void madd(struct gen *g)
{
    unsigned fmt = fmt_sd(g), op4 = 4 + gen_below(g, 4);
    unsigned fr = reg(g, fmt, true), ft = reg(g, fmt, true), fs = reg(g, fmt, true);
    unsigned fd = reg(g, fmt, false);
    gen_emit(g, 0x13u << 26 | fr << 21 | ft << 16 | fs << 11 | fd << 6 | op4 << 3 | (fmt & 1),
             true);
    if (op4 >= 6) canonicalise(g, fmt, fd);
}

/* The conversions; CVT.D.S (which needs canonicalising) only when not `one`. */
static void convert(struct gen *g, bool one)
{
    unsigned from, to, fn;
    switch (gen_below(g, one ? 5 : 6)) {
    case 0: /* CVT.S.D */
        from = FMT_D, to = FMT_S, fn = 0x20;
        break;
    case 1: /* CVT.S.W CVT.D.W */
        from = FMT_W, to = gen_chance(g, 2) ? FMT_S : FMT_D, fn = to == FMT_S ? 0x20 : 0x21;
        break;
    case 2: /* CVT.W.fmt */
        from = fmt_sd(g), to = FMT_W, fn = 0x24;
        break;
    case 3:
    case 4: /* ROUND TRUNC CEIL FLOOR .W.fmt */
        from = fmt_sd(g), to = FMT_W, fn = 0x0c + gen_below(g, 4);
        break;
    default: /* CVT.D.S */
        from = FMT_S, to = FMT_D, fn = 0x21;
        break;
    }
    unsigned fd = reg(g, to, false);
    gen_emit(g, enc_cop1(from, 0, reg(g, from, true), fd, fn), true);
    if (from == FMT_S && to == FMT_D) canonicalise(g, FMT_D, fd);
}

/* C.cond.fmt, MOVF/MOVT.fmt, MOVZ/MOVN.fmt, MOVF/MOVT (GPR): one word each. */
static uint32_t cond(struct gen *g)
{
    unsigned fmt = fmt_sd(g), cc = gen_below(g, 8);
    unsigned bank = fmt == FMT_S && gen_chance(g, 3) ? FMT_W : fmt; /* moves copy words too */
    switch (gen_below(g, 5)) {
    case 0: /* MOVF.fmt MOVT.fmt */
        return enc_cop1(fmt, cc << 2 | gen_below(g, 2), reg(g, bank, true), reg(g, bank, false),
                        FN_MOVCF);
    case 1: /* MOVZ.fmt MOVN.fmt */
        return enc_cop1(fmt, gen_src(g), reg(g, bank, true), reg(g, bank, false),
                        0x12 + gen_below(g, 2));
    case 2: /* MOVF MOVT (GPR) */
        return gen_enc_r(gen_src(g), cc << 2 | gen_below(g, 2), gen_dst(g), 0, 0x01);
    default: /* C.cond.fmt, all sixteen */
        return enc_cop1(fmt, reg(g, fmt, true), reg(g, fmt, true), cc << 2,
                        0x30 + gen_below(g, 16));
    }
}

/* A scratch offset aligned to `align`, inside the scratch area. */
static uint32_t scratch_offset(struct gen *g, unsigned align)
{
    int off = (int)gen_below(g, DIFF_SCRATCH_SIZE - 7) - (int)DIFF_SCRATCH_SIZE / 2;
    return (uint32_t)(off & ~(int)(align - 1));
}

/* MFC1 MTC1 LWC1 SWC1 LDC1 SDC1 CFC1; the loads into the S and D banks
 * (which need canonicalising) only when not `one`. */
static void move(struct gen *g, bool one)
{
    static const uint8_t ctrl[] = {31, 31, 31, 25, 26, 28, 0}; /* FCSR FCCR FEXR FENR FIR */
    unsigned bank = gen_chance(g, 2) || one ? FMT_W : FMT_S, r = reg(g, bank, false);
    uint32_t w;
    switch (gen_below(g, 7)) {
    case 0: /* MFC1 */
        gen_emit(g,
                 0x11u << 26 | 0u << 21 | gen_dst(g) << 16 |
                     reg(g, fmt_sd(g) == FMT_S ? FMT_S : FMT_W, true) << 11,
                 true);
        return;
    case 1: /* CFC1 */
        w = 0x11u << 26 | 2u << 21 | gen_dst(g) << 16 |
            (uint32_t)ctrl[gen_below(g, sizeof(ctrl))] << 11;
        gen_emit(g, w, true);
        return;
    case 2: /* SWC1 */
        gen_emit(g,
                 gen_enc_i(0x39, DIFF_REG_SCRATCH, reg(g, fmt_sd(g) == FMT_S ? FMT_S : FMT_W, true),
                           scratch_offset(g, 4)),
                 true);
        return;
    case 3: /* SDC1 */
        gen_emit(g, gen_enc_i(0x3d, DIFF_REG_SCRATCH, reg(g, FMT_D, true), scratch_offset(g, 8)),
                 true);
        return;
    case 4: /* MTC1 */
        gen_emit(g, 0x11u << 26 | 4u << 21 | gen_src(g) << 16 | r << 11, true);
        break;
    case 5: /* LWC1 */
        gen_emit(g, gen_enc_i(0x31, DIFF_REG_SCRATCH, r, scratch_offset(g, 4)), true);
        break;
    default: /* LDC1 */
        if (one) {
            move(g, one);
            return;
        }
        bank = FMT_D, r = reg(g, FMT_D, false);
        gen_emit(g, gen_enc_i(0x35, DIFF_REG_SCRATCH, r, scratch_offset(g, 8)), true);
        break;
    }
    if (bank != FMT_W) canonicalise(g, bank, r);
}

/* cfc1 t; ori t, 3; xori t, 3 ^ rm; [ori t, one enable]; ctc1 t: a new
 * FCSR.RM (all four modes), now and then an enabled exception, so that FPE
 * is raised — by the CTC1 itself when Cause already has that bit. */
static void rounding(struct gen *g)
{
    unsigned t = 1 + gen_below(g, 12), rm = gen_below(g, 4);
    gen_emit(g, 0x11u << 26 | 2u << 21 | t << 16 | 31u << 11, true);
    gen_emit(g, gen_enc_i(0x0d, t, t, 3), false);
    gen_emit(g, gen_enc_i(0x0e, t, t, 3 ^ rm), false);
    if (gen_chance(g, 16)) gen_emit(g, gen_enc_i(0x0d, t, t, 1u << (7 + gen_below(g, 5))), false);
    gen_emit(g, 0x11u << 26 | 6u << 21 | t << 16 | 31u << 11, false);
}

void gen_fpu_item(struct gen *g)
{
    unsigned w = gen_below(g, 32);
    if (w < 9)
        arith(g, false);
    else if (w < 12)
        madd(g);
    else if (w < 18)
        convert(g, false);
    else if (w < 24)
        gen_emit(g, cond(g), true);
    else if (w < 30)
        move(g, false);
    else
        rounding(g);
}

uint32_t gen_fpu_one(struct gen *g)
{
    struct diff_seq *s = g->seq;
    unsigned at = s->count;
    switch (gen_below(g, 4)) {
    case 0:
        arith(g, true);
        break;
    case 1:
        convert(g, true);
        break;
    case 2:
        return cond(g);
    default:
        move(g, true);
        break;
    }
    /* Each of those emitted exactly one word: take it back to return it. */
    s->count = at;
    return s->words[at];
}

uint32_t gen_fpu_branch(struct gen *g)
{
    /* BC1F BC1T BC1FL BC1TL cc */
    return 0x11u << 26 | 8u << 21 | (gen_below(g, 8) << 2 | gen_below(g, 4)) << 16;
}

/* ---- initial state ---- */

/* A random single or double bit pattern of the given width whose exponent is
 * never all ones (so never a NaN nor an infinity). */
static uint64_t random_finite(struct gen *g, bool dbl)
{
    uint64_t v = gen_next(g);
    uint64_t top = dbl ? 1ull << 62 : 1ull << 30;
    uint64_t exp = dbl ? 0x7ff0000000000000ull : 0x7f800000ull;
    if (!dbl) v &= 0xffffffffu;
    return (v & exp) == exp ? v & ~top : v;
}

/* A random value near 1 (exponent within +-4 of the bias): sums and
 * products of these round often, which is where modes and MADD differ. */
static uint64_t random_moderate(struct gen *g, bool dbl)
{
    uint64_t v = gen_next(g);
    uint64_t sign = v >> 63, e = gen_below(g, 9);
    if (dbl) return sign << 63 | (1019 + e) << 52 | (v & 0x000fffffffffffffull);
    return sign << 31 | (123 + e) << 23 | (v & 0x007fffffu);
}

static uint32_t value_s(struct gen *g)
{
    static const uint32_t table[] = {
        0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, /* +-0 +-inf */
        0x00000001u, 0x807fffffu, 0x00400000u,              /* denormals */
        0x00800000u, 0x80800000u, 0x7f7fffffu, 0xff7fffffu, /* min / max normal */
        0x3f800000u, 0xbf800000u, 0x3f000000u, 0xbf000000u, /* +-1 +-0.5 */
        0x3fc00000u, 0x40200000u, 0xbfc00000u, 0xc0200000u, /* +-1.5 +-2.5 */
        0x4effffffu, 0x4f000000u, 0xcf000000u, 0xcf000001u, /* near +-2^31 */
        0x4b000001u, 0x3eaaaaabu, 0x40490fdbu,              /* 2^23+1, 1/3, pi */
    };
    switch (gen_below(g, 4)) {
    case 0:
        return (uint32_t)random_finite(g, false);
    case 1:
        return (uint32_t)random_moderate(g, false);
    default:
        return table[gen_below(g, sizeof(table) / sizeof(table[0]))];
    }
}

static uint64_t value_d(struct gen *g)
{
    static const uint64_t table[] = {
        0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x0000000000000001ull, 0x800fffffffffffffull,                        /* denormals */
        0x0010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull, /* normal limits */
        0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull, /* 1 -1 0.5 */
        0xbfe0000000000000ull, 0x3ff8000000000000ull, 0x4004000000000000ull, /* -0.5 1.5 2.5 */
        0x41dfffffffc00000ull, 0x41dfffffffe00000ull, 0x41e0000000000000ull, /* 2^31-1, +.5, 2^31 */
        0xc1e0000000000000ull, 0xc1e0000000100000ull, 0xc1e0000000200000ull, /* -2^31, -.5, -1 */
        0x47efffffe0000000ull, 0x47effffff0000000ull, 0x36a0000000000000ull, /* FLT_MAX edges, FLT
                                                                                denorm */
        0x3690000000000000ull, 0x3fd5555555555555ull,
    };
    switch (gen_below(g, 4)) {
    case 0:
        return random_finite(g, true);
    case 1:
        return random_moderate(g, true);
    default:
        return table[gen_below(g, sizeof(table) / sizeof(table[0]))];
    }
}

void gen_fpu_initial(struct gen *g)
{
    uint32_t *f = g->seq->fpu_init;
    for (unsigned i = 0; i < 14; i += 2) { /* FR = 0: low word in the even register */
        uint64_t d = value_d(g);
        f[i] = (uint32_t)d;
        f[i + 1] = (uint32_t)(d >> 32);
    }
    f[NAN_D_REG] = 0xffffffffu;
    f[NAN_D_REG + 1] = 0x7ff7ffffu;
    for (unsigned i = 16; i < 24; i++)
        f[i] = gen_interesting(g);
    for (unsigned i = 24; i < 31; i++)
        f[i] = value_s(g);
    f[NAN_S_REG] = 0x7fbfffffu;
    /* Rounding mode and condition codes random; no enables, FS clear. */
    f[32] = gen_below(g, 4) | ((uint32_t)gen_next(g) & 0xfe800000u);
}

void gen_fpu_prologue(struct gen *g)
{
    for (unsigned i = 0; i < 32; i++) /* lwc1 fi, 4i(k0) */
        gen_emit(g, gen_enc_i(0x31, DIFF_REG_FPU, i, 4 * i), false);
    gen_emit(g, gen_enc_i(0x23, DIFF_REG_FPU, DIFF_REG_TMP, 128), false);
    gen_emit(g, 0x11u << 26 | 6u << 21 | DIFF_REG_TMP << 16 | 31u << 11, false); /* ctc1 */
}

void gen_fpu_epilogue(struct gen *g)
{
    uint32_t dump = DIFF_FPU_DUMP - DIFF_FPU_AREA;
    for (unsigned i = 0; i < 32; i++) /* swc1 fi, dump+4i(k0) */
        gen_emit(g, gen_enc_i(0x39, DIFF_REG_FPU, i, dump + 4 * i), false);
    gen_emit(g, 0x11u << 26 | 2u << 21 | DIFF_REG_TMP << 16 | 31u << 11, false); /* cfc1 */
    gen_emit(g, gen_enc_i(0x2b, DIFF_REG_FPU, DIFF_REG_TMP, dump + 128), false);
}
