/* tests/diff/gen.c — the random program generator of the differential test.
 *
 * A sequence is [FPU prologue] body [FPU epilogue]; the body is random
 * instructions of the enabled classes over a small register pool, so results
 * feed into each other. Control flow only goes forward, so every sequence ends
 * at end_pc. Branch targets are fixed up after the body is written, to the
 * next word that is safe to land on (not the middle of a multi-word item such
 * as the lui/ori/jr of an indirect jump or the guard of a division).
 *
 * What the generator never makes, because the manual leaves it UNPREDICTABLE
 * and the two engines may rightly differ:
 * - DIV/DIVU by zero, and DIV of INT_MIN by -1 (Vol. II DIV: "no arithmetic
 *   exception ... result UNPREDICTABLE"): the divisor is first forced to
 *   ...01 in its two low bits (ori 3; xori 2), never 0 nor -1.
 * - A branch or jump in a delay slot (tern raises RI, QEMU too).
 * - JALR with rd == rs; BLTZAL/BGEZAL(L) with rs = 31 (Vol. II: UNPREDICTABLE).
 * - EXT/INS with pos + size out of range.
 * - 64-bit FPU formats (L), RECIP/RSQRT with FR = 0: QEMU raises RI there.
 * - Doubles on odd FPRs with FR = 0 (UNPREDICTABLE, Vol. II "Valid Operand").
 * NaN payloads: tern returns the default NaN for any NaN result, as QEMU
 * does since it set default_nan_mode for legacy-NaN MIPS; Unicorn 2.0.1
 * (QEMU 5.0) still propagates a quiet NaN operand's payload. The two agree
 * on SNaN operands and on default NaNs, so the initial FPRs hold only the
 * default QNaNs (0x7fbfffff, 0x7ff7ffff ffffffff) and SNaNs, and random
 * values never have an all-ones exponent. (A random GPR moved in by MTC1
 * can still be a payload QNaN, about 1 value in 512: see diff-bugs.md.)
 * Trapping ADD/ADDI/SUB are made, rarely: both sides must then stop with the
 * same exception at the same instruction, with the same state.
 */
#include <string.h>

#include "tests/diff/diff.h"

#define POOL_LAST 12 /* registers 1..12 are the working set */

struct fixup {
    unsigned at;     /* the branch word (or, for JR/JALR, the LUI two words before) */
    unsigned target; /* preferred target word index */
    uint8_t kind;
};

enum fixup_kind { FIX_REL16, FIX_J26, FIX_LUI_ORI };

struct gen {
    uint64_t rng;
    unsigned classes;
    struct diff_seq *seq;
    bool landable[DIFF_CODE_MAX + 1];
    struct fixup fix[DIFF_CODE_MAX];
    unsigned nfix;
};

static uint64_t next(struct gen *g)
{
    /* xorshift64* */
    g->rng ^= g->rng >> 12;
    g->rng ^= g->rng << 25;
    g->rng ^= g->rng >> 27;
    return g->rng * 0x2545f4914f6cdd1dull;
}

static unsigned below(struct gen *g, unsigned n)
{
    return (unsigned)((next(g) >> 32) % n);
}

static bool chance(struct gen *g, unsigned one_in)
{
    return below(g, one_in) == 0;
}

static uint32_t interesting(struct gen *g)
{
    static const uint32_t table[] = {
        0,       1,           0xffffffffu, 0x80000000u, 0x7fffffffu, 0x8000u,
        0x7fffu, 0xffffu,     0xffff8000u, 0x00010000u, 2,           31,
        32,      0x80000001u, 0xfffffffeu, 0x00ff00ffu,
    };
    switch (below(g, 4)) {
    case 0:
        return table[below(g, sizeof(table) / sizeof(table[0]))];
    case 1:
        return (uint32_t)(int32_t)(below(g, 129) - 64);
    default:
        return (uint32_t)next(g);
    }
}

static uint32_t imm16(struct gen *g)
{
    static const uint16_t table[] = {0, 1, 0xffff, 0x7fff, 0x8000, 0x00ff, 31, 32};
    if (chance(g, 3)) return table[below(g, sizeof(table) / sizeof(table[0]))];
    return (uint32_t)next(g) & 0xffffu;
}

static unsigned dst(struct gen *g)
{
    if (chance(g, 40)) return 0; /* writes to $zero must vanish */
    return 1 + below(g, POOL_LAST);
}

static unsigned src(struct gen *g)
{
    static const uint8_t other[] = {0, 13, 14, 15, 16, 20, 22, 24, 25, 28, 29, 30, 31};
    if (chance(g, 6)) return other[below(g, sizeof(other))];
    return 1 + below(g, POOL_LAST);
}

static uint32_t enc_r(unsigned rs, unsigned rt, unsigned rd, unsigned sa, unsigned fn)
{
    return rs << 21 | rt << 16 | rd << 11 | sa << 6 | fn;
}

static uint32_t enc_i(unsigned op, unsigned rs, unsigned rt, uint32_t imm)
{
    return op << 26 | rs << 21 | rt << 16 | (imm & 0xffffu);
}

/* Appends a word; landable says whether a branch may target it. */
static unsigned emit(struct gen *g, uint32_t word, bool landable)
{
    struct diff_seq *s = g->seq;
    g->landable[s->count] = landable;
    s->words[s->count] = word;
    return s->count++;
}

/* ---- integer ---- */

static uint32_t int_r3(struct gen *g)
{
    /* ADDU SUBU AND OR XOR NOR SLT SLTU MOVZ MOVN SLLV SRLV SRAV, ROTRV */
    static const uint8_t fn[] = {0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2a,
                                 0x2b, 0x0a, 0x0b, 0x04, 0x06, 0x07};
    unsigned pick = below(g, sizeof(fn) + 1);
    if (pick == sizeof(fn)) return enc_r(src(g), src(g), dst(g), 1, 0x06); /* ROTRV */
    return enc_r(src(g), src(g), dst(g), 0, fn[pick]);
}

static uint32_t int_shift(struct gen *g)
{
    static const uint8_t fn[] = {0x00, 0x02, 0x03};
    unsigned sa = chance(g, 4) ? (chance(g, 2) ? 0 : 31) : below(g, 32);
    if (chance(g, 4)) return enc_r(1, src(g), dst(g), sa, 0x02); /* ROTR */
    return enc_r(0, src(g), dst(g), sa, fn[below(g, 3)]);
}

static uint32_t int_imm(struct gen *g)
{
    /* ADDIU SLTI SLTIU ANDI ORI XORI LUI */
    static const uint8_t op[] = {0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    unsigned o = op[below(g, sizeof(op))];
    return enc_i(o, o == 0x0f ? 0 : src(g), dst(g), imm16(g));
}

static uint32_t int_hilo(struct gen *g)
{
    switch (below(g, 6)) {
    case 0: /* MULT MULTU */
        return enc_r(src(g), src(g), 0, 0, 0x18 + below(g, 2));
    case 1: /* MADD MADDU MSUB MSUBU */
        return 0x1cu << 26 | enc_r(src(g), src(g), 0, 0, (uint32_t[]){0, 1, 4, 5}[below(g, 4)]);
    case 2: /* MTHI MTLO */
        return enc_r(src(g), 0, 0, 0, 0x11 + 2 * below(g, 2));
    case 3: /* MUL */
        return 0x1cu << 26 | enc_r(src(g), src(g), dst(g), 0, 0x02);
    default: /* MFHI MFLO */
        return enc_r(0, 0, dst(g), 0, 0x10 + 2 * below(g, 2));
    }
}

static uint32_t int_bits(struct gen *g)
{
    unsigned d = dst(g);
    switch (below(g, 4)) {
    case 0: /* CLZ CLO: rt must equal rd */
        return 0x1cu << 26 | enc_r(src(g), d, d, 0, 0x20 + below(g, 2));
    case 1: { /* EXT: lsb + size <= 32 */
        unsigned lsb = below(g, 32), size = 1 + below(g, 32 - lsb);
        return 0x1fu << 26 | enc_r(src(g), d, size - 1, lsb, 0x00);
    }
    case 2: { /* INS: msb >= lsb */
        unsigned lsb = below(g, 32), msb = lsb + below(g, 32 - lsb);
        return 0x1fu << 26 | enc_r(src(g), d, msb, lsb, 0x04);
    }
    default: /* BSHFL: WSBH SEB SEH */
        return 0x1fu << 26 | enc_r(0, src(g), d, (uint32_t[]){0x02, 0x10, 0x18}[below(g, 3)], 0x20);
    }
}

/* ADD ADDI SUB: raise Integer Overflow on signed overflow. */
static uint32_t int_trapping(struct gen *g)
{
    switch (below(g, 3)) {
    case 0:
        return enc_r(src(g), src(g), dst(g), 0, 0x20);
    case 1:
        return enc_r(src(g), src(g), dst(g), 0, 0x22);
    default:
        return enc_i(0x08, src(g), dst(g), imm16(g));
    }
}

/* One word, never a branch, never part of a multi-word item. */
static uint32_t int_simple(struct gen *g)
{
    unsigned w = below(g, 64);
    if (w < 18) return int_r3(g);
    if (w < 28) return int_shift(g);
    if (w < 42) return int_imm(g);
    if (w < 52) return int_hilo(g);
    if (w < 62) return int_bits(g);
    return int_trapping(g);
}

/* DIV DIVU behind a guard that keeps the divisor away from 0 and -1. */
static void int_div(struct gen *g)
{
    unsigned t = 1 + below(g, POOL_LAST);
    emit(g, enc_i(0x0d, src(g), t, 3), true); /* ori t, rt, 3 */
    emit(g, enc_i(0x0e, t, t, 2), false);     /* xori t, t, 2 */
    emit(g, enc_r(src(g), t, 0, 0, 0x1a + below(g, 2)), false);
}

/* ---- memory ---- */

static uint32_t mem_simple(struct gen *g)
{
    /* LB LH LWL LW LBU LHU LWR / SB SH SWL SW SWR, with their access widths
     * (0: LWL/LWR/SWL/SWR, any byte offset). */
    static const struct {
        uint8_t op, width;
        bool store;
    } ops[] = {
        {0x20, 1, false}, {0x21, 2, false}, {0x22, 0, false}, {0x23, 4, false},
        {0x24, 1, false}, {0x25, 2, false}, {0x26, 0, false}, {0x28, 1, true},
        {0x29, 2, true},  {0x2a, 0, true},  {0x2b, 4, true},  {0x2e, 0, true},
    };
    unsigned k = below(g, sizeof(ops) / sizeof(ops[0]));
    int half = DIFF_SCRATCH_SIZE / 2;
    int off = (int)below(g, DIFF_SCRATCH_SIZE - 3) - half;
    if (ops[k].width) off &= ~(int)(ops[k].width - 1);
    unsigned rt = ops[k].store ? src(g) : dst(g);
    return enc_i(ops[k].op, DIFF_REG_SCRATCH, rt, (uint32_t)off);
}

/* ---- FPU (Status.FR = 0: doubles live in even/odd pairs) ---- */

static uint32_t enc_cop1(unsigned fmt, unsigned ft, unsigned fs, unsigned fd, unsigned fn)
{
    return 0x11u << 26 | fmt << 21 | ft << 16 | fs << 11 | fd << 6 | fn;
}

static unsigned freg(struct gen *g, unsigned fmt)
{
    unsigned r = below(g, 32);
    return fmt == 17 ? r & ~1u : r; /* FMT_D: even only */
}

static unsigned ffmt(struct gen *g)
{
    return 16 + below(g, 2); /* S or D */
}

static uint32_t fpu_arith(struct gen *g)
{
    unsigned fmt = ffmt(g);
    /* ADD SUB MUL DIV SQRT ABS MOV NEG */
    unsigned fn = below(g, 8);
    unsigned ft = fn < 4 ? freg(g, fmt) : 0; /* SQRT ABS MOV NEG have ft = 0 */
    return enc_cop1(fmt, ft, freg(g, fmt), freg(g, fmt), fn);
}

static uint32_t fpu_convert(struct gen *g)
{
    unsigned from = (unsigned[]){16, 17, 20}[below(g, 3)];
    unsigned fn;
    switch (below(g, 3)) {
    case 0: /* CVT.S from D or W; CVT.D from S or W */
        fn = from == 16 ? 0x21 : from == 17 ? 0x20 : 0x20 + below(g, 2);
        break;
    case 1: /* CVT.W from S or D */
        from = ffmt(g);
        fn = 0x24;
        break;
    default: /* ROUND TRUNC CEIL FLOOR .W */
        from = ffmt(g);
        fn = 0x0c + below(g, 4);
        break;
    }
    unsigned to = fn == 0x21 ? 17 : 16; /* D result needs an even fd */
    return enc_cop1(from, 0, freg(g, from), freg(g, to), fn);
}

static uint32_t fpu_cond(struct gen *g)
{
    unsigned fmt = ffmt(g), cc = below(g, 8);
    switch (below(g, 4)) {
    case 0: /* MOVF.fmt MOVT.fmt */
        return enc_cop1(fmt, cc << 2 | below(g, 2), freg(g, fmt), freg(g, fmt), 0x11);
    case 1: /* MOVZ.fmt MOVN.fmt */
        return enc_cop1(fmt, src(g), freg(g, fmt), freg(g, fmt), 0x12 + below(g, 2));
    case 2: /* MOVF MOVT (GPR) */
        return enc_r(src(g), cc << 2 | below(g, 2), dst(g), 0, 0x01);
    default: /* C.cond.fmt */
        return enc_cop1(fmt, freg(g, fmt), freg(g, fmt), cc << 2, 0x30 + below(g, 16));
    }
}

static uint32_t fpu_move(struct gen *g)
{
    int off = ((int)below(g, DIFF_SCRATCH_SIZE - 7) - (int)DIFF_SCRATCH_SIZE / 2);
    switch (below(g, 4)) {
    case 0: /* MFC1 */
        return 0x11u << 26 | 0u << 21 | dst(g) << 16 | below(g, 32) << 11;
    case 1: /* MTC1 */
        return 0x11u << 26 | 4u << 21 | src(g) << 16 | below(g, 32) << 11;
    case 2: /* LWC1 SWC1 */
        return enc_i(chance(g, 2) ? 0x31 : 0x39, DIFF_REG_SCRATCH, below(g, 32),
                     (uint32_t)(off & ~3));
    default: /* LDC1 SDC1 */
        return enc_i(chance(g, 2) ? 0x35 : 0x3d, DIFF_REG_SCRATCH, below(g, 16) * 2,
                     (uint32_t)(off & ~7));
    }
}

static uint32_t fpu_simple(struct gen *g)
{
    switch (below(g, 4)) {
    case 0:
        return fpu_arith(g);
    case 1:
        return fpu_convert(g);
    case 2:
        return fpu_cond(g);
    default:
        return fpu_move(g);
    }
}

/* Any one-word non-branch of the enabled non-branch classes. */
static uint32_t simple(struct gen *g)
{
    for (;;) {
        unsigned c = below(g, 3);
        if (c == 0 && (g->classes & DIFF_CLASS_INT)) return int_simple(g);
        if (c == 1 && (g->classes & DIFF_CLASS_MEM)) return mem_simple(g);
        if (c == 2 && (g->classes & DIFF_CLASS_FPU)) return fpu_simple(g);
        if (!(g->classes & (DIFF_CLASS_INT | DIFF_CLASS_MEM | DIFF_CLASS_FPU)))
            return 0; /* branches only: delay slots are NOPs */
    }
}

/* ---- branches ---- */

static void add_fixup(struct gen *g, unsigned at, unsigned after, enum fixup_kind kind)
{
    g->fix[g->nfix++] = (struct fixup){at, after + below(g, 5), (uint8_t)kind};
}

static uint32_t cond_branch(struct gen *g)
{
    static const uint8_t op[] = {0x04, 0x05, 0x06, 0x07, 0x14, 0x15, 0x16, 0x17};
    static const uint8_t regimm[] = {0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0x12, 0x13};
    unsigned rs = src(g);
    if (chance(g, 2)) {
        unsigned o = op[below(g, sizeof(op))];
        bool two = (o & 3) < 2; /* BEQ BNE (L) compare two registers */
        unsigned rt = two ? (chance(g, 4) ? rs : src(g)) : 0;
        return enc_i(o, rs, rt, 0);
    }
    unsigned r = regimm[below(g, sizeof(regimm))];
    if ((r & 0x10) && rs == 31) rs = 0; /* BAL: rs = 31 would be UNPREDICTABLE */
    return enc_i(0x01, rs, r, 0);
}

static uint32_t fpu_branch(struct gen *g)
{
    /* BC1F BC1T BC1FL BC1TL cc */
    return 0x11u << 26 | 8u << 21 | (below(g, 8) << 2 | below(g, 4)) << 16;
}

static void branch(struct gen *g)
{
    struct diff_seq *s = g->seq;
    unsigned kind = below(g, 8);
    if (kind < 5) {
        bool fpu = (g->classes & DIFF_CLASS_FPU) && chance(g, 4);
        unsigned at = emit(g, fpu ? fpu_branch(g) : cond_branch(g), true);
        add_fixup(g, at, at + 2, FIX_REL16);
    } else if (kind < 7) { /* J JAL */
        unsigned at = emit(g, (2u + below(g, 2)) << 26, true);
        add_fixup(g, at, at + 2, FIX_J26);
    } else { /* lui t; ori t; JR t / JALR rd, t */
        unsigned t = 1 + below(g, POOL_LAST);
        unsigned lui = emit(g, enc_i(0x0f, 0, t, 0), true);
        emit(g, enc_i(0x0d, t, t, 0), false);
        unsigned rd = chance(g, 2) ? 31 : 1 + below(g, POOL_LAST);
        bool link = chance(g, 2) && rd != t;
        emit(g, enc_r(t, 0, link ? rd : 0, 0, link ? 0x09 : 0x08), false);
        add_fixup(g, lui, lui + 4, FIX_LUI_ORI);
    }
    emit(g, simple(g), true); /* delay slot */
    (void)s;
}

static void resolve(struct gen *g)
{
    struct diff_seq *s = g->seq;
    for (unsigned i = 0; i < g->nfix; i++) {
        const struct fixup *f = &g->fix[i];
        unsigned t = f->target < s->body_end ? f->target : s->body_end;
        while (!g->landable[t])
            t++;
        uint32_t addr = DIFF_CODE + 4 * t;
        if (f->kind == FIX_REL16)
            s->words[f->at] |= (t - (f->at + 1)) & 0xffffu;
        else if (f->kind == FIX_J26)
            s->words[f->at] |= (addr >> 2) & 0x3ffffffu;
        else {
            s->words[f->at] |= addr >> 16;
            s->words[f->at + 1] |= addr & 0xffffu;
        }
    }
}

/* ---- whole sequence ---- */

static void fpu_prologue(struct gen *g)
{
    for (unsigned i = 0; i < 32; i++) /* lwc1 fi, 4i(k0) */
        emit(g, enc_i(0x31, DIFF_REG_FPU, i, 4 * i), false);
    emit(g, enc_i(0x23, DIFF_REG_FPU, DIFF_REG_TMP, 128), false);
    emit(g, 0x11u << 26 | 6u << 21 | DIFF_REG_TMP << 16 | 31u << 11, false); /* ctc1 */
}

static void fpu_epilogue(struct gen *g)
{
    uint32_t dump = DIFF_FPU_DUMP - DIFF_FPU_AREA;
    for (unsigned i = 0; i < 32; i++) /* swc1 fi, dump+4i(k0) */
        emit(g, enc_i(0x39, DIFF_REG_FPU, i, dump + 4 * i), false);
    emit(g, 0x11u << 26 | 2u << 21 | DIFF_REG_TMP << 16 | 31u << 11, false); /* cfc1 */
    emit(g, enc_i(0x2b, DIFF_REG_FPU, DIFF_REG_TMP, dump + 128), false);
}

static uint32_t fpu_value(struct gen *g, bool high_of_double)
{
    static const uint32_t single[] = {
        0x00000000u, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u,
        0x7fbfffffu, 0x7fc00000u, 0x00000001u, 0x807fffffu, 0x7f7fffffu, 0x4f000000u,
        0xcf000000u, 0x3fc00000u, 0x40200000u, 0xbfc00000u,
    };
    static const uint32_t dhigh[] = {
        0x00000000u, 0x80000000u, 0x3ff00000u, 0xbff00000u, 0x7ff00000u, 0xfff00000u,
        0x7ff7ffffu, 0x7ff80000u, 0x000fffffu, 0x7fefffffu, 0x41e00000u, 0xc1e00000u,
        0x3ff80000u, 0x40040000u, 0x47efffffu, 0x36a00000u,
    };
    if (chance(g, 3)) {
        /* Random, but never a NaN: see "NaN payloads" at the top. */
        uint32_t v = (uint32_t)next(g);
        return v & (high_of_double ? 0x00100000u : 0x00800000u) ? v & ~0x40000000u : v;
    }
    return (high_of_double ? dhigh : single)[below(g, 16)];
}

/* A double pair whose high word has an all-ones exponent and a clear quiet
 * bit (legacy encoding) is an infinity or a QNaN: keep only the infinity and
 * the default QNaN. */
static void fix_double_nan(uint32_t *low, uint32_t high)
{
    if ((high & 0x7ff80000u) != 0x7ff00000u) return;
    *low = (high & 0x000fffffu) == 0x0007ffffu ? 0xffffffffu : 0;
    if ((high & 0x000fffffu) != 0 && (high & 0x000fffffu) != 0x0007ffffu)
        *low = 0xffffffffu; /* cannot happen with the tables above */
}

static void initial_state(struct gen *g)
{
    struct diff_seq *s = g->seq;
    for (int r = 1; r < 32; r++)
        s->gpr[r] = interesting(g);
    s->gpr[DIFF_REG_SCRATCH] = DIFF_SCRATCH + DIFF_SCRATCH_SIZE / 2;
    s->gpr[DIFF_REG_FPU] = DIFF_FPU_AREA;
    s->hi = interesting(g);
    s->lo = interesting(g);
    for (unsigned i = 0; i < DIFF_SCRATCH_SIZE; i++)
        s->scratch[i] = (uint8_t)next(g);
    for (unsigned i = 0; i < 32; i++)
        s->fpu_init[i] = fpu_value(g, i & 1);
    for (unsigned i = 0; i < 32; i += 2)
        fix_double_nan(&s->fpu_init[i], s->fpu_init[i + 1]);
    /* Rounding mode and condition codes random; no enables, FS clear. */
    s->fpu_init[32] = below(g, 4) | ((uint32_t)next(g) & 0xfe800000u);
}

void gen_sequence(uint64_t seed, unsigned classes, unsigned body_len, struct diff_seq *seq)
{
    static struct gen g; /* large; the test is single-threaded */
    memset(&g, 0, sizeof(g));
    memset(seq, 0, sizeof(*seq));
    g.rng = seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
    if (!g.rng) g.rng = 1;
    g.classes = classes;
    g.seq = seq;
    seq->fpu = (classes & DIFF_CLASS_FPU) != 0;
    if (body_len > DIFF_CODE_MAX - 80) body_len = DIFF_CODE_MAX - 80;
    initial_state(&g);
    if (seq->fpu) fpu_prologue(&g);
    seq->body_start = seq->count;
    unsigned end = seq->body_start + body_len;
    while (seq->count < end) {
        unsigned room = end - seq->count;
        unsigned pick = below(&g, 16);
        if ((classes & DIFF_CLASS_BRANCH) && pick < 3 && room >= 5)
            branch(&g);
        else if ((classes & DIFF_CLASS_INT) && pick == 3 && room >= 3)
            int_div(&g);
        else
            emit(&g, simple(&g), true);
    }
    seq->body_end = seq->count;
    g.landable[seq->count] = true;
    resolve(&g);
    if (seq->fpu) fpu_epilogue(&g);
    seq->end_pc = DIFF_CODE + 4 * seq->count;
}
