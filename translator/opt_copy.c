/* translator/opt_copy.c — copy propagation: uses of a mov's result read the
 * mov's source instead.
 *
 * A temp or constant source never changes, so the mov goes at once. A global
 * source is the global's value when the mov ran: a use reads the global itself
 * only while no set of it (and no call that writes globals) came in between;
 * otherwise the use keeps the mov's result, and the mov stays. Globals that
 * overlap others (opt_mark_aliased) are never read that way.
 */
#include "translator/opt.h"

#include <string.h>

struct copy {
    const struct ir_block *b;
    unsigned n;
    ir_val_t *src;   /* per value: what a mov made it equal to, or IR_NONE */
    uint32_t *snap;  /* per value with a global src: clock when the mov read it */
    uint32_t *stamp; /* per global: clock of its last set */
    uint8_t *aliased;
    uint32_t clock, call_stamp; /* call_stamp: last call that writes globals */
};

static ir_val_t map_copy(ir_val_t v, void *ctx)
{
    const struct copy *c = ctx;
    if (v >= c->n || c->src[v] == IR_NONE) return v;
    ir_val_t s = c->src[v];
    if (c->b->vals[s].kind != IR_VAL_GLOBAL) return s;
    return c->stamp[s] <= c->snap[v] && c->call_stamp <= c->snap[v] ? s : v;
}

/* Records a mov's source; true when the mov can go. */
static bool record_mov(struct copy *c, const struct ir_insn *in)
{
    const struct ir_value *a = &c->b->vals[in->a];
    if (a->kind != IR_VAL_GLOBAL) {
        c->src[in->dst] = in->a;
        return true;
    }
    if (!c->aliased[in->a]) {
        c->src[in->dst] = in->a;
        c->snap[in->dst] = c->clock;
    }
    return false;
}

static void note_writes(struct copy *c, const struct ir_insn *in)
{
    if (in->op == IR_SET)
        c->stamp[in->a] = ++c->clock;
    else if (in->op == IR_CALL && in->helper && (in->helper->call_flags & IR_CALL_WRITES_GLOBALS))
        c->call_stamp = ++c->clock;
}

bool opt_copy(struct ir_block *b, struct opt_scratch *s)
{
    unsigned n = b->nvals;
    size_t bytes = 2 * opt_carve_size(n * sizeof(uint32_t)) + opt_carve_size(n * sizeof(ir_val_t)) +
                   opt_carve_size(n) + opt_carve_size(opt_alias_work_size(b));
    uint8_t *p = opt_scratch_get(s, bytes);
    if (!p) return false;
    struct copy c = {.b = b, .n = n};
    c.snap = opt_carve(&p, n * sizeof(uint32_t));
    c.stamp = opt_carve(&p, n * sizeof(uint32_t));
    void *work = opt_carve(&p, opt_alias_work_size(b));
    c.src = opt_carve(&p, n * sizeof(ir_val_t));
    c.aliased = opt_carve(&p, n);
    memset(c.src, 0xff, n * sizeof(ir_val_t));
    opt_mark_aliased(b, c.aliased, work);
    for (unsigned i = 0; i < b->ninsns; i++) {
        struct ir_insn *in = &b->insns[i];
        if (in->op == IR_NOP) continue;
        opt_rewrite_uses(in, map_copy, &c);
        if (in->op == IR_MOV && record_mov(&c, in)) opt_kill(in);
        note_writes(&c, in);
    }
    return true;
}
