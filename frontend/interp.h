/* frontend/interp.h — the reference interpreter: executes decoded MIPS32R2
 * instructions directly on struct cpu. It is the oracle every other engine is
 * checked against, so it follows the manual's pseudocode, not speed.
 *
 *   while (interp_step(cpu)) ...;          // stops at the first exception
 *   if (cpu->exc.code != EXC_NONE) cpu_enter_exception(cpu);   // system mode
 */
#ifndef TERN_FRONTEND_INTERP_H
#define TERN_FRONTEND_INTERP_H

#include <stdbool.h>

#include "frontend/insn.h"

struct cpu;

/* Executes the instruction at cpu->pc, including delay-slot sequencing (a branch
 * leaves in_delay set; its delay slot, executed by the next call, moves pc to
 * the target). Returns true when it retired; false when it raised an exception,
 * which is recorded in cpu->exc with pc (and in_delay) at the faulting
 * instruction. */
bool interp_step(struct cpu *cpu);

/* Executes an already decoded instruction as if fetched at cpu->pc; same
 * contract as interp_step(). Used by engines that decode themselves. */
bool interp_exec(struct cpu *cpu, const struct mips_insn *in);

/* Where the delay slot of the branch br at pc leads, read from the
 * registers as they are now: its target when taken, else pc + 8. Valid
 * while the slot has not completed (its operands and fcsr as the branch saw
 * them); the translator recovers delay_target with it when a slot raises
 * (frontend/lift_target.c). False when br is not a branch. */
bool interp_delay_target(const struct cpu *cpu, const struct mips_insn *br, uint32_t pc,
                         uint32_t *target);

/* The COP1/COP1X part (frontend/interp_fpu.c): every INSN_FPU operation except
 * the BC1* branches and the GPR MOVF/MOVT. The caller has checked Status.CU1.
 * Returns false with the exception recorded (FPE, RI, memory faults). */
bool interp_fpu(struct cpu *cpu, const struct mips_insn *in);

#endif
