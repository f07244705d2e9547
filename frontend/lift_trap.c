/* frontend/lift_trap.c — lifts the conditional traps (TEQ..TNE, TEQI..TNEI)
 * to an IR_RAISE_IF of Trap (interp_trap.c's semantics: the unsigned
 * immediate forms compare with the sign-extended immediate taken as
 * unsigned). SYSCALL, BREAK and SDBBP always raise: they go through the
 * interpreter as block-ending calls.
 */
#include "frontend/lift_class.h"

struct trap_kind {
    bool valid;
    uint8_t cond; /* enum ir_cond: trap when cond(rs, operand) */
    bool immediate;
};

static const struct trap_kind traps[MIPS_OP_COUNT] = {
    [MIPS_OP_TGE] = {true, IR_GE, false}, [MIPS_OP_TGEU] = {true, IR_GEU, false},
    [MIPS_OP_TLT] = {true, IR_LT, false}, [MIPS_OP_TLTU] = {true, IR_LTU, false},
    [MIPS_OP_TEQ] = {true, IR_EQ, false}, [MIPS_OP_TNE] = {true, IR_NE, false},
    [MIPS_OP_TGEI] = {true, IR_GE, true}, [MIPS_OP_TGEIU] = {true, IR_GEU, true},
    [MIPS_OP_TLTI] = {true, IR_LT, true}, [MIPS_OP_TLTIU] = {true, IR_LTU, true},
    [MIPS_OP_TEQI] = {true, IR_EQ, true}, [MIPS_OP_TNEI] = {true, IR_NE, true},
};

bool lift_trap(struct lift_ctx *c, const struct mips_insn *in)
{
    const struct trap_kind *k = &traps[in->op];
    if (!k->valid) return false;
    ir_val_t y = k->immediate ? lift_k(c, (uint32_t)in->imm) : lift_gpr(c, in->rt);
    ir_val_t t = ir_setcond(c->b, (enum ir_cond)k->cond, lift_gpr(c, in->rs), y);
    ir_raise_if(c->b, t, &lift_helper_raise, EXC_TR, c->pc, c->pc_flags, c->icount);
    return true;
}
