/* frontend/fpu.c — TEMPORARY placeholder: the fpu helper replaces this file. */
#include "frontend/fpu.h"

#include "core/cpu.h"

bool fpu_condition(const struct cpu *cpu, unsigned cc)
{
    unsigned bit = cc == 0 ? 23 : 24 + cc;
    return (cpu->fcsr >> bit) & 1;
}
