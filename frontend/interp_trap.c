/* frontend/interp_trap.c — the interpreter's exception-raising class: the
 * conditional traps (TEQ..TNE and their immediate forms), SYSCALL, BREAK and
 * SDBBP. See interp_class.h. The exception leaves pc at the instruction; user
 * mode and the guest's handler decide where execution resumes.
 *
 * Decisions where the manual leaves room:
 * - SDBBP raises Reserved Instruction. It belongs to EJTAG, which tern does
 *   not implement (Config1.EP = 0); QEMU instead enters its debug mode, which
 *   tern has no equivalent of, and Linux never issues SDBBP.
 */
#include "frontend/interp_class.h"

enum trap_compare { TRAP_EQ, TRAP_NE, TRAP_GE, TRAP_GEU, TRAP_LT, TRAP_LTU };

struct trap_kind {
    bool valid;
    uint8_t compare; /* enum trap_compare */
    bool immediate; /* the second operand is the sign-extended immediate */
};

static const struct trap_kind trap_kinds[MIPS_OP_COUNT] = {
    [MIPS_OP_TGE] = {true, TRAP_GE, false},  [MIPS_OP_TGEU] = {true, TRAP_GEU, false},
    [MIPS_OP_TLT] = {true, TRAP_LT, false},  [MIPS_OP_TLTU] = {true, TRAP_LTU, false},
    [MIPS_OP_TEQ] = {true, TRAP_EQ, false},  [MIPS_OP_TNE] = {true, TRAP_NE, false},
    [MIPS_OP_TGEI] = {true, TRAP_GE, true},  [MIPS_OP_TGEIU] = {true, TRAP_GEU, true},
    [MIPS_OP_TLTI] = {true, TRAP_LT, true},  [MIPS_OP_TLTIU] = {true, TRAP_LTU, true},
    [MIPS_OP_TEQI] = {true, TRAP_EQ, true},  [MIPS_OP_TNEI] = {true, TRAP_NE, true},
};

static bool compare_holds(unsigned compare, uint32_t a, uint32_t b)
{
    switch (compare) {
    case TRAP_EQ:
        return a == b;
    case TRAP_NE:
        return a != b;
    case TRAP_GE:
        return (int32_t)a >= (int32_t)b;
    case TRAP_GEU:
        return a >= b;
    case TRAP_LT:
        return (int32_t)a < (int32_t)b;
    default:
        return a < b;
    }
}

/* The unsigned immediate forms (TGEIU, TLTIU) compare against the
 * sign-extended immediate taken as unsigned, like SLTIU. */
static bool op_trap(struct cpu *cpu, const struct mips_insn *in, const struct trap_kind *k)
{
    uint32_t b = k->immediate ? (uint32_t)in->imm : cpu->gpr[in->rt];
    if (compare_holds(k->compare, cpu->gpr[in->rs], b))
        return !cpu_exception(cpu, EXC_TR);
    return true;
}

bool interp_trap(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow)
{
    (void)flow;
    switch (in->op) {
    case MIPS_OP_SYSCALL:
        return !cpu_exception(cpu, EXC_SYS);
    case MIPS_OP_BREAK:
        return !cpu_exception(cpu, EXC_BP);
    case MIPS_OP_SDBBP:
        return !cpu_exception(cpu, EXC_RI);
    default:
        if (!trap_kinds[in->op].valid)
            return !cpu_exception(cpu, EXC_RI);
        return op_trap(cpu, in, &trap_kinds[in->op]);
    }
}
