/* translator/opt_branch.c — branch fusion: an `exit_if.ne t, 0` (or `.eq`)
 * whose t is `setcond.c a, b` becomes `exit_if.c a, b` (or the inverse
 * condition) when a and b still hold, at the exit, the values the setcond
 * read. MIPS branches take their condition before the delay slot runs, so
 * the lifter always goes through a setcond; fused, the exit is one compare
 * and jump, and dce drops the setcond when nothing else reads it. A
 * `setcond.ne t, 0` or `.eq` of such a t fuses the same way: an if-then
 * region's select on a branch over `sltu` tested it (setcc, xor, test).
 */
#include "translator/opt.h"

#include <string.h>

static const uint8_t inverse[IR_COND_COUNT] = {
    [IR_EQ] = IR_NE,   [IR_NE] = IR_EQ,   [IR_LT] = IR_GE,   [IR_GE] = IR_LT,   [IR_LE] = IR_GT,
    [IR_GT] = IR_LE,   [IR_LTU] = IR_GEU, [IR_GEU] = IR_LTU, [IR_LEU] = IR_GTU, [IR_GTU] = IR_LEU,
};

/* v, read at op `from`, has the same value at op `to`: temporaries and
 * constants never change; a global does at a set of it or a call that may
 * write globals. */
static bool same_value(const struct ir_block *b, ir_val_t v, unsigned from, unsigned to)
{
    if (b->vals[v].kind != IR_VAL_GLOBAL) return true;
    for (unsigned i = from + 1; i < to; i++) {
        const struct ir_insn *in = &b->insns[i];
        if (in->op == IR_SET && in->a == v) return false;
        if (in->op == IR_CALL && (!in->helper || (in->helper->call_flags & IR_CALL_WRITES_GLOBALS)))
            return false;
    }
    return true;
}

static bool is_zero(const struct ir_block *b, ir_val_t v)
{
    return b->vals[v].kind == IR_VAL_CONST && b->vals[v].constant == 0;
}

bool opt_branch(struct ir_block *b, struct opt_scratch *s)
{
    /* def[t] = 1 + the op defining temporary t with a setcond, else 0. */
    uint32_t *def = opt_scratch_get(s, (b->nvals ? b->nvals : 1) * sizeof *def);
    if (!def) return false;
    for (unsigned i = 0; i < b->ninsns; i++) {
        struct ir_insn *in = &b->insns[i];
        if (in->op == IR_SETCOND && in->dst != IR_NONE && in->cond < IR_COND_COUNT)
            def[in->dst] = i + 1;
        if ((in->op != IR_EXIT_IF && in->op != IR_SETCOND) ||
            (in->cond != IR_NE && in->cond != IR_EQ))
            continue;
        if (!is_zero(b, in->b) || b->vals[in->a].kind != IR_VAL_TEMP || !def[in->a]) continue;
        unsigned at = def[in->a] - 1;
        const struct ir_insn *sc = &b->insns[at];
        if (!same_value(b, sc->a, at, i) || !same_value(b, sc->b, at, i)) continue;
        in->cond = in->cond == IR_NE ? sc->cond : inverse[sc->cond];
        in->type = sc->type;
        in->a = sc->a;
        in->b = sc->b;
    }
    return true;
}
