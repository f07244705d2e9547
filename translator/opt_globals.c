/* translator/opt_globals.c — the two passes about globals (guest registers):
 *
 * globals (forwarding): after `set g, x`, later reads of g read x, until a call
 *   that may write globals. Reads of g before any set in the block stay g (the
 *   backend loads it once). When x is itself a global h, a read of g becomes h
 *   only while h has not been set since.
 * dse (dead global stores): a `set g, x` followed by another set of g, with no
 *   read of g and nothing that can leave the block or let a helper read the
 *   globals in between, becomes a nop.
 *
 * A global whose bytes overlap another's (opt_mark_aliased: an i64 over two
 * i32 halves) is left alone by both: a set of one changes the other.
 */
#include "translator/opt.h"

struct forward {
    const struct ir_block *b;
    ir_val_t *val;   /* per global: the value of its last set */
    uint32_t *when;  /* per global: clock of that set, 0 when not forwardable */
    uint32_t *stamp; /* per global: clock of its last set */
    uint8_t *aliased;
    uint32_t clock, call_stamp; /* call_stamp: last call that writes globals */
};

static ir_val_t map_forward(ir_val_t v, void *ctx)
{
    const struct forward *f = ctx;
    if (f->b->vals[v].kind != IR_VAL_GLOBAL || f->when[v] == 0 || f->when[v] < f->call_stamp)
        return v;
    ir_val_t x = f->val[v];
    if (f->b->vals[x].kind == IR_VAL_GLOBAL && f->stamp[x] > f->when[v]) return v;
    return x;
}

static void note_set(struct forward *f, ir_val_t g, ir_val_t x)
{
    f->stamp[g] = ++f->clock;
    bool x_aliased = f->b->vals[x].kind == IR_VAL_GLOBAL && f->aliased[x];
    f->when[g] = f->aliased[g] || x_aliased ? 0 : f->clock;
    f->val[g] = x;
}

static bool call_flag(const struct ir_insn *in, unsigned flag)
{
    return in->op == IR_CALL && in->helper && (in->helper->call_flags & flag);
}

/* Carves the per-value arrays both passes use and marks aliased globals. */
static uint8_t *alias_scratch(struct ir_block *b, struct opt_scratch *s, size_t words, uint32_t **w,
                              uint8_t **aliased)
{
    unsigned n = b->nvals;
    size_t bytes = words * opt_carve_size(n * sizeof(uint32_t)) +
                   opt_carve_size(opt_alias_work_size(b)) + opt_carve_size(n) +
                   opt_carve_size(n * sizeof(ir_val_t));
    uint8_t *p = opt_scratch_get(s, bytes);
    if (!p) return NULL;
    for (size_t i = 0; i < words; i++)
        w[i] = opt_carve(&p, n * sizeof(uint32_t));
    void *work = opt_carve(&p, opt_alias_work_size(b));
    *aliased = opt_carve(&p, n);
    opt_mark_aliased(b, *aliased, work);
    return p; /* room for n ir_val_t */
}

bool opt_globals(struct ir_block *b, struct opt_scratch *s)
{
    struct forward f = {.b = b};
    uint32_t *w[2];
    uint8_t *rest = alias_scratch(b, s, 2, w, &f.aliased);
    if (!rest) return false;
    f.when = w[0];
    f.stamp = w[1];
    f.val = (ir_val_t *)rest;
    for (unsigned i = 0; i < b->ninsns; i++) {
        struct ir_insn *in = &b->insns[i];
        if (in->op == IR_NOP) continue;
        opt_rewrite_uses(in, map_forward, &f);
        if (in->op == IR_SET)
            note_set(&f, in->a, in->b);
        else if (call_flag(in, IR_CALL_WRITES_GLOBALS))
            f.call_stamp = ++f.clock;
    }
    return true;
}

struct dse {
    const struct ir_block *b;
    uint32_t *dead; /* per global: == epoch when a later set overwrites it unread */
    uint32_t epoch;
};

static void mark_read(ir_val_t v, void *ctx)
{
    struct dse *d = ctx;
    if (d->b->vals[v].kind == IR_VAL_GLOBAL) d->dead[v] = 0;
}

bool opt_dse(struct ir_block *b, struct opt_scratch *s)
{
    struct dse d = {.b = b, .epoch = 1};
    uint8_t *aliased;
    if (!alias_scratch(b, s, 1, &d.dead, &aliased)) return false;
    for (unsigned i = b->ninsns; i-- > 0;) {
        struct ir_insn *in = &b->insns[i];
        if (in->op == IR_NOP) continue;
        if (in->op == IR_SET && !aliased[in->a]) {
            if (d.dead[in->a] == d.epoch) {
                opt_kill(in);
                continue;
            }
            d.dead[in->a] = d.epoch;
        }
        /* Leaving the block, or a helper that reads the CPU state, sees every
         * global: no set before it is dead. */
        if (ir_op_can_leave(in) || call_flag(in, IR_CALL_READS_GLOBALS)) d.epoch++;
        ir_insn_foreach_use(in, mark_read, &d);
    }
    return true;
}
