/* frontend/lift_mem.c — lifts the plain GPR loads and stores (LB, LBU, LH,
 * LHU, LW, SB, SH, SW) to IR_LOAD/IR_STORE, and PREF/SYNC to nothing (no-ops in
 * interp_mem.c too). Alignment and translation faults are the memory path's
 * (the ir_target callbacks use softmmu/memory.h); a faulting load writes no
 * register. LWL/LWR/SWL/SWR, LL/SC, CACHE and SYNCI go through the
 * interpreter.
 */
#include "frontend/lift_class.h"

struct access {
    uint8_t mem; /* size | IR_MEM_SIGNED */
    bool store;
};

static const struct access accesses[MIPS_OP_COUNT] = {
    [MIPS_OP_LB] = {1 | IR_MEM_SIGNED, false},
    [MIPS_OP_LH] = {2 | IR_MEM_SIGNED, false},
    [MIPS_OP_LW] = {4, false},
    [MIPS_OP_LBU] = {1, false},
    [MIPS_OP_LHU] = {2, false},
    [MIPS_OP_SB] = {1, true},
    [MIPS_OP_SH] = {2, true},
    [MIPS_OP_SW] = {4, true},
};

bool lift_mem(struct lift_ctx *c, const struct mips_insn *in)
{
    if (in->op == MIPS_OP_PREF || in->op == MIPS_OP_SYNC) return true;
    const struct access *a = &accesses[in->op];
    if (!a->mem) return false;
    unsigned flags = a->mem | c->mem_order;
    ir_val_t base = lift_gpr(c, in->rs);
    if (a->store) {
        ir_store(c->b, base, in->imm, lift_gpr(c, in->rt), flags, c->pc, c->pc_flags, c->icount);
        return true;
    }
    /* A load into $zero still accesses memory: it may fault. */
    ir_val_t v = ir_load(c->b, base, in->imm, flags, c->pc, c->pc_flags, c->icount);
    lift_set_gpr(c, in->rt, v);
    return true;
}
