/* frontend/lift.c — the lifter's driver: fetches and decodes the guest block,
 * dispatches each instruction to its class (lift_alu.c, lift_muldiv.c,
 * lift_mem.c, lift_trap.c, lift_fpu.c, lift_movci.c, lift_system.c,
 * lift_branch.c) or to a call of the interpreter (lift_helper.c), and closes
 * the block. See lift.h.
 */
#include "frontend/lift.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>

#include "frontend/lift_class.h"
#include "softmmu/memory.h"

#define PAGE_MASK 0xfffu
#define PAGE_BYTES 0x1000u
#define MAX_INSNS_LIMIT 60000u /* ir_insn.icount is 16 bits */
/* Exits a superblock may reach before it stops extending: the x86 backend
 * takes at most 32 (BACKEND_MAX_EXITS; core/jit.c refuses more), and the
 * block's end adds up to two (a conditional branch's pair). */
#define SB_MAX_EXITS 24u

typedef bool (*lift_fn)(struct lift_ctx *c, const struct mips_insn *in);

struct lift_entry {
    lift_fn fn; /* NULL: through the interpreter */
    bool pure;  /* lifted inline, never leaves the block */
};

/* clang-format off */
#define ALU {lift_alu, true}
#define ALU_RAISE {lift_alu, false}
#define MULDIV {lift_muldiv, true}
#define MEM {lift_mem, false}
#define NOOP {lift_mem, true}
#define TRAP {lift_trap, false}
#define FPU {lift_fpu, false}
#define SYSTEM {lift_system, false}
#define MOVCI {lift_movci, false} /* CU1 = 0 lifts a CpU raise */

/* In the order of enum mips_op; everything absent goes through the helper.
 * EXT/INS raise RI for bad fields (through the helper), hence not pure. */
static const struct lift_entry lift_table[MIPS_OP_COUNT] = {
    [MIPS_OP_ADDI] = ALU_RAISE,  [MIPS_OP_ADDIU] = ALU,      [MIPS_OP_SLTI] = ALU,
    [MIPS_OP_SLTIU] = ALU,       [MIPS_OP_ANDI] = ALU,       [MIPS_OP_ORI] = ALU,
    [MIPS_OP_XORI] = ALU,        [MIPS_OP_LUI] = ALU,        [MIPS_OP_LB] = MEM,
    [MIPS_OP_LH] = MEM,          [MIPS_OP_LW] = MEM,         [MIPS_OP_LBU] = MEM,
    [MIPS_OP_LHU] = MEM,         [MIPS_OP_SB] = MEM,         [MIPS_OP_SH] = MEM,
    [MIPS_OP_SW] = MEM,          [MIPS_OP_PREF] = NOOP,
    [MIPS_OP_LWL] = MEM,         [MIPS_OP_LWR] = MEM,        [MIPS_OP_SWL] = MEM,
    [MIPS_OP_SWR] = MEM,

    [MIPS_OP_MOVF] = MOVCI,      [MIPS_OP_MOVT] = MOVCI,
    [MIPS_OP_SLL] = ALU,         [MIPS_OP_SRL] = ALU,        [MIPS_OP_ROTR] = ALU,
    [MIPS_OP_SRA] = ALU,         [MIPS_OP_SLLV] = ALU,       [MIPS_OP_SRLV] = ALU,
    [MIPS_OP_ROTRV] = ALU,       [MIPS_OP_SRAV] = ALU,       [MIPS_OP_MOVZ] = ALU,
    [MIPS_OP_MOVN] = ALU,        [MIPS_OP_SYNC] = NOOP,      [MIPS_OP_MFHI] = MULDIV,
    [MIPS_OP_MTHI] = MULDIV,     [MIPS_OP_MFLO] = MULDIV,    [MIPS_OP_MTLO] = MULDIV,
    [MIPS_OP_MULT] = MULDIV,     [MIPS_OP_MULTU] = MULDIV,   [MIPS_OP_DIV] = MULDIV,
    [MIPS_OP_DIVU] = MULDIV,     [MIPS_OP_ADD] = ALU_RAISE,  [MIPS_OP_ADDU] = ALU,
    [MIPS_OP_SUB] = ALU_RAISE,   [MIPS_OP_SUBU] = ALU,       [MIPS_OP_AND] = ALU,
    [MIPS_OP_OR] = ALU,          [MIPS_OP_XOR] = ALU,        [MIPS_OP_NOR] = ALU,
    [MIPS_OP_SLT] = ALU,         [MIPS_OP_SLTU] = ALU,       [MIPS_OP_TGE] = TRAP,
    [MIPS_OP_TGEU] = TRAP,       [MIPS_OP_TLT] = TRAP,       [MIPS_OP_TLTU] = TRAP,
    [MIPS_OP_TEQ] = TRAP,        [MIPS_OP_TNE] = TRAP,

    [MIPS_OP_TGEI] = TRAP,       [MIPS_OP_TGEIU] = TRAP,     [MIPS_OP_TLTI] = TRAP,
    [MIPS_OP_TLTIU] = TRAP,      [MIPS_OP_TEQI] = TRAP,      [MIPS_OP_TNEI] = TRAP,

    [MIPS_OP_MADD] = MULDIV,     [MIPS_OP_MADDU] = MULDIV,   [MIPS_OP_MUL] = MULDIV,
    [MIPS_OP_MSUB] = MULDIV,     [MIPS_OP_MSUBU] = MULDIV,   [MIPS_OP_CLZ] = ALU,
    [MIPS_OP_CLO] = ALU,

    [MIPS_OP_EXT] = ALU_RAISE,   [MIPS_OP_INS] = ALU_RAISE,  [MIPS_OP_WSBH] = ALU,
    [MIPS_OP_SEB] = ALU,         [MIPS_OP_SEH] = ALU,        [MIPS_OP_RDHWR] = SYSTEM,

    /* COP1/COP1X (lift_fpu.c): CFC1/CTC1 and illegal forms fall back. */
    [MIPS_OP_LWC1] = FPU,        [MIPS_OP_LDC1] = FPU,       [MIPS_OP_SWC1] = FPU,
    [MIPS_OP_SDC1] = FPU,        [MIPS_OP_MFC1] = FPU,       [MIPS_OP_MFHC1] = FPU,
    [MIPS_OP_MTC1] = FPU,        [MIPS_OP_MTHC1] = FPU,      [MIPS_OP_FADD] = FPU,
    [MIPS_OP_FSUB] = FPU,        [MIPS_OP_FMUL] = FPU,       [MIPS_OP_FDIV] = FPU,
    [MIPS_OP_FSQRT] = FPU,       [MIPS_OP_FABS] = FPU,       [MIPS_OP_FMOV] = FPU,
    [MIPS_OP_FNEG] = FPU,        [MIPS_OP_ROUND_L] = FPU,    [MIPS_OP_TRUNC_L] = FPU,
    [MIPS_OP_CEIL_L] = FPU,      [MIPS_OP_FLOOR_L] = FPU,    [MIPS_OP_ROUND_W] = FPU,
    [MIPS_OP_TRUNC_W] = FPU,     [MIPS_OP_CEIL_W] = FPU,     [MIPS_OP_FLOOR_W] = FPU,
    [MIPS_OP_FMOVF] = FPU,       [MIPS_OP_FMOVT] = FPU,      [MIPS_OP_FMOVZ] = FPU,
    [MIPS_OP_FMOVN] = FPU,       [MIPS_OP_RECIP] = FPU,      [MIPS_OP_RSQRT] = FPU,
    [MIPS_OP_CVT_S] = FPU,       [MIPS_OP_CVT_D] = FPU,      [MIPS_OP_CVT_W] = FPU,
    [MIPS_OP_CVT_L] = FPU,       [MIPS_OP_FCMP] = FPU,       [MIPS_OP_LWXC1] = FPU,
    [MIPS_OP_LDXC1] = FPU,       [MIPS_OP_LUXC1] = FPU,      [MIPS_OP_SWXC1] = FPU,
    [MIPS_OP_SDXC1] = FPU,       [MIPS_OP_SUXC1] = FPU,      [MIPS_OP_PREFX] = FPU,
    [MIPS_OP_FMADD] = FPU,       [MIPS_OP_FMSUB] = FPU,      [MIPS_OP_FNMADD] = FPU,
    [MIPS_OP_FNMSUB] = FPU,
};
/* clang-format on */

ir_val_t lift_gpr(struct lift_ctx *c, unsigned r)
{
    static const char *const names[32] = {"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
                                          "t0",   "t1", "t2", "t3", "t4", "t5", "t6", "t7",
                                          "s0",   "s1", "s2", "s3", "s4", "s5", "s6", "s7",
                                          "t8",   "t9", "k0", "k1", "gp", "sp", "fp", "ra"};
    if (r == 0) return lift_k(c, 0);
    if (c->gpr[r] == IR_NONE)
        c->gpr[r] = ir_global(c->b, IR_I32, offsetof(struct cpu, gpr[r]), names[r]);
    return c->gpr[r];
}

void lift_set_gpr(struct lift_ctx *c, unsigned r, ir_val_t v)
{
    c->known_mask &= ~(1u << r);
    if (r != 0) ir_set(c->b, lift_gpr(c, r), v);
}

ir_val_t lift_hi(struct lift_ctx *c)
{
    if (c->hi == IR_NONE) c->hi = ir_global(c->b, IR_I32, offsetof(struct cpu, hi), "hi");
    return c->hi;
}

ir_val_t lift_lo(struct lift_ctx *c)
{
    if (c->lo == IR_NONE) c->lo = ir_global(c->b, IR_I32, offsetof(struct cpu, lo), "lo");
    return c->lo;
}

bool lift_may_raise(const struct mips_insn *in)
{
    const struct lift_entry *e = &lift_table[in->op < MIPS_OP_COUNT ? in->op : MIPS_OP_RI];
    return !e->fn || !e->pure;
}

bool lift_pure_alu(const struct mips_insn *in)
{
    const struct lift_entry *e = &lift_table[in->op < MIPS_OP_COUNT ? in->op : MIPS_OP_RI];
    return e->fn == lift_alu && e->pure;
}

bool lift_may_write_memory(const struct mips_insn *in)
{
    const struct lift_entry *e = &lift_table[in->op < MIPS_OP_COUNT ? in->op : MIPS_OP_RI];
    return (in->flags & INSN_STORE) || !e->fn || (in->flags & INSN_BRANCH);
}

void lift_one(struct lift_ctx *c, const struct mips_insn *in)
{
    const struct lift_entry *e = &lift_table[in->op < MIPS_OP_COUNT ? in->op : MIPS_OP_RI];
    /* A branch in a delay slot: the interpreter raises RI (interp.c). */
    if ((in->flags & INSN_BRANCH) || !e->fn || !e->fn(c, in)) lift_via_helper(c, in);
}

void lift_via_helper(struct lift_ctx *c, const struct mips_insn *in)
{
    bool in_slot = c->pc_flags & LIFT_PC_DELAY_SLOT;
    /* In a delay slot the branch's exit ends the block right after anyway, so
     * the helper need not: the slot's helper must not pick the next pc. */
    bool ends = !in_slot &&
                ((in->flags & INSN_ENDS_BLOCK) || in->op == MIPS_OP_RI || in->op == MIPS_OP_COP2);
    uint32_t flags_icount = c->pc_flags | (uint32_t)c->icount << 16;
    ir_call(c->b, ends ? &lift_helper_exec_ends : &lift_helper_exec, -1, lift_k(c, in->raw),
            lift_k(c, c->pc), lift_k(c, flags_icount), c->pc, c->pc_flags, c->icount);
    c->ended = ends;
    c->known_mask = 0; /* the interpreter may have written any GPR */
}

bool lift_fetch(struct cpu *cpu, uint32_t pc, struct mips_insn *in)
{
    uint32_t word;
    if (!mem_fetch_quiet(cpu, pc, &word)) return false;
    mips_decode(word, in);
    return true;
}

/* Which extensions are on (LIFT_SB_* bits): the config, else the
 * environment (read once): TERN_SUPERBLOCKS=0 turns them off, a number
 * 1..7 picks the kinds (for A/B runs). */
static unsigned superblock_kinds(const struct lift_config *cfg, bool user)
{
    enum { UNSET = 8 };
    static atomic_int env = -1;
    if (cfg && cfg->superblocks == LIFT_SB_ON) return LIFT_SB_ALL;
    if (cfg && cfg->superblocks == LIFT_SB_OFF) return 0;
    int e = atomic_load_explicit(&env, memory_order_relaxed);
    if (e < 0) {
        const char *v = getenv("TERN_SUPERBLOCKS");
        e = v && v[0] >= '0' && v[0] <= '7' && !v[1] ? v[0] - '0' : UNSET;
        atomic_store_explicit(&env, e, memory_order_relaxed);
    }
    /* System mode keeps plain blocks unless TERN_SUPERBLOCKS asks: there
     * translation dominates, and superblocks made the kernel's boot ~10%
     * slower with no gain measured inside the guest (docs/translator.md). */
    if (e == UNSET) return user ? LIFT_SB_DEFAULT_KINDS : 0;
    return (unsigned)e;
}

static unsigned max_insns(const struct lift_config *cfg)
{
    unsigned n = cfg && cfg->max_insns ? cfg->max_insns : LIFT_DEFAULT_MAX_INSNS;
    return n < MAX_INSNS_LIMIT ? n : MAX_INSNS_LIMIT;
}

static void ctx_init(struct lift_ctx *c, struct cpu *cpu, struct ir_block *b, uint32_t pc,
                     const struct lift_config *cfg, struct lift_runs *runs)
{
    c->cpu = cpu;
    c->b = b;
    c->pc = pc;
    c->pc_flags = 0;
    c->icount = 0;
    c->mem_order = cpu->big_endian ? IR_MEM_BIG_ENDIAN : 0;
    c->ended = false;
    for (unsigned r = 0; r < 32; r++)
        c->gpr[r] = IR_NONE;
    c->hi = c->lo = IR_NONE;
    c->extend = superblock_kinds(cfg, cpu->guest_base != NULL);
    c->limit = max_insns(cfg);
    c->known_mask = 0;
    c->runs = runs;
    c->no_icount = cfg && cfg->no_icount;
    c->exits_counted = c->exits_scanned = 0;
    runs->n = 0;
    runs->pages[0] = pc & ~PAGE_MASK;
    runs->pages[1] = LIFT_NO_PAGE;
}

/* ---- superblock bookkeeping: runs, pages, limits ---- */

static void run_begin(struct lift_ctx *c)
{
    struct lift_runs *r = c->runs;
    r->run[r->n].pc = c->pc;
    r->run[r->n].count = 0;
    r->n++;
}

static void run_add(struct lift_ctx *c, unsigned words)
{
    c->runs->run[c->runs->n - 1].count += words;
}

/* Whether the word at pc is in the block already. */
static bool lifted(const struct lift_runs *r, uint32_t pc)
{
    for (unsigned i = 0; i < r->n; i++)
        if (pc - r->run[i].pc < 4u * r->run[i].count) return true;
    return false;
}

/* Whether the block may read the page of pc: one of its pages, or a
 * second one while it has none. */
static bool page_ok(const struct lift_ctx *c, uint32_t pc)
{
    uint32_t page = pc & ~PAGE_MASK;
    const struct lift_runs *r = c->runs;
    return page == r->pages[0] || page == r->pages[1] || r->pages[1] == LIFT_NO_PAGE;
}

/* Records the page of pc, which page_ok allowed, once a word on it was
 * fetched: a second page that does not fetch (unmapped) is never reported,
 * so the block still translates (core/jit.c maps pages[1] again). */
static void page_use(struct lift_ctx *c, uint32_t pc)
{
    uint32_t page = pc & ~PAGE_MASK;
    if (page != c->runs->pages[0]) c->runs->pages[1] = page;
}

void lift_run_add(struct lift_ctx *c, uint32_t pc, unsigned words)
{
    page_use(c, pc);
    run_add(c, words);
}

bool lift_words_free(const struct lift_ctx *c, uint32_t pc, unsigned n)
{
    if (((pc + 4u * n - 4u) ^ pc) & ~PAGE_MASK || !page_ok(c, pc)) return false;
    /* System mode: other pages' mappings may change without the first's. */
    if (!c->cpu->guest_base && (pc & ~PAGE_MASK) != c->runs->pages[0]) return false;
    for (unsigned i = 0; i < n; i++)
        if (lifted(c->runs, pc + 4u * i)) return false;
    return true;
}

/* The block's exits so far: lifting only appends ops, so the count goes on
 * from where the last call stopped (a rescan per branch was quadratic). */
static unsigned count_exits(struct lift_ctx *c)
{
    const struct ir_block *b = c->b;
    if (c->exits_scanned > b->ninsns) c->exits_scanned = c->exits_counted = 0;
    for (; c->exits_scanned < b->ninsns; c->exits_scanned++) {
        unsigned op = b->insns[c->exits_scanned].op;
        c->exits_counted += op == IR_EXIT || op == IR_EXIT_IF;
    }
    return c->exits_counted;
}

bool lift_may_extend(struct lift_ctx *c, uint32_t target, unsigned exits)
{
    const struct lift_runs *r = c->runs;
    uint32_t page = target & ~PAGE_MASK;
    if (!c->extend || c->icount >= c->limit || r->n >= LIFT_MAX_RUNS || (target & 3)) return false;
    if (lifted(r, target)) return false;
    /* On the first page, never below the start: the code cache's range test
     * covers the block from its start on (lift_runs_span). */
    if (page == r->pages[0] && target < r->run[0].pc) return false;
    /* System mode: other pages' mappings may change without the first's. */
    if (!c->cpu->guest_base && page != r->pages[0]) return false;
    if (page != r->pages[0] && page != r->pages[1] && r->pages[1] != LIFT_NO_PAGE) return false;
    return count_exits(c) + exits <= SB_MAX_EXITS;
}

uint32_t lift_runs_span(const struct lift_runs *r)
{
    if (r->n == 0) return 0;
    uint32_t start = r->run[0].pc, first = start & ~PAGE_MASK;
    uint32_t end1 = start, end2 = 0; /* ends on the first page; offset end on the second */
    for (unsigned i = 0; i < r->n; i++)
        for (uint32_t w = 0; w < r->run[i].count; w++) {
            uint32_t pc = r->run[i].pc + 4u * w;
            if ((pc & ~PAGE_MASK) == first) {
                if (pc + 4u > end1) end1 = pc + 4u;
            } else if ((pc & PAGE_MASK) + 4u > end2) {
                end2 = (pc & PAGE_MASK) + 4u;
            }
        }
    if (end2 == 0) return (end1 - start) / 4u;
    return (first + PAGE_BYTES - start) / 4u + end2 / 4u;
}

/* ---- the body ---- */

enum pair_result { PAIR_NO_SLOT, PAIR_ENDED, PAIR_GOES_ON };

/* Lifts a branch and its slot. */
static enum pair_result lift_branch_pair(struct lift_ctx *c, const struct mips_insn *br,
                                         uint32_t *next)
{
    struct mips_insn slot;
    if (!page_ok(c, c->pc + 4) || !lift_fetch(c->cpu, c->pc + 4, &slot)) return PAIR_NO_SLOT;
    page_use(c, c->pc + 4);
    run_add(c, 2);
    return lift_branch(c, br, &slot, next) ? PAIR_GOES_ON : PAIR_ENDED;
}

/* True when a breakpoint lies on the instruction at c->pc, or on its delay
 * slot when it is a branch (see struct lift_break). */
static bool break_here(const struct lift_break *brk, const struct lift_ctx *c,
                       const struct mips_insn *in)
{
    if (!brk || !brk->stop_at) return false;
    if (brk->stop_at(brk->opaque, c->pc)) return true;
    return (in->flags & INSN_BRANCH) && brk->stop_at(brk->opaque, c->pc + 4);
}

/* Ends the block before the instruction at c->pc; returns the count. */
static unsigned end_here(struct lift_ctx *c)
{
    if (c->icount) ir_exit(c->b, c->pc, c->icount);
    return c->icount;
}

/* The block's instructions; returns how many were lifted. */
static unsigned lift_body(struct lift_ctx *c, const struct lift_break *brk)
{
    struct mips_insn in;
    run_begin(c);
    for (;;) {
        /* An extended part may run into words lifted before (a join). */
        if (c->runs->n > 1 && lifted(c->runs, c->pc)) return end_here(c);
        if (!lift_fetch(c->cpu, c->pc, &in)) return end_here(c);
        page_use(c, c->pc);
        if (c->icount && break_here(brk, c, &in)) return end_here(c);
        if (in.flags & INSN_BRANCH) {
            uint32_t next = 0;
            enum pair_result r = lift_branch_pair(c, &in, &next);
            /* The slot does not fetch: leave the branch to the next block (or
             * to the interpreter when it comes first, which raises there). */
            if (r == PAIR_NO_SLOT) return end_here(c);
            if (r == PAIR_ENDED) return c->icount;
            c->pc = next;
            c->pc_flags = 0; /* lift_may_extend checked its page */
            run_begin(c);
            continue;
        }
        lift_one(c, &in);
        run_add(c, 1);
        c->pc += 4;
        c->icount++;
        if (c->ended) return c->icount;
        if (c->icount >= c->limit || (c->pc & PAGE_MASK) == 0) return end_here(c);
    }
}

int lift_block(struct cpu *cpu, uint32_t pc, struct ir_block *b, const struct lift_config *cfg)
{
    return lift_block_break(cpu, pc, b, cfg, NULL);
}

int lift_block_break(struct cpu *cpu, uint32_t pc, struct ir_block *b,
                     const struct lift_config *cfg, const struct lift_break *brk)
{
    struct lift_runs runs;
    return lift_block_runs(cpu, pc, b, cfg, brk, &runs);
}

int lift_block_runs(struct cpu *cpu, uint32_t pc, struct ir_block *b,
                    const struct lift_config *cfg, const struct lift_break *brk,
                    struct lift_runs *runs)
{
    struct lift_ctx c;
    ir_block_reset(b);
    b->guest_pc = pc;
    ctx_init(&c, cpu, b, pc, cfg, runs);
    unsigned n = lift_body(&c, brk);
    if (n == 0) ir_block_reset(b), runs->n = 0;
    b->guest_insns = n;
    if (b->oom) runs->n = 0;
    return b->oom ? -1 : (int)n;
}
