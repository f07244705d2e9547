/* translator/ir_verify.c — the IR's invariants, checked after the frontend and
 * after every pass in debug builds (and always by the tests):
 *  - operands name existing values; a dst is a temp, IR_SET's target a global;
 *  - temps are assigned exactly once, before any use;
 *  - operand types match the op (width changes as ir.h says);
 *  - the block ends with an unconditional exit, and nothing follows it.
 */
#include "translator/ir.h"

#include <stdlib.h>

struct verify {
    const struct ir_block *b;
    uint8_t *defined;
    const char *err;
};

static bool valid(const struct ir_block *b, ir_val_t v)
{
    return v != IR_NONE && v < b->nvals;
}

static void check_use(ir_val_t v, void *ctx)
{
    struct verify *s = ctx;
    if (s->err)
        return;
    if (!valid(s->b, v))
        s->err = "operand names no value";
    else if (s->b->vals[v].kind == IR_VAL_TEMP && !s->defined[v])
        s->err = "temp used before it is assigned";
}

static unsigned vtype(const struct ir_block *b, ir_val_t v)
{
    return valid(b, v) ? b->vals[v].type : 0xff;
}

static bool is_binop(unsigned op)
{
    return (op >= IR_ADD && op <= IR_ROTR) || (op >= IR_MULHS && op <= IR_REMU);
}

static bool is_unop_same_type(unsigned op)
{
    return op == IR_NOT || op == IR_NEG || op == IR_CLZ || op == IR_BSWAP ||
           (op >= IR_SEXT8 && op <= IR_ZEXT16) || op == IR_MOV || op == IR_EXTRACT;
}

/* The type rules of one op; NULL when they hold. */
static const char *check_types(const struct ir_block *b, const struct ir_insn *in)
{
    unsigned t = in->type, op = in->op;
    if (is_binop(op) || op == IR_DEPOSIT)
        return vtype(b, in->a) == t && vtype(b, in->b) == t && vtype(b, in->dst) == t
                   ? NULL : "binary op operand types differ";
    if (is_unop_same_type(op))
        return vtype(b, in->a) == t && vtype(b, in->dst) == t ? NULL : "unary op type mismatch";
    switch (op) {
    case IR_ZEXT:
    case IR_SEXT:
        return vtype(b, in->a) == IR_I32 && vtype(b, in->dst) == IR_I64 ? NULL
                                                                        : "extension needs i32 -> i64";
    case IR_TRUNC:
        return vtype(b, in->a) == IR_I64 && vtype(b, in->dst) == IR_I32 ? NULL
                                                                        : "trunc needs i64 -> i32";
    case IR_SET:
        return vtype(b, in->a) == vtype(b, in->b) ? NULL : "set of a global with another type";
    case IR_SETCOND:
        return vtype(b, in->a) == vtype(b, in->b) && vtype(b, in->dst) == IR_I32 &&
                       in->cond < IR_COND_COUNT
                   ? NULL : "setcond type mismatch";
    case IR_SELECT:
        return vtype(b, in->c) == IR_I32 && vtype(b, in->a) == vtype(b, in->b) &&
                       vtype(b, in->dst) == vtype(b, in->a)
                   ? NULL : "select type mismatch";
    case IR_LOAD:
    case IR_STORE:
        return vtype(b, in->a) == IR_I32 ? NULL : "memory address is not i32";
    case IR_EXIT_IF:
        return vtype(b, in->a) == vtype(b, in->b) && in->cond < IR_COND_COUNT
                   ? NULL : "exit_if type mismatch";
    case IR_EXIT_INDIRECT:
        return vtype(b, in->a) == IR_I32 ? NULL : "indirect target is not i32";
    case IR_CALL:
    case IR_RAISE_IF:
        return in->helper ? NULL : "call without a helper";
    default:
        return NULL;
    }
}

static bool ends_block(const struct ir_insn *in)
{
    return in->op == IR_EXIT || in->op == IR_EXIT_INDIRECT ||
           (in->op == IR_CALL && in->helper && (in->helper->call_flags & IR_CALL_ENDS_BLOCK));
}

/* Checks the definition made by one op; NULL when sound. */
static const char *check_def(struct verify *s, const struct ir_insn *in)
{
    if (in->op == IR_SET)
        return valid(s->b, in->a) && s->b->vals[in->a].kind == IR_VAL_GLOBAL
                   ? NULL : "set target is not a global";
    if (in->dst == IR_NONE)
        return NULL;
    if (!valid(s->b, in->dst) || s->b->vals[in->dst].kind != IR_VAL_TEMP)
        return "result is not a temp";
    if (s->defined[in->dst])
        return "temp assigned twice";
    s->defined[in->dst] = 1;
    return NULL;
}

const char *ir_verify(const struct ir_block *b, unsigned *at)
{
    struct verify s = {.b = b, .defined = calloc(b->nvals ? b->nvals : 1, 1)};
    if (!s.defined)
        return "out of memory";
    bool ended = false;
    unsigned i, err_at = 0;
    for (i = 0; i < b->ninsns && !s.err; i++) {
        err_at = i;
        const struct ir_insn *in = &b->insns[i];
        if (in->op == IR_NOP)
            continue;
        if (in->op >= IR_OPCODE_COUNT) {
            s.err = "unknown opcode";
            break;
        }
        if (ended) {
            s.err = "op after the block's final exit";
            break;
        }
        ir_insn_foreach_use(in, check_use, &s);
        if (!s.err)
            s.err = check_types(b, in);
        if (!s.err)
            s.err = check_def(&s, in);
        ended = ends_block(in);
    }
    if (!s.err && !ended) {
        s.err = "block does not end with an exit";
        err_at = b->ninsns;
    }
    if (s.err && at)
        *at = err_at;
    free(s.defined);
    return s.err;
}
