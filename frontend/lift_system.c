/* frontend/lift_system.c — lifts RDHWR $29 (UserLocal), the TLS pointer read
 * glibc does on every errno/TLS access, inline. Every other RDHWR register,
 * and RDHWR on a CPU without Config3.ULRI, goes through the interpreter
 * (interp_system.c, whose permission rule this mirrors exactly).
 *
 * Permission (Vol. II RDHWR; interp_system.c op_rdhwr): readable in kernel
 * mode, with Status.CU0, or with HWREna bit 29; else Reserved Instruction.
 * Kernel/user is part of a block's mode flags (core/jit.c jit_mode_flags), so
 * kernel mode is decided when lifting; Config3 is read-only (cp0.c), so ULRI
 * is too. CU0 and HWREna can change between runs of a block: user-mode
 * blocks test them at run time (an IR_RAISE_IF of RI).
 */
#include <stddef.h>

#include "frontend/cp0.h"
#include "frontend/lift_class.h"

#define HWR_USERLOCAL 29u

_Static_assert(offsetof(struct cpu, cp0[CP0_STATUS][0]) < 0x10000u &&
                   offsetof(struct cpu, cp0[CP0_CONTEXT][2]) < 0x10000u &&
                   offsetof(struct cpu, cp0[CP0_HWRENA][0]) < 0x10000u,
               "IR global offsets are 16 bits");

static ir_val_t cp0_global(struct lift_ctx *c, unsigned reg, unsigned sel, const char *name)
{
    return ir_global(c->b, IR_I32, offsetof(struct cpu, cp0[reg][sel]), name);
}

/* User mode: raise RI unless Status.CU0 or HWREna.UL is set. */
static void check_user_access(struct lift_ctx *c)
{
    ir_val_t cu0 =
        ir_binop(c->b, IR_AND, cp0_global(c, CP0_STATUS, 0, "status"), lift_k(c, ST_CU0));
    ir_val_t ul = ir_binop(c->b, IR_AND, cp0_global(c, CP0_HWRENA, 0, "hwrena"),
                           lift_k(c, 1u << HWR_USERLOCAL));
    ir_val_t denied = ir_setcond(c->b, IR_EQ, ir_binop(c->b, IR_OR, cu0, ul), lift_k(c, 0));
    ir_raise_if(c->b, denied, &lift_helper_raise, EXC_RI, c->pc, c->pc_flags, c->icount);
}

bool lift_system(struct lift_ctx *c, const struct mips_insn *in)
{
    if (in->op != MIPS_OP_RDHWR || (in->rd & 31) != HWR_USERLOCAL) return false;
    if (!(c->cpu->cp0[CP0_CONFIG][3] & CP0_CONFIG3_ULRI)) return false;
    if (!cpu_kernel_mode(c->cpu)) check_user_access(c);
    lift_set_gpr(c, in->rt, cp0_global(c, CP0_CONTEXT, 2, "userlocal"));
    return true;
}
