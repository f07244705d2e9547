/* translator/ir_eval.c — the reference evaluator of IR blocks; see ir_eval.h.
 * Values are held as uint64_t, I32 ones zero-extended (as constants are), and
 * every result is masked to its type's width. Division by zero or INT_MIN / -1
 * (which the frontend promises never to emit) give 0 instead of a host trap.
 */
#include "translator/ir_eval.h"

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

static int64_t as_signed(uint64_t v, unsigned bits)
{
    return bits == 64 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v;
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

/* ---- binary operations ---- */

static uint64_t op_add(uint64_t a, uint64_t b, unsigned n)
{
    return mask(a + b, n);
}

static uint64_t op_sub(uint64_t a, uint64_t b, unsigned n)
{
    return mask(a - b, n);
}

static uint64_t op_mul(uint64_t a, uint64_t b, unsigned n)
{
    return mask(a * b, n);
}

static uint64_t op_and(uint64_t a, uint64_t b, unsigned n)
{
    (void)n;
    return a & b;
}

static uint64_t op_or(uint64_t a, uint64_t b, unsigned n)
{
    (void)n;
    return a | b;
}

static uint64_t op_xor(uint64_t a, uint64_t b, unsigned n)
{
    (void)n;
    return a ^ b;
}

static uint64_t op_shl(uint64_t a, uint64_t b, unsigned n)
{
    return mask(a << (b & (n - 1)), n);
}

static uint64_t op_shr(uint64_t a, uint64_t b, unsigned n)
{
    return a >> (b & (n - 1));
}

static uint64_t op_sar(uint64_t a, uint64_t b, unsigned n)
{
    return mask((uint64_t)(as_signed(a, n) >> (b & (n - 1))), n);
}

static uint64_t op_rotr(uint64_t a, uint64_t b, unsigned n)
{
    unsigned s = (unsigned)(b & (n - 1));
    return s ? mask((a >> s) | (a << (n - s)), n) : a;
}

/* High half of the unsigned 128-bit product, from 32-bit pieces (plain C17). */
static uint64_t mulhu64(uint64_t a, uint64_t b)
{
    uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

static uint64_t op_mulhs(uint64_t a, uint64_t b, unsigned n)
{
    if (n == 32) return mask((uint64_t)((as_signed(a, 32) * as_signed(b, 32)) >> 32), 32);
    /* signed high = unsigned high - (a < 0 ? b : 0) - (b < 0 ? a : 0) */
    return mulhu64(a, b) - ((int64_t)a < 0 ? b : 0) - ((int64_t)b < 0 ? a : 0);
}

static uint64_t op_mulhu(uint64_t a, uint64_t b, unsigned n)
{
    return n == 32 ? (a * b) >> 32 : mulhu64(a, b);
}

static bool bad_divs(uint64_t a, uint64_t b, unsigned n)
{
    return b == 0 || (as_signed(b, n) == -1 && a == (1ull << (n - 1)));
}

static uint64_t op_divs(uint64_t a, uint64_t b, unsigned n)
{
    return bad_divs(a, b, n) ? 0 : mask((uint64_t)(as_signed(a, n) / as_signed(b, n)), n);
}

static uint64_t op_rems(uint64_t a, uint64_t b, unsigned n)
{
    return bad_divs(a, b, n) ? 0 : mask((uint64_t)(as_signed(a, n) % as_signed(b, n)), n);
}

static uint64_t op_divu(uint64_t a, uint64_t b, unsigned n)
{
    (void)n;
    return b ? a / b : 0;
}

static uint64_t op_remu(uint64_t a, uint64_t b, unsigned n)
{
    (void)n;
    return b ? a % b : 0;
}

static uint64_t (*const binops[IR_OPCODE_COUNT])(uint64_t, uint64_t, unsigned) = {
    [IR_ADD] = op_add,   [IR_SUB] = op_sub,   [IR_MUL] = op_mul,     [IR_AND] = op_and,
    [IR_OR] = op_or,     [IR_XOR] = op_xor,   [IR_SHL] = op_shl,     [IR_SHR] = op_shr,
    [IR_SAR] = op_sar,   [IR_ROTR] = op_rotr, [IR_MULHS] = op_mulhs, [IR_MULHU] = op_mulhu,
    [IR_DIVS] = op_divs, [IR_DIVU] = op_divu, [IR_REMS] = op_rems,   [IR_REMU] = op_remu,
};

/* ---- unary operations ---- */

static uint64_t sext_from(uint64_t a, unsigned from, unsigned n)
{
    return mask((uint64_t)((int64_t)(a << (64 - from)) >> (64 - from)), n);
}

static uint64_t unop(unsigned op, uint64_t a, unsigned n)
{
    switch (op) {
    case IR_MOV:
        return a;
    case IR_NOT:
        return mask(~a, n);
    case IR_NEG:
        return mask(-a, n);
    case IR_CLZ:
        return a ? (unsigned)__builtin_clzll(a) - (64 - n) : n;
    case IR_BSWAP:
        return n == 64 ? __builtin_bswap64(a) : __builtin_bswap32((uint32_t)a);
    case IR_ZEXT:
    case IR_TRUNC:
        return a & 0xffffffffu;
    case IR_SEXT:
        return sext_from(a, 32, 64);
    case IR_SEXT8:
        return sext_from(a, 8, n);
    case IR_SEXT16:
        return sext_from(a, 16, n);
    case IR_ZEXT8:
        return a & 0xff;
    default: /* IR_ZEXT16 */
        return a & 0xffff;
    }
}

static uint64_t field_mask(unsigned len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

static bool cond_holds(unsigned cond, uint64_t a, uint64_t b, unsigned n)
{
    int64_t sa = as_signed(a, n), sb = as_signed(b, n);
    switch (cond) {
    case IR_EQ:
        return a == b;
    case IR_NE:
        return a != b;
    case IR_LT:
        return sa < sb;
    case IR_GE:
        return sa >= sb;
    case IR_LE:
        return sa <= sb;
    case IR_GT:
        return sa > sb;
    case IR_LTU:
        return a < b;
    case IR_GEU:
        return a >= b;
    case IR_LEU:
        return a <= b;
    default:
        return a > b; /* IR_GTU */
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

static int eval_control(struct eval *e, const struct ir_insn *in, unsigned n)
{
    switch (in->op) {
    case IR_EXIT:
        return leave_to(e, in, (uint32_t)in->imm, IR_EVAL_EXIT);
    case IR_EXIT_IF:
        if (!cond_holds(in->cond, get(e, in->a), get(e, in->b), n)) return -1;
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

static int eval_insn(struct eval *e, const struct ir_insn *in)
{
    unsigned n = width(in->type);
    if (in->op < IR_OPCODE_COUNT && binops[in->op]) {
        put(e, in->dst, binops[in->op](get(e, in->a), get(e, in->b), n));
        return -1;
    }
    switch (in->op) {
    case IR_NOP:
        return -1;
    case IR_SET:
        set_global(e, in->a, get(e, in->b));
        return -1;
    case IR_EXTRACT: {
        unsigned lo = in->imm & 0xff, len = (in->imm >> 8) & 0xff;
        put(e, in->dst, (get(e, in->a) >> lo) & field_mask(len));
        return -1;
    }
    case IR_DEPOSIT: {
        unsigned lo = in->imm & 0xff, len = (in->imm >> 8) & 0xff;
        uint64_t m = field_mask(len) << lo;
        put(e, in->dst, (get(e, in->a) & ~m) | ((get(e, in->b) << lo) & m));
        return -1;
    }
    case IR_SETCOND:
        put(e, in->dst,
            cond_holds(in->cond, get(e, in->a), get(e, in->b), width(e->b->vals[in->a].type)));
        return -1;
    case IR_SELECT:
        put(e, in->dst, get(e, in->c) ? get(e, in->a) : get(e, in->b));
        return -1;
    case IR_LOAD:
    case IR_STORE:
    case IR_CALL:
    case IR_EXIT:
    case IR_EXIT_IF:
    case IR_EXIT_INDIRECT:
    case IR_RAISE_IF:
        return eval_control(e, in, in->op == IR_EXIT_IF ? width(e->b->vals[in->a].type) : n);
    default:
        put(e, in->dst, unop(in->op, get(e, in->a), n));
        return -1;
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
    int how = IR_EVAL_INVALID;
    for (unsigned i = 0; i < b->ninsns && how == IR_EVAL_INVALID; i++) {
        int r = eval_insn(&e, &b->insns[i]);
        if (r >= 0) how = r;
    }
    if (e.temps != local) free(e.temps);
    return how;
}
