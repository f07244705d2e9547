/* tests/fuzz/fuzz_gen.c — the random-program generator of the JIT fuzzer
 * (see fuzz.h). A program is a few functions with an acyclic call graph:
 * function k calls only functions j > k, and main (function 0) is generated
 * last, so every callee's address and cost are known when a call is made.
 * Each function body is structured code: straight runs, if/else diamonds,
 * counted loops, jump tables, calls and self-modifying stores, nested a few
 * levels. Every structure knows the most instructions it can execute, so a
 * program's length is bounded (fz_prog.max_insns) and loops never run away.
 *
 * Register discipline (fuzz.h): 1..22 are random values both engines must
 * agree on; 23 (scratch base), 26 (FPU area), 29 ($sp) never change; 24/25 are
 * loop counters, saved with $ra in every function's frame; 27 and 30 are
 * temporaries for addresses. Memory stays inside the scratch buffer (fixed
 * offsets from 23, or masked register offsets), the stack and the code itself.
 *
 * Never made (UNPREDICTABLE or an early stop the test would waste):
 * trapping ADD/ADDI/SUB, DIV by 0 or INT_MIN / -1 (a guard forces the
 * divisor's low bits to 01), unaligned accesses, branches in delay slots,
 * JALR with rd == rs, BLTZAL/BGEZAL with rs = 31, FCSR enable bits (the
 * rounding item of gen_fpu.c may set one: its ORI is dropped here).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/diff/gen.h"
#include "tests/fuzz/fuzz.h"

#define MAX_FN 8
#define POOL 22     /* registers 1..22 */
#define RESERVE 300 /* code words kept for epilogues and the checksum */
#define MAX_NEST 4
#define OP_SPECIAL2 0x1cu
#define OP_SPECIAL3 0x1fu

struct fz {
    struct gen g; /* random source; g.seq is the FPU emission buffer */
    struct fz_prog *p;
    unsigned nfn;
    struct {
        uint32_t addr;
        uint64_t cost;
        int slot; /* word index of a rewritable ADDIU/ORI/XORI, or -1 */
    } fn[MAX_FN];
    unsigned cur;  /* function being generated */
    unsigned nest; /* control structures open */
    unsigned loop; /* loops open (0..2): the counter register in use */
};

/* ---- emission ---- */

static unsigned emit(struct fz *z, uint32_t w)
{
    struct fz_prog *p = z->p;
    if (p->count >= FZ_CODE_MAX) abort(); /* RESERVE keeps this from happening */
    p->code[p->count] = w;
    return p->count++;
}

static unsigned room(const struct fz *z)
{
    return z->p->count + RESERVE >= FZ_CODE_MAX ? 0 : FZ_CODE_MAX - RESERVE - z->p->count;
}

static uint32_t addr_of(unsigned index)
{
    return FZ_CODE + 4u * index;
}

/* Points the 16-bit offset of the branch at `at` to word `target`. */
static void patch_rel(struct fz *z, unsigned at, unsigned target)
{
    z->p->code[at] = (z->p->code[at] & 0xffff0000u) | ((target - (at + 1)) & 0xffffu);
}

/* Points the J/JAL at `at` to word `target`. */
static void patch_j(struct fz *z, unsigned at, unsigned target)
{
    z->p->code[at] = (z->p->code[at] & 0xfc000000u) | ((addr_of(target) >> 2) & 0x3ffffffu);
}

static unsigned below(struct fz *z, unsigned n)
{
    return gen_below(&z->g, n);
}

static bool chance(struct fz *z, unsigned one_in)
{
    return gen_chance(&z->g, one_in);
}

/* ---- registers and one-word items ---- */

static unsigned dst(struct fz *z)
{
    return chance(z, 40) ? 0 : 1 + below(z, POOL);
}

static unsigned src(struct fz *z)
{
    static const uint8_t other[] = {0, 23, 24, 25, 26, 27, 28, 29, 30, 31};
    if (chance(z, 6)) return other[below(z, sizeof(other))];
    return 1 + below(z, POOL);
}

static uint32_t imm16(struct fz *z)
{
    static const uint16_t table[] = {0, 1, 0xffff, 0x7fff, 0x8000, 0x00ff, 31, 32};
    if (chance(z, 3)) return table[below(z, sizeof(table) / sizeof(table[0]))];
    return (uint32_t)gen_next(&z->g) & 0xffffu;
}

static uint32_t alu3(struct fz *z)
{
    /* ADDU SUBU AND OR XOR NOR SLT SLTU MOVZ MOVN SLLV SRLV SRAV */
    static const uint8_t fn[] = {0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2a,
                                 0x2b, 0x0a, 0x0b, 0x04, 0x06, 0x07};
    unsigned k = below(z, sizeof(fn) + 1);
    if (k == sizeof(fn)) return gen_enc_r(src(z), src(z), dst(z), 1, 0x06); /* ROTRV */
    return gen_enc_r(src(z), src(z), dst(z), 0, fn[k]);
}

static uint32_t shift(struct fz *z)
{
    static const uint8_t fn[] = {0x00, 0x02, 0x03}; /* SLL SRL SRA */
    unsigned sa = below(z, 32);
    if (chance(z, 4)) return gen_enc_r(1, src(z), dst(z), sa, 0x02); /* ROTR */
    return gen_enc_r(0, src(z), dst(z), sa, fn[below(z, 3)]);
}

static uint32_t alu_imm(struct fz *z)
{
    static const uint8_t op[] = {0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f}; /* ADDIU..LUI */
    unsigned o = op[below(z, sizeof(op))];
    return gen_enc_i(o, o == 0x0f ? 0 : src(z), dst(z), imm16(z));
}

static uint32_t hilo(struct fz *z)
{
    static const uint8_t madd[] = {0x00, 0x01, 0x04, 0x05}; /* MADD MADDU MSUB MSUBU */
    switch (below(z, 6)) {
    case 0: /* MULT MULTU */
        return gen_enc_r(src(z), src(z), 0, 0, 0x18 + below(z, 2));
    case 1:
        return OP_SPECIAL2 << 26 | gen_enc_r(src(z), src(z), 0, 0, madd[below(z, 4)]);
    case 2: /* MTHI MTLO */
        return gen_enc_r(src(z), 0, 0, 0, 0x11 + 2 * below(z, 2));
    case 3: /* MUL */
        return OP_SPECIAL2 << 26 | gen_enc_r(src(z), src(z), dst(z), 0, 0x02);
    default: /* MFHI MFLO */
        return gen_enc_r(0, 0, dst(z), 0, 0x10 + 2 * below(z, 2));
    }
}

static uint32_t bits(struct fz *z)
{
    static const uint8_t bshfl[] = {0x02, 0x10, 0x18}; /* WSBH SEB SEH */
    unsigned d = dst(z);
    switch (below(z, 4)) {
    case 0: /* CLZ CLO (rt = rd) */
        return OP_SPECIAL2 << 26 | gen_enc_r(src(z), d, d, 0, 0x20 + below(z, 2));
    case 1: { /* EXT */
        unsigned lsb = below(z, 32), size = 1 + below(z, 32 - lsb);
        return OP_SPECIAL3 << 26 | gen_enc_r(src(z), d, size - 1, lsb, 0x00);
    }
    case 2: { /* INS */
        unsigned lsb = below(z, 32), msb = lsb + below(z, 32 - lsb);
        return OP_SPECIAL3 << 26 | gen_enc_r(src(z), d, msb, lsb, 0x04);
    }
    default:
        return OP_SPECIAL3 << 26 | gen_enc_r(0, src(z), d, bshfl[below(z, 3)], 0x20);
    }
}

/* Loads and stores of every width: opcode, access width (0: LWL/LWR/SWL/SWR,
 * any byte address) and whether it stores. */
static const struct {
    uint8_t op, width;
    bool store;
} mem_ops[] = {
    {0x20, 1, false}, {0x21, 2, false}, {0x22, 0, false}, {0x23, 4, false},
    {0x24, 1, false}, {0x25, 2, false}, {0x26, 0, false}, {0x28, 1, true},
    {0x29, 2, true},  {0x2a, 0, true},  {0x2b, 4, true},  {0x2e, 0, true},
};

/* A load or store at a fixed offset from the scratch base. */
static uint32_t mem_fixed(struct fz *z)
{
    unsigned k = below(z, sizeof(mem_ops) / sizeof(mem_ops[0]));
    int half = FZ_SCRATCH_SIZE / 2;
    int off = (int)below(z, FZ_SCRATCH_SIZE - 3) - half;
    if (mem_ops[k].width) off &= ~(int)(mem_ops[k].width - 1);
    unsigned rt = mem_ops[k].store ? src(z) : dst(z);
    return gen_enc_i(mem_ops[k].op, FZ_REG_BASE, rt, (uint32_t)off);
}

/* One word that is never a branch: a delay slot, or one item of a run. */
static uint32_t one_word(struct fz *z)
{
    unsigned w = below(z, 64);
    if (w < 16) return alu3(z);
    if (w < 26) return shift(z);
    if (w < 38) return alu_imm(z);
    if (w < 46) return hilo(z);
    if (w < 52) return bits(z);
    if (w < 60) return mem_fixed(z);
    return gen_fpu_one(&z->g);
}

/* ---- multi-word items ---- */

/* andi k1, rX, mask; addu k1, k1, base: an address base + (rX & mask). */
static void masked_address(struct fz *z, uint32_t mask)
{
    emit(z, gen_enc_i(0x0c, src(z), FZ_REG_TMP, mask));
    emit(z, gen_enc_r(FZ_REG_TMP, FZ_REG_BASE, FZ_REG_TMP, 0, 0x21));
}

/* A load or store through a register-derived offset: base + (rX & mask) +
 * off stays inside the scratch buffer (base is its middle; off <= 0). */
static void mem_masked(struct fz *z)
{
    unsigned k = below(z, sizeof(mem_ops) / sizeof(mem_ops[0]));
    unsigned w = mem_ops[k].width;
    masked_address(z, w == 4 ? 0x1fc : w == 2 ? 0x1fe : 0x1ff);
    int off = -(int)below(z, FZ_SCRATCH_SIZE / 2 - 3);
    if (w) off &= ~(int)(w - 1);
    unsigned rt = mem_ops[k].store ? src(z) : dst(z);
    emit(z, gen_enc_i(mem_ops[k].op, FZ_REG_TMP, rt, (uint32_t)off));
}

/* ll rt; [op on rt]; [an unrelated store]; sc rt: rt ends 1 or 0 (the link
 * breaks when the store hits the word). No retry loop: SC's result is data. */
static void llsc(struct fz *z)
{
    masked_address(z, 0x1fc);
    int off = -4 * (int)below(z, 64);
    unsigned rt = 1 + below(z, POOL);
    emit(z, gen_enc_i(0x30, FZ_REG_TMP, rt, (uint32_t)off));
    if (chance(z, 2)) emit(z, gen_enc_r(rt, src(z), rt, 0, 0x21)); /* addu rt, rt, rX */
    if (chance(z, 4)) emit(z, mem_fixed(z));
    emit(z, gen_enc_i(0x38, FZ_REG_TMP, rt, (uint32_t)off));
}

/* DIV/DIVU behind a guard keeping the divisor away from 0 and -1. */
static void divide(struct fz *z)
{
    unsigned t = 1 + below(z, POOL);
    emit(z, gen_enc_i(0x0d, src(z), t, 3)); /* ori t, rX, 3 */
    emit(z, gen_enc_i(0x0e, t, t, 2));      /* xori t, t, 2 */
    emit(z, gen_enc_r(src(z), t, 0, 0, 0x1a + below(z, 2)));
}

/* One FPU item of gen_fpu.c, copied from its buffer; an ORI that would set
 * an FCSR enable bit (the 5-word rounding item) is dropped. */
static void fpu_item(struct fz *z)
{
    struct diff_seq *s = z->g.seq;
    s->count = 0;
    gen_fpu_item(&z->g);
    bool cfc1 = (s->words[0] & 0xffe0ffffu) == 0x4440f800u;
    for (unsigned i = 0; i < s->count; i++)
        if (!(cfc1 && s->count == 5 && i == 3)) emit(z, s->words[i]);
}

/* A rewritable instruction: ADDIU/ORI/XORI rt, rs, imm (a self-modifying
 * store later changes its immediate). */
static uint32_t slot_word(struct fz *z)
{
    static const uint8_t op[] = {0x09, 0x0d, 0x0e};
    return gen_enc_i(op[below(z, 3)], 1 + below(z, POOL), 1 + below(z, POOL), imm16(z));
}

/* lui r, hi(v); ori r, r, lo(v). */
static void load_const(struct fz *z, unsigned r, uint32_t v)
{
    emit(z, gen_enc_i(0x0f, 0, r, v >> 16));
    emit(z, gen_enc_i(0x0d, r, r, v & 0xffffu));
}

/* Stores `word` over the instruction at code index `at`; now and then
 * SYNCI on it (the guest's own way to say code changed). */
static void rewrite(struct fz *z, unsigned at, uint32_t word)
{
    load_const(z, FZ_REG_TMP, addr_of(at));
    load_const(z, FZ_REG_TMP2, word);
    emit(z, gen_enc_i(0x2b, FZ_REG_TMP, FZ_REG_TMP2, 0));            /* sw */
    if (chance(z, 4)) emit(z, gen_enc_i(0x01, FZ_REG_TMP, 0x1f, 0)); /* synci 0(k1) */
}

/* A run of straight-line items; returns its length (= its cost). */
static uint64_t straight(struct fz *z)
{
    unsigned start = z->p->count, n = 1 + below(z, 6);
    for (unsigned i = 0; i < n; i++) {
        unsigned w = below(z, 32);
        if (w < 17)
            emit(z, one_word(z));
        else if (w < 21)
            mem_masked(z);
        else if (w < 22)
            llsc(z);
        else if (w < 24)
            divide(z);
        else if (w < 30)
            fpu_item(z);
        else if (z->cur != 0 && z->fn[z->cur].slot < 0)
            z->fn[z->cur].slot = (int)emit(z, slot_word(z));
        else
            emit(z, one_word(z));
    }
    return z->p->count - start;
}

/* ---- control structures ---- */

static uint64_t block(struct fz *z, uint64_t budget, unsigned nstmts);

/* A conditional branch on random registers (offset patched later). */
static uint32_t cond_branch(struct fz *z)
{
    static const uint8_t op[] = {0x04, 0x05, 0x06, 0x07, 0x14, 0x15, 0x16, 0x17};
    static const uint8_t regimm[] = {0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0x12, 0x13};
    unsigned rs = src(z);
    unsigned k = below(z, 16);
    if (k < 8) {
        unsigned o = op[k];
        unsigned rt = (o & 3) < 2 ? (chance(z, 4) ? rs : src(z)) : 0; /* BEQ BNE compare two */
        return gen_enc_i(o, rs, rt, 0);
    }
    if (k < 14) {
        unsigned r = regimm[below(z, sizeof(regimm))];
        /* BLTZAL/BGEZAL(L) write $ra: harmless, every function reloads it from
         * its frame before returning. rs = 31 would be UNPREDICTABLE. */
        if ((r & 0x10) && rs == 31) rs = 0;
        return gen_enc_i(0x01, rs, r, 0);
    }
    return gen_fpu_branch(&z->g);
}

/* An unconditional forward jump (patched later): B (beq $0,$0) or J. */
static unsigned jump_fwd(struct fz *z, bool *is_j)
{
    *is_j = chance(z, 2);
    return emit(z, *is_j ? 0x02u << 26 : gen_enc_i(0x04, 0, 0, 0));
}

static void patch_fwd(struct fz *z, unsigned at, bool is_j, unsigned target)
{
    if (is_j)
        patch_j(z, at, target);
    else
        patch_rel(z, at, target);
}

/* if (cond) { then } else { else }: the most of both arms. */
static uint64_t diamond(struct fz *z, uint64_t budget)
{
    unsigned br = emit(z, cond_branch(z));
    emit(z, one_word(z));
    uint64_t then_cost = block(z, budget / 2, 1 + below(z, 3));
    uint64_t else_cost = 0;
    if (chance(z, 3)) { /* no else */
        patch_rel(z, br, z->p->count);
        return 2 + then_cost;
    }
    bool is_j;
    unsigned jmp = jump_fwd(z, &is_j);
    emit(z, one_word(z));
    patch_rel(z, br, z->p->count);
    else_cost = block(z, budget / 2, 1 + below(z, 3));
    patch_fwd(z, jmp, is_j, z->p->count);
    return 4 + (then_cost > else_cost ? then_cost : else_cost);
}

/* A counted loop on the counter of this depth, in one of six shapes; trips
 * is how many times the body runs. */
static uint64_t loop(struct fz *z, uint64_t budget)
{
    unsigned c = z->loop == 0 ? FZ_REG_CNT0 : FZ_REG_CNT1;
    unsigned t = 1 + below(z, z->loop == 0 ? 16 : 6);
    unsigned shape = below(z, 6);
    unsigned trips = (shape == 1 || shape == 3) ? t + 1 : t;
    if (budget < 40) return 0;
    uint64_t body_budget = budget / (trips + 1);
    if (body_budget < 8) return 0;
    z->loop++;
    z->p->loops++;
    emit(z, gen_enc_i(0x09, 0, c, shape == 4 ? 0 : t)); /* addiu c, $0, t (or 0) */
    unsigned top = z->p->count, exit_br = 0;
    if (shape == 5) { /* while (c != 0): test at the top */
        exit_br = emit(z, gen_enc_i(0x04, c, 0, 0));
        emit(z, one_word(z));
    }
    uint64_t body = block(z, body_budget - 5, 1 + below(z, 3));
    unsigned br;
    switch (shape) {
    case 0: /* addiu c, -1; bne c, top; slot */
    case 2: /* addiu c, -1; bgtz c, top; slot */
        emit(z, gen_enc_i(0x09, c, c, 0xffff));
        br = emit(z, gen_enc_i(shape == 0 ? 0x05 : 0x07, c, 0, 0));
        emit(z, one_word(z));
        break;
    case 1: /* bnel c, top; addiu c, -1 (nullified on the way out) */
    case 3: /* bne c, top; addiu c, -1 */
        br = emit(z, gen_enc_i(shape == 1 ? 0x15 : 0x05, c, 0, 0));
        emit(z, gen_enc_i(0x09, c, c, 0xffff));
        break;
    case 4: /* counting up: addiu c, 1; slti k1, c, t; bnel k1, top; slot */
        emit(z, gen_enc_i(0x09, c, c, 1));
        emit(z, gen_enc_i(0x0a, c, FZ_REG_TMP, t));
        br = emit(z, gen_enc_i(0x15, FZ_REG_TMP, 0, 0));
        emit(z, one_word(z));
        break;
    default: /* addiu c, -1; b top; slot; out: */
        emit(z, gen_enc_i(0x09, c, c, 0xffff));
        br = emit(z, gen_enc_i(0x04, 0, 0, 0));
        emit(z, one_word(z));
        patch_rel(z, exit_br, z->p->count);
        break;
    }
    patch_rel(z, br, top);
    z->loop--;
    return 3 + (uint64_t)trips * (body + 6);
}

/* A call of function j: JAL, BAL, or JALR through a register. */
static uint64_t call_fn(struct fz *z, unsigned j)
{
    uint32_t target = z->fn[j].addr;
    unsigned k = below(z, 6);
    z->p->calls++;
    if (k < 3) {
        emit(z, 0x03u << 26 | ((target >> 2) & 0x3ffffffu)); /* jal */
    } else if (k < 4) {
        unsigned at = emit(z, gen_enc_i(0x01, 0, 0x11, 0)); /* bal = bgezal $0 */
        patch_rel(z, at, (target - FZ_CODE) / 4);
    } else {
        load_const(z, FZ_REG_TMP, target);
        emit(z, gen_enc_r(FZ_REG_TMP, 0, 31, 0, 0x09)); /* jalr k1 */
    }
    emit(z, one_word(z));
    return 4 + z->fn[j].cost;
}

/* A random callee of the current function that fits the budget (with a
 * rewritable slot when want_slot); -1 when none. */
static int pick_callee(struct fz *z, uint64_t budget, bool want_slot)
{
    int found = -1;
    unsigned seen = 0;
    for (unsigned j = z->cur + 1; j < z->nfn; j++) {
        if (z->fn[j].cost + 16 > budget || (want_slot && z->fn[j].slot < 0)) continue;
        if (below(z, ++seen) == 0) found = (int)j;
    }
    return found;
}

/* switch (rX & (n-1)) through a table of n case addresses. */
static uint64_t jump_table(struct fz *z, uint64_t budget)
{
    unsigned n = 2u << below(z, 3);
    struct fz_prog *p = z->p;
    if (p->ntables + n > FZ_TABLES_MAX) return 0;
    uint32_t table = FZ_TABLES + 4 * p->ntables;
    unsigned first = p->ntables;
    p->ntables += n;
    p->switches++;
    emit(z, gen_enc_i(0x0c, src(z), FZ_REG_TMP, n - 1));               /* andi k1, rX, n-1 */
    emit(z, gen_enc_r(0, FZ_REG_TMP, FZ_REG_TMP, 2, 0x00));            /* sll k1, k1, 2 */
    emit(z, gen_enc_i(0x0f, 0, FZ_REG_TMP2, table >> 16));             /* lui fp, hi */
    emit(z, gen_enc_r(FZ_REG_TMP, FZ_REG_TMP2, FZ_REG_TMP, 0, 0x21));  /* addu */
    emit(z, gen_enc_i(0x23, FZ_REG_TMP, FZ_REG_TMP, table & 0xffffu)); /* lw k1, lo(k1) */
    emit(z, gen_enc_r(FZ_REG_TMP, 0, 0, 0, 0x08));                     /* jr k1 */
    emit(z, one_word(z));
    unsigned jumps[8];
    bool is_j[8];
    uint64_t most = 0;
    for (unsigned i = 0; i < n; i++) {
        p->tables[first + i] = addr_of(p->count);
        uint64_t c = block(z, budget / 2, 1 + below(z, 2));
        if (c > most) most = c;
        if (i + 1 < n) {
            jumps[i] = jump_fwd(z, &is_j[i]);
            emit(z, one_word(z));
        }
    }
    for (unsigned i = 0; i + 1 < n; i++)
        patch_fwd(z, jumps[i], is_j[i], p->count);
    return 9 + most;
}

/* Self-modifying code: a new immediate for a rewritable instruction in a
 * callee, which then runs; or in this function a few words ahead (the store
 * rewrites its own block). */
static uint64_t smc(struct fz *z, uint64_t budget)
{
    int j = pick_callee(z, budget, true);
    uint32_t fresh = (uint32_t)gen_next(&z->g) & 0xffffu;
    z->p->smc++;
    if (j >= 0) {
        unsigned at = (unsigned)z->fn[j].slot;
        unsigned start = z->p->count;
        rewrite(z, at, (z->p->code[at] & 0xffff0000u) | fresh);
        return z->p->count - start + call_fn(z, (unsigned)j);
    }
    unsigned start = z->p->count;
    unsigned lui = emit(z, 0); /* la k1, slot: filled in below */
    emit(z, 0);
    uint32_t orig = slot_word(z);
    load_const(z, FZ_REG_TMP2, (orig & 0xffff0000u) | fresh);
    emit(z, gen_enc_i(0x2b, FZ_REG_TMP, FZ_REG_TMP2, 0));
    for (unsigned i = below(z, 4); i > 0; i--)
        emit(z, one_word(z));
    unsigned slot = emit(z, orig);
    z->p->code[lui] = gen_enc_i(0x0f, 0, FZ_REG_TMP, addr_of(slot) >> 16);
    z->p->code[lui + 1] = gen_enc_i(0x0d, FZ_REG_TMP, FZ_REG_TMP, addr_of(slot) & 0xffffu);
    return z->p->count - start;
}

/* One statement of at most `budget` instructions; returns its cost. */
static uint64_t statement(struct fz *z, uint64_t budget)
{
    unsigned w = below(z, 100);
    uint64_t c = 0;
    bool nest = z->nest < MAX_NEST && room(z) > 400;
    z->nest++;
    if (w < 14 && nest)
        c = diamond(z, budget);
    else if (w < 28 && nest && z->loop < 2)
        c = loop(z, budget);
    else if (w < 42) {
        int j = pick_callee(z, budget, false);
        if (j >= 0) c = call_fn(z, (unsigned)j);
    } else if (w < 48 && nest)
        c = jump_table(z, budget);
    else if (w < 53 && budget > 40)
        c = smc(z, budget);
    z->nest--;
    return c ? c : straight(z);
}

/* nstmts statements, stopping early when the budget or the code runs out. */
static uint64_t block(struct fz *z, uint64_t budget, unsigned nstmts)
{
    uint64_t cost = 0;
    for (unsigned i = 0; i < nstmts && cost < budget && room(z) > 0; i++)
        cost += statement(z, budget - cost);
    return cost;
}

/* ---- functions and the whole program ---- */

/* Function k (k > 0): a frame saving $ra, the loop counters and a few pool
 * registers, a body, and the return (jr $ra with the frame pop in its slot). */
static void function(struct fz *z, unsigned k, uint64_t budget)
{
    unsigned nsaved = below(z, 4), saved[4];
    unsigned frame = 16 + 4 * nsaved;
    frame = (frame + 7) & ~7u;
    z->cur = k;
    z->fn[k].addr = addr_of(z->p->count);
    z->fn[k].slot = -1;
    unsigned start = z->p->count;
    emit(z, gen_enc_i(0x09, 29, 29, (uint32_t) - (int)frame)); /* addiu sp, sp, -frame */
    emit(z, gen_enc_i(0x2b, 29, 31, frame - 4));
    emit(z, gen_enc_i(0x2b, 29, FZ_REG_CNT0, frame - 8));
    emit(z, gen_enc_i(0x2b, 29, FZ_REG_CNT1, frame - 12));
    for (unsigned i = 0; i < nsaved; i++) {
        saved[i] = 1 + below(z, POOL);
        emit(z, gen_enc_i(0x2b, 29, saved[i], 4 * i));
    }
    uint64_t body = block(z, budget, 2 + below(z, 6));
    for (unsigned i = 0; i < nsaved; i++)
        emit(z, gen_enc_i(0x23, 29, saved[i], 4 * i));
    emit(z, gen_enc_i(0x23, 29, FZ_REG_CNT1, frame - 12));
    emit(z, gen_enc_i(0x23, 29, FZ_REG_CNT0, frame - 8));
    emit(z, gen_enc_i(0x23, 29, 31, frame - 4));
    emit(z, gen_enc_r(31, 0, 0, 0, 0x08));   /* jr ra */
    emit(z, gen_enc_i(0x09, 29, 29, frame)); /* addiu sp, sp, frame */
    z->fn[k].cost = (z->p->count - start) + body;
    z->p->functions++;
}

/* The end of main: a checksum of the pool, HI/LO and the scratch buffer
 * into $2, then the SYSCALL both engines stop at. */
static void checksum(struct fz *z)
{
    emit(z, gen_enc_r(FZ_REG_SUM, 0, FZ_REG_SUM, 0, 0x21));
    for (unsigned r = 1; r <= POOL; r++) {
        if (r == FZ_REG_SUM) continue;
        emit(z, gen_enc_r(FZ_REG_SUM, r, FZ_REG_SUM, 0, 0x21));
        emit(z, gen_enc_r(1, FZ_REG_SUM, FZ_REG_SUM, 7, 0x02)); /* rotr 7 */
    }
    emit(z, gen_enc_r(0, 0, FZ_REG_TMP, 0, 0x10)); /* mfhi */
    emit(z, gen_enc_r(FZ_REG_SUM, FZ_REG_TMP, FZ_REG_SUM, 0, 0x26));
    emit(z, gen_enc_r(0, 0, FZ_REG_TMP, 0, 0x12)); /* mflo */
    emit(z, gen_enc_r(FZ_REG_SUM, FZ_REG_TMP, FZ_REG_SUM, 0, 0x21));
    emit(z, gen_enc_i(0x09, FZ_REG_BASE, FZ_REG_TMP, (uint32_t) - (int)(FZ_SCRATCH_SIZE / 2)));
    emit(z, gen_enc_i(0x09, 0, FZ_REG_CNT0, FZ_SCRATCH_SIZE / 4));
    unsigned top = emit(z, gen_enc_i(0x23, FZ_REG_TMP, FZ_REG_TMP2, 0));
    emit(z, gen_enc_r(FZ_REG_SUM, FZ_REG_TMP2, FZ_REG_SUM, 0, 0x21));
    emit(z, gen_enc_r(1, FZ_REG_SUM, FZ_REG_SUM, 3, 0x02));
    emit(z, gen_enc_i(0x09, FZ_REG_CNT0, FZ_REG_CNT0, 0xffff));
    unsigned br = emit(z, gen_enc_i(0x05, FZ_REG_CNT0, 0, 0));
    emit(z, gen_enc_i(0x09, FZ_REG_TMP, FZ_REG_TMP, 4));
    patch_rel(z, br, top);
    z->p->end_pc = addr_of(emit(z, 0x0000000c)); /* syscall */
}

static void initial_state(struct fz *z)
{
    struct fz_prog *p = z->p;
    for (int r = 1; r < 32; r++)
        p->gpr[r] = gen_interesting(&z->g);
    p->gpr[FZ_REG_BASE] = FZ_SCRATCH + FZ_SCRATCH_SIZE / 2;
    p->gpr[FZ_REG_FPU] = FZ_FPU;
    p->gpr[29] = FZ_STACK_TOP;
    p->hi = gen_interesting(&z->g);
    p->lo = gen_interesting(&z->g);
    for (unsigned i = 0; i < FZ_SCRATCH_SIZE; i++)
        p->scratch[i] = (uint8_t)gen_next(&z->g);
    gen_fpu_initial(&z->g);
    memcpy(p->fpu_init, z->g.seq->fpu_init, sizeof(p->fpu_init));
}

void fz_generate(uint64_t seed, uint64_t budget, struct fz_prog *p)
{
    static struct fz z; /* holds a struct gen (large); the test is single-threaded */
    static struct diff_seq buf;
    memset(&z, 0, sizeof(z));
    memset(p, 0, sizeof(*p));
    z.g.rng = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
    if (!z.g.rng) z.g.rng = 1;
    z.g.classes = DIFF_CLASS_INT | DIFF_CLASS_MEM | DIFF_CLASS_FPU;
    z.g.seq = &buf;
    z.p = p;
    initial_state(&z);
    z.nfn = 2 + below(&z, MAX_FN - 1);
    /* Leaves first: each function's callees exist before it. */
    for (unsigned k = z.nfn - 1; k > 0; k--)
        function(&z, k, 20 + below(&z, (unsigned)(budget / 8) + 1));
    z.cur = 0;
    p->entry = addr_of(p->count);
    buf.count = 0;
    gen_fpu_prologue(&z.g);
    for (unsigned i = 0; i < buf.count; i++)
        emit(&z, buf.words[i]);
    uint64_t cost = buf.count;
    while (cost < budget && room(&z) > 0)
        cost += block(&z, budget - cost, 4);
    unsigned before = p->count;
    checksum(&z);
    p->max_insns = cost + (p->count - before) + FZ_SCRATCH_SIZE / 4 * 6;
}
