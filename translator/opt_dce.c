/* translator/opt_dce.c — dead code elimination: one backward walk turns every
 * op without side effects whose result nothing reads into a nop, so chains of
 * dead ops go at once. Loads stay (they can fault, and the fault is the
 * guest's to see), as do calls unless their helper is IR_CALL_PURE.
 */
#include "translator/opt.h"

static void mark_used(ir_val_t v, void *ctx)
{
    uint8_t *used = ctx;
    used[v] = 1;
}

bool opt_dce(struct ir_block *b, struct opt_scratch *s)
{
    uint8_t *used = opt_scratch_get(s, b->nvals ? b->nvals : 1);
    if (!used) return false;
    for (unsigned i = b->ninsns; i-- > 0;) {
        struct ir_insn *in = &b->insns[i];
        if (in->op == IR_NOP) continue;
        if (opt_is_pure(in) && (in->dst == IR_NONE || !used[in->dst])) {
            opt_kill(in);
            continue;
        }
        ir_insn_foreach_use(in, mark_used, used);
    }
    return true;
}
