/* frontend/lift_target.h — how the translator reaches a MIPS struct cpu: the
 * translator/target.h description for blocks made by frontend/lift.c.
 */
#ifndef TERN_FRONTEND_LIFT_TARGET_H
#define TERN_FRONTEND_LIFT_TARGET_H

#include "translator/target.h"

struct cpu;

/* Fills t for cpu: offsets of pc/icount/exit_request, restore() from (pc,
 * LIFT_PC_DELAY_SLOT flags), memory callbacks on softmmu/memory.h, and
 * flat_base = cpu->guest_base (NULL in system mode). */
void mips_ir_target(struct cpu *cpu, struct ir_target *t);

#endif
