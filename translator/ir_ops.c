/* translator/ir_ops.c — the semantics of every value-producing IR op on known
 * operands, as ir.h defines them: I32 values wrap at 32 bits, shift counts use
 * the low 5 (I32) or 6 (I64) bits, CLZ of 0 is the width, SEXT8/16 and ZEXT8/16
 * act within the op's own type. The evaluator and the constant folder both call
 * ir_op_compute, so the IR has one meaning whichever of them looks at it.
 *
 * Operands are masked to the op's type on the way in (so a caller may pass
 * sign-extended values), and results to the result's type on the way out.
 */
#include "translator/ir_ops.h"

static unsigned type_bits(unsigned t)
{
    return t == IR_I64 ? 64 : 32;
}

static uint64_t mask(uint64_t v, unsigned bits)
{
    return bits == 64 ? v : v & 0xffffffffu;
}

static int64_t as_signed(uint64_t v, unsigned bits)
{
    return bits == 64 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v;
}

/* ---- two operands (both of n bits) ---- */

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

/* The divisions below run only once division_defined() said yes. */
static uint64_t op_divs(uint64_t a, uint64_t b, unsigned n)
{
    return mask((uint64_t)(as_signed(a, n) / as_signed(b, n)), n);
}

static uint64_t op_rems(uint64_t a, uint64_t b, unsigned n)
{
    return mask((uint64_t)(as_signed(a, n) % as_signed(b, n)), n);
}

static uint64_t op_divu(uint64_t a, uint64_t b, unsigned n)
{
    (void)n;
    return a / b;
}

static uint64_t op_remu(uint64_t a, uint64_t b, unsigned n)
{
    (void)n;
    return a % b;
}

static uint64_t (*const binary[IR_OPCODE_COUNT])(uint64_t, uint64_t, unsigned) = {
    [IR_ADD] = op_add,   [IR_SUB] = op_sub,   [IR_MUL] = op_mul,     [IR_AND] = op_and,
    [IR_OR] = op_or,     [IR_XOR] = op_xor,   [IR_SHL] = op_shl,     [IR_SHR] = op_shr,
    [IR_SAR] = op_sar,   [IR_ROTR] = op_rotr, [IR_MULHS] = op_mulhs, [IR_MULHU] = op_mulhu,
    [IR_DIVS] = op_divs, [IR_DIVU] = op_divu, [IR_REMS] = op_rems,   [IR_REMU] = op_remu,
};

/* ir.h: the frontend never divides by zero nor INT_MIN by -1 (x86 idiv traps). */
static bool division_defined(unsigned op, uint64_t a, uint64_t b, unsigned n)
{
    if (op < IR_DIVS || op > IR_REMU) return true;
    bool is_signed = op == IR_DIVS || op == IR_REMS;
    return b != 0 && !(is_signed && a == 1ull << (n - 1) && b == mask(~0ull, n));
}

/* ---- one operand (of n bits, the op's type) ---- */

static uint64_t sext_from(uint64_t a, unsigned from)
{
    return (uint64_t)((int64_t)(a << (64 - from)) >> (64 - from));
}

static uint64_t op_mov(uint64_t a, unsigned n)
{
    (void)n;
    return a;
}

static uint64_t op_not(uint64_t a, unsigned n)
{
    (void)n;
    return ~a;
}

static uint64_t op_neg(uint64_t a, unsigned n)
{
    (void)n;
    return -a;
}

static uint64_t op_clz(uint64_t a, unsigned n)
{
    return a ? (unsigned)__builtin_clzll(a) - (64 - n) : n;
}

static uint64_t op_bswap(uint64_t a, unsigned n)
{
    return n == 64 ? __builtin_bswap64(a) : __builtin_bswap32((uint32_t)a);
}

static uint64_t op_low32(uint64_t a, unsigned n) /* ZEXT and TRUNC */
{
    (void)n;
    return a & 0xffffffffu;
}

static uint64_t op_sext(uint64_t a, unsigned n)
{
    (void)n;
    return sext_from(a, 32);
}

static uint64_t op_sext8(uint64_t a, unsigned n)
{
    (void)n;
    return sext_from(a, 8);
}

static uint64_t op_sext16(uint64_t a, unsigned n)
{
    (void)n;
    return sext_from(a, 16);
}

static uint64_t op_zext8(uint64_t a, unsigned n)
{
    (void)n;
    return a & 0xff;
}

static uint64_t op_zext16(uint64_t a, unsigned n)
{
    (void)n;
    return a & 0xffff;
}

static uint64_t (*const unary[IR_OPCODE_COUNT])(uint64_t, unsigned) = {
    [IR_MOV] = op_mov,     [IR_NOT] = op_not,       [IR_NEG] = op_neg,     [IR_CLZ] = op_clz,
    [IR_BSWAP] = op_bswap, [IR_ZEXT] = op_low32,    [IR_SEXT] = op_sext,   [IR_TRUNC] = op_low32,
    [IR_SEXT8] = op_sext8, [IR_SEXT16] = op_sext16, [IR_ZEXT8] = op_zext8, [IR_ZEXT16] = op_zext16,
};

/* ---- the rest ---- */

static uint64_t low_bits(unsigned len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

/* EXTRACT / DEPOSIT; false when the field is empty or passes the width: the
 * x86 backend refuses those too (translator/x86/backend.c field_of). */
static bool compute_field(const struct ir_insn *in, uint64_t a, uint64_t b, unsigned n, uint64_t *r)
{
    unsigned lo = (unsigned)(in->imm & 0xff), len = (unsigned)((in->imm >> 8) & 0xff);
    if (len == 0 || lo + len > n) return false;
    if (in->op == IR_EXTRACT)
        *r = (a >> lo) & low_bits(len);
    else
        *r = (a & ~(low_bits(len) << lo)) | ((b & low_bits(len)) << lo);
    return true;
}

/* The width of the value op `in` writes: width changes say it, SETCOND is I32. */
static unsigned result_bits(const struct ir_insn *in)
{
    if (in->op == IR_ZEXT || in->op == IR_SEXT) return 64;
    if (in->op == IR_TRUNC || in->op == IR_SETCOND) return 32;
    return type_bits(in->type);
}

/* Every value op but the fields; false when undefined or not a value op. */
static bool compute(const struct ir_insn *in, uint64_t a, uint64_t b, uint64_t c, uint64_t *r)
{
    unsigned op = in->op, n = type_bits(in->type);
    if (op >= IR_OPCODE_COUNT) return false;
    if (binary[op]) {
        if (!division_defined(op, a, b, n)) return false;
        *r = binary[op](a, b, n);
    } else if (unary[op]) {
        *r = unary[op](a, n);
    } else if (op == IR_SETCOND) {
        *r = ir_cond_holds((enum ir_cond)in->cond, (enum ir_type)in->type, a, b);
    } else if (op == IR_SELECT) {
        *r = (uint32_t)c ? a : b;
    } else if (op == IR_EXTRACT || op == IR_DEPOSIT) {
        return compute_field(in, a, b, n, r);
    } else {
        return false;
    }
    return true;
}

bool ir_op_compute(const struct ir_insn *in, uint64_t a, uint64_t b, uint64_t c, uint64_t *result)
{
    unsigned n = type_bits(in->type);
    uint64_t r = 0;
    bool defined = compute(in, mask(a, n), mask(b, n), c, &r);
    *result = defined ? mask(r, result_bits(in)) : 0;
    return defined;
}

bool ir_cond_holds(enum ir_cond c, enum ir_type t, uint64_t a, uint64_t b)
{
    unsigned n = type_bits(t);
    int64_t sa = as_signed(a, n), sb = as_signed(b, n);
    a = mask(a, n);
    b = mask(b, n);
    switch (c) {
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
