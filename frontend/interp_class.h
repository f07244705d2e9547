/* frontend/interp_class.h — private to the interpreter: the contract between
 * interp.c (dispatch, coprocessor checks, delay-slot sequencing) and the files
 * that execute one instruction class each (interp_alu.c, interp_muldiv.c,
 * interp_branch.c, interp_mem.c, interp_trap.c, interp_system.c).
 *
 * A class function executes one instruction of its class at cpu->pc. On an
 * exception it records it (cpu_exception*) and returns false having changed
 * nothing architectural. On success it returns true and may redirect control
 * through *flow, which interp.c prefilled with "continue at the next
 * instruction"; interp.c then commits pc/in_delay and counts the instruction.
 */
#ifndef TERN_FRONTEND_INTERP_CLASS_H
#define TERN_FRONTEND_INTERP_CLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/cpu.h"
#include "frontend/insn.h"

/* Where control goes after the instruction. */
struct interp_flow {
    uint32_t next_pc; /* the next instruction to execute */
    bool delay; /* the instruction at next_pc is a delay slot ... */
    uint32_t target; /* ... after which control goes here */
};

/* Writes a GPR; writes to $zero vanish (Vol. I 2.x: r0 is hardwired to 0). */
static inline void interp_set_gpr(struct cpu *cpu, unsigned reg, uint32_t value)
{
    if (reg != 0)
        cpu->gpr[reg] = value;
}

/* Arithmetic, logic, shifts, compares, conditional moves, bit-field ops. */
bool interp_alu(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow);

/* HI/LO: multiply, multiply-accumulate, divide, MUL, MFHI/MTHI/MFLO/MTLO. */
bool interp_muldiv(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow);

/* Branches, branch-likely, jumps and BC1F/BC1T(L); sets up the delay slot. */
bool interp_branch(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow);

/* GPR loads and stores, LWL/LWR/SWL/SWR, LL/SC, CACHE, PREF, SYNC, SYNCI. */
bool interp_mem(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow);

/* Conditional traps, SYSCALL, BREAK, SDBBP: they only raise exceptions. */
bool interp_trap(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow);

/* CP0 moves, ERET/DERET, WAIT, DI/EI, shadow-set moves, TLB ops, RDHWR. */
bool interp_system(struct cpu *cpu, const struct mips_insn *in, struct interp_flow *flow);

#endif
