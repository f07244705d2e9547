/* translator/opt_fold.c — constant folding and propagation, in one forward walk.
 *
 * An op whose operands are all constants becomes a nop and its result's uses
 * read the constant instead; algebraic identities (x+0, x&0, select on a
 * constant, ...) do the same with an operand. Exits and raises with constant
 * conditions are decided: a taken exit_if becomes the block's final exit and
 * the ops after it go. So a MIPS `lui; ori` pair through a forwarded global
 * becomes one constant, and reads of $zero vanish.
 *
 * The arithmetic is the IR's exactly (ir.h): I32 values wrap at 32 bits, shift
 * counts are masked to the width, CLZ of 0 is the width. A division by zero or
 * of INT_MIN by -1 is never folded: the frontend promised it does not happen,
 * so whatever the backend would do there is left to it.
 */
#include "translator/opt.h"

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

/* v (of type t) sign-extended to 64 bits. */
static int64_t sext_of(unsigned t, uint64_t v)
{
    return t == IR_I64 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v;
}

static uint64_t low_mask(unsigned len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

/* High half of the unsigned 128-bit product, from 32-bit pieces. */
static uint64_t mulhu64(uint64_t a, uint64_t b)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* The signed high half differs from the unsigned one by the operands' signs. */
static uint64_t mulhs64(uint64_t a, uint64_t b)
{
    return mulhu64(a, b) - ((int64_t)a < 0 ? b : 0) - ((int64_t)b < 0 ? a : 0);
}

static uint64_t rotr(uint64_t a, unsigned n, unsigned w)
{
    return n ? (a >> n | a << (w - n)) : a;
}

static uint64_t mul_high(unsigned op, unsigned t, uint64_t a, uint64_t b)
{
    if (t == IR_I64) return op == IR_MULHS ? mulhs64(a, b) : mulhu64(a, b);
    if (op == IR_MULHS) return (uint64_t)(sext_of(t, a) * sext_of(t, b)) >> 32;
    return (a * b) >> 32;
}

/* a / b or a % b; false for the cases the IR leaves undefined. */
static bool divide(unsigned op, unsigned t, uint64_t a, uint64_t b, uint64_t *r)
{
    int64_t sa = sext_of(t, a), sb = sext_of(t, b);
    int64_t min = t == IR_I64 ? INT64_MIN : INT32_MIN;
    if (b == 0 || ((op == IR_DIVS || op == IR_REMS) && sa == min && sb == -1)) return false;
    switch (op) {
    case IR_DIVS:
        *r = (uint64_t)(sa / sb);
        return true;
    case IR_REMS:
        *r = (uint64_t)(sa % sb);
        return true;
    case IR_DIVU:
        *r = a / b;
        return true;
    default:
        *r = a % b;
        return true;
    }
}

/* Binary arithmetic on operands already masked to type t; false: do not fold. */
static bool eval_binary(unsigned op, unsigned t, uint64_t a, uint64_t b, uint64_t *r)
{
    unsigned w = type_width(t), n = (unsigned)(b & (w - 1));
    switch (op) {
    case IR_ADD:
        *r = a + b;
        return true;
    case IR_SUB:
        *r = a - b;
        return true;
    case IR_MUL:
        *r = a * b;
        return true;
    case IR_AND:
        *r = a & b;
        return true;
    case IR_OR:
        *r = a | b;
        return true;
    case IR_XOR:
        *r = a ^ b;
        return true;
    case IR_SHL:
        *r = a << n;
        return true;
    case IR_SHR:
        *r = a >> n;
        return true;
    case IR_SAR:
        *r = (uint64_t)(sext_of(t, a) >> n);
        return true;
    case IR_ROTR:
        *r = rotr(a, n, w);
        return true;
    case IR_MULHS:
    case IR_MULHU:
        *r = mul_high(op, t, a, b);
        return true;
    case IR_DIVS:
    case IR_DIVU:
    case IR_REMS:
    case IR_REMU:
        return divide(op, t, a, b, r);
    default:
        return false;
    }
}

static uint64_t count_leading_zeros(unsigned t, uint64_t a)
{
    unsigned w = type_width(t);
    return a == 0 ? w : (uint64_t)__builtin_clzll(a) - (64 - w);
}

static uint64_t byte_swap(unsigned t, uint64_t a)
{
    return t == IR_I64 ? __builtin_bswap64(a) : __builtin_bswap32((uint32_t)a);
}

/* One-operand ops (t is a's type); false: not one of them. */
static bool eval_unary(unsigned op, unsigned t, uint64_t a, uint64_t *r)
{
    switch (op) {
    case IR_MOV:
        *r = a;
        return true;
    case IR_NOT:
        *r = ~a;
        return true;
    case IR_NEG:
        *r = -a;
        return true;
    case IR_CLZ:
        *r = count_leading_zeros(t, a);
        return true;
    case IR_BSWAP:
        *r = byte_swap(t, a);
        return true;
    case IR_ZEXT:
        *r = (uint32_t)a;
        return true;
    case IR_SEXT:
        *r = (uint64_t)sext_of(IR_I32, a);
        return true;
    case IR_TRUNC:
        *r = (uint32_t)a;
        return true;
    case IR_SEXT8:
        *r = (uint64_t)(int64_t)(int8_t)a;
        return true;
    case IR_SEXT16:
        *r = (uint64_t)(int64_t)(int16_t)a;
        return true;
    case IR_ZEXT8:
        *r = a & 0xff;
        return true;
    case IR_ZEXT16:
        *r = a & 0xffff;
        return true;
    default:
        return false;
    }
}

/* cond(a, b) on values of type t. */
static bool cond_holds(unsigned cond, unsigned t, uint64_t a, uint64_t b)
{
    int64_t sa = sext_of(t, a), sb = sext_of(t, b);
    a &= type_mask(t);
    b &= type_mask(t);
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
        return a > b;
    }
}

/* cond(x, x): the conditions that hold between a value and itself. */
static const bool cond_reflexive[IR_COND_COUNT] = {
    [IR_EQ] = true, [IR_GE] = true, [IR_LE] = true, [IR_GEU] = true, [IR_LEU] = true,
};

/* The field ops' lo/len, when the field fits the width (else not folded). */
static bool field(const struct ir_insn *in, unsigned *lo, unsigned *len)
{
    *lo = (unsigned)(in->imm & 0xff);
    *len = (unsigned)((in->imm >> 8) & 0xff);
    return *len > 0 && *lo + *len <= type_width(in->type);
}

/* The op's result from constant operands a, b, c; false: not foldable. */
static bool eval_op(const struct ir_insn *in, uint64_t a, uint64_t b, uint64_t c, uint64_t *r)
{
    unsigned t = in->type, lo, len;
    switch (in->op) {
    case IR_EXTRACT:
        if (!field(in, &lo, &len)) return false;
        *r = (a >> lo) & low_mask(len);
        return true;
    case IR_DEPOSIT:
        if (!field(in, &lo, &len)) return false;
        *r = (a & ~(low_mask(len) << lo)) | ((b & low_mask(len)) << lo);
        return true;
    case IR_SETCOND:
        *r = cond_holds(in->cond, t, a, b);
        return true;
    case IR_SELECT:
        *r = c ? a : b;
        return true;
    default:
        if (in->b == IR_NONE) return eval_unary(in->op, t, a, r);
        return eval_binary(in->op, t, a, b, r);
    }
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
    if (!eval_op(in, cval(b, in->a), cval(b, in->b), cval(b, in->c), &r)) return IR_NONE;
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
        return opt_const(&f->consts, f->b, IR_I32, cond_reflexive[in->cond]);
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
        taken = cond_reflexive[in->cond];
    else if (is_const(b, in->a) && is_const(b, in->b))
        taken = cond_holds(in->cond, in->type, cval(b, in->a), cval(b, in->b));
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
