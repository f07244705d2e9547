/* translator/x86/backend_exit.c — how generated code is entered and left: the
 * entry trampoline and shared epilogue, the exit_request check at every block
 * entry, direct exits (patchable jmp rel32, unchained path returning a token),
 * indirect exits through the jump cache, helper calls, and the raise paths.
 *
 * A direct exit, once written back and counted, is
 *     jmp rel32            ; the code cache patches this field to chain
 *     mov dword [rbp+pc], target
 *     mov rax, token
 *     jmp epilogue
 * and the field initially points at the mov, so an unchained exit returns.
 */
#include "translator/x86/backend_int.h"

#include <stdlib.h>
#include <string.h>

/* Callee-saved registers the trampoline preserves, in push order. */
static const enum x86_gpr saved_regs[] = {X86_RBX, X86_RBP, X86_R12, X86_R13, X86_R14, X86_R15};
#define NSAVED (sizeof(saved_regs) / sizeof(saved_regs[0]))

int backend_emit_entry(uint8_t *rw, uint8_t *rx, size_t cap, const struct ir_target *t,
                       struct backend_entry *out)
{
    struct x86_buf b;
    x86_buf_init(&b, rw, cap);
    /* System V: rdi = cpu, rsi = code. Six pushes plus the return address leave
     * rsp at 8 mod 16; RA_FRAME_SIZE is 8 mod 16 so calls from blocks are aligned. */
    for (unsigned i = 0; i < NSAVED; i++)
        x86_emit_push(&b, saved_regs[i]);
    x86_emit_alu_ri(&b, X86_SUB, X86_W64, X86_RSP, RA_FRAME_SIZE);
    x86_emit_mov_rr(&b, X86_W64, RA_CPU, X86_RDI);
    if (t->flat_base) x86_emit_mov_ri(&b, X86_W64, RA_FLAT, (int64_t)(uintptr_t)t->flat_base);
    x86_emit_jmp_r(&b, X86_RSI);
    size_t epilogue = x86_buf_offset(&b);
    x86_emit_alu_ri(&b, X86_ADD, X86_W64, X86_RSP, RA_FRAME_SIZE);
    for (unsigned i = NSAVED; i-- > 0;)
        x86_emit_pop(&b, saved_regs[i]);
    x86_emit_ret(&b);
    size_t slow = t->flat_fault ? be_emit_slow_entry(&b, epilogue) : 0;
    if (!x86_buf_ok(&b)) return BACKEND_NO_SPACE;
    out->enter = rx;
    out->epilogue = rx + epilogue;
    out->slow_entry = t->flat_fault ? rx + slow : NULL;
    out->size = x86_buf_offset(&b);
    out->flat_base = t->flat_base;
    return (int)out->size;
}

struct stub *be_add_stub(struct emit_ctx *c, enum stub_kind kind, size_t branch_at)
{
    struct backend *be = c->be;
    if (be->nstubs == be->stubs_cap) {
        unsigned ncap = be->stubs_cap ? be->stubs_cap * 2 : 32;
        struct stub *p = realloc(be->stubs, ncap * sizeof(*p));
        if (!p) {
            c->unsupported = true;
            return NULL;
        }
        be->stubs = p;
        be->stubs_cap = ncap;
    }
    struct stub *s = &be->stubs[be->nstubs++];
    memset(s, 0, sizeof(*s));
    s->kind = (uint8_t)kind;
    s->insn = c->ra->cur;
    s->branch_at = branch_at;
    s->fault_at = STUB_NO_BRANCH;
    s->addr_reg = s->val_reg = -1;
    ra_snapshot(c->ra, &s->snap);
    return s;
}

void be_jmp_epilogue(struct emit_ctx *c)
{
    size_t at = x86_emit_jmp_rel32(&c->buf, 0);
    if (!x86_buf_ok(&c->buf)) return;
    /* rel counts in the RX mapping, where the code will run. */
    int64_t rel = (int64_t)((uintptr_t)c->entry->epilogue - ((uintptr_t)c->rx + at + 4));
    if (rel < INT32_MIN || rel > INT32_MAX) {
        c->unsupported = true; /* block and epilogue more than 2 GiB apart */
        return;
    }
    int32_t r32 = (int32_t)rel;
    memcpy(c->buf.start + at, &r32, 4); /* x86 is little-endian */
}

void be_add_icount(struct emit_ctx *c, unsigned n)
{
    /* A read-modify-write of one memory word at every exit chains the blocks
     * of a hot loop through store forwarding: skipped when no one reads it. */
    if (n && !c->t->no_icount)
        x86_emit_alu_mi(&c->buf, X86_ADD, X86_W64, x86_mem_base(RA_CPU, c->t->icount_offset),
                        (int32_t)n);
}

/* Saves (or restores) the registers of mask to the frame's save area. */
void be_save_regs(struct emit_ctx *c, uint16_t mask, bool restore)
{
    for (int r = 0; r < 16; r++) {
        if (!(mask & (1u << r))) continue;
        struct x86_mem m = x86_mem_base(X86_RSP, RA_FRAME_SAVE + 8 * r);
        if (restore)
            x86_emit_mov_rm(&c->buf, X86_W64, (enum x86_gpr)r, m);
        else
            x86_emit_mov_mr(&c->buf, X86_W64, m, (enum x86_gpr)r);
    }
}

void be_call_helper(struct emit_ctx *c, const void *fn)
{
    x86_emit_mov_rr(&c->buf, X86_W64, X86_RDI, RA_CPU);
    x86_emit_call_abs(&c->buf, fn);
}

static void return_zero(struct emit_ctx *c)
{
    x86_emit_alu_rr(&c->buf, X86_XOR, X86_W32, X86_RAX, X86_RAX);
    be_jmp_epilogue(c);
}

void be_emit_raise_tail(struct emit_ctx *c, const struct ir_insn *in, unsigned extra_icount)
{
    be_add_icount(c, in->icount + extra_icount);
    x86_emit_mov_ri(&c->buf, X86_W32, X86_RSI, in->pc);
    x86_emit_mov_ri(&c->buf, X86_W32, X86_RDX, in->pc_flags);
    be_call_helper(c, (const void *)c->t->restore);
    return_zero(c);
}

enum x86_cond be_cond(enum ir_cond cond)
{
    static const uint8_t map[IR_COND_COUNT] = {
        [IR_EQ] = X86_CC_E,   [IR_NE] = X86_CC_NE, [IR_LT] = X86_CC_L,  [IR_GE] = X86_CC_GE,
        [IR_LE] = X86_CC_LE,  [IR_GT] = X86_CC_G,  [IR_LTU] = X86_CC_B, [IR_GEU] = X86_CC_AE,
        [IR_LEU] = X86_CC_BE, [IR_GTU] = X86_CC_A,
    };
    return (enum x86_cond)map[cond < IR_COND_COUNT ? cond : IR_EQ];
}

void be_emit_cmp(struct emit_ctx *c, const struct ir_insn *in)
{
    enum x86_width w = ra_width(c->ra, in->a);
    int a = ra_use(c->ra, in->a);
    int32_t imm;
    struct x86_mem m;
    if (ra_imm_operand(c->ra, in->b, &imm))
        x86_emit_alu_ri(&c->buf, X86_CMP, w, (enum x86_gpr)a, imm);
    else if (ra_mem_operand(c->ra, in->b, &m))
        x86_emit_alu_rm(&c->buf, X86_CMP, w, (enum x86_gpr)a, m);
    else
        x86_emit_alu_rr(&c->buf, X86_CMP, w, (enum x86_gpr)a, (enum x86_gpr)ra_use(c->ra, in->b));
}

void be_emit_entry_check(struct emit_ctx *c)
{
    x86_emit_alu_mi(&c->buf, X86_CMP, X86_W8, x86_mem_base(RA_CPU, c->t->exit_request_offset), 0);
    be_add_stub(c, STUB_REQUEST, x86_emit_jcc_rel32(&c->buf, X86_CC_NE, 0));
}

/* Claims the next direct-exit number; -1 (and unsupported) past the limit. */
static int new_exit(struct emit_ctx *c)
{
    if (c->out->nexits >= BACKEND_MAX_EXITS) {
        c->unsupported = true;
        return -1;
    }
    return (int)c->out->nexits++;
}

/* The byte offset in the CPU state of the first jump-cache entry of pc. */
static int32_t jcache_entry(const struct emit_ctx *c, uint32_t pc)
{
    return (int32_t)(c->t->jcache_offset + ir_jcache_first(pc, c->t->jcache_bits) * 16u);
}

/* A direct exit the engine will not chain: jump through the jump cache's
 * entry for the constant target when it holds it (cmp + jne + jmp, twice). */
static void probe_jcache_const(struct emit_ctx *c, uint32_t target)
{
    for (int32_t entry = jcache_entry(c, target), w = 0; w < 2; w++, entry += 16) {
        x86_emit_alu_mi(&c->buf, X86_CMP, X86_W32, x86_mem_base(RA_CPU, entry), (int32_t)target);
        size_t miss = x86_emit_jcc_rel8(&c->buf, X86_CC_NE, 0);
        x86_emit_jmp_m(&c->buf, x86_mem_base(RA_CPU, entry + 8));
        x86_patch_rel8(&c->buf, miss, x86_buf_offset(&c->buf));
    }
}

/* The chainable jmp and the unchained return of direct exit number idx. */
static void direct_exit_tail(struct emit_ctx *c, int idx, uint32_t target)
{
    if (idx < 0) return;
    /* The rel32 field is patched while other CPUs may run this code: keep it
     * 4-aligned so the patch is one atomic store (block entries are 16-aligned). */
    x86_emit_nop(&c->buf, (3 - x86_buf_offset(&c->buf)) & 3);
    size_t at = x86_emit_jmp_rel32(&c->buf, 0);
    c->out->exits[idx] = (struct backend_exit){
        .rel32_offset = (uint32_t)at, .stub_offset = (uint32_t)at + 4, .target_pc = target};
    x86_emit_mov_mi(&c->buf, X86_W32, x86_mem_base(RA_CPU, c->t->pc_offset), (int32_t)target);
    if (c->t->jcache_bits && c->t->may_chain && !c->t->may_chain(c->b->guest_pc, target))
        probe_jcache_const(c, target);
    uint64_t token = c->tokens ? c->tokens[idx] : (uint64_t)idx + 1;
    x86_emit_mov_ri(&c->buf, X86_W64, X86_RAX, (int64_t)token);
    be_jmp_epilogue(c);
}

/* ---- self loops ----
 * A block whose direct exit leads back to its own first instruction (a tight
 * loop: `exit_if.ne i, n -> HEAD`) would store its loop variables at that
 * exit and load them again at its entry, every iteration: each loop-carried
 * value would go through store forwarding, and the exit and entry code would
 * run each time. Such an exit jumps back inside the block instead, to a loop
 * head after loads of the block's globals into fixed registers, where the
 * allocator starts with them dirty (so every other way out writes them back):
 *
 *   entry: cmp byte [exit_request], 0 ; jne request        (as every block)
 *          mov H1, [g1] ; ...                              (ra_enter_loop)
 *   head:  body
 *          cmp a, b ; j!cc next                            (an exit_if to itself)
 *          cmp dword [first jcache entry of pc].pc, pc ; jne s  (s: the second
 *                                         entry, else the ordinary exit)
 *          moves into H1.. ; icount += n                   (ra_emit_back_edge)
 *          cmp byte [exit_request], 0 ; jne request'       (write H1.. back, pc, 0)
 *          jmp head
 *   next:  ...
 *
 * The jump-cache test keeps the engine's say over every iteration: the
 * dispatcher puts a block in its CPU's jump cache only when the block may be
 * entered without a look from it (never at a debugger's breakpoint; never
 * under the lock-step verifier, whose target has no jump cache), and
 * invalidation (self-modifying code from any thread, a flush) takes the block
 * out of every jump cache. Then the loop leaves through its ordinary direct
 * exit, as it did before loops stayed inside blocks. Only the CPU running the
 * loop fills its own jump cache, so the entry cannot come back meanwhile.
 * Without a debugger the engine sets loops_unchecked: it raises exit_request
 * on every other CPU in generated code when it invalidates blocks, so the
 * exit_request test alone gives it its say: no jump-cache test. */

/* Registers loop globals may live in: callee-saved first (they survive
 * helper calls), never rax/rcx/rdx (divisions, shifts and calls claim them,
 * and rax breaks move cycles at the back edge). */
static const int8_t loop_regs[] = {X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15, X86_RSI,
                                   X86_RDI, X86_R8,  X86_R9,  X86_R10, X86_R11};

/* Registers left to temps besides the loop's: fewer would make the body
 * evict loop globals (a store, and a load at the back edge) all the time. */
#define LOOP_FREE_REGS 3

static bool is_self_exit(const struct emit_ctx *c, const struct ir_insn *in)
{
    return (in->op == IR_EXIT || in->op == IR_EXIT_IF) && (uint32_t)in->imm == c->b->guest_pc;
}

static bool may_self_loop(const struct emit_ctx *c)
{
    const struct ir_target *t = c->t;
    if (t->jcache_bits == 0 || (t->may_chain && !t->may_chain(c->b->guest_pc, c->b->guest_pc)))
        return false;
    for (unsigned i = 0; i < c->b->ninsns; i++)
        if (is_self_exit(c, &c->b->insns[i])) return true;
    return false;
}

struct loop_plan {
    struct emit_ctx *c;
    unsigned max;
};

static void plan_global(ir_val_t v, void *ctx)
{
    struct loop_plan *p = ctx;
    struct ra_loop *lp = &p->c->loop;
    if (lp->n == p->max || !ra_cacheable_global(p->c->ra, v)) return;
    for (unsigned i = 0; i < lp->n; i++)
        if (lp->g[i] == v) return;
    lp->g[lp->n++] = v;
}

/* The block's cacheable globals in first-use order, as many as fit, each
 * with a register of loop_regs. */
static void plan_loop(struct emit_ctx *c)
{
    int8_t regs[RA_LOOP_MAX];
    unsigned nregs = 0, nalloc = (unsigned)__builtin_popcount(c->ra->allocatable);
    for (unsigned i = 0; i < sizeof(loop_regs) && nregs < RA_LOOP_MAX; i++)
        if (c->ra->allocatable & (1u << loop_regs[i])) regs[nregs++] = loop_regs[i];
    unsigned max = nalloc > nregs + LOOP_FREE_REGS ? nregs
                   : nalloc > LOOP_FREE_REGS       ? nalloc - LOOP_FREE_REGS
                                                   : 0;
    struct loop_plan p = {c, max};
    c->loop.n = 0;
    for (unsigned i = 0; i < c->b->ninsns; i++) {
        const struct ir_insn *in = &c->b->insns[i];
        if (in->op == IR_SET) plan_global(in->a, &p);
        ir_insn_foreach_use(in, plan_global, &p);
    }
    for (unsigned i = 0; i < c->loop.n; i++) {
        c->loop.reg[i] = regs[i];
        c->loop.set[i] = false;
    }
    for (unsigned i = 0; i < c->b->ninsns; i++) {
        const struct ir_insn *in = &c->b->insns[i];
        for (unsigned k = 0; in->op == IR_SET && k < c->loop.n; k++)
            if (c->loop.g[k] == in->a) c->loop.set[k] = true;
    }
}

void be_begin_self_loop(struct emit_ctx *c)
{
    c->self_loop = false;
    if (!may_self_loop(c)) return;
    plan_loop(c);
    ra_enter_loop(c->ra, &c->loop);
    c->self_loop = true;
    c->loop_head = x86_buf_offset(&c->buf);
    ra_snapshot(c->ra, &c->loop_snap);
}

/* A direct exit to the block itself: see "self loops" above. */
static void lower_back_edge(struct emit_ctx *c, const struct ir_insn *in)
{
    size_t skip = STUB_NO_BRANCH;
    if (in->op == IR_EXIT_IF) {
        be_emit_cmp(c, in);
        /* x86 conditions come in pairs: flipping bit 0 negates one */
        skip = x86_emit_jcc_rel32(&c->buf, (enum x86_cond)(be_cond((enum ir_cond)in->cond) ^ 1), 0);
    }
    struct ra_snapshot now;
    if (c->t->loops_unchecked) {
        ra_snapshot(c->ra, &now);
    } else {
        uint32_t pc = c->b->guest_pc;
        x86_emit_alu_mi(&c->buf, X86_CMP, X86_W32, x86_mem_base(RA_CPU, jcache_entry(c, pc)),
                        (int32_t)pc);
        struct stub *s = be_add_stub(c, STUB_EXIT_IF, x86_emit_jcc_rel32(&c->buf, X86_CC_NE, 0));
        if (!s) return;
        s->exit_index = (unsigned)new_exit(c);
        s->resume = x86_buf_offset(&c->buf); /* the stub looks at the second entry */
        now = s->snap;
    }
    ra_emit_back_edge(c->ra, &now, &c->loop);
    be_add_icount(c, in->icount);
    x86_emit_alu_mi(&c->buf, X86_CMP, X86_W8, x86_mem_base(RA_CPU, c->t->exit_request_offset), 0);
    struct stub *r = be_add_stub(c, STUB_REQUEST, x86_emit_jcc_rel32(&c->buf, X86_CC_NE, 0));
    if (r) r->snap = c->loop_snap;
    x86_patch_rel32(&c->buf, x86_emit_jmp_rel32(&c->buf, 0), c->loop_head);
    if (skip != STUB_NO_BRANCH) x86_patch_rel32(&c->buf, skip, x86_buf_offset(&c->buf));
}

void be_lower_exit(struct emit_ctx *c, const struct ir_insn *in)
{
    if (c->self_loop && is_self_exit(c, in)) {
        lower_back_edge(c, in);
        return;
    }
    ra_flush(c->ra, RA_FLUSH_FOR_EXIT);
    be_add_icount(c, in->icount);
    direct_exit_tail(c, new_exit(c), (uint32_t)in->imm);
}

void be_lower_exit_if(struct emit_ctx *c, const struct ir_insn *in)
{
    if (c->self_loop && is_self_exit(c, in)) {
        lower_back_edge(c, in);
        return;
    }
    be_emit_cmp(c, in);
    size_t at = x86_emit_jcc_rel32(&c->buf, be_cond((enum ir_cond)in->cond), 0);
    struct stub *s = be_add_stub(c, STUB_EXIT_IF, at);
    if (s) s->exit_index = (unsigned)new_exit(c);
}

/* ---- indirect exits and their inline caches ----
 * An indirect exit (a return, a call through a pointer, a switch) most often
 * goes where it went before. Ahead of the jump-cache probe, which loads an
 * entry picked by the pc (a cache miss when the hot targets are many) and
 * jumps through it, each indirect exit gets a cache of one target in its code:
 *
 *         cmp pc, imm32        ; the cached pc: BACKEND_IC_EMPTY at first
 *         jne rel32            ; -> fill at first, -> probe once imm32 is set
 *         jmp rel32            ; chained to the cached pc's block, else -> probe
 *  probe: ... the jump-cache probe: a hit jumps to the block
 *         mov [state.pc], pc ; mov rax, token ; jmp epilogue    (its miss)
 *   fill: mov [state.pc], pc ; mov rax, token ; jmp epilogue
 *
 * The first run goes to the engine through `fill`, which writes the pc it
 * went to into imm32 (BACKEND_IC_NEVER where it may not chain), points the
 * jne at the probe and chains the jmp (codecache/chain.c cc_ic_set, cc_link).
 * A miss of the probe returns the same token: for the cached pc (its block was
 * invalidated meanwhile) the engine chains the jmp again. imm32 is written
 * once; every field is 4-aligned, so each write is one atomic store, and any
 * mix of old and new another CPU may run is correct: the jne leaves `fill`
 * only after imm32 holds its pc, the jmp is chained only after that, and
 * unlinking sends it back to the probe. A jump elsewhere costs a compare and
 * a taken branch more than the probe alone. */

/* Pads with nops so that an instruction of len bytes starting next has its
 * last four bytes 4-aligned. */
static void align_tail(struct x86_buf *b, size_t len)
{
    x86_emit_nop(b, (4 - (x86_buf_offset(b) + len) % 4) % 4);
}

struct inline_cache {
    int exit;      /* its exit number; -1: no cache */
    size_t to_fill; /* the jne's rel32 */
};

/* The cache's compare, jne and chainable jmp; the probe follows. */
static struct inline_cache inline_cache_head(struct emit_ctx *c, enum x86_gpr pc)
{
    struct inline_cache ic = {.exit = -1};
    if (c->out->nexits >= BACKEND_MAX_EXITS) return ic;
    struct x86_buf *b = &c->buf;
    uint8_t scratch[16];
    struct x86_buf dry;
    x86_buf_init(&dry, scratch, sizeof(scratch));
    x86_emit_alu_ri(&dry, X86_CMP, X86_W32, pc, (int32_t)BACKEND_IC_EMPTY);
    align_tail(b, x86_buf_offset(&dry));
    x86_emit_alu_ri(b, X86_CMP, X86_W32, pc, (int32_t)BACKEND_IC_EMPTY);
    size_t imm = x86_buf_offset(b) - 4;
    align_tail(b, 6);
    ic.to_fill = x86_emit_jcc_rel32(b, X86_CC_NE, 0);
    align_tail(b, 5);
    size_t at = x86_emit_jmp_rel32(b, 0);
    ic.exit = new_exit(c);
    if (ic.exit < 0) return ic;
    c->out->exits[ic.exit] = (struct backend_exit){.rel32_offset = (uint32_t)at,
                                                   .stub_offset = (uint32_t)x86_buf_offset(b),
                                                   .target_pc = BACKEND_IC_EMPTY,
                                                   .ic_offset = (uint32_t)imm,
                                                   .ic_fill_offset = (uint32_t)ic.to_fill};
    return ic;
}

static uint64_t exit_token(const struct emit_ctx *c, int idx)
{
    return c->tokens ? c->tokens[idx] : (uint64_t)idx + 1;
}

void be_lower_exit_indirect(struct emit_ctx *c, const struct ir_insn *in)
{
    int pc = ra_use(c->ra, in->a);
    ra_flush(c->ra, RA_FLUSH_FOR_EXIT);
    be_add_icount(c, in->icount);
    struct x86_mem pc_mem = x86_mem_base(RA_CPU, c->t->pc_offset);
    if (c->t->jcache_bits == 0) { /* no jump cache: the dispatcher looks pc up */
        x86_emit_mov_mr(&c->buf, X86_W32, pc_mem, (enum x86_gpr)pc);
        return_zero(c);
        return;
    }
    struct inline_cache ic = inline_cache_head(c, (enum x86_gpr)pc);
    if (c->t->jcache_count_offset)
        x86_emit_alu_mi(&c->buf, X86_ADD, X86_W64,
                        x86_mem_base(RA_CPU, (int32_t)c->t->jcache_count_offset), 1);
    /* set = &jcache[ir_jcache_first(pc)], two 16-byte entries: byte offset
     * (pc << 3) & ((sets - 1) << 5); each entry is compared and jumped through. */
    enum x86_gpr idx = pc == X86_RAX ? X86_RCX : X86_RAX;
    int32_t mask = (int32_t)((((uint32_t)1 << (c->t->jcache_bits - 1)) - 1) << 5);
    x86_emit_lea(&c->buf, X86_W64, idx, x86_mem_sib(X86_NOREG, (enum x86_gpr)pc, 8, 0));
    x86_emit_alu_ri(&c->buf, X86_AND, X86_W32, idx, mask);
    for (int32_t base = (int32_t)c->t->jcache_offset, w = 0; w < 2; w++, base += 16) {
        x86_emit_alu_mr(&c->buf, X86_CMP, X86_W32, x86_mem_sib(RA_CPU, idx, 1, base),
                        (enum x86_gpr)pc);
        size_t miss = x86_emit_jcc_rel8(&c->buf, X86_CC_NE, 0);
        x86_emit_jmp_m(&c->buf, x86_mem_sib(RA_CPU, idx, 1, base + 8));
        x86_patch_rel8(&c->buf, miss, x86_buf_offset(&c->buf));
    }
    /* Only the dispatcher reads state.pc: a block entered on a hit does not. */
    x86_emit_mov_mr(&c->buf, X86_W32, pc_mem, (enum x86_gpr)pc);
    uint64_t token = ic.exit < 0 ? IR_TOKEN_JCACHE_MISS : exit_token(c, ic.exit);
    x86_emit_mov_ri(&c->buf, X86_W64, X86_RAX, (int64_t)token);
    be_jmp_epilogue(c);
    if (ic.exit < 0) return;
    x86_patch_rel32(&c->buf, ic.to_fill, x86_buf_offset(&c->buf));
    x86_emit_mov_mr(&c->buf, X86_W32, pc_mem, (enum x86_gpr)pc);
    x86_emit_mov_ri(&c->buf, X86_W64, X86_RAX, (int64_t)token);
    be_jmp_epilogue(c);
}

void be_lower_raise_if(struct emit_ctx *c, const struct ir_insn *in)
{
    int32_t imm;
    size_t at;
    if (ra_imm_operand(c->ra, in->a, &imm)) {
        if (imm == 0 && c->ra->b->vals[in->a].constant == 0) return;
        at = x86_emit_jmp_rel32(&c->buf, 0);
    } else {
        enum x86_gpr a = (enum x86_gpr)ra_use(c->ra, in->a);
        x86_emit_test_rr(&c->buf, ra_width(c->ra, in->a), a, a);
        at = x86_emit_jcc_rel32(&c->buf, X86_CC_NE, 0);
    }
    be_add_stub(c, STUB_RAISE_IF, at);
}

/* Arguments a, b, c of a call into rsi, rdx, rcx; every source is outside them
 * once the caller-saved registers are cleared. */
static void call_args(struct emit_ctx *c, const struct ir_insn *in)
{
    static const enum x86_gpr regs[3] = {X86_RSI, X86_RDX, X86_RCX};
    const ir_val_t args[3] = {in->a, in->b, in->c};
    for (int i = 0; i < 3; i++) {
        if (args[i] != IR_NONE)
            ra_load_into(c->ra, regs[i], args[i]);
        else /* absent operands read as 0, as in translator/ir_eval.c */
            x86_emit_alu_rr(&c->buf, X86_XOR, X86_W32, regs[i], regs[i]);
    }
}

/* IR_CALL_STORE_PROBE on a flat target with a page map: the page's write
 * bit, tested inline; only a page without it goes to the helper (which
 * raises), from a cold stub:
 *       mov idx, a ; shr idx, 12
 *       test byte [r15 + idx + flat_prot_offset], flat_prot_write
 *       jz probe_stub                                                    */
static void lower_store_probe(struct emit_ctx *c, const struct ir_insn *in)
{
    struct x86_buf *b = &c->buf;
    int a = ra_use(c->ra, in->a);
    enum x86_gpr idx = (enum x86_gpr)ra_scratch(c->ra);
    x86_emit_mov_rr(b, X86_W32, idx, (enum x86_gpr)a);
    x86_emit_shift_ri(b, X86_SHR, X86_W32, idx, 12);
    x86_emit_test_mi(b, X86_W8, x86_mem_sib(RA_FLAT, idx, 1, c->t->flat_prot_offset),
                     c->t->flat_prot_write);
    struct stub *s = be_add_stub(c, STUB_PROBE, x86_emit_jcc_rel32(b, X86_CC_E, 0));
    if (s) s->addr_reg = (int8_t)a;
}

void be_lower_call(struct emit_ctx *c, const struct ir_insn *in)
{
    unsigned flags = in->helper->call_flags;
    if ((flags & IR_CALL_STORE_PROBE) && c->t->flat_base && c->t->flat_prot_offset) {
        lower_store_probe(c, in);
        return;
    }
    /* Anything but a pure helper sees (or changes, or raises with) guest state in
     * memory; the raise path then has nothing left to write back. */
    if (flags) ra_flush(c->ra, RA_FLUSH_FOR_CALL_READS);
    ra_clobber_caller_saved(c->ra);
    call_args(c, in);
    be_call_helper(c, (const void *)in->helper->fn);
    if (flags & IR_CALL_WRITES_GLOBALS) ra_drop_globals(c->ra);
    if (flags & IR_CALL_CAN_RAISE) {
        x86_emit_test_rr(&c->buf, X86_W64, X86_RAX, X86_RAX);
        be_add_stub(c, STUB_RAISE, x86_emit_jcc_rel32(&c->buf, X86_CC_NE, 0));
    }
    if (in->dst != IR_NONE) {
        if (ra_width(c->ra, in->dst) == X86_W32)
            x86_emit_mov_rr(&c->buf, X86_W32, X86_RAX, X86_RAX); /* keep i32 zero-extended */
        ra_assign(c->ra, X86_RAX, in->dst);
    }
    if (flags & IR_CALL_ENDS_BLOCK) {
        be_add_icount(c, in->icount);
        return_zero(c);
    }
}

void be_emit_exit_stub(struct emit_ctx *c, const struct stub *s)
{
    const struct ir_insn *in = &c->b->insns[s->insn];
    switch (s->kind) {
    case STUB_REQUEST:
        ra_flush_snapshot(c->ra, &s->snap, RA_FLUSH_FOR_EXIT); /* none at the entry */
        x86_emit_mov_mi(&c->buf, X86_W32, x86_mem_base(RA_CPU, c->t->pc_offset),
                        (int32_t)c->b->guest_pc);
        return_zero(c);
        break;
    case STUB_EXIT_IF:
        if (s->resume) { /* a self loop's test: the block in its set's second entry loops on */
            uint32_t pc = c->b->guest_pc;
            x86_emit_alu_mi(&c->buf, X86_CMP, X86_W32,
                            x86_mem_base(RA_CPU, jcache_entry(c, pc) + 16), (int32_t)pc);
            x86_patch_rel32(&c->buf, x86_emit_jcc_rel32(&c->buf, X86_CC_E, 0), s->resume);
        }
        ra_flush_snapshot(c->ra, &s->snap, RA_FLUSH_FOR_EXIT);
        be_add_icount(c, in->icount);
        direct_exit_tail(c, (int)s->exit_index, (uint32_t)in->imm);
        break;
    case STUB_RAISE_IF:
        ra_flush_snapshot(c->ra, &s->snap, RA_FLUSH_FOR_RAISE);
        x86_emit_mov_ri(&c->buf, X86_W64, X86_RSI, in->imm);
        x86_emit_alu_rr(&c->buf, X86_XOR, X86_W32, X86_RDX, X86_RDX);
        x86_emit_alu_rr(&c->buf, X86_XOR, X86_W32, X86_RCX, X86_RCX);
        be_call_helper(c, (const void *)in->helper->fn);
        be_emit_raise_tail(c, in, 0);
        break;
    case STUB_RAISE:
        ra_flush_snapshot(c->ra, &s->snap, RA_FLUSH_FOR_RAISE);
        be_emit_raise_tail(c, in, 0);
        break;
    case STUB_PROBE: /* the helper raises: the page is not writable */
        ra_flush_snapshot(c->ra, &s->snap, RA_FLUSH_FOR_RAISE);
        x86_emit_mov_rr(&c->buf, X86_W32, X86_RSI, (enum x86_gpr)s->addr_reg);
        be_call_helper(c, (const void *)in->helper->fn);
        be_emit_raise_tail(c, in, 0);
        break;
    default:
        c->unsupported = true;
    }
}
