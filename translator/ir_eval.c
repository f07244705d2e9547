/* translator/ir_eval.c — the reference evaluator of IR blocks; see ir_eval.h.
 * Values are held as uint64_t, I32 ones zero-extended (as constants are), and
 * every result is masked to its type's width. What each op computes is
 * translator/ir_ops.c's (shared with constant folding); this file walks the
 * block, reads and writes values, and leaves. Division by zero or INT_MIN / -1
 * (which the frontend promises never to emit) give 0 instead of a host trap; a
 * field that does not fit the width (undefined, ir.h) stops with IR_EVAL_INVALID.
 */
#include "translator/ir_eval.h"

#include "translator/ir_ops.h"

#include <stdlib.h>
#include <string.h>

#define LOCAL_VALUES 1024u

struct eval {
    const struct ir_block *b;
    uint8_t *cpu;
    const struct ir_target *t;
    uint64_t *temps;
};

static unsigned width(unsigned type)
{
    return type == IR_I64 ? 64 : 32;
}

static uint64_t mask(uint64_t v, unsigned bits)
{
    return bits == 64 ? v : v & 0xffffffffu;
}

static uint64_t get(const struct eval *e, ir_val_t v)
{
    if (v == IR_NONE) return 0;
    const struct ir_value *val = &e->b->vals[v];
    if (val->kind == IR_VAL_CONST) return val->constant;
    if (val->kind == IR_VAL_TEMP) return e->temps[v];
    if (val->type == IR_I64) {
        uint64_t x;
        memcpy(&x, e->cpu + val->global_offset, sizeof x);
        return x;
    }
    uint32_t x;
    memcpy(&x, e->cpu + val->global_offset, sizeof x);
    return x;
}

static void put(struct eval *e, ir_val_t v, uint64_t x)
{
    if (v != IR_NONE) e->temps[v] = mask(x, width(e->b->vals[v].type));
}

static void set_global(struct eval *e, ir_val_t g, uint64_t x)
{
    const struct ir_value *val = &e->b->vals[g];
    if (val->type == IR_I64) {
        memcpy(e->cpu + val->global_offset, &x, sizeof x);
    } else {
        uint32_t y = (uint32_t)x;
        memcpy(e->cpu + val->global_offset, &y, sizeof y);
    }
}

/* ---- leaving ---- */

static void add_icount(struct eval *e, uint16_t n)
{
    uint64_t ic;
    memcpy(&ic, e->cpu + e->t->icount_offset, sizeof ic);
    ic += n;
    memcpy(e->cpu + e->t->icount_offset, &ic, sizeof ic);
}

static int leave_to(struct eval *e, const struct ir_insn *in, uint32_t pc, int how)
{
    add_icount(e, in->icount);
    memcpy(e->cpu + e->t->pc_offset, &pc, sizeof pc);
    return how;
}

static int leave_raise(struct eval *e, const struct ir_insn *in)
{
    add_icount(e, in->icount);
    e->t->restore(e->cpu, in->pc, in->pc_flags);
    return IR_EVAL_RAISE;
}

/* ---- one op: returns -1 to continue, else how the block left ---- */

/* A store that overwrote translated code may end the block after it (target.h). */
static int eval_store(struct eval *e, const struct ir_insn *in, uint32_t addr)
{
    int r = e->t->store(e->cpu, addr, in->mem, get(e, in->b));
    if (r == TARGET_STORE_RAISED) return leave_raise(e, in);
    if (r == TARGET_STORE_CODE_CHANGED && e->t->resume_after &&
        e->t->resume_after(e->cpu, in->pc, in->pc_flags)) {
        add_icount(e, (uint16_t)(in->icount + 1));
        return IR_EVAL_STORE_EXIT;
    }
    return -1;
}

static int eval_mem(struct eval *e, const struct ir_insn *in)
{
    uint32_t addr = (uint32_t)(get(e, in->a) + (uint64_t)in->imm);
    if (in->op == IR_STORE) return eval_store(e, in, addr);
    uint64_t v;
    if (!e->t->load(e->cpu, addr, in->mem, &v)) return leave_raise(e, in);
    put(e, in->dst, v);
    return -1;
}

static int eval_call(struct eval *e, const struct ir_insn *in)
{
    const struct ir_helper *h = in->helper;
    uint64_t r = h->fn(e->cpu, get(e, in->a), get(e, in->b), get(e, in->c));
    if ((h->call_flags & IR_CALL_CAN_RAISE) && r != 0) return leave_raise(e, in);
    put(e, in->dst, r);
    if (h->call_flags & IR_CALL_ENDS_BLOCK) {
        add_icount(e, in->icount);
        return IR_EVAL_HELPER_EXIT;
    }
    return -1;
}

static int eval_control(struct eval *e, const struct ir_insn *in)
{
    switch (in->op) {
    case IR_EXIT:
        return leave_to(e, in, (uint32_t)in->imm, IR_EVAL_EXIT);
    case IR_EXIT_IF:
        if (!ir_cond_holds((enum ir_cond)in->cond, (enum ir_type)e->b->vals[in->a].type,
                           get(e, in->a), get(e, in->b)))
            return -1;
        return leave_to(e, in, (uint32_t)in->imm, IR_EVAL_EXIT);
    case IR_EXIT_INDIRECT:
        return leave_to(e, in, (uint32_t)get(e, in->a), IR_EVAL_EXIT_INDIRECT);
    case IR_RAISE_IF:
        if (get(e, in->a) == 0) return -1;
        in->helper->fn(e->cpu, (uint64_t)in->imm, 0, 0);
        return leave_raise(e, in);
    case IR_CALL:
        return eval_call(e, in);
    default:
        return eval_mem(e, in);
    }
}

static bool is_division(unsigned op)
{
    return op >= IR_DIVS && op <= IR_REMU;
}

/* A value op: ir_ops.c computes it; an undefined division reads as 0 (see top). */
static int eval_value(struct eval *e, const struct ir_insn *in)
{
    uint64_t r;
    if (!ir_op_compute(in, get(e, in->a), get(e, in->b), get(e, in->c), &r) && !is_division(in->op))
        return IR_EVAL_INVALID;
    put(e, in->dst, r);
    return -1;
}

static int eval_insn(struct eval *e, const struct ir_insn *in)
{
    switch (in->op) {
    case IR_NOP:
        return -1;
    case IR_SET:
        set_global(e, in->a, get(e, in->b));
        return -1;
    case IR_LOAD:
    case IR_STORE:
    case IR_CALL:
    case IR_EXIT:
    case IR_EXIT_IF:
    case IR_EXIT_INDIRECT:
    case IR_RAISE_IF:
        return eval_control(e, in);
    default:
        return eval_value(e, in);
    }
}

int ir_eval(const struct ir_block *b, void *cpu, const struct ir_target *t)
{
    uint8_t *state = cpu;
    if (state[t->exit_request_offset]) return IR_EVAL_REQUESTED;
    uint64_t local[LOCAL_VALUES];
    struct eval e = {b, state, t, local};
    if (b->nvals > LOCAL_VALUES && !(e.temps = malloc(b->nvals * sizeof *e.temps)))
        return IR_EVAL_INVALID;
    int how = -1;
    for (unsigned i = 0; i < b->ninsns && how < 0; i++)
        how = eval_insn(&e, &b->insns[i]);
    if (how < 0) how = IR_EVAL_INVALID;
    if (e.temps != local) free(e.temps);
    return how;
}
