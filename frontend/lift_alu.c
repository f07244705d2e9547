/* frontend/lift_alu.c — lifts the integer ALU class inline: immediate and
 * register arithmetic and logic, shifts and rotates, SLT*, LUI, MOVZ/MOVN,
 * CLZ/CLO and the Release 2 bit-field ops. Semantics are interp_alu.c's;
 * EXT/INS with UNPREDICTABLE fields (RI there) go through the interpreter,
 * and the FPU-condition MOVF/MOVT are lift_movci.c's.
 */
#include "frontend/lift_class.h"

enum alu_kind { K_NONE, K_BINOP, K_SETCOND, K_UNOP };

/* Where operands come from and where the result goes. */
enum alu_form {
    F_RS_RT_RD,  /* rd = rs op rt */
    F_RT_RS_RD,  /* rd = rt op rs (variable shifts: the count is rs) */
    F_RS_IMM_RT, /* rt = rs op imm */
    F_RT_SA_RD,  /* rd = rt op sa */
    F_RS_RD,     /* rd = op rs */
    F_RT_RD,     /* rd = op rt */
};

struct alu_entry {
    uint8_t kind; /* enum alu_kind */
    uint8_t form; /* enum alu_form */
    uint8_t op;   /* enum ir_opcode, or enum ir_cond for K_SETCOND */
};

/* clang-format off */
#define BIN(f, o) {K_BINOP, F_##f, IR_##o}
#define SETC(f, c) {K_SETCOND, F_##f, IR_##c}
#define UN(f, o) {K_UNOP, F_##f, IR_##o}

/* The operations that are one IR op, in the order of enum mips_op. */
static const struct alu_entry alu_simple[MIPS_OP_COUNT] = {
    [MIPS_OP_ADDIU] = BIN(RS_IMM_RT, ADD),  [MIPS_OP_SLTI] = SETC(RS_IMM_RT, LT),
    /* SLTIU compares with the sign-extended immediate taken as unsigned. */
    [MIPS_OP_SLTIU] = SETC(RS_IMM_RT, LTU), [MIPS_OP_ANDI] = BIN(RS_IMM_RT, AND),
    [MIPS_OP_ORI] = BIN(RS_IMM_RT, OR),     [MIPS_OP_XORI] = BIN(RS_IMM_RT, XOR),
    [MIPS_OP_SLL] = BIN(RT_SA_RD, SHL),     [MIPS_OP_SRL] = BIN(RT_SA_RD, SHR),
    [MIPS_OP_ROTR] = BIN(RT_SA_RD, ROTR),   [MIPS_OP_SRA] = BIN(RT_SA_RD, SAR),
    [MIPS_OP_SLLV] = BIN(RT_RS_RD, SHL),    [MIPS_OP_SRLV] = BIN(RT_RS_RD, SHR),
    [MIPS_OP_ROTRV] = BIN(RT_RS_RD, ROTR),  [MIPS_OP_SRAV] = BIN(RT_RS_RD, SAR),
    [MIPS_OP_ADDU] = BIN(RS_RT_RD, ADD),    [MIPS_OP_SUBU] = BIN(RS_RT_RD, SUB),
    [MIPS_OP_AND] = BIN(RS_RT_RD, AND),     [MIPS_OP_OR] = BIN(RS_RT_RD, OR),
    [MIPS_OP_XOR] = BIN(RS_RT_RD, XOR),     [MIPS_OP_SLT] = SETC(RS_RT_RD, LT),
    [MIPS_OP_SLTU] = SETC(RS_RT_RD, LTU),   [MIPS_OP_CLZ] = UN(RS_RD, CLZ),
    [MIPS_OP_SEB] = UN(RT_RD, SEXT8),       [MIPS_OP_SEH] = UN(RT_RD, SEXT16),
};
/* clang-format on */

static unsigned dest_of(const struct mips_insn *in, unsigned form)
{
    return form == F_RS_IMM_RT ? in->rt : in->rd;
}

static void operands(struct lift_ctx *c, const struct mips_insn *in, unsigned form, ir_val_t *x,
                     ir_val_t *y)
{
    switch (form) {
    case F_RS_RT_RD:
        *x = lift_gpr(c, in->rs), *y = lift_gpr(c, in->rt);
        break;
    case F_RT_RS_RD:
        *x = lift_gpr(c, in->rt), *y = lift_gpr(c, in->rs);
        break;
    case F_RS_IMM_RT:
        *x = lift_gpr(c, in->rs), *y = lift_k(c, (uint32_t)in->imm);
        break;
    case F_RT_SA_RD:
        *x = lift_gpr(c, in->rt), *y = lift_k(c, in->sa & 31u);
        break;
    case F_RS_RD:
        *x = lift_gpr(c, in->rs), *y = IR_NONE;
        break;
    default:
        *x = lift_gpr(c, in->rt), *y = IR_NONE;
        break;
    }
}

static void lift_simple(struct lift_ctx *c, const struct mips_insn *in, const struct alu_entry *e)
{
    unsigned dst = dest_of(in, e->form);
    if (dst == 0) return; /* NOP and friends: nothing can be observed */
    ir_val_t x, y, r;
    operands(c, in, e->form, &x, &y);
    if (e->kind == K_BINOP)
        r = ir_binop(c->b, (enum ir_opcode)e->op, x, y);
    else if (e->kind == K_SETCOND)
        r = ir_setcond(c->b, (enum ir_cond)e->op, x, y);
    else
        r = ir_unop(c->b, (enum ir_opcode)e->op, x);
    lift_set_gpr(c, dst, r);
}

/* ADD/ADDI/SUB: Integer Overflow leaves the destination unchanged (Vol. II
 * ADD), so the raise comes before the write. Overflow is bit 31 of
 * (x ^ r) & (y ^ r) for a sum, (x ^ y) & (x ^ r) for a difference. */
static void lift_checked(struct lift_ctx *c, unsigned dst, ir_val_t x, ir_val_t y, bool sub)
{
    struct ir_block *b = c->b;
    ir_val_t r = ir_binop(b, sub ? IR_SUB : IR_ADD, x, y);
    ir_val_t p = sub ? ir_binop(b, IR_XOR, x, y) : ir_binop(b, IR_XOR, x, r);
    ir_val_t q = sub ? ir_binop(b, IR_XOR, x, r) : ir_binop(b, IR_XOR, y, r);
    ir_val_t ov = ir_binop(b, IR_SHR, ir_binop(b, IR_AND, p, q), lift_k(c, 31));
    ir_raise_if(b, ov, &lift_helper_raise, EXC_OV, c->pc, c->pc_flags, c->icount);
    lift_set_gpr(c, dst, r);
}

static bool lift_addi(struct lift_ctx *c, const struct mips_insn *in)
{
    lift_checked(c, in->rt, lift_gpr(c, in->rs), lift_k(c, (uint32_t)in->imm), false);
    return true;
}

static bool lift_add(struct lift_ctx *c, const struct mips_insn *in)
{
    lift_checked(c, in->rd, lift_gpr(c, in->rs), lift_gpr(c, in->rt), false);
    return true;
}

static bool lift_sub(struct lift_ctx *c, const struct mips_insn *in)
{
    lift_checked(c, in->rd, lift_gpr(c, in->rs), lift_gpr(c, in->rt), true);
    return true;
}

static bool lift_lui(struct lift_ctx *c, const struct mips_insn *in)
{
    lift_set_gpr(c, in->rt, lift_k(c, (uint32_t)in->imm));
    return true;
}

/* MOVZ/MOVN: rd = cond(rt) ? rs : rd, as a select so temps stay single-assigned. */
static void lift_movcond(struct lift_ctx *c, const struct mips_insn *in, enum ir_cond cond)
{
    if (in->rd == 0) return;
    ir_val_t t = ir_setcond(c->b, cond, lift_gpr(c, in->rt), lift_k(c, 0));
    lift_set_gpr(c, in->rd, ir_select(c->b, t, lift_gpr(c, in->rs), lift_gpr(c, in->rd)));
}

static bool lift_movz(struct lift_ctx *c, const struct mips_insn *in)
{
    lift_movcond(c, in, IR_EQ);
    return true;
}

static bool lift_movn(struct lift_ctx *c, const struct mips_insn *in)
{
    lift_movcond(c, in, IR_NE);
    return true;
}

static bool lift_nor(struct lift_ctx *c, const struct mips_insn *in)
{
    if (in->rd != 0) {
        ir_val_t t = ir_binop(c->b, IR_OR, lift_gpr(c, in->rs), lift_gpr(c, in->rt));
        lift_set_gpr(c, in->rd, ir_unop(c->b, IR_NOT, t));
    }
    return true;
}

static bool lift_clo(struct lift_ctx *c, const struct mips_insn *in)
{
    if (in->rd != 0)
        lift_set_gpr(c, in->rd, ir_unop(c->b, IR_CLZ, ir_unop(c->b, IR_NOT, lift_gpr(c, in->rs))));
    return true;
}

/* EXT: sa = pos, rd = size - 1; pos + size > 32 is RI (interp_alu.c). */
static bool lift_ext(struct lift_ctx *c, const struct mips_insn *in)
{
    unsigned pos = in->sa, msbd = in->rd;
    if (pos + msbd > 31) return false;
    if (in->rt != 0) lift_set_gpr(c, in->rt, ir_extract(c->b, lift_gpr(c, in->rs), pos, msbd + 1));
    return true;
}

/* INS: sa = lsb, rd = msb; lsb > msb is RI (interp_alu.c). */
static bool lift_ins(struct lift_ctx *c, const struct mips_insn *in)
{
    unsigned lsb = in->sa, msb = in->rd;
    if (lsb > msb) return false;
    if (in->rt != 0) {
        ir_val_t r = ir_deposit(c->b, lift_gpr(c, in->rt), lift_gpr(c, in->rs), lsb, msb - lsb + 1);
        lift_set_gpr(c, in->rt, r);
    }
    return true;
}

/* WSBH swaps the bytes of each halfword: a byte swap, then the halves back. */
static bool lift_wsbh(struct lift_ctx *c, const struct mips_insn *in)
{
    if (in->rd != 0) {
        ir_val_t t = ir_unop(c->b, IR_BSWAP, lift_gpr(c, in->rt));
        lift_set_gpr(c, in->rd, ir_binop(c->b, IR_ROTR, t, lift_k(c, 16)));
    }
    return true;
}

/* clang-format off */
static bool (*const alu_special[MIPS_OP_COUNT])(struct lift_ctx *, const struct mips_insn *) = {
    [MIPS_OP_ADDI] = lift_addi, [MIPS_OP_LUI] = lift_lui,   [MIPS_OP_MOVZ] = lift_movz,
    [MIPS_OP_MOVN] = lift_movn, [MIPS_OP_ADD] = lift_add,   [MIPS_OP_SUB] = lift_sub,
    [MIPS_OP_NOR] = lift_nor,   [MIPS_OP_CLO] = lift_clo,   [MIPS_OP_EXT] = lift_ext,
    [MIPS_OP_INS] = lift_ins,   [MIPS_OP_WSBH] = lift_wsbh,
};
/* clang-format on */

bool lift_alu(struct lift_ctx *c, const struct mips_insn *in)
{
    if (alu_simple[in->op].kind != K_NONE) {
        lift_simple(c, in, &alu_simple[in->op]);
        return true;
    }
    return alu_special[in->op] && alu_special[in->op](c, in);
}
