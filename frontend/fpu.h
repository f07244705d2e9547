/* frontend/fpu.h — FPU semantics shared by the interpreter and the JIT's helpers.
 * TEMPORARY placeholder: the fpu helper replaces this file. */
#ifndef TERN_FRONTEND_FPU_H
#define TERN_FRONTEND_FPU_H

#include <stdbool.h>

struct cpu;

/* The FPU condition code cc (0..7) from FCSR. */
bool fpu_condition(const struct cpu *cpu, unsigned cc);

#endif
