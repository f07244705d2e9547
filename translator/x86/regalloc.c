/* translator/x86/regalloc.c — the backend's register allocator (regalloc.h):
 * live ranges, register choice and eviction, spill slots, global caching and
 * the named flush points. It emits only moves, loads and stores.
 */
#include "translator/x86/regalloc.h"

#include <stdlib.h>
#include <string.h>

#define NO_CALL 0xffffu

/* Allocation orders: values live across a helper call prefer callee-saved registers. */
static const int8_t order_caller_first[] = {X86_RAX, X86_RCX, X86_RDX, X86_RSI, X86_RDI,
                                            X86_R8,  X86_R9,  X86_R10, X86_R11, X86_RBX,
                                            X86_R12, X86_R13, X86_R14, X86_R15};
static const int8_t order_callee_first[] = {X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15,
                                            X86_RAX, X86_RCX, X86_RDX, X86_RSI, X86_RDI,
                                            X86_R8,  X86_R9,  X86_R10, X86_R11};

static bool is_value(ir_val_t v)
{
    return v != IR_NONE && v != RA_SCRATCH;
}

static unsigned kind(const struct ra *ra, ir_val_t v)
{
    return ra->b->vals[v].kind;
}

/* Where v's value is: the global a temp aliases, else v itself. */
static ir_val_t resolve(const struct ra *ra, ir_val_t v)
{
    return ra->alias_of[v] != IR_NONE ? ra->alias_of[v] : v;
}

static bool live_after(const struct ra *ra, ir_val_t t)
{
    return ra->last_use[t] > ra->cur;
}

enum x86_width ra_width(const struct ra *ra, ir_val_t v)
{
    return ra->b->vals[v].type == IR_I64 ? X86_W64 : X86_W32;
}

static struct x86_mem global_mem(const struct ra *ra, ir_val_t g)
{
    return x86_mem_base(RA_CPU, ra->b->vals[g].global_offset);
}

static struct x86_mem slot_mem(int slot)
{
    return x86_mem_base(X86_RSP, RA_FRAME_SPILL + 8 * slot);
}

static bool grow(void **p, size_t n, size_t elem)
{
    void *q = realloc(*p, n * elem);
    if (!q) return false;
    *p = q;
    return true;
}

static bool reserve(struct ra *ra, unsigned nvals, unsigned nops)
{
    if (nvals > ra->cap) {
        if (!grow((void **)&ra->reg_of, nvals, 1) || !grow((void **)&ra->slot_of, nvals, 2) ||
            !grow((void **)&ra->last_use, nvals, 2) || !grow((void **)&ra->dirty, nvals, 1) ||
            !grow((void **)&ra->nocache, nvals, 1) || !grow((void **)&ra->alias_of, nvals, 2))
            return false;
        ra->cap = nvals;
    }
    if (nops > ra->ops_cap) {
        if (!grow((void **)&ra->next_call, nops, 2)) return false;
        ra->ops_cap = nops;
    }
    return true;
}

static void note_use(ir_val_t v, void *ctx)
{
    struct ra *ra = ctx;
    ra->last_use[v] = (uint16_t)ra->cur;
}

/* Globals that share bytes with another global are never cached: a write to
 * one must be seen by a read of the other, which memory does for free. */
static void find_overlaps(struct ra *ra)
{
    const struct ir_block *b = ra->b;
    /* Only globals can overlap; a block has a few dozen at most, so gather
     * them first rather than pairing every value with every value. */
    /* The common case: only word-sized globals at distinct word offsets (the
     * builder merges equal ones), which cannot overlap. */
    if (!b->odd_globals) return;
    bool simple = true;
    for (unsigned i = 0; i < b->nvals && simple; i++)
        if (b->vals[i].kind == IR_VAL_GLOBAL)
            simple = b->vals[i].type == IR_I32 && b->vals[i].global_offset % 4 == 0;
    if (simple) return;
    ir_val_t globals[256];
    unsigned n = 0;
    for (unsigned i = 0; i < b->nvals; i++) {
        if (b->vals[i].kind != IR_VAL_GLOBAL) continue;
        if (n == 256) { /* more than any lifter declares: cache none of them */
            for (unsigned j = 0; j < b->nvals; j++)
                if (b->vals[j].kind == IR_VAL_GLOBAL) ra->nocache[j] = 1;
            return;
        }
        globals[n++] = (ir_val_t)i;
    }
    for (unsigned x = 0; x < n; x++) {
        const struct ir_value *g = &b->vals[globals[x]];
        unsigned lo = g->global_offset, hi = lo + (g->type == IR_I64 ? 8 : 4);
        for (unsigned y = 0; y < n; y++) {
            const struct ir_value *h = &b->vals[globals[y]];
            unsigned lo2 = h->global_offset, hi2 = lo2 + (h->type == IR_I64 ? 8 : 4);
            if (x != y && lo < hi2 && lo2 < hi) ra->nocache[globals[x]] = 1;
        }
    }
}

static void compute_ranges(struct ra *ra)
{
    const struct ir_block *b = ra->b;
    for (unsigned i = 0; i < b->ninsns; i++) {
        const struct ir_insn *in = &b->insns[i];
        ra->cur = i;
        if (in->op == IR_NOP) continue;
        if (in->dst != IR_NONE) ra->last_use[in->dst] = (uint16_t)i;
        ir_insn_foreach_use(in, note_use, ra);
    }
    ra->next_call[b->ninsns] = NO_CALL;
    for (unsigned i = b->ninsns; i-- > 0;)
        ra->next_call[i] = b->insns[i].op == IR_CALL ? (uint16_t)i : ra->next_call[i + 1];
}

bool ra_init(struct ra *ra, const struct ir_block *b, struct x86_buf *buf, bool flat)
{
    if (!reserve(ra, b->nvals ? b->nvals : 1, b->ninsns + 1)) return false;
    ra->b = b;
    ra->buf = buf;
    memset(ra->reg_of, -1, b->nvals);
    memset(ra->slot_of, -1, b->nvals * sizeof(*ra->slot_of));
    memset(ra->last_use, 0, b->nvals * sizeof(*ra->last_use));
    memset(ra->dirty, 0, b->nvals);
    memset(ra->nocache, 0, b->nvals);
    memset(ra->alias_of, 0xff, b->nvals * sizeof(*ra->alias_of)); /* IR_NONE */
    ra->naliases = 0;
    memset(ra->slot_used, 0, sizeof(ra->slot_used));
    for (int r = 0; r < 16; r++)
        ra->owner[r] = IR_NONE;
    ra->allocatable = (uint16_t)(0xffffu & ~(1u << X86_RSP | 1u << RA_CPU));
    if (flat) ra->allocatable &= (uint16_t) ~(1u << RA_FLAT);
    ra->locked = 0;
    ra->failed = false;
    compute_ranges(ra);
    find_overlaps(ra);
    ra->cur = 0;
    return true;
}

void ra_release(struct ra *ra)
{
    free(ra->reg_of);
    free(ra->slot_of);
    free(ra->last_use);
    free(ra->next_call);
    free(ra->dirty);
    free(ra->nocache);
    free(ra->alias_of);
    memset(ra, 0, sizeof(*ra));
}

void ra_begin(struct ra *ra, unsigned i)
{
    ra->cur = i;
    ra->locked = 0;
}

bool ra_dies(const struct ra *ra, ir_val_t v)
{
    return is_value(v) && kind(ra, v) == IR_VAL_TEMP && ra->last_use[v] <= ra->cur;
}

static void free_slot(struct ra *ra, ir_val_t v)
{
    if (ra->slot_of[v] >= 0) ra->slot_used[ra->slot_of[v]] = 0;
    ra->slot_of[v] = -1;
}

static void unalias(struct ra *ra, ir_val_t t)
{
    ra->alias_of[t] = IR_NONE;
    for (unsigned i = 0; i < ra->naliases; i++)
        if (ra->aliases[i] == t) {
            ra->aliases[i] = ra->aliases[--ra->naliases];
            return;
        }
}

/* Forgets temp v entirely (its last use has passed). */
static void kill(struct ra *ra, ir_val_t v)
{
    if (!is_value(v) || kind(ra, v) != IR_VAL_TEMP) return;
    if (ra->alias_of[v] != IR_NONE) unalias(ra, v);
    if (ra->reg_of[v] >= 0) ra->owner[ra->reg_of[v]] = IR_NONE;
    ra->reg_of[v] = -1;
    free_slot(ra, v);
}

static void kill_if_dead(ir_val_t v, void *ctx)
{
    struct ra *ra = ctx;
    if (ra_dies(ra, v)) kill(ra, v);
}

void ra_end(struct ra *ra)
{
    /* Branch-free (RA_SCRATCH | 1 == IR_NONE), so it compiles to a few SSE
     * ops instead of 16 compares: it runs once per op. */
    _Static_assert((RA_SCRATCH | 1) == IR_NONE, "ra_end turns scratch into none by one bit");
    for (int r = 0; r < 16; r++)
        ra->owner[r] |= (ir_val_t)(ra->owner[r] == RA_SCRATCH);
    const struct ir_insn *in = &ra->b->insns[ra->cur];
    ir_insn_foreach_use(in, kill_if_dead, ra);
    if (in->dst != IR_NONE) kill_if_dead(in->dst, ra);
    ra->locked = 0;
}

static void store_global(struct ra *ra, ir_val_t g, int r)
{
    x86_emit_mov_mr(ra->buf, ra_width(ra, g), global_mem(ra, g), (enum x86_gpr)r);
}

/* Moves the value out of register r to memory: a spill slot for a temp, its
 * home for a dirty global. */
static void evict(struct ra *ra, int r)
{
    ir_val_t v = ra->owner[r];
    ra->owner[r] = IR_NONE;
    if (!is_value(v)) return;
    ra->reg_of[v] = -1;
    if (kind(ra, v) == IR_VAL_GLOBAL) {
        if (ra->dirty[v]) store_global(ra, v, r);
        ra->dirty[v] = 0;
        return;
    }
    if (ra->slot_of[v] >= 0) return; /* temps are assigned once: the slot still holds it */
    int s = 0;
    while (s < RA_MAX_SLOTS && ra->slot_used[s])
        s++;
    if (s == RA_MAX_SLOTS) {
        ra->failed = true;
        return;
    }
    ra->slot_used[s] = 1;
    ra->slot_of[v] = (int16_t)s;
    x86_emit_mov_mr(ra->buf, X86_W64, slot_mem(s), (enum x86_gpr)r);
}

/* How far eviction looks ahead for a value's next read. */
#define NEXT_READ_WINDOW 48u

/* Each candidate register's next read after the current op (of its value or
 * a temp aliasing it), in one scan of the next NEXT_READ_WINDOW ops for all of
 * them: a register whose value is not read there gets last + the window (ops
 * past the window are ordered by their value's last read). */
static void next_reads(const struct ra *ra, uint16_t want, const unsigned last[16],
                       unsigned next[16])
{
    unsigned end = ra->cur;
    for (int r = 0; r < 16; r++)
        if (want & (1u << r)) {
            next[r] = last[r] + NEXT_READ_WINDOW;
            if (last[r] > end) end = last[r];
        }
    if (end > ra->cur + NEXT_READ_WINDOW) end = ra->cur + NEXT_READ_WINDOW;
    for (unsigned i = ra->cur + 1; i <= end && want; i++) {
        const struct ir_insn *in = &ra->b->insns[i];
        if (in->op == IR_NOP) continue;
        ir_val_t ops[3] = {in->op != IR_SET ? in->a : IR_NONE, in->b, in->c};
        for (int k = 0; k < 3; k++) {
            if (ops[k] == IR_NONE) continue;
            ir_val_t v = resolve(ra, ops[k]);
            int r = ra->reg_of[v];
            if (r >= 0 && (want & (1u << r)) && ra->owner[r] == v) {
                next[r] = i;
                want &= (uint16_t)~(1u << r);
            }
        }
    }
}

/* The register whose value is worth least: the one read again last (Belady's
 * choice, which the last read alone misjudges in long blocks: a global read
 * now and again at the block's end looked more precious than a temp needed
 * right after); a value never read again goes first. */
static int pick_victim(const struct ra *ra, uint16_t avoid)
{
    unsigned last[16], next[16], score[16];
    uint16_t cand = 0, live = 0;
    for (int r = 0; r < 16; r++) {
        if (!(ra->allocatable & ~avoid & (1u << r)) || !is_value(ra->owner[r])) continue;
        cand |= (uint16_t)(1u << r);
        last[r] = ra->last_use[ra->owner[r]];
    }
    for (unsigned i = 0; i < ra->naliases; i++) { /* a global's aliases read it too */
        ir_val_t t = ra->aliases[i], g = ra->alias_of[t];
        int r = ra->reg_of[g];
        if (r >= 0 && (cand & (1u << r)) && ra->owner[r] == g && ra->last_use[t] > last[r])
            last[r] = ra->last_use[t];
    }
    for (int r = 0; r < 16; r++) {
        if (!(cand & (1u << r))) continue;
        ir_val_t v = ra->owner[r];
        if (kind(ra, v) == IR_VAL_GLOBAL && last[r] < ra->cur)
            score[r] = 0;
        else if (last[r] <= ra->cur)
            score[r] = 0x20000u - last[r];
        else
            live |= (uint16_t)(1u << r);
    }
    next_reads(ra, live, last, next);
    int best = -1;
    unsigned best_score = ~0u;
    for (int r = 0; r < 16; r++) {
        if (!(cand & (1u << r))) continue;
        unsigned s = live & (1u << r) ? 0x20000u - next[r] : score[r];
        if (s < best_score) {
            best = r;
            best_score = s;
        }
    }
    return best;
}

/* A free register (evicting one when none is), never one of `avoid`. */
static int alloc_reg(struct ra *ra, bool callee_first, uint16_t avoid)
{
    const int8_t *order = callee_first ? order_callee_first : order_caller_first;
    avoid |= ra->locked;
    for (unsigned i = 0; i < sizeof(order_caller_first); i++) {
        int r = order[i];
        if ((ra->allocatable & ~avoid & (1u << r)) && ra->owner[r] == IR_NONE) return r;
    }
    int r = pick_victim(ra, avoid);
    if (r < 0) {
        ra->failed = true;
        return X86_RAX;
    }
    evict(ra, r);
    return r;
}

static bool crosses_call(const struct ra *ra, ir_val_t v)
{
    return ra->next_call[ra->cur + 1] < ra->last_use[v];
}

void ra_load_into(struct ra *ra, int r, ir_val_t v)
{
    v = resolve(ra, v);
    const struct ir_value *val = &ra->b->vals[v];
    enum x86_gpr d = (enum x86_gpr)r;
    if (val->kind == IR_VAL_CONST)
        x86_emit_mov_ri(ra->buf, ra_width(ra, v), d, (int64_t)val->constant);
    else if (ra->reg_of[v] >= 0) {
        if (ra->reg_of[v] != r)
            x86_emit_mov_rr(ra->buf, ra_width(ra, v), d, (enum x86_gpr)ra->reg_of[v]);
    } else if (val->kind == IR_VAL_GLOBAL)
        x86_emit_mov_rm(ra->buf, ra_width(ra, v), d, global_mem(ra, v));
    else if (ra->slot_of[v] >= 0)
        x86_emit_mov_rm(ra->buf, ra_width(ra, v), d, slot_mem(ra->slot_of[v]));
    else
        ra->failed = true; /* a temp with no home: a bug upstream */
}

int ra_reg_if_any(struct ra *ra, ir_val_t v)
{
    int r = ra->reg_of[v];
    if (r >= 0) ra->locked |= (uint16_t)(1u << r);
    return r;
}

int ra_use(struct ra *ra, ir_val_t v)
{
    v = resolve(ra, v);
    if (ra->reg_of[v] >= 0) return ra_reg_if_any(ra, v);
    bool cacheable =
        kind(ra, v) == IR_VAL_TEMP || (kind(ra, v) == IR_VAL_GLOBAL && !ra->nocache[v]);
    if (!cacheable)
        for (int r = 0; r < 16; r++)
            if (ra->owner[r] == RA_SCRATCH && ra->scratch_of[r] == v)
                return r; /* materialised already for this op */
    int r = alloc_reg(ra, cacheable && crosses_call(ra, v), 0);
    ra_load_into(ra, r, v);
    ra->owner[r] = cacheable ? v : RA_SCRATCH;
    ra->scratch_of[r] = cacheable ? IR_NONE : v;
    if (cacheable) ra->reg_of[v] = (int8_t)r;
    ra->locked |= (uint16_t)(1u << r);
    return r;
}

static bool can_alias(const struct ra *ra, ir_val_t t, ir_val_t g)
{
    return is_value(g) && kind(ra, t) == IR_VAL_TEMP && kind(ra, g) == IR_VAL_GLOBAL &&
           !ra->nocache[g] && ra->b->vals[t].type == ra->b->vals[g].type &&
           ra->naliases < RA_MAX_ALIASES;
}

static void make_alias(struct ra *ra, ir_val_t t, ir_val_t g)
{
    ra->alias_of[t] = g;
    ra->aliases[ra->naliases++] = t;
}

static bool has_live_alias(const struct ra *ra, ir_val_t g)
{
    for (unsigned i = 0; i < ra->naliases; i++)
        if (ra->alias_of[ra->aliases[i]] == g && live_after(ra, ra->aliases[i])) return true;
    return false;
}

/* Gives every temp aliasing g (every global: IR_NONE) and read after this op a
 * register of its own, before g's value changes. g's register goes to the
 * last of them, without a move, when g is clean or old_dead (g's old value is
 * never read again); g then lives in memory only. Aliases read only by this
 * op stay: the op has read them already, or (call arguments) reads them
 * before anything changes. */
static void detach_aliases(struct ra *ra, ir_val_t g, bool old_dead)
{
    for (unsigned i = 0; i < ra->naliases;) {
        ir_val_t t = ra->aliases[i], h = ra->alias_of[t];
        if ((g != IR_NONE && h != g) || !live_after(ra, t)) {
            i++;
            continue;
        }
        unalias(ra, t); /* moves the last entry to i */
        int r = ra->reg_of[h];
        /* Only the last alias may take h's register: the others copy it first. */
        if (r >= 0 && (old_dead || !ra->dirty[h]) && !has_live_alias(ra, h)) {
            ra->reg_of[h] = -1;
            ra->dirty[h] = 0;
        } else {
            r = alloc_reg(ra, crosses_call(ra, t), 0);
            ra_load_into(ra, r, h);
        }
        ra->owner[r] = t;
        ra->reg_of[t] = (int8_t)r;
    }
}

/* The next op (NOPs skipped) is `set g, v`. */
static bool next_sets(const struct ra *ra, ir_val_t g, ir_val_t v)
{
    for (unsigned j = ra->cur + 1; j < ra->b->ninsns; j++) {
        const struct ir_insn *in = &ra->b->insns[j];
        if (in->op != IR_NOP) return in->op == IR_SET && in->a == g && in->b == v;
    }
    return false;
}

/* The register of the global g that take_from reads when v is g's next value
 * and nothing else reads g's old value; g is left in memory only (stale when
 * it was dirty, until the `set g, v` that follows). -1 otherwise. */
static int take_global(struct ra *ra, ir_val_t v, ir_val_t take_from)
{
    ir_val_t g = resolve(ra, take_from);
    if (kind(ra, g) != IR_VAL_GLOBAL || ra->nocache[g] || ra->reg_of[g] < 0) return -1;
    if (ra->b->vals[g].type != ra->b->vals[v].type || !next_sets(ra, g, v)) return -1;
    if (has_live_alias(ra, g)) return -1;
    int r = ra->reg_of[g];
    ra->reg_of[g] = -1;
    ra->dirty[g] = 0;
    return r;
}

int ra_def(struct ra *ra, ir_val_t v, ir_val_t take_from)
{
    int r = -1;
    if (take_from != IR_NONE && ra_dies(ra, take_from) && ra->reg_of[take_from] >= 0) {
        r = ra->reg_of[take_from];
        ra->reg_of[take_from] = -1;
        free_slot(ra, take_from);
    } else if (take_from != IR_NONE)
        r = take_global(ra, v, take_from);
    if (r < 0) r = alloc_reg(ra, crosses_call(ra, v), 0);
    ra->owner[r] = v;
    ra->reg_of[v] = (int8_t)r;
    ra->locked |= (uint16_t)(1u << r);
    return r;
}

bool ra_can_take(const struct ra *ra, ir_val_t v, ir_val_t from)
{
    if (!is_value(from)) return false;
    if (ra_dies(ra, from) && ra->alias_of[from] == IR_NONE) return true;
    ir_val_t g = resolve(ra, from);
    return kind(ra, g) == IR_VAL_GLOBAL && !ra->nocache[g] &&
           ra->b->vals[g].type == ra->b->vals[v].type && next_sets(ra, g, v) &&
           !has_live_alias(ra, g);
}

bool ra_def_alias(struct ra *ra, ir_val_t v, ir_val_t src)
{
    ir_val_t g = resolve(ra, src);
    if (!can_alias(ra, v, g)) return false;
    make_alias(ra, v, g);
    return true;
}

bool ra_not_in_reg(const struct ra *ra, ir_val_t v)
{
    ir_val_t h = resolve(ra, v);
    if (kind(ra, h) == IR_VAL_CONST) return true;
    return ra->reg_of[h] < 0 && !live_after(ra, v) && !live_after(ra, h);
}

int ra_scratch(struct ra *ra)
{
    int r = alloc_reg(ra, false, 0);
    ra->owner[r] = RA_SCRATCH;
    ra->scratch_of[r] = IR_NONE;
    ra->locked |= (uint16_t)(1u << r);
    return r;
}

/* Moves r's value to another register (lock bit included), or to memory. */
static void relocate(struct ra *ra, int r, uint16_t avoid)
{
    ir_val_t v = ra->owner[r];
    uint16_t bit = (uint16_t)(1u << r);
    bool was_locked = ra->locked & bit;
    ra->locked |= bit;
    int r2 = alloc_reg(ra, false, avoid | bit);
    if (ra->failed) return;
    x86_emit_mov_rr(ra->buf, X86_W64, (enum x86_gpr)r2, (enum x86_gpr)r);
    ra->owner[r2] = v;
    ra->reg_of[v] = (int8_t)r2;
    ra->owner[r] = IR_NONE;
    if (was_locked) ra->locked |= (uint16_t)(1u << r2);
}

void ra_claim(struct ra *ra, int r)
{
    if (ra->owner[r] == RA_SCRATCH)
        ra->failed = true; /* claimed twice in one op */
    else if (is_value(ra->owner[r]))
        relocate(ra, r, 0);
    ra->owner[r] = RA_SCRATCH;
    ra->scratch_of[r] = IR_NONE;
    ra->locked |= (uint16_t)(1u << r);
}

void ra_assign(struct ra *ra, int r, ir_val_t v)
{
    ra->owner[r] = v;
    ra->reg_of[v] = (int8_t)r;
    ra->locked |= (uint16_t)(1u << r);
}

/* Forgets g's register copy (its value is being replaced). */
static void drop_global(struct ra *ra, ir_val_t g)
{
    if (ra->reg_of[g] >= 0) ra->owner[ra->reg_of[g]] = IR_NONE;
    ra->reg_of[g] = -1;
    ra->dirty[g] = 0;
}

static void set_uncached(struct ra *ra, ir_val_t g, ir_val_t v)
{
    int32_t imm;
    if (ra_imm_operand(ra, v, &imm))
        x86_emit_mov_mi(ra->buf, ra_width(ra, g), global_mem(ra, g), imm);
    else
        store_global(ra, g, ra_use(ra, v));
}

/* Emits r = v for IR_SET; flags are dead between ops, so 0 may use xor. */
static void load_for_set(struct ra *ra, int r, ir_val_t v)
{
    if (kind(ra, v) == IR_VAL_CONST && ra->b->vals[v].constant == 0)
        x86_emit_alu_rr(ra->buf, X86_XOR, X86_W32, (enum x86_gpr)r, (enum x86_gpr)r);
    else
        ra_load_into(ra, r, v);
}

void ra_set_global(struct ra *ra, ir_val_t g, ir_val_t v)
{
    if (v == g || resolve(ra, v) == g) return;
    if (ra->nocache[g]) {
        set_uncached(ra, g, v);
        return;
    }
    detach_aliases(ra, g, true);
    bool temp = kind(ra, v) == IR_VAL_TEMP;
    int r = temp ? ra->reg_of[v] : -1;
    if (r >= 0 && (!live_after(ra, v) || can_alias(ra, v, g))) {
        /* g takes v's register; v, when read later, reads it through g. */
        drop_global(ra, g);
        ra->reg_of[v] = -1;
        free_slot(ra, v);
        if (live_after(ra, v)) make_alias(ra, v, g);
    } else {
        /* A global read again later is worth caching on the way. */
        if (kind(ra, v) == IR_VAL_GLOBAL && !ra->nocache[v] && live_after(ra, v)) ra_use(ra, v);
        r = ra->reg_of[g];
        if (r < 0) r = alloc_reg(ra, crosses_call(ra, g), 0);
        ra->locked |= (uint16_t)(1u << r);
        load_for_set(ra, r, v);
        if (temp && ra->reg_of[v] < 0 && ra->alias_of[v] == IR_NONE && live_after(ra, v) &&
            can_alias(ra, v, g)) {
            free_slot(ra, v);
            make_alias(ra, v, g);
        }
    }
    ra_assign(ra, r, g);
    ra->dirty[g] = 1;
}

bool ra_mem_operand(const struct ra *ra, ir_val_t v, struct x86_mem *m)
{
    v = resolve(ra, v);
    if (ra->reg_of[v] >= 0) return false;
    if (kind(ra, v) == IR_VAL_GLOBAL) {
        *m = global_mem(ra, v);
        return true;
    }
    if (kind(ra, v) == IR_VAL_TEMP && ra->slot_of[v] >= 0) {
        *m = slot_mem(ra->slot_of[v]);
        return true;
    }
    return false;
}

bool ra_imm_operand(const struct ra *ra, ir_val_t v, int32_t *imm)
{
    const struct ir_value *val = &ra->b->vals[v];
    if (val->kind != IR_VAL_CONST) return false;
    int64_t c = (int64_t)val->constant;
    if (val->type == IR_I32) {
        *imm = (int32_t)(uint32_t)c;
        return true;
    }
    if (c < INT32_MIN || c > INT32_MAX) return false;
    *imm = (int32_t)c;
    return true;
}

void ra_flush(struct ra *ra, enum ra_flush why)
{
    (void)why; /* every flush point writes back all dirty globals; the name documents why */
    for (int r = 0; r < 16; r++) {
        ir_val_t v = ra->owner[r];
        if (is_value(v) && kind(ra, v) == IR_VAL_GLOBAL && ra->dirty[v]) {
            store_global(ra, v, r);
            ra->dirty[v] = 0;
        }
    }
}

void ra_drop_globals(struct ra *ra)
{
    /* ra_clobber_caller_saved detached the aliases before the call; one still
     * here would read the call's new value: refuse the block instead. */
    for (unsigned i = 0; i < ra->naliases; i++)
        if (live_after(ra, ra->aliases[i])) ra->failed = true;
    for (int r = 0; r < 16; r++) {
        ir_val_t v = ra->owner[r];
        if (is_value(v) && kind(ra, v) == IR_VAL_GLOBAL) {
            if (ra->dirty[v]) store_global(ra, v, r);
            drop_global(ra, v);
        }
    }
}

static int free_callee_saved(const struct ra *ra)
{
    for (int r = 0; r < 16; r++) {
        uint16_t bit = (uint16_t)(1u << r);
        if ((ra->allocatable & bit & ~RA_CALLER_SAVED & ~ra->locked) && ra->owner[r] == IR_NONE)
            return r;
    }
    return -1;
}

void ra_clobber_caller_saved(struct ra *ra)
{
    const struct ir_insn *in = &ra->b->insns[ra->cur];
    if (in->op == IR_CALL && in->helper && (in->helper->call_flags & IR_CALL_WRITES_GLOBALS))
        detach_aliases(ra, IR_NONE, false);
    for (int r = 0; r < 16; r++) {
        uint16_t bit = (uint16_t)(1u << r);
        if (!(RA_CALLER_SAVED & bit)) continue;
        ir_val_t v = ra->owner[r];
        bool needed = is_value(v) && (kind(ra, v) == IR_VAL_GLOBAL || ra->last_use[v] > ra->cur);
        int r2 = needed ? free_callee_saved(ra) : -1;
        if (r2 >= 0) {
            x86_emit_mov_rr(ra->buf, X86_W64, (enum x86_gpr)r2, (enum x86_gpr)r);
            ra->owner[r2] = v;
            ra->reg_of[v] = (int8_t)r2;
            ra->owner[r] = IR_NONE;
        } else if (is_value(v))
            evict(ra, r); /* arguments dying here are read back from their slot */
        ra->owner[r] = RA_SCRATCH;
        ra->scratch_of[r] = IR_NONE;
        ra->locked |= bit;
    }
}

/* Every memory stub takes a snapshot and flushes it: these run tens of
 * thousands of times in a short run. */
void ra_snapshot(const struct ra *ra, struct ra_snapshot *s)
{
    _Static_assert(IR_NONE > RA_SCRATCH, "values are below both markers");
    uint16_t dirty = 0;
    for (int r = 0; r < 16; r++) {
        ir_val_t v = ra->owner[r];
        if (v >= RA_SCRATCH) {
            s->owner[r] = IR_NONE;
            continue;
        }
        s->owner[r] = v;
        if (ra->dirty[v] && kind(ra, v) == IR_VAL_GLOBAL) dirty |= (uint16_t)(1u << r);
    }
    s->dirty = dirty;
}

void ra_flush_snapshot(const struct ra *ra, const struct ra_snapshot *s, enum ra_flush why)
{
    (void)why;
    for (unsigned m = s->dirty; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        x86_emit_mov_mr(ra->buf, ra_width(ra, s->owner[r]), global_mem(ra, s->owner[r]),
                        (enum x86_gpr)r);
    }
}

uint16_t ra_snapshot_live_caller_saved(const struct ra_snapshot *s)
{
    uint16_t m = 0;
    for (unsigned c = RA_CALLER_SAVED; c; c &= c - 1) {
        int r = __builtin_ctz(c);
        if (s->owner[r] != IR_NONE) m |= (uint16_t)(1u << r);
    }
    return m;
}

/* ---- self loops (regalloc.h struct ra_loop) ---- */

bool ra_cacheable_global(const struct ra *ra, ir_val_t g)
{
    return is_value(g) && kind(ra, g) == IR_VAL_GLOBAL && !ra->nocache[g];
}

void ra_enter_loop(struct ra *ra, const struct ra_loop *lp)
{
    for (unsigned i = 0; i < lp->n; i++) {
        ir_val_t g = lp->g[i];
        int r = lp->reg[i];
        if (ra->owner[r] != IR_NONE || ra->reg_of[g] >= 0) {
            ra->failed = true; /* the head must start from an empty allocator */
            return;
        }
        x86_emit_mov_rm(ra->buf, ra_width(ra, g), (enum x86_gpr)r, global_mem(ra, g));
        ra->owner[r] = g;
        ra->reg_of[g] = (int8_t)r;
        ra->dirty[g] = lp->set[i];
    }
}

static int loop_index(const struct ra_loop *lp, ir_val_t g)
{
    for (unsigned i = 0; i < lp->n; i++)
        if (lp->g[i] == g) return (int)i;
    return -1;
}

/* The parallel register moves dst[i] <- src[i] (distinct dsts, no src equal
 * to its dst): a move runs once no pending move still reads its dst; what is
 * left is cycles, broken through rax. */
static void parallel_moves(struct x86_buf *buf, int8_t *dst, int8_t *src, unsigned n)
{
    while (n) {
        unsigned i;
        for (i = 0; i < n; i++) {
            bool read = false;
            for (unsigned j = 0; j < n && !read; j++)
                read = j != i && src[j] == dst[i];
            if (!read) break;
        }
        if (i == n) { /* only cycles: free dst[0] by copying it to rax */
            i = 0;
            x86_emit_mov_rr(buf, X86_W64, X86_RAX, (enum x86_gpr)dst[0]);
            for (unsigned j = 1; j < n; j++)
                if (src[j] == dst[0]) src[j] = X86_RAX;
        }
        x86_emit_mov_rr(buf, X86_W64, (enum x86_gpr)dst[i], (enum x86_gpr)src[i]);
        dst[i] = dst[n - 1];
        src[i] = src[n - 1];
        n--;
    }
}

void ra_emit_back_edge(const struct ra *ra, const struct ra_snapshot *s, const struct ra_loop *lp)
{
    bool in_reg[RA_LOOP_MAX] = {false};
    int8_t dst[16], src[16];
    unsigned n = 0;
    for (int r = 0; r < 16; r++) {
        ir_val_t v = s->owner[r];
        if (v == IR_NONE || kind(ra, v) != IR_VAL_GLOBAL) continue;
        int k = loop_index(lp, v);
        if (k < 0) {
            if (s->dirty & (1u << r))
                x86_emit_mov_mr(ra->buf, ra_width(ra, v), global_mem(ra, v), (enum x86_gpr)r);
            continue;
        }
        in_reg[k] = true;
        if (lp->reg[k] != r) {
            dst[n] = lp->reg[k];
            src[n++] = (int8_t)r;
        }
    }
    parallel_moves(ra->buf, dst, src, n);
    for (unsigned k = 0; k < lp->n; k++) /* evicted ones were written back: memory is current */
        if (!in_reg[k])
            x86_emit_mov_rm(ra->buf, ra_width(ra, lp->g[k]), (enum x86_gpr)lp->reg[k],
                            global_mem(ra, lp->g[k]));
}
