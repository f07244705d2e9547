/* frontend/lift_muldiv.c — lifts the HI/LO class inline: MULT/MULTU, the
 * MADD/MSUB accumulators (on I64), DIV/DIVU, MUL and MFHI/MTHI/MFLO/MTLO.
 * Semantics are interp_muldiv.c's, including its UNPREDICTABLE choices
 * (QEMU's): a zero divisor, and INT_MIN / -1, divide by 1 instead.
 */
#include "frontend/lift_class.h"

/* HI:LO as one I64. */
static ir_val_t hilo(struct lift_ctx *c)
{
    struct ir_block *b = c->b;
    ir_val_t hi = ir_binop(b, IR_SHL, ir_unop(b, IR_ZEXT, lift_hi(c)), ir_const64(b, 32));
    return ir_binop(b, IR_OR, hi, ir_unop(b, IR_ZEXT, lift_lo(c)));
}

static void set_hilo(struct lift_ctx *c, ir_val_t v)
{
    struct ir_block *b = c->b;
    ir_val_t hi = ir_unop(b, IR_TRUNC, ir_binop(b, IR_SHR, v, ir_const64(b, 32)));
    ir_val_t lo = ir_unop(b, IR_TRUNC, v);
    ir_set(b, lift_hi(c), hi);
    ir_set(b, lift_lo(c), lo);
}

/* The 64-bit product of rs and rt, signed or unsigned. */
static ir_val_t product64(struct lift_ctx *c, const struct mips_insn *in, bool is_signed)
{
    enum ir_opcode ext = is_signed ? IR_SEXT : IR_ZEXT;
    ir_val_t x = ir_unop(c->b, ext, lift_gpr(c, in->rs));
    ir_val_t y = ir_unop(c->b, ext, lift_gpr(c, in->rt));
    return ir_binop(c->b, IR_MUL, x, y);
}

/* MULT/MULTU: both halves from one pair of 32-bit multiplies. */
static void lift_mult(struct lift_ctx *c, const struct mips_insn *in, bool is_signed)
{
    ir_val_t x = lift_gpr(c, in->rs), y = lift_gpr(c, in->rt);
    ir_val_t hi = ir_binop(c->b, is_signed ? IR_MULHS : IR_MULHU, x, y);
    ir_val_t lo = ir_binop(c->b, IR_MUL, x, y);
    ir_set(c->b, lift_hi(c), hi);
    ir_set(c->b, lift_lo(c), lo);
}

/* MADD/MSUB[U]: HI:LO +/- product, modulo 2^64 (Vol. II MADD). */
static void lift_accumulate(struct lift_ctx *c, const struct mips_insn *in, bool is_signed,
                            bool sub)
{
    ir_val_t p = product64(c, in, is_signed);
    set_hilo(c, ir_binop(c->b, sub ? IR_SUB : IR_ADD, hilo(c), p));
}

/* DIV: the divisor becomes 1 when it is 0 or for INT_MIN / -1. */
static void lift_div(struct lift_ctx *c, const struct mips_insn *in)
{
    struct ir_block *b = c->b;
    ir_val_t n = lift_gpr(c, in->rs), d = lift_gpr(c, in->rt);
    ir_val_t zero = ir_setcond(b, IR_EQ, d, lift_k(c, 0));
    ir_val_t min = ir_setcond(b, IR_EQ, n, lift_k(c, 0x80000000u));
    ir_val_t neg1 = ir_setcond(b, IR_EQ, d, lift_k(c, 0xffffffffu));
    ir_val_t bad = ir_binop(b, IR_OR, zero, ir_binop(b, IR_AND, min, neg1));
    ir_val_t dd = ir_select(b, bad, lift_k(c, 1), d);
    ir_val_t q = ir_binop(b, IR_DIVS, n, dd), r = ir_binop(b, IR_REMS, n, dd);
    ir_set(b, lift_lo(c), q);
    ir_set(b, lift_hi(c), r);
}

static void lift_divu(struct lift_ctx *c, const struct mips_insn *in)
{
    struct ir_block *b = c->b;
    ir_val_t n = lift_gpr(c, in->rs), d = lift_gpr(c, in->rt);
    ir_val_t dd = ir_select(b, ir_setcond(b, IR_EQ, d, lift_k(c, 0)), lift_k(c, 1), d);
    ir_val_t q = ir_binop(b, IR_DIVU, n, dd), r = ir_binop(b, IR_REMU, n, dd);
    ir_set(b, lift_lo(c), q);
    ir_set(b, lift_hi(c), r);
}

bool lift_muldiv(struct lift_ctx *c, const struct mips_insn *in)
{
    switch (in->op) {
    case MIPS_OP_MFHI:
        lift_set_gpr(c, in->rd, lift_hi(c));
        return true;
    case MIPS_OP_MTHI:
        ir_set(c->b, lift_hi(c), lift_gpr(c, in->rs));
        return true;
    case MIPS_OP_MFLO:
        lift_set_gpr(c, in->rd, lift_lo(c));
        return true;
    case MIPS_OP_MTLO:
        ir_set(c->b, lift_lo(c), lift_gpr(c, in->rs));
        return true;
    case MIPS_OP_MULT:
    case MIPS_OP_MULTU:
        lift_mult(c, in, in->op == MIPS_OP_MULT);
        return true;
    case MIPS_OP_DIV:
        lift_div(c, in);
        return true;
    case MIPS_OP_DIVU:
        lift_divu(c, in);
        return true;
    case MIPS_OP_MUL: /* HI and LO are left alone (interp_muldiv.c) */
        if (in->rd != 0)
            lift_set_gpr(c, in->rd,
                         ir_binop(c->b, IR_MUL, lift_gpr(c, in->rs), lift_gpr(c, in->rt)));
        return true;
    case MIPS_OP_MADD:
    case MIPS_OP_MADDU:
    case MIPS_OP_MSUB:
    case MIPS_OP_MSUBU:
        lift_accumulate(c, in, in->op == MIPS_OP_MADD || in->op == MIPS_OP_MSUB,
                        in->op == MIPS_OP_MSUB || in->op == MIPS_OP_MSUBU);
        return true;
    default:
        return false;
    }
}
