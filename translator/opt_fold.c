/* translator/opt_fold.c — constant folding and propagation, in one forward walk.
 *
 * An op whose operands are all constants becomes a nop and its result's uses
 * read the constant instead; algebraic identities (x+0, x&0, select on a
 * constant, ...) do the same with an operand. Exits and raises with constant
 * conditions are decided: a taken exit_if becomes the block's final exit and
 * the ops after it go. So a MIPS `lui; ori` pair through a forwarded global
 * becomes one constant, and reads of $zero vanish.
 *
 * The arithmetic is the IR's own, from translator/ir_ops.c (the evaluator's
 * too). What ir.h leaves undefined is never folded — a division by zero or of
 * INT_MIN by -1, a field that does not fit the width: the frontend promised
 * the first does not happen and the backend refuses the second, so either is
 * left to whoever runs the block.
 */
#include "translator/opt.h"

#include "translator/ir_ops.h"

#include <string.h>

struct fold {
    struct ir_block *b;
    ir_val_t *repl; /* the value to read instead, or IR_NONE; for values < n0 */
    unsigned n0;
    struct opt_consts consts;
};

static uint64_t type_mask(unsigned t)
{
    return t == IR_I64 ? ~0ull : 0xffffffffull;
}

static unsigned type_width(unsigned t)
{
    return t == IR_I64 ? 64 : 32;
}

/* cond(x, x), whatever x is: the condition between any value and itself. */
static bool cond_reflexive(unsigned cond)
{
    return ir_cond_holds((enum ir_cond)cond, IR_I32, 0, 0);
}

static bool is_const(const struct ir_block *b, ir_val_t v)
{
    return v != IR_NONE && b->vals[v].kind == IR_VAL_CONST;
}

static bool is_const_eq(const struct ir_block *b, ir_val_t v, uint64_t k)
{
    return is_const(b, v) && b->vals[v].constant == (k & type_mask(b->vals[v].type));
}

static uint64_t cval(const struct ir_block *b, ir_val_t v)
{
    return v == IR_NONE ? 0 : b->vals[v].constant & type_mask(b->vals[v].type);
}

/* The op's result when every operand it has is a constant; IR_NONE otherwise. */
static ir_val_t fold_constant(struct fold *f, const struct ir_insn *in)
{
    const struct ir_block *b = f->b;
    if (!is_const(b, in->a) || (in->b != IR_NONE && !is_const(b, in->b)) ||
        (in->c != IR_NONE && !is_const(b, in->c)))
        return IR_NONE;
    uint64_t r;
    if (!ir_op_compute(in, cval(b, in->a), cval(b, in->b), cval(b, in->c), &r)) return IR_NONE;
    return opt_const(&f->consts, f->b, (enum ir_type)b->vals[in->dst].type, r);
}

/* x op k == x for the neutral element k of op on either side (right only for
 * SUB and the shifts); x op k == k for the absorbing element. */
static ir_val_t identity_binary(struct fold *f, const struct ir_insn *in)
{
    const struct ir_block *b = f->b;
    ir_val_t x = in->a, y = in->b;
    unsigned t = in->type;
    uint64_t ones = type_mask(t), shift_mask = type_width(t) - 1;
    ir_val_t zero = IR_NONE;
    bool x0 = is_const_eq(b, x, 0), y0 = is_const_eq(b, y, 0);
    switch (in->op) {
    case IR_ADD:
    case IR_OR:
    case IR_XOR:
        if (y0 || x0) return y0 ? x : y;
        if (in->op == IR_OR && (is_const_eq(b, x, ones) || is_const_eq(b, y, ones)))
            return is_const_eq(b, x, ones) ? x : y;
        if (in->op == IR_OR && x == y) return x;
        if (in->op == IR_XOR && x == y) zero = x;
        break;
    case IR_SUB:
        if (y0) return x;
        if (x == y) zero = x;
        break;
    case IR_AND:
        if (x0 || y0) return x0 ? x : y;
        if (is_const_eq(b, y, ones) || x == y) return x;
        if (is_const_eq(b, x, ones)) return y;
        break;
    case IR_MUL:
    case IR_MULHS:
    case IR_MULHU:
        if (x0 || y0) return x0 ? x : y;
        if (in->op == IR_MUL && (is_const_eq(b, x, 1) || is_const_eq(b, y, 1)))
            return is_const_eq(b, y, 1) ? x : y;
        break;
    case IR_SHL:
    case IR_SHR:
    case IR_SAR:
    case IR_ROTR:
        if (x0 || (is_const(b, y) && (cval(b, y) & shift_mask) == 0)) return x;
        break;
    default:
        break;
    }
    return zero == IR_NONE ? IR_NONE : opt_const(&f->consts, f->b, (enum ir_type)t, 0);
}

/* A value the op's result always equals, from the identities; IR_NONE if none. */
static ir_val_t fold_identity(struct fold *f, const struct ir_insn *in)
{
    const struct ir_block *b = f->b;
    if (in->op == IR_SELECT) {
        if (is_const(b, in->c)) return cval(b, in->c) ? in->a : in->b;
        return in->a == in->b ? in->a : IR_NONE;
    }
    if (in->op == IR_SETCOND && in->a == in->b)
        return opt_const(&f->consts, f->b, IR_I32, cond_reflexive(in->cond));
    if (in->op == IR_MOV) return b->vals[in->a].kind == IR_VAL_GLOBAL ? IR_NONE : in->a;
    if ((in->op >= IR_ADD && in->op <= IR_ROTR) || in->op == IR_MULHS || in->op == IR_MULHU)
        return identity_binary(f, in);
    return IR_NONE;
}

/* Folds a pure op: its uses read a constant or operand, and it goes; when the
 * operand is a global (which a later set may change) the op becomes a mov. */
static void fold_value(struct fold *f, struct ir_insn *in)
{
    ir_val_t v = fold_constant(f, in);
    if (v == IR_NONE) v = fold_identity(f, in);
    if (v == IR_NONE) return;
    if (f->b->vals[v].kind == IR_VAL_GLOBAL) {
        ir_val_t dst = in->dst;
        opt_kill(in);
        in->op = IR_MOV;
        in->type = f->b->vals[v].type;
        in->dst = dst;
        in->a = v;
        return;
    }
    if (in->dst < f->n0) f->repl[in->dst] = v;
    opt_kill(in);
}

/* An exit_if decided by constants or equal operands: taken, it becomes the
 * final exit and returns true (the caller drops what follows); else a nop. */
static bool fold_exit_if(struct fold *f, struct ir_insn *in)
{
    const struct ir_block *b = f->b;
    bool taken;
    if (in->a == in->b)
        taken = cond_reflexive(in->cond);
    else if (is_const(b, in->a) && is_const(b, in->b))
        taken = ir_cond_holds((enum ir_cond)in->cond, (enum ir_type)in->type, cval(b, in->a),
                              cval(b, in->b));
    else
        return false;
    if (!taken) {
        opt_kill(in);
        return false;
    }
    in->op = IR_EXIT;
    in->type = IR_I32;
    in->cond = 0;
    in->a = in->b = IR_NONE;
    return true;
}

static ir_val_t map_repl(ir_val_t v, void *ctx)
{
    const struct fold *f = ctx;
    return v < f->n0 && f->repl[v] != IR_NONE ? f->repl[v] : v;
}

/* Folds one op (operands already rewritten); true when it ended the block. */
static bool fold_insn(struct fold *f, struct ir_insn *in)
{
    switch (in->op) {
    case IR_EXIT_IF:
        return fold_exit_if(f, in);
    case IR_EXIT_INDIRECT:
        /* A known target makes the exit direct, and so chainable. */
        if (is_const(f->b, in->a)) {
            in->imm = (uint32_t)cval(f->b, in->a);
            in->op = IR_EXIT;
            in->a = IR_NONE;
        }
        return false;
    case IR_RAISE_IF:
        if (is_const_eq(f->b, in->a, 0)) opt_kill(in);
        return false;
    case IR_CALL:
        return false;
    default:
        if (opt_is_pure(in)) fold_value(f, in);
        return false;
    }
}

bool opt_fold(struct ir_block *b, struct opt_scratch *s)
{
    unsigned n0 = b->nvals, nslots = opt_consts_slots(b);
    size_t repl_bytes = (n0 * sizeof(ir_val_t) + 7) & ~(size_t)7;
    uint8_t *mem = opt_scratch_get(s, repl_bytes + nslots * sizeof(ir_val_t));
    if (!mem) return false;
    struct fold f = {.b = b, .repl = (ir_val_t *)mem, .n0 = n0};
    memset(f.repl, 0xff, n0 * sizeof(ir_val_t));
    opt_consts_init(&f.consts, b, (ir_val_t *)(mem + repl_bytes), nslots);
    for (unsigned i = 0; i < b->ninsns; i++) {
        struct ir_insn *in = &b->insns[i];
        if (in->op == IR_NOP) continue;
        opt_rewrite_uses(in, map_repl, &f);
        if (!fold_insn(&f, in)) continue;
        for (unsigned j = i + 1; j < b->ninsns; j++)
            opt_kill(&b->insns[j]);
        break;
    }
    return !b->oom;
}
