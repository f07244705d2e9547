/* frontend/lift_movci.c — lifts MOVF/MOVT (the GPR moves on an FPU condition
 * code, SPECIAL function MOVCI) inline: rd = cc test ? rs : rd, a select on
 * one FCSR bit. interp_alu.c's op_movf/op_movt stay the definition; they were
 * the hottest instruction left on the interpreter fallback (sqlite3 runs
 * ~270k of them: GCC's soft branches on FP compares).
 *
 * Status.CU1 is a block mode flag (core/jit.c), so the interpreter's CU1
 * check (interp.c NEEDS_CP1, before anything else) is decided at lift time,
 * as lift_fpu.c does. FCSR is declared with lift_fpu.c's I64 view over
 * FCSR and FIR too, so the two overlap and the IR never caches FCSR across
 * the FPU helpers that write it.
 */
#include <stddef.h>

#include "frontend/lift_class.h"

/* FCSR as lift_fpu.c declares it (both views, same offsets and names). */
static ir_val_t fcsr(struct lift_ctx *c)
{
    ir_global(c->b, IR_I64, offsetof(struct cpu, fcsr), "fcsr.fir");
    return ir_global(c->b, IR_I32, offsetof(struct cpu, fcsr), "fcsr");
}

bool lift_movci(struct lift_ctx *c, const struct mips_insn *in)
{
    if (in->op != MIPS_OP_MOVF && in->op != MIPS_OP_MOVT) return false;
    if (!(c->cpu->cp0[CP0_STATUS][0] & ST_CU1)) {
        ir_raise_if(c->b, lift_k(c, 1), &lift_helper_raise_cpu, 1, c->pc, c->pc_flags, c->icount);
        return true;
    }
    /* fpu.c fpu_condition: cc 0 is FCSR bit 23, cc n > 0 is bit 24 + n. */
    ir_val_t bit = ir_extract(c->b, fcsr(c), in->cc ? 24u + in->cc : 23u, 1);
    ir_val_t cond = in->op == MIPS_OP_MOVT ? bit : ir_setcond(c->b, IR_EQ, bit, lift_k(c, 0));
    if (in->rd != 0)
        lift_set_gpr(c, in->rd, ir_select(c->b, cond, lift_gpr(c, in->rs), lift_gpr(c, in->rd)));
    return true;
}
