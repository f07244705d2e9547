/* tests/diff/gen.c — the random program generator of the differential test.
 *
 * A sequence is [FPU prologue] body [FPU epilogue]; the body is random
 * instructions of the enabled classes over a small register pool, so results
 * feed into each other. Control flow only goes forward, so every sequence ends
 * at end_pc. Branch targets are fixed up after the body is written, to the
 * next word that is safe to land on (not the middle of a multi-word item such
 * as the lui/ori/jr of an indirect jump, the guard of a division, or an FPU
 * item's canonicalising pair). gen_fpu.c makes the FPU class.
 *
 * What the generator never makes, because the manual leaves it UNPREDICTABLE
 * and the two engines may rightly differ:
 * - DIV/DIVU by zero, and DIV of INT_MIN by -1 (Vol. II DIV: "no arithmetic
 *   exception ... result UNPREDICTABLE"): the divisor is first forced to
 *   ...01 in its two low bits (ori 3; xori 2), never 0 nor -1.
 * - A branch or jump in a delay slot (tern raises RI, QEMU too).
 * - JALR with rd == rs; BLTZAL/BGEZAL(L) with rs = 31 (Vol. II: UNPREDICTABLE).
 * - EXT/INS with pos + size out of range.
 * - What gen_fpu.c lists for the FPU class (formats, registers, NaN payloads).
 * Trapping ADD/ADDI/SUB are made, rarely: both sides must then stop with the
 * same exception at the same instruction, with the same state.
 */
#include <string.h>

#include "tests/diff/gen.h"

#define POOL_LAST 12 /* registers 1..12 are the working set */

enum fixup_kind { FIX_REL16, FIX_J26, FIX_LUI_ORI };

uint32_t gen_interesting(struct gen *g)
{
    static const uint32_t table[] = {
        0,       1,           0xffffffffu, 0x80000000u, 0x7fffffffu, 0x8000u,
        0x7fffu, 0xffffu,     0xffff8000u, 0x00010000u, 2,           31,
        32,      0x80000001u, 0xfffffffeu, 0x00ff00ffu,
    };
    switch (gen_below(g, 4)) {
    case 0:
        return table[gen_below(g, sizeof(table) / sizeof(table[0]))];
    case 1:
        return (uint32_t)(int32_t)(gen_below(g, 129) - 64);
    default:
        return (uint32_t)gen_next(g);
    }
}

static uint32_t imm16(struct gen *g)
{
    static const uint16_t table[] = {0, 1, 0xffff, 0x7fff, 0x8000, 0x00ff, 31, 32};
    if (gen_chance(g, 3)) return table[gen_below(g, sizeof(table) / sizeof(table[0]))];
    return (uint32_t)gen_next(g) & 0xffffu;
}

unsigned gen_dst(struct gen *g)
{
    if (gen_chance(g, 40)) return 0; /* writes to $zero must vanish */
    return 1 + gen_below(g, POOL_LAST);
}

unsigned gen_src(struct gen *g)
{
    static const uint8_t other[] = {0, 13, 14, 15, 16, 20, 22, 24, 25, 28, 29, 30, 31};
    if (gen_chance(g, 6)) return other[gen_below(g, sizeof(other))];
    return 1 + gen_below(g, POOL_LAST);
}

/* ---- integer ---- */

static uint32_t int_r3(struct gen *g)
{
    /* ADDU SUBU AND OR XOR NOR SLT SLTU MOVZ MOVN SLLV SRLV SRAV, ROTRV */
    static const uint8_t fn[] = {0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2a,
                                 0x2b, 0x0a, 0x0b, 0x04, 0x06, 0x07};
    unsigned pick = gen_below(g, sizeof(fn) + 1);
    if (pick == sizeof(fn))
        return gen_enc_r(gen_src(g), gen_src(g), gen_dst(g), 1, 0x06); /* ROTRV */
    return gen_enc_r(gen_src(g), gen_src(g), gen_dst(g), 0, fn[pick]);
}

static uint32_t int_shift(struct gen *g)
{
    static const uint8_t fn[] = {0x00, 0x02, 0x03};
    unsigned sa = gen_chance(g, 4) ? (gen_chance(g, 2) ? 0 : 31) : gen_below(g, 32);
    if (gen_chance(g, 4)) return gen_enc_r(1, gen_src(g), gen_dst(g), sa, 0x02); /* ROTR */
    return gen_enc_r(0, gen_src(g), gen_dst(g), sa, fn[gen_below(g, 3)]);
}

static uint32_t int_imm(struct gen *g)
{
    /* ADDIU SLTI SLTIU ANDI ORI XORI LUI */
    static const uint8_t op[] = {0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    unsigned o = op[gen_below(g, sizeof(op))];
    return gen_enc_i(o, o == 0x0f ? 0 : gen_src(g), gen_dst(g), imm16(g));
}

static uint32_t int_hilo(struct gen *g)
{
    switch (gen_below(g, 6)) {
    case 0: /* MULT MULTU */
        return gen_enc_r(gen_src(g), gen_src(g), 0, 0, 0x18 + gen_below(g, 2));
    case 1: /* MADD MADDU MSUB MSUBU */
        return 0x1cu << 26 |
               gen_enc_r(gen_src(g), gen_src(g), 0, 0, (uint32_t[]){0, 1, 4, 5}[gen_below(g, 4)]);
    case 2: /* MTHI MTLO */
        return gen_enc_r(gen_src(g), 0, 0, 0, 0x11 + 2 * gen_below(g, 2));
    case 3: /* MUL */
        return 0x1cu << 26 | gen_enc_r(gen_src(g), gen_src(g), gen_dst(g), 0, 0x02);
    default: /* MFHI MFLO */
        return gen_enc_r(0, 0, gen_dst(g), 0, 0x10 + 2 * gen_below(g, 2));
    }
}

static uint32_t int_bits(struct gen *g)
{
    unsigned d = gen_dst(g);
    switch (gen_below(g, 4)) {
    case 0: /* CLZ CLO: rt must equal rd */
        return 0x1cu << 26 | gen_enc_r(gen_src(g), d, d, 0, 0x20 + gen_below(g, 2));
    case 1: { /* EXT: lsb + size <= 32 */
        unsigned lsb = gen_below(g, 32), size = 1 + gen_below(g, 32 - lsb);
        return 0x1fu << 26 | gen_enc_r(gen_src(g), d, size - 1, lsb, 0x00);
    }
    case 2: { /* INS: msb >= lsb */
        unsigned lsb = gen_below(g, 32), msb = lsb + gen_below(g, 32 - lsb);
        return 0x1fu << 26 | gen_enc_r(gen_src(g), d, msb, lsb, 0x04);
    }
    default: /* BSHFL: WSBH SEB SEH */
        return 0x1fu << 26 |
               gen_enc_r(0, gen_src(g), d, (uint32_t[]){0x02, 0x10, 0x18}[gen_below(g, 3)], 0x20);
    }
}

/* ADD ADDI SUB: raise Integer Overflow on signed overflow. */
static uint32_t int_trapping(struct gen *g)
{
    switch (gen_below(g, 3)) {
    case 0:
        return gen_enc_r(gen_src(g), gen_src(g), gen_dst(g), 0, 0x20);
    case 1:
        return gen_enc_r(gen_src(g), gen_src(g), gen_dst(g), 0, 0x22);
    default:
        return gen_enc_i(0x08, gen_src(g), gen_dst(g), imm16(g));
    }
}

/* One word, never a branch, never part of a multi-word item. */
static uint32_t int_simple(struct gen *g)
{
    unsigned w = gen_below(g, 64);
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
    unsigned t = 1 + gen_below(g, POOL_LAST);
    gen_emit(g, gen_enc_i(0x0d, gen_src(g), t, 3), true); /* ori t, rt, 3 */
    gen_emit(g, gen_enc_i(0x0e, t, t, 2), false);         /* xori t, t, 2 */
    gen_emit(g, gen_enc_r(gen_src(g), t, 0, 0, 0x1a + gen_below(g, 2)), false);
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
    unsigned k = gen_below(g, sizeof(ops) / sizeof(ops[0]));
    int half = DIFF_SCRATCH_SIZE / 2;
    int off = (int)gen_below(g, DIFF_SCRATCH_SIZE - 3) - half;
    if (ops[k].width) off &= ~(int)(ops[k].width - 1);
    unsigned rt = ops[k].store ? gen_src(g) : gen_dst(g);
    return gen_enc_i(ops[k].op, DIFF_REG_SCRATCH, rt, (uint32_t)off);
}

/* A non-branch class picked at random among the enabled ones, or 0 when
 * only branches are enabled. */
static unsigned pick_class(struct gen *g)
{
    static const unsigned order[] = {DIFF_CLASS_INT, DIFF_CLASS_MEM, DIFF_CLASS_FPU};
    if (!(g->classes & (DIFF_CLASS_INT | DIFF_CLASS_MEM | DIFF_CLASS_FPU))) return 0;
    for (;;) {
        unsigned c = order[gen_below(g, 3)];
        if (g->classes & c) return c;
    }
}

/* Any one-word non-branch of the enabled non-branch classes (a delay slot). */
static uint32_t simple(struct gen *g)
{
    switch (pick_class(g)) {
    case DIFF_CLASS_INT:
        return int_simple(g);
    case DIFF_CLASS_MEM:
        return mem_simple(g);
    case DIFF_CLASS_FPU:
        return gen_fpu_one(g);
    default:
        return 0; /* branches only: delay slots are NOPs */
    }
}

/* One non-branch item of the body: a word, or an FPU item of a few. */
static void item(struct gen *g)
{
    switch (pick_class(g)) {
    case DIFF_CLASS_INT:
        gen_emit(g, int_simple(g), true);
        break;
    case DIFF_CLASS_MEM:
        gen_emit(g, mem_simple(g), true);
        break;
    case DIFF_CLASS_FPU:
        gen_fpu_item(g);
        break;
    default:
        gen_emit(g, 0, true);
    }
}

/* ---- branches ---- */

static void add_fixup(struct gen *g, unsigned at, unsigned after, enum fixup_kind kind)
{
    g->fix[g->nfix++] = (struct fixup){at, after + gen_below(g, 5), (uint8_t)kind};
}

static uint32_t cond_branch(struct gen *g)
{
    static const uint8_t op[] = {0x04, 0x05, 0x06, 0x07, 0x14, 0x15, 0x16, 0x17};
    static const uint8_t regimm[] = {0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0x12, 0x13};
    unsigned rs = gen_src(g);
    if (gen_chance(g, 2)) {
        unsigned o = op[gen_below(g, sizeof(op))];
        bool two = (o & 3) < 2; /* BEQ BNE (L) compare two registers */
        unsigned rt = two ? (gen_chance(g, 4) ? rs : gen_src(g)) : 0;
        return gen_enc_i(o, rs, rt, 0);
    }
    unsigned r = regimm[gen_below(g, sizeof(regimm))];
    if ((r & 0x10) && rs == 31) rs = 0; /* BAL: rs = 31 would be UNPREDICTABLE */
    return gen_enc_i(0x01, rs, r, 0);
}

static void branch(struct gen *g)
{
    struct diff_seq *s = g->seq;
    unsigned kind = gen_below(g, 8);
    if (kind < 5) {
        bool fpu = (g->classes & DIFF_CLASS_FPU) && gen_chance(g, 4);
        unsigned at = gen_emit(g, fpu ? gen_fpu_branch(g) : cond_branch(g), true);
        add_fixup(g, at, at + 2, FIX_REL16);
    } else if (kind < 7) { /* J JAL */
        unsigned at = gen_emit(g, (2u + gen_below(g, 2)) << 26, true);
        add_fixup(g, at, at + 2, FIX_J26);
    } else { /* lui t; ori t; JR t / JALR rd, t */
        unsigned t = 1 + gen_below(g, POOL_LAST);
        unsigned lui = gen_emit(g, gen_enc_i(0x0f, 0, t, 0), true);
        gen_emit(g, gen_enc_i(0x0d, t, t, 0), false);
        unsigned rd = gen_chance(g, 2) ? 31 : 1 + gen_below(g, POOL_LAST);
        bool link = gen_chance(g, 2) && rd != t;
        gen_emit(g, gen_enc_r(t, 0, link ? rd : 0, 0, link ? 0x09 : 0x08), false);
        add_fixup(g, lui, lui + 4, FIX_LUI_ORI);
    }
    gen_emit(g, simple(g), true); /* delay slot */
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

static void initial_state(struct gen *g)
{
    struct diff_seq *s = g->seq;
    for (int r = 1; r < 32; r++)
        s->gpr[r] = gen_interesting(g);
    s->gpr[DIFF_REG_SCRATCH] = DIFF_SCRATCH + DIFF_SCRATCH_SIZE / 2;
    s->gpr[DIFF_REG_FPU] = DIFF_FPU_AREA;
    s->hi = gen_interesting(g);
    s->lo = gen_interesting(g);
    for (unsigned i = 0; i < DIFF_SCRATCH_SIZE; i++)
        s->scratch[i] = (uint8_t)gen_next(g);
    if (g->classes & DIFF_CLASS_FPU) gen_fpu_initial(g);
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
    /* Room for the prologue and epilogue (34 + 35 words) and one item's overrun. */
    if (body_len > DIFF_CODE_MAX - 80) body_len = DIFF_CODE_MAX - 80;
    initial_state(&g);
    if (seq->fpu) gen_fpu_prologue(&g);
    seq->body_start = seq->count;
    unsigned end = seq->body_start + body_len;
    while (seq->count < end) {
        unsigned room = end - seq->count;
        unsigned pick = gen_below(&g, 16);
        if ((classes & DIFF_CLASS_BRANCH) && pick < 3 && room >= 5)
            branch(&g);
        else if ((classes & DIFF_CLASS_INT) && pick == 3 && room >= 3)
            int_div(&g);
        else
            item(&g);
    }
    seq->body_end = seq->count;
    g.landable[seq->count] = true;
    resolve(&g);
    if (seq->fpu) gen_fpu_epilogue(&g);
    seq->end_pc = DIFF_CODE + 4 * seq->count;
}
