/* frontend/interp_fpu.c — TEMPORARY placeholder: the fpu helper replaces this file. */
#include "core/cpu.h"
#include "frontend/interp.h"

bool interp_fpu(struct cpu *cpu, const struct mips_insn *in)
{
    (void)in;
    return !cpu_exception(cpu, EXC_RI);
}
