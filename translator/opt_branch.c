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

/* ---- the setcond's value on each side of its fused exit ----
 * After `t = setcond.c a, b; set g, t; exit_if.ne t, 0`, t is 1 where the exit
 * is taken and 0 where it is not (MIPS: `sltu v1, a, b; beqz v1, L`, v1 mostly
 * dead after). When the ops between the setcond and the exit only set globals
 * to t (and neither read those globals nor may leave the block), each such
 * `set g, t` becomes `set g, <t on the exit>` and a `set g, <t past it>`
 * follows the exit, later reads of t read that constant, and the setcond,
 * now unread, goes (dce): where g is set again before anything reads it, dse
 * drops the second set, and the compare is left to the exit alone. */
struct known_set {
    unsigned after; /* the exit */
    ir_val_t g;
    ir_val_t k; /* t past the exit */
};

/* Whether op in reads global g. */
static bool reads(const struct ir_insn *in, ir_val_t g)
{
    return in->op != IR_NOP && ((in->a == g && in->op != IR_SET) || in->b == g || in->c == g);
}

/* Ops at..i of a fused exit i on setcond t qualify (see above). */
static bool sets_only(const struct ir_block *b, ir_val_t t, unsigned at, unsigned i)
{
    for (unsigned j = at + 1; j < i; j++) {
        const struct ir_insn *in = &b->insns[j];
        if (in->op == IR_NOP) continue;
        if (ir_op_can_leave(in) || in->op == IR_CALL) return false;
        if (in->op != IR_SET && reads(in, t)) return false;
        if (in->op != IR_SET || in->b != t) continue;
        for (unsigned k = at + 1; k < i; k++) /* g read or set again before the exit */
            if (k != j && (reads(&b->insns[k], in->a) ||
                           (b->insns[k].op == IR_SET && b->insns[k].a == in->a)))
                return false;
    }
    return true;
}

/* Rewrites the sets and later reads of t around fused exit i; the sets to
 * insert after i go to ks (n of them). */
static void split_known(struct ir_block *b, ir_val_t t, unsigned at, unsigned i, bool taken_is_one,
                        struct known_set *ks, unsigned *n)
{
    ir_val_t on_exit = ir_const32(b, taken_is_one), past = ir_const32(b, !taken_is_one);
    if (on_exit == IR_NONE || past == IR_NONE) return;
    for (unsigned j = at + 1; j < i; j++) {
        struct ir_insn *in = &b->insns[j];
        if (in->op != IR_SET || in->b != t) continue;
        in->b = on_exit;
        ks[(*n)++] = (struct known_set){i, in->a, past};
    }
    for (unsigned j = i + 1; j < b->ninsns; j++) {
        struct ir_insn *in = &b->insns[j];
        if (in->op == IR_NOP) continue;
        if (in->a == t && in->op != IR_SET) in->a = past;
        if (in->b == t) in->b = past;
        if (in->c == t) in->c = past;
    }
}

/* Fused exit i compares a and b: each setcond of the same compare (or its
 * inverse) shortly before it, when the ops between qualify, has a known value
 * on each side (`sltu v1, a, b; beqz v1, L`: the beqz's own setcond, fused
 * from v1's, and v1's). */
static void known_around(struct ir_block *b, unsigned i, struct known_set *ks, unsigned *n)
{
    const struct ir_insn *x = &b->insns[i];
    for (unsigned j = i; j-- > 0 && i - j <= 16;) {
        const struct ir_insn *sc = &b->insns[j];
        if (sc->op != IR_SETCOND || sc->a != x->a || sc->b != x->b || sc->dst == IR_NONE ||
            (sc->cond != x->cond && sc->cond != inverse[x->cond]))
            continue;
        if (!same_value(b, sc->a, j, i) || !same_value(b, sc->b, j, i)) return;
        if (sets_only(b, sc->dst, j, i)) split_known(b, sc->dst, j, i, sc->cond == x->cond, ks, n);
    }
}

/* Puts the n sets of ks (in op order) after their exits. */
static bool insert_sets(struct ir_block *b, const struct known_set *ks, unsigned n)
{
    unsigned old = b->ninsns;
    for (unsigned k = 0; k < n; k++)
        if (!ir_append(b, IR_NOP, IR_I32)) return false;
    unsigned to = b->ninsns, k = n;
    for (unsigned from = old; from-- > 0;) {
        while (k > 0 && ks[k - 1].after == from) {
            k--;
            b->insns[--to] = (struct ir_insn){.op = IR_SET, .type = (uint8_t)b->vals[ks[k].g].type,
                                              .dst = IR_NONE, .a = ks[k].g, .b = ks[k].k,
                                              .c = IR_NONE};
        }
        b->insns[--to] = b->insns[from];
    }
    return true;
}

bool opt_branch(struct ir_block *b, struct opt_scratch *s)
{
    /* def[t] = 1 + the op defining temporary t with a setcond, else 0. */
    size_t nv = b->nvals ? b->nvals : 1;
    uint8_t *mem = opt_scratch_get(s, opt_carve_size(nv * sizeof(uint32_t)) +
                                          opt_carve_size(b->ninsns * sizeof(struct known_set)));
    if (!mem) return false;
    uint32_t *def = opt_carve(&mem, nv * sizeof *def);
    struct known_set *ks = opt_carve(&mem, b->ninsns * sizeof *ks);
    unsigned nks = 0;
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
        if (in->op == IR_EXIT_IF) known_around(b, i, ks, &nks);
    }
    return nks == 0 || insert_sets(b, ks, nks);
}
